#include "screens/FeedbackReportScreen.h"

#include <wx/intl.h>
#include <wx/statbmp.h>

#include <algorithm>

#include "IconCache.h"
#include "Translations.h"
#include "feedback/ComposeRules.h"
#include "feedback/SlipCode.h"
#include "log/Log.h"
#include "printing/QrCode.h"
#include "printing/SlipJobs.h"
#include "screens/FeedbackComposeScreen.h"
#include "screens/FeedbackText.h"
#include "widgets/QrWidget.h"
#include "widgets/TouchButton.h"

namespace kiosk::ui {
namespace {
// Whether two versions of a report look the same on this screen.
bool sameOnScreen(const OutboxReport& a, const OutboxReport& b) {
    const auto& s = a.tracked;
    const auto& t = b.tracked;
    return a.state == b.state && (a.failures > 0) == (b.failures > 0) && a.serviceRequestId == b.serviceRequestId &&
           a.serviceNotice == b.serviceNotice && a.verdict == b.verdict && a.refusedErrors.size() == b.refusedErrors.size() &&
           s.status == t.status && s.statusNotes == t.statusNotes && s.agencyResponsible == t.agencyResponsible &&
           s.expectedAt == t.expectedAt && s.updatedAt == t.updatedAt;
}
}  // namespace

FeedbackReportScreen::FeedbackReportScreen(wxWindow* parent, const ScreenContext& context, std::int64_t reportId)
    : Screen(parent, context, "feedback:report"), reportId_(reportId) {
    auto* column = new wxBoxSizer(wxVERTICAL);
    column->Add(makeTitleRow(_("Your report"), "group-feedback"), 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, margin());
    body_ = makeBody();
    auto* loading = new wxBoxSizer(wxVERTICAL);
    loading->Add(makeText(body_, _("Loading..."), FontRole::Body, bodyWidth(), Theme::mutedText()), 0, wxALL, margin());
    body_->SetSizer(loading);
    addBody(column, body_);
    SetSizer(column);
    load();
}

void FeedbackReportScreen::feedbackChanged() {
    load();
}

void FeedbackReportScreen::load() {
    if (loading_) return;
    loading_ = true;
    auto onReport = ctx_.dispatcher.bind<std::optional<OutboxReport>>(this, [this](std::optional<OutboxReport> report) {
        loading_ = false;
        if (!report) {
            log::get("feedback")->warn("report {} not found in the outbox", reportId_);
            body_->DestroyChildren();
            auto* sizer = new wxBoxSizer(wxVERTICAL);
            auto* text = makeText(body_, _("This report cannot be found on this kiosk. Please ask the staff at the "
                                           "reception desk."),
                                  FontRole::Body, bodyWidth(), Theme::bad());
            text->SetName("report-missing");
            sizer->Add(text, 0, wxALL, margin());
            body_->SetSizer(sizer, true);
            Layout();
            return;
        }
        // The sender reports after every run; redraw only when something the resident sees changed.
        if (shown_ && sameOnScreen(*shown_, *report)) return;
        show(*report);
    });
    ctx_.kiosk.feedback().get(reportId_, onReport);
}

void FeedbackReportScreen::show(const OutboxReport& report) {
    shown_ = report;
    const auto& theme = ctx_.theme;
    const NetState net = ctx_.navigator.netState();
    Freeze();
    printButton_ = nullptr;
    // A redraw while the resident reads keeps the page where they scrolled it.
    int scrollX = 0, scrollY = 0;
    body_->GetViewStart(&scrollX, &scrollY);
    body_->DestroyChildren();
    const bool portrait = theme.portrait();
    const int width = bodyWidth();
    const int qrSide = std::min(portrait ? width / 2 : ctx_.area.y * 2 / 5, theme.px(420));
    auto* row = new wxBoxSizer(portrait ? wxVERTICAL : wxHORIZONTAL);

    // The code to keep: large, with its QR for a phone's camera.
    auto* slip = new wxBoxSizer(wxVERTICAL);
    const int slipWidth = portrait ? width : std::max(qrSide, theme.textPx(420));
    slip->Add(makeText(body_, _("Tracking code"), FontRole::Body, slipWidth, Theme::mutedText()), 0);
    auto* code = makeText(body_, utf8(report.trackingCode), FontRole::Huge, slipWidth, Theme::emphasis());
    code->SetName("report-code");
    slip->Add(code, 0, wxBOTTOM, theme.px(12));
    try {
        // The same payload as the printed slip: once the city has an id, any kiosk can read it.
        slip->Add(new QrWidget(body_, QrCode::encode(slipPayload(report.trackingCode, report.serviceRequestId)), qrSide,
                               "report-qr"),
                  0, wxBOTTOM, theme.px(12));
    } catch (const std::exception& error) {
        log::get("feedback")->warn("no QR code for {}: {}", report.trackingCode, error.what());
    }
    if (report.serviceRequestId.empty())
        slip->Add(makeText(body_, _("Take a photo of this code or write it down: with it you can follow your report on "
                                    "this kiosk."),
                           FontRole::Body, slipWidth),
                  0, wxBOTTOM, theme.px(16));
    else
        slip->Add(makeText(body_, wxString::Format(_("Take a photo of this code or write down the 1022 number %s: with "
                                                     "it you can follow your report at any ward kiosk."),
                                                   utf8(report.serviceRequestId)),
                           FontRole::Body, slipWidth),
                  0, wxBOTTOM, theme.px(16));
    auto* print = new TouchButton(body_, theme, printing_ ? _("Printing your slip...") : _("Print a slip"), "print",
                                  TouchButton::Style::Secondary, "report-print");
    print->Enable(!printing_);
    print->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (shown_) printSlip(*shown_);
    });
    printButton_ = print;
    slip->Add(print, 0, wxBOTTOM, theme.px(12));
    if (!printNote_.empty()) {
        // No paper came out: which desk hands the slip over, large, not small print in red.
        auto* note = makeText(body_, printNote_, printFailed_ ? FontRole::Heading : FontRole::Body, slipWidth);
        note->SetName("report-print-status");
        slip->Add(note, 0, wxBOTTOM, theme.px(12));
    }
    row->Add(slip, 0, portrait ? wxBOTTOM : wxRIGHT, theme.px(40));

    // Where it is, and what the city said.
    const int infoWidth = portrait ? width : width - slipWidth - theme.px(40);
    auto* info = new wxBoxSizer(wxVERTICAL);
    auto* heading = new wxBoxSizer(wxHORIZONTAL);
    const int iconSize = theme.textPx(56);
    heading->Add(new wxStaticBitmap(body_, wxID_ANY, IconCache::bitmap(reportIcon(report), iconSize)), 0,
                 wxALIGN_CENTER_VERTICAL | wxRIGHT, theme.px(16));
    auto* headline = makeText(body_, reportHeadline(report, net), FontRole::Heading, infoWidth - iconSize - theme.px(16));
    headline->SetName("report-headline");
    heading->Add(headline, 1, wxALIGN_CENTER_VERTICAL);
    info->Add(heading, 0, wxBOTTOM, theme.px(12));
    auto* nextStep = makeText(body_, reportNextStep(report, net), FontRole::Body, infoWidth);
    nextStep->SetName("report-next-step");
    info->Add(nextStep, 0, wxBOTTOM, theme.px(16));

    if (report.state == ReportState::Refused) {
        for (const auto& error : report.refusedErrors) {
            auto* text = makeText(body_, fieldErrorText(error), FontRole::Body, infoWidth, Theme::bad());
            text->SetName("report-refusal");
            info->Add(text, 0, wxBOTTOM, theme.px(8));
        }
    }

    // What the resident can do comes first: on a closed report it is the question asked.
    const auto& t = report.tracked;
    auto* actions = new wxBoxSizer(portrait ? wxVERTICAL : wxHORIZONTAL);
    if (report.state == ReportState::Refused) {
        auto* fix = new TouchButton(body_, theme, _("Correct and send again"), {}, TouchButton::Style::Primary,
                                    "report-amend");
        fix->Bind(wxEVT_BUTTON, [this, report](wxCommandEvent&) { amend(report); });
        actions->Add(fix, 0, wxRIGHT | wxBOTTOM, theme.px(16));
    } else if (report.state == ReportState::Filed && t.status == "closed" && report.verdict.empty()) {
        auto* fixed = new TouchButton(body_, theme, _("Yes, it is fixed"), {}, TouchButton::Style::Primary, "report-fixed");
        fixed->Bind(wxEVT_BUTTON, [this, fixed](wxCommandEvent&) {
            fixed->Enable(false);
            auto onDone = ctx_.dispatcher.bind<bool>(this, [this](bool ok) {
                if (!ok) log::get("feedback")->warn("report {} could not be confirmed fixed", reportId_);
                load();
            });
            ctx_.kiosk.feedback().confirmFixed(reportId_, onDone);
        });
        auto* again = new TouchButton(body_, theme, _("No, report it again"), {}, TouchButton::Style::Secondary,
                                      "report-reopen");
        again->Bind(wxEVT_BUTTON, [this, report](wxCommandEvent&) { reopen(report); });
        actions->Add(fixed, 0, wxRIGHT | wxBOTTOM, theme.px(16));
        actions->Add(again, 0, wxBOTTOM, theme.px(16));
    }
    info->Add(actions, 0, wxBOTTOM, theme.px(4));
    std::vector<wxString> facts;
    facts.push_back(wxString::Format(_("Kind of problem: %s"), utf8(report.draft.serviceName)));
    if (const auto when = formatWhen(report.createdAt); !when.empty())
        facts.push_back(wxString::Format(_("Saved on this kiosk: %s"), when));
    if (!report.serviceRequestId.empty())
        facts.push_back(wxString::Format(_("Number in the 1022 system: %s"), utf8(report.serviceRequestId)));
    if (!t.status.empty())
        facts.push_back(t.status == "closed" ? _("Status at the city: closed") : _("Status at the city: open"));
    if (!t.statusNotes.empty()) facts.push_back(wxString::Format(_("The city's note: %s"), utf8(t.statusNotes)));
    if (!t.agencyResponsible.empty())
        facts.push_back(wxString::Format(_("Handled by: %s"), utf8(t.agencyResponsible)));
    if (const auto day = formatDay(t.expectedAt); !day.empty())
        facts.push_back(wxString::Format(_("Expected to be done by: %s"), day));
    if (const auto when = formatWhen(t.updatedAt); !when.empty())
        facts.push_back(wxString::Format(_("Last updated by the city: %s"), when));
    if (!report.serviceNotice.empty())
        facts.push_back(wxString::Format(_("Message from the city: %s"), utf8(report.serviceNotice)));
    if (!report.draft.parentRequestId.empty())
        facts.push_back(wxString::Format(_("Continues report %s"), utf8(report.draft.parentRequestId)));
    if (report.verdict == "fixed") {
        if (const auto when = formatWhen(report.verdictAt); !when.empty())
            facts.push_back(wxString::Format(_("You confirmed it fixed on %s"), when));
    }
    auto* card = makeCard(body_, _("Details"), facts, infoWidth, "info");
    card->SetName("report-details");
    info->Add(card, 0, wxBOTTOM, theme.px(20));

    row->Add(info, 1);

    fillBody(body_, row);
    Layout();
    body_->Scroll(0, scrollY);
    Thaw();
}

void FeedbackReportScreen::printSlip(OutboxReport report) {
    // Called from the button's own handler: the page is redrawn later, never under its feet.
    if (printing_) return;
    printing_ = true;
    if (printButton_) {
        printButton_->SetLabel(_("Printing your slip..."));
        printButton_->Enable(false);
    }
    printNote_.clear();
    printFailed_ = false;
    PrintJob job;
    auto& printer = ctx_.kiosk.printer();
    try {
        job = renderSlipJob(feedbackSlip(report, slipSettingFor(ctx_.kiosk)), printer, ctx_.kiosk.config.printer);
    } catch (const std::exception& error) {
        log::get("print")->error("slip {} could not be drawn: {}", report.trackingCode, error.what());
        printing_ = false;
        printFailed_ = true;
        printNote_ = printOutcomeText(PrintResult{}, false, ctx_.kiosk.config.printer.desk);
        CallAfter([this] {
            if (shown_) show(*shown_);
        });
        return;
    }
    const bool toFile = ctx_.kiosk.config.printer.backend == "pdf";
    auto onPrinted = ctx_.dispatcher.bind<PrintResult>(this, [this, toFile](PrintResult result) {
        printing_ = false;
        printFailed_ = !result.printed || toFile;
        printNote_ = printOutcomeText(result, toFile, ctx_.kiosk.config.printer.desk);
        if (shown_) show(*shown_);
        if (printFailed_) body_->Scroll(0, 0);  // the QR code to photograph is at the top
    });
    printer.print(std::move(job), onPrinted);
}

namespace {
// A report reached by its tracking code may be someone else's: its contact details are carried
// into the new form only for the resident who sent it (logged in, or in this very session).
bool sentBy(const OutboxReport& report, const Session& session) {
    const auto& identity = session.identity();
    return session.ownsReport(report.id) ||
           (identity && !report.draft.accountId.empty() && identity->subject == report.draft.accountId);
}

open311::ReportDraft draftFor(const OutboxReport& report, const Session& session) {
    auto draft = report.draft;
    if (!sentBy(report, session)) {
        draft.firstName.clear();
        draft.lastName.clear();
        draft.phone.clear();
        draft.email.clear();
    }
    draft.accountId.clear();  // set again when it is sent, from whoever is logged in then
    return draft;
}
}  // namespace

void FeedbackReportScreen::amend(const OutboxReport& report) {
    FeedbackCompose compose;
    compose.draft = draftFor(report, ctx_.session);
    compose.amendId = report.id;
    compose.errors = report.refusedErrors;
    if (const auto& identity = ctx_.session.identity(); identity && sentBy(report, ctx_.session))
        compose.filledFor = identity->subject;  // their own details, as they left them
    compose.step = compose.errors.empty() ? FeedbackComposeScreen::kSteps - 1
                                          : FeedbackComposeScreen::stepOf(compose.errors.front().field);
    ctx_.session.startCompose(std::move(compose));
    ctx_.navigator.openPage(GroupId::Feedback, "compose");
}

void FeedbackReportScreen::reopen(const OutboxReport& report) {
    FeedbackCompose compose;
    compose.draft = draftFor(report, ctx_.session);
    compose.draft.description.clear();  // what is still wrong, in the resident's words
    compose.draft.parentRequestId.clear();
    compose.reopenId = report.id;
    compose.reopenCode = report.trackingCode;
    if (const auto& identity = ctx_.session.identity(); identity && sentBy(report, ctx_.session))
        compose.filledFor = identity->subject;  // their own details, as they left them
    compose.step = 1;
    ctx_.session.startCompose(std::move(compose));
    ctx_.navigator.openPage(GroupId::Feedback, "compose");
}

}  // namespace kiosk::ui
