// FeedbackService, the feedback feature as the screens use it: every request answered on the
// service's own threads, through the outbox and the sender, against a small Open311 endpoint on
// loopback (written here with cpp-httplib, as in FeedbackSenderTest). Also what happens when
// outbox.db cannot be had at all, and when the service is destroyed with work still queued.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <fstream>
#include <future>
#include <mutex>
#include <thread>

#include "FakeClock.h"
#include "LoopbackServer.h"
#include "TestPaths.h"
#include "feedback/FeedbackService.h"

using namespace kiosk;
using namespace std::chrono_literals;

namespace {
const std::string kBase = "/open311/v2";

// A report on a service without required fields, by a resident logged in as `account`.
open311::ReportDraft draft(const std::string& account = "vneid-sub-0042", const std::string& description = "Xe đậu kín vỉa hè") {
    return {.serviceCode = "005", .serviceName = "Lấn chiếm lòng lề đường", .description = description,
            .address = "12 Lê Lợi", .firstName = "Lan", .phone = "0901234567", .consentVersion = "2026-11",
            .accountId = account};
}

void json(httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_content(body, "application/json");
}

// Calls `request` with a callback and waits (at most 10 s) for what it is given.
template <typename Answer, typename Request>
Answer await(Request&& request) {
    auto promise = std::make_shared<std::promise<Answer>>();
    auto answer = promise->get_future();
    request([promise](Answer value) { promise->set_value(std::move(value)); });
    BOOST_TEST_REQUIRE((answer.wait_for(10s) == std::future_status::ready), "no answer within 10 s");
    return answer.get();
}

// A 1022 endpoint: files every POST as HCM-<n>, lists one service, defines it, and says of every
// filed report that it is closed. `up` false: every call is a 503.
struct Endpoint {
    test::LoopbackServer server;
    std::atomic<bool> up{true};
    std::atomic<int> servicesAsked{0};
    std::atomic<int> definitionsAsked{0};
    std::atomic<bool> slow{false};     // definitions wait until `release` (or 5 s)
    std::atomic<bool> release{false};
    std::mutex mutex;
    std::vector<std::pair<std::string, std::string>> posts;  // tracking code, account_id

    Endpoint() {
        auto& s = server.server();
        s.Post(kBase + "/requests.json", [this](const httplib::Request& req, httplib::Response& res) {
            if (!up) return json(res, 503, "");
            std::lock_guard lock(mutex);
            posts.emplace_back(req.get_param_value("attribute[kiosk_tracking]"), req.get_param_value("account_id"));
            json(res, 201, R"([{"service_request_id": "HCM-)" + std::to_string(posts.size()) + "\"}]");
        });
        s.Get(kBase + "/services.json", [this](const httplib::Request&, httplib::Response& res) {
            ++servicesAsked;
            if (!up) return json(res, 503, "");
            json(res, 200, R"([{"service_code": "005", "service_name": "Lấn chiếm lòng lề đường", "metadata": true}])");
        });
        s.Get(kBase + "/services/005.json", [this](const httplib::Request&, httplib::Response& res) {
            ++definitionsAsked;
            for (int i = 0; slow && !release && i < 500; ++i) std::this_thread::sleep_for(10ms);
            if (!up) return json(res, 503, "");
            json(res, 200, R"({"service_code": "005", "attributes": [{"code": "KIND", "datatype": "string",
                "required": true, "order": 1, "description": "Loại lấn chiếm"}]})");
        });
        s.Get(kBase + "/requests.json", [this](const httplib::Request& req, httplib::Response& res) {
            if (!up) return json(res, 503, "");
            // Asked one id at a time here (the tests file one report before tracking).
            const std::string id = req.get_param_value("service_request_id");
            json(res, 200, R"([{"service_request_id": ")" + id + R"(", "status": "closed", "status_notes": "Đã xử lý"}])");
        });
    }
    ~Endpoint() { release = true; }
    std::size_t postCount() {
        std::lock_guard lock(mutex);
        return posts.size();
    }
};

struct ServiceFixture {
    test::FakeClock clock;
    Endpoint city;
    std::filesystem::path dir;
    Config config;
    std::unique_ptr<FeedbackService> service;

    explicit ServiceFixture(const std::string& name) : dir(test::scratchDir(name)) {
        config.kiosk.id = "kiosk-test";
        config.city.open311Url = city.server.url() + kBase;
        config.city.connectTimeout = 2s;
        config.feedback.apiKey = "key-123";
        config.feedback.requestTimeout = 5s;
        config.feedback.retryMin = 1s;
        config.feedback.servicesRefresh = 3600s;
        service = make(dir / "outbox.db");
    }
    std::unique_ptr<FeedbackService> make(const std::filesystem::path& file) {
        return std::make_unique<FeedbackService>(file, config, std::make_shared<CurlHttpClient>(config.city), clock,
                                                 "Phường Bến Thành");
    }
    FeedbackService::SaveResult save(const open311::ReportDraft& d) {
        return await<FeedbackService::SaveResult>([&](auto done) { service->save(d, done); });
    }
    std::optional<OutboxReport> get(std::int64_t id) {
        return await<std::optional<OutboxReport>>([&](auto done) { service->get(id, done); });
    }
    FeedbackService::ServicesAnswer services() {
        return await<FeedbackService::ServicesAnswer>([&](auto done) { service->services(done); });
    }
};
}  // namespace

BOOST_AUTO_TEST_SUITE(feedback_service)

BOOST_AUTO_TEST_CASE(a_saved_report_is_filed_once_started_then_tracked_and_confirmed) {
    ServiceFixture f("service-file");
    std::atomic<int> idleSnapshots{0};
    f.service->start([&](const FeedbackSnapshot& snapshot) { idleSnapshots += snapshot.running ? 0 : 1; });
    // Its first run is over (nothing to send): it now sleeps until the next tracking time.
    for (int i = 0; i < 500 && idleSnapshots.load() < 2; ++i) std::this_thread::sleep_for(10ms);
    BOOST_TEST_REQUIRE(idleSnapshots.load() >= 2);
    BOOST_TEST(f.city.servicesAsked.load() == 1);  // refreshed at start
    const auto saved = f.save(draft());
    BOOST_TEST_REQUIRE(saved.report.has_value(), saved.error);
    BOOST_TEST(saved.error.empty());
    BOOST_TEST(saved.report->draft.accountId == "vneid-sub-0042");
    // The sender was woken by the save: filed well before its next scheduled run.
    std::optional<OutboxReport> report;
    for (int i = 0; i < 500; ++i) {
        report = f.get(saved.report->id);
        if (report && report->state == ReportState::Filed) break;
        std::this_thread::sleep_for(10ms);
    }
    BOOST_TEST_REQUIRE(report.has_value());
    BOOST_TEST_REQUIRE((report->state == ReportState::Filed));
    BOOST_TEST(report->serviceRequestId == "HCM-1");
    {
        std::lock_guard lock(f.city.mutex);
        BOOST_TEST_REQUIRE(f.city.posts.size() == 1u);
        BOOST_TEST(f.city.posts[0].first == saved.report->trackingCode);
        BOOST_TEST(f.city.posts[0].second == "vneid-sub-0042");
    }

    const auto tracked = await<TrackReport>([&](auto done) { f.service->refreshStatus(done); });
    BOOST_TEST(tracked.error.empty(), tracked.error);
    BOOST_TEST(tracked.updated == 1u);
    auto mine = await<std::vector<OutboxReport>>([&](auto done) { f.service->reportsFor("vneid-sub-0042", done); });
    BOOST_TEST_REQUIRE(mine.size() == 1u);
    BOOST_TEST(mine[0].tracked.status == "closed");
    BOOST_TEST(mine[0].statusChanged);
    f.service->markSeen("vneid-sub-0042");
    mine = await<std::vector<OutboxReport>>([&](auto done) { f.service->reportsFor("vneid-sub-0042", done); });
    BOOST_TEST(!mine.at(0).statusChanged);
    BOOST_TEST(await<std::vector<OutboxReport>>([&](auto done) { f.service->reportsFor("", done); }).empty());
    BOOST_TEST(await<bool>([&](auto done) { f.service->confirmFixed(saved.report->id, done); }));
    BOOST_TEST(!await<bool>([&](auto done) { f.service->confirmFixed(saved.report->id, done); }));
    const auto found = await<std::optional<OutboxReport>>(
        [&](auto done) { f.service->find(saved.report->trackingCode, done); });
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->verdict == "fixed");
}

BOOST_AUTO_TEST_CASE(saving_reopening_and_amending_report_refusals_as_errors) {
    ServiceFixture f("service-refusals");
    auto bad = draft();
    bad.description.clear();
    auto result = f.save(bad);
    BOOST_TEST(!result.report.has_value());
    BOOST_TEST(result.error.find("description") != std::string::npos, result.error);

    const auto saved = f.save(draft());
    BOOST_TEST_REQUIRE(saved.report.has_value());
    result = await<FeedbackService::SaveResult>([&](auto done) { f.service->reopen(saved.report->id, draft(), done); });
    BOOST_TEST(!result.report.has_value());
    BOOST_TEST(result.error.find("not closed") != std::string::npos, result.error);
    result = await<FeedbackService::SaveResult>([&](auto done) { f.service->amend(saved.report->id, draft(), done); });
    BOOST_TEST(!result.report.has_value());
    BOOST_TEST(result.error.find("cannot be amended") != std::string::npos, result.error);
    BOOST_TEST(await<std::vector<OutboxReport>>([&](auto done) { f.service->reportsFor("vneid-sub-0042", done); })
                   .size() == 1u);
    BOOST_TEST(f.service->problem().empty());
}

BOOST_AUTO_TEST_CASE(services_are_fetched_then_served_from_the_cache_and_offline) {
    ServiceFixture f("service-services");
    auto answer = f.services();  // nothing cached: fetched
    BOOST_TEST(answer.error.empty(), answer.error);
    BOOST_TEST(!answer.fromCache);
    BOOST_TEST_REQUIRE(answer.services.size() == 1u);
    BOOST_TEST(answer.services[0].code == "005");
    BOOST_TEST(answer.fetchedAt == "2027-01-15T08:00:00Z");
    BOOST_TEST(f.city.servicesAsked.load() == 1);

    f.clock.advance(3599s);  // still fresh: no call to the city
    answer = f.services();
    BOOST_TEST(answer.services.size() == 1u);
    BOOST_TEST(answer.error.empty());
    BOOST_TEST(f.city.servicesAsked.load() == 1);

    f.clock.advance(1s);  // stale, and the city cannot be reached: the cached list, said so
    f.city.up = false;
    answer = f.services();
    BOOST_TEST(f.city.servicesAsked.load() == 2);
    BOOST_TEST_REQUIRE(answer.services.size() == 1u);
    BOOST_TEST(answer.fromCache);
    BOOST_TEST(answer.error.find("503") != std::string::npos, answer.error);
    BOOST_TEST(answer.fetchedAt == "2027-01-15T08:00:00Z");

    f.city.up = true;  // back: refreshed
    answer = f.services();
    BOOST_TEST(!answer.fromCache);
    BOOST_TEST(answer.error.empty());
    BOOST_TEST(answer.fetchedAt == "2027-01-15T09:00:00Z");

    // A kiosk that never had a list, offline: nothing, with the reason.
    f.city.up = false;
    f.service = f.make(f.dir / "other-outbox.db");
    answer = f.services();
    BOOST_TEST(answer.services.empty());
    BOOST_TEST(!answer.fromCache);
    BOOST_TEST(!answer.error.empty());
}

BOOST_AUTO_TEST_CASE(a_definition_is_fetched_and_the_cached_one_used_offline) {
    ServiceFixture f("service-definition");
    auto result = await<DefinitionResult>([&](auto done) { f.service->definition("005", done); });
    BOOST_TEST_REQUIRE(result.definition.has_value(), result.error);
    BOOST_TEST(!result.fromCache);
    BOOST_TEST(result.definition->attributes.at(0).code == "KIND");
    f.city.up = false;
    result = await<DefinitionResult>([&](auto done) { f.service->definition("005", done); });
    BOOST_TEST_REQUIRE(result.definition.has_value());
    BOOST_TEST(result.fromCache);
    result = await<DefinitionResult>([&](auto done) { f.service->definition("404", done); });
    BOOST_TEST(!result.definition.has_value());
    BOOST_TEST(!result.error.empty());
}

BOOST_AUTO_TEST_CASE(without_an_outbox_every_request_answers_with_an_error_and_nothing_crashes) {
    ServiceFixture f("service-no-outbox");
    // A folder where the file should be, and a file where its folder should be.
    std::filesystem::create_directories(f.dir / "taken" / "outbox.db");
    std::ofstream(f.dir / "a-file") << "not a folder";
    for (const auto& file : {f.dir / "taken" / "outbox.db", f.dir / "a-file" / "outbox.db"}) {
        f.service = f.make(file);
        f.service->start({});
        f.service->requestNow();
        const auto saved = f.save(draft());
        BOOST_TEST(!saved.report.has_value(), file);
        BOOST_TEST(saved.error.find("outbox.db could not be opened") != std::string::npos, saved.error);
        BOOST_TEST(!f.service->problem().empty(), file);
        BOOST_TEST(!f.get(1).has_value());
        BOOST_TEST(await<std::vector<OutboxReport>>([&](auto done) { f.service->reportsFor("vneid-sub-0042", done); })
                       .empty());
        BOOST_TEST(!await<bool>([&](auto done) { f.service->confirmFixed(1, done); }));
        BOOST_TEST(!await<FeedbackService::SaveResult>([&](auto done) { f.service->reopen(1, draft(), done); })
                        .error.empty());
        BOOST_TEST(!await<FeedbackService::SaveResult>([&](auto done) { f.service->amend(1, draft(), done); })
                        .error.empty());
        const auto services = f.services();
        BOOST_TEST(services.services.empty());
        BOOST_TEST(!services.error.empty());
        BOOST_TEST(!await<DefinitionResult>([&](auto done) { f.service->definition("005", done); }).error.empty());
        BOOST_TEST(!await<TrackReport>([&](auto done) { f.service->refreshStatus(done); }).error.empty());
        f.service->markSeen("vneid-sub-0042");
    }
    BOOST_TEST(std::filesystem::is_directory(f.dir / "taken" / "outbox.db"));  // left alone, not moved aside
    BOOST_TEST(f.city.postCount() == 0u);
}

BOOST_AUTO_TEST_CASE(destroying_the_service_drops_queued_network_requests_and_returns_promptly) {
    ServiceFixture f("service-destroy");
    f.city.slow = true;
    std::atomic<int> answered{0};
    f.service->definition("005", [&](DefinitionResult) { ++answered; });  // the one in progress
    for (int i = 0; i < 5; ++i) f.service->definition("005", [&](DefinitionResult) { ++answered; });
    f.service->refreshStatus([&](TrackReport) { ++answered; });
    f.service->services([&](FeedbackService::ServicesAnswer) { ++answered; });
    for (int i = 0; i < 500 && f.city.definitionsAsked.load() == 0; ++i) std::this_thread::sleep_for(10ms);
    BOOST_TEST_REQUIRE(f.city.definitionsAsked.load() == 1);

    const auto before = std::chrono::steady_clock::now();
    f.service.reset();
    BOOST_TEST((std::chrono::steady_clock::now() - before < 2s));  // the transfer was cancelled, not waited for
    f.city.release = true;
    std::this_thread::sleep_for(200ms);
    BOOST_TEST(answered.load() == 0);
    BOOST_TEST(f.city.definitionsAsked.load() == 1);  // none of the queued ones was sent
}

BOOST_AUTO_TEST_CASE(destroying_the_service_drops_queued_disk_requests_but_not_saves) {
    ServiceFixture f("service-destroy-disk");
    std::atomic<bool> go{false};
    std::atomic<bool> holding{false};
    // A save whose callback holds the disk thread, so that what follows is surely still queued.
    f.service->save(draft(), [&](FeedbackService::SaveResult) {
        holding = true;
        for (int i = 0; i < 500 && !go; ++i) std::this_thread::sleep_for(10ms);
    });
    for (int i = 0; i < 500 && !holding; ++i) std::this_thread::sleep_for(10ms);
    BOOST_TEST_REQUIRE(holding.load());
    std::atomic<int> answered{0};
    std::atomic<int> saved{0};
    f.service->get(1, [&](std::optional<OutboxReport>) { ++answered; });
    f.service->reportsFor("vneid-sub-0042", [&](std::vector<OutboxReport>) { ++answered; });
    f.service->confirmFixed(1, [&](bool) { ++answered; });
    f.service->save(draft(), [&](FeedbackService::SaveResult r) { saved += r.report ? 1 : 0; });
    std::thread destroying([&] { f.service.reset(); });
    std::this_thread::sleep_for(300ms);  // the destructor has closed the queue and waits for the disk thread
    go = true;
    destroying.join();
    BOOST_TEST(answered.load() == 0);
    BOOST_TEST(saved.load() == 1);
}

BOOST_AUTO_TEST_CASE(saves_queued_when_the_service_is_destroyed_are_still_written) {
    ServiceFixture f("service-destroy-saves");
    std::mutex mutex;
    std::vector<FeedbackService::SaveResult> results;
    for (int i = 0; i < 3; ++i)
        f.service->save(draft("vneid-sub-0042", "phản ánh " + std::to_string(i)), [&](FeedbackService::SaveResult r) {
            std::lock_guard lock(mutex);
            results.push_back(std::move(r));
        });
    f.service.reset();  // at once: the outbox may not even be open yet
    {
        std::lock_guard lock(mutex);
        BOOST_TEST_REQUIRE(results.size() == 3u);
        for (const auto& r : results) BOOST_TEST(r.report.has_value(), r.error);
    }
    const auto outbox = Outbox::open(f.dir / "outbox.db", f.clock);
    BOOST_TEST(outbox->listForAccount("vneid-sub-0042").size() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()
