// The feedback sender against a small Open311 endpoint written here with cpp-httplib (not the
// city simulator): what it sends, and what each kind of answer does to the report in the
// outbox. Time is a fake clock; only the network is real (loopback).
#include <boost/test/unit_test.hpp>
#include <spdlog/sinks/ringbuffer_sink.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "FakeClock.h"
#include "LoopbackServer.h"
#include "TestPaths.h"
#include "feedback/FeedbackSender.h"
#include "log/Log.h"

using namespace kiosk;
using namespace std::chrono_literals;
using Kind = open311::SubmitAnswer::Kind;

namespace {
const std::string kBase = "/open311/v2";

// What the endpoint saw of one POST requests.json.
struct Post {
    std::string idempotencyKey;
    std::string contentType;
    std::string apiKey;
    std::string jurisdiction;
    std::string serviceCode;
    std::string address;
    std::string tracking;
    std::string phone;
    std::size_t kinds = 0;  // attribute[KINDS][] values
};

open311::ReportDraft draft(const std::string& description = "Ổ gà lớn trước số 12 Lê Lợi") {
    open311::ReportDraft d;
    d.serviceCode = "001";
    d.serviceName = "Ổ gà";
    d.description = description;
    d.address = "12 Lê Lợi";
    d.firstName = "Lan";
    d.phone = "0901234567";
    d.attributes = {{"SIZE", {"L"}, false}, {"KINDS", {"a", "b"}, true}};
    d.consentVersion = "2026-11";
    return d;
}

void json(httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_content(body, "application/json");
}

struct SenderFixture {
    test::FakeClock clock;
    test::LoopbackServer city;
    std::filesystem::path dir;
    std::unique_ptr<Outbox> outbox;
    Config config;
    std::mutex mutex;
    std::vector<Post> posts;
    std::vector<std::string> gets;  // path?query of every GET
    std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> logged = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(200);

    explicit SenderFixture(const std::string& name) : dir(test::scratchDir(name)) {
        outbox = Outbox::open(dir / "outbox.db", clock);
        config.kiosk.id = "kiosk-test";
        config.kiosk.wardCode = "26740";
        config.city.open311Url = city.url() + kBase + "/";  // a trailing slash is allowed
        config.city.connectTimeout = 2s;
        config.feedback.apiKey = "key-123";
        config.feedback.jurisdictionId = "hcmc";
        config.feedback.retryMin = 10s;
        config.feedback.retryMax = 600s;
        config.feedback.requestTimeout = 2s;
        log::get("feedback")->sinks().push_back(logged);
    }
    ~SenderFixture() {
        auto& sinks = log::get("feedback")->sinks();
        sinks.erase(std::remove(sinks.begin(), sinks.end(), logged), sinks.end());
    }

    std::unique_ptr<FeedbackSender> sender() {
        return std::make_unique<FeedbackSender>(*outbox, config, std::make_shared<CurlHttpClient>(config.city), clock,
                                                "Phường Bến Thành");
    }
    std::chrono::system_clock::time_point now() const { return clock.wallNow(); }

    // POST requests.json answered by `answer(n)` for the n-th post (0-based).
    void onPost(std::function<void(std::size_t, httplib::Response&)> answer) {
        city.server().Post(kBase + "/requests.json", [this, answer](const httplib::Request& req, httplib::Response& res) {
            Post post;
            post.idempotencyKey = req.get_header_value("Idempotency-Key");
            post.contentType = req.get_header_value("Content-Type");
            post.apiKey = req.get_param_value("api_key");
            post.jurisdiction = req.get_param_value("jurisdiction_id");
            post.serviceCode = req.get_param_value("service_code");
            post.address = req.get_param_value("address_string");
            post.tracking = req.get_param_value("attribute[kiosk_tracking]");
            post.phone = req.get_param_value("phone");
            post.kinds = req.get_param_value_count("attribute[KINDS][]");
            std::size_t n = 0;
            {
                std::lock_guard lock(mutex);
                n = posts.size();
                posts.push_back(post);
            }
            answer(n, res);
        });
    }
    void recordGet(const httplib::Request& req) {
        std::string query;
        for (const auto& [k, v] : req.params) query += (query.empty() ? "?" : "&") + k + "=" + v;
        std::lock_guard lock(mutex);
        gets.push_back(req.path + query);
    }
    std::size_t postCount() {
        std::lock_guard lock(mutex);
        return posts.size();
    }
    Post post(std::size_t n) {
        std::lock_guard lock(mutex);
        return posts.at(n);
    }
    bool loggedLine(const std::string& a, const std::string& b) {
        for (const auto& line : logged->last_formatted())
            if (line.find(a) != std::string::npos && line.find(b) != std::string::npos) return true;
        return false;
    }
};
}  // namespace

BOOST_AUTO_TEST_SUITE(feedback_sending)

BOOST_AUTO_TEST_CASE(an_id_answer_files_the_report_with_key_api_key_and_jurisdiction) {
    SenderFixture f("sender-id");
    f.onPost([](std::size_t, httplib::Response& res) {
        json(res, 201, R"([{"service_request_id": "HCM-1", "service_notice": "Đã nhận"}])");
    });
    const auto saved = f.outbox->save(draft());
    auto sender = f.sender();
    const auto report = sender->runOnce(f.now());
    BOOST_TEST(report.stoppedBy.empty());
    BOOST_TEST(report.count(Kind::Filed) == 1u);
    BOOST_TEST_REQUIRE(f.postCount() == 1u);
    const auto post = f.post(0);
    BOOST_TEST(post.idempotencyKey == saved.idempotencyKey);
    BOOST_TEST(post.contentType == "application/x-www-form-urlencoded");
    BOOST_TEST(post.apiKey == "key-123");
    BOOST_TEST(post.jurisdiction == "hcmc");
    BOOST_TEST(post.serviceCode == "001");
    BOOST_TEST(post.address == "12 Lê Lợi, Phường Bến Thành");
    BOOST_TEST(post.tracking == saved.trackingCode);
    BOOST_TEST(post.phone == "0901234567");
    BOOST_TEST(post.kinds == 2u);
    const auto filed = *f.outbox->get(saved.id);
    BOOST_TEST((filed.state == ReportState::Filed));
    BOOST_TEST(filed.serviceRequestId == "HCM-1");
    BOOST_TEST(filed.serviceNotice == "Đã nhận");
    BOOST_TEST(sender->runOnce(f.now() + 24h).reports.empty());
    BOOST_TEST(f.postCount() == 1u);  // filed once, never again
}

BOOST_AUTO_TEST_CASE(a_token_answer_is_polled_until_it_has_an_id) {
    SenderFixture f("sender-token");
    f.onPost([](std::size_t, httplib::Response& res) { json(res, 200, R"([{"token": "tok-9"}])"); });
    std::atomic<int> polls{0};
    f.city.server().Get(kBase + "/tokens/tok-9.json", [&](const httplib::Request& req, httplib::Response& res) {
        f.recordGet(req);
        if (polls++ == 0) json(res, 200, R"([{"token": "tok-9", "service_request_id": null}])");
        else json(res, 200, R"([{"token": "tok-9", "service_request_id": "HCM-7"}])");
    });
    const auto saved = f.outbox->save(draft());
    auto sender = f.sender();
    BOOST_TEST(sender->runOnce(f.now()).count(Kind::Token) == 1u);
    auto report = *f.outbox->get(saved.id);
    BOOST_TEST((report.state == ReportState::Token));
    BOOST_TEST(report.token == "tok-9");
    BOOST_TEST(sender->runOnce(f.now() + 9s).reports.empty());  // polled after retry_min_s
    const auto pending = sender->runOnce(f.now() + 10s);
    BOOST_TEST_REQUIRE(pending.reports.size() == 1u);
    BOOST_TEST(pending.reports[0].polled);
    BOOST_TEST((pending.reports[0].result == Kind::Token));
    BOOST_TEST((f.outbox->get(saved.id)->state == ReportState::Token));
    const auto due = f.outbox->nextDue();
    BOOST_TEST_REQUIRE(due.has_value());
    BOOST_TEST((*due >= f.now() + 20s));
    const auto done = sender->runOnce(*due);
    BOOST_TEST(done.count(Kind::Filed) == 1u);
    report = *f.outbox->get(saved.id);
    BOOST_TEST((report.state == ReportState::Filed));
    BOOST_TEST(report.serviceRequestId == "HCM-7");
    BOOST_TEST(f.postCount() == 1u);  // the report itself was sent once
    BOOST_TEST(polls == 2);
    std::lock_guard lock(f.mutex);
    BOOST_TEST(f.gets.front() == kBase + "/tokens/tok-9.json?jurisdiction_id=hcmc");
}

BOOST_AUTO_TEST_CASE(a_400_refuses_the_report_for_good_with_errors_on_their_fields) {
    SenderFixture f("sender-refused");
    f.onPost([](std::size_t, httplib::Response& res) {
        json(res, 400, R"([{"code": 400, "description": "SIZE must be one of S, M"},
                          {"code": 400, "description": "phone is not a Vietnamese number"}])");
    });
    // The cached definition tells the sender which words are attribute codes.
    f.outbox->storeDefinition("001", R"({"service_code": "001", "attributes": [
        {"code": "SIZE", "datatype": "singlevaluelist", "description": "Kích thước", "values": [{"key": "S"}]}]})");
    const auto saved = f.outbox->save(draft());
    auto sender = f.sender();
    const auto run = sender->runOnce(f.now());
    BOOST_TEST(run.count(Kind::Refused) == 1u);
    BOOST_TEST(run.stoppedBy.empty());  // the endpoint is fine; other reports go on
    const auto report = *f.outbox->get(saved.id);
    BOOST_TEST((report.state == ReportState::Refused));
    BOOST_TEST_REQUIRE(report.refusedErrors.size() == 2u);
    BOOST_TEST(report.refusedErrors[0].field == "SIZE");
    BOOST_TEST(report.refusedErrors[1].field == "phone");
    BOOST_TEST(sender->runOnce(f.now() + 1000h).reports.empty());
    BOOST_TEST(f.postCount() == 1u);
    BOOST_TEST(f.loggedLine(report.trackingCode, "refused"));
    BOOST_TEST(f.loggedLine(report.trackingCode, "on SIZE"));
    // The city's words may quote what the resident wrote: they are in the outbox, not the log.
    for (const auto& line : f.logged->last_formatted())
        BOOST_TEST(line.find("must be one of") == std::string::npos, line);
}

BOOST_AUTO_TEST_CASE(a_503_is_retried_later_and_later_under_the_same_key) {
    SenderFixture f("sender-503");
    f.onPost([](std::size_t n, httplib::Response& res) {
        if (n < 3) json(res, 503, "");
        else json(res, 201, R"([{"service_request_id": "HCM-3"}])");
    });
    const auto saved = f.outbox->save(draft());
    auto sender = f.sender();
    auto at = f.now();
    std::int64_t previous = 0;
    for (int failure = 1; failure <= 3; ++failure) {
        const auto run = sender->runOnce(at);
        BOOST_TEST_REQUIRE(run.reports.size() == 1u);
        BOOST_TEST((run.reports[0].result == Kind::Retry));
        BOOST_TEST(run.reports[0].detail.find("503") != std::string::npos);
        const auto delay = run.reports[0].retryIn.count();
        const std::int64_t base = 10 << (failure - 1);
        BOOST_TEST(delay >= base, "failure " << failure << ": " << delay << " s");
        BOOST_TEST(delay <= base + base / 4, "failure " << failure << ": " << delay << " s");
        BOOST_TEST(delay > previous);
        previous = delay;
        const auto report = *f.outbox->get(saved.id);
        BOOST_TEST((report.state == ReportState::Queued));
        BOOST_TEST(report.failures == failure);
        BOOST_TEST(report.lastError.find("503") != std::string::npos);
        BOOST_TEST(sender->runOnce(at + std::chrono::seconds(delay - 1)).reports.empty());
        at += std::chrono::seconds(delay);
    }
    BOOST_TEST(sender->runOnce(at).count(Kind::Filed) == 1u);
    BOOST_TEST_REQUIRE(f.postCount() == 4u);
    for (std::size_t i = 0; i < 4; ++i) BOOST_TEST(f.post(i).idempotencyKey == saved.idempotencyKey);
    BOOST_TEST(f.outbox->get(saved.id)->serviceRequestId == "HCM-3");
}

BOOST_AUTO_TEST_CASE(retry_after_and_retry_max_bound_the_delay) {
    SenderFixture f("sender-retry-after");
    f.config.feedback.retryMax = 30s;
    f.onPost([](std::size_t n, httplib::Response& res) {
        json(res, n == 0 ? 503 : 500, "");
        if (n == 0) res.set_header("Retry-After", "300");
    });
    f.outbox->save(draft());
    auto sender = f.sender();
    auto at = f.now();
    const auto first = sender->runOnce(at).reports.at(0).retryIn;
    BOOST_TEST(first.count() == 300);  // the city asked for longer than our backoff
    at += first;
    for (int i = 0; i < 6; ++i) {
        const auto delay = sender->runOnce(at).reports.at(0).retryIn;
        BOOST_TEST(delay.count() <= 30);
        BOOST_TEST(delay.count() >= 10);
        at += delay;
    }
}

BOOST_AUTO_TEST_CASE(a_timeout_is_retried_and_the_city_sees_the_same_key_twice) {
    SenderFixture f("sender-timeout");
    f.config.feedback.requestTimeout = 1s;
    f.onPost([](std::size_t n, httplib::Response& res) {
        // The first answer is lost: the city got the report, the kiosk never heard back.
        if (n == 0) std::this_thread::sleep_for(2500ms);
        json(res, 201, R"([{"service_request_id": "HCM-5"}])");
    });
    const auto saved = f.outbox->save(draft());
    auto sender = f.sender();
    const auto run = sender->runOnce(f.now());
    BOOST_TEST_REQUIRE(run.reports.size() == 1u);
    BOOST_TEST((run.reports[0].result == Kind::Retry));
    BOOST_TEST(f.outbox->get(saved.id)->lastError.find("timeout") != std::string::npos,
               f.outbox->get(saved.id)->lastError);
    BOOST_TEST(sender->runOnce(f.now() + run.reports[0].retryIn).count(Kind::Filed) == 1u);
    BOOST_TEST_REQUIRE(f.postCount() == 2u);
    BOOST_TEST(f.post(0).idempotencyKey == f.post(1).idempotencyKey);  // what lets the city file it once
}

BOOST_AUTO_TEST_CASE(no_network_keeps_the_report_and_a_later_sender_files_it_under_the_same_key) {
    SenderFixture f("sender-refused-connection");
    std::string closedUrl;
    {
        test::LoopbackServer gone;
        closedUrl = gone.url();
    }
    auto live = f.config;
    f.config.city.open311Url = closedUrl + kBase;
    const auto saved = f.outbox->save(draft());
    auto offline = f.sender();
    auto at = f.now();
    std::chrono::seconds previous{0};
    for (int failure = 1; failure <= 3; ++failure) {
        const auto run = offline->runOnce(at);
        BOOST_TEST_REQUIRE(run.reports.size() == 1u);
        BOOST_TEST((run.reports[0].result == Kind::Retry));
        BOOST_TEST(run.reports[0].detail.find("connect") != std::string::npos, run.reports[0].detail);
        BOOST_TEST((run.reports[0].retryIn > previous));
        previous = run.reports[0].retryIn;
        at += run.reports[0].retryIn;
    }
    BOOST_TEST((f.outbox->get(saved.id)->state == ReportState::Queued));
    BOOST_TEST(f.outbox->get(saved.id)->failures == 3);
    offline.reset();

    f.config = live;
    f.onPost([](std::size_t, httplib::Response& res) { json(res, 201, R"([{"service_request_id": "HCM-9"}])"); });
    BOOST_TEST(f.sender()->runOnce(at).count(Kind::Filed) == 1u);
    BOOST_TEST_REQUIRE(f.postCount() == 1u);
    BOOST_TEST(f.post(0).idempotencyKey == saved.idempotencyKey);
}

BOOST_AUTO_TEST_CASE(a_failing_endpoint_stops_the_run_and_the_others_wait_without_a_failure) {
    SenderFixture f("sender-stop-run");
    f.onPost([](std::size_t, httplib::Response& res) { json(res, 502, ""); });
    for (int i = 0; i < 3; ++i) f.outbox->save(draft(std::to_string(i)));
    auto sender = f.sender();
    const auto run = sender->runOnce(f.now());
    BOOST_TEST(!run.stoppedBy.empty());
    BOOST_TEST_REQUIRE(run.reports.size() == 3u);
    BOOST_TEST(!run.reports[0].deferred);
    BOOST_TEST(run.reports[1].deferred);
    BOOST_TEST(run.reports[2].deferred);
    BOOST_TEST(f.postCount() == 1u);
    const auto reports = f.outbox->list();
    int failed = 0;
    for (const auto& r : reports) {
        BOOST_TEST((r.state == ReportState::Queued));
        BOOST_TEST(r.nextAttemptAt == reports.front().nextAttemptAt);  // all wait as long
        failed += static_cast<int>(r.failures);
    }
    BOOST_TEST(failed == 1);
    // Next time a report not yet tried goes first.
    const auto next = sender->runOnce(f.now() + run.reports[0].retryIn);
    BOOST_TEST(next.reports.at(0).reportId != run.reports[0].reportId);
    // The endpoint failed two runs in a row: the delay grew even though each report failed once.
    BOOST_TEST((next.reports.at(0).retryIn >= 20s));
}

BOOST_AUTO_TEST_CASE(a_403_or_garbage_keeps_the_report_for_a_retry_and_tells_staff) {
    SenderFixture f("sender-403");
    f.onPost([](std::size_t n, httplib::Response& res) {
        if (n == 0) json(res, 403, R"([{"code": 403, "description": "Invalid api_key"}])");
        else if (n == 1) json(res, 200, "<html>OK</html>");
        else json(res, 200, R"([{"service_request_id": "HCM-4"}])");
    });
    const auto saved = f.outbox->save(draft());
    auto sender = f.sender();
    auto run = sender->runOnce(f.now());
    BOOST_TEST((run.reports.at(0).result == Kind::Retry));
    BOOST_TEST(f.loggedLine("api_key", saved.trackingCode));
    BOOST_TEST(f.loggedLine("error", "api_key"));
    run = sender->runOnce(f.now() + 1h);
    BOOST_TEST((run.reports.at(0).result == Kind::Retry));
    BOOST_TEST(f.outbox->get(saved.id)->lastError.find("not JSON") != std::string::npos);
    BOOST_TEST(sender->runOnce(f.now() + 2h).count(Kind::Filed) == 1u);
    BOOST_TEST(f.outbox->list().size() == 1u);  // never deleted on the way
}

BOOST_AUTO_TEST_CASE(an_anonymous_report_reaches_the_city_without_contact) {
    SenderFixture f("sender-anonymous");
    f.onPost([](std::size_t, httplib::Response& res) { json(res, 201, R"([{"service_request_id": "HCM-6"}])"); });
    auto d = draft();
    d.anonymous = true;
    f.outbox->save(d);
    BOOST_TEST(f.sender()->runOnce(f.now()).count(Kind::Filed) == 1u);
    BOOST_TEST_REQUIRE(f.postCount() == 1u);
    BOOST_TEST(f.post(0).phone.empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(feedback_services_and_tracking)

BOOST_AUTO_TEST_CASE(a_failed_services_refresh_keeps_the_old_cache) {
    SenderFixture f("sender-services");
    std::atomic<int> mode{0};
    f.city.server().Get(kBase + "/services.json", [&](const httplib::Request& req, httplib::Response& res) {
        f.recordGet(req);
        switch (mode.load()) {
            case 0: json(res, 200, R"([{"service_code": "001", "service_name": "Ổ gà", "metadata": true}])"); break;
            case 1: json(res, 500, ""); break;
            case 2: json(res, 200, R"({"error": "maintenance"})"); break;
            default: json(res, 200, "[]"); break;
        }
    });
    auto sender = f.sender();
    BOOST_TEST(!sender->cachedServices().ok());  // nothing yet
    const auto first = sender->refreshServices();
    BOOST_TEST(first.ok, first.error);
    BOOST_TEST(first.services == 1u);
    const auto fetchedAt = f.outbox->services()->fetchedAt;
    f.clock.advance(1h);
    for (int m = 1; m <= 3; ++m) {
        mode = m;
        const auto refresh = sender->refreshServices();
        BOOST_TEST(!refresh.ok, "mode " << m);
        BOOST_TEST(!refresh.error.empty());
        const auto cached = sender->cachedServices();
        BOOST_TEST_REQUIRE(cached.ok(), cached.error);
        BOOST_TEST_REQUIRE(cached.value.size() == 1u);
        BOOST_TEST(cached.value[0].name == "Ổ gà");
        BOOST_TEST(f.outbox->services()->fetchedAt == fetchedAt);
    }
    std::lock_guard lock(f.mutex);
    BOOST_TEST(f.gets.front() == kBase + "/services.json?jurisdiction_id=hcmc");
}

BOOST_AUTO_TEST_CASE(definitions_are_fetched_cached_and_broken_ones_refused) {
    SenderFixture f("sender-definition");
    std::atomic<int> mode{0};
    f.city.server().Get(kBase + "/services/001.json", [&](const httplib::Request&, httplib::Response& res) {
        if (mode == 0)
            json(res, 200, R"({"service_code": "001", "attributes": [{"code": "SIZE", "datatype": "singlevaluelist",
                "required": true, "order": 1, "description": "Kích thước", "values": [{"key": "S", "name": "Nhỏ"}]}]})");
        else if (mode == 1)
            json(res, 503, "");
        else
            json(res, 200, R"({"service_code": "001", "attributes": [{"code": "SIZE", "datatype": "colour",
                "required": true, "description": "Kích thước"}]})");
    });
    auto sender = f.sender();
    auto result = sender->fetchDefinition("001");
    BOOST_TEST_REQUIRE(result.definition.has_value(), result.error);
    BOOST_TEST(!result.fromCache);
    BOOST_TEST(result.definition->attributes.at(0).code == "SIZE");
    mode = 1;
    result = sender->fetchDefinition("001");
    BOOST_TEST_REQUIRE(result.definition.has_value());
    BOOST_TEST(result.fromCache);
    BOOST_TEST(result.error.find("503") != std::string::npos);
    mode = 2;
    result = sender->fetchDefinition("001");
    BOOST_TEST(!result.definition.has_value());
    BOOST_TEST(result.error.find("colour") != std::string::npos, result.error);
    BOOST_TEST(result.requiresFields);
    BOOST_TEST(f.loggedLine("colour", "not offered"));
}

BOOST_AUTO_TEST_CASE(tracking_pulls_the_status_of_filed_reports) {
    SenderFixture f("sender-track");
    f.onPost([](std::size_t n, httplib::Response& res) {
        json(res, 201, R"([{"service_request_id": "HCM-)" + std::to_string(n + 1) + "\"}]");
    });
    f.city.server().Get(kBase + "/requests.json", [&](const httplib::Request& req, httplib::Response& res) {
        f.recordGet(req);
        json(res, 200, R"([{"service_request_id": "HCM-1", "status": "closed", "status_notes": "Đã vá",
                            "agency_responsible": "Đội duy tu", "updated_datetime": "2027-01-16T08:00:00+07:00"},
                           {"service_request_id": "HCM-2", "status": "open"},
                           {"service_request_id": "OTHER", "status": "open"}])");
    });
    const auto a = f.outbox->save(draft("a"));
    const auto b = f.outbox->save(draft("b"));
    auto sender = f.sender();
    BOOST_TEST(sender->runOnce(f.now()).count(Kind::Filed) == 2u);
    const auto tracked = sender->track();
    BOOST_TEST(tracked.error.empty(), tracked.error);
    BOOST_TEST(tracked.asked == 2u);
    BOOST_TEST(tracked.updated == 2u);
    const auto first = *f.outbox->get(a.id);
    BOOST_TEST(first.tracked.status == "closed");
    BOOST_TEST(first.tracked.statusNotes == "Đã vá");
    BOOST_TEST(first.tracked.agencyResponsible == "Đội duy tu");
    BOOST_TEST(f.outbox->get(b.id)->tracked.status == "open");
    {
        std::lock_guard lock(f.mutex);
        BOOST_TEST_REQUIRE(f.gets.size() == 1u);
        BOOST_TEST(f.gets[0] == kBase + "/requests.json?jurisdiction_id=hcmc&service_request_id=HCM-1,HCM-2");
    }
    // A closed report is not asked about again.
    BOOST_TEST(sender->track().asked == 1u);
}

BOOST_AUTO_TEST_CASE(the_background_sender_files_a_report_as_soon_as_it_is_asked) {
    SenderFixture f("sender-thread");
    f.onPost([](std::size_t, httplib::Response& res) { json(res, 201, R"([{"service_request_id": "HCM-8"}])"); });
    f.city.server().Get(kBase + "/services.json", [](const httplib::Request&, httplib::Response& res) {
        json(res, 200, R"([{"service_code": "001", "service_name": "Ổ gà"}])");
    });
    f.city.server().Get(kBase + "/requests.json", [](const httplib::Request&, httplib::Response& res) { json(res, 200, "[]"); });
    std::mutex mutex;
    std::condition_variable changed;
    FeedbackSnapshot last;
    int snapshots = 0;
    auto sender = f.sender();
    sender->start([&](const FeedbackSnapshot& snapshot) {
        std::lock_guard lock(mutex);
        last = snapshot;
        ++snapshots;
        changed.notify_all();
    });
    {
        std::unique_lock lock(mutex);
        BOOST_TEST_REQUIRE(changed.wait_for(lock, 10s, [&] { return snapshots >= 2 && !last.running; }));
    }
    const auto saved = f.outbox->save(draft());
    sender->requestNow();
    {
        std::unique_lock lock(mutex);
        BOOST_TEST(changed.wait_for(lock, 10s, [&] { return last.counts.filed == 1 && !last.running; }));
    }
    sender->stop();
    BOOST_TEST((f.outbox->get(saved.id)->state == ReportState::Filed));
    BOOST_TEST(f.outbox->services().has_value());  // refreshed at start
}

BOOST_AUTO_TEST_CASE(the_background_sender_runs_housekeeping_at_start_on_its_own_thread) {
    SenderFixture f("sender-housekeeping");
    f.city.server().Get(kBase + "/services.json", [](const httplib::Request&, httplib::Response& res) { json(res, 200, "[]"); });
    std::mutex mutex;
    std::condition_variable ran;
    int runs = 0;
    std::thread::id on;
    std::chrono::system_clock::time_point at;
    auto sender = f.sender();
    sender->setHousekeeping(std::chrono::hours(1), [&](Outbox& outbox, std::chrono::system_clock::time_point now) {
        BOOST_TEST(&outbox == f.outbox.get());
        std::lock_guard lock(mutex);
        ++runs;
        on = std::this_thread::get_id();
        at = now;
        ran.notify_all();
    });
    sender->start([](const FeedbackSnapshot&) {});
    {
        std::unique_lock lock(mutex);
        BOOST_TEST_REQUIRE(ran.wait_for(lock, 10s, [&] { return runs >= 1; }));
    }
    BOOST_CHECK_THROW(sender->setHousekeeping(1s, {}), std::logic_error);
    sender->requestNow();  // a run for a report does not repeat the hourly work
    sender->stop();
    BOOST_TEST(runs == 1);
    BOOST_TEST((on != std::this_thread::get_id()));
    BOOST_TEST((at == f.now()));  // the sender's clock
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(feedback_stopping)

BOOST_AUTO_TEST_CASE(stopping_mid_send_keeps_the_report_due_without_a_failure) {
    SenderFixture f("sender-stop");
    f.config.feedback.requestTimeout = 30s;
    std::atomic<bool> arrived{false};
    f.onPost([&](std::size_t, httplib::Response& res) {
        arrived = true;
        std::this_thread::sleep_for(3s);  // longer than stop() may take
        json(res, 201, R"([{"service_request_id": "HCM-10"}])");
    });
    f.city.server().Get(kBase + "/services.json", [](const httplib::Request&, httplib::Response& res) { json(res, 500, ""); });
    const auto saved = f.outbox->save(draft());
    auto sender = f.sender();
    sender->start({});
    for (int i = 0; i < 1000 && !arrived; ++i) std::this_thread::sleep_for(10ms);
    BOOST_TEST_REQUIRE(arrived.load());
    const auto before = std::chrono::steady_clock::now();
    sender->stop();
    BOOST_TEST((std::chrono::steady_clock::now() - before < 2s));  // the transfer was cancelled, not waited for
    const auto report = *f.outbox->get(saved.id);
    BOOST_TEST((report.state == ReportState::Queued));
    BOOST_TEST(report.failures == 0);
    BOOST_TEST(report.nextAttemptAt <= report.createdAt);  // due again at the next start
}

BOOST_AUTO_TEST_SUITE_END()
