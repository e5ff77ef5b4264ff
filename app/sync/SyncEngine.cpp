#include "sync/SyncEngine.h"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/IsoTime.h"
#include "log/Log.h"
#include "net/Url.h"
#include "sync/Datasets.h"
#include "sync/SyncAnswers.h"

namespace kiosk {
namespace {
constexpr int kMaxPagesPerPass = 100000;         // a cursor that never ends is a server bug
constexpr int kMaxRestartsPerRun = 2;            // snapshot gone under us: start again, but not forever
constexpr int kMinPageSize = 10;                 // a page this small still too big: the records are
constexpr std::chrono::seconds kMaxRetryAfter{86400};

std::string describe(const HttpResult& result) {
    return std::string(toString(result.failure)) + ": " + result.detail;
}

// Why an answer can't be used ("" if it can), and the Retry-After it asked for.
std::string httpProblem(const HttpResult& result, std::chrono::seconds& retryAfter,
                        std::chrono::system_clock::time_point now) {
    if (!result.ok()) return describe(result);
    const long status = result.response.status;
    if (status == 429 || status == 503) {
        retryAfter = std::min(parseRetryAfter(result.response.header("retry-after"), now), kMaxRetryAfter);
        return "HTTP " + std::to_string(status) + (retryAfter.count() > 0
                   ? " (Retry-After " + std::to_string(retryAfter.count()) + " s)" : std::string());
    }
    if (status != 200) return "HTTP " + std::to_string(status);
    if (!result.response.isJson())
        return "wrong content type \"" + result.response.header("content-type") + "\" (" + kExpectedJson + ")";
    return {};
}
}  // namespace

bool SyncReport::allOk() const {
    if (!indexOk) return false;
    return std::none_of(datasets.begin(), datasets.end(),
                        [](const DatasetOutcome& d) { return d.result == DatasetOutcome::Result::Failed; });
}

std::chrono::seconds parseRetryAfter(const std::string& value, std::chrono::system_clock::time_point now) {
    if (value.empty()) return std::chrono::seconds(0);
    if (value.find_first_not_of("0123456789") == std::string::npos) {
        if (value.size() > 9) return kMaxRetryAfter;
        return std::chrono::seconds(std::stoll(value));
    }
    const time_t when = curl_getdate(value.c_str(), nullptr);
    if (when < 0) return std::chrono::seconds(0);
    const auto delta = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::system_clock::from_time_t(when) - now);
    return std::max(delta, std::chrono::seconds(0));
}

SyncEngine::SyncEngine(std::filesystem::path cacheFile, const Config& config, std::shared_ptr<HttpClient> http,
                       const Clock& clock)
    : cacheFile_(std::move(cacheFile)), options_(config.sync), baseUrl_(config.city.baseUrl), http_(std::move(http)),
      clock_(clock), random_(std::random_device{}()),
      worker_(clock, PeriodicWorker::Options{.threadName = "sync", .logCategory = "sync"}) {
    while (!baseUrl_.empty() && baseUrl_.back() == '/') baseUrl_.pop_back();
}

SyncEngine::~SyncEngine() {
    stop();
}

Database& SyncEngine::db() {
    if (!db_) {
        db_ = Database::open(cacheFile_);
        // Another connection (the directory's reader, kioskctl) may hold the file briefly.
        db_->exec("PRAGMA busy_timeout = 15000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
    }
    return *db_;
}

std::vector<DatasetState> SyncEngine::states() {
    std::lock_guard lock(dbMutex_);
    return SyncStore(db()).states();
}

std::chrono::seconds SyncEngine::failed(const std::string& dataset, const std::string& cause,
                                        std::chrono::seconds retryAfter) {
    // Shutting down is not the city's fault: the pass resumes at the next start.
    if (stopping_) return std::chrono::seconds(0);
    auto& backoff = backoff_[dataset];
    ++backoff.failures;
    // Exponential from retry_min_s, capped at retry_max_s; "equal jitter": half fixed, half
    // random, so kiosks that failed together do not all return together.
    const int exponent = std::min(backoff.failures - 1, 20);
    const auto ceiling = std::min<std::int64_t>(options_.retryMax.count(), options_.retryMin.count() << exponent);
    std::uniform_int_distribution<std::int64_t> jitter(0, std::max<std::int64_t>(ceiling / 2, 0));
    auto delay = std::chrono::seconds(ceiling - ceiling / 2 + jitter(random_));
    delay = std::max(delay, retryAfter);
    backoff.notBefore = clock_.now() + delay;
    const std::string when = formatIsoUtc(clock_.wallNow());
    auto logger = log::get("sync");
    if (dataset.empty()) {
        logger->warn("sync index: {} (failure {}; retry in {} s)", cause, backoff.failures, delay.count());
    } else {
        logger->warn("sync {}: {} (failure {}; retry in {} s)", dataset, cause, backoff.failures, delay.count());
        try {
            SyncStore(db()).recordFailure(dataset, cause, when);
        } catch (const SqliteError& error) {
            logger->error("sync {}: cannot record the failure: {}", dataset, error.what());
        }
    }
    return delay;
}

std::optional<std::string> SyncEngine::fetchIndex(SyncReport& report) {
    SyncStore store(db());
    HttpRequest request;
    request.url = baseUrl_ + options_.indexPath;
    request.timeout = options_.requestTimeout;
    request.maxBodyBytes = options_.maxPageBytes;
    request.headers.push_back({"Accept", "application/json"});
    // A 304 is only of use if we still know what the index said (a rebuilt cache does not).
    const auto states = store.states();
    const bool knowIndex = std::all_of(options_.datasets.begin(), options_.datasets.end(), [&](const std::string& id) {
        return std::any_of(states.begin(), states.end(),
                           [&](const DatasetState& s) { return s.dataset == id && s.remoteVersion > 0; });
    });
    const std::string etag = store.meta("index_etag");
    if (!etag.empty() && knowIndex) request.headers.push_back({"If-None-Match", etag});
    const auto result = http_->perform(request, &stopping_);
    if (result.ok() && result.response.status == 304) {
        report.indexOk = true;
        report.indexNotModified = true;
        return std::nullopt;
    }
    std::chrono::seconds retryAfter{0};
    if (auto problem = httpProblem(result, retryAfter, clock_.wallNow()); !problem.empty()) {
        failed("", problem, retryAfter);
        return problem;
    }
    std::string error;
    std::vector<std::string> ignored;
    const auto entries = parseSyncIndex(result.response.body, options_.maxPageBytes, options_.datasets, ignored, error);
    if (!entries) {
        failed("", error, {});
        return error;
    }
    for (const auto& id : ignored) log::get("sync")->warn("sync index: dataset {} has no valid version; ignored", id);
    std::vector<std::tuple<std::string, std::int64_t, std::int64_t, std::string>> seen;
    for (const auto& entry : *entries) {
        seen.emplace_back(entry.id, entry.version, entry.minDeltaVersion, entry.published);
        if (entry.records) announced_[entry.id] = *entry.records;
    }
    db().transaction([&] {
        for (const auto& [id, version, minDelta, published] : seen) store.setRemote(id, version, minDelta, published);
        store.setMeta("index_etag", result.response.header("etag").substr(0, 256));
    });
    backoff_.erase("");
    report.indexOk = true;
    return std::nullopt;
}

DatasetOutcome SyncEngine::syncDataset(const std::string& dataset, const ProgressCallback& progress) {
    SyncStore store(db());
    auto logger = log::get("sync");
    DatasetOutcome outcome;
    outcome.dataset = dataset;
    const auto info = datasetInfo(dataset);
    const std::string now = formatIsoUtc(clock_.wallNow());
    store.recordAttempt(dataset, now);
    auto fail = [&](const std::string& cause, std::chrono::seconds retryAfter = {}) {
        outcome.result = DatasetOutcome::Result::Failed;
        outcome.error = cause;
        outcome.retryIn = failed(dataset, cause, retryAfter);
        return outcome;
    };
    if (!info) return fail("not a dataset this kiosk knows");

    SyncProgress step;
    step.dataset = dataset;
    for (int restarts = 0;; ++restarts) {
        auto state = store.state(dataset);
        if (state.remoteVersion <= 0) return fail("the city's index does not list this dataset");
        const bool resuming = !state.stagingMode.empty() && state.stagingVersion == state.remoteVersion &&
                              !state.stagingCursor.empty();
        if (!resuming) {
            if (state.version == state.remoteVersion) {
                if (!state.stagingMode.empty()) store.abandonPass(dataset);
                outcome.result = DatasetOutcome::Result::UpToDate;
                outcome.version = state.version;
                backoff_.erase(dataset);
                return outcome;
            }
            const bool delta = state.version > 0 && state.version < state.remoteVersion &&
                               state.version >= state.minDeltaVersion;
            store.beginPass(dataset, delta ? "delta" : "full", state.remoteVersion, delta ? state.version : 0);
            state = store.state(dataset);
            logger->info("sync {}: {} pass to version {}{}", dataset, state.stagingMode, state.stagingVersion,
                         delta ? " from " + std::to_string(state.stagingSince) : std::string());
        } else {
            logger->info("sync {}: resuming the {} pass to version {} after {} pages", dataset, state.stagingMode,
                         state.stagingVersion, state.stagingPages);
        }
        outcome.mode = state.stagingMode;
        outcome.version = state.stagingVersion;
        step.mode = state.stagingMode;
        step.pages = state.stagingPages;
        std::string cursor = state.stagingCursor;
        bool restart = false;
        // Pages are counted in records, but records differ in size (a procedure carries its
        // documents): a page over the size cap is asked for again with fewer records.
        int limit = options_.pageSize;
        for (int page = 0; page < kMaxPagesPerPass; ++page) {
            if (stopping_) return fail("stopped");
            HttpRequest request;
            request.url = baseUrl_ + options_.indexPath + "/" + percentEncode(dataset) +
                          "/records?limit=" + std::to_string(limit);
            if (state.stagingMode == "delta") request.url += "&since=" + std::to_string(state.stagingSince);
            if (!cursor.empty()) request.url += "&cursor=" + percentEncode(cursor);
            request.timeout = options_.requestTimeout;
            request.maxBodyBytes = options_.maxPageBytes;
            request.headers.push_back({"Accept", "application/json"});
            const auto result = http_->perform(request, &stopping_);
            if (result.failure == HttpFailure::TooLarge && limit > kMinPageSize) {
                limit = std::max(kMinPageSize, limit / 4);
                logger->info("sync {}: page over {} bytes; asking for {} records per page", dataset,
                             options_.maxPageBytes, limit);
                --page;
                continue;
            }
            if (result.ok() && result.response.status == 410) {
                const std::string code = syncGoneCode(result.response.body, options_.maxPageBytes);
                store.abandonPass(dataset);
                if (restarts >= kMaxRestartsPerRun) return fail("HTTP 410 " + code + " again after starting over");
                if (code == "delta_unavailable") {
                    // The city no longer has our version's history: a full snapshot instead.
                    db().transaction([&] {
                        auto reset = db().prepare("UPDATE sync_state SET min_delta_version = version + 1 WHERE dataset = ?");
                        reset.bind(1, dataset);
                        reset.run();
                    });
                }
                logger->info("sync {}: HTTP 410 {}; starting the pass again", dataset, code);
                restart = true;
                break;
            }
            std::chrono::seconds retryAfter{0};
            if (auto problem = httpProblem(result, retryAfter, clock_.wallNow()); !problem.empty())
                return fail(problem, retryAfter);
            std::string error;
            auto answer = parseSyncPage(result.response.body, options_.maxPageBytes, dataset, info->group,
                                      state.stagingVersion, error);
            if (!answer) return fail(error);
            if (answer->otherVersion) {
                // The dataset changed under the pass: what is staged is of another version.
                store.abandonPass(dataset);
                if (restarts >= kMaxRestartsPerRun) return fail("the dataset keeps changing during the sync");
                logger->info("sync {}: version changed during the pass; starting again", dataset);
                restart = true;
                break;
            }
            const std::string next = answer->nextCursor.value_or(std::string());
            if (answer->nextCursor && next == cursor) return fail("next_cursor does not advance");
            for (const auto& reason : answer->skipReasons) logger->warn("sync {}: record skipped: {}", dataset, reason);
            const auto& records = answer->records;
            const auto& deleted = answer->deleted;
            const std::int64_t skipped = answer->skipped;
            store.stagePage(dataset, records, deleted, skipped, next);
            outcome.skipped += skipped;
            step.pages += 1;
            step.records += static_cast<std::int64_t>(records.size());
            step.expected = state.stagingMode == "full" ? announced_[dataset] : 0;
            if (progress) progress(step);
            if (next.empty()) {
                outcome.applied = store.applyPass(dataset, formatIsoUtc(clock_.wallNow()));
                outcome.result = DatasetOutcome::Result::Applied;
                backoff_.erase(dataset);
                logger->info("sync {}: version {} applied ({}; {} rows, {} written, {} removed, {} skipped)", dataset,
                             outcome.version, outcome.mode, outcome.applied.rows, outcome.applied.changed,
                             outcome.applied.deleted, outcome.skipped);
                return outcome;
            }
            cursor = next;
        }
        if (!restart) return fail("more than " + std::to_string(kMaxPagesPerPass) + " pages");
    }
}

SyncReport SyncEngine::runOnce(const std::string& only, bool force, const ProgressCallback& progress) {
    std::lock_guard lock(dbMutex_);
    SyncReport report;
    std::vector<std::string> datasets;
    for (const auto& id : options_.datasets)
        if (only.empty() || id == only) datasets.push_back(id);
    if (!only.empty() && datasets.empty()) {
        report.indexError = "dataset \"" + only + "\" is not in [sync] datasets";
        return report;
    }
    try {
        const auto indexWait = backoff_.count("") ? backoff_[""].notBefore - clock_.now() : Clock::duration::zero();
        if (!force && indexWait > Clock::duration::zero()) {
            report.indexError = "waiting to retry the index";
            for (const auto& id : datasets) {
                DatasetOutcome waiting;
                waiting.dataset = id;
                waiting.result = DatasetOutcome::Result::Waiting;
                waiting.retryIn = std::chrono::ceil<std::chrono::seconds>(indexWait);
                report.datasets.push_back(waiting);
            }
            return report;
        }
        if (auto problem = fetchIndex(report)) {
            report.indexError = *problem;
            const std::string when = formatIsoUtc(clock_.wallNow());
            SyncStore store(db());
            for (const auto& id : datasets) store.recordFailure(id, "index: " + *problem, when);
            return report;
        }
        for (const auto& id : datasets) {
            if (stopping_) break;
            const auto backoff = backoff_.find(id);
            if (!force && backoff != backoff_.end() && backoff->second.notBefore > clock_.now()) {
                DatasetOutcome waiting;
                waiting.dataset = id;
                waiting.result = DatasetOutcome::Result::Waiting;
                waiting.retryIn = std::chrono::ceil<std::chrono::seconds>(backoff->second.notBefore - clock_.now());
                report.datasets.push_back(waiting);
                continue;
            }
            try {
                report.datasets.push_back(syncDataset(id, progress));
            } catch (const SqliteError& error) {
                // The disk, not the city: keep what is applied, say so, go on with the others.
                DatasetOutcome outcome;
                outcome.dataset = id;
                outcome.result = DatasetOutcome::Result::Failed;
                outcome.error = std::string("cache.db: ") + error.what();
                outcome.retryIn = failed(id, outcome.error, {});
                report.datasets.push_back(outcome);
            }
            notify(true, {});
        }
    } catch (const SqliteError& error) {
        report.indexError = std::string("cache.db: ") + error.what();
        log::get("sync")->error("sync: {}", report.indexError);
    }
    return report;
}

void SyncEngine::notify(bool running, const std::string& runError) {
    if (!onChange_) return;
    SyncSnapshot snapshot;
    snapshot.running = running;
    snapshot.lastRunError = runError;
    try {
        snapshot.datasets = SyncStore(db()).states();
    } catch (const SqliteError& error) {
        snapshot.lastRunError = error.what();
    }
    onChange_(snapshot);
}

void SyncEngine::start(SnapshotCallback onChange) {
    if (worker_.running()) return;
    onChange_ = std::move(onChange);
    stopping_ = false;
    worker_.start([this] { return step(); },
                  [this] {
                      std::lock_guard lock(dbMutex_);
                      try {
                          notify(false, {});  // the state as it is, before the first run
                      } catch (const std::exception&) {
                      }
                  });
}

void SyncEngine::requestNow() {
    worker_.wakeNow();
}

void SyncEngine::stop() {
    stopping_ = true;  // cuts a request in flight short
    worker_.stop();
}

PeriodicWorker::Next SyncEngine::step() {
    {
        std::lock_guard lock(dbMutex_);
        notify(true, {});
    }
    const SyncReport report = runOnce();
    Clock::time_point next = clock_.now() + options_.interval;
    {
        std::lock_guard lock(dbMutex_);
        for (const auto& [id, backoff] : backoff_)
            if (backoff.failures > 0) next = std::min(next, backoff.notBefore);
        notify(false, report.indexError);
    }
    // Each dataset backs off on its own (failed()): the run itself has not failed.
    return {.at = next};
}

}  // namespace kiosk
