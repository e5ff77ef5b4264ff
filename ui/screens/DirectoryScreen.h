#pragma once
#include <wx/textctrl.h>
#include <wx/wrapsizer.h>

#include <cstdint>
#include <functional>

#include "directory/DirectoryService.h"
#include "screens/Screen.h"

namespace kiosk::ui {

class TouchButton;

// A group's offline directory: a search box that searches as the resident types (accents
// optional), filter buttons (school level, facility type, places or events), and the results
// as large cards, 20 at a time. Every query runs on the directory's worker thread.
class DirectoryScreen : public Screen {
public:
    // Content shown above the results while nothing is typed or filtered (e.g. the emergency
    // numbers on the agencies screen). It gets the scrolling body and the width to fill.
    using IntroFactory = std::function<wxWindow*(wxWindow* body, int width)>;

    DirectoryScreen(wxWindow* parent, const ScreenContext& context, GroupId group, IntroFactory intro = {});

private:
    void runSearch(bool nextPage);
    void showPage(const DirectoryPage& page, const std::string& error, bool append);
    void showFacets(const DirectoryFacets& facets);
    void selectFilter(const std::string& value);
    wxString factsLine(const DirectoryEntry& entry) const;

    GroupId group_;
    int channel_;
    std::uint64_t generation_ = 0;
    int offset_ = 0;
    std::string filterKey_;
    std::string filterValue_;
    bool filterIsKind_ = false;
    bool onlyThisWard_ = false;
    wxTextCtrl* search_ = nullptr;
    wxWrapSizer* filters_ = nullptr;
    // With the on-screen keyboard up (or large text on a small screen) the title and the
    // filter chips step aside so that results keep at least two rows of room (issue 18).
    // Shown in their place while compact: the group's name in the search hint, and a "Filter"
    // button that brings the chips back on request.
    void compactFor(int height);
    bool compact_ = false;
    bool chipsOpen_ = false;
    wxString hint_;
    wxString compactHint_;
    TouchButton* filterToggle_ = nullptr;
    wxStaticText* status_ = nullptr;
    wxStaticText* info_ = nullptr;
    wxScrolledWindow* results_ = nullptr;
    wxBoxSizer* resultList_ = nullptr;
    TouchButton* more_ = nullptr;
    wxWindow* intro_ = nullptr;
};

}  // namespace kiosk::ui
