#include "printing/Slip.h"

#include <cstdio>
#include <ctime>

#include "core/CityTime.h"
#include "core/IsoTime.h"
#include "feedback/SlipCode.h"
#include "i18n/Gettext.h"
#include "scan/CccdQr.h"

namespace kiosk {
namespace {
bool cityTime(std::chrono::system_clock::time_point when, std::tm& out) {
    const auto at = cityCalendar(when);
    if (at) out = *at;
    return at.has_value();
}

std::string twoDigits(int value) {
    char text[16];
    std::snprintf(text, sizeof text, "%02d", value % 100);
    return text;
}

std::string dayText(const std::tm& at) {
    return twoDigits(at.tm_mday) + "/" + twoDigits(at.tm_mon + 1) + "/" + std::to_string(at.tm_year + 1900);
}

std::string stateWords(const OutboxReport& report, const Translate& tr) {
    switch (report.state) {
        case ReportState::Queued:
        case ReportState::Sending: return tr(N_("Saved on this kiosk, to be sent to 1022 when the network is back"));
        case ReportState::Token: return tr(N_("Sent to 1022, waiting for its number"));
        case ReportState::Refused: return tr(N_("Not accepted yet: it needs a correction at the kiosk"));
        case ReportState::Filed: break;
    }
    if (report.tracked.status == "closed") return tr(N_("Closed by the city"));
    return tr(N_("Received by the 1022 system, being handled"));
}

std::string nextStepWords(const OutboxReport& report, const Translate& tr) {
    switch (report.state) {
        case ReportState::Queued:
        case ReportState::Sending:
            return tr(N_("The kiosk sends your report by itself as soon as it can reach the city. You do not need "
                         "to come back for that."));
        case ReportState::Token:
            return tr(N_("The 1022 system has your report and will give it a number shortly."));
        case ReportState::Refused:
            return tr(N_("Bring this slip to the kiosk: scan the code, correct what the city asked for and send it "
                         "again."));
        case ReportState::Filed: break;
    }
    if (report.tracked.status == "closed")
        return tr(N_("The city says the problem has been dealt with. If it has not, scan this code at the kiosk and "
                     "report it again."));
    if (const auto day = cityDate(report.tracked.expectedAt); !day.empty())
        return fillIn(tr(N_("The agency in charge is expected to deal with it by %s. Scan this code at the kiosk to "
                            "see its answer.")),
                      {day});
    return tr(N_("The agency in charge will answer through the 1022 system. Scan this code at the kiosk to see its "
                 "answer."));
}

std::string dossierStatusWords(dossier::Status status, const Translate& tr) {
    using dossier::Status;
    switch (status) {
        case Status::Received: return tr(N_("Received"));
        case Status::Processing: return tr(N_("Being processed"));
        case Status::Supplement: return tr(N_("More documents are needed"));
        case Status::Completed: return tr(N_("The result is ready"));
        case Status::Returned: return tr(N_("The result has been handed over"));
        case Status::Rejected: return tr(N_("Not granted"));
        case Status::Other: break;
    }
    return tr(N_("Ask at the one-stop desk"));
}

void addFact(Slip& slip, const Translate& tr, const char* label, const std::string& value) {
    if (!value.empty()) slip.facts.emplace_back(tr(label), value);
}

Slip commonParts(const SlipSetting& setting) {
    const auto& tr = setting.translate;
    Slip slip;
    slip.header = fillIn(tr(N_("People's Committee of %s")), {setting.wardName});
    slip.subheader = tr(N_("Digital Citizen kiosk"));
    slip.printedAt = fillIn(tr(N_("Printed on %s")), {cityDateTime(setting.now)});
    slip.lookupTitle = tr(N_("To follow it"));
    return slip;
}
}  // namespace

void Slip::setHolder(const std::string& label, const std::string& name, const std::string& citizenId) {
    holder.clear();
    if (name.empty() && citizenId.empty()) return;
    holder = label + ": " + name;
    if (!citizenId.empty()) {
        const std::string masked = scan::maskCitizenId(citizenId);
        holder += (name.empty() ? "" : " - ") + std::string("CCCD ") + (masked.empty() ? "***" : masked);
    }
}

std::vector<std::string> Slip::lines() const {
    std::vector<std::string> all{header, subheader, title, codeLabel, code, printedAt};
    for (const auto& [label, value] : facts) all.push_back(label + ": " + value);
    if (!holder.empty()) all.push_back(holder);
    all.push_back(nextSteps);
    all.push_back(lookupTitle);
    all.insert(all.end(), lookup.begin(), lookup.end());
    all.push_back(privacy);
    if (!note.empty()) all.push_back(note);
    return all;
}

Slip feedbackSlip(const OutboxReport& report, const SlipSetting& setting) {
    const auto& tr = setting.translate;
    Slip slip = commonParts(setting);
    slip.title = tr(N_("FEEDBACK TRACKING SLIP"));
    slip.codeLabel = tr(N_("Tracking code"));
    slip.code = report.trackingCode;
    // Once the city has an id, the QR holds it too: any kiosk can then ask the city (OPEN311.md, "Slips").
    slip.qrText = slipPayload(report.trackingCode, report.serviceRequestId);
    addFact(slip, tr, N_("Kind of problem"), report.draft.serviceName);
    addFact(slip, tr, N_("Saved"), cityDateTime(report.createdAt));
    addFact(slip, tr, N_("Status"), stateWords(report, tr));
    addFact(slip, tr, N_("Number in the 1022 system"), report.serviceRequestId);
    addFact(slip, tr, N_("Handled by"), report.tracked.agencyResponsible);
    addFact(slip, tr, N_("Expected by"), cityDate(report.tracked.expectedAt));
    // No name and no phone number: a lost slip must not tie a person to a complaint.
    slip.nextSteps = nextStepWords(report, tr);
    if (!report.serviceRequestId.empty()) {
        slip.lookup.push_back(fillIn(tr(N_("Scan the QR code, or type the 1022 number %s, at any ward kiosk.")),
                                     {report.serviceRequestId}));
        slip.lookup.push_back(fillIn(tr(N_("Call %s and give the tracking code or the 1022 number.")), {setting.hotline}));
    } else {
        // Until the city has it, only this kiosk knows the report: say so, and where.
        const bool waiting = report.state == ReportState::Queued || report.state == ReportState::Sending;
        slip.lookup.push_back(fillIn(waiting ? tr(N_("Waiting to be sent: follow it at the kiosk of the People's "
                                                     "Committee of %s (where this slip was printed), from now on."))
                                             : tr(N_("Until it has a 1022 number, follow it at the kiosk of the People's "
                                                     "Committee of %s (where this slip was printed).")),
                                     {setting.wardName}));
        slip.lookup.push_back(tr(N_("Other ward kiosks can show it once it has a 1022 number: after it is sent, print a "
                                    "new slip at this kiosk.")));
        slip.lookup.push_back(fillIn(tr(N_("Call %s and give the tracking code.")), {setting.hotline}));
    }
    if (!setting.feedbackWeb.empty())
        slip.lookup.push_back(fillIn(tr(N_("On the web: %s")), {setting.feedbackWeb}));
    slip.privacy = tr(N_("This slip shows no name and no phone number. Anyone holding it can see this report's status: keep it "
                         "safe."));
    return slip;
}

Slip dossierSlip(const dossier::Dossier& d, const SlipSetting& setting) {
    const auto& tr = setting.translate;
    Slip slip = commonParts(setting);
    slip.title = tr(N_("DOSSIER STATUS SLIP"));
    slip.codeLabel = tr(N_("Dossier code"));
    slip.code = d.code;
    slip.qrText = d.code;
    slip.lookup.push_back(tr(N_("Scan the QR code at any ward kiosk.")));
    addFact(slip, tr, N_("Procedure"), d.procedure);
    addFact(slip, tr, N_("Status"), dossierStatusWords(d.status, tr));
    if (d.status != dossier::Status::Other) addFact(slip, tr, N_("Current step"), d.step);
    addFact(slip, tr, N_("Handled by"), d.agency);
    addFact(slip, tr, N_("Received"), cityDate(d.receivedAt));
    addFact(slip, tr, N_("Result promised for"), cityDate(d.appointmentAt));
    addFact(slip, tr, N_("Completed"), cityDate(d.completedAt));
    switch (d.status) {
        case dossier::Status::Completed:
            slip.nextSteps = tr(N_("Bring your appointment receipt and your citizen ID card to the one-stop desk to "
                                   "collect the result."));
            break;
        case dossier::Status::Supplement:
            slip.nextSteps = tr(N_("Please bring the missing documents to the one-stop desk; the staff there will "
                                   "tell you which."));
            break;
        case dossier::Status::Returned:
        case dossier::Status::Rejected:
            slip.nextSteps = tr(N_("This dossier is finished. Ask at the one-stop desk if anything is unclear."));
            break;
        default:
            if (const auto day = cityDate(d.appointmentAt); !day.empty())
                slip.nextSteps = fillIn(tr(N_("The result is promised for %s. Scan this code at the kiosk before "
                                              "you come, to be sure it is ready.")),
                                        {day});
            else
                slip.nextSteps = tr(N_("Scan this code at the kiosk to see when the result is ready."));
    }
    slip.lookup.push_back(fillIn(tr(N_("Call %s and give the dossier code.")), {setting.hotline}));
    if (!setting.dossierWeb.empty()) slip.lookup.push_back(fillIn(tr(N_("On the web: %s")), {setting.dossierWeb}));
    slip.privacy = tr(N_("This slip shows no citizen ID number. Anyone holding it can see this dossier's status: keep "
                         "it safe."));
    return slip;
}

std::string cityDateTime(std::chrono::system_clock::time_point when) {
    std::tm at{};
    if (!cityTime(when, at)) return {};
    return dayText(at) + " " + twoDigits(at.tm_hour) + ":" + twoDigits(at.tm_min);
}

std::string cityDateTime(const std::string& iso) {
    const auto when = parseIso8601(iso);
    return when ? cityDateTime(*when) : std::string();
}

std::string cityDate(const std::string& iso) {
    const auto when = parseIso8601(iso);
    std::tm at{};
    if (!when || !cityTime(*when, at)) return {};
    return dayText(at);
}

std::string fillIn(const std::string& pattern, const std::vector<std::string>& args) {
    std::string out;
    out.reserve(pattern.size() + 32);
    std::size_t next = 0;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '%' && i + 1 < pattern.size() && pattern[i + 1] == 's') {
            if (next < args.size()) out += args[next];
            ++next;
            ++i;
        } else {
            out += pattern[i];
        }
    }
    return out;
}

}  // namespace kiosk
