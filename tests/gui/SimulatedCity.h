#pragma once
#include <chrono>
#include <memory>

#include "../city-sim/CitySimServer.h"
#include "../city-sim/OidcProvider.h"
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

}  // namespace kiosk::test
