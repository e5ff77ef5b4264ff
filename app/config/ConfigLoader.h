#pragma once
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config/Config.h"
#include "config/ConfigIssue.h"

namespace kiosk {

struct ConfigLoadResult {
    std::optional<Config> config;  // set only when issues is empty
    std::vector<ConfigIssue> issues;
    bool ok() const { return config.has_value(); }
};

// Reads kiosk.toml and checks it against the one schema of documented keys: an unknown key, a
// wrong type, a value out of range or a missing required value is reported with its line. All
// problems are collected, not just the first, so an administrator fixes a file in one pass.
class ConfigLoader {
public:
    // knownWardCodes: the 2025 ward codes the kiosk ships data for; empty skips that check.
    explicit ConfigLoader(std::set<std::string> knownWardCodes = {});

    ConfigLoadResult loadFile(const std::filesystem::path& file) const;
    ConfigLoadResult loadString(std::string_view text, const std::string& sourceName) const;

    // The embedded default (kiosk-config/kiosk.toml compiled into the binary).
    static std::string_view embeddedDefault();

private:
    std::set<std::string> knownWardCodes_;
};

}  // namespace kiosk
