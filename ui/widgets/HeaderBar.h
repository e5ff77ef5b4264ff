#pragma once
#include <wx/panel.h>
#include <wx/stattext.h>
#include <wx/statbmp.h>
#include <wx/timer.h>

#include <chrono>
#include <ctime>
#include <functional>
#include <optional>

#include "Theme.h"
#include "net/ConnectivityMonitor.h"

namespace kiosk::ui {

class TouchButton;

// The band at the top of every screen: the ward, the time, whether the city is reachable, and
// the settings a resident may change for their visit: language, text size and contrast.
class HeaderBar : public wxPanel {
public:
    struct Actions {
        std::function<void()> toggleLanguage;
        std::function<void()> toggleTextSize;  // normal → large → extra large → normal
        std::function<void()> toggleContrast;
        std::function<void()> logout;  // "Not you? Log out", shown while a resident is logged in
    };

    // `residentName`: the logged-in resident, greeted by name; empty when nobody is logged in.
    HeaderBar(wxWindow* parent, const Theme& theme, const wxString& wardName, Language language, NetState net,
              Actions actions, const wxString& residentName = {});

    void setNetState(NetState state);
    // When the directories were last refreshed from the city (nullopt: only the data the kiosk
    // was shipped with). Shown under the network sign, so a resident who sees "No network"
    // also sees how recent the answers are.
    void setDataSyncedAt(std::optional<std::chrono::system_clock::time_point> when);

private:
    void updateClock();
    void updateDataAge(std::time_t nowSeconds);
    void layoutRows(const wxString& wardName, Language language, const wxString& residentName);

    const Theme& theme_;
    Actions actions_;
    wxStaticText* time_ = nullptr;
    wxStaticText* date_ = nullptr;
    wxStaticText* netLabel_ = nullptr;
    wxStaticBitmap* netIcon_ = nullptr;
    wxString netText_;  // the first line of netLabel_; the second is the data's age
    std::optional<std::chrono::system_clock::time_point> dataSyncedAt_;
    wxTimer clock_;
};

// "Thứ Sáu, 27/11/2026" in the current language (exposed for tests).
wxString formatDate(const std::tm& when);
// What the header clock shows at `now`: "14:15", city time (UTC+7) whatever the machine's zone.
wxString formatClock(std::chrono::system_clock::time_point now);
// Today's date in the header's words, city time.
wxString formatCityDate(std::chrono::system_clock::time_point now);
// "Dữ liệu cập nhật 5 phút trước" / "… lúc 08:30" / "Dữ liệu ngày 25/11/2026" / "Dữ liệu lưu trên máy"
// (exposed for tests). Times are city time (UTC+7), as every other time on screen.
wxString formatDataAge(std::optional<std::chrono::system_clock::time_point> syncedAt, std::time_t now);

}  // namespace kiosk::ui
