#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "directory/DirectoryEntry.h"

namespace kiosk {

// A 2025 ward found by the name of an old ward merged into it ("ben nghe" finds Phường Sài Gòn
// through its area_served): the resident must be told why, in the words of the 2025 merger,
// "Phường Bến Nghé (cũ) nay thuộc Phường Sài Gòn".
struct OldWardMatch {
    std::string oldWard;  // "Phường Bến Nghé", as the pre-2025 list writes it
    std::string newWard;  // "Phường Sài Gòn"
    bool partial = false;  // only part of the old ward went to this one
};

// Set when `entry` is a ward (kinds::kWard) that `query` matched through one of its old wards
// and not through its own name: every word of the query starts a word of that old ward's name
// (as the search compares, accents optional). The first such old ward, in area_served's order.
std::optional<OldWardMatch> oldWardMatch(const DirectoryEntry& entry, std::string_view query);

}  // namespace kiosk
