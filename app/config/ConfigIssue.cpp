#include "config/ConfigIssue.h"

namespace kiosk {

std::string ConfigIssue::format() const {
    std::string out = file;
    if (line > 0) out += ":" + std::to_string(line);
    out += ": ";
    if (!key.empty()) out += key + ": ";
    out += reason;
    return out;
}

std::string formatIssues(const std::vector<ConfigIssue>& issues) {
    std::string out;
    for (const auto& issue : issues) out += issue.format() + "\n";
    return out;
}

}  // namespace kiosk
