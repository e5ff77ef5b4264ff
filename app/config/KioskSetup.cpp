#include "config/KioskSetup.h"

#include "storage/CsvReader.h"

namespace kiosk {

KioskSetup KioskSetup::load(const Paths& paths) {
    KioskSetup setup;
    const auto wardFile = paths.dataFile("wards_2025.csv");
    try {
        setup.wards = WardRegistry::load(wardFile);
    } catch (const CsvError& error) {
        // Without the ward list the config cannot be checked: report it like a config error.
        setup.config.issues.push_back({wardFile.string(), 0, "", error.what()});
        return setup;
    }
    const ConfigLoader loader(setup.wards.codes());
    if (paths.configFile.empty()) {
        setup.configSource = "embedded default (kiosk-config/kiosk.toml)";
        setup.config = loader.loadString(ConfigLoader::embeddedDefault(), "kiosk.toml (embedded default)");
    } else {
        setup.configSource = paths.configFile.string();
        setup.config = loader.loadFile(paths.configFile);
    }
    return setup;
}

}  // namespace kiosk
