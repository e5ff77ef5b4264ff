#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include "LoopbackServer.h"
#include "net/HttpClient.h"

using namespace kiosk;
using namespace std::chrono_literals;

namespace {
CurlHttpClient client(int connectTimeout = 2) {
    Config::City city;
    city.baseUrl = "http://127.0.0.1";
    city.connectTimeout = std::chrono::seconds(connectTimeout);
    return CurlHttpClient(city);
}

HttpRequest get(const std::string& url) {
    HttpRequest request;
    request.url = url;
    request.timeout = 5s;
    return request;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(http_client)

BOOST_AUTO_TEST_CASE(json_media_types_are_read_as_the_rfcs_define_them) {
    for (const char* json : {"application/json", "application/json; charset=utf-8", "application/json;charset=UTF-8",
                             "Application/JSON", "  application/json  ;charset=utf-8", "application/jwk-set+json",
                             "application/jwk-set+json; charset=utf-8", "application/problem+json",
                             "application/vnd.hcmc.city-data.v1+json", "application/geo+json"})
        BOOST_TEST(isJsonMediaType(json), json);
    for (const char* other : {"", "text/html", "text/html; charset=utf-8", "text/plain", "text/json",
                              "application/jsonp", "application/json-seq", "application/+json", "application/xml",
                              "application/x-www-form-urlencoded", "json", "application/json+xml",
                              "application/ json", "application/jwk set+json", "multipart/related; type=application/json"})
        BOOST_TEST(!isJsonMediaType(other), other);
}

BOOST_AUTO_TEST_CASE(body_status_and_headers) {
    test::LoopbackServer city;
    city.server().Get("/data", [](const httplib::Request& req, httplib::Response& res) {
        res.set_header("ETag", "\"v42\"");
        res.set_content("{\"rows\":[]} for " + req.get_header_value("X-Kiosk"), "application/json");
    });
    auto request = get(city.url() + "/data");
    request.headers.emplace_back("X-Kiosk", "26740");
    const auto result = client().perform(request);
    BOOST_TEST_REQUIRE(result.ok(), result.detail);
    BOOST_TEST(result.response.status == 200);
    BOOST_TEST(result.response.body == "{\"rows\":[]} for 26740");
    BOOST_TEST(result.response.header("etag") == "\"v42\"");
    BOOST_TEST(result.response.header("content-type") == "application/json");
}

BOOST_AUTO_TEST_CASE(http_errors_are_answers_not_failures) {
    test::LoopbackServer city;
    city.server().Get("/busy", [](const httplib::Request&, httplib::Response& res) {
        res.status = 429;
        res.set_header("Retry-After", "30");
    });
    const auto result = client().perform(get(city.url() + "/busy"));
    BOOST_TEST(result.ok());
    BOOST_TEST(result.response.status == 429);
    BOOST_TEST(result.response.header("retry-after") == "30");
}

BOOST_AUTO_TEST_CASE(post_sends_the_body) {
    test::LoopbackServer city;
    city.server().Post("/requests", [](const httplib::Request& req, httplib::Response& res) {
        res.status = 201;
        res.set_content(req.body, "text/plain");
    });
    auto request = get(city.url() + "/requests");
    request.method = "POST";
    request.body = "service_code=001&description=ngap+nuoc";
    request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    const auto result = client().perform(request);
    BOOST_TEST(result.response.status == 201);
    BOOST_TEST(result.response.body == request.body);
}

BOOST_AUTO_TEST_CASE(an_oversized_answer_is_cut_off_and_not_kept) {
    test::LoopbackServer city;
    city.server().Get("/huge", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(std::string(3u << 20, 'x'), "text/plain");
    });
    auto request = get(city.url() + "/huge");
    request.maxBodyBytes = 1u << 20;
    const auto result = client().perform(request);
    BOOST_TEST((result.failure == HttpFailure::TooLarge));
    BOOST_TEST(result.response.body.empty());
    // An endless answer without Content-Length is stopped the same way.
    city.server().Get("/endless", [](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider("text/plain", [](size_t, httplib::DataSink& sink) {
            const std::string chunk(64 * 1024, 'y');
            return sink.write(chunk.data(), chunk.size());
        });
    });
    const auto endless = client().perform([&] {
        auto r = get(city.url() + "/endless");
        r.maxBodyBytes = 1u << 20;
        return r;
    }());
    BOOST_TEST((endless.failure == HttpFailure::TooLarge));
}

BOOST_AUTO_TEST_CASE(slow_servers_time_out_and_closed_ports_fail_to_connect) {
    test::LoopbackServer city;
    city.server().Get("/slow", [](const httplib::Request&, httplib::Response& res) {
        std::this_thread::sleep_for(2500ms);
        res.set_content("late", "text/plain");
    });
    auto request = get(city.url() + "/slow");
    request.timeout = 1s;
    BOOST_TEST((client().perform(request).failure == HttpFailure::Timeout));
    BOOST_TEST((client().perform(get("http://127.0.0.1:9/x")).failure == HttpFailure::Connect));
}

BOOST_AUTO_TEST_CASE(policy_refuses_plain_http_and_other_schemes_before_any_traffic) {
    for (const char* url : {"http://city.example.vn/data", "ftp://127.0.0.1/x", "file:///etc/passwd", "nonsense"}) {
        const auto result = client().perform(get(url));
        BOOST_TEST((result.failure == HttpFailure::Refused), url);
    }
}

BOOST_AUTO_TEST_CASE(redirects_are_limited) {
    test::LoopbackServer city;
    city.server().Get("/moved", [&](const httplib::Request&, httplib::Response& res) { res.set_redirect("/data"); });
    city.server().Get("/data", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok", "text/plain"); });
    city.server().Get("/loop", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/loop"); });
    city.server().Get("/elsewhere", [](const httplib::Request&, httplib::Response& res) {
        res.set_redirect("http://city.example.vn/data");  // plain http off loopback
    });
    city.server().Get("/file", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("file:///etc/passwd"); });
    const auto moved = client().perform(get(city.url() + "/moved"));
    BOOST_TEST(moved.response.body == "ok");
    const auto loop = client().perform(get(city.url() + "/loop"));
    BOOST_TEST((loop.failure == HttpFailure::Refused));
    BOOST_TEST(loop.detail.find("redirects") != std::string::npos, loop.detail);
    for (const char* path : {"/elsewhere", "/file"}) {
        const auto refused = client().perform(get(city.url() + path));
        BOOST_TEST((refused.failure == HttpFailure::Refused), path);
        BOOST_TEST(refused.response.body.empty());
    }
}

BOOST_AUTO_TEST_CASE(user_agent_names_the_kiosk) {
    test::LoopbackServer city;
    std::string agent;
    city.server().Get("/ua", [&](const httplib::Request& req, httplib::Response& res) {
        agent = req.get_header_value("User-Agent");
        res.set_content("ok", "text/plain");
    });
    Config config;
    config.kiosk.id = "kiosk-26740-2";
    config.kiosk.wardCode = "26740";
    config.city.baseUrl = city.url();
    BOOST_TEST(CurlHttpClient(config.city, userAgentFor(config)).perform(get(city.url() + "/ua")).ok());
    BOOST_TEST(agent == "ward-kiosk/" KIOSK_VERSION " (kiosk kiosk-26740-2; ward 26740)");
}

BOOST_AUTO_TEST_CASE(gzip_answers_are_decoded) {
    test::LoopbackServer city;
    city.server().Get("/gz", [](const httplib::Request& req, httplib::Response& res) {
        // The body below is "Phường Sài Gòn\n" compressed with gzip, sent only when asked for.
        static const unsigned char gz[] = {0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x0b,
                                           0xc8, 0x38, 0xb6, 0xe1, 0xe1, 0xee, 0xb9, 0x79, 0xe9, 0x0a, 0xc1,
                                           0x87, 0x17, 0x64, 0x2a, 0xb8, 0x1f, 0xde, 0x94, 0xc7, 0x05, 0x00,
                                           0xa3, 0x8d, 0xa6, 0xf9, 0x14, 0x00, 0x00, 0x00};
        BOOST_TEST(req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos);
        res.set_header("Content-Encoding", "gzip");
        res.set_content(std::string(reinterpret_cast<const char*>(gz), sizeof gz), "text/plain; charset=utf-8");
    });
    const auto result = client().perform(get(city.url() + "/gz"));
    BOOST_TEST_REQUIRE(result.ok(), result.detail);
    BOOST_TEST(result.response.body == "Phường Sài Gòn\n");
}

BOOST_AUTO_TEST_CASE(a_transfer_can_be_cancelled_from_another_thread) {
    test::LoopbackServer city;
    city.server().Get("/slow", [](const httplib::Request&, httplib::Response& res) {
        std::this_thread::sleep_for(3s);
        res.set_content("late", "text/plain");
    });
    std::atomic<bool> cancel{false};
    std::thread canceller([&] {
        std::this_thread::sleep_for(300ms);
        cancel = true;
    });
    const auto start = std::chrono::steady_clock::now();
    auto request = get(city.url() + "/slow");
    const auto result = client().perform(request, &cancel);
    canceller.join();
    BOOST_TEST((result.failure == HttpFailure::Cancelled));
    BOOST_TEST((std::chrono::steady_clock::now() - start < 2s));
}

BOOST_AUTO_TEST_SUITE_END()
