#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/Config.h"
#include "core/Clock.h"
#include "feedback/Backoff.h"
#include "feedback/Outbox.h"
#include "feedback/Rating.h"
#include "net/HttpClient.h"

namespace kiosk {

// What one rating's turn came to.
struct RatingOutcome {
    std::int64_t id = 0;  // the outbox's
    std::string dossierCode;
    RatingAnswer::Kind result = RatingAnswer::Kind::Retry;
    bool deferred = false;  // not tried (an earlier one found the portal failing, or stopping)
    std::string detail;     // the portal's id, the first refusal, or why it waits
    std::vector<open311::FieldError> errors;  // Refused: what the portal said
    std::chrono::seconds retryIn{0};
};

// Takes ratings out of the outbox to the portal (DOSSIER.md, "Rating") under the rules reports
// follow: every answer is written back before the next rating; 201 → sent, 409 → sent (already
// rated), another 4xx → refused (kept, not retried), anything else → kept and retried with the
// feedback sender's Backoff under the same Idempotency-Key; the first failure ends the run and
// the ratings after it wait as long. Calls block: FeedbackSender's thread runs runOnce after
// each of its runs, FeedbackService's network thread runs sendNow for a rating just saved.
class RatingSender {
public:
    // `outbox` and `backoff` must outlive the sender; `stopping`, when given and set, cancels the
    // request in progress (the rating waits again, without a failure counted).
    RatingSender(Outbox& outbox, const Config& config, std::shared_ptr<HttpClient> http, const Clock& clock,
                 Backoff& backoff, const std::atomic<bool>* stopping = nullptr);

    std::vector<RatingOutcome> runOnce(std::chrono::system_clock::time_point now);
    // The rating `id` at once (it was just saved), with at most `timeout` for the answer: a
    // resident is waiting. nullopt when it is not waiting or another sender has it now.
    std::optional<RatingOutcome> sendNow(std::int64_t id, std::chrono::seconds timeout);

private:
    RatingOutcome send(const OutboxRating& rating, std::chrono::system_clock::time_point now,
                       std::chrono::seconds timeout);

    Outbox& outbox_;
    std::string url_;
    std::string kioskId_;
    std::chrono::seconds timeout_;
    std::shared_ptr<HttpClient> http_;
    const Clock& clock_;
    Backoff& backoff_;
    const std::atomic<bool>* stopping_;
    std::atomic<std::int64_t> endpointFailures_{0};  // runs in a row that ended on a failing portal
};

}  // namespace kiosk
