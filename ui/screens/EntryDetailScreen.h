#pragma once
#include <cstdint>

#include "directory/DirectoryEntry.h"
#include "screens/Screen.h"

namespace kiosk::ui {

// Everything the directory knows about one entry: every field, when and where the data comes
// from, and a QR code that hands name, address, phone and a map link to the resident's phone
// (with the same text printed beside it). Procedures also show their steps, documents,
// channels with time and fees, and legal basis.
class EntryDetailScreen : public Screen {
public:
    EntryDetailScreen(wxWindow* parent, const ScreenContext& context, GroupId group, std::int64_t id);

private:
    void show(const DirectoryEntry& entry);
    void addField(wxWindow* parent, wxSizer* sizer, const wxString& label, const wxString& value, int width);
    void addList(wxWindow* parent, wxSizer* sizer, const wxString& heading, const std::vector<wxString>& items,
                 int width, bool numbered);

    GroupId group_;
    wxStaticText* loading_ = nullptr;
};

}  // namespace kiosk::ui
