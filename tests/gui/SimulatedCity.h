#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "../city-sim/CitySimServer.h"
#include "../city-sim/OidcProvider.h"
#include "GuiDriver.h"
#include "TestPaths.h"

namespace kiosk::test {

// The city for a GUI test that logs in: the simulator in this process on the bundled data, its
// VNeID codes valid for 5 minutes and polled every second. Started; stop() it after the tests.
inline std::unique_ptr<citysim::CitySimServer> startSimulatedCity() {
    citysim::CitySimServer::Options options;
    options.dataDir = resourcesDir() / "data";
    auto sim = std::make_unique<citysim::CitySimServer>(options);
    sim->start();
    sim->oidc().setTiming(std::chrono::seconds(300), std::chrono::seconds(1));
    return sim;
}

// main() of a GUI test program against the simulator: starts it (`city` points at it while the
// tests run), gives the kiosk the GUI config pointed at it plus `extraToml()` (asked once the
// simulator runs) and the idle rule, runs the tests, stops it.
inline int runGuiTestsWithCity(int argc, char** argv, const std::string& name, citysim::CitySimServer*& city,
                               const std::function<std::string()>& extraToml, int idleTimeoutS = 5) {
    std::unique_ptr<citysim::CitySimServer> sim;
    const int code = runGuiTests(argc, argv, name, [&](GuiTestArgs& args) {
        sim = startSimulatedCity();
        city = sim.get();
        args.config = guiConfigFor(sim->baseUrl(), extraToml(), name + "-config", idleTimeoutS);
    });
    if (sim) sim->stop();
    city = nullptr;
    return code;
}

}  // namespace kiosk::test
