#include "screens/MyReportsScreen.h"

#include <wx/intl.h>

#include <algorithm>

#include "Translations.h"
#include "log/Log.h"
#include "screens/FeedbackText.h"
#include "widgets/ResultRow.h"
#include "widgets/TouchButton.h"

namespace kiosk::ui {

MyReportsScreen::MyReportsScreen(wxWindow* parent, const ScreenContext& context)
    : Screen(parent, context, "feedback:mine") {
    const auto& theme = ctx_.theme;
    auto* column = new wxBoxSizer(wxVERTICAL);
    column->Add(makeTitleRow(_("My reports"), "report-list"), 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, margin());
    body_ = makeBody();
    addBody(column, body_);
    SetSizer(column);
    auto* content = new wxBoxSizer(wxVERTICAL);
    const int width = std::min(bodyWidth(), theme.px(1400));
    const auto& identity = ctx_.session.identity();
    if (!identity) {
        // Which reports are the resident's is known only from their VNeID login.
        auto* text = makeText(body_, _("Log in with VNeID to see the reports you sent from this kiosk and what the city "
                                       "has done about them."),
                              FontRole::Body, width);
        text->SetName("mine-login-needed");
        content->Add(text, 0, wxBOTTOM, theme.px(24));
        auto* login = new TouchButton(body_, theme, _("Log in with VNeID"), {}, TouchButton::Style::Primary, "mine-login");
        login->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { ctx_.navigator.openGroup(GroupId::Vneid); });
        content->Add(login, 0, wxBOTTOM, theme.px(24));
        content->Add(makeText(body_, _("No VNeID? Go back and type the tracking code from your receipt."), FontRole::Body,
                              width, Theme::mutedText()));
    } else {
        account_ = identity->subject;
        content->Add(makeText(body_, _("Loading your reports..."), FontRole::Body, width, Theme::mutedText()));
    }
    fillBody(body_, content);
    if (account_.empty()) return;
    load();
    // Fresh statuses from the city; the list is shown from the outbox meanwhile.
    auto onTracked = ctx_.dispatcher.bind<TrackReport>(this, [this](TrackReport report) {
        if (!report.error.empty()) log::get("feedback")->info("status refresh for My reports: {}", report.error);
        if (report.updated > 0) load();
    });
    ctx_.kiosk.feedback().refreshStatus(onTracked);
}

void MyReportsScreen::feedbackChanged() {
    if (!account_.empty()) load();
}

void MyReportsScreen::load() {
    auto onReports = ctx_.dispatcher.bind<std::vector<OutboxReport>>(this, [this](std::vector<OutboxReport> reports) {
        // What was new when the resident opened the screen stays marked while they are on it.
        for (const auto& r : reports)
            if (r.statusChanged && std::find(newOnes_.begin(), newOnes_.end(), r.trackingCode) == newOnes_.end())
                newOnes_.push_back(r.trackingCode);
        show(reports);
        if (!seenMarked_ || !newOnes_.empty()) ctx_.kiosk.feedback().markSeen(account_);
        seenMarked_ = true;
    });
    ctx_.kiosk.feedback().reportsFor(account_, onReports);
}

void MyReportsScreen::show(const std::vector<OutboxReport>& reports) {
    const auto& theme = ctx_.theme;
    const NetState net = ctx_.navigator.netState();
    const int width = std::min(bodyWidth(), theme.px(1400));
    Freeze();
    body_->DestroyChildren();
    auto* content = new wxBoxSizer(wxVERTICAL);
    if (reports.empty()) {
        auto* text = makeText(body_, _("You have not sent any report from this kiosk while logged in with VNeID."),
                              FontRole::Body, width);
        text->SetName("mine-empty");
        content->Add(text, 0, wxBOTTOM, theme.px(16));
    } else {
        const auto fresh = std::count_if(reports.begin(), reports.end(), [this](const OutboxReport& r) {
            return std::find(newOnes_.begin(), newOnes_.end(), r.trackingCode) != newOnes_.end();
        });
        wxString intro = wxString::Format(wxPLURAL("%d report sent from this kiosk.", "%d reports sent from this kiosk.",
                                                   static_cast<int>(reports.size())),
                                          static_cast<int>(reports.size()));
        if (fresh > 0)
            intro += " " + wxString::Format(wxPLURAL("%d has news from the city.", "%d have news from the city.",
                                                     static_cast<int>(fresh)),
                                            static_cast<int>(fresh));
        auto* summary = makeText(body_, intro, FontRole::Body, width);
        summary->SetName("mine-summary");
        content->Add(summary, 0, wxBOTTOM, theme.px(16));
    }
    for (const auto& report : reports) {
        wxString description = utf8(report.draft.description);
        description.Replace("\n", " ");
        if (description.length() > 120) description = description.Left(120) + wxString::FromUTF8("…");
        wxString facts = utf8(report.trackingCode) + "  " + formatDay(report.createdAt) + "  " +
                         reportHeadline(report, net);
        const bool fresh = std::find(newOnes_.begin(), newOnes_.end(), report.trackingCode) != newOnes_.end();
        if (fresh) facts = _("NEW:") + " " + facts;
        const std::int64_t id = report.id;
        auto* row = new ResultRow(body_, theme, utf8(report.draft.serviceName), description, facts, width,
                                  [this, id] { ctx_.navigator.openPage(GroupId::Feedback, "report", id); });
        row->SetName(wxString::FromUTF8("mine-" + report.trackingCode));
        content->Add(row, 0, wxBOTTOM, theme.gap());
    }
    content->Add(makeText(body_, _("Only reports sent from this kiosk while you were logged in are listed. Anonymous "
                                   "reports are not linked to you: follow them with their tracking code."),
                          FontRole::Body, width, Theme::mutedText()),
                 0, wxTOP, theme.px(8));
    fillBody(body_, content);
    Layout();
    Thaw();
}

}  // namespace kiosk::ui
