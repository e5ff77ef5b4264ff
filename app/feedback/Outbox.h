#pragma once
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Clock.h"
#include "feedback/Open311.h"
#include "feedback/Rating.h"
#include "storage/Database.h"

namespace kiosk {

// Where a report is on its way to the city. queued → sending → filed | token | refused;
// a failed send goes back to queued, a token report stays token until it has an id.
enum class ReportState { Queued, Sending, Filed, Token, Refused };

std::string_view toString(ReportState state);
std::optional<ReportState> reportStateFromString(std::string_view text);

// One report as the outbox keeps it: what the resident wrote, the keys the outbox gave it,
// and where it is on its way. Times are ISO 8601 UTC ("2026-11-28T01:00:00Z").
struct OutboxReport {
    std::int64_t id = 0;
    std::string trackingCode;    // "PA-7K3M-Q9R": printed for the resident, typed back to find it
    std::string idempotencyKey;  // UUID v4: the same for every try of this report
    std::string createdAt;
    open311::ReportDraft draft;  // contact fields empty when anonymous
    ReportState state = ReportState::Queued;
    std::string serviceRequestId;  // the city's id, once filed
    std::string token;             // the city's token, while it has no id yet
    std::string serviceNotice;
    std::int64_t attempts = 0;     // answers (or failures) so far, token polls included
    std::int64_t failures = 0;     // in a row since the last progress: drives the backoff
    std::string nextAttemptAt;     // queued/token: not tried again before this
    std::string lastError;
    std::vector<open311::FieldError> refusedErrors;
    std::string filedAt;
    open311::RequestStatus tracked;  // the city's last word on a filed report (status "" before)
    std::string trackedAt;
    std::string updatedAt;
    // The city's status, notes, agency or expected date changed since the resident last saw
    // them (markSeen): shown as a notification at their next login.
    bool statusChanged = false;
    // Closed is not fixed: what the resident said of a closed report. "" (nothing yet),
    // "fixed", or "reopened" (a new report, linked by parent_request_id, was made for it).
    std::string verdict;
    std::string verdictAt;
};

struct OutboxCounts {
    std::int64_t queued = 0;
    std::int64_t sending = 0;
    std::int64_t token = 0;
    std::int64_t filed = 0;
    std::int64_t refused = 0;
    std::string oldestWaitingSince;  // created_at of the oldest report not yet filed or refused
    std::int64_t waiting() const { return queued + sending + token; }
};

// A cached answer of the endpoint, kept for when the network is down.
struct CachedAnswer {
    std::string json;
    std::string fetchedAt;
};

// What was taken from an outbox file that could not be used (or that staff named): each report
// and rating added to this outbox once, under its own idempotency key and tracking code. Counts
// only: nothing of what residents wrote, so it may be shown and logged anywhere.
struct OutboxRecovery {
    std::filesystem::path source;     // the file read (left as it was)
    std::string problem;              // why it was set aside ("" when staff asked)
    std::string at;                   // ISO 8601 UTC
    std::int64_t reports = 0;         // added to this outbox
    std::int64_t ratings = 0;
    std::int64_t alreadyHere = 0;     // its idempotency key is in this outbox already
    std::int64_t unreadable = 0;      // ids whose row could not be read (damaged pages)
    std::int64_t notUnderstood = 0;   // read, but not a report or rating this kiosk can send
    std::string note;                 // what else staff should know (a newer schema, a lost table)
    bool readThrough = true;          // false: the file, or a table in it, could not be read at all
    // "recovered 3 reports, 1 rating from …; 0 already here, 2 unreadable, 0 not understood"
    std::string summary() const;
};

// outbox.db: every report a resident sends, from the moment they press Send. It is the one
// promise the feedback feature makes ("your report is never lost"), so:
// - save() returns only after the report is on disk (WAL, synchronous=FULL, one transaction);
// - nothing on the way to the city deletes a report (a trigger refuses deleting an unsent one);
// - a damaged file is moved aside for staff (outbox.db.corrupt-<time>), never overwritten,
//   and what can still be read of it is recovered into the new outbox at once (recoverFrom);
//   a file of a newer kiosk's schema is moved aside as outbox.db.newer-<time> and recovered
//   alike, taking only the columns and states this kiosk knows.
// Thread-safe: the UI's worker saves while the sender claims and marks. Several processes
// (the kiosk and kioskctl) may open the same file; SQLite's locking keeps them apart.
class Outbox {
public:
    // 2: account_id, status_changed, verdict; 3: ratings; 4: recoveries; 5: drop consent, damaged_seen
    static constexpr int kSchemaVersion = 5;

    struct OpenReport {
        std::filesystem::path movedAside;  // non-empty: the old file was unusable and is here now
        std::string problem;               // why it was moved
        std::optional<OutboxRecovery> recovered;  // what was taken from it into the new outbox
    };

    // Opens or creates `file`. Throws SqliteError when no outbox can be had there at all (a
    // busy, unreadable or read-only file is reported, not moved).
    static std::unique_ptr<Outbox> open(const std::filesystem::path& file, const Clock& clock = SystemClock::instance(),
                                        OpenReport* report = nullptr);
    // For commands that only look (kioskctl outbox list/export, status): the file opened
    // read-only as Database::openExistingReadOnly does, creating nothing and changing no owner,
    // with no migration, no quarantine and no recovery. nullptr when there is no outbox yet.
    // Throws SqliteError for a file it cannot read (damaged, or a schema it does not know).
    // Every method that writes throws (SQLITE_READONLY) on such an outbox.
    static std::unique_ptr<Outbox> openReadOnly(const std::filesystem::path& file,
                                                const Clock& clock = SystemClock::instance(), std::string* note = nullptr);
    Outbox(const Outbox&) = delete;
    Outbox& operator=(const Outbox&) = delete;

    // Gives the draft its tracking code and idempotency key and writes it, durably, in one
    // transaction; returns the report as stored. Throws std::invalid_argument for a draft
    // checkDraft refuses, SqliteError when the disk does not take it (then nothing is saved).
    OutboxReport save(const open311::ReportDraft& draft);

    // Reports due at `now` (queued, token, or sending with an expired lease), fewest failures
    // first, at most `limit`. Each is leased for `lease`: another sender (kioskctl) leaves it
    // alone meanwhile, and a crash mid-send only delays it until the lease ends.
    std::vector<OutboxReport> claimDue(std::chrono::system_clock::time_point now,
                                       std::chrono::seconds lease = std::chrono::minutes(10), std::size_t limit = 50);

    // Each returns false when the report is not in a state the change applies to (e.g. it is
    // already filed): a late answer never undoes a later one.
    bool markFiled(std::int64_t id, const std::string& requestId, const std::string& notice = {});
    bool markToken(std::int64_t id, const std::string& token, std::chrono::system_clock::time_point nextPoll,
                   const std::string& notice = {});
    bool markRefused(std::int64_t id, const std::vector<open311::FieldError>& errors);
    bool markRetry(std::int64_t id, const std::string& error, std::chrono::system_clock::time_point nextAttempt);
    // Back to waiting without counting a failure: a report not tried in this run.
    bool defer(std::int64_t id, std::chrono::system_clock::time_point nextAttempt);
    // A refused report the resident changed: queued again under a new idempotency key (the
    // city must not take it for the refused one), same tracking code.
    bool amend(std::int64_t id, const open311::ReportDraft& draft);
    // Every waiting report and rating due now (kioskctl outbox retry). Returns how many.
    std::int64_t retryAllNow(std::chrono::system_clock::time_point now);
    // Tracking: the city's status of a filed report.
    bool updateStatus(std::int64_t id, const open311::RequestStatus& status);

    // The resident confirms a closed report as fixed. False unless the report is closed and has
    // no verdict yet.
    bool confirmFixed(std::int64_t id);
    // The resident says a closed report is not fixed: `draft` is saved as a new report whose
    // parentRequestId is the closed one's service_request_id, and the closed one's verdict
    // becomes "reopened", in one transaction. Throws std::invalid_argument (bad draft, or the
    // report is not closed, or already has a verdict) or SqliteError, saving nothing.
    OutboxReport reopen(std::int64_t id, const open311::ReportDraft& draft);
    // The resident has seen the current status of all their reports.
    void markSeen(const std::string& accountId);

    std::vector<OutboxReport> list();  // newest first
    std::vector<OutboxReport> listForAccount(const std::string& accountId);  // newest first; "" gives none
    std::vector<OutboxReport> toTrack();  // filed, with an id, not closed
    std::optional<OutboxReport> get(std::int64_t id);
    // By tracking code as a resident types it: any case, with or without dashes and spaces.
    std::optional<OutboxReport> find(std::string_view trackingCode);
    // By the city's service_request_id, exactly as the city gave it (nullopt for "").
    std::optional<OutboxReport> findByRequestId(const std::string& serviceRequestId);
    // The ward of this kiosk (5-digit GSO code): every tracking code saved from now on names it,
    // so that another kiosk can tell a resident where the report is kept. "" (the default, and
    // for tests) makes codes without a ward. Throws std::invalid_argument for anything else.
    void setWardCode(const std::string& wardCode);
    // When the next waiting report falls due (nullopt: none waiting).
    std::optional<std::chrono::system_clock::time_point> nextDue();
    OutboxCounts counts();
    // "ok", or SQLite's description of what is wrong (full integrity_check).
    std::string integrityCheck();
    // What this connection commits with (for kioskctl status and the tests): "wal" and 2 (FULL).
    struct Durability {
        std::string journalMode;
        int synchronous = 0;
    };
    Durability durability();

    // Dossier ratings (DOSSIER.md, "Rating"), kept like reports: saveRating returns once the
    // rating and its idempotency key are on disk in one transaction (std::invalid_argument for
    // a draft storableRating refuses); nothing deletes one the portal has not taken.
    OutboxRating saveRating(const RatingDraft& draft);
    // Waiting ratings due at `now` (or just the one `only`, whenever it is waiting), leased like
    // reports so that two senders never post one at the same time.
    std::vector<OutboxRating> claimDueRatings(std::chrono::system_clock::time_point now,
                                              std::chrono::seconds lease = std::chrono::minutes(10),
                                              std::size_t limit = 50, std::optional<std::int64_t> only = {});
    // As for reports, false when the rating is no longer waiting: a late answer undoes nothing.
    bool markRatingSent(std::int64_t id, const std::string& ratingId, bool alreadyRated = false);
    bool markRatingRefused(std::int64_t id, const std::vector<open311::FieldError>& errors);
    // Back to waiting until `nextAttempt`; `countFailure` false: not tried (no failure counted).
    bool markRatingRetry(std::int64_t id, const std::string& error, std::chrono::system_clock::time_point nextAttempt,
                         bool countFailure = true);
    std::optional<OutboxRating> rating(std::int64_t id);
    std::vector<OutboxRating> ratings();  // newest first
    std::optional<std::chrono::system_clock::time_point> nextRatingDue();

    // The endpoint's answers, for offline use. Store only answers that parsed.
    void storeServices(const std::string& json);
    std::optional<CachedAnswer> services();
    void storeDefinition(const std::string& serviceCode, const std::string& json);
    std::optional<CachedAnswer> definition(const std::string& serviceCode);

    // Reads every report and rating that can still be read from `source` (an outbox file, damaged
    // or not, of any schema version) and adds each one not here yet, keeping its tracking code,
    // idempotency key and state: a waiting one is waiting here (due now), so the sender sends it
    // under the same key and the city files it once. Rows are read one at a time by id, so a
    // damaged page loses only the rows on it. All of it, and the record that it was done (shown
    // by kioskctl status), is one transaction: a second run adds nothing. `source` is never
    // written. Throws std::invalid_argument when `source` is missing or is this outbox itself.
    OutboxRecovery recoverFrom(const std::filesystem::path& source, const std::string& problem = {});
    // Recoveries recorded at or after `since` (all when nullopt), newest first.
    std::vector<OutboxRecovery> recoveries(std::optional<std::chrono::system_clock::time_point> since = std::nullopt);

    // Personal data (README, "Personal data"). Contact details are name, phone, e-mail and the
    // VNeID account; content is the description, address, place, fields, the city's notes and
    // refusal words of a report, and a rating's comment. Counts and the created_at of the oldest
    // item holding each, never the data.
    struct PersonalData {
        std::int64_t contacts = 0;  // reports holding contact details
        std::string oldestContact;
        std::int64_t contents = 0;  // reports holding content
        std::string oldestContent;
        std::int64_t comments = 0;  // ratings holding a comment
        std::string oldestComment;
        std::int64_t unsent = 0;    // reports the city does not have yet (kept whole until it does)
        std::string oldestUnsent;
    };
    PersonalData personalData();
    // Retention, in one transaction: reports filed (or refused) at or before `contentBefore`
    // lose content and contact details; those filed at or before `contactBefore`, and closed
    // ones the resident has answered for, lose contact details; ratings sent (or refused) at or
    // before `contentBefore` lose their comment. A report the city has not taken is not
    // touched. The connection overwrites freed space (secure_delete); call checkpoint() after.
    struct Blanked {
        std::int64_t contacts = 0;  // reports that lost only contact details
        std::int64_t contents = 0;  // reports that lost content (and contact details)
        std::int64_t comments = 0;
        std::int64_t total() const { return contacts + contents + comments; }
    };
    Blanked blankExpired(std::chrono::system_clock::time_point contactBefore,
                         std::chrono::system_clock::time_point contentBefore);
    // Erasure on request: deletes the reports `ids` in one transaction. Filed ones and those
    // the city accepted with an id to come are deleted; one the city does not have (waiting or
    // refused) only with `dropUnsent` (the resident's consent, recorded for the trigger),
    // otherwise it is kept and counted.
    struct Erased {
        std::int64_t reports = 0;        // the city has them; deleted here
        std::int64_t unsentDropped = 0;  // never reached the city; dropped with consent
        std::int64_t unsentKept = 0;     // never reached the city; kept (no consent)
    };
    Erased erase(const std::vector<std::int64_t>& ids, bool dropUnsent);
    // PRAGMA wal_checkpoint(TRUNCATE): the WAL's frames, old text included, are gone from the
    // -wal file. "" when done, else why not (another connection reading: tried again later).
    std::string checkpoint();
    // Moved-aside copies (outbox.db.corrupt-…, .newer-…) staff have seen (kioskctl outbox damaged
    // --seen), by absolute path, with when; retention deletes them damaged_days later.
    void markDamagedSeen(const std::vector<std::filesystem::path>& files);
    std::map<std::string, std::string> damagedSeen();
    void forgetDamaged(const std::filesystem::path& file);

    const std::filesystem::path& file() const { return file_; }

private:
    Outbox(std::filesystem::path file, Database db, const Clock& clock);
    // Reports and ratings are refused alike: the portal's errors kept, never tried again as is.
    bool markRefusedIn(const char* table, std::int64_t id, const std::vector<open311::FieldError>& errors);
    std::string nowIso() const;
    std::optional<OutboxReport> getLocked(std::int64_t id);
    std::optional<OutboxRating> ratingLocked(std::int64_t id);
    std::vector<OutboxReport> select(const std::string& where, const std::string& tail = {});

    std::filesystem::path file_;
    const Clock& clock_;
    std::mutex mutex_;
    Database db_;
    std::string wardCode_;
};

// "PA-", the 5-digit GSO code of the kiosk's ward, and 7 characters from an alphabet without
// 0/O, 1/I/L ("PA-26734-7K3M-Q9R"); the last is a check character over the ward and the rest,
// so a mistyped code is told apart from one that does not exist. With no ward (""), the form
// of codes made before they named it: "PA-7K3M-Q9R". Throws std::invalid_argument for a ward
// that is not 5 digits.
std::string newTrackingCode(std::string_view wardCode = {});
// The canonical form ("PA-26734-7K3M-Q9R", or "PA-7K3M-Q9R" for an older code) of a code as
// typed, or "" if it is not a valid code.
std::string normalizeTrackingCode(std::string_view typed);
// The ward ("26734") a valid tracking code names; "" for an older code or an invalid one.
std::string trackingCodeWard(std::string_view trackingCode);
// Whether typed text has the shape of a tracking code ("PA" and 7 or 12 more characters, dashes
// and spaces aside), valid or not: a mistyped code is answered as one, not taken for a 1022 number.
bool looksLikeTrackingCode(std::string_view typed);
// Outbox::setWardCode for a kiosk's configured ward; a code that is not 5 digits is logged and
// left out of tracking codes rather than keeping the outbox from opening.
void setOutboxWard(Outbox& outbox, const std::string& wardCode);
// A random (version 4) UUID from OpenSSL's CSPRNG; throws if it has no randomness to give.
std::string newIdempotencyKey();

}  // namespace kiosk
