#pragma once
#include <wx/scrolwin.h>

#include <optional>

#include "feedback/FeedbackService.h"
#include "screens/Screen.h"

namespace kiosk::ui {

// "Đánh giá sự hài lòng": the national five-level rating of a completed dossier, opened from
// its card on the lookup screen. Five large buttons with the levels in words (the chosen one
// filled and ticked), an optional comment with its counter, "Gửi đánh giá"; then a thank-you
// that says plainly whether the rating was sent or saved to be sent when the network is back.
// Everything is in the Session (rebuilding the screen, or the idle wipe, keeps or clears it);
// the outbox and the portal are reached only through FeedbackService's threads.
class DossierRatingScreen : public Screen {
public:
    DossierRatingScreen(wxWindow* parent, const ScreenContext& context);
    ~DossierRatingScreen() override;

private:
    void build();
    void buildChoosing(wxSizer* content, int width);
    void buildDone(wxSizer* content, int width);
    void send();
    // The service's answers reach the Session even when this screen is gone, and the screen
    // showing the rating then, if any.
    static void saved(Session& session, std::uint64_t generation, const FeedbackService::RatingSaved& result);
    static void tried(Session& session, std::uint64_t generation, const std::string& code,
                      const std::optional<RatingOutcome>& outcome);
    static DossierRatingScreen* shown_;

    wxScrolledWindow* body_ = nullptr;
};

}  // namespace kiosk::ui
