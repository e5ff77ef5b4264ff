#include "cli/PrivacyCommands.h"

#include "cli/FeedbackCommands.h"

#include <iostream>

#include "core/Clock.h"
#include "core/IsoTime.h"
#include "feedback/FeedbackSender.h"
#include "feedback/Outbox.h"
#include "log/Log.h"
#include "net/HttpClient.h"
#include "privacy/Privacy.h"

namespace kiosk::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 64;      // EX_USAGE
constexpr int kExitNoInput = 66;    // EX_NOINPUT: no outbox could be read
constexpr int kExitCantCreat = 73;  // EX_CANTCREAT: the outbox could not be opened for writing
constexpr int kExitTempFail = 75;   // EX_TEMPFAIL: something was kept; run again later

std::string age(const std::string& iso, std::chrono::system_clock::time_point now) {
    const auto when = parseIsoUtc(iso);
    if (!when) return "of unknown age";
    const auto days = std::chrono::floor<std::chrono::days>(now - *when).count();
    return std::to_string(days) + " day(s) old";
}

std::string age(std::chrono::system_clock::time_point when, std::chrono::system_clock::time_point now) {
    return std::to_string(std::chrono::floor<std::chrono::days>(now - when).count()) + " day(s) old";
}

}  // namespace

PrivacyCommands::PrivacyCommands(CLI::App& app) {
    privacy_ = app.add_subcommand("privacy", "Residents' personal data on this kiosk: what is held, retention, erasure on request");
    privacy_->require_subcommand(1);
    status_ = privacy_->add_subcommand("status", "What personal data is held, where, and how old the oldest of each kind is");
    apply_ = privacy_->add_subcommand("apply", "Apply the [privacy] retention rules now (the kiosk does it every hour)");
    erase_ = privacy_->add_subcommand(
        "erase", "Erase one resident's reports, slips and damaged copies holding them, on the resident's request");
    auto* code = erase_->add_option("--tracking-code", trackingCode_, "The tracking code on the resident's slip (PA-…)");
    auto* phone = erase_->add_option("--phone", phone_, "The phone number the resident gave in their reports");
    code->excludes(phone);
    erase_->add_flag("--drop-unsent", dropUnsent_,
                     "The resident agrees that reports the city does not have yet are dropped instead of sent first");
    damaged_ = privacy_->add_subcommand("damaged", "List copies of a damaged outbox moved aside for staff");
    damaged_->add_flag("--seen", seen_, "Mark every listed copy as seen: retention deletes it [privacy] damaged_days later");
}

bool PrivacyCommands::chosen() const {
    return privacy_->parsed();
}

bool PrivacyCommands::writes() const {
    return apply_->parsed() || erase_->parsed() || (damaged_->parsed() && seen_);
}

int PrivacyCommands::run(const Paths& paths, const KioskSetup& setup) {
    const Config& config = *setup.config.config;
    if (status_->parsed()) return status(paths, config);
    if (damaged_->parsed() && !seen_) return damaged(paths, config);
    if (erase_->parsed() && trackingCode_.empty() && phone_.empty()) {
        std::cerr << "kioskctl: privacy erase needs --tracking-code CODE or --phone NUMBER\n";
        return kExitUsage;
    }
    if (erase_->parsed() && !trackingCode_.empty() && normalizeTrackingCode(trackingCode_).empty()) {
        std::cerr << "kioskctl: \"" << trackingCode_ << "\" is not a tracking code (PA-…; check the slip)\n";
        return kExitUsage;
    }
    if (erase_->parsed() && !phone_.empty() && privacy::phoneDigits(phone_).empty()) {
        std::cerr << "kioskctl: \"" << phone_ << "\" is not a phone number\n";
        return kExitUsage;
    }
    log::init(paths.logDir / "kioskctl.log", config.log.level, false);
    const auto outbox = openOutboxForWriting(paths, config);
    if (!outbox) return kExitCantCreat;
    const auto places = privacy::placesFor(config, paths.stateDir);
    const auto now = SystemClock::instance().wallNow();

    if (apply_->parsed()) {
        const auto report = privacy::applyRetention(*outbox, config.privacy, places, now);
        std::cout << "retention: " << report.summary() << "\n";
        return report.problem.empty() ? kExitOk : kExitTempFail;
    }

    if (damaged_->parsed()) {
        std::vector<std::filesystem::path> files;
        for (const auto& copy : privacy::damagedCopies(places)) files.push_back(copy.path);
        outbox->markDamagedSeen(files);
        std::cout << files.size() << " damaged outbox copy(ies) marked seen; retention deletes them "
                  << config.privacy.damagedDays.count() << " day(s) from now\n";
        return kExitOk;
    }

    // Erasure. Reports the city does not have yet are sent first, so that erasing them here
    // does not also take away what the resident asked the city for, unless they agree to drop them.
    const privacy::ErasureRequest request{trackingCode_, phone_, dropUnsent_};
    auto matching = privacy::matchingReports(*outbox, request);
    const bool sendable = std::any_of(matching.begin(), matching.end(), [](const OutboxReport& r) {
        return r.state == ReportState::Queued || r.state == ReportState::Sending;
    });
    if (!dropUnsent_ && sendable) {
        std::cout << "sending the resident's reports the city does not have yet first\n";
        outbox->retryAllNow(now);
        const auto ward = setup.wards.find(config.kiosk.wardCode);
        FeedbackSender sender(*outbox, config, std::make_shared<CurlHttpClient>(config.city, userAgentFor(config)),
                              SystemClock::instance(), ward ? ward->fullName : std::string());
        const auto sent = sender.runOnce();
        if (!sent.stoppedBy.empty()) std::cout << "  the endpoint did not take them now: " << sent.stoppedBy << "\n";
    }
    const auto report = privacy::erase(*outbox, places, request);
    std::cout << (matching.empty() ? "no report at this kiosk matches; " : "") << report.summary() << "\n";
    if (report.reports.unsentKept > 0) return kExitTempFail;
    return report.problem.empty() ? kExitOk : kExitTempFail;
}

int PrivacyCommands::status(const Paths& paths, const Config& config) {
    const auto file = paths.stateDir / "outbox.db";
    std::unique_ptr<Outbox> outbox;
    try {
        std::string note;
        outbox = Outbox::openReadOnly(file, SystemClock::instance(), &note);
        if (!note.empty()) std::cerr << "kioskctl: " << file.string() << ": " << note << "\n";
    } catch (const std::exception& error) {
        std::cerr << "kioskctl: cannot read " << file.string() << ": " << error.what() << "\n";
        return kExitNoInput;
    }
    const auto now = SystemClock::instance().wallNow();
    const auto& rules = config.privacy;
    std::cout << "Personal data held on this kiosk (counts and ages only; rules in [privacy]):\n";
    if (!outbox) {
        std::cout << "  " << file.string() << ": none yet (no outbox)\n";
    } else {
        const auto held = outbox->personalData();
        auto line = [&](const char* what, std::int64_t n, const std::string& oldest, const std::string& rule) {
            std::cout << "  " << what << ": " << n;
            if (n > 0) std::cout << ", the oldest collected " << age(oldest, now);
            std::cout << " (" << rule << ")\n";
        };
        line("reports holding name, phone, e-mail or VNeID account", held.contacts, held.oldestContact,
             "blanked " + std::to_string(rules.contactDays.count()) +
                 " day(s) after the city files them, or once closed and answered by the resident");
        line("reports holding description, address or place", held.contents, held.oldestContent,
             "blanked " + std::to_string(rules.contentDays.count()) + " day(s) after the city files them");
        line("dossier ratings holding a comment", held.comments, held.oldestComment,
             "blanked " + std::to_string(rules.contentDays.count()) + " day(s) after the portal takes them");
        line("reports the city does not have yet", held.unsent, held.oldestUnsent,
             "kept whole until the city takes them: kioskctl outbox list");
        std::int64_t ratingsWaiting = 0;
        std::string oldestRating;
        for (const auto& r : outbox->ratings()) {
            if (r.state != RatingState::Queued && r.state != RatingState::Sending) continue;
            ++ratingsWaiting;
            if (oldestRating.empty() || r.createdAt < oldestRating) oldestRating = r.createdAt;
        }
        line("dossier ratings the portal does not have yet", ratingsWaiting, oldestRating,
             "kept whole until the portal takes them");
    }
    const auto places = privacy::placesFor(config, paths.stateDir);
    const auto slips = privacy::slipFiles(places);
    std::cout << "  slip files (printed PDFs and kept slips): " << slips.size();
    if (!slips.empty()) std::cout << ", the oldest " << age(slips.front().written, now);
    std::cout << " (deleted " << rules.slipDays.count() << " day(s) after they were written)\n";
    const auto copies = privacy::damagedCopies(places);
    const auto seen = outbox ? outbox->damagedSeen() : std::map<std::string, std::string>{};
    std::size_t seenCount = 0;
    for (const auto& copy : copies) seenCount += seen.contains(copy.path.string()) ? 1 : 0;
    std::cout << "  damaged outbox copies: " << copies.size();
    if (!copies.empty()) std::cout << " (" << seenCount << " seen by staff), the oldest " << age(copies.front().written, now);
    std::cout << " (deleted " << rules.damagedDays.count()
              << " day(s) after staff mark them seen: kioskctl privacy damaged --seen)\n";
    std::cout << "The log keeps no personal data. To erase one resident's data: kioskctl privacy erase "
                 "--tracking-code CODE | --phone NUMBER\n";
    return kExitOk;
}

int PrivacyCommands::damaged(const Paths& paths, const Config& config) {
    const auto places = privacy::placesFor(config, paths.stateDir);
    std::unique_ptr<Outbox> outbox;
    try {
        outbox = Outbox::openReadOnly(places.outbox, SystemClock::instance());
    } catch (const std::exception& error) {
        std::cerr << "kioskctl: cannot read " << places.outbox.string() << ": " << error.what() << "\n";
    }
    const auto seen = outbox ? outbox->damagedSeen() : std::map<std::string, std::string>{};
    const auto copies = privacy::damagedCopies(places);
    const auto now = SystemClock::instance().wallNow();
    if (copies.empty()) std::cout << "No damaged outbox copies in " << paths.stateDir.string() << "\n";
    for (const auto& copy : copies) {
        const auto it = seen.find(copy.path.string());
        std::cout << copy.path.string() << "  " << copy.bytes << " bytes, " << age(copy.written, now) << ", "
                  << (it == seen.end() ? "NOT SEEN" : "seen " + it->second) << "\n";
    }
    if (outbox) {
        for (const auto& r : outbox->recoveries())
            if (!r.problem.empty()) std::cout << "  " << r.at << ": " << r.summary() << "\n";
    }
    if (!copies.empty())
        std::cout << "What could be read of each was recovered into outbox.db when it was moved aside (kioskctl outbox "
                     "recover FILE reads one again). Mark them seen: kioskctl privacy damaged --seen\n";
    return kExitOk;
}

}  // namespace kiosk::cli
