#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "feedback/Open311.h"

namespace kiosk {

// The national five-level service rating of a dossier ("đánh giá sự hài lòng"), sent to the
// public-service portal through the outbox (contract: app/dossier/DOSSIER.md, "Rating").
// The level is the number sent: 5 is the most satisfied.
enum class RatingLevel : int {
    VeryDissatisfied = 1,  // Rất không hài lòng
    Dissatisfied = 2,      // Không hài lòng
    Neutral = 3,           // Bình thường
    Satisfied = 4,         // Hài lòng
    VerySatisfied = 5,     // Rất hài lòng
};
constexpr int kMinRatingLevel = 1;
constexpr int kMaxRatingLevel = 5;
constexpr std::size_t kMaxRatingCommentChars = 500;

// A comment as it may be kept and sent: control characters gone (a line break or tab becomes a
// space), runs of spaces made one, no space at either end, bytes that are not UTF-8 dropped.
// `characters` counts what is left; `tooLong` when that is over kMaxRatingCommentChars (the
// text is then refused, never cut: the resident decides what to leave out).
struct RatingComment {
    std::string text;
    std::size_t characters = 0;
    bool tooLong = false;
};
RatingComment checkRatingComment(std::string_view typed);

// What the resident chose. Nothing else about them is kept or sent.
struct RatingDraft {
    std::string dossierCode;  // as typed or scanned; stored canonical
    int level = 0;            // 1 … 5
    std::string comment;      // optional
};

// Where a rating is on its way: queued → sending → sent | refused; a failed send goes back to
// queued. "Sent" includes the portal's 409 (the dossier was already rated: nothing is left to do).
enum class RatingState { Queued, Sending, Sent, Refused };
std::string_view toString(RatingState state);
std::optional<RatingState> ratingStateFromString(std::string_view text);

struct OutboxRating {
    std::int64_t id = 0;
    std::string dossierCode;
    int level = 0;
    std::string comment;
    std::string idempotencyKey;  // the same for every try
    std::string ratedAt;         // city time, as sent ("2026-11-28T09:15:00+07:00")
    std::string createdAt;       // ISO 8601 UTC, like every outbox time
    RatingState state = RatingState::Queued;
    std::string ratingId;        // the portal's id, once sent
    bool alreadyRated = false;   // sent, and the portal said it had a rating already (409)
    std::int64_t attempts = 0;
    std::int64_t failures = 0;   // in a row: drives the backoff
    std::string nextAttemptAt;
    std::string lastError;
    std::vector<open311::FieldError> refusedErrors;
    std::string sentAt;
    std::string updatedAt;
};

// The draft checked and made canonical (code upper-cased, comment through checkRatingComment);
// nullopt with `error` set when it cannot be a rating.
std::optional<RatingDraft> storableRating(const RatingDraft& draft, std::string& error);

// "2026-11-28T09:15:00+07:00": `when` in the city's time (Việt Nam has one zone, no DST).
std::string cityIsoTime(std::chrono::system_clock::time_point when);

// The JSON body of POST {dvc_url}/dossiers/{code}/ratings.
std::string ratingBody(const OutboxRating& rating, const std::string& kioskId);

// What the portal answered.
struct RatingAnswer {
    enum class Kind {
        Sent,          // 201 (or 200) with an id
        AlreadyRated,  // 409: done, nothing more to send
        Refused,       // another 4xx: the portal will not take it; kept, not retried
        Retry,         // 5xx, 408, 429, 403, a transport failure or an unusable answer
    };
    Kind kind = Kind::Retry;
    std::string ratingId;
    std::vector<open311::FieldError> errors;  // Refused: at least one, with a description
    std::string reason;                       // for the log
};
std::string_view toString(RatingAnswer::Kind kind);
RatingAnswer parseRatingAnswer(long status, std::string_view body);

}  // namespace kiosk
