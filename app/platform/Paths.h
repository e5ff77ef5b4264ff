#pragma once
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace kiosk {

// Where the kiosk reads and writes. An installed kiosk (binary under the install prefix) uses
// the FHS: /etc/ward-kiosk (the prefix's sysconfdir), /var/lib/ward-kiosk, /var/log/ward-kiosk,
// /usr/share/ward-kiosk (the /var ones are made by ward-kiosk.service's *Directory= settings).
// Run from a build tree it uses the XDG base directories and the source tree's resources.
// Nothing is ever written next to the binary.
struct Paths {
    bool installed = false;
    std::filesystem::path resources;   // icons/, data/ (read-only)
    std::filesystem::path localeDir;   // <lang>/LC_MESSAGES/ward-kiosk.mo
    std::filesystem::path configFile;  // the file to load; empty = the embedded default
    std::filesystem::path stateDir;    // outbox, spool, status
    std::filesystem::path logDir;
    std::filesystem::path cacheDir;    // cache.db: can be razed and re-synced

    using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
    static EnvLookup processEnvironment();

    // explicitConfig: from --config; wins over everything else.
    static Paths resolve(const EnvLookup& env, const std::filesystem::path& explicitConfig = {},
                         std::optional<bool> installedOverride = std::nullopt);

    std::filesystem::path dataFile(const std::string& name) const { return resources / "data" / name; }
    std::filesystem::path iconFile(const std::string& name) const { return resources / "icons" / (name + ".svg"); }
};

}  // namespace kiosk
