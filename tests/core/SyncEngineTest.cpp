// The sync engine against the city simulator on loopback: full and delta passes, resuming,
// and every fault the simulator can inject. For each fault: the old data stays intact and
// searchable, the failure is logged with the dataset and its cause, the other datasets go on,
// and the next sync recovers.
#include <boost/test/unit_test.hpp>
#include <spdlog/sinks/ringbuffer_sink.h>

#include <fstream>
#include <mutex>
#include <thread>
#include <map>

#include "../city-sim/CitySimServer.h"
#include "../support/FakeClock.h"
#include "../support/TestPaths.h"
#include "directory/BundledSeed.h"
#include "directory/DirectoryCache.h"
#include "log/Log.h"
#include "sync/Datasets.h"
#include "sync/SyncEngine.h"

using namespace kiosk;
using citysim::CitySimServer;
using citysim::Fault;
using citysim::FaultSpec;
using Result = DatasetOutcome::Result;

namespace {
const std::vector<DirectoryEntry>& bundled() {
    static const auto seed = loadBundledSeed(test::resourcesDir() / "data", true);
    return seed;
}

// The small datasets: enough to page through, quick to rebuild for every test.
const std::vector<std::string> kSmall = {"tourism-places", "ward-offices", "hotlines", "construction"};

std::shared_ptr<const std::vector<DirectoryEntry>> smallSeed() {
    static const auto seed = [] {
        auto entries = std::make_shared<std::vector<DirectoryEntry>>();
        for (const auto& e : bundled())
            if (std::find(kSmall.begin(), kSmall.end(), std::string(datasetOf(e))) != kSmall.end()) entries->push_back(e);
        return std::shared_ptr<const std::vector<DirectoryEntry>>(entries);
    }();
    return seed;
}

// AddressSanitizer keeps freed memory in quarantine, so peak memory says nothing under it.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kPeakMemoryMeaningful = false;
#else
constexpr bool kPeakMemoryMeaningful = true;
#endif

// VmHWM (peak resident memory) of this process in KiB; `reset` starts a new peak from now.
long peakKiB(bool reset = false) {
    if (reset) std::ofstream("/proc/self/clear_refs") << "5";
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.starts_with("VmHWM:")) return std::stol(line.substr(6));
    return -1;
}

struct SyncFixture {
    test::FakeClock clock;
    CitySimServer sim{[] {
        CitySimServer::Options options;
        options.seed = smallSeed();
        return options;
    }()};
    std::filesystem::path dir;
    std::filesystem::path cacheFile;
    std::unique_ptr<DirectoryCache> cache;  // what the kiosk's screens read (another connection)
    Config config;
    std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> logged = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(200);

    explicit SyncFixture(const std::string& name) : dir(test::scratchDir(name)), cacheFile(dir / "cache.db") {
        sim.start();
        DirectoryCache::OpenReport report;
        cache = DirectoryCache::open(cacheFile, [] { return *smallSeed(); }, report);
        config.kiosk.id = "kiosk-test";
        config.kiosk.wardCode = "26740";
        config.city.baseUrl = sim.baseUrl();
        config.sync.datasets = kSmall;
        config.sync.pageSize = 50;
        config.sync.maxPageBytes = 512u << 10;
        config.sync.requestTimeout = std::chrono::seconds(2);
        config.sync.retryMin = std::chrono::seconds(10);
        config.sync.retryMax = std::chrono::seconds(600);
        log::get("sync")->sinks().push_back(logged);
    }
    ~SyncFixture() {
        auto& sinks = log::get("sync")->sinks();
        sinks.erase(std::remove(sinks.begin(), sinks.end(), logged), sinks.end());
    }

    std::unique_ptr<SyncEngine> engine() {
        return std::make_unique<SyncEngine>(cacheFile, config,
                                            std::make_shared<CurlHttpClient>(config.city, userAgentFor(config)), clock);
    }
    std::size_t rows(const std::string& dataset) {
        auto stmt = cache->database().prepare("SELECT count(*) FROM entries WHERE dataset = ?");
        stmt.bind(1, dataset);
        return stmt.step() ? static_cast<std::size_t>(stmt.integer(0)) : 0;
    }
    std::size_t found(const std::string& text, GroupId group) {
        DirectoryQuery query;
        query.text = text;
        query.group = group;
        query.limit = 500;
        return cache->repository().search(query).entries.size();
    }
    bool loggedLine(const std::string& a, const std::string& b) {
        for (const auto& line : logged->last_formatted())
            if (line.find(a) != std::string::npos && line.find(b) != std::string::npos) return true;
        return false;
    }
    static const DatasetOutcome& outcome(const SyncReport& report, const std::string& dataset) {
        for (const auto& d : report.datasets)
            if (d.dataset == dataset) return d;
        BOOST_FAIL("no outcome for " + dataset);
        throw std::logic_error("unreachable");
    }
};
}  // namespace

BOOST_AUTO_TEST_CASE(full_sync_replaces_the_bundled_rows_and_a_second_run_is_a_304) {
    SyncFixture f("sync-full");
    BOOST_TEST(f.rows("tourism-places") > 0u);
    auto engine = f.engine();
    const auto report = engine->runOnce();
    BOOST_TEST(report.allOk(), report.indexError);
    for (const auto& id : kSmall) {
        const auto& d = SyncFixture::outcome(report, id);
        BOOST_TEST((d.result == Result::Applied), id);
        BOOST_TEST(d.mode == "full");
        BOOST_TEST(f.rows(id) == f.sim.recordCount(id), id);
        BOOST_TEST(d.applied.rows == static_cast<std::int64_t>(f.sim.recordCount(id)));
    }
    // What residents search finds the synced rows (a city id, no longer a bundled one).
    auto stmt = f.cache->database().prepare("SELECT count(*) FROM entries WHERE ext_id LIKE 'seed-%'");
    BOOST_TEST((stmt.step() && stmt.integer(0) == 0));
    BOOST_TEST(f.found("ben thanh", GroupId::Tourism) > 0u);
    BOOST_TEST(f.sim.lastUserAgent().find("kiosk kiosk-test; ward 26740") != std::string::npos, f.sim.lastUserAgent());

    const auto states = engine->states();
    for (const auto& s : states) {
        BOOST_TEST(s.version == f.sim.version(s.dataset));
        BOOST_TEST(!s.lastSuccess.empty());
        BOOST_TEST(s.lastError.empty());
        BOOST_TEST(s.stagingMode.empty());
    }
    f.sim.clearRequests();
    const auto again = engine->runOnce();
    BOOST_TEST(again.indexNotModified);
    BOOST_TEST(f.sim.requests().size() == 1u);  // the index, answered 304
    for (const auto& d : again.datasets) BOOST_TEST((d.result == Result::UpToDate));

    // A cache rebuilt from the bundled data (after damage) forgets the index: no 304 then.
    f.cache->repository().replaceAll(*smallSeed());
    const auto rebuilt = engine->runOnce();
    BOOST_TEST(!rebuilt.indexNotModified);
    BOOST_TEST(rebuilt.allOk());
    BOOST_TEST(f.rows("hotlines") == f.sim.recordCount("hotlines"));
}

BOOST_AUTO_TEST_CASE(delta_sync_updates_and_deletes_keeping_row_ids) {
    SyncFixture f("sync-delta");
    auto engine = f.engine();
    BOOST_REQUIRE(engine->runOnce().allOk());
    const std::string dataset = "ward-offices";
    const auto before = f.rows(dataset);
    auto idOf = [&](const std::string& extId) {
        auto stmt = f.cache->database().prepare("SELECT id FROM entries WHERE dataset = ? AND ext_id = ?");
        stmt.bind(1, dataset).bind(2, extId);
        return stmt.step() ? stmt.integer(0) : -1;
    };
    std::map<std::string, std::int64_t> ids;
    for (std::size_t i = 0; i < 20; ++i) ids[f.sim.recordId(dataset, i)] = idOf(f.sim.recordId(dataset, i));

    const auto version = f.sim.mutate(dataset, 0.1, 3);
    f.sim.clearRequests();
    const auto report = engine->runOnce();
    BOOST_TEST(report.allOk());
    const auto& d = SyncFixture::outcome(report, dataset);
    BOOST_TEST((d.result == Result::Applied));
    BOOST_TEST(d.mode == "delta");
    BOOST_TEST(d.version == version);
    BOOST_TEST(d.applied.deleted == 3);
    BOOST_TEST(f.rows(dataset) == before - 3);
    BOOST_TEST(f.rows(dataset) == f.sim.recordCount(dataset));
    bool askedForDelta = false;
    for (const auto& r : f.sim.requests()) askedForDelta |= r.find("/ward-offices/records") != std::string::npos && r.find("since=1") != std::string::npos;
    BOOST_TEST(askedForDelta);
    // Changed rows are found by their new text; rows still there kept their id.
    BOOST_TEST(f.found("cap nhat v" + std::to_string(version), GroupId::Agencies) == static_cast<std::size_t>(d.applied.changed));
    for (const auto& [extId, id] : ids)
        if (const auto now = idOf(extId); now != -1) BOOST_TEST(now == id);
    // The other datasets did not change: nothing was fetched for them.
    for (const auto& r : f.sim.requests()) BOOST_TEST(r.find("/hotlines/records") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_delta_the_city_cannot_give_becomes_a_full_snapshot) {
    SyncFixture f("sync-delta-gone");
    auto engine = f.engine();
    BOOST_REQUIRE(engine->runOnce().allOk());
    f.sim.mutate("hotlines", 0.5, 0);
    const auto version = f.sim.mutate("hotlines", 0.5, 0);
    f.sim.setMinDeltaVersion("hotlines", version);
    const auto report = engine->runOnce();
    BOOST_TEST(report.allOk());
    const auto& d = SyncFixture::outcome(report, "hotlines");
    BOOST_TEST(d.mode == "full");
    BOOST_TEST(d.version == version);
    BOOST_TEST(f.rows("hotlines") == f.sim.recordCount("hotlines"));
}

BOOST_AUTO_TEST_CASE(an_interrupted_pass_keeps_the_old_data_and_resumes_from_the_last_page) {
    SyncFixture f("sync-resume");
    const auto before = f.rows("tourism-places");
    const auto total = f.sim.recordCount("tourism-places");
    BOOST_REQUIRE(total > 150u);  // at least four pages of 50
    FaultSpec spec;
    spec.fault = Fault::DropMidBody;
    spec.dataset = "tourism-places";
    spec.skipFirst = 2;
    f.sim.setFault(spec);
    {
        auto engine = f.engine();
        const auto report = engine->runOnce();
        const auto& d = SyncFixture::outcome(report, "tourism-places");
        BOOST_TEST((d.result == Result::Failed));
        BOOST_TEST((SyncFixture::outcome(report, "hotlines").result == Result::Applied));
        // Two pages are staged; residents still see the bundled rows, all of them.
        const auto state = engine->states();
        const auto it = std::find_if(state.begin(), state.end(), [](const auto& s) { return s.dataset == "tourism-places"; });
        BOOST_REQUIRE(it != state.end());
        BOOST_TEST(it->stagingPages == 2);
        BOOST_TEST(!it->stagingCursor.empty());
        BOOST_TEST(f.rows("tourism-places") == before);
        BOOST_TEST(f.found("ben thanh", GroupId::Tourism) > 0u);
    }  // the engine goes away, as in a crash or a restart
    f.sim.clearFault();
    f.sim.clearRequests();
    auto engine = f.engine();
    const auto report = engine->runOnce();
    BOOST_TEST((SyncFixture::outcome(report, "tourism-places").result == Result::Applied));
    BOOST_TEST(f.rows("tourism-places") == total);
    int fromStart = 0;
    int pages = 0;
    for (const auto& r : f.sim.requests()) {
        if (r.find("/tourism-places/records") == std::string::npos) continue;
        ++pages;
        if (r.find("cursor=") == std::string::npos) ++fromStart;
    }
    BOOST_TEST(fromStart == 0);  // resumed: no request for the first page again
    BOOST_TEST(pages == static_cast<int>((total + 49) / 50) - 2);
}

namespace {
struct FaultCase {
    Fault fault;
    std::string cause;  // what the log and the state must say
};
}  // namespace

BOOST_AUTO_TEST_CASE(every_fault_keeps_the_old_data_logs_the_cause_and_the_next_sync_recovers) {
    const std::vector<FaultCase> cases = {
        {Fault::InternalError, "HTTP 500"},
        {Fault::ServerError, "HTTP 503"},
        {Fault::TooManyRequests, "HTTP 429"},
        {Fault::DropMidBody, "network"},
        {Fault::TruncatedJson, "malformed JSON"},
        {Fault::MalformedJson, "malformed JSON"},
        {Fault::WrongContentType, "wrong content type"},
        {Fault::Oversized, "too-large"},
        {Fault::SlowDrip, "timeout"},
        {Fault::RedirectScheme, "refused"},
        {Fault::Latency, "timeout"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(citysim::toString(c.fault)) {
            SyncFixture f(std::string("sync-fault-") + std::string(citysim::toString(c.fault)));
            auto engine = f.engine();
            BOOST_REQUIRE(engine->runOnce().allOk());
            const auto oldRows = f.rows("tourism-places");
            const auto oldVersion = f.sim.version("tourism-places");
            f.sim.mutate("tourism-places", 0.2, 2);
            f.sim.mutate("hotlines", 0.5, 0);
            FaultSpec spec;
            spec.fault = c.fault;
            spec.dataset = "tourism-places";
            spec.latencyMs = c.fault == Fault::Latency ? 3000 : 0;  // longer than the 2 s request timeout
            spec.retryAfterSeconds = 120;
            spec.oversizeBytes = 10 * f.config.sync.maxPageBytes;
            f.sim.setFault(spec);

            const auto report = engine->runOnce();
            const auto& failed = SyncFixture::outcome(report, "tourism-places");
            BOOST_TEST((failed.result == Result::Failed));
            BOOST_TEST(failed.error.find(c.cause) != std::string::npos, failed.error);
            BOOST_TEST(f.loggedLine("sync tourism-places", c.cause));
            // One failing dataset never holds back the others.
            BOOST_TEST((SyncFixture::outcome(report, "hotlines").result == Result::Applied));
            // The old data is intact and still found.
            BOOST_TEST(f.rows("tourism-places") == oldRows);
            BOOST_TEST(f.found("ben thanh", GroupId::Tourism) > 0u);
            BOOST_TEST(f.found("cap nhat", GroupId::Tourism) == 0u);
            const auto states = engine->states();
            for (const auto& s : states) {
                if (s.dataset != "tourism-places") continue;
                BOOST_TEST(s.version == oldVersion);
                BOOST_TEST(s.lastError.find(c.cause) != std::string::npos);
                BOOST_TEST(s.failures == 1);
            }
            if (c.fault == Fault::TooManyRequests) BOOST_TEST(failed.retryIn.count() >= 120);
            // Until its retry is due it waits; then it recovers.
            f.sim.clearFault();
            const auto waiting = engine->runOnce();
            BOOST_TEST((SyncFixture::outcome(waiting, "tourism-places").result == Result::Waiting));
            f.clock.advance(failed.retryIn + std::chrono::seconds(1));
            const auto recovered = engine->runOnce();
            BOOST_TEST((SyncFixture::outcome(recovered, "tourism-places").result == Result::Applied));
            BOOST_TEST(f.rows("tourism-places") == oldRows - 2);
            BOOST_TEST(f.found("cap nhat", GroupId::Tourism) > 0u);
            for (const auto& s : engine->states())
                if (s.dataset == "tourism-places") BOOST_TEST((s.lastError.empty() && s.failures == 0));
        }
    }
}

// Other servers label JSON in other ways; each is JSON and syncs. Anything else is refused.
BOOST_AUTO_TEST_CASE(json_under_any_json_media_type_syncs_and_other_types_are_refused) {
    for (const std::string type : {"application/json;charset=UTF-8", "Application/JSON", "application/vnd.hcmc.city+json",
                                   "application/vnd.hcmc.city+json; charset=utf-8"}) {
        SyncFixture f("sync-media-type");
        f.sim.setMediaType("data", type);
        const auto report = f.engine()->runOnce();
        BOOST_TEST(report.allOk(), type << ": " << report.indexError);
        for (const auto& id : kSmall) BOOST_TEST(f.rows(id) == f.sim.recordCount(id), type << " " << id);
    }
    SyncFixture f("sync-media-type-plain");
    const auto before = f.rows("hotlines");
    f.sim.setMediaType("data", "text/plain; charset=utf-8");
    const auto report = f.engine()->runOnce();
    BOOST_TEST(!report.indexOk);
    BOOST_TEST(report.indexError.find("text/plain") != std::string::npos, report.indexError);
    BOOST_TEST(f.rows("hotlines") == before);
}

BOOST_AUTO_TEST_CASE(memory_stays_bounded_under_an_oversized_answer) {
    SyncFixture f("sync-oversized-memory");
    f.config.sync.maxPageBytes = 4u << 20;
    auto engine = f.engine();
    FaultSpec spec;
    spec.fault = Fault::Oversized;
    spec.dataset = "tourism-places";
    spec.oversizeBytes = 10 * f.config.sync.maxPageBytes;  // 40 MiB
    f.sim.setFault(spec);
    const long base = peakKiB(true);
    const auto report = engine->runOnce();
    const long grown = peakKiB() - base;
    BOOST_TEST((SyncFixture::outcome(report, "tourism-places").result == Result::Failed));
    if (kPeakMemoryMeaningful) BOOST_TEST(grown < 16 * 1024, "peak grew by " << grown << " KiB while 40 MiB were offered");

    // An endless drip ends at the request timeout, having kept nothing.
    spec.fault = Fault::SlowDrip;
    f.sim.setFault(spec);
    const long dripBase = peakKiB(true);
    const auto started = std::chrono::steady_clock::now();
    const auto dripped = engine->runOnce({}, true);
    const auto took = std::chrono::steady_clock::now() - started;
    BOOST_TEST((SyncFixture::outcome(dripped, "tourism-places").result == Result::Failed));
    BOOST_TEST(SyncFixture::outcome(dripped, "tourism-places").error.find("timeout") != std::string::npos);
    if (kPeakMemoryMeaningful) BOOST_TEST(peakKiB() - dripBase < 4 * 1024);
    BOOST_TEST((took < std::chrono::seconds(10)));
}

BOOST_AUTO_TEST_CASE(index_failure_fails_every_dataset_and_keeps_all_data) {
    SyncFixture f("sync-index-down");
    const auto before = f.rows("ward-offices");
    FaultSpec spec;
    spec.fault = Fault::ServerError;
    spec.dataset = "";
    f.sim.setFault(spec);
    auto engine = f.engine();
    const auto report = engine->runOnce();
    BOOST_TEST(!report.indexOk);
    BOOST_TEST(report.indexError.find("HTTP 503") != std::string::npos);
    BOOST_TEST(f.rows("ward-offices") == before);
    for (const auto& s : engine->states()) BOOST_TEST(s.lastError.find("index: HTTP 503") == 0u, s.lastError);
    BOOST_TEST(f.loggedLine("sync index", "HTTP 503"));
}

BOOST_AUTO_TEST_CASE(backoff_doubles_with_jitter_up_to_the_ceiling) {
    SyncFixture f("sync-backoff");
    FaultSpec spec;
    spec.fault = Fault::InternalError;
    spec.dataset = "hotlines";
    f.sim.setFault(spec);
    auto engine = f.engine();
    std::int64_t ceiling = 10;
    for (int attempt = 1; attempt <= 9; ++attempt) {
        const auto report = engine->runOnce();
        const auto& d = SyncFixture::outcome(report, "hotlines");
        BOOST_REQUIRE((d.result == Result::Failed));
        BOOST_TEST(d.retryIn.count() >= ceiling / 2, "attempt " << attempt);
        BOOST_TEST(d.retryIn.count() <= ceiling, "attempt " << attempt);
        ceiling = std::min<std::int64_t>(ceiling * 2, 600);
        f.clock.advance(d.retryIn);
    }
    f.sim.clearFault();
    BOOST_TEST((SyncFixture::outcome(engine->runOnce(), "hotlines").result == Result::Applied));
}

BOOST_AUTO_TEST_CASE(the_whole_bundled_directory_syncs) {
    // Every dataset at its real size, in pages of 1000: what the kiosk fetches on a first start.
    test::FakeClock clock;
    CitySimServer::Options options;
    options.seed = std::make_shared<const std::vector<DirectoryEntry>>(bundled());
    CitySimServer sim(options);
    sim.start();
    const auto dir = test::scratchDir("sync-all");
    DirectoryCache::OpenReport opened;
    auto cache = DirectoryCache::open(dir / "cache.db", [] { return bundled(); }, opened);
    Config config;
    config.kiosk.id = "kiosk-test";
    config.kiosk.wardCode = "26740";
    config.city.baseUrl = sim.baseUrl();
    for (const auto& info : knownDatasets()) config.sync.datasets.emplace_back(info.id);
    // Procedures carry their documents: 1000 of them exceed 2 MiB, so the engine must ask for
    // smaller pages rather than fail.
    config.sync.maxPageBytes = 2u << 20;
    auto logged = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(400);
    log::get("sync")->sinks().push_back(logged);
    SyncEngine engine(dir / "cache.db", config, std::make_shared<CurlHttpClient>(config.city), clock);
    std::int64_t progressCalls = 0;
    const auto report = engine.runOnce({}, false, [&](const SyncProgress& p) {
        ++progressCalls;
        BOOST_TEST(p.records <= p.expected);
    });
    BOOST_TEST(report.allOk());
    BOOST_TEST(cache->repository().count() == sim.totalRecords());
    BOOST_TEST(progressCalls >= 8);
    DirectoryQuery query;
    query.text = "benh vien cho ray";
    BOOST_TEST(!cache->repository().search(query).entries.empty());
    bool shrank = false;
    for (const auto& line : logged->last_formatted()) shrank |= line.find("procedures: page over") != std::string::npos;
    BOOST_TEST(shrank);
    auto& sinks = log::get("sync")->sinks();
    sinks.erase(std::remove(sinks.begin(), sinks.end(), logged), sinks.end());
}

BOOST_AUTO_TEST_CASE(the_background_engine_reports_and_stops_at_once_even_mid_transfer) {
    SyncFixture f("sync-background");
    FaultSpec spec;
    spec.fault = Fault::SlowDrip;
    spec.dataset = "ward-offices";
    f.sim.setFault(spec);
    f.config.sync.requestTimeout = std::chrono::seconds(60);  // only stop() can end the drip
    auto engine = f.engine();
    std::mutex mutex;
    std::vector<SyncSnapshot> snapshots;
    engine->start([&](const SyncSnapshot& s) {
        std::lock_guard lock(mutex);
        snapshots.push_back(s);
    });
    // Wait until the engine is inside the endless answer.
    for (int i = 0; i < 100 && f.sim.faultsApplied() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    BOOST_REQUIRE(f.sim.faultsApplied() > 0);
    const auto started = std::chrono::steady_clock::now();
    engine->stop();
    BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds(2)));
    {
        std::lock_guard lock(mutex);
        BOOST_REQUIRE(!snapshots.empty());
        BOOST_TEST(!snapshots.front().running);   // the state before the first run
        BOOST_TEST(std::any_of(snapshots.begin(), snapshots.end(), [](const SyncSnapshot& s) { return s.running; }));
        BOOST_TEST(!snapshots.back().running);     // and once it ended
    }
    // Being stopped is not recorded as the city's failure.
    for (const auto& s : engine->states()) BOOST_TEST(s.lastError.empty(), s.dataset << ": " << s.lastError);
}

// Issue 16: an index whose "id" was a deeply nested array crashed the kiosk at every start (the
// value was copied recursively), and systemd restarted it into the same crash. Now the answer
// is refused while it is read, the run fails with the reason, the data stays, and the next
// answer is used.
namespace {
// The simulator's answers, except that the index or one dataset's pages are replaced.
class HostileCity final : public HttpClient {
public:
    HostileCity(std::shared_ptr<HttpClient> real, std::string indexPath) : real_(std::move(real)), indexPath_(std::move(indexPath)) {}
    std::string index;       // replaces the index's body when set
    std::string indexEntry;  // else, when set, comes first in the real index's list
    std::string page;   // replaces the body of every tourism-places page when set
    HttpResult perform(const HttpRequest& request, const std::atomic<bool>* cancel) override {
        HttpResult result = real_->perform(request, cancel);
        const bool isIndex = request.url.ends_with(indexPath_);
        if (result.ok() && isIndex && !index.empty()) {
            result.response.status = 200;
            result.response.body = index;
        } else if (result.ok() && isIndex && !indexEntry.empty() && result.response.status == 200) {
            const auto list = result.response.body.find('[');
            if (list != std::string::npos) result.response.body.insert(list + 1, indexEntry + ", ");
        }
        if (result.ok() && request.url.find("/tourism-places/records") != std::string::npos && !page.empty())
            result.response.body = page;
        return result;
    }

private:
    std::shared_ptr<HttpClient> real_;
    std::string indexPath_;
};

std::string deepArray(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }
}  // namespace

BOOST_AUTO_TEST_CASE(an_index_whose_id_nests_200000_deep_fails_the_run_and_the_next_recovers) {
    SyncFixture f("sync-hostile-index");
    auto http = std::make_shared<HostileCity>(std::make_shared<CurlHttpClient>(f.config.city, userAgentFor(f.config)),
                                              f.config.sync.indexPath);
    SyncEngine engine(f.cacheFile, f.config, http, f.clock);
    BOOST_REQUIRE(engine.runOnce().allOk());
    const auto rows = f.rows("tourism-places");
    f.sim.mutate("tourism-places", 0.2, 2);

    // 200,000 levels: within the fixture's 512 KiB page limit, far past what a recursive copy survives.
    http->index = "{\"datasets\": [{\"id\": " + deepArray(200000) + ", \"version\": 1}]}";
    const auto hostile = engine.runOnce({}, /*force=*/true);
    BOOST_TEST(!hostile.indexOk);
    BOOST_TEST(hostile.indexError == "nests deeper than 32 levels");
    BOOST_TEST(f.loggedLine("sync index", "nests deeper than 32 levels"));
    BOOST_TEST(f.rows("tourism-places") == rows);

    // Nested, but within the bound (3 + 29 levels): that entry is no dataset of ours, the others
    // are synced.
    http->index.clear();
    http->indexEntry = "{\"id\": " + deepArray(29) + ", \"version\": 1}";
    const auto shallow = engine.runOnce({}, /*force=*/true);
    BOOST_TEST(shallow.allOk(), shallow.indexError);
    BOOST_TEST(f.rows("tourism-places") == f.sim.recordCount("tourism-places"));
}

BOOST_AUTO_TEST_CASE(a_page_with_a_deeply_nested_record_fails_that_dataset_only) {
    SyncFixture f("sync-hostile-page");
    auto http = std::make_shared<HostileCity>(std::make_shared<CurlHttpClient>(f.config.city, userAgentFor(f.config)),
                                              f.config.sync.indexPath);
    SyncEngine engine(f.cacheFile, f.config, http, f.clock);
    BOOST_REQUIRE(engine.runOnce().allOk());
    const auto rows = f.rows("tourism-places");
    f.sim.mutate("tourism-places", 0.2, 2);
    f.sim.mutate("hotlines", 0.5, 0);
    http->page = "{\"dataset\": \"tourism-places\", \"version\": " + std::to_string(f.sim.version("tourism-places")) +
                 ", \"records\": [{\"id\": \"x\", \"attributes\": {\"a\": " + deepArray(200000) + "}}]}";
    const auto report = engine.runOnce({}, /*force=*/true);
    const auto& failed = SyncFixture::outcome(report, "tourism-places");
    BOOST_TEST((failed.result == Result::Failed));
    BOOST_TEST(failed.error == "nests deeper than 32 levels");
    BOOST_TEST(f.rows("tourism-places") == rows);
    BOOST_TEST((SyncFixture::outcome(report, "hotlines").result == Result::Applied));
}
