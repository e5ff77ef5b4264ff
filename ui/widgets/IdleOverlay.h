#pragma once
#include <wx/dialog.h>
#include <wx/stattext.h>

#include <functional>

#include "Theme.h"

namespace kiosk::ui {

// The idle warning: "Are you still there?" with the seconds left and one big button. It is a
// non-modal, frameless window over the shell; any touch (caught by the app) cancels it.
class IdleOverlay : public wxDialog {
public:
    IdleOverlay(wxWindow* parent, const Theme& theme, std::function<void()> onContinue);
    void showCountdown(int secondsLeft);

private:
    const Theme& theme_;
    wxStaticText* message_ = nullptr;
    int shownSeconds_ = -1;
};

}  // namespace kiosk::ui
