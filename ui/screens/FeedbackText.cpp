#include "screens/FeedbackText.h"

#include <wx/intl.h>

#include <ctime>

#include "Translations.h"
#include "core/CityTime.h"
#include "core/IsoTime.h"

namespace kiosk::ui {
namespace {
// Ho Chi Minh City time (UTC+7 all year), whatever zone the machine is set to: a date on a
// receipt or an appointment is the city's.
bool localTime(const std::string& iso, std::tm& out) {
    const auto when = parseIso8601(iso);
    if (!when) return false;
    const auto at = cityCalendar(*when);
    if (at) out = *at;
    return at.has_value();
}
}  // namespace

wxString formatWhen(const std::string& iso) {
    std::tm at{};
    if (!localTime(iso, at)) return {};
    // TRANSLATORS: a date and time: day/month/year hours:minutes.
    return wxString::Format(_("%02d/%02d/%d %02d:%02d"), at.tm_mday, at.tm_mon + 1, at.tm_year + 1900, at.tm_hour,
                            at.tm_min);
}

wxString formatDay(const std::string& iso) {
    std::tm at{};
    if (!localTime(iso, at)) return {};
    return wxString::Format("%02d/%02d/%d", at.tm_mday, at.tm_mon + 1, at.tm_year + 1900);
}

wxString reportHeadline(const OutboxReport& report, NetState net) {
    switch (report.state) {
        case ReportState::Queued:
        case ReportState::Sending:
            if (net == NetState::Offline) return _("Saved - it will be sent when the network is back");
            // Online, but the city's endpoint is failing (5xx, timeouts): the same promise.
            if (report.failures > 0) return _("Saved - it will be sent when the 1022 system answers again");
            return _("Saved - sending to the 1022 system...");
        case ReportState::Token: return _("Received by the 1022 system - waiting for its number");
        case ReportState::Refused: return _("The 1022 system could not accept this report as it is");
        case ReportState::Filed: break;
    }
    if (report.verdict == "fixed") return _("Resolved - you confirmed it is fixed");
    if (report.verdict == "reopened") return _("Closed - you reported it again");
    if (report.tracked.status == "closed") return _("Closed by the city - is it fixed?");
    if (!report.tracked.agencyResponsible.empty()) return _("Being handled");
    return _("Sent to the 1022 system");
}

std::string reportIcon(const OutboxReport& report) {
    switch (report.state) {
        case ReportState::Refused: return "warning";
        case ReportState::Filed: return report.tracked.status == "closed" && report.verdict.empty() ? "info" : "check";
        default: return "clock";
    }
}

wxString reportNextStep(const OutboxReport& report, NetState net) {
    switch (report.state) {
        case ReportState::Queued:
        case ReportState::Sending:
            if (net == NetState::Offline || report.failures > 0)
                return _("Your report is stored safely on this kiosk. It is sent to the city's 1022 system by itself as "
                         "soon as it can be reached; you do not need to do anything.");
            return _("Your report is stored safely on this kiosk and is being sent to the city's 1022 system.");
        case ReportState::Token:
            return _("The 1022 system has your report and will give it a number shortly. You can follow it with your "
                     "tracking code.");
        case ReportState::Refused:
            return _("Please correct what is shown below and send it again, or ask the staff at the reception desk "
                     "for help.");
        case ReportState::Filed: break;
    }
    if (report.verdict == "fixed") return _("Thank you for confirming. The report is finished.");
    if (report.verdict == "reopened") return _("A new report linked to this one was sent to the city.");
    if (report.tracked.status == "closed")
        return _("The city has closed this report. Closed does not always mean fixed: tell us whether the problem "
                 "is really solved.");
    return _("The city's 1022 system has your report. The ward or the agency in charge will handle it; the status "
             "here is updated by itself.");
}

wxString fieldErrorText(const open311::FieldError& error) {
    if (error.code == 0) return wxGetTranslation(utf8(error.description));
    // The city names the field by its code ("LANDMARK: …"): residents read its description.
    const std::string words = open311::residentWords(error);
    // TRANSLATORS: %s is the reason given by the city's 1022 system, in its own words.
    return wxString::Format(_("The 1022 system says: %s"), utf8(words));
}

}  // namespace kiosk::ui
