#include "feedback/Outbox.h"

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <functional>
#include <stdexcept>
#include <system_error>

#include "core/IsoTime.h"
#include "feedback/LeasedQueue.h"
#include "log/Log.h"

namespace kiosk {
namespace fs = std::filesystem;

namespace {
constexpr std::string_view kAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";  // 31 (prime): see checkCharacter
constexpr std::string_view kTrackingPrefix = "PA";                          // "phản ánh"
constexpr std::size_t kTrackingRandom = 6;
constexpr std::size_t kWardDigits = 5;  // the 2025 GSO code of the ward whose kiosk issued the code

// Every column, in the order rowToReport reads them: those of schema version 1, then those
// version 2 added. Opening an outbox prepares a SELECT of the columns its version must have, so
// a file with our version number but not our tables is caught at open.
constexpr const char* kColumnsV1 =
    "id, tracking_code, idempotency_key, created_at, service_code, service_name, description, address, lat, lon, "
    "first_name, last_name, phone, email, anonymous, attributes, consent_version, consent_at, parent_request_id, "
    "state, service_request_id, token, service_notice, attempts, failures, next_attempt_at, last_error, "
    "refused_errors, filed_at, status, status_notes, status_service_name, agency_responsible, requested_datetime, "
    "updated_datetime, expected_datetime, status_address, tracked_at, updated_at";
constexpr const char* kColumnsV2 = "account_id, status_changed, verdict, verdict_at";
const std::string kColumns = std::string(kColumnsV1) + ", " + kColumnsV2;

// The schema is built by running each version's step in turn, on a new file as on an old one,
// so a migrated outbox and a new one cannot differ. A step is never changed once shipped.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: staff notes may cite an id
    tracking_code TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    service_code TEXT NOT NULL,
    service_name TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    lat REAL,
    lon REAL,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    anonymous INTEGER NOT NULL DEFAULT 0,
    attributes TEXT NOT NULL DEFAULT '{}',
    consent_version TEXT NOT NULL,
    consent_at TEXT NOT NULL,
    parent_request_id TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'filed', 'token', 'refused')),
    service_request_id TEXT NOT NULL DEFAULT '',
    token TEXT NOT NULL DEFAULT '',
    service_notice TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL DEFAULT '',
    lease_until TEXT NOT NULL DEFAULT '',
    last_error TEXT NOT NULL DEFAULT '',
    refused_errors TEXT NOT NULL DEFAULT '[]',
    filed_at TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT '',
    status_notes TEXT NOT NULL DEFAULT '',
    status_service_name TEXT NOT NULL DEFAULT '',
    agency_responsible TEXT NOT NULL DEFAULT '',
    requested_datetime TEXT NOT NULL DEFAULT '',
    updated_datetime TEXT NOT NULL DEFAULT '',
    expected_datetime TEXT NOT NULL DEFAULT '',
    status_address TEXT NOT NULL DEFAULT '',
    tracked_at TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE INDEX reports_due ON reports(state, next_attempt_at);
-- The promise to the resident, kept by the database itself: whatever code runs, a report the
-- city has not taken is never deleted.
CREATE TRIGGER reports_keep_unsent BEFORE DELETE ON reports WHEN OLD.state <> 'filed'
BEGIN
    SELECT RAISE(ABORT, 'a report the city has not filed is never deleted');
END;
CREATE TABLE services_cache (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    services TEXT NOT NULL,
    fetched_at TEXT NOT NULL
);
CREATE TABLE definitions_cache (
    service_code TEXT PRIMARY KEY,
    definition TEXT NOT NULL,
    fetched_at TEXT NOT NULL
);
)sql";

constexpr const char* kSchemaV2 = R"sql(
ALTER TABLE reports ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN status_changed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN verdict TEXT NOT NULL DEFAULT '' CHECK (verdict IN ('', 'fixed', 'reopened'));
ALTER TABLE reports ADD COLUMN verdict_at TEXT NOT NULL DEFAULT '';
CREATE INDEX reports_account ON reports(account_id);
)sql";

// Dossier ratings (DOSSIER.md, "Rating"): what the resident chose and the dossier's code, nothing
// else of them. Kept like reports: never deleted before the portal has them.
constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE ratings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_code TEXT NOT NULL,
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    idempotency_key TEXT NOT NULL UNIQUE,
    rated_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'refused')),
    rating_id TEXT NOT NULL DEFAULT '',
    already_rated INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL DEFAULT '',
    lease_until TEXT NOT NULL DEFAULT '',
    last_error TEXT NOT NULL DEFAULT '',
    refused_errors TEXT NOT NULL DEFAULT '[]',
    sent_at TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE INDEX ratings_due ON ratings(state, next_attempt_at);
CREATE TRIGGER ratings_keep_unsent BEFORE DELETE ON ratings WHEN OLD.state <> 'sent'
BEGIN
    SELECT RAISE(ABORT, 'a rating the portal has not taken is never deleted');
END;
)sql";
constexpr const char* kRatingColumns =
    "id, dossier_code, level, comment, idempotency_key, rated_at, created_at, state, rating_id, already_rated, "
    "attempts, failures, next_attempt_at, last_error, refused_errors, sent_at, updated_at";

// What was recovered from an outbox that had to be set aside, or that staff named: counts and
// the file's path, no personal data. kioskctl status shows the recent ones.
constexpr const char* kSchemaV4 = R"sql(
CREATE TABLE recoveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    source TEXT NOT NULL,
    problem TEXT NOT NULL DEFAULT '',
    reports INTEGER NOT NULL DEFAULT 0,
    ratings INTEGER NOT NULL DEFAULT 0,
    already_here INTEGER NOT NULL DEFAULT 0,
    unreadable INTEGER NOT NULL DEFAULT 0,
    not_understood INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT ''
);
)sql";
constexpr const char* kRecoveryColumns =
    "source, problem, at, reports, ratings, already_here, unreadable, not_understood, note";

// Erasure on request (README, "Personal data"): a report the city has not filed may be deleted
// only with the resident's consent recorded in the same transaction, so the database still
// refuses every other deletion of one. damaged_seen: which moved-aside copies staff have seen,
// after which retention deletes them.
constexpr const char* kSchemaV5 = R"sql(
ALTER TABLE reports ADD COLUMN drop_consent_at TEXT NOT NULL DEFAULT '';
DROP TRIGGER reports_keep_unsent;
CREATE TRIGGER reports_keep_unsent BEFORE DELETE ON reports WHEN OLD.state <> 'filed' AND OLD.drop_consent_at = ''
BEGIN
    SELECT RAISE(ABORT, 'a report the city has not filed is never deleted without the resident''s consent');
END;
CREATE TABLE damaged_seen (
    file TEXT PRIMARY KEY,
    seen_at TEXT NOT NULL
);
)sql";

// kSchemaSteps[n - 1] takes a file from version n - 1 to version n.
constexpr std::array<const char*, Outbox::kSchemaVersion> kSchemaSteps = {kSchemaV1, kSchemaV2, kSchemaV3, kSchemaV4,
                                                                          kSchemaV5};

// What counts as a report's contact details and its content (README, "Personal data").
constexpr const char* kHoldsContact =
    "(first_name <> '' OR last_name <> '' OR phone <> '' OR email <> '' OR account_id <> '')";
constexpr const char* kHoldsContent =
    "(description <> '' OR address <> '' OR lat IS NOT NULL OR lon IS NOT NULL OR attributes <> '{}' OR "
    "status_notes <> '' OR status_address <> '' OR refused_errors <> '[]' OR last_error <> '')";
constexpr const char* kBlankContact = "first_name = '', last_name = '', phone = '', email = '', account_id = ''";
constexpr const char* kBlankContent =
    "description = '', address = '', lat = NULL, lon = NULL, attributes = '{}', status_notes = '', "
    "status_address = '', refused_errors = '[]', last_error = ''";
// When the city took a report (or refused it): retention counts from there.
constexpr const char* kSettledAt =
    "CASE WHEN state = 'filed' THEN coalesce(nullif(filed_at, ''), updated_at) ELSE updated_at END";

// States the sender may still move a report out of.
constexpr const char* kOpenStates = "('queued', 'sending', 'token')";

// One claim/lease/retry code under both queues of the outbox. A token report stays "token"
// while polled (the city already has it) and waits again as one.
constexpr LeasedQueue kReportQueue{"reports", kOpenStates, "CASE WHEN state = 'token' THEN 'token' ELSE 'sending' END",
                                   "CASE WHEN token <> '' THEN 'token' ELSE 'queued' END"};
constexpr LeasedQueue kRatingQueue{"ratings", "('queued', 'sending')", "'sending'", "'queued'"};

void secureRandom(unsigned char* out, std::size_t size) {
    if (RAND_bytes(out, static_cast<int>(size)) != 1) {
        // Never fall back to a weaker source: a guessable key or code is worse than no report.
        char reason[256] = "unknown";
        ERR_error_string_n(ERR_get_error(), reason, sizeof reason);
        throw std::runtime_error(std::string("no secure random numbers (RAND_bytes: ") + reason + ")");
    }
}

// Weighted sum mod 31 over the ward's digits (valued 0-9) then the random characters (valued by
// their place in kAlphabet): weights 1..11 are distinct and non-zero mod a prime, so any single
// wrong character and any swap of two neighbours change the check character.
char checkCharacter(std::string_view ward, std::string_view characters) {
    std::size_t sum = 0;
    std::size_t weight = 1;
    for (const char digit : ward) sum += weight++ * static_cast<std::size_t>(digit - '0');
    for (const char c : characters) sum += weight++ * kAlphabet.find(c);
    return kAlphabet[sum % kAlphabet.size()];
}

bool isWardCode(std::string_view text) {
    return text.size() == kWardDigits && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string formatTrackingCode(std::string_view ward, std::string_view characters) {
    std::string code(kTrackingPrefix);
    if (!ward.empty()) code += "-" + std::string(ward);
    return code + "-" + std::string(characters.substr(0, 4)) + "-" + std::string(characters.substr(4));
}

bool isCorruption(const SqliteError& error) {
    const int primary = error.code() & 0xFF;
    return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

// fsync on the folder: a file just created, renamed or given a -wal is only there after a
// crash if its directory entry is on disk too.
void syncDirectory(const fs::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

void configure(Database& db) {
    // Another process (kioskctl outbox retry) may hold the write lock for a moment.
    db.exec("PRAGMA busy_timeout = 15000");
    db.exec("PRAGMA journal_mode = WAL");
    // FULL: a commit returns only once the WAL is synced, which is what save() promises the
    // resident. NORMAL could lose the last commits to a power cut.
    db.exec("PRAGMA synchronous = FULL");
    db.exec("PRAGMA foreign_keys = ON");
    // Blanked and erased text is overwritten in the file, not just unlinked from the b-tree
    // (README, "Personal data"); the WAL's old frames go with the checkpoint that follows.
    db.exec("PRAGMA secure_delete = ON");
}

// Why an existing file is not an outbox we can use ("" if it is).
std::string problemWith(Database& db) {
    const std::string check = db.quickCheck();
    if (check != "ok") return "quick_check: " + check;
    const int version = db.userVersion();
    if (version > Outbox::kSchemaVersion)
        return "schema version " + std::to_string(version) + " is newer than this kiosk's (" +
               std::to_string(Outbox::kSchemaVersion) + ")";
    if (version == 0) {
        auto tables = db.prepare("SELECT count(*) FROM sqlite_schema");
        if (tables.step() && tables.integer(0) > 0) return "it has tables but no outbox schema version";
        return {};
    }
    try {
        const std::string columns = version >= 2 ? kColumns : std::string(kColumnsV1);
        db.prepare("SELECT " + columns + " FROM reports LIMIT 0");
        db.prepare("SELECT services, fetched_at FROM services_cache LIMIT 0");
        db.prepare("SELECT service_code, definition, fetched_at FROM definitions_cache LIMIT 0");
        if (version >= 3) db.prepare(std::string("SELECT ") + kRatingColumns + " FROM ratings LIMIT 0");
        if (version >= 4) db.prepare(std::string("SELECT ") + kRecoveryColumns + " FROM recoveries LIMIT 0");
        if (version >= 5) {
            db.prepare("SELECT drop_consent_at FROM reports LIMIT 0");
            db.prepare("SELECT file, seen_at FROM damaged_seen LIMIT 0");
        }
    } catch (const SqliteError& error) {
        if (!isCorruption(error) && (error.code() & 0xFF) != SQLITE_ERROR) throw;
        return std::string("not the outbox's tables: ") + error.what();
    }
    return {};
}

// Brings a new (version 0) or older file to kSchemaVersion in one transaction: an upgrade cut
// short by a crash leaves the file as it was. The version is read again inside the transaction,
// as another process (kioskctl) may have upgraded the file meanwhile.
void migrate(Database& db, const fs::path& file) {
    if (db.userVersion() == Outbox::kSchemaVersion) return;
    int from = 0;
    db.transaction([&] {
        from = db.userVersion();
        if (from >= Outbox::kSchemaVersion) return;
        for (int version = from + 1; version <= Outbox::kSchemaVersion; ++version)
            db.exec(kSchemaSteps[static_cast<std::size_t>(version - 1)]);
        db.setUserVersion(Outbox::kSchemaVersion);
    });
    if (from > 0 && from < Outbox::kSchemaVersion)
        log::get("feedback")->info("{}: schema upgraded from version {} to {}", file.string(), from,
                                   Outbox::kSchemaVersion);
}

// Renames the file (and its -wal/-shm, which hold committed reports too) out of the way,
// keeping SQLite's naming so staff can open the moved file with its WAL.
// `why` names the file: "corrupt" (damaged or not an outbox), "newer" (a newer kiosk's schema).
fs::path moveAside(const fs::path& file, std::chrono::system_clock::time_point now, const std::string& why) {
    std::string stamp = formatIsoUtc(now);
    std::erase(stamp, ':');
    std::erase(stamp, '-');
    const std::string base = file.string() + "." + why + "-" + stamp;
    fs::path target = base;
    for (int n = 2; fs::exists(target) || fs::exists(target.string() + "-wal"); ++n)
        target = base + "-" + std::to_string(n);
    std::error_code ec;
    fs::rename(file, target, ec);
    if (ec)
        throw SqliteError(SQLITE_CANTOPEN, "cannot move the damaged outbox " + file.string() + " aside: " + ec.message());
    for (const char* suffix : {"-wal", "-shm"}) {
        const fs::path from = file.string() + suffix;
        if (fs::exists(from, ec)) fs::rename(from, target.string() + suffix, ec);
    }
    syncDirectory(file.parent_path());
    return target;
}

std::string iso(std::chrono::system_clock::time_point when) {
    return formatIsoUtc(when);
}

OutboxReport rowToReport(const Statement& row) {
    OutboxReport r;
    int c = 0;
    r.id = row.integer(c++);
    r.trackingCode = row.text(c++);
    r.idempotencyKey = row.text(c++);
    r.createdAt = row.text(c++);
    auto& d = r.draft;
    d.serviceCode = row.text(c++);
    d.serviceName = row.text(c++);
    d.description = row.text(c++);
    d.address = row.text(c++);
    if (!row.isNull(c)) d.lat = row.real(c);
    ++c;
    if (!row.isNull(c)) d.lon = row.real(c);
    ++c;
    d.firstName = row.text(c++);
    d.lastName = row.text(c++);
    d.phone = row.text(c++);
    d.email = row.text(c++);
    d.anonymous = row.integer(c++) != 0;
    d.attributes = open311::attributesFromJson(row.text(c++));
    d.consentVersion = row.text(c++);
    d.consentAt = row.text(c++);
    d.parentRequestId = row.text(c++);
    r.state = reportStateFromString(row.text(c++)).value_or(ReportState::Queued);
    r.serviceRequestId = row.text(c++);
    r.token = row.text(c++);
    r.serviceNotice = row.text(c++);
    r.attempts = row.integer(c++);
    r.failures = row.integer(c++);
    r.nextAttemptAt = row.text(c++);
    r.lastError = row.text(c++);
    r.refusedErrors = open311::errorsFromJson(row.text(c++));
    r.filedAt = row.text(c++);
    auto& t = r.tracked;
    t.status = row.text(c++);
    t.statusNotes = row.text(c++);
    t.serviceName = row.text(c++);
    t.agencyResponsible = row.text(c++);
    t.requestedAt = row.text(c++);
    t.updatedAt = row.text(c++);
    t.expectedAt = row.text(c++);
    t.address = row.text(c++);
    if (!t.status.empty()) t.serviceRequestId = r.serviceRequestId;
    r.trackedAt = row.text(c++);
    r.updatedAt = row.text(c++);
    d.accountId = row.text(c++);
    r.statusChanged = row.integer(c++) != 0;
    r.verdict = row.text(c++);
    r.verdictAt = row.text(c++);
    return r;
}

std::vector<OutboxReport> allRows(Statement& stmt) {
    std::vector<OutboxReport> reports;
    while (stmt.step()) reports.push_back(rowToReport(stmt));
    return reports;
}

OutboxRating rowToRating(const Statement& row) {
    OutboxRating r;
    int c = 0;
    r.id = row.integer(c++);
    r.dossierCode = row.text(c++);
    r.level = static_cast<int>(row.integer(c++));
    r.comment = row.text(c++);
    r.idempotencyKey = row.text(c++);
    r.ratedAt = row.text(c++);
    r.createdAt = row.text(c++);
    r.state = ratingStateFromString(row.text(c++)).value_or(RatingState::Queued);
    r.ratingId = row.text(c++);
    r.alreadyRated = row.integer(c++) != 0;
    r.attempts = row.integer(c++);
    r.failures = row.integer(c++);
    r.nextAttemptAt = row.text(c++);
    r.lastError = row.text(c++);
    r.refusedErrors = open311::errorsFromJson(row.text(c++));
    r.sentAt = row.text(c++);
    r.updatedAt = row.text(c++);
    return r;
}

// The draft as it may be kept: an anonymous report keeps nothing that names the resident.
open311::ReportDraft storable(open311::ReportDraft draft, const std::string& now) {
    const auto problems = open311::checkDraft(draft);
    if (!problems.empty()) {
        std::string text = "the report cannot be saved:";
        for (const auto& p : problems) text += " " + (p.field.empty() ? std::string() : p.field + ": ") + p.description + ";";
        throw std::invalid_argument(text);
    }
    if (draft.anonymous) {
        draft.firstName.clear();
        draft.lastName.clear();
        draft.phone.clear();
        draft.email.clear();
        draft.accountId.clear();
    }
    if (draft.consentAt.empty()) draft.consentAt = now;
    return draft;
}

// What the resident wrote, bound to ?first … ?first+14 in the order of kDraftColumns (the
// account is not among them: amend keeps the original's).
constexpr const char* kDraftColumns =
    "service_code, service_name, description, address, lat, lon, first_name, last_name, phone, email, anonymous, "
    "attributes, consent_version, consent_at, parent_request_id";
void bindDraft(Statement& stmt, int first, const open311::ReportDraft& d) {
    const int i = first;
    stmt.bind(i, d.serviceCode).bind(i + 1, d.serviceName).bind(i + 2, d.description).bind(i + 3, d.address);
    stmt.bind(i + 4, d.lat).bind(i + 5, d.lon).bind(i + 6, d.firstName).bind(i + 7, d.lastName);
    stmt.bind(i + 8, d.phone).bind(i + 9, d.email).bind(i + 10, std::int64_t{d.anonymous ? 1 : 0});
    stmt.bind(i + 11, open311::attributesToJson(d.attributes)).bind(i + 12, d.consentVersion);
    stmt.bind(i + 13, d.consentAt).bind(i + 14, d.parentRequestId);
}

// Writes a storable() draft as a new queued report with a fresh tracking code and idempotency
// key; returns its id. The caller holds the lock and has a transaction open.
std::int64_t insertReport(Database& db, const open311::ReportDraft& draft, const std::string& now,
                          const std::string& wardCode) {
    std::string code;
    for (int tries = 0; code.empty(); ++tries) {
        if (tries == 20) throw SqliteError(SQLITE_FULL, "no free tracking code after 20 tries");
        code = newTrackingCode(wardCode);
        auto taken = db.prepare("SELECT 1 FROM reports WHERE tracking_code = ?");
        taken.bind(1, code);
        if (taken.step()) code.clear();
    }
    auto insert = db.prepare(
        std::string("INSERT INTO reports(tracking_code, idempotency_key, created_at, account_id, ") + kDraftColumns +
        ", state, next_attempt_at, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
        "?15, ?16, ?17, ?18, ?19, 'queued', ?3, ?3)");
    insert.bind(1, code).bind(2, newIdempotencyKey()).bind(3, now).bind(4, draft.accountId);
    bindDraft(insert, 5, draft);
    insert.run();
    return db.lastInsertId();
}

// A report just inserted, as read back from the database rather than echoed from memory: what
// the resident is shown is what the disk holds.
OutboxReport savedAsStored(std::optional<OutboxReport> saved) {
    if (!saved) throw SqliteError(SQLITE_INTERNAL, "a saved report is not in the outbox");
    const auto& d = saved->draft;
    log::get("feedback")->info("report {} saved (service {}, {}{})", saved->trackingCode, d.serviceCode,
                               d.anonymous ? "anonymous" : "named",
                               d.parentRequestId.empty() ? "" : ", reopening " + d.parentRequestId);
    return std::move(*saved);
}
}  // namespace

std::string_view toString(ReportState state) {
    switch (state) {
        case ReportState::Queued: return "queued";
        case ReportState::Sending: return "sending";
        case ReportState::Filed: return "filed";
        case ReportState::Token: return "token";
        case ReportState::Refused: return "refused";
    }
    return "queued";
}

std::optional<ReportState> reportStateFromString(std::string_view text) {
    for (const auto state : {ReportState::Queued, ReportState::Sending, ReportState::Filed, ReportState::Token,
                             ReportState::Refused})
        if (toString(state) == text) return state;
    return std::nullopt;
}

std::string newTrackingCode(std::string_view wardCode) {
    if (!wardCode.empty() && !isWardCode(wardCode))
        throw std::invalid_argument("tracking code: ward code \"" + std::string(wardCode) + "\" is not 5 digits");
    std::string characters;
    while (characters.size() < kTrackingRandom) {
        std::array<unsigned char, 16> bytes{};
        secureRandom(bytes.data(), bytes.size());
        for (const unsigned char b : bytes) {
            // Rejection keeps every character equally likely (256 is not a multiple of 31).
            if (b >= 248 || characters.size() == kTrackingRandom) continue;
            characters += kAlphabet[b % kAlphabet.size()];
        }
    }
    characters += checkCharacter(wardCode, characters);
    return formatTrackingCode(wardCode, characters);
}

std::string normalizeTrackingCode(std::string_view typed) {
    std::string compact;
    for (const char c : typed) {
        if (c == '-' || c == ' ' || c == '\t') continue;
        compact += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        if (compact.size() > 32) return {};
    }
    if (!compact.starts_with(kTrackingPrefix)) return {};
    std::string_view rest = std::string_view(compact).substr(kTrackingPrefix.size());
    // Codes made before they named the ward have no digits there; both stay valid.
    std::string_view ward;
    if (rest.size() == kWardDigits + kTrackingRandom + 1) {
        ward = rest.substr(0, kWardDigits);
        if (!isWardCode(ward)) return {};
        rest.remove_prefix(kWardDigits);
    } else if (rest.size() != kTrackingRandom + 1) {
        return {};
    }
    if (rest.find_first_not_of(kAlphabet) != std::string_view::npos) return {};
    if (checkCharacter(ward, rest.substr(0, kTrackingRandom)) != rest.back()) return {};
    return formatTrackingCode(ward, rest);
}

std::string trackingCodeWard(std::string_view trackingCode) {
    const std::string code = normalizeTrackingCode(trackingCode);
    const std::size_t start = kTrackingPrefix.size() + 1;
    if (code.size() < start + kWardDigits + 1 || code[start + kWardDigits] != '-') return {};
    return code.substr(start, kWardDigits);
}

bool looksLikeTrackingCode(std::string_view typed) {
    std::string compact;
    for (const char c : typed) {
        if (c == '-' || c == ' ' || c == '\t') continue;
        compact += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        if (compact.size() > 32) return false;
    }
    if (!compact.starts_with(kTrackingPrefix)) return false;
    const std::size_t rest = compact.size() - kTrackingPrefix.size();
    return rest == kTrackingRandom + 1 || rest == kWardDigits + kTrackingRandom + 1;
}

std::string newIdempotencyKey() {
    std::array<unsigned char, 16> b{};
    secureRandom(b.data(), b.size());
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
    static constexpr char kHex[] = "0123456789abcdef";
    std::string key;
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) key += '-';
        key += kHex[b[i] >> 4];
        key += kHex[b[i] & 15];
    }
    return key;
}

std::unique_ptr<Outbox> Outbox::open(const fs::path& file, const Clock& clock, OpenReport* report) {
    auto logger = log::get("feedback");
    OpenReport local;
    OpenReport& opened = report ? *report : local;
    std::error_code ec;
    if (!file.parent_path().empty()) fs::create_directories(file.parent_path(), ec);
    if (fs::exists(file, ec)) {
        std::string problem;
        bool newer = false;
        {
            std::optional<Database> db;
            try {
                db = Database::open(file);
                configure(*db);
                problem = problemWith(*db);
                if (problem.empty()) {
                    migrate(*db, file);
                    syncDirectory(file.parent_path());  // the -wal SQLite may just have created
                    return std::unique_ptr<Outbox>(new Outbox(file, std::move(*db), clock));
                }
                newer = db->userVersion() > kSchemaVersion;
            } catch (const SqliteError& error) {
                // Busy, unreadable, read-only: not damage. Moving such a file could lose a
                // working outbox to a passing lock; the caller reports it instead.
                if (!isCorruption(error)) throw;
                if (problem.empty()) problem = error.what();
            }
        }  // closed before the move
        opened.problem = problem;
        opened.movedAside = moveAside(file, clock.wallNow(), newer ? "newer" : "corrupt");
        logger->critical("OUTBOX {}: {} is unusable ({}). It was moved to {}; a new outbox is started and what "
                         "can be read of the old one is recovered into it.",
                         newer ? "FROM A NEWER KIOSK" : "DAMAGED", file.string(), problem, opened.movedAside.string());
    }
    auto db = Database::open(file);
    configure(db);
    migrate(db, file);
    syncDirectory(file.parent_path());
    auto outbox = std::unique_ptr<Outbox>(new Outbox(file, std::move(db), clock));
    if (!opened.movedAside.empty()) {
        try {
            opened.recovered = outbox->recoverFrom(opened.movedAside, opened.problem);
        } catch (const std::exception& error) {
            // The new outbox works and the old file stays where the log says: staff can run
            // kioskctl outbox recover on it once the cause (a full disk) is gone.
            logger->critical("outbox: NOTHING recovered from {}: {} (kioskctl outbox recover {})",
                             opened.movedAside.string(), error.what(), opened.movedAside.string());
        }
    }
    return outbox;
}

std::unique_ptr<Outbox> Outbox::openReadOnly(const fs::path& file, const Clock& clock, std::string* note) {
    auto db = Database::openExistingReadOnly(file, note);
    if (!db) return nullptr;
    // Version 3 (before recoveries) is read as it is: the kiosk upgrades it at its next start.
    const int version = db->userVersion();
    if (version < 3 || version > kSchemaVersion)
        throw SqliteError(SQLITE_CANTOPEN, file.string() + " has outbox schema version " + std::to_string(version) +
                                               "; this kioskctl reads versions 3 to " + std::to_string(kSchemaVersion) +
                                               (version < 3 ? " (the kiosk upgrades it when it starts)" : ""));
    return std::unique_ptr<Outbox>(new Outbox(file, std::move(*db), clock));
}

Outbox::Outbox(fs::path file, Database db, const Clock& clock)
    : file_(std::move(file)), clock_(clock), db_(std::move(db)) {}

std::string Outbox::nowIso() const {
    return iso(clock_.wallNow());
}

std::vector<OutboxReport> Outbox::select(const std::string& where, const std::string& tail) {
    auto stmt = db_.prepare(std::string("SELECT ") + kColumns + " FROM reports WHERE " + where + " " + tail);
    return allRows(stmt);
}

std::optional<OutboxReport> Outbox::getLocked(std::int64_t id) {
    auto stmt = db_.prepare(std::string("SELECT ") + kColumns + " FROM reports WHERE id = ?");
    stmt.bind(1, id);
    if (!stmt.step()) return std::nullopt;
    return rowToReport(stmt);
}

OutboxReport Outbox::save(const open311::ReportDraft& input) {
    const std::string now = nowIso();
    const auto draft = storable(input, now);
    std::lock_guard lock(mutex_);
    std::int64_t id = 0;
    db_.transaction([&] { id = insertReport(db_, draft, now, wardCode_); });
    return savedAsStored(getLocked(id));
}

std::vector<OutboxReport> Outbox::claimDue(std::chrono::system_clock::time_point now, std::chrono::seconds lease,
                                          std::size_t limit) {
    std::lock_guard lock(mutex_);
    const auto ids = kReportQueue.claim(db_, now, lease, limit);
    std::vector<OutboxReport> claimed;
    for (const auto id : ids)
        if (auto report = getLocked(id)) claimed.push_back(std::move(*report));
    return claimed;
}

bool Outbox::markFiled(std::int64_t id, const std::string& requestId, const std::string& notice) {
    std::lock_guard lock(mutex_);
    const std::string now = nowIso();
    auto stmt = db_.prepare(std::string(
        "UPDATE reports SET state = 'filed', service_request_id = ?2, service_notice = ?3, attempts = attempts + 1, "
        "failures = 0, next_attempt_at = '', lease_until = '', last_error = '', filed_at = ?4, updated_at = ?4 "
        "WHERE id = ?1 AND state IN ") + kOpenStates);
    stmt.bind(1, id).bind(2, requestId).bind(3, notice).bind(4, now);
    stmt.run();
    return db_.changes() > 0;
}

bool Outbox::markToken(std::int64_t id, const std::string& token, std::chrono::system_clock::time_point nextPoll,
                       const std::string& notice) {
    std::lock_guard lock(mutex_);
    auto stmt = db_.prepare(std::string(
        "UPDATE reports SET state = 'token', token = ?2, service_notice = CASE WHEN ?3 = '' THEN service_notice "
        "ELSE ?3 END, attempts = attempts + 1, failures = 0, next_attempt_at = ?4, lease_until = '', "
        "last_error = '', updated_at = ?5 WHERE id = ?1 AND state IN ") + kOpenStates);
    stmt.bind(1, id).bind(2, token).bind(3, notice).bind(4, iso(nextPoll)).bind(5, nowIso());
    stmt.run();
    return db_.changes() > 0;
}

bool Outbox::markRefused(std::int64_t id, const std::vector<open311::FieldError>& errors) {
    // Only a report the city has not accepted can be refused; a token report it already has.
    return markRefusedIn("reports", id, errors);
}

bool Outbox::markRefusedIn(const char* table, std::int64_t id, const std::vector<open311::FieldError>& errors) {
    std::lock_guard lock(mutex_);
    auto stmt = db_.prepare(std::string("UPDATE ") + table +
                            " SET state = 'refused', refused_errors = ?2, last_error = ?3, attempts = attempts + 1, "
                            "next_attempt_at = '', lease_until = '', updated_at = ?4 WHERE id = ?1 AND state IN "
                            "('queued', 'sending')");
    stmt.bind(1, id).bind(2, open311::errorsToJson(errors));
    stmt.bind(3, errors.empty() ? std::string("refused") : errors.front().description).bind(4, nowIso());
    stmt.run();
    return db_.changes() > 0;
}

bool Outbox::markRetry(std::int64_t id, const std::string& error, std::chrono::system_clock::time_point nextAttempt) {
    std::lock_guard lock(mutex_);
    return kReportQueue.release(db_, id, error, nextAttempt, true, nowIso());
}

bool Outbox::defer(std::int64_t id, std::chrono::system_clock::time_point nextAttempt) {
    std::lock_guard lock(mutex_);
    return kReportQueue.release(db_, id, {}, nextAttempt, false, nowIso());
}

bool Outbox::amend(std::int64_t id, const open311::ReportDraft& input) {
    const std::string now = nowIso();
    const auto draft = storable(input, now);
    std::lock_guard lock(mutex_);
    // The account stays the original's (whoever was logged in when it was first saved), unless
    // the resident now sends it anonymously.
    auto stmt = db_.prepare(
        "UPDATE reports SET service_code = ?2, service_name = ?3, description = ?4, address = ?5, lat = ?6, lon = ?7, "
        "first_name = ?8, last_name = ?9, phone = ?10, email = ?11, anonymous = ?12, attributes = ?13, "
        "consent_version = ?14, consent_at = ?15, parent_request_id = ?16, idempotency_key = ?17, state = 'queued', "
        "account_id = CASE WHEN ?12 = 1 THEN '' ELSE account_id END, "
        "refused_errors = '[]', last_error = '', failures = 0, next_attempt_at = ?18, lease_until = '', "
        "updated_at = ?18 WHERE id = ?1 AND state = 'refused'");
    stmt.bind(1, id);
    bindDraft(stmt, 2, draft);
    stmt.bind(17, newIdempotencyKey()).bind(18, now);
    stmt.run();
    return db_.changes() > 0;
}

std::int64_t Outbox::retryAllNow(std::chrono::system_clock::time_point now) {
    std::lock_guard lock(mutex_);
    // Staff asked for it: leases of a sender that died mid-send are released too. Should that
    // sender still be alive, both may post the report; its Idempotency-Key makes the city file
    // it once, and the later answer cannot undo the earlier (mark* refuse a filed report).
    const auto reports = kReportQueue.releaseAll(db_, now, nowIso());
    return reports + kRatingQueue.releaseAll(db_, now, nowIso());
}

bool Outbox::updateStatus(std::int64_t id, const open311::RequestStatus& s) {
    std::lock_guard lock(mutex_);
    const std::string now = nowIso();
    // What the resident would want to hear of changed: the first status the city gives counts
    // too. The flag stays set until markSeen, whatever later polls bring.
    auto stmt = db_.prepare(
        "UPDATE reports SET status_changed = CASE WHEN status IS NOT ?2 OR status_notes IS NOT ?3 OR "
        "agency_responsible IS NOT ?5 OR expected_datetime IS NOT ?8 THEN 1 ELSE status_changed END, "
        "status = ?2, status_notes = ?3, status_service_name = ?4, agency_responsible = ?5, "
        "requested_datetime = ?6, updated_datetime = ?7, expected_datetime = ?8, status_address = ?9, tracked_at = ?10, "
        "updated_at = ?10 WHERE id = ?1 AND state = 'filed'");
    stmt.bind(1, id).bind(2, s.status).bind(3, s.statusNotes).bind(4, s.serviceName).bind(5, s.agencyResponsible);
    stmt.bind(6, s.requestedAt).bind(7, s.updatedAt).bind(8, s.expectedAt).bind(9, s.address).bind(10, now);
    stmt.run();
    return db_.changes() > 0;
}

bool Outbox::confirmFixed(std::int64_t id) {
    std::lock_guard lock(mutex_);
    const std::string now = nowIso();
    auto stmt = db_.prepare(
        "UPDATE reports SET verdict = 'fixed', verdict_at = ?2, updated_at = ?2 "
        "WHERE id = ?1 AND state = 'filed' AND status = 'closed' AND verdict = ''");
    stmt.bind(1, id).bind(2, now);
    stmt.run();
    return db_.changes() > 0;
}

OutboxReport Outbox::reopen(std::int64_t id, const open311::ReportDraft& input) {
    const std::string now = nowIso();
    auto draft = storable(input, now);
    std::lock_guard lock(mutex_);
    std::int64_t newId = 0;
    db_.transaction([&] {
        // Checked inside the transaction: two screens (or a screen and kioskctl) reopening the
        // same report make one new report, not two.
        const auto closed = getLocked(id);
        if (!closed) throw std::invalid_argument("report " + std::to_string(id) + " is not in the outbox");
        const bool isClosed = closed->state == ReportState::Filed && closed->tracked.status == "closed" &&
                              !closed->serviceRequestId.empty();
        if (!isClosed)
            throw std::invalid_argument("report " + closed->trackingCode + " is not closed by the city");
        if (!closed->verdict.empty())
            throw std::invalid_argument("report " + closed->trackingCode + " was already " + closed->verdict);
        draft.parentRequestId = closed->serviceRequestId;
        newId = insertReport(db_, draft, now, wardCode_);
        auto verdict = db_.prepare(
            "UPDATE reports SET verdict = 'reopened', verdict_at = ?2, updated_at = ?2 WHERE id = ?1 AND verdict = ''");
        verdict.bind(1, id).bind(2, now);
        verdict.run();
        if (db_.changes() != 1) throw SqliteError(SQLITE_INTERNAL, "the closed report's verdict was not recorded");
    });
    return savedAsStored(getLocked(newId));
}

void Outbox::markSeen(const std::string& accountId) {
    if (accountId.empty()) return;
    std::lock_guard lock(mutex_);
    auto stmt = db_.prepare("UPDATE reports SET status_changed = 0 WHERE account_id = ?1 AND status_changed <> 0");
    stmt.bind(1, accountId);
    stmt.run();
}

std::vector<OutboxReport> Outbox::list() {
    std::lock_guard lock(mutex_);
    return select("1", "ORDER BY id DESC");
}

std::vector<OutboxReport> Outbox::listForAccount(const std::string& accountId) {
    // "": nobody is logged in, and the anonymous reports of everyone are not "theirs".
    if (accountId.empty()) return {};
    std::lock_guard lock(mutex_);
    auto stmt = db_.prepare(std::string("SELECT ") + kColumns + " FROM reports WHERE account_id = ? ORDER BY id DESC");
    stmt.bind(1, accountId);
    return allRows(stmt);
}

std::vector<OutboxReport> Outbox::toTrack() {
    std::lock_guard lock(mutex_);
    // A report whose content retention blanked is no longer followed: the city's notes and
    // address would only bring personal data back.
    return select("state = 'filed' AND service_request_id <> '' AND status <> 'closed' AND description <> ''",
                  "ORDER BY id");
}

std::optional<OutboxReport> Outbox::get(std::int64_t id) {
    std::lock_guard lock(mutex_);
    return getLocked(id);
}

std::optional<OutboxReport> Outbox::find(std::string_view trackingCode) {
    const std::string code = normalizeTrackingCode(trackingCode);
    if (code.empty()) return std::nullopt;
    std::lock_guard lock(mutex_);
    auto stmt = db_.prepare(std::string("SELECT ") + kColumns + " FROM reports WHERE tracking_code = ?");
    stmt.bind(1, code);
    if (!stmt.step()) return std::nullopt;
    return rowToReport(stmt);
}

std::optional<OutboxReport> Outbox::findByRequestId(const std::string& serviceRequestId) {
    if (serviceRequestId.empty()) return std::nullopt;
    std::lock_guard lock(mutex_);
    auto stmt = db_.prepare(std::string("SELECT ") + kColumns + " FROM reports WHERE service_request_id = ? ORDER BY id");
    stmt.bind(1, serviceRequestId);
    if (!stmt.step()) return std::nullopt;
    return rowToReport(stmt);
}

void setOutboxWard(Outbox& outbox, const std::string& wardCode) {
    try {
        outbox.setWardCode(wardCode);
    } catch (const std::invalid_argument& error) {
        log::get("feedback")->warn("{}; tracking codes will not name the ward", error.what());
    }
}

void Outbox::setWardCode(const std::string& wardCode) {
    if (!wardCode.empty() && !isWardCode(wardCode))
        throw std::invalid_argument("outbox: ward code \"" + wardCode + "\" is not 5 digits");
    std::lock_guard lock(mutex_);
    wardCode_ = wardCode;
}

std::optional<std::chrono::system_clock::time_point> Outbox::nextDue() {
    std::lock_guard lock(mutex_);
    return kReportQueue.nextDue(db_);
}

OutboxCounts Outbox::counts() {
    std::lock_guard lock(mutex_);
    OutboxCounts counts;
    auto stmt = db_.prepare("SELECT state, count(*) FROM reports GROUP BY state");
    while (stmt.step()) {
        const auto state = reportStateFromString(stmt.text(0));
        if (!state) continue;
        const auto n = stmt.integer(1);
        switch (*state) {
            case ReportState::Queued: counts.queued = n; break;
            case ReportState::Sending: counts.sending = n; break;
            case ReportState::Filed: counts.filed = n; break;
            case ReportState::Token: counts.token = n; break;
            case ReportState::Refused: counts.refused = n; break;
        }
    }
    auto oldest = db_.prepare(std::string("SELECT min(created_at) FROM reports WHERE state IN ") + kOpenStates);
    if (oldest.step() && !oldest.isNull(0)) counts.oldestWaitingSince = oldest.text(0);
    return counts;
}

std::string Outbox::integrityCheck() {
    std::lock_guard lock(mutex_);
    auto stmt = db_.prepare("PRAGMA integrity_check(10)");
    std::string result;
    while (stmt.step()) result += (result.empty() ? "" : "; ") + stmt.text(0);
    return result;
}

Outbox::Durability Outbox::durability() {
    std::lock_guard lock(mutex_);
    Durability d;
    auto mode = db_.prepare("PRAGMA journal_mode");
    if (mode.step()) d.journalMode = mode.text(0);
    auto sync = db_.prepare("PRAGMA synchronous");
    if (sync.step()) d.synchronous = static_cast<int>(sync.integer(0));
    return d;
}

std::optional<OutboxRating> Outbox::ratingLocked(std::int64_t id) {
    auto stmt = db_.prepare(std::string("SELECT ") + kRatingColumns + " FROM ratings WHERE id = ?");
    stmt.bind(1, id);
    if (!stmt.step()) return std::nullopt;
    return rowToRating(stmt);
}

OutboxRating Outbox::saveRating(const RatingDraft& input) {
    std::string error;
    const auto draft = storableRating(input, error);
    if (!draft) throw std::invalid_argument("the rating cannot be saved: " + error);
    const std::string now = nowIso();
    const std::string ratedAt = cityIsoTime(clock_.wallNow());
    std::lock_guard lock(mutex_);
    std::int64_t id = 0;
    db_.transaction([&] {
        auto insert = db_.prepare(
            "INSERT INTO ratings(dossier_code, level, comment, idempotency_key, rated_at, created_at, state, "
            "next_attempt_at, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, 'queued', ?6, ?6)");
        insert.bind(1, draft->dossierCode).bind(2, std::int64_t{draft->level}).bind(3, draft->comment);
        insert.bind(4, newIdempotencyKey()).bind(5, ratedAt).bind(6, now);
        insert.run();
        id = db_.lastInsertId();
    });
    auto saved = ratingLocked(id);
    if (!saved) throw SqliteError(SQLITE_INTERNAL, "a saved rating is not in the outbox");
    log::get("feedback")->info("rating {} of dossier {} saved (level {})", saved->id, saved->dossierCode, saved->level);
    return std::move(*saved);
}

std::vector<OutboxRating> Outbox::claimDueRatings(std::chrono::system_clock::time_point now, std::chrono::seconds lease,
                                                  std::size_t limit, std::optional<std::int64_t> only) {
    std::lock_guard lock(mutex_);
    // One rating asked for by id (sent as soon as it is saved) is due whenever it is waiting
    // and not leased to another sender.
    const auto ids = kRatingQueue.claim(db_, now, lease, limit, only);
    std::vector<OutboxRating> claimed;
    for (const auto id : ids)
        if (auto rating = ratingLocked(id)) claimed.push_back(std::move(*rating));
    return claimed;
}

bool Outbox::markRatingSent(std::int64_t id, const std::string& ratingId, bool alreadyRated) {
    std::lock_guard lock(mutex_);
    const std::string now = nowIso();
    auto stmt = db_.prepare(
        "UPDATE ratings SET state = 'sent', rating_id = ?2, already_rated = ?3, attempts = attempts + 1, failures = 0, "
        "next_attempt_at = '', lease_until = '', last_error = '', sent_at = ?4, updated_at = ?4 "
        "WHERE id = ?1 AND state IN ('queued', 'sending')");
    stmt.bind(1, id).bind(2, ratingId).bind(3, std::int64_t{alreadyRated ? 1 : 0}).bind(4, now);
    stmt.run();
    return db_.changes() > 0;
}

bool Outbox::markRatingRefused(std::int64_t id, const std::vector<open311::FieldError>& errors) {
    return markRefusedIn("ratings", id, errors);
}

bool Outbox::markRatingRetry(std::int64_t id, const std::string& error, std::chrono::system_clock::time_point nextAttempt,
                             bool countFailure) {
    std::lock_guard lock(mutex_);
    return kRatingQueue.release(db_, id, error, nextAttempt, countFailure, nowIso());
}

std::optional<OutboxRating> Outbox::rating(std::int64_t id) {
    std::lock_guard lock(mutex_);
    return ratingLocked(id);
}

std::vector<OutboxRating> Outbox::ratings() {
    std::lock_guard lock(mutex_);
    auto stmt = db_.prepare(std::string("SELECT ") + kRatingColumns + " FROM ratings ORDER BY id DESC");
    std::vector<OutboxRating> out;
    while (stmt.step()) out.push_back(rowToRating(stmt));
    return out;
}

std::optional<std::chrono::system_clock::time_point> Outbox::nextRatingDue() {
    std::lock_guard lock(mutex_);
    return kRatingQueue.nextDue(db_);
}

void Outbox::storeServices(const std::string& json) {
    std::lock_guard lock(mutex_);
    auto stmt = db_.prepare(
        "INSERT INTO services_cache(id, services, fetched_at) VALUES(1, ?1, ?2) "
        "ON CONFLICT(id) DO UPDATE SET services = ?1, fetched_at = ?2");
    stmt.bind(1, json).bind(2, nowIso());
    stmt.run();
}

std::optional<CachedAnswer> Outbox::services() {
    std::lock_guard lock(mutex_);
    auto stmt = db_.prepare("SELECT services, fetched_at FROM services_cache WHERE id = 1");
    if (!stmt.step()) return std::nullopt;
    return CachedAnswer{stmt.text(0), stmt.text(1)};
}

void Outbox::storeDefinition(const std::string& serviceCode, const std::string& json) {
    std::lock_guard lock(mutex_);
    auto stmt = db_.prepare(
        "INSERT INTO definitions_cache(service_code, definition, fetched_at) VALUES(?1, ?2, ?3) "
        "ON CONFLICT(service_code) DO UPDATE SET definition = ?2, fetched_at = ?3");
    stmt.bind(1, serviceCode).bind(2, json).bind(3, nowIso());
    stmt.run();
}

std::optional<CachedAnswer> Outbox::definition(const std::string& serviceCode) {
    std::lock_guard lock(mutex_);
    auto stmt = db_.prepare("SELECT definition, fetched_at FROM definitions_cache WHERE service_code = ?");
    stmt.bind(1, serviceCode);
    if (!stmt.step()) return std::nullopt;
    return CachedAnswer{stmt.text(0), stmt.text(1)};
}

namespace {
// One table of a file being recovered: how to read it and what makes a row one we can send.
struct SalvageTable {
    const char* table;
    std::vector<std::string> columnLists;  // tried in turn: the newest first, then older schemas
    int keyColumn;                          // index of idempotency_key in a column list
    std::function<bool(const Statement&)> understood;
    const char* fixup;  // run on the inserted row (?1 id, ?2 now): waiting again, due now
};

std::string withoutFirstColumn(const std::string& columns) {
    return columns.substr(columns.find(',') + 1);
}

std::optional<std::int64_t> integerOf(Database& db, const std::string& sql) {
    try {
        auto stmt = db.prepare(sql);
        if (stmt.step() && !stmt.isNull(0)) return stmt.integer(0);
    } catch (const SqliteError&) {
    }
    return std::nullopt;
}

bool isConstraint(const SqliteError& error) {
    const int primary = error.code() & 0xFF;
    return primary == SQLITE_CONSTRAINT || primary == SQLITE_MISMATCH || primary == SQLITE_TOOBIG;
}

// Reads `t` from `from` row by row and adds what is new to `to` (a transaction is open on it).
// Each read is a seek by id ("the first row with id >= n"), so a damaged leaf page costs the
// ids on it, one failed seek each, and the walk goes on past it. The ids to walk are bounded by
// what AUTOINCREMENT last gave (sqlite_sequence) or the largest id, whichever can be read.
void salvage(Database& from, Database& to, const SalvageTable& t, const std::string& now, std::int64_t& added,
             OutboxRecovery& r, std::vector<std::string>& notes) {
    std::optional<Statement> read;
    std::string columns;
    std::string firstError;
    for (const auto& candidate : t.columnLists) {
        try {
            read.emplace(from.prepare("SELECT " + candidate + " FROM " + t.table + " WHERE id >= ?1 ORDER BY id LIMIT 1"));
            columns = candidate;
            break;
        } catch (const SqliteError& error) {
            if (firstError.empty()) firstError = error.what();
        }
    }
    const auto sequence = integerOf(from, std::string("SELECT seq FROM sqlite_sequence WHERE name = '") + t.table + "'");
    if (!read) {
        if (firstError.find("no such table") != std::string::npos && sequence.value_or(0) == 0) return;
        notes.push_back(std::string(t.table) + " could not be read (" + firstError + ")");
        r.unreadable += sequence.value_or(0);
        return;
    }
    const auto largest = integerOf(from, std::string("SELECT max(id) FROM ") + t.table);
    std::optional<std::int64_t> bound;
    if (sequence || largest) bound = std::max(sequence.value_or(0), largest.value_or(0));
    const std::string insertColumns = withoutFirstColumn(columns);
    const auto count = static_cast<int>(std::count(columns.begin(), columns.end(), ','));
    std::string placeholders;
    for (int i = 1; i <= count; ++i) placeholders += (i > 1 ? ", ?" : "?") + std::to_string(i);
    auto insert = to.prepare(std::string("INSERT INTO ") + t.table + "(" + insertColumns + ") VALUES(" + placeholders + ")");
    auto known = to.prepare(std::string("SELECT 1 FROM ") + t.table + " WHERE idempotency_key = ?1");
    auto fixup = to.prepare(t.fixup);
    // Without a bound, give up after this many failed ids in a row (an unreadable tail).
    constexpr std::int64_t kBlindLimit = 100000;
    std::int64_t failedInARow = 0;
    for (std::int64_t next = 1; !bound || next <= *bound;) {
        bool row = false;
        try {
            read->reset();
            read->bind(1, next);
            row = read->step();
        } catch (const SqliteError&) {
            ++r.unreadable;
            ++next;
            if (!bound && ++failedInARow >= kBlindLimit) break;
            continue;
        }
        failedInARow = 0;
        if (!row) break;
        const std::int64_t id = read->integer(0);
        next = std::max(id, next) + 1;
        const std::string key = read->text(t.keyColumn);
        if (key.empty() || key.size() > 100 || !t.understood(*read)) {
            ++r.notUnderstood;
            continue;
        }
        known.reset();
        known.bind(1, key);
        if (known.step()) {
            ++r.alreadyHere;
            continue;
        }
        try {
            insert.reset();
            for (int i = 1; i <= count; ++i) insert.bindColumn(i, *read, i);
            insert.run();
        } catch (const SqliteError& error) {
            // A value our schema does not take (a newer kiosk's, or garbage that read as a row).
            if (!isConstraint(error)) throw;
            ++r.notUnderstood;
            continue;
        }
        fixup.reset();
        fixup.bind(1, to.lastInsertId()).bind(2, now);
        fixup.run();
        ++added;
    }
}
}  // namespace

std::string OutboxRecovery::summary() const {
    const auto plural = [](std::int64_t n, const char* one, const char* many) {
        return std::to_string(n) + " " + (n == 1 ? one : many);
    };
    std::string text = "recovered " + plural(reports, "report", "reports") + ", " + plural(ratings, "rating", "ratings") +
                       " from " + source.string() + "; " + std::to_string(alreadyHere) + " already here, " +
                       std::to_string(unreadable) + " unreadable, " + std::to_string(notUnderstood) + " not understood";
    if (!note.empty()) text += " (" + note + ")";
    return text;
}

OutboxRecovery Outbox::recoverFrom(const fs::path& source, const std::string& problem) {
    std::error_code ec;
    if (!fs::exists(source, ec)) throw std::invalid_argument(source.string() + ": no such file");
    if (fs::equivalent(source, file_, ec)) throw std::invalid_argument(source.string() + " is this outbox itself");
    OutboxRecovery r;
    r.source = fs::absolute(source, ec);
    if (ec) r.source = source;
    r.problem = problem;
    r.at = nowIso();
    std::vector<std::string> notes;
    std::optional<Database> from;
    try {
        std::string note;
        from = Database::openDamaged(source, &note);
        if (!note.empty()) notes.push_back(note);
        if (const auto version = integerOf(*from, "PRAGMA user_version"); !version)
            notes.push_back("its schema version cannot be read");
        else if (*version > kSchemaVersion)
            notes.push_back("schema version " + std::to_string(*version) + " is newer than this kiosk's (" +
                            std::to_string(kSchemaVersion) + "): only the columns and states this kiosk knows were "
                            "taken, the file is kept as it is");
    } catch (const SqliteError& error) {
        notes.push_back(std::string("it cannot be opened: ") + error.what());
        from.reset();
    }
    const SalvageTable reports{
        "reports",
        {kColumns, kColumnsV1},
        2,
        [](const Statement& row) {
            const std::string code = row.text(1);
            return normalizeTrackingCode(code) == code && reportStateFromString(row.text(19)).has_value() &&
                   !row.text(3).empty() && !row.text(4).empty();
        },
        "UPDATE reports SET state = CASE WHEN state = 'sending' THEN 'queued' ELSE state END, lease_until = '', "
        "failures = CASE WHEN state IN ('queued', 'sending', 'token') THEN 0 ELSE failures END, "
        "next_attempt_at = CASE WHEN state IN ('queued', 'sending', 'token') THEN ?2 ELSE next_attempt_at END, "
        "updated_at = ?2 WHERE id = ?1"};
    const SalvageTable ratings{
        "ratings",
        {kRatingColumns},
        4,
        [](const Statement& row) {
            return ratingStateFromString(row.text(7)).has_value() && !row.text(1).empty() && row.integer(2) >= 1 &&
                   row.integer(2) <= 5;
        },
        "UPDATE ratings SET state = CASE WHEN state = 'sending' THEN 'queued' ELSE state END, lease_until = '', "
        "failures = CASE WHEN state IN ('queued', 'sending') THEN 0 ELSE failures END, "
        "next_attempt_at = CASE WHEN state IN ('queued', 'sending') THEN ?2 ELSE next_attempt_at END, "
        "updated_at = ?2 WHERE id = ?1"};
    std::lock_guard lock(mutex_);
    std::vector<std::string> tableNotes;
    db_.transaction([&] {
        r.reports = r.ratings = r.alreadyHere = r.unreadable = r.notUnderstood = 0;
        tableNotes.clear();
        if (from) {
            salvage(*from, db_, reports, r.at, r.reports, r, tableNotes);
            salvage(*from, db_, ratings, r.at, r.ratings, r, tableNotes);
        }
        std::string note;
        for (const auto& n : notes) note += (note.empty() ? "" : "; ") + n;
        for (const auto& n : tableNotes) note += (note.empty() ? "" : "; ") + n;
        r.note = note;
        auto record = db_.prepare(std::string("INSERT INTO recoveries(") + kRecoveryColumns +
                                  ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
        record.bind(1, r.source.string()).bind(2, r.problem).bind(3, r.at).bind(4, r.reports).bind(5, r.ratings);
        record.bind(6, r.alreadyHere).bind(7, r.unreadable).bind(8, r.notUnderstood).bind(9, r.note);
        record.run();
    });
    r.readThrough = from.has_value() && tableNotes.empty();
    const bool lost = r.unreadable > 0 || r.notUnderstood > 0 || !r.readThrough;
    log::get("feedback")->log(lost ? spdlog::level::critical : spdlog::level::warn, "outbox: {}", r.summary());
    return r;
}

std::vector<OutboxRecovery> Outbox::recoveries(std::optional<std::chrono::system_clock::time_point> since) {
    std::lock_guard lock(mutex_);
    std::vector<OutboxRecovery> out;
    std::optional<Statement> stmt;
    try {
        stmt.emplace(db_.prepare(std::string("SELECT ") + kRecoveryColumns +
                                 " FROM recoveries WHERE at >= ?1 ORDER BY id DESC"));
    } catch (const SqliteError& error) {
        if ((error.code() & 0xFF) == SQLITE_ERROR) return out;  // a version 3 file read as it is
        throw;
    }
    stmt->bind(1, since ? iso(*since) : std::string());
    while (stmt->step()) {
        OutboxRecovery r;
        r.source = stmt->text(0);
        r.problem = stmt->text(1);
        r.at = stmt->text(2);
        r.reports = stmt->integer(3);
        r.ratings = stmt->integer(4);
        r.alreadyHere = stmt->integer(5);
        r.unreadable = stmt->integer(6);
        r.notUnderstood = stmt->integer(7);
        r.note = stmt->text(8);
        out.push_back(std::move(r));
    }
    return out;
}

Outbox::PersonalData Outbox::personalData() {
    std::lock_guard lock(mutex_);
    PersonalData held;
    auto count = [&](const std::string& sql, std::int64_t& n, std::string& oldest) {
        auto stmt = db_.prepare(sql);
        if (!stmt.step()) return;
        n = stmt.integer(0);
        if (!stmt.isNull(1)) oldest = stmt.text(1);
    };
    count(std::string("SELECT count(*), min(created_at) FROM reports WHERE ") + kHoldsContact, held.contacts,
          held.oldestContact);
    count(std::string("SELECT count(*), min(created_at) FROM reports WHERE ") + kHoldsContent, held.contents,
          held.oldestContent);
    count("SELECT count(*), min(created_at) FROM ratings WHERE comment <> ''", held.comments, held.oldestComment);
    count(std::string("SELECT count(*), min(created_at) FROM reports WHERE state IN ") + kOpenStates, held.unsent,
          held.oldestUnsent);
    return held;
}

Outbox::Blanked Outbox::blankExpired(std::chrono::system_clock::time_point contactBefore,
                                     std::chrono::system_clock::time_point contentBefore) {
    const std::string now = nowIso();
    std::lock_guard lock(mutex_);
    Blanked blanked;
    db_.transaction([&] {
        // Content first: what is blanked there loses its contact details too, and is counted once.
        auto content = db_.prepare(std::string("UPDATE reports SET ") + kBlankContent + ", " + kBlankContact +
                                   ", updated_at = ?2 WHERE state IN ('filed', 'refused') AND " + kSettledAt +
                                   " <= ?1 AND (" + kHoldsContent + " OR " + kHoldsContact + ")");
        content.bind(1, iso(contentBefore)).bind(2, now);
        content.run();
        blanked.contents = db_.changes();
        // A closed report the resident has answered for ("fixed", or reopened as a new report
        // that carries its own contact details) needs no way to reach them any more.
        auto contact = db_.prepare(std::string("UPDATE reports SET ") + kBlankContact +
                                   ", updated_at = ?2 WHERE state IN ('filed', 'refused') AND ((" + kSettledAt +
                                   " <= ?1) OR (state = 'filed' AND status = 'closed' AND verdict <> '')) AND " +
                                   kHoldsContact);
        contact.bind(1, iso(contactBefore)).bind(2, now);
        contact.run();
        blanked.contacts = db_.changes();
        auto comments = db_.prepare(
            "UPDATE ratings SET comment = '', refused_errors = '[]', last_error = '', updated_at = ?2 "
            "WHERE state IN ('sent', 'refused') AND CASE WHEN state = 'sent' THEN coalesce(nullif(sent_at, ''), "
            "updated_at) ELSE updated_at END <= ?1 AND (comment <> '' OR refused_errors <> '[]' OR last_error <> '')");
        comments.bind(1, iso(contentBefore)).bind(2, now);
        comments.run();
        blanked.comments = db_.changes();
    });
    return blanked;
}

Outbox::Erased Outbox::erase(const std::vector<std::int64_t>& ids, bool dropUnsent) {
    const std::string now = nowIso();
    std::lock_guard lock(mutex_);
    Erased erased;
    db_.transaction([&] {
        erased = {};
        auto state = db_.prepare("SELECT state FROM reports WHERE id = ?1");
        auto consent = db_.prepare("UPDATE reports SET drop_consent_at = ?2 WHERE id = ?1");
        auto remove = db_.prepare("DELETE FROM reports WHERE id = ?1");
        for (const auto id : ids) {
            state.bind(1, id);
            const std::string current = state.step() ? state.text(0) : std::string();
            state.reset();
            if (current.empty()) continue;
            // Filed, or accepted with its id to come: the city has it, the kiosk may let go.
            const bool cityHasIt = current == "filed" || current == "token";
            if (!cityHasIt && !dropUnsent) {
                ++erased.unsentKept;
                continue;
            }
            if (current != "filed") {
                consent.bind(1, id).bind(2, now);
                consent.run();
                consent.reset();
            }
            remove.bind(1, id);
            remove.run();
            remove.reset();
            ++(cityHasIt ? erased.reports : erased.unsentDropped);
        }
    });
    return erased;
}

std::string Outbox::checkpoint() {
    std::lock_guard lock(mutex_);
    auto stmt = db_.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
    if (!stmt.step()) return "the checkpoint gave no answer";
    if (stmt.integer(0) != 0) return "another connection is reading the outbox; the checkpoint is tried again later";
    return {};
}

void Outbox::markDamagedSeen(const std::vector<fs::path>& files) {
    const std::string now = nowIso();
    std::lock_guard lock(mutex_);
    db_.transaction([&] {
        auto seen = db_.prepare("INSERT OR IGNORE INTO damaged_seen(file, seen_at) VALUES(?1, ?2)");
        for (const auto& file : files) {
            seen.bind(1, file.string()).bind(2, now);
            seen.run();
            seen.reset();
        }
    });
}

std::map<std::string, std::string> Outbox::damagedSeen() {
    std::lock_guard lock(mutex_);
    std::map<std::string, std::string> seen;
    if (db_.userVersion() < 5) return seen;  // a version 4 file read as it is
    auto stmt = db_.prepare("SELECT file, seen_at FROM damaged_seen");
    while (stmt.step()) seen[stmt.text(0)] = stmt.text(1);
    return seen;
}

void Outbox::forgetDamaged(const fs::path& file) {
    std::lock_guard lock(mutex_);
    auto stmt = db_.prepare("DELETE FROM damaged_seen WHERE file = ?1");
    stmt.bind(1, file.string());
    stmt.run();
}

}  // namespace kiosk
