#pragma once
#include <wx/textctrl.h>

#include "screens/Screen.h"

namespace kiosk::ui {

// "Phản ánh kiến nghị": write a new report to the city's 1022 system (or go on with one
// half-written), see "Phản ánh của tôi" (after a VNeID login), or look a report up by the
// tracking code on its receipt.
class FeedbackScreen : public Screen {
public:
    FeedbackScreen(wxWindow* parent, const ScreenContext& context);

private:
    void lookUp();

    wxTextCtrl* code_ = nullptr;
    wxStaticText* lookupResult_ = nullptr;
    int textWidth_ = 0;
};

}  // namespace kiosk::ui
