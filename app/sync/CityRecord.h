#pragma once
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "directory/DirectoryEntry.h"

namespace kiosk {

// One record of the city data API (CITY-API.md, "A record"): a directory entry with the
// city's id for it. Decoding is strict about shape and lenient about nothing: a record that
// breaks a rule is refused with the reason, for the log.
struct CityRecord {
    std::string id;
    DirectoryEntry entry;
};

nlohmann::json encodeCityRecord(const std::string& id, const DirectoryEntry& entry);

// Throws nothing. On failure returns false and says why in `reason`.
bool decodeCityRecord(const nlohmann::json& json, GroupId expectedGroup, CityRecord& out, std::string& reason);

}  // namespace kiosk
