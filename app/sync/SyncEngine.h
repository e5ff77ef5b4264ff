#pragma once
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "config/Config.h"
#include "core/Clock.h"
#include "core/PeriodicWorker.h"
#include "net/HttpClient.h"
#include "storage/Database.h"
#include "sync/SyncStore.h"

namespace kiosk {

struct SyncProgress {
    std::string dataset;
    std::string mode;            // "full" | "delta"
    std::int64_t pages = 0;      // staged so far in this pass (resumed pages included)
    std::int64_t records = 0;    // received in this run
    std::int64_t expected = 0;   // records the index announced (0 if unknown)
};

struct DatasetOutcome {
    enum class Result { UpToDate, Applied, Failed, Waiting };
    std::string dataset;
    Result result = Result::UpToDate;
    std::string mode;      // of the pass applied or attempted
    std::string error;     // cause, for Failed
    std::int64_t version = 0;
    ApplyResult applied;
    std::int64_t skipped = 0;
    std::chrono::seconds retryIn{0};  // Failed / Waiting: when it will be tried again
};

struct SyncReport {
    bool indexOk = false;
    bool indexNotModified = false;
    std::string indexError;
    std::vector<DatasetOutcome> datasets;
    bool allOk() const;
};

// What screens need to know: the state of every dataset, whether a sync is running.
struct SyncSnapshot {
    std::vector<DatasetState> datasets;
    bool running = false;
    std::string lastRunError;  // index failure of the last run, if any
};

// Keeps cache.db's datasets in step with the city (contract: CITY-API.md). Each run reads
// the index (ETag / 304), then brings each configured dataset up to date by delta or full
// snapshot, page by page through staging, and swaps it in one transaction. Failures are per
// dataset: each backs off on its own (exponential, jittered, at least the server's
// Retry-After) while the others go on. Nothing here runs on the UI thread: runOnce blocks
// its caller (kioskctl, tests); start() runs it on the engine's own thread.
class SyncEngine {
public:
    using ProgressCallback = std::function<void(const SyncProgress&)>;
    using SnapshotCallback = std::function<void(const SyncSnapshot&)>;

    SyncEngine(std::filesystem::path cacheFile, const Config& config, std::shared_ptr<HttpClient> http,
               const Clock& clock);
    ~SyncEngine();
    SyncEngine(const SyncEngine&) = delete;
    SyncEngine& operator=(const SyncEngine&) = delete;

    // One run on the calling thread. `only`: one dataset (must be configured) instead of all;
    // `force`: ignore backoff. Datasets still backing off are reported as Waiting.
    SyncReport runOnce(const std::string& only = {}, bool force = false, const ProgressCallback& progress = {});

    // Background: a run now, then every [sync] interval_s, earlier when a dataset's retry is
    // due, and at once after requestNow(). `onChange` runs on the engine thread after each
    // change of state.
    void start(SnapshotCallback onChange);
    void requestNow();
    void stop();

    // Reads the dataset states (blocking; not for the UI thread).
    std::vector<DatasetState> states();

private:
    struct Backoff {
        int failures = 0;
        Clock::time_point notBefore{};
    };
    Database& db();
    std::optional<std::string> fetchIndex(SyncReport& report);
    DatasetOutcome syncDataset(const std::string& dataset, const ProgressCallback& progress);
    std::chrono::seconds failed(const std::string& dataset, const std::string& cause, std::chrono::seconds retryAfter);
    void notify(bool running, const std::string& runError);
    PeriodicWorker::Next step();  // one background run

    std::filesystem::path cacheFile_;
    Config::Sync options_;
    std::string baseUrl_;
    std::shared_ptr<HttpClient> http_;
    const Clock& clock_;

    std::mutex dbMutex_;  // runOnce may be called from any one thread at a time
    std::optional<Database> db_;
    std::map<std::string, Backoff> backoff_;  // "" is the index
    std::map<std::string, std::int64_t> announced_;  // records per dataset, from the last index read
    std::mt19937 random_;

    std::atomic<bool> stopping_{false};  // the cancel flag of requests in flight
    SnapshotCallback onChange_;
    PeriodicWorker worker_;  // last: its thread uses everything above
};

// Seconds a Retry-After header asks for (a number, or an HTTP date); 0 if absent or unreadable.
std::chrono::seconds parseRetryAfter(const std::string& value, std::chrono::system_clock::time_point now);

}  // namespace kiosk
