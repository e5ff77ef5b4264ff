#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "config/Config.h"
#include "core/Clock.h"
#include "feedback/Backoff.h"
#include "feedback/Open311.h"
#include "feedback/Outbox.h"
#include "feedback/RatingSender.h"
#include "net/HttpClient.h"

namespace kiosk {

// What one report's turn in a run came to.
struct SendOutcome {
    std::int64_t reportId = 0;
    std::string trackingCode;
    open311::SubmitAnswer::Kind result = open311::SubmitAnswer::Kind::Retry;
    bool polled = false;    // a token poll, not a POST
    bool deferred = false;  // not tried: an earlier report found the endpoint failing
    std::string detail;     // request id, token, first refusal, or why it will be retried
    std::chrono::seconds retryIn{0};
};

struct SendReport {
    std::vector<SendOutcome> reports;
    std::string stoppedBy;  // non-empty: the run stopped early (endpoint failing, or the outbox)
    std::size_t count(open311::SubmitAnswer::Kind kind) const;
};

struct ServicesRefresh {
    bool ok = false;
    std::size_t services = 0;
    std::string error;  // the cache, if any, was kept
};

struct DefinitionResult {
    std::optional<open311::ServiceDefinition> definition;
    bool fromCache = false;      // the endpoint could not be reached; this is the last one fetched
    std::string error;           // why a fresh definition could not be had
    bool requiresFields = true;  // no definition: offer the service without fields only if false
};

struct TrackReport {
    std::size_t asked = 0;
    std::size_t updated = 0;
    std::string error;
};

// GET requests/{id}.json: what the city says of one report, whichever kiosk filed it.
struct RequestLookup {
    enum class Result {
        Found,    // status: the city's answer (no contact details: RequestStatus has no field for them)
        Unknown,  // the city has no report with this id (404, or an answer without it)
        Failed,   // no usable answer now (no network, timeout, 5xx, garbage): detail says why
    };
    Result result = Result::Failed;
    open311::RequestStatus status;
    std::string detail;  // for the log
};

// What screens and kioskctl need to know about the outbox, from the sender's thread.
struct FeedbackSnapshot {
    OutboxCounts counts;
    bool running = false;
    std::string lastError;  // of the last run: why reports are still waiting
};

// Takes reports out of the outbox to the city's Open311 endpoint (contract: OPEN311.md).
// Every answer is written back to the outbox before the next report: filed, token (polled at
// tokens/{token}.json until it has an id), refused (kept, never retried as it is), or kept for
// a retry with exponential, jittered backoff between [feedback] retry_min_s and retry_max_s,
// under the same Idempotency-Key. The first failure that says the endpoint is unwell (no
// network, timeout, 403, 5xx, garbage) ends the run: the reports after it wait as long, and
// untried ones keep their place (fewest failures go first). Nothing runs on the UI thread:
// runOnce blocks its caller (kioskctl, tests), start() runs it on the sender's own thread.
class FeedbackSender {
public:
    using SnapshotCallback = std::function<void(const FeedbackSnapshot&)>;

    // `outbox` must outlive the sender. `wardName` ("Phường Bến Thành") is made part of every
    // address sent.
    FeedbackSender(Outbox& outbox, const Config& config, std::shared_ptr<HttpClient> http, const Clock& clock,
                   std::string wardName = {});
    ~FeedbackSender();
    FeedbackSender(const FeedbackSender&) = delete;
    FeedbackSender& operator=(const FeedbackSender&) = delete;

    // Sends (or polls) what is due at `now`, on the calling thread.
    SendReport runOnce(std::chrono::system_clock::time_point now);
    SendReport runOnce() { return runOnce(clock_.wallNow()); }

    // GET services.json into the outbox's cache; on any failure the old cache stays.
    ServicesRefresh refreshServices();
    // The services to offer: the cached list (empty with an error if there is none yet).
    open311::Parsed<std::vector<open311::Service>> cachedServices();
    // GET services/{code}.json, cached; the cached one when the endpoint cannot be reached.
    DefinitionResult fetchDefinition(const std::string& serviceCode);
    // GET requests.json?service_request_id=… for filed reports not yet closed.
    TrackReport track();
    // GET requests/{id}.json for a slip read at this kiosk, on the calling thread; touches no outbox.
    RequestLookup fetchRequest(const std::string& serviceRequestId);

    // Background: sends at once, then whenever a report falls due, after requestNow() (a report
    // was just saved), services every services_refresh_s and tracking every track_interval_s.
    // `onChange` runs on the sender's thread after each run.
    void start(SnapshotCallback onChange);
    // Work on the outbox that has to be done now and then, on the sender's thread between runs
    // (the kiosk: the retention rules of README "Personal data"): at start, then every `every`.
    // Set before start().
    using Housekeeping = std::function<void(Outbox&, std::chrono::system_clock::time_point now)>;
    void setHousekeeping(std::chrono::seconds every, Housekeeping task);
    void requestNow();
    void stop();

    // Dossier ratings go through the same outbox, thread and backoff: each background run sends
    // the ratings due after the reports.
    RatingSender& ratings() { return ratings_; }

private:
    std::string url(const std::string& path) const;
    std::string withJurisdiction(std::string url) const;
    // What one exchange with the endpoint came to: the parsed answer (Retry for a transport
    // failure), the HTTP status (0: none), and the city's Retry-After.
    struct Reply {
        open311::SubmitAnswer answer;
        long status = 0;
        std::chrono::seconds retryAfter{0};
    };
    // Performs `request` for `report` and parses the answer with `parse`; nullopt when the kiosk
    // is stopping (the report is deferred without a failure and `outcome` says so).
    std::optional<Reply> exchange(const OutboxReport& report, const HttpRequest& request,
                                  std::chrono::system_clock::time_point now, SendOutcome& outcome,
                                  const std::function<open311::SubmitAnswer(const HttpResponse&)>& parse);
    SendOutcome send(const OutboxReport& report, std::chrono::system_clock::time_point now);
    SendOutcome poll(const OutboxReport& report, std::chrono::system_clock::time_point now);
    std::vector<open311::ServiceAttribute> cachedAttributes(const std::string& serviceCode);
    void notify(bool running, const std::string& error);
    void loop();

    Outbox& outbox_;
    Config::Feedback options_;
    std::string baseUrl_;
    open311::FormSettings form_;
    std::shared_ptr<HttpClient> http_;
    const Clock& clock_;

    std::mutex runMutex_;  // one run (or refresh, or track) at a time
    Backoff backoff_;  // retry_min_s … retry_max_s, shared with the ratings
    RatingSender ratings_;
    std::int64_t endpointFailures_ = 0;  // runs in a row that ended on a failing endpoint

    std::atomic<bool> stopping_{false};
    std::mutex wakeMutex_;
    std::condition_variable wake_;
    bool wakeRequested_ = false;
    SnapshotCallback onChange_;
    Housekeeping housekeeping_;
    std::chrono::seconds housekeepingEvery_{3600};
    std::thread worker_;
};

}  // namespace kiosk
