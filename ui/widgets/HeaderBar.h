#pragma once
#include <wx/panel.h>
#include <wx/stattext.h>
#include <wx/statbmp.h>
#include <wx/timer.h>

#include <ctime>
#include <functional>

#include "Theme.h"
#include "net/ConnectivityMonitor.h"

namespace kiosk::ui {

class TouchButton;

// The band at the top of every screen: the ward, the time, whether the city is reachable, and
// the two settings a resident may change for their visit: language and text size.
class HeaderBar : public wxPanel {
public:
    struct Actions {
        std::function<void()> toggleLanguage;
        std::function<void()> toggleTextSize;
    };

    HeaderBar(wxWindow* parent, const Theme& theme, const wxString& wardName, Language language, NetState net,
              Actions actions);

    void setNetState(NetState state);

private:
    void updateClock();
    void layoutRows(const wxString& wardName, Language language);

    const Theme& theme_;
    Actions actions_;
    wxStaticText* time_ = nullptr;
    wxStaticText* date_ = nullptr;
    wxStaticText* netLabel_ = nullptr;
    wxStaticBitmap* netIcon_ = nullptr;
    wxTimer clock_;
};

// "Thứ Sáu, 27/11/2026" in the current language (exposed for tests).
wxString formatDate(const std::tm& when);

}  // namespace kiosk::ui
