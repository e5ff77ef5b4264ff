#pragma once
#include <optional>
#include <string>
#include <vector>

#include "directory/DirectoryEntry.h"

namespace kiosk {

// What a resident asked for: free text (as typed, any accents or none) and filters.
struct DirectoryQuery {
    std::string text;
    std::optional<GroupId> group;
    std::string kind;      // "" = any
    // Attribute filter: entries whose attribute `filterKey` (a comma-separated list, e.g. an
    // education "level") contains `filterValue`. Keys come from code, never from typed text.
    std::string filterKey;
    std::string filterValue;
    std::string wardCode;  // "" = any
    int offset = 0;
    int limit = 20;
};

struct DirectoryPage {
    std::vector<DirectoryEntry> entries;
    bool more = false;  // another page exists
};

}  // namespace kiosk
