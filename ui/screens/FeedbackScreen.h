#pragma once
#include <wx/textctrl.h>

#include <optional>

#include "feedback/FeedbackService.h"
#include "screens/Screen.h"

namespace kiosk::ui {

// "Phản ánh kiến nghị": write a new report to the city's 1022 system (or go on with one
// half-written), see "Phản ánh của tôi" (after a VNeID login), or look a report up by the
// tracking code on its receipt, or by the 1022 number printed on it: a slip of any kiosk of the
// city (OPEN311.md, "Slips"). `scanned`: a slip read by the scanner that is not in this kiosk's
// outbox, already looked up by the shell: its answer is shown at once.
class FeedbackScreen : public Screen {
public:
    FeedbackScreen(wxWindow* parent, const ScreenContext& context, std::optional<ReportLookup> scanned = {});

private:
    void lookUp();
    // The answer for a slip: this kiosk's report opens; anything else is said under the field.
    void show(const ReportLookup& found);
    void say(const wxString& text, bool problem);

    wxScrolledWindow* body_ = nullptr;
    wxTextCtrl* code_ = nullptr;
    wxStaticText* lookupResult_ = nullptr;
    wxSizer* resultSlot_ = nullptr;   // holds the city's answer card, when there is one
    wxWindow* cityCard_ = nullptr;
    int textWidth_ = 0;
};

}  // namespace kiosk::ui
