#include "platform/Paths.h"

#include <cstdlib>
#include <system_error>

#ifndef KIOSK_SOURCE_RESOURCES
#error "KIOSK_SOURCE_RESOURCES must be defined by the build"
#endif

namespace kiosk {
namespace fs = std::filesystem;

namespace {
bool runningFromInstallPrefix() {
    std::error_code ec;
    const auto exe = fs::canonical("/proc/self/exe", ec);
    if (ec) return false;
    const auto bindir = fs::weakly_canonical(KIOSK_INSTALL_BINDIR, ec);
    return !ec && exe.parent_path() == bindir && exe.parent_path().string().find("/build") == std::string::npos;
}

fs::path xdgDir(const Paths::EnvLookup& env, const std::string& var, const char* fallbackUnderHome) {
    if (auto value = env(var); value && !value->empty() && fs::path(*value).is_absolute()) return fs::path(*value);
    const auto home = env("HOME").value_or("/tmp");
    return fs::path(home) / fallbackUnderHome;
}
}  // namespace

Paths::EnvLookup Paths::processEnvironment() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        if (!value) return std::nullopt;
        return std::string(value);
    };
}

Paths Paths::resolve(const EnvLookup& env, const fs::path& explicitConfig, std::optional<bool> installedOverride) {
    Paths paths;
    paths.installed = installedOverride.value_or(runningFromInstallPrefix());
    std::error_code ec;

    if (paths.installed) {
        paths.resources = KIOSK_INSTALLED_RESOURCES;
        paths.localeDir = KIOSK_INSTALLED_LOCALEDIR;
        paths.stateDir = "/var/lib/ward-kiosk";
        paths.logDir = "/var/log/ward-kiosk";
        paths.cacheDir = "/var/cache/ward-kiosk";
        if (fs::exists(KIOSK_INSTALLED_CONFIG, ec)) paths.configFile = KIOSK_INSTALLED_CONFIG;
    } else {
        paths.resources = KIOSK_SOURCE_RESOURCES;
        paths.localeDir = KIOSK_BUILD_LOCALEDIR;
        paths.stateDir = xdgDir(env, "XDG_STATE_HOME", ".local/state") / "ward-kiosk";
        paths.logDir = paths.stateDir / "log";
        paths.cacheDir = xdgDir(env, "XDG_CACHE_HOME", ".cache") / "ward-kiosk";
        const auto userConfig = xdgDir(env, "XDG_CONFIG_HOME", ".config") / "ward-kiosk" / "kiosk.toml";
        if (fs::exists(userConfig, ec)) paths.configFile = userConfig;
    }

    // Overrides for tests and for staff running a second instance side by side.
    if (auto dir = env("WARD_KIOSK_STATE_DIR"); dir && !dir->empty()) {
        paths.stateDir = *dir;
        paths.logDir = paths.stateDir / "log";
        paths.cacheDir = paths.stateDir / "cache";
    }
    if (auto dir = env("WARD_KIOSK_RESOURCES"); dir && !dir->empty()) paths.resources = *dir;
    if (auto file = env("WARD_KIOSK_CONFIG"); file && !file->empty()) paths.configFile = *file;
    if (!explicitConfig.empty()) paths.configFile = explicitConfig;
    return paths;
}

}  // namespace kiosk
