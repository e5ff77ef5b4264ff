#include "screens/FeedbackScreen.h"

#include <wx/intl.h>

#include "GroupStyle.h"
#include "Translations.h"
#include "domain/FeatureCatalog.h"
#include "feedback/Outbox.h"
#include "screens/GroupInfoScreen.h"
#include "widgets/TextField.h"
#include "widgets/TileButton.h"
#include "widgets/TouchButton.h"

namespace kiosk::ui {

FeedbackScreen::FeedbackScreen(wxWindow* parent, const ScreenContext& context)
    : Screen(parent, context, "group:feedback") {
    const auto& info = FeatureCatalog::get(GroupId::Feedback);
    const auto& theme = ctx_.theme;
    auto* column = new wxBoxSizer(wxVERTICAL);
    column->Add(makeTitleRow(tr(info.name), info.icon, makePinButton(this, ctx_, GroupId::Feedback)), 0,
                wxEXPAND | wxLEFT | wxRIGHT | wxTOP, margin());
    auto* body = makeBody();
    auto* content = new wxBoxSizer(wxVERTICAL);
    const int width = bodyWidth();
    textWidth_ = std::min(width, theme.px(1400));
    content->Add(makeText(body, tr(info.summary), FontRole::Body, textWidth_), 0, wxBOTTOM, theme.px(24));

    // The two things most residents come for, as big tiles.
    const bool drafting = ctx_.session.compose() != nullptr;
    const int gap = theme.px(24);
    const bool sideBySide = !theme.portrait();
    const int tileWidth = std::min(sideBySide ? (width - gap) / 2 : width, theme.textPx(560));
    const int tileHeight = theme.textPx(220);
    auto* tiles = new wxBoxSizer(sideBySide ? wxHORIZONTAL : wxVERTICAL);
    auto* write = new TileButton(body, theme, drafting ? _("Continue your report") : _("Send a new report"), "report-new",
                                 groupColour(GroupId::Feedback), "feedback-new");
    write->SetMinSize(wxSize(tileWidth, tileHeight));
    write->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (!ctx_.session.compose()) ctx_.session.startCompose();
        ctx_.navigator.openPage(GroupId::Feedback, "compose");
    });
    auto* mine = new TileButton(body, theme, _("My reports"), "report-list", groupColour(GroupId::Feedback), "feedback-mine");
    mine->SetMinSize(wxSize(tileWidth, tileHeight));
    mine->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { ctx_.navigator.openPage(GroupId::Feedback, "mine"); });
    tiles->Add(write, 0, sideBySide ? wxRIGHT : wxBOTTOM, gap);
    tiles->Add(mine, 0);
    content->Add(tiles, 0, wxBOTTOM, theme.px(16));
    if (drafting) {
        auto* restart = new TouchButton(body, theme, _("Discard it and start a new report"), {},
                                        TouchButton::Style::Secondary, "feedback-discard");
        restart->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
            ctx_.session.startCompose();
            ctx_.navigator.openPage(GroupId::Feedback, "compose");
        });
        content->Add(restart, 0, wxBOTTOM, theme.px(16));
    }

    // Coming back with a receipt.
    content->Add(makeText(body, _("Follow a report with its tracking code"), FontRole::Heading, textWidth_), 0,
                 wxTOP, theme.px(16));
    content->Add(makeText(body, _("The code is on your receipt, e.g. PA-7K3M-Q9R."), FontRole::Body, textWidth_,
                          Theme::mutedText()),
                 0, wxBOTTOM, theme.px(8));
    auto* lookupRow = new wxBoxSizer(wxHORIZONTAL);
    code_ = makeTextField(body, theme, FieldKind::Text, _("Tracking code"), "feedback-code", "PA-");
    code_->SetMinSize(wxSize(std::min(textWidth_ / 2, theme.textPx(440)), code_->GetMinSize().y));
    code_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { lookUp(); });
    auto* find = new TouchButton(body, theme, _("Look up"), "search", TouchButton::Style::Secondary, "feedback-lookup");
    find->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { lookUp(); });
    lookupRow->Add(code_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, theme.px(16));
    lookupRow->Add(find, 0, wxALIGN_CENTER_VERTICAL);
    if (!ctx_.kiosk.config.scanner.camera.empty()) {
        auto* scan = new TouchButton(body, theme, _("Scan a code"), "step-scan", TouchButton::Style::Secondary, "feedback-scan");
        scan->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { ctx_.navigator.openPage(GroupId::Feedback, "scan"); });
        // Beside the field where it fits, else on a line of its own (portrait, large text).
        if (lookupRow->CalcMin().x + theme.px(16) + scan->GetBestSize().x <= textWidth_) {
            lookupRow->Add(scan, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, theme.px(16));
        } else {
            content->Add(lookupRow, 0, wxBOTTOM, theme.px(8));
            lookupRow = new wxBoxSizer(wxHORIZONTAL);
            lookupRow->Add(scan, 0);
        }
    }
    content->Add(lookupRow, 0, wxBOTTOM, theme.px(8));
    lookupResult_ = makeText(body, wxEmptyString, FontRole::Body, textWidth_, Theme::bad());
    lookupResult_->SetName("feedback-lookup-result");
    content->Add(lookupResult_, 0, wxBOTTOM, theme.px(16));

    content->Add(makeText(body, _("You can also call the 1022 hotline, day and night, or tell the staff at the reception "
                                  "desk."),
                          FontRole::Body, textWidth_, Theme::mutedText()),
                 0, wxTOP, theme.px(8));

    fillBody(body, content);
    column->Add(body, 1, wxEXPAND | wxTOP, theme.px(8));
    SetSizer(column);
}

void FeedbackScreen::lookUp() {
    const std::string typed = code_->GetValue().utf8_string();
    auto say = [this](const wxString& text) {
        lookupResult_->SetLabel(text);
        lookupResult_->Wrap(textWidth_);
        Layout();
    };
    if (normalizeTrackingCode(typed).empty()) {
        say(_("This is not a tracking code. Please check it: it looks like PA-7K3M-Q9R."));
        return;
    }
    say(_("Looking it up..."));
    auto onFound = ctx_.dispatcher.bind<std::optional<OutboxReport>>(this, [this, say](std::optional<OutboxReport> report) {
        if (!report) {
            say(_("No report with this code was sent from this kiosk. Reports sent elsewhere can be followed on the "
                  "1022 hotline."));
            return;
        }
        ctx_.navigator.openPage(GroupId::Feedback, "report", report->id);
    });
    ctx_.kiosk.feedback().find(typed, onFound);
}

}  // namespace kiosk::ui
