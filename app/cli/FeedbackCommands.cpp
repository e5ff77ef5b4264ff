#include "cli/FeedbackCommands.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "core/Clock.h"
#include "feedback/FeedbackSender.h"
#include "feedback/Outbox.h"
#include "log/Log.h"
#include "net/HttpClient.h"

namespace kiosk::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 64;        // EX_USAGE
constexpr int kExitDataErr = 65;      // EX_DATAERR: the city refused the report; rows not recovered
constexpr int kExitNoInput = 66;      // EX_NOINPUT: the file to recover from is not there
constexpr int kExitUnavailable = 69;  // EX_UNAVAILABLE: saved, not sent yet
constexpr int kExitCantCreat = 73;    // EX_CANTCREAT

std::shared_ptr<HttpClient> httpFor(const Config& config) {
    return std::make_shared<CurlHttpClient>(config.city, userAgentFor(config));
}

void printOutcome(const SendOutcome& outcome) {
    std::cout << "  " << outcome.trackingCode << "  ";
    switch (outcome.result) {
        case open311::SubmitAnswer::Kind::Filed: std::cout << "FILED as " << outcome.detail; break;
        case open311::SubmitAnswer::Kind::Token: std::cout << "ACCEPTED (token " << outcome.detail << "; id to come)"; break;
        case open311::SubmitAnswer::Kind::Refused: std::cout << "REFUSED: " << outcome.detail; break;
        case open311::SubmitAnswer::Kind::Retry:
            if (outcome.deferred) std::cout << "waiting (not tried: the endpoint is failing)";
            else std::cout << "KEPT: " << outcome.detail << " (retry in " << outcome.retryIn.count() << " s)";
            break;
    }
    std::cout << "\n";
}

void printOutcome(const RatingOutcome& outcome) {
    std::cout << "  rating " << outcome.id << " of " << outcome.dossierCode << "  ";
    switch (outcome.result) {
        case RatingAnswer::Kind::Sent: std::cout << "SENT as " << outcome.detail; break;
        case RatingAnswer::Kind::AlreadyRated: std::cout << "SENT (the portal had a rating for it already)"; break;
        case RatingAnswer::Kind::Refused: std::cout << "REFUSED: " << outcome.detail; break;
        case RatingAnswer::Kind::Retry:
            if (outcome.deferred) std::cout << "waiting (not tried: the portal is failing)";
            else std::cout << "KEPT: " << outcome.detail << " (retry in " << outcome.retryIn.count() << " s)";
            break;
    }
    std::cout << "\n";
}

nlohmann::json errorsJson(const std::vector<open311::FieldError>& refused) {
    nlohmann::json errors = nlohmann::json::array();
    for (const auto& e : refused) errors.push_back({{"code", e.code}, {"description", e.description}, {"field", e.field}});
    return errors;
}

// A dossier rating: the level and the resident's comment, nothing of who they are.
nlohmann::json toJson(const OutboxRating& r) {
    return {{"id", r.id},
            {"dossier_code", r.dossierCode},
            {"level", r.level},
            {"comment", r.comment},
            {"idempotency_key", r.idempotencyKey},
            {"rated_at", r.ratedAt},
            {"created_at", r.createdAt},
            {"state", std::string(toString(r.state))},
            {"rating_id", r.ratingId},
            {"already_rated", r.alreadyRated},
            {"attempts", r.attempts},
            {"next_attempt_at", r.nextAttemptAt},
            {"last_error", r.lastError},
            {"refused", errorsJson(r.refusedErrors)},
            {"sent_at", r.sentAt}};
}

std::int64_t waitingRatings(Outbox& outbox) {
    std::int64_t waiting = 0;
    for (const auto& r : outbox.ratings())
        waiting += (r.state == RatingState::Queued || r.state == RatingState::Sending) ? 1 : 0;
    return waiting;
}

nlohmann::json toJson(const OutboxReport& r) {
    nlohmann::json attributes = nlohmann::json::object();
    for (const auto& a : r.draft.attributes) attributes[a.code] = a.values;
    return {{"tracking_code", r.trackingCode},
            {"idempotency_key", r.idempotencyKey},
            {"created_at", r.createdAt},
            {"state", std::string(toString(r.state))},
            {"service_code", r.draft.serviceCode},
            {"service_name", r.draft.serviceName},
            {"description", r.draft.description},
            {"address", r.draft.address},
            {"anonymous", r.draft.anonymous},
            {"first_name", r.draft.firstName},
            {"last_name", r.draft.lastName},
            {"phone", r.draft.phone},
            {"email", r.draft.email},
            {"attributes", attributes},
            {"consent_version", r.draft.consentVersion},
            {"consent_at", r.draft.consentAt},
            {"parent_request_id", r.draft.parentRequestId},
            {"service_request_id", r.serviceRequestId},
            {"token", r.token},
            {"attempts", r.attempts},
            {"next_attempt_at", r.nextAttemptAt},
            {"last_error", r.lastError},
            {"refused", errorsJson(r.refusedErrors)},
            {"status", r.tracked.status},
            {"status_notes", r.tracked.statusNotes},
            {"account_id", r.draft.accountId},
            {"verdict", r.verdict},
            {"verdict_at", r.verdictAt}};
}

// Everything the outbox holds, for `list --json` and `export` (none when there is no outbox yet).
nlohmann::json everything(Outbox* outbox) {
    nlohmann::json reports = nlohmann::json::array();
    nlohmann::json ratings = nlohmann::json::array();
    if (outbox) {
        for (const auto& r : outbox->list()) reports.push_back(toJson(r));
        for (const auto& r : outbox->ratings()) ratings.push_back(toJson(r));
    }
    return {{"reports", reports}, {"ratings", ratings}};
}

}  // namespace

std::unique_ptr<Outbox> openOutboxForWriting(const Paths& paths, const Config& config) {
    const auto file = paths.stateDir / "outbox.db";
    try {
        Outbox::OpenReport report;
        auto outbox = Outbox::open(file, SystemClock::instance(), &report);
        setOutboxWard(*outbox, config.kiosk.wardCode);
        if (!report.movedAside.empty())
            std::cerr << "kioskctl: outbox.db was unusable (" << report.problem << "); it was moved to "
                      << report.movedAside.string() << " and a new one started\n";
        if (report.recovered) std::cerr << "kioskctl: outbox: " << report.recovered->summary() << "\n";
        return outbox;
    } catch (const std::exception& error) {
        std::cerr << "kioskctl: cannot open " << file.string() << ": " << error.what() << "\n";
        return nullptr;
    }
}

FeedbackCommands::FeedbackCommands(CLI::App& app) {
    outbox_ = app.add_subcommand("outbox", "Reports residents sent to 1022 and dossier ratings: list, send now, save to a file, recover from a damaged file");
    outbox_->require_subcommand(1);
    list_ = outbox_->add_subcommand("list", "Every report and dossier rating in outbox.db, newest first, with where it is");
    list_->add_flag("--json", json_, "Print JSON instead of a table");
    retry_ = outbox_->add_subcommand("retry", "Send every waiting report and rating now (backoff ignored)");
    export_ = outbox_->add_subcommand("export", "Save every report and rating (personal data included) to a JSON file readable only by you");
    export_->add_option("FILE", exportFile_, "Where to write")->required();
    recover_ = outbox_->add_subcommand(
        "recover", "Add to outbox.db every report and rating that can be read from FILE (a damaged or old outbox), each once");
    recover_->add_option("FILE", recoverFile_, "The outbox file to read (e.g. outbox.db.corrupt-...); it is not changed")
        ->required();

    feedback_ = app.add_subcommand("feedback", "File a report to 1022 through the kiosk's outbox and sender");
    feedback_->require_subcommand(1);
    submit_ = feedback_->add_subcommand("submit", "File a report taken in person or by phone (or check an endpoint end to end)");
    submit_->add_option("--service", service_, "Open311 service_code (kioskctl lists them when it is wrong)")->required();
    submit_->add_option("--address", address_, "Where the problem is (the kiosk's ward is added)")->required();
    submit_->add_option("--description", description_, "What is wrong (at most 4000 characters)")->required();
    submit_->add_option("--attribute", attributes_, "CODE=VALUE for the service's fields; repeat for several values");
    submit_->add_option("--name", name_, "Full name of the resident");
    submit_->add_option("--phone", phone_, "Phone number of the resident");
    submit_->add_option("--email", email_, "E-mail of the resident");
    submit_->add_flag("--anonymous", anonymous_, "Send without name, phone or e-mail (if the config allows it)");
    submit_->add_flag("--no-send", noSend_, "Only save it in the outbox; the kiosk's sender sends it");
}

bool FeedbackCommands::chosen() const {
    return outbox_->parsed() || feedback_->parsed();
}

bool FeedbackCommands::writes() const {
    return retry_->parsed() || recover_->parsed() || submit_->parsed();
}

int FeedbackCommands::run(const Paths& paths, const KioskSetup& setup) {
    const Config& config = *setup.config.config;
    const auto file = paths.stateDir / "outbox.db";
    if (!writes()) {
        // Only looking: no log file, no migration, no quarantine; nothing made, nothing chowned.
        std::unique_ptr<Outbox> outbox;
        try {
            std::string note;
            outbox = Outbox::openReadOnly(file, SystemClock::instance(), &note);
            if (!note.empty()) std::cerr << "kioskctl: " << file.string() << ": " << note << "\n";
        } catch (const std::exception& error) {
            std::cerr << "kioskctl: cannot read " << file.string() << ": " << error.what() << "\n";
            return kExitNoInput;
        }
        if (list_->parsed()) return list(outbox.get(), file);
        return exportTo(outbox.get());
    }
    log::init(paths.logDir / "kioskctl.log", config.log.level, false);
    const auto outbox = openOutboxForWriting(paths, config);
    if (!outbox) return kExitCantCreat;
    const auto ward = setup.wards.find(config.kiosk.wardCode);
    const std::string wardName = ward ? ward->fullName : std::string();
    if (retry_->parsed()) return retry(*outbox, config, wardName);
    if (recover_->parsed()) return recover(*outbox);
    return submit(*outbox, config, wardName);
}

int FeedbackCommands::list(Outbox* outbox, const std::filesystem::path& file) {
    if (json_) {
        std::cout << everything(outbox).dump(2) << "\n";
        return kExitOk;
    }
    if (!outbox) {
        std::cout << "0 report(s), 0 dossier rating(s): there is no outbox yet (" << file.string()
                  << " is made when the first one is saved)\n";
        return kExitOk;
    }
    const auto reports = outbox->list();
    const auto counts = outbox->counts();
    std::cout << reports.size() << " report(s): " << counts.filed << " filed, " << counts.waiting() << " waiting, "
              << counts.refused << " refused";
    if (!counts.oldestWaitingSince.empty()) std::cout << "; oldest waiting since " << counts.oldestWaitingSince;
    std::cout << "\n";
    for (const auto& r : reports) {
        std::cout << "  " << std::left << std::setw(12) << r.trackingCode << std::setw(9) << toString(r.state)
                  << std::setw(22) << r.createdAt << std::setw(6) << r.draft.serviceCode;
        if (!r.serviceRequestId.empty()) std::cout << " id " << r.serviceRequestId;
        if (!r.tracked.status.empty()) std::cout << " (" << r.tracked.status << ")";
        if (r.state == ReportState::Queued || r.state == ReportState::Token) {
            std::cout << " tries " << r.attempts;
            if (!r.nextAttemptAt.empty()) std::cout << ", next " << r.nextAttemptAt;
            if (!r.lastError.empty()) std::cout << ", last error: " << r.lastError;
        }
        if (r.state == ReportState::Refused && !r.refusedErrors.empty())
            std::cout << " refused: " << r.refusedErrors.front().description;
        std::cout << "\n";
    }
    const auto ratings = outbox->ratings();
    std::int64_t sent = 0, refused = 0;
    for (const auto& r : ratings) {
        sent += r.state == RatingState::Sent ? 1 : 0;
        refused += r.state == RatingState::Refused ? 1 : 0;
    }
    std::cout << ratings.size() << " dossier rating(s): " << sent << " sent, "
              << static_cast<std::int64_t>(ratings.size()) - sent - refused << " waiting, " << refused << " refused\n";
    for (const auto& r : ratings) {
        std::cout << "  " << std::left << std::setw(6) << r.id << std::setw(20) << r.dossierCode << std::setw(9)
                  << toString(r.state) << std::setw(22) << r.createdAt << "level " << r.level;
        if (!r.ratingId.empty()) std::cout << " id " << r.ratingId;
        if (r.alreadyRated) std::cout << " (rated before)";
        if (r.state == RatingState::Queued || r.state == RatingState::Sending) {
            std::cout << " tries " << r.attempts;
            if (!r.nextAttemptAt.empty()) std::cout << ", next " << r.nextAttemptAt;
            if (!r.lastError.empty()) std::cout << ", last error: " << r.lastError;
        }
        if (r.state == RatingState::Refused && !r.refusedErrors.empty())
            std::cout << " refused: " << r.refusedErrors.front().description;
        std::cout << "\n";
    }
    return kExitOk;
}

int FeedbackCommands::retry(Outbox& outbox, const Config& config, const std::string& wardName) {
    const auto due = outbox.retryAllNow(SystemClock::instance().wallNow());
    std::cout << due << " waiting report(s) and rating(s) due now\n";
    FeedbackSender sender(outbox, config, httpFor(config), SystemClock::instance(), wardName);
    const auto report = sender.runOnce();
    for (const auto& outcome : report.reports) printOutcome(outcome);
    if (!report.stoppedBy.empty()) std::cout << "stopped: " << report.stoppedBy << "\n";
    for (const auto& outcome : sender.ratings().runOnce(SystemClock::instance().wallNow())) printOutcome(outcome);
    return outbox.counts().waiting() == 0 && waitingRatings(outbox) == 0 ? kExitOk : kExitUnavailable;
}

int FeedbackCommands::recover(Outbox& outbox) {
    std::error_code ec;
    if (!std::filesystem::exists(recoverFile_, ec)) {
        std::cerr << "kioskctl: " << recoverFile_ << ": no such file (or not readable by this user)\n";
        return kExitNoInput;
    }
    OutboxRecovery result;
    try {
        result = outbox.recoverFrom(recoverFile_);
    } catch (const std::invalid_argument& error) {
        std::cerr << "kioskctl: " << error.what() << "\n";
        return kExitUsage;
    } catch (const std::exception& error) {
        std::cerr << "kioskctl: NOTHING recovered: " << error.what() << "\n";
        return kExitCantCreat;
    }
    // Counts only: what residents wrote stays in the outbox (kioskctl outbox list).
    std::cout << "outbox: " << result.summary() << "\n";
    if (result.reports + result.ratings > 0)
        std::cout << "They are in " << outbox.file().string() << " and the kiosk sends the waiting ones (or: kioskctl outbox retry).\n";
    return result.unreadable + result.notUnderstood > 0 || !result.readThrough ? kExitDataErr : kExitOk;
}

int FeedbackCommands::exportTo(Outbox* outbox) {
    const nlohmann::json all = everything(outbox);
    // Names and phone numbers: a new file, readable by the one who exported them only. An existing
    // file is not overwritten and a symbolic link is not followed (O_EXCL refuses both), so the
    // export cannot be aimed at another file or made readable through an old one's mode.
    const int fd = ::open(exportFile_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        const int error = errno;
        std::cerr << "kioskctl: cannot write " << exportFile_ << ": "
                  << (error == EEXIST ? "it already exists (the export never overwrites a file or follows a link)"
                                      : std::strerror(error))
                  << "\n";
        return kExitCantCreat;
    }
    const std::string text = all.dump(2) + "\n";
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        written += static_cast<std::size_t>(n);
    }
    const bool ok = written == text.size() && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) {
        std::cerr << "kioskctl: cannot write " << exportFile_ << ": " << std::strerror(errno) << "\n";
        ::unlink(exportFile_.c_str());
        return kExitCantCreat;
    }
    std::cout << all["reports"].size() << " report(s) and " << all["ratings"].size() << " dossier rating(s) written to "
              << exportFile_ << " (mode 0600: it holds personal data)\n";
    return kExitOk;
}

int FeedbackCommands::submit(Outbox& outbox, const Config& config, const std::string& wardName) {
    FeedbackSender sender(outbox, config, httpFor(config), SystemClock::instance(), wardName);
    if (anonymous_ && !config.feedback.allowAnonymous) {
        std::cerr << "kioskctl: this kiosk's config does not allow anonymous reports (feedback.allow_anonymous)\n";
        return kExitUsage;
    }
    // The service's name and fields, fresh when the endpoint answers, else from the cache.
    sender.refreshServices();
    const auto services = sender.cachedServices();
    open311::ReportDraft draft;
    draft.serviceCode = service_;
    bool known = false;
    for (const auto& s : services.value) {
        if (s.code == service_) {
            draft.serviceName = s.name;
            known = true;
        }
    }
    if (!known && !services.value.empty()) {
        std::cerr << "kioskctl: no service \"" << service_ << "\". The endpoint offers:\n";
        for (const auto& s : services.value) std::cerr << "  " << s.code << "  " << s.name << "\n";
        return kExitUsage;
    }
    draft.description = description_;
    draft.address = address_;
    draft.anonymous = anonymous_;
    if (!anonymous_) {
        const auto space = name_.rfind(' ');
        draft.firstName = space == std::string::npos ? name_ : name_.substr(space + 1);
        draft.lastName = space == std::string::npos ? std::string() : name_.substr(0, space);
        draft.phone = phone_;
        draft.email = email_;
    }
    for (const auto& pair : attributes_) {
        const auto eq = pair.find('=');
        if (eq == std::string::npos || eq == 0) {
            std::cerr << "kioskctl: --attribute expects CODE=VALUE, found \"" << pair << "\"\n";
            return kExitUsage;
        }
        const std::string code = pair.substr(0, eq);
        auto it = std::find_if(draft.attributes.begin(), draft.attributes.end(),
                               [&](const open311::AttributeAnswer& a) { return a.code == code; });
        if (it == draft.attributes.end()) draft.attributes.push_back({code, {pair.substr(eq + 1)}, false});
        else {
            it->values.push_back(pair.substr(eq + 1));
            it->multiple = true;
        }
    }
    draft.consentVersion = config.feedback.consentVersion;  // staff read the consent text to the resident
    if (const auto problems = open311::checkDraft(draft); !problems.empty()) {
        for (const auto& p : problems) std::cerr << "kioskctl: " << (p.field.empty() ? "" : p.field + ": ") << p.description << "\n";
        return kExitUsage;
    }
    OutboxReport saved;
    try {
        saved = outbox.save(draft);
    } catch (const std::exception& error) {
        std::cerr << "kioskctl: the report was NOT saved: " << error.what() << "\n";
        return kExitCantCreat;
    }
    std::cout << "SAVED " << saved.trackingCode << " (in " << outbox.file().string() << ")\n";
    if (noSend_) return kExitOk;
    const auto report = sender.runOnce();
    for (const auto& outcome : report.reports) printOutcome(outcome);
    const auto now = outbox.find(saved.trackingCode);
    if (!now) return kExitUnavailable;
    switch (now->state) {
        case ReportState::Filed:
        case ReportState::Token: return kExitOk;
        case ReportState::Refused: return kExitDataErr;
        default:
            std::cout << "The report is saved and will be sent when the endpoint answers (kioskctl outbox retry).\n";
            return kExitUnavailable;
    }
}

}  // namespace kiosk::cli
