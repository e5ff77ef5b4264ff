#include <boost/test/unit_test.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "LoopbackServer.h"
#include "net/ConnectivityMonitor.h"

using namespace kiosk;
using namespace std::chrono_literals;

namespace {
Config::City cityAt(const std::string& url) {
    Config::City city;
    city.baseUrl = url;
    city.probeInterval = std::chrono::seconds(3600);
    city.connectTimeout = std::chrono::seconds(2);
    return city;
}

// Collects state changes reported from the monitor's thread.
struct Recorder {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<NetState> states;

    ConnectivityMonitor::Listener listener() {
        return [this](NetState s, const std::string&) {
            std::lock_guard lock(mutex);
            states.push_back(s);
            changed.notify_all();
        };
    }
    bool waitFor(std::size_t count) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, 10s, [&] { return states.size() >= count; });
    }
};
}  // namespace

BOOST_AUTO_TEST_SUITE(connectivity)

BOOST_AUTO_TEST_CASE(healthy_city_is_online) {
    test::LoopbackServer city;
    city.server().Get("/health", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok", "text/plain"); });
    std::string detail;
    BOOST_TEST((ConnectivityMonitor::probe(cityAt(city.url()), detail) == NetState::Online));
    BOOST_TEST(detail.find("HTTP 200") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(server_errors_and_closed_ports_are_offline) {
    test::LoopbackServer city;
    city.server().Get("/health", [](const httplib::Request&, httplib::Response& res) { res.status = 503; });
    std::string detail;
    BOOST_TEST((ConnectivityMonitor::probe(cityAt(city.url()), detail) == NetState::Offline));
    BOOST_TEST(detail.find("HTTP 503") != std::string::npos);
    BOOST_TEST((ConnectivityMonitor::probe(cityAt("http://127.0.0.1:9"), detail) == NetState::Offline));
}

BOOST_AUTO_TEST_CASE(reports_each_change_once) {
    test::LoopbackServer city;
    std::atomic<bool> healthy{true};
    city.server().Get("/health", [&](const httplib::Request&, httplib::Response& res) { res.status = healthy ? 200 : 500; });
    Recorder recorder;
    ConnectivityMonitor monitor(cityAt(city.url()), recorder.listener());
    BOOST_TEST_REQUIRE(recorder.waitFor(1));
    healthy = false;
    monitor.checkNow();
    BOOST_TEST_REQUIRE(recorder.waitFor(2));
    monitor.checkNow();  // still unhealthy: no new report
    healthy = true;
    monitor.checkNow();
    BOOST_TEST_REQUIRE(recorder.waitFor(3));
    std::lock_guard lock(recorder.mutex);
    BOOST_TEST((recorder.states == std::vector<NetState>{NetState::Online, NetState::Offline, NetState::Online}));
    BOOST_TEST((monitor.state() == NetState::Online));
}

BOOST_AUTO_TEST_CASE(stops_promptly_while_a_probe_hangs) {
    test::LoopbackServer city;
    std::atomic<bool> release{false};
    city.server().Get("/health", [&](const httplib::Request&, httplib::Response& res) {
        for (int i = 0; i < 100 && !release; ++i) std::this_thread::sleep_for(50ms);
        res.status = 200;
    });
    auto cfg = cityAt(city.url());
    cfg.connectTimeout = std::chrono::seconds(30);
    const auto start = std::chrono::steady_clock::now();
    {
        ConnectivityMonitor monitor(cfg, nullptr);
        std::this_thread::sleep_for(300ms);  // the probe is now waiting for the slow answer
    }
    const auto took = std::chrono::steady_clock::now() - start;
    release = true;
    BOOST_TEST(took < 3s, "destructor took " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms");
}

BOOST_AUTO_TEST_SUITE_END()
