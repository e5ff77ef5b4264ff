#include "screens/DossierRatingScreen.h"

#include <wx/intl.h>
#include <wx/statbmp.h>

#include <algorithm>

#include "IconCache.h"
#include "Translations.h"
#include "feedback/Rating.h"
#include "log/Log.h"
#include "widgets/TextField.h"
#include "widgets/TouchButton.h"

namespace kiosk::ui {

DossierRatingScreen* DossierRatingScreen::shown_ = nullptr;

namespace {
// The national scale in its own order, most satisfied first.
struct Level {
    int value;
    const char* name;  // widget name
};
constexpr Level kLevels[] = {{5, "rate-5"}, {4, "rate-4"}, {3, "rate-3"}, {2, "rate-2"}, {1, "rate-1"}};

wxString levelText(int level) {
    switch (level) {
        case 5: return _("Very satisfied");
        case 4: return _("Satisfied");
        case 3: return _("Neither satisfied nor dissatisfied");
        case 2: return _("Dissatisfied");
        case 1: return _("Very dissatisfied");
    }
    return {};
}

std::size_t characters(const wxString& text) {
    return checkRatingComment(text.utf8_string()).characters;
}
}  // namespace

DossierRatingScreen::DossierRatingScreen(wxWindow* parent, const ScreenContext& context)
    : Screen(parent, context, "dossier:rate") {
    shown_ = this;
    auto* column = new wxBoxSizer(wxVERTICAL);
    column->Add(makeTitleRow(_("Rate your satisfaction"), "group-public_services"), 0,
                wxEXPAND | wxLEFT | wxRIGHT | wxTOP, margin());
    body_ = makeBody();
    addBody(column, body_);
    SetSizer(column);
    build();
}

DossierRatingScreen::~DossierRatingScreen() {
    if (shown_ == this) shown_ = nullptr;
}

void DossierRatingScreen::build() {
    const auto& theme = ctx_.theme;
    const int width = std::min(bodyWidth(), theme.px(1500));
    Freeze();
    body_->DestroyChildren();
    auto* content = new wxBoxSizer(wxVERTICAL);
    const auto* rating = ctx_.session.rating();
    if (!rating) {
        // Reached without a dossier (e.g. after the idle wipe): nothing to rate.
        content->Add(makeText(body_, _("Please look up your dossier first."), FontRole::Body, width), 0);
    } else {
        // Which dossier, in two lines rather than a card: the answers should fit on the screen
        // without scrolling, also with large text.
        auto* procedure = makeText(body_, utf8(rating->procedure), FontRole::Heading, width);
        procedure->SetName("rate-dossier");
        content->Add(procedure, 0, wxBOTTOM, theme.px(4));
        wxString facts = wxString::Format(_("Dossier code: %s"), utf8(rating->code));
        if (!rating->agency.empty()) facts += wxString::FromUTF8("   ·   ") + wxString::Format(_("Handled by: %s"), utf8(rating->agency));
        content->Add(makeText(body_, facts, FontRole::Body, width, Theme::mutedText()), 0, wxBOTTOM, theme.px(20));
        if (rating->stage.empty()) buildChoosing(content, width);
        else buildDone(content, width);
    }
    fillBody(body_, content);
    Layout();
    Thaw();
}

void DossierRatingScreen::buildChoosing(wxSizer* content, int width) {
    const auto& theme = ctx_.theme;
    auto* rating = ctx_.session.rating();
    auto* question = makeText(body_, _("How satisfied are you with how this dossier was handled? Touch one answer."),
                              FontRole::Heading, width);
    content->Add(question, 0, wxBOTTOM, theme.px(16));
    // Landscape: the answers on the left, the comment and Send beside them, so that all of it
    // is on the screen at once; portrait: one under the other.
    const bool portrait = theme.portrait();
    const int gap = theme.px(40);
    const int levelWidth = portrait ? std::min(width, theme.textPx(720)) : std::min(width * 2 / 5, theme.textPx(640));
    const int rightWidth = portrait ? width : width - levelWidth - gap;
    auto* row = new wxBoxSizer(portrait ? wxVERTICAL : wxHORIZONTAL);
    auto* levels = new wxBoxSizer(wxVERTICAL);
    levels->SetMinSize(wxSize(levelWidth, -1));
    auto* message = makeText(body_, wxEmptyString, FontRole::Body, rightWidth, Theme::bad());
    message->SetName("rate-message");
    message->Hide();
    std::vector<TouchButton*> buttons;
    for (const auto& level : kLevels) {
        const bool chosen = rating->level == level.value;
        auto* button = new TouchButton(body_, theme, levelText(level.value), chosen ? "check" : "",
                                       TouchButton::Style::Toggle, level.name);
        button->setChecked(chosen);
        buttons.push_back(button);
        levels->Add(button, 0, wxEXPAND | wxBOTTOM, theme.px(12));
    }
    for (std::size_t i = 0; i < buttons.size(); ++i) {
        buttons[i]->Bind(wxEVT_BUTTON, [this, buttons, i, message](wxCommandEvent&) {
            auto* r = ctx_.session.rating();
            if (!r) return;
            r->level = kLevels[i].value;
            // The choice is shown by a tick as well as the fill: not by colour alone.
            for (std::size_t j = 0; j < buttons.size(); ++j) {
                buttons[j]->setChecked(j == i);
                buttons[j]->setLabel(levelText(kLevels[j].value), j == i ? "check" : "");
            }
            message->Hide();
            Layout();
            body_->FitInside();
        });
    }
    row->Add(levels, 0, portrait ? wxBOTTOM : wxRIGHT, theme.px(portrait ? 16 : 40));

    auto* right = new wxBoxSizer(wxVERTICAL);
    right->Add(makeText(body_, _("Your comment (you may leave it empty)"), FontRole::Body, rightWidth), 0, wxBOTTOM,
               theme.px(8));
    auto* comment = makeTextField(body_, theme, FieldKind::Text, _("Your comment (you may leave it empty)"),
                                  "rate-comment", {}, 3);
    comment->SetMinSize(wxSize(rightWidth, comment->GetMinSize().y));
    comment->ChangeValue(utf8(rating->comment));
    auto* counter = makeText(body_, wxEmptyString, FontRole::Body, rightWidth, Theme::mutedText());
    counter->SetName("rate-comment-count");
    auto count = [comment, counter] {
        const auto length = characters(comment->GetValue());
        counter->SetLabel(wxString::Format(_("%d of %d characters"), static_cast<int>(length),
                                           static_cast<int>(kMaxRatingCommentChars)));
        counter->SetForegroundColour(length > kMaxRatingCommentChars ? Theme::bad() : Theme::mutedText());
    };
    count();
    comment->Bind(wxEVT_TEXT, [this, comment, count](wxCommandEvent&) {
        if (auto* r = ctx_.session.rating()) r->comment = comment->GetValue().utf8_string();
        count();
    });
    right->Add(comment, 0, wxBOTTOM, theme.px(4));
    right->Add(counter, 0, wxBOTTOM, theme.px(20));
    auto* sendButton = new TouchButton(body_, theme, _("Send rating"), {}, TouchButton::Style::Primary, "rate-send");
    sendButton->Bind(wxEVT_BUTTON, [this, message, rightWidth](wxCommandEvent&) {
        const auto* r = ctx_.session.rating();
        if (!r) return;
        wxString problem;
        if (r->level == 0) problem = _("Please touch one of the five answers first.");
        else if (checkRatingComment(r->comment).tooLong)
            problem = wxString::Format(_("The comment is too long: please keep it to %d characters."),
                                       static_cast<int>(kMaxRatingCommentChars));
        if (!problem.empty()) {
            message->SetLabel(problem);
            message->Wrap(rightWidth);
            message->Show();
            Layout();
            body_->FitInside();
            return;
        }
        send();
    });
    sendButton->SetMinSize(wxSize(std::max(sendButton->GetBestSize().x, theme.textPx(320)), sendButton->GetBestSize().y));
    right->Add(sendButton, 0, wxBOTTOM, theme.px(12));
    right->Add(message, 0, wxBOTTOM, theme.px(12));  // under Send: the button does not move away from the finger
    row->Add(right, 0);
    content->Add(row, 0, wxBOTTOM, theme.px(12));
}

void DossierRatingScreen::send() {
    auto* rating = ctx_.session.rating();
    if (!rating || !rating->stage.empty()) return;
    rating->stage = "saving";
    RatingDraft draft{rating->code, rating->level, rating->comment};
    Session& session = ctx_.session;
    const auto generation = session.generation();
    const std::string code = rating->code;
    // Bound to the shell's window, not this screen: the answer is the resident's even if the
    // screen was rebuilt meanwhile (text size, language).
    wxWindow* shell = wxGetTopLevelParent(this);
    auto onSaved = ctx_.dispatcher.bind<FeedbackService::RatingSaved>(
        shell, [&session, generation](FeedbackService::RatingSaved result) { saved(session, generation, result); });
    auto onTried = ctx_.dispatcher.bind<std::optional<RatingOutcome>>(
        shell, [&session, generation, code](std::optional<RatingOutcome> outcome) {
            tried(session, generation, code, outcome);
        });
    ctx_.kiosk.feedback().rate(std::move(draft), onSaved, onTried);
    CallAfter([this] { build(); });  // not here: the button being pressed would be destroyed under its handler
}

void DossierRatingScreen::saved(Session& session, std::uint64_t generation, const FeedbackService::RatingSaved& result) {
    auto* rating = session.rating();
    if (session.generation() != generation || !rating || rating->stage != "saving") return;
    if (!result.rating) {
        log::get("feedback")->error("a dossier rating was not saved: {}", result.error);
        rating->stage = "unsaved";
    } else {
        rating->stage = "sending";
    }
    if (shown_) shown_->build();
}

void DossierRatingScreen::tried(Session& session, std::uint64_t generation, const std::string& code,
                                const std::optional<RatingOutcome>& outcome) {
    auto* rating = session.rating();
    if (session.generation() != generation || !rating || rating->code != code || rating->stage != "sending") return;
    using Kind = RatingAnswer::Kind;
    if (!outcome || outcome->deferred || outcome->result == Kind::Retry) rating->stage = "waiting";
    else if (outcome->result == Kind::Sent) rating->stage = "sent";
    else if (outcome->result == Kind::AlreadyRated) rating->stage = "already";
    else rating->stage = "refused";
    if (rating->stage == "refused") {
        for (const auto& error : outcome->errors) rating->refusal.push_back(error.description);
    } else {
        session.noteRated(code);
    }
    if (shown_) shown_->build();
}

void DossierRatingScreen::buildDone(wxSizer* content, int width) {
    const auto& theme = ctx_.theme;
    const auto* rating = ctx_.session.rating();
    const std::string& stage = rating->stage;
    wxString headline = _("Thank you for your rating.");
    wxString status;
    wxColour colour = Theme::text();
    std::string icon = "check";
    if (stage == "saving" || stage == "sending") {
        status = _("Sending your rating...");
        colour = Theme::mutedText();
        icon = "clock";
    } else if (stage == "sent") {
        status = _("Your rating has been sent to the public service portal.");
    } else if (stage == "waiting") {
        status = _("Saved - it will be sent when the network is back");
        icon = "clock";
    } else if (stage == "already") {
        status = _("This dossier had already been rated, so your rating was not counted again.");
        icon = "info";
    } else if (stage == "refused") {
        headline = _("The public service portal did not accept this rating.");
        icon = "warning";
        colour = Theme::bad();
    } else {
        headline = _("Your rating could not be saved on this kiosk. Please tell the staff at the one-stop desk.");
        icon = "warning";
        colour = Theme::bad();
    }
    // The icon says it too (a tick, a clock, a warning sign): not colour alone.
    auto* heading = new wxBoxSizer(wxHORIZONTAL);
    const int iconSize = theme.textPx(56);
    heading->Add(new wxStaticBitmap(body_, wxID_ANY, IconCache::bitmap(icon, iconSize)), 0,
                 wxALIGN_CENTER_VERTICAL | wxRIGHT, theme.px(16));
    auto* title = makeText(body_, headline, FontRole::Heading, width - iconSize - theme.px(16));
    title->SetName("rate-thanks");
    heading->Add(title, 1, wxALIGN_CENTER_VERTICAL);
    content->Add(heading, 0, wxBOTTOM, theme.px(12));
    if (!status.empty()) {
        auto* line = makeText(body_, status, FontRole::Heading, width, colour);
        line->SetName("rate-status");
        content->Add(line, 0, wxBOTTOM, theme.px(12));
    }
    for (const auto& why : rating->refusal) {
        auto* text = makeText(body_, utf8(why), FontRole::Body, width, Theme::bad());
        text->SetName("rate-refusal");
        content->Add(text, 0, wxBOTTOM, theme.px(8));
    }
    // What they chose, unless it did not count (refused, already rated, or not saved).
    if (rating->level >= kMinRatingLevel && stage != "refused" && stage != "unsaved" && stage != "already") {
        content->Add(makeText(body_, wxString::Format(_("Your answer: %s"), levelText(rating->level)), FontRole::Body,
                              width),
                     0, wxBOTTOM, theme.px(20));
    }
    auto* done = new TouchButton(body_, theme, _("Back to the dossier"), {}, TouchButton::Style::Primary,
                                 "rate-done");
    done->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { ctx_.navigator.goBack(); });
    content->Add(done, 0, wxTOP, theme.px(8));
}

}  // namespace kiosk::ui
