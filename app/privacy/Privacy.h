#pragma once
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "config/Config.h"
#include "feedback/Outbox.h"

namespace kiosk::privacy {

// Personal data at rest on a kiosk, and the rules that keep it no longer than its purpose
// needs (README, "Personal data"; Law 91/2025/QH15). What a resident types lives in their
// session only; what must survive a restart is here: outbox.db (reports and ratings on their
// way to the city), the printed-slip PDFs of backend "pdf", the slips kept after a failed
// print, and copies of a damaged outbox moved aside for staff.

// Where those files are for a kiosk's config and state folder.
struct Places {
    std::filesystem::path outbox;                  // outbox.db
    std::vector<std::filesystem::path> slipDirs;   // PDF spool (backend pdf) and kept slips
};
Places placesFor(const Config& config, const std::filesystem::path& stateDir);

struct StoredFile {
    std::filesystem::path path;
    std::chrono::system_clock::time_point written;  // last modified
    std::uintmax_t bytes = 0;
};
// Slip files (.pdf, .pbm) in the slip folders, oldest first: regular files only, no link
// followed, no sub-folder entered.
std::vector<StoredFile> slipFiles(const Places& places);
// Copies of the outbox moved aside (outbox.db.corrupt-…, outbox.db.newer-…), oldest first: the
// main file of each; its -wal and -shm go with it.
std::vector<StoredFile> damagedCopies(const Places& places);

// One pass of the retention rules ([privacy] in the config) at `now`.
struct RetentionReport {
    Outbox::Blanked blanked;
    std::int64_t slipsDeleted = 0;
    std::int64_t damagedDeleted = 0;
    std::string problem;  // "" when every rule was applied; else what is left for the next pass
    bool changed() const { return blanked.total() + slipsDeleted + damagedDeleted > 0; }
    // Counts only: "blanked contact details of 2 report(s), ...; deleted 3 slip file(s), ...".
    std::string summary() const;
};
RetentionReport applyRetention(Outbox& outbox, const Config::Privacy& policy, const Places& places,
                               std::chrono::system_clock::time_point now);

// A phone number as digits in the national form ("+84 90-123 4567" and "0901234567" both give
// "0901234567"); "" when `typed` is not a phone number (fewer than 9 digits, or letters).
std::string phoneDigits(std::string_view typed);

// Erasure on request: one resident's reports, found by the tracking code on their slip or by
// their phone number.
struct ErasureRequest {
    std::string trackingCode;  // as typed; normalised
    std::string phone;         // as typed; compared as phoneDigits
    bool dropUnsent = false;   // the resident agrees that reports the city does not have are dropped
};
// By code: that report and those linked to it by "Chưa khắc phục" (parent and follow-ups). By
// phone: every report with that number. Newest first.
std::vector<OutboxReport> matchingReports(Outbox& outbox, const ErasureRequest& request);
// Which reports of `matching` the city does not have yet (queued, sending or refused).
std::int64_t unsentAmong(const std::vector<OutboxReport>& matching);

struct ErasureReport {
    Outbox::Erased reports;
    std::int64_t slipsDeleted = 0;
    std::int64_t damagedDeleted = 0;  // moved-aside outbox copies that held the resident's code or number
    std::string problem;              // "" when everything found was erased
    // Counts only, nothing of the data: what was erased and what was kept, and why.
    std::string summary() const;
};
// Deletes the matching reports (Outbox::erase), the slip files printed for them, and every
// damaged outbox copy whose bytes hold one of their tracking codes or the phone number; then
// checkpoints the outbox so the WAL keeps nothing of them.
ErasureReport erase(Outbox& outbox, const Places& places, const ErasureRequest& request);

}  // namespace kiosk::privacy
