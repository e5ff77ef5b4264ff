#pragma once
#include <string>

#include "config/ConfigLoader.h"
#include "domain/WardRegistry.h"
#include "platform/Paths.h"

namespace kiosk {

// The start-up steps the GUI and kioskctl share: read the ward list, then the config chosen
// by Paths (or the embedded default), validated against that list.
struct KioskSetup {
    WardRegistry wards;
    ConfigLoadResult config;
    std::string configSource;  // file path, or a description of the embedded default

    static KioskSetup load(const Paths& paths);
};

}  // namespace kiosk
