#pragma once
#include <filesystem>
#include <vector>

#include "directory/DirectoryEntry.h"

namespace kiosk {

// Everything the kiosk ships for its directory (resources/data): what cache.db is built from
// on first start and rebuilt from when it is damaged. Problems with single rows are logged
// (category "data") and the rows skipped; the rest is always served.
// `withSamples` adds the labelled, invented example rows of groups that have no real bundled
// data (Xây dựng's housing projects and broker certificates): development only.
std::vector<DirectoryEntry> loadBundledSeed(const std::filesystem::path& dataDir, bool withSamples = false);

}  // namespace kiosk
