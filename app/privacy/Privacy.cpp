#include "privacy/Privacy.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>
#include <system_error>

#include "core/IsoTime.h"
#include "log/Log.h"
#include "printing/PrintService.h"

namespace kiosk::privacy {
namespace fs = std::filesystem;

namespace {

std::chrono::system_clock::time_point writtenAt(const fs::directory_entry& entry) {
    std::error_code ec;
    const auto time = entry.last_write_time(ec);
    if (ec) return std::chrono::system_clock::time_point::min();
    return std::chrono::time_point_cast<std::chrono::system_clock::duration>(std::chrono::file_clock::to_sys(time));
}

// Regular files of `dir` (not followed through links, no sub-folders) for which `wanted` holds.
template <typename Wanted>
void collect(const fs::path& dir, Wanted wanted, std::vector<StoredFile>& out) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code type;
        if (!it->is_regular_file(type) || it->is_symlink(type)) continue;
        if (!wanted(it->path())) continue;
        std::error_code size;
        out.push_back({it->path(), writtenAt(*it), it->file_size(size)});
    }
}

void oldestFirst(std::vector<StoredFile>& files) {
    std::sort(files.begin(), files.end(), [](const StoredFile& a, const StoredFile& b) {
        return a.written != b.written ? a.written < b.written : a.path < b.path;
    });
}

// Deletes a moved-aside copy with its -wal and -shm. False (and `problem` told) if any stays.
bool removeCopy(const fs::path& file, std::string& problem) {
    bool all = true;
    for (const char* suffix : {"", "-wal", "-shm"}) {
        const fs::path part = file.string() + suffix;
        std::error_code ec;
        fs::remove(part, ec);
        if (ec) {
            all = false;
            problem += (problem.empty() ? "" : "; ") + std::string("cannot delete ") + part.string() + ": " + ec.message();
        }
    }
    return all;
}

bool removeFile(const fs::path& file, std::string& problem) {
    std::error_code ec;
    fs::remove(file, ec);
    if (!ec) return true;
    problem += (problem.empty() ? "" : "; ") + std::string("cannot delete ") + file.string() + ": " + ec.message();
    return false;
}

// Whether the file (and its -wal) contains any of `needles` byte for byte: SQLite keeps text as
// UTF-8 in its pages, so a code or number in any row, readable or not, is found.
bool holdsAny(const fs::path& file, const std::vector<std::string>& needles) {
    for (const char* suffix : {"", "-wal"}) {
        std::ifstream in(file.string() + suffix, std::ios::binary);
        if (!in) continue;
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        for (const auto& needle : needles)
            if (!needle.empty() && bytes.find(needle) != std::string::npos) return true;
    }
    return false;
}

std::string plural(std::int64_t n, const char* what) {
    return std::to_string(n) + " " + what;
}

}  // namespace

Places placesFor(const Config& config, const fs::path& stateDir) {
    Places places;
    places.outbox = stateDir / "outbox.db";
    places.slipDirs.push_back(config.printer.spoolDir.empty() ? stateDir / "slips" : config.printer.spoolDir);
    places.slipDirs.push_back(keptSlipsDir(stateDir));
    return places;
}

std::vector<StoredFile> slipFiles(const Places& places) {
    std::vector<StoredFile> files;
    std::set<fs::path> seen;
    for (const auto& dir : places.slipDirs) {
        if (!seen.insert(dir.lexically_normal()).second) continue;
        collect(dir, [](const fs::path& p) { return p.extension() == ".pdf" || p.extension() == ".pbm"; }, files);
    }
    oldestFirst(files);
    return files;
}

std::vector<StoredFile> damagedCopies(const Places& places) {
    std::vector<StoredFile> files;
    const std::string base = places.outbox.filename().string();
    collect(places.outbox.parent_path(), [&](const fs::path& p) {
        const std::string name = p.filename().string();
        if (name.ends_with("-wal") || name.ends_with("-shm")) return false;
        return name.starts_with(base + ".corrupt-") || name.starts_with(base + ".newer-");
    }, files);
    oldestFirst(files);
    return files;
}

std::string RetentionReport::summary() const {
    std::string text = "blanked contact details of " + plural(blanked.contacts, "report(s)") + ", content and contact of " +
                       plural(blanked.contents, "report(s)") + ", the comment of " + plural(blanked.comments, "rating(s)") +
                       "; deleted " + plural(slipsDeleted, "slip file(s)") + " and " +
                       plural(damagedDeleted, "damaged outbox copy(ies)");
    if (!problem.empty()) text += " (" + problem + ")";
    return text;
}

RetentionReport applyRetention(Outbox& outbox, const Config::Privacy& policy, const Places& places,
                               std::chrono::system_clock::time_point now) {
    RetentionReport report;
    report.blanked = outbox.blankExpired(now - policy.contactDays, now - policy.contentDays);
    if (report.blanked.total() > 0) report.problem = outbox.checkpoint();

    const auto slipsBefore = now - policy.slipDays;
    for (const auto& slip : slipFiles(places))
        if (slip.written <= slipsBefore && removeFile(slip.path, report.problem)) ++report.slipsDeleted;

    // Damaged copies only once staff have seen them: what could not be recovered may still
    // matter to them.
    const auto seen = outbox.damagedSeen();
    for (const auto& copy : damagedCopies(places)) {
        const auto it = seen.find(copy.path.string());
        if (it == seen.end()) continue;
        const auto seenAt = parseIsoUtc(it->second);
        if (!seenAt || *seenAt > now - policy.damagedDays) continue;
        if (removeCopy(copy.path, report.problem)) {
            outbox.forgetDamaged(copy.path);
            ++report.damagedDeleted;
        }
    }
    if (report.changed()) log::get("privacy")->info("retention: {}", report.summary());
    else if (!report.problem.empty()) log::get("privacy")->warn("retention: {}", report.problem);
    return report;
}

std::string phoneDigits(std::string_view typed) {
    std::string digits;
    for (const char c : typed) {
        if (c >= '0' && c <= '9') digits += c;
        else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')' && c != '+') return {};
    }
    if (digits.starts_with("84") && digits.size() >= 11) digits = "0" + digits.substr(2);
    if (digits.size() < 9 || digits.size() > 15) return {};
    return digits;
}

std::vector<OutboxReport> matchingReports(Outbox& outbox, const ErasureRequest& request) {
    const auto all = outbox.list();
    std::vector<OutboxReport> found;
    if (!request.trackingCode.empty()) {
        const std::string code = normalizeTrackingCode(request.trackingCode);
        if (code.empty()) return found;
        // The report, then what "Chưa khắc phục" linked to it either way (parent_request_id).
        std::set<std::int64_t> ids;
        for (const auto& r : all)
            if (r.trackingCode == code) ids.insert(r.id);
        for (bool grew = !ids.empty(); grew;) {
            grew = false;
            std::set<std::string> cityIds;
            std::set<std::string> parents;
            for (const auto& r : all) {
                if (!ids.contains(r.id)) continue;
                if (!r.serviceRequestId.empty()) cityIds.insert(r.serviceRequestId);
                if (!r.draft.parentRequestId.empty()) parents.insert(r.draft.parentRequestId);
            }
            for (const auto& r : all) {
                if (ids.contains(r.id)) continue;
                if ((!r.draft.parentRequestId.empty() && cityIds.contains(r.draft.parentRequestId)) ||
                    (!r.serviceRequestId.empty() && parents.contains(r.serviceRequestId))) {
                    ids.insert(r.id);
                    grew = true;
                }
            }
        }
        for (const auto& r : all)
            if (ids.contains(r.id)) found.push_back(r);
        return found;
    }
    const std::string phone = phoneDigits(request.phone);
    if (phone.empty()) return found;
    for (const auto& r : all)
        if (!r.draft.phone.empty() && phoneDigits(r.draft.phone) == phone) found.push_back(r);
    return found;
}

std::int64_t unsentAmong(const std::vector<OutboxReport>& matching) {
    return std::count_if(matching.begin(), matching.end(), [](const OutboxReport& r) {
        return r.state != ReportState::Filed && r.state != ReportState::Token;
    });
}

std::string ErasureReport::summary() const {
    std::string text = "erased " + plural(reports.reports, "report(s) the city has") + ", dropped " +
                       plural(reports.unsentDropped, "report(s) the city never had") + "; deleted " +
                       plural(slipsDeleted, "slip file(s)") + " and " + plural(damagedDeleted, "damaged outbox copy(ies)");
    if (reports.unsentKept > 0)
        text += "; KEPT " + plural(reports.unsentKept, "report(s) the city does not have yet") +
                " (to drop them, ask the resident's consent and add --drop-unsent)";
    if (!problem.empty()) text += " (" + problem + ")";
    return text;
}

ErasureReport erase(Outbox& outbox, const Places& places, const ErasureRequest& request) {
    ErasureReport report;
    const auto matching = matchingReports(outbox, request);
    // What identifies the resident in files outside the outbox: their codes and their number.
    std::vector<std::string> needles;
    std::vector<std::int64_t> ids;
    for (const auto& r : matching) {
        ids.push_back(r.id);
        needles.push_back(r.trackingCode);
        if (!r.draft.phone.empty()) needles.push_back(r.draft.phone);
    }
    if (const auto code = normalizeTrackingCode(request.trackingCode); !code.empty()) needles.push_back(code);
    if (const auto phone = phoneDigits(request.phone); !phone.empty()) needles.push_back(phone);
    std::sort(needles.begin(), needles.end());
    needles.erase(std::unique(needles.begin(), needles.end()), needles.end());

    report.reports = outbox.erase(ids, request.dropUnsent);
    if (!ids.empty()) report.problem = outbox.checkpoint();

    // Slips are named after the code they carry ("PA-26734-7K3M-Q9R-20261128T083000Z.pdf"); a
    // kept report's slips stay with it.
    std::set<std::string> erasedCodes;
    const auto left = outbox.list();
    for (const auto& r : matching)
        if (std::none_of(left.begin(), left.end(), [&](const OutboxReport& l) { return l.id == r.id; }))
            erasedCodes.insert(r.trackingCode);
    if (const auto code = normalizeTrackingCode(request.trackingCode); !code.empty() && matching.empty())
        erasedCodes.insert(code);
    for (const auto& slip : slipFiles(places)) {
        const std::string name = slip.path.filename().string();
        const bool theirs = std::any_of(erasedCodes.begin(), erasedCodes.end(),
                                        [&](const std::string& code) { return name.starts_with(code + "-"); });
        if (theirs && removeFile(slip.path, report.problem)) ++report.slipsDeleted;
    }
    // A damaged copy was recovered into the outbox when it was moved aside; what it still holds
    // of this resident (rows recovered, or rows that could not be) goes with it.
    for (const auto& copy : damagedCopies(places)) {
        if (!holdsAny(copy.path, needles)) continue;
        if (removeCopy(copy.path, report.problem)) {
            outbox.forgetDamaged(copy.path);
            ++report.damagedDeleted;
        }
    }
    log::get("privacy")->info("erasure on request (by {}): {}", request.trackingCode.empty() ? "phone number" : "tracking code",
                              report.summary());
    return report;
}

}  // namespace kiosk::privacy
