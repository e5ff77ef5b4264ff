// The kiosk while it syncs a large city dataset: the UI thread must stay responsive (never
// blocked more than 16 ms: one frame), and the header must show the data's age once done.
// A watchdog thread posts a ping to the UI thread every 2 ms; the delay between posting and
// handling each ping is how long the UI thread could not react.
#define BOOST_TEST_NO_MAIN
#define BOOST_TEST_ALTERNATIVE_INIT_API
#include <wx/app.h>
#include <wx/stattext.h>

#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <memory>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "../city-sim/CitySimServer.h"
#include "GuiDriver.h"
#include "ShellFrame.h"
#include "TestPaths.h"

using namespace kiosk;
using kiosk::test::GuiDriver;

namespace {
GuiDriver& gui() { return GuiDriver::get(); }
citysim::CitySimServer* gSim = nullptr;

struct LatencyProbe {
    std::atomic<bool> running{true};
    std::atomic<long long> worstMicros{0};
    std::atomic<long long> pings{0};
    std::thread thread;

    LatencyProbe() {
        thread = std::thread([this] {
            while (running) {
                const auto posted = std::chrono::steady_clock::now();
                wxTheApp->CallAfter([this, posted] {
                    const auto waited = std::chrono::duration_cast<std::chrono::microseconds>(
                                            std::chrono::steady_clock::now() - posted).count();
                    long long worst = worstMicros.load();
                    while (waited > worst && !worstMicros.compare_exchange_weak(worst, waited)) {
                    }
                    ++pings;
                });
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
        });
    }
    void finish() {
        running = false;
        thread.join();
        gui().pump(50);  // let the last pings land
    }
};
}  // namespace

BOOST_AUTO_TEST_SUITE(sync_gui)

BOOST_AUTO_TEST_CASE(the_ui_thread_is_never_blocked_more_than_16_ms_during_a_sync) {
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
    gui().pump(500);  // the first screen settles; the directory opens
    LatencyProbe probe;
    const auto started = std::chrono::steady_clock::now();
    // The sync starts once the directory is ready; it is done when every dataset is synced.
    const bool synced = gui().waitFor(
        [] {
            const auto& snapshot = gui().shell().syncSnapshot();
            if (snapshot.running || snapshot.datasets.empty()) return false;
            return std::all_of(snapshot.datasets.begin(), snapshot.datasets.end(),
                               [](const DatasetState& d) { return d.version > 0; });
        },
        180000);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    probe.finish();
    BOOST_TEST_REQUIRE(synced, "the sync did not finish");
    const double worstMs = static_cast<double>(probe.worstMicros.load()) / 1000.0;
    BOOST_TEST_MESSAGE("sync of " << gSim->totalRecords() << " records took " << seconds << " s; " << probe.pings.load()
                                  << " pings; worst UI-thread delay " << worstMs << " ms");
    std::cout << "RESULT ui-during-sync worst_ms=" << worstMs << " pings=" << probe.pings.load()
              << " records=" << gSim->totalRecords() << " seconds=" << seconds << std::endl;
    BOOST_TEST(probe.pings.load() > 100);
    BOOST_TEST(worstMs <= 16.0, "the UI thread was blocked " << worstMs << " ms during the sync");

    // The header now tells residents how fresh the data is.
    auto* network = dynamic_cast<wxStaticText*>(gui().find("header-network"));
    BOOST_TEST_REQUIRE(network != nullptr);
    BOOST_TEST(network->GetLabel().utf8_string() == "Có kết nối mạng\nDữ liệu vừa được cập nhật");
    BOOST_TEST(gui().shell().dataSyncedAt().has_value());
    gui().screenshot("home-after-sync");
}

BOOST_AUTO_TEST_SUITE_END()

int main(int argc, char** argv) {
    std::unique_ptr<citysim::CitySimServer> sim;
    const int code = kiosk::test::runGuiTests(argc, argv, "gui-sync", [&](kiosk::test::GuiTestArgs& args) {
        // A city on loopback with a large directory: the real rows repeated (marked as samples).
        citysim::CitySimServer::Options options;
        options.dataDir = kiosk::test::resourcesDir() / "data";
        options.replicate = args.extra.contains("--records") ? std::stoul(args.extra["--records"]) : 60000;
        sim = std::make_unique<citysim::CitySimServer>(options);
        sim->start();
        gSim = sim.get();
        // The GUI tests' config pointed at the simulator, with an idle rule long enough for the
        // test to wait for the sync without touching the screen.
        args.config = kiosk::test::guiConfigFor(sim->baseUrl(), "", "gui-sync-config", 600);
    });
    if (sim) sim->stop();
    return code;
}
