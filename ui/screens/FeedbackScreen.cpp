#include "screens/FeedbackScreen.h"

#include <wx/intl.h>

#include <algorithm>

#include "GroupStyle.h"
#include "Translations.h"
#include "domain/FeatureCatalog.h"
#include "feedback/Outbox.h"
#include "feedback/SlipCode.h"
#include "log/Log.h"
#include "screens/FeedbackText.h"
#include "screens/GroupInfoScreen.h"
#include "widgets/TextField.h"
#include "widgets/TileButton.h"
#include "widgets/TouchButton.h"

namespace kiosk::ui {

FeedbackScreen::FeedbackScreen(wxWindow* parent, const ScreenContext& context, std::optional<ReportLookup> scanned)
    : Screen(parent, context, "group:feedback") {
    const auto& info = FeatureCatalog::get(GroupId::Feedback);
    const auto& theme = ctx_.theme;
    auto* column = new wxBoxSizer(wxVERTICAL);
    column->Add(makeTitleRow(tr(info.name), info.icon, makePinButton(this, ctx_, GroupId::Feedback)), 0,
                wxEXPAND | wxLEFT | wxRIGHT | wxTOP, margin());
    auto* body = makeBody();
    body_ = body;
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
    content->Add(makeText(body, _("Follow a report with its slip"), FontRole::Heading, textWidth_), 0, wxTOP,
                 theme.px(16));
    content->Add(makeText(body, _("Type the tracking code (e.g. PA-26743-7K3M-Q9R) or the 1022 number printed on your "
                                  "slip, from any ward kiosk."),
                          FontRole::Body, textWidth_, Theme::mutedText()),
                 0, wxBOTTOM, theme.px(8));
    auto* lookupRow = new wxBoxSizer(wxHORIZONTAL);
    code_ = makeTextField(body, theme, FieldKind::Text, _("Tracking code or 1022 number"), "feedback-code", "PA-");
    code_->SetMinSize(wxSize(std::min(textWidth_ / 2, theme.textPx(440)), code_->GetMinSize().y));
    code_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { lookUp(); });
    auto* find = new TouchButton(body, theme, _("Look up"), "search", TouchButton::Style::Secondary, "feedback-lookup");
    find->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { lookUp(); });
    lookupRow->Add(code_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, theme.gap());
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
    resultSlot_ = new wxBoxSizer(wxVERTICAL);
    content->Add(resultSlot_, 0, wxBOTTOM, theme.px(8));

    content->Add(makeText(body, _("You can also call the 1022 hotline, day and night, or tell the staff at the reception "
                                  "desk."),
                          FontRole::Body, textWidth_, Theme::mutedText()),
                 0, wxTOP, theme.px(8));

    fillBody(body, content);
    addBody(column, body);
    SetSizer(column);
    if (scanned) {
        const auto& key = scanned->key;
        code_->ChangeValue(utf8(key.serviceRequestId.empty() ? key.trackingCode : key.serviceRequestId));
        show(*scanned);
    }
}

void FeedbackScreen::say(const wxString& text, bool problem) {
    lookupResult_->SetForegroundColour(problem ? Theme::bad() : Theme::text());
    lookupResult_->SetLabel(text);
    lookupResult_->Wrap(textWidth_);
    body_->FitInside();
    Layout();
}

void FeedbackScreen::show(const ReportLookup& found) {
    if (cityCard_) {
        cityCard_->Destroy();
        cityCard_ = nullptr;
    }
    using Kind = ReportLookup::Kind;
    switch (found.kind) {
        case Kind::Here:
            ctx_.navigator.openPage(GroupId::Feedback, "report", found.report->id);
            return;
        case Kind::SavedElsewhere: {
            const auto ward = ctx_.kiosk.wards.find(found.wardCode);
            if (ward)
                say(wxString::Format(_("This report was saved at the kiosk of the People's Committee of %s and had no "
                                       "1022 number when this slip was printed. Please follow it at that kiosk, or "
                                       "call 1022 and give the tracking code %s."),
                                     utf8(ward->fullName), utf8(found.key.trackingCode)),
                    false);
            else
                say(wxString::Format(_("This report was saved at another kiosk and had no 1022 number when this slip "
                                       "was printed. Please follow it at the kiosk where it was sent, or call 1022 and "
                                       "give the tracking code %s."),
                                     utf8(found.key.trackingCode)),
                    false);
            return;
        }
        case Kind::NotAtCity:
            say(wxString::Format(_("The 1022 system has no report with the number %s. Please check the number on your "
                                   "slip, or call 1022."),
                                 utf8(found.key.serviceRequestId)),
                true);
            return;
        case Kind::Unreachable:
            log::get("feedback")->warn("slip lookup: the city could not be asked ({})", found.detail);
            say(_("The 1022 system cannot be reached right now. Please try again in a few minutes, or call 1022."), true);
            return;
        case Kind::City: break;
    }
    // Filed from another kiosk: what the city says, and never who sent it.
    const auto& s = found.status;
    say(s.status == "closed" ? _("The city has closed this report. If the problem is still there, you can send a new "
                                 "report.")
                             : _("The city has this report and is dealing with it."),
        false);
    std::vector<wxString> facts;
    facts.push_back(s.status == "closed" ? _("Status at the city: closed") : _("Status at the city: open"));
    if (!s.serviceName.empty()) facts.push_back(wxString::Format(_("Kind of problem: %s"), utf8(s.serviceName)));
    if (!s.agencyResponsible.empty())
        facts.push_back(wxString::Format(_("Handled by: %s"), utf8(s.agencyResponsible)));
    if (!s.statusNotes.empty()) facts.push_back(wxString::Format(_("The city's note: %s"), utf8(s.statusNotes)));
    if (const auto day = formatDay(s.expectedAt); !day.empty())
        facts.push_back(wxString::Format(_("Expected to be done by: %s"), day));
    if (const auto when = formatWhen(s.updatedAt); !when.empty())
        facts.push_back(wxString::Format(_("Last updated by the city: %s"), when));
    facts.push_back(_("Sent from another kiosk: the sender's name and phone number are not shown."));
    auto* card = makeCard(body_, wxString::Format(_("Report %s in the 1022 system"), utf8(s.serviceRequestId)), facts,
                          textWidth_, s.status == "closed" ? "check" : "clock");
    card->SetName("feedback-city-status");
    resultSlot_->Add(card, 0);
    cityCard_ = card;
    body_->FitInside();
    Layout();
    // A scanned slip lands here with the answer below the tiles: bring the field, the sentence
    // and the card into view rather than leave them under the fold.
    CallAfter([this] {
        if (!cityCard_) return;
        int unitX = 0, unitY = 0;
        body_->GetScrollPixelsPerUnit(&unitX, &unitY);
        const wxRect visible(wxPoint(0, 0), body_->GetClientSize());
        const wxRect shown = cityCard_->GetRect();  // in the body's visible coordinates
        if (unitY <= 0 || shown.GetBottom() <= visible.GetBottom()) return;
        const wxPoint field = body_->CalcUnscrolledPosition(code_->GetPosition());
        body_->Scroll(-1, std::max(0, (field.y - ctx_.theme.px(16)) / unitY));
    });
}

void FeedbackScreen::lookUp() {
    if (cityCard_) {
        cityCard_->Destroy();
        cityCard_ = nullptr;
    }
    const auto typed = readTypedReportCode(code_->GetValue().utf8_string());
    using Kind = TypedReportCode::Kind;
    switch (typed.kind) {
        case Kind::Empty:
            say(_("Please type the tracking code or the 1022 number from your slip."), true);
            return;
        case Kind::BadTrackingCode:
            say(_("This tracking code is not right. Please check it: it looks like PA-26743-7K3M-Q9R."), true);
            return;
        case Kind::Invalid:
            say(_("This is neither a tracking code nor a 1022 number. Please check it."), true);
            return;
        default: break;
    }
    say(typed.key.serviceRequestId.empty() ? _("Looking it up...") : _("Asking the 1022 system..."), false);
    // This outbox first; the city on the service's network thread: the UI thread never waits.
    auto onFound = ctx_.dispatcher.bind<ReportLookup>(this, [this](ReportLookup found) { show(found); });
    ctx_.kiosk.feedback().lookUp(typed.key, onFound);
}

}  // namespace kiosk::ui
