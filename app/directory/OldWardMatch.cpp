#include "directory/OldWardMatch.h"

#include <algorithm>
#include <vector>

#include "directory/TextFold.h"

namespace kiosk {
namespace {

constexpr std::string_view kCommittee = "Ủy ban nhân dân ";
constexpr std::string_view kPartial = " (một phần)";

// Every query word starts one of the name's words (the search's prefix rule).
bool allWordsStart(const std::vector<std::string>& query, const std::vector<std::string>& name) {
    return std::all_of(query.begin(), query.end(), [&name](const std::string& q) {
        return std::any_of(name.begin(), name.end(), [&q](const std::string& w) { return w.rfind(q, 0) == 0; });
    });
}

}  // namespace

std::optional<OldWardMatch> oldWardMatch(const DirectoryEntry& entry, std::string_view query) {
    if (entry.kind != kinds::kWard) return std::nullopt;
    const auto words = searchTokens(query);
    if (words.empty()) return std::nullopt;
    std::string newWard = entry.name;
    if (newWard.rfind(kCommittee, 0) == 0) newWard.erase(0, kCommittee.size());
    // Found by its own name (or by words common to every ward, "phuong"): nothing to explain.
    if (allWordsStart(words, searchTokens(newWard))) return std::nullopt;
    // area_served: "Phường Bến Nghé, Quận 1; Phường Đa Kao, Quận 1 (một phần); …"
    const std::string areas = entry.attribute("area_served");
    std::size_t start = 0;
    while (start < areas.size()) {
        auto end = areas.find("; ", start);
        if (end == std::string::npos) end = areas.size();
        std::string area = areas.substr(start, end - start);
        start = end + 2;
        OldWardMatch match;
        if (area.size() >= kPartial.size() && area.compare(area.size() - kPartial.size(), kPartial.size(), kPartial) == 0) {
            match.partial = true;
            area.erase(area.size() - kPartial.size());
        }
        // The ward's own name, without its old district: "quan 1" explains nothing.
        match.oldWard = area.substr(0, area.find(", "));
        if (match.oldWard.empty() || !allWordsStart(words, searchTokens(match.oldWard))) continue;
        match.newWard = newWard;
        return match;
    }
    return std::nullopt;
}

}  // namespace kiosk
