#include "feedback/RatingSender.h"

#include <algorithm>

#include "log/Log.h"
#include "sync/SyncEngine.h"  // parseRetryAfter

namespace kiosk {
namespace {
using Kind = RatingAnswer::Kind;
constexpr std::size_t kClaimLimit = 10;
constexpr std::size_t kMaxAnswerBytes = 64 * 1024;

std::shared_ptr<spdlog::logger> logger() {
    return log::get("feedback");
}
}  // namespace

RatingSender::RatingSender(Outbox& outbox, const Config& config, std::shared_ptr<HttpClient> http, const Clock& clock,
                           Backoff& backoff, const std::atomic<bool>* stopping)
    : outbox_(outbox), url_(config.city.dvcUrl), kioskId_(config.kiosk.id), timeout_(config.feedback.requestTimeout),
      http_(std::move(http)), clock_(clock), backoff_(backoff), stopping_(stopping) {
    while (!url_.empty() && url_.back() == '/') url_.pop_back();
}

RatingOutcome RatingSender::send(const OutboxRating& rating, std::chrono::system_clock::time_point now,
                                 std::chrono::seconds timeout) {
    RatingOutcome outcome;
    outcome.id = rating.id;
    outcome.dossierCode = rating.dossierCode;
    HttpRequest request;
    request.method = "POST";
    request.url = url_ + "/dossiers/" + rating.dossierCode + "/ratings";  // a canonical code needs no escaping
    request.timeout = timeout;
    request.maxBodyBytes = kMaxAnswerBytes;
    request.headers = {{"Content-Type", "application/json"},
                       {"Accept", "application/json"},
                       {"Idempotency-Key", rating.idempotencyKey}};
    request.body = ratingBody(rating, kioskId_);
    const auto result = http_->perform(request, stopping_);
    if (result.failure == HttpFailure::Cancelled && stopping_ && *stopping_) {
        outbox_.markRatingRetry(rating.id, {}, now, false);  // shutting down is not the portal's fault
        outcome.deferred = true;
        outcome.detail = "cancelled: the kiosk is stopping";
        return outcome;
    }
    RatingAnswer answer;
    std::chrono::seconds retryAfter{0};
    if (!result.ok()) {
        answer.reason = std::string(toString(result.failure)) + ": " + result.detail;
    } else {
        answer = parseRatingAnswer(result.response.status, result.response.body);
        if (result.response.status == 429 || result.response.status == 503)
            retryAfter = parseRetryAfter(result.response.header("retry-after"), clock_.wallNow());
    }
    outcome.result = answer.kind;
    switch (answer.kind) {
        case Kind::Sent:
        case Kind::AlreadyRated:
            outbox_.markRatingSent(rating.id, answer.ratingId, answer.kind == Kind::AlreadyRated);
            outcome.detail = answer.kind == Kind::Sent ? answer.ratingId : answer.reason;
            logger()->info("rating {} of dossier {}: {}{}", rating.id, rating.dossierCode, toString(answer.kind),
                           answer.ratingId.empty() ? "" : " (" + answer.ratingId + ")");
            break;
        case Kind::Refused:
            outbox_.markRatingRefused(rating.id, answer.errors);
            outcome.errors = answer.errors;
            outcome.detail = answer.errors.front().description;
            // The portal's words may quote the comment: kept in the outbox, not in the log.
            logger()->warn("rating {} of dossier {} refused by the portal ({} error(s), code {}); kept, not retried",
                           rating.id, rating.dossierCode, answer.errors.size(), answer.errors.front().code);
            break;
        case Kind::Retry: {
            const auto failures = std::max(rating.failures + 1, endpointFailures_.load() + 1);
            outcome.retryIn = backoff_.after(failures, retryAfter);
            outcome.detail = answer.reason;
            outbox_.markRatingRetry(rating.id, answer.reason, now + outcome.retryIn);
            logger()->warn("rating {} of dossier {} not sent: {} (failure {}; kept, retry in {} s)", rating.id,
                           rating.dossierCode, answer.reason, rating.failures + 1, outcome.retryIn.count());
            break;
        }
    }
    return outcome;
}

std::vector<RatingOutcome> RatingSender::runOnce(std::chrono::system_clock::time_point now) {
    std::vector<RatingOutcome> outcomes;
    const auto lease = timeout_ * static_cast<int>(kClaimLimit + 1) + std::chrono::seconds(60);
    std::string stoppedBy;
    std::chrono::seconds wait{0};
    bool progressed = false;
    try {
        while (stoppedBy.empty() && !(stopping_ && *stopping_)) {
            const auto due = outbox_.claimDueRatings(now, lease, kClaimLimit);
            for (const auto& rating : due) {
                if (!stoppedBy.empty() || (stopping_ && *stopping_)) {
                    // Untried: waits as long as the one that failed, no failure counted.
                    RatingOutcome untried;
                    untried.id = rating.id;
                    untried.dossierCode = rating.dossierCode;
                    untried.deferred = true;
                    untried.retryIn = stoppedBy.empty() ? std::chrono::seconds(0) : wait;
                    untried.detail = "not tried: " + (stoppedBy.empty() ? std::string("the kiosk is stopping") : stoppedBy);
                    outbox_.markRatingRetry(rating.id, {}, now + untried.retryIn, false);
                    outcomes.push_back(std::move(untried));
                    continue;
                }
                auto outcome = send(rating, now, timeout_);
                if (outcome.result == Kind::Retry && !outcome.deferred) {
                    stoppedBy = outcome.detail;
                    wait = outcome.retryIn;
                } else if (!outcome.deferred) {
                    progressed = true;
                }
                outcomes.push_back(std::move(outcome));
            }
            if (due.size() < kClaimLimit) break;
        }
    } catch (const SqliteError& error) {
        logger()->error("ratings: outbox.db: {}", error.what());
    }
    if (progressed) endpointFailures_ = 0;
    else if (!stoppedBy.empty()) ++endpointFailures_;
    return outcomes;
}

std::optional<RatingOutcome> RatingSender::sendNow(std::int64_t id, std::chrono::seconds timeout) {
    const auto now = clock_.wallNow();
    const auto lease = timeout + std::chrono::seconds(60);
    const auto claimed = outbox_.claimDueRatings(now, lease, 1, id);
    if (claimed.empty()) return std::nullopt;
    return send(claimed.front(), now, std::min(timeout, timeout_));
}

}  // namespace kiosk
