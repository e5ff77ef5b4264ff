#pragma once
#include <wx/scrolwin.h>

#include <string>
#include <vector>

#include "feedback/Outbox.h"
#include "screens/Screen.h"

namespace kiosk::ui {

// "Phản ánh của tôi": the reports the logged-in resident sent from this kiosk, newest first,
// each with where it is and what the city last said; those the city changed since the
// resident last looked are marked as new. Opening the screen asks the city for fresh statuses
// (off the UI thread) and lists again when they arrive. Without a login it offers one.
class MyReportsScreen : public Screen {
public:
    MyReportsScreen(wxWindow* parent, const ScreenContext& context);
    void feedbackChanged() override;

private:
    void load();
    void show(const std::vector<OutboxReport>& reports);

    wxScrolledWindow* body_ = nullptr;
    std::string account_;
    bool seenMarked_ = false;
    std::vector<std::string> newOnes_;  // tracking codes marked new when the screen opened
};

}  // namespace kiosk::ui
