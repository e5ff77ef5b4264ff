#pragma once
#include <string>
#include <vector>

namespace kiosk {

// One thing wrong with a config file, located precisely enough for an administrator to fix
// it without reading code: "kiosk.toml:12: kiosk.idle_timeout_s: must be between 10 and 3600".
struct ConfigIssue {
    std::string file;
    int line = 0;  // 0 when the problem is something missing, which has no line
    std::string key;
    std::string reason;

    std::string format() const;
};

std::string formatIssues(const std::vector<ConfigIssue>& issues);

}  // namespace kiosk
