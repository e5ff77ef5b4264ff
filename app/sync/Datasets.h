#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "directory/DirectoryEntry.h"

namespace kiosk {

// The city's datasets the kiosk knows, each feeding one feature group (see CITY-API.md).
struct DatasetInfo {
    std::string_view id;
    GroupId group;
};

const std::vector<DatasetInfo>& knownDatasets();
std::optional<DatasetInfo> datasetInfo(std::string_view id);
// Which dataset an entry belongs to, from its group and kind (for the bundled seed).
std::string_view datasetOf(const DirectoryEntry& entry);

}  // namespace kiosk
