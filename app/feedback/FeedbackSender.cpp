#include "feedback/FeedbackSender.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>

#include "log/Log.h"
#include "net/Url.h"
#include "sync/SyncEngine.h"  // parseRetryAfter

namespace kiosk {
namespace {
using Kind = open311::SubmitAnswer::Kind;

constexpr std::size_t kClaimLimit = 10;
constexpr std::size_t kMaxAnswerBytes = 1u << 20;
constexpr std::size_t kMaxServicesBytes = 4u << 20;
constexpr std::size_t kTrackBatch = 50;  // ids per tracking request: keeps the URL short

std::string describe(const HttpResult& result) {
    return std::string(toString(result.failure)) + ": " + result.detail;
}

std::shared_ptr<spdlog::logger> logger() {
    return log::get("feedback");
}
}  // namespace

std::size_t SendReport::count(Kind kind) const {
    return static_cast<std::size_t>(std::count_if(reports.begin(), reports.end(), [&](const SendOutcome& o) {
        return !o.deferred && o.result == kind;
    }));
}

FeedbackSender::FeedbackSender(Outbox& outbox, const Config& config, std::shared_ptr<HttpClient> http,
                               const Clock& clock, std::string wardName)
    : outbox_(outbox), options_(config.feedback), baseUrl_(config.city.open311Url), http_(std::move(http)),
      clock_(clock), backoff_(options_.retryMin, options_.retryMax),
      ratings_(outbox, config, http_, clock, backoff_, &stopping_) {
    while (!baseUrl_.empty() && baseUrl_.back() == '/') baseUrl_.pop_back();
    form_.apiKey = options_.apiKey;
    form_.jurisdictionId = options_.jurisdictionId;
    form_.deviceId = config.kiosk.id;
    form_.wardName = std::move(wardName);
}

FeedbackSender::~FeedbackSender() {
    stop();
}

std::string FeedbackSender::url(const std::string& path) const {
    return baseUrl_ + "/" + path;
}

std::string FeedbackSender::withJurisdiction(std::string target) const {
    if (options_.jurisdictionId.empty()) return target;
    target += target.find('?') == std::string::npos ? '?' : '&';
    return target + "jurisdiction_id=" + percentEncode(options_.jurisdictionId);
}

std::vector<open311::ServiceAttribute> FeedbackSender::cachedAttributes(const std::string& serviceCode) {
    try {
        if (const auto cached = outbox_.definition(serviceCode))
            return open311::parseServiceDefinition(cached->json, serviceCode).value.attributes;
    } catch (const SqliteError&) {
        // Only used to put an error on its field and name it; the refusal is kept either way.
    }
    return {};
}

std::optional<FeedbackSender::Reply> FeedbackSender::exchange(
    const OutboxReport& report, const HttpRequest& request, std::chrono::system_clock::time_point now,
    SendOutcome& outcome, const std::function<open311::SubmitAnswer(const HttpResponse&)>& parse) {
    const auto result = http_->perform(request, &stopping_);
    if (result.failure == HttpFailure::Cancelled && stopping_) {
        outbox_.defer(report.id, now);  // shutting down is not the city's fault
        outcome.deferred = true;
        outcome.detail = "cancelled: the kiosk is stopping";
        return std::nullopt;
    }
    Reply reply;
    if (!result.ok()) {
        reply.answer.kind = Kind::Retry;
        reply.answer.reason = describe(result);
        return reply;
    }
    reply.status = result.response.status;
    reply.answer = parse(result.response);
    if (reply.status == 429 || reply.status == 503)
        reply.retryAfter = parseRetryAfter(result.response.header("retry-after"), clock_.wallNow());
    return reply;
}

SendOutcome FeedbackSender::send(const OutboxReport& report, std::chrono::system_clock::time_point now) {
    SendOutcome outcome;
    outcome.reportId = report.id;
    outcome.trackingCode = report.trackingCode;
    HttpRequest request;
    request.method = "POST";
    request.url = url("requests.json");
    request.timeout = options_.requestTimeout;
    request.maxBodyBytes = kMaxAnswerBytes;
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                       {"Accept", "application/json"},
                       // The same key for every try of this report: an answer lost on the way
                       // back does not make the city file it twice.
                       {"Idempotency-Key", report.idempotencyKey}};
    request.body = open311::formBody(report.draft, report.trackingCode, form_);
    const auto attributes = cachedAttributes(report.draft.serviceCode);
    std::vector<std::string> codes;
    for (const auto& attribute : attributes) codes.push_back(attribute.code);
    const auto reply = exchange(report, request, now, outcome, [&](const HttpResponse& response) {
        auto answer = open311::parseSubmitAnswer(response.status, response.body, codes);
        // Residents read the field by its description in the service definition, never its code.
        open311::labelFields(answer.errors, attributes);
        return answer;
    });
    if (!reply) return outcome;
    const auto& answer = reply->answer;
    const auto retryAfter = reply->retryAfter;
    outcome.result = answer.kind;
    switch (answer.kind) {
        case Kind::Filed:
            outbox_.markFiled(report.id, answer.requestId, answer.notice);
            outcome.detail = answer.requestId;
            logger()->info("report {} filed: service request {}", report.trackingCode, answer.requestId);
            break;
        case Kind::Token: {
            // The city numbers it later; ask again after the shortest retry delay.
            outbox_.markToken(report.id, answer.token, now + options_.retryMin, answer.notice);
            outcome.detail = answer.token;
            outcome.retryIn = options_.retryMin;
            logger()->info("report {} accepted with token {}; its id comes later", report.trackingCode, answer.token);
            break;
        }
        case Kind::Refused:
            outbox_.markRefused(report.id, answer.errors);
            outcome.detail = answer.errors.front().description;
            // The city's words may quote the resident's report: they stay in the outbox (shown on
            // screen and by kioskctl outbox list), and the log names only the fields and codes.
            logger()->warn("report {} refused by the city ({} error(s), on {}; code {}); kept, not retried until changed",
                           report.trackingCode, answer.errors.size(),
                           answer.errors.front().field.empty() ? "no named field" : answer.errors.front().field,
                           answer.errors.front().code);
            break;
        case Kind::Retry: {
            const auto failures = std::max(report.failures + 1, endpointFailures_ + 1);
            outcome.retryIn = backoff_.after(failures, retryAfter);
            outcome.detail = answer.reason;
            outbox_.markRetry(report.id, answer.reason, now + outcome.retryIn);
            const bool staffMustAct = reply->status == 403;
            logger()->log(staffMustAct ? spdlog::level::err : spdlog::level::warn,
                          "report {} not sent: {} (failure {}; kept, retry in {} s)", report.trackingCode,
                          answer.reason, report.failures + 1, outcome.retryIn.count());
            break;
        }
    }
    return outcome;
}

SendOutcome FeedbackSender::poll(const OutboxReport& report, std::chrono::system_clock::time_point now) {
    SendOutcome outcome;
    outcome.reportId = report.id;
    outcome.trackingCode = report.trackingCode;
    outcome.polled = true;
    HttpRequest request;
    request.url = withJurisdiction(url("tokens/" + percentEncode(report.token) + ".json"));
    request.timeout = options_.requestTimeout;
    request.maxBodyBytes = kMaxAnswerBytes;
    request.headers = {{"Accept", "application/json"}};
    const auto reply = exchange(report, request, now, outcome, [&](const HttpResponse& response) {
        return open311::parseTokenAnswer(response.status, response.body, report.token);
    });
    if (!reply) return outcome;
    const auto& answer = reply->answer;
    const auto retryAfter = reply->retryAfter;
    outcome.result = answer.kind;
    if (answer.kind == Kind::Filed) {
        outbox_.markFiled(report.id, answer.requestId);
        outcome.detail = answer.requestId;
        logger()->info("report {} (token {}) filed: service request {}", report.trackingCode, report.token,
                       answer.requestId);
    } else if (answer.kind == Kind::Token) {
        // Not numbered yet: ask less and less often. Counted as a failure only for the backoff;
        // it does not stop the run, the endpoint answered.
        outcome.retryIn = backoff_.after(report.failures + 1, retryAfter);
        outcome.detail = "no id yet for token " + report.token;
        outbox_.markRetry(report.id, outcome.detail, now + outcome.retryIn);
    } else {
        outcome.result = Kind::Retry;
        outcome.retryIn = backoff_.after(std::max(report.failures + 1, endpointFailures_ + 1), retryAfter);
        outcome.detail = answer.reason;
        outbox_.markRetry(report.id, "token " + report.token + ": " + answer.reason, now + outcome.retryIn);
        logger()->warn("report {}: polling token {} failed: {} (retry in {} s)", report.trackingCode, report.token,
                       answer.reason, outcome.retryIn.count());
    }
    return outcome;
}

SendReport FeedbackSender::runOnce(std::chrono::system_clock::time_point now) {
    std::lock_guard lock(runMutex_);
    SendReport report;
    // Long enough for a whole batch to time out one by one; a crash mid-send only delays the
    // batch by this much.
    const auto lease = options_.requestTimeout * static_cast<int>(kClaimLimit + 1) + std::chrono::seconds(60);
    bool progressed = false;
    std::chrono::seconds waitAfterFailure{0};
    try {
        while (report.stoppedBy.empty() && !stopping_) {
            const auto due = outbox_.claimDue(now, lease, kClaimLimit);
            for (std::size_t i = 0; i < due.size(); ++i) {
                if (stopping_ || !report.stoppedBy.empty()) {
                    // Untried: back in the queue without a failure counted against them. They
                    // wait as long as the report that failed (or not at all when stopping).
                    SendOutcome untried;
                    untried.reportId = due[i].id;
                    untried.trackingCode = due[i].trackingCode;
                    untried.deferred = true;
                    untried.retryIn = report.stoppedBy.empty() ? std::chrono::seconds(0) : waitAfterFailure;
                    untried.detail = "not tried: " + (report.stoppedBy.empty() ? std::string("the kiosk is stopping")
                                                                               : report.stoppedBy);
                    outbox_.defer(due[i].id, now + untried.retryIn);
                    report.reports.push_back(std::move(untried));
                    continue;
                }
                auto outcome = due[i].token.empty() ? send(due[i], now) : poll(due[i], now);
                if (outcome.result == Kind::Retry && !outcome.deferred) {
                    // The endpoint is failing (or this report trips it): the others wait as long.
                    report.stoppedBy = outcome.detail;
                    waitAfterFailure = outcome.retryIn;
                } else if (!outcome.deferred) {
                    progressed = true;
                }
                report.reports.push_back(std::move(outcome));
            }
            if (due.size() < kClaimLimit) break;
        }
    } catch (const SqliteError& error) {
        report.stoppedBy = std::string("outbox.db: ") + error.what();
        logger()->error("feedback: {}", report.stoppedBy);
    }
    if (progressed) endpointFailures_ = 0;
    else if (!report.stoppedBy.empty()) ++endpointFailures_;
    return report;
}

ServicesRefresh FeedbackSender::refreshServices() {
    ServicesRefresh refresh;
    HttpRequest request;
    request.url = withJurisdiction(url("services.json"));
    request.timeout = options_.requestTimeout;
    request.maxBodyBytes = kMaxServicesBytes;
    request.headers = {{"Accept", "application/json"}};
    const auto result = http_->perform(request, &stopping_);
    if (!result.ok()) {
        refresh.error = describe(result);
    } else if (result.response.status != 200) {
        refresh.error = "HTTP " + std::to_string(result.response.status);
    } else {
        const auto parsed = open311::parseServices(result.response.body);
        for (std::size_t i = 0; i < parsed.warnings.size() && i < 5; ++i)
            logger()->warn("services.json: {}", parsed.warnings[i]);
        if (!parsed.ok()) {
            refresh.error = parsed.error;
        } else {
            try {
                outbox_.storeServices(result.response.body);
                refresh.ok = true;
                refresh.services = parsed.value.size();
            } catch (const SqliteError& error) {
                refresh.error = std::string("outbox.db: ") + error.what();
            }
        }
    }
    if (refresh.ok) logger()->info("services.json: {} services cached", refresh.services);
    else logger()->warn("services.json not refreshed ({}); the cached list stays", refresh.error);
    return refresh;
}

open311::Parsed<std::vector<open311::Service>> FeedbackSender::cachedServices() {
    open311::Parsed<std::vector<open311::Service>> none;
    try {
        if (const auto cached = outbox_.services()) return open311::parseServices(cached->json);
        none.error = "no list of services yet";
    } catch (const SqliteError& error) {
        none.error = std::string("outbox.db: ") + error.what();
    }
    return none;
}

DefinitionResult FeedbackSender::fetchDefinition(const std::string& serviceCode) {
    DefinitionResult out;
    HttpRequest request;
    request.url = withJurisdiction(url("services/" + percentEncode(serviceCode) + ".json"));
    request.timeout = options_.requestTimeout;
    request.maxBodyBytes = kMaxAnswerBytes;
    request.headers = {{"Accept", "application/json"}};
    const auto result = http_->perform(request, &stopping_);
    if (result.ok() && result.response.status == 200) {
        const auto parsed = open311::parseServiceDefinition(result.response.body, serviceCode);
        out.requiresFields = parsed.requiresFields;
        if (!parsed.ok()) {
            // The city's current definition is broken: an older cached one may no longer
            // match what it expects, so none is used.
            out.error = parsed.error;
            logger()->warn("{}; the service is {}", parsed.error,
                           parsed.requiresFields ? "not offered (it has required fields)"
                                                 : "offered without its extra fields");
            return out;
        }
        out.definition = parsed.value;
        try {
            outbox_.storeDefinition(serviceCode, result.response.body);
        } catch (const SqliteError& error) {
            logger()->warn("definition of {} not cached: {}", serviceCode, error.what());
        }
        return out;
    }
    out.error = result.ok() ? "HTTP " + std::to_string(result.response.status) : describe(result);
    try {
        if (const auto cached = outbox_.definition(serviceCode)) {
            const auto parsed = open311::parseServiceDefinition(cached->json, serviceCode);
            if (parsed.ok()) {
                out.definition = parsed.value;
                out.fromCache = true;
                out.requiresFields = parsed.requiresFields;
            }
        }
    } catch (const SqliteError& error) {
        out.error += std::string("; outbox.db: ") + error.what();
    }
    logger()->warn("definition of {} not fetched ({}){}", serviceCode, out.error,
                   out.fromCache ? "; the cached one is used" : "");
    return out;
}

TrackReport FeedbackSender::track() {
    TrackReport tracked;
    std::vector<OutboxReport> reports;
    try {
        reports = outbox_.toTrack();
    } catch (const SqliteError& error) {
        tracked.error = std::string("outbox.db: ") + error.what();
        return tracked;
    }
    for (std::size_t start = 0; start < reports.size() && !stopping_; start += kTrackBatch) {
        const auto end = std::min(reports.size(), start + kTrackBatch);
        std::string ids;
        for (std::size_t i = start; i < end; ++i)
            ids += (ids.empty() ? "" : ",") + percentEncode(reports[i].serviceRequestId);
        HttpRequest request;
        request.url = withJurisdiction(url("requests.json?service_request_id=" + ids));
        request.timeout = options_.requestTimeout;
        request.maxBodyBytes = kMaxAnswerBytes;
        request.headers = {{"Accept", "application/json"}};
        tracked.asked += end - start;
        const auto result = http_->perform(request, &stopping_);
        if (!result.ok() || result.response.status != 200) {
            tracked.error = result.ok() ? "HTTP " + std::to_string(result.response.status) : describe(result);
            break;
        }
        const auto parsed = open311::parseRequests(result.response.body);
        if (!parsed.ok()) {
            tracked.error = parsed.error;
            break;
        }
        for (const auto& status : parsed.value) {
            for (std::size_t i = start; i < end; ++i) {
                const auto& report = reports[i];
                if (report.serviceRequestId != status.serviceRequestId) continue;
                try {
                    if (outbox_.updateStatus(report.id, status)) ++tracked.updated;
                } catch (const SqliteError& error) {
                    tracked.error = std::string("outbox.db: ") + error.what();
                }
                if (report.tracked.status != status.status)
                    logger()->info("report {} ({}) is now {}", report.trackingCode, report.serviceRequestId,
                                   status.status);
            }
        }
    }
    if (!tracked.error.empty()) logger()->warn("tracking filed reports: {}", tracked.error);
    return tracked;
}

RequestLookup FeedbackSender::fetchRequest(const std::string& serviceRequestId) {
    RequestLookup out;
    HttpRequest request;
    request.url = withJurisdiction(url("requests/" + percentEncode(serviceRequestId) + ".json"));
    request.timeout = options_.requestTimeout;
    request.maxBodyBytes = kMaxAnswerBytes;
    request.headers = {{"Accept", "application/json"}};
    const auto result = http_->perform(request, &stopping_);
    if (!result.ok()) {
        out.detail = describe(result);
    } else if (result.response.status == 404) {
        out.result = RequestLookup::Result::Unknown;
        out.detail = "HTTP 404";
    } else if (result.response.status != 200) {
        out.detail = "HTTP " + std::to_string(result.response.status);
    } else if (auto parsed = open311::parseRequests(result.response.body); !parsed.ok()) {
        out.detail = parsed.error;
    } else {
        // The spec answers with a list; only the entry for the id asked is used.
        out.result = RequestLookup::Result::Unknown;
        out.detail = "not in the answer";
        for (auto& status : parsed.value) {
            if (status.serviceRequestId != serviceRequestId) continue;
            out.result = RequestLookup::Result::Found;
            out.status = std::move(status);
            out.detail.clear();
            break;
        }
    }
    if (out.result == RequestLookup::Result::Failed)
        logger()->warn("request {} could not be had from the city: {}", serviceRequestId, out.detail);
    else
        logger()->info("request {} looked up at the city: {}", serviceRequestId,
                       out.result == RequestLookup::Result::Found ? out.status.status : "unknown to the city");
    return out;
}

void FeedbackSender::notify(bool running, const std::string& error) {
    if (!onChange_) return;
    FeedbackSnapshot snapshot;
    snapshot.running = running;
    snapshot.lastError = error;
    try {
        snapshot.counts = outbox_.counts();
    } catch (const SqliteError& e) {
        snapshot.lastError = std::string("outbox.db: ") + e.what();
    }
    onChange_(snapshot);
}

void FeedbackSender::start(SnapshotCallback onChange) {
    if (worker_.joinable()) return;
    onChange_ = std::move(onChange);
    stopping_ = false;
    worker_ = std::thread([this] { loop(); });
}

void FeedbackSender::setHousekeeping(std::chrono::seconds every, Housekeeping task) {
    if (worker_.joinable()) throw std::logic_error("FeedbackSender::setHousekeeping after start()");
    housekeepingEvery_ = std::max(every, std::chrono::seconds(1));
    housekeeping_ = std::move(task);
}

void FeedbackSender::requestNow() {
    {
        std::lock_guard lock(wakeMutex_);
        wakeRequested_ = true;
    }
    wake_.notify_all();
}

void FeedbackSender::stop() {
    {
        std::lock_guard lock(wakeMutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
}

void FeedbackSender::loop() {
    // Background work yields the processor to the screen: on Linux, nice applies per thread.
    if (setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10) != 0)
        logger()->debug("feedback thread keeps normal priority (setpriority failed)");
    notify(false, {});
    auto nextServices = clock_.now();
    auto nextTrack = clock_.now();
    auto nextHousekeeping = clock_.now();
    while (!stopping_) {
        std::string runError;
        try {
            notify(true, {});
            runError = runOnce().stoppedBy;
            if (!stopping_) ratings_.runOnce(clock_.wallNow());
            if (!stopping_ && clock_.now() >= nextServices) {
                refreshServices();
                nextServices = clock_.now() + options_.servicesRefresh;
            }
            if (!stopping_ && clock_.now() >= nextTrack) {
                track();
                nextTrack = clock_.now() + options_.trackInterval;
            }
            if (!stopping_ && housekeeping_ && clock_.now() >= nextHousekeeping) {
                nextHousekeeping = clock_.now() + housekeepingEvery_;
                housekeeping_(outbox_, clock_.wallNow());
            }
        } catch (const std::exception& error) {
            // A thread that dies takes every later report with it: log, wait, go on.
            runError = error.what();
            logger()->error("feedback sender: {}", runError);
        }
        notify(false, runError);
        Clock::time_point next = std::min(nextServices, nextTrack);
        if (housekeeping_) next = std::min(next, nextHousekeeping);
        try {
            for (const auto due : {outbox_.nextDue(), outbox_.nextRatingDue()})
                if (due)
                    next = std::min(next, clock_.now() + std::chrono::duration_cast<Clock::duration>(*due - clock_.wallNow()));
        } catch (const SqliteError&) {
        }
        std::unique_lock lock(wakeMutex_);
        // The sender's clock decides what is due; the wait itself is real time.
        const auto wait = std::max<Clock::duration>(next - clock_.now(), std::chrono::seconds(1));
        wake_.wait_for(lock, wait, [this] { return stopping_.load() || wakeRequested_; });
        wakeRequested_ = false;
    }
}

}  // namespace kiosk
