#pragma once
// The city data API's answers (CITY-API.md) read from their bodies: the dataset index, a page
// of records, the body of a 410. Pure functions over text, so SyncEngine and the fuzz targets
// read answers the same way; every body goes through the bounded JSON reader first.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/FeatureGroup.h"
#include "sync/CityRecord.h"

namespace kiosk {

inline constexpr int kSyncMaxJsonDepth = 32;  // a record is 3 levels deep; more is hostile

struct SyncIndexEntry {
    std::string id;
    std::int64_t version = 0;
    std::int64_t minDeltaVersion = 0;
    std::string published;
    std::optional<std::int64_t> records;  // as announced, at least 0
};

// The entries of the datasets in `wanted`, in the order of the index. An entry without a valid
// version is left out and named in `ignored`. On an unreadable index returns std::nullopt and
// says why in `error` ("malformed JSON at byte 12 of 40", "index has no \"datasets\" list").
std::optional<std::vector<SyncIndexEntry>> parseSyncIndex(std::string_view body, std::size_t maxBytes,
                                                          const std::vector<std::string>& wanted,
                                                          std::vector<std::string>& ignored, std::string& error);

struct SyncPage {
    std::int64_t version = 0;
    bool otherVersion = false;   // the page is of another version than asked: nothing else was read
    std::optional<std::string> nextCursor;  // absent (null or missing) on the last page
    std::vector<CityRecord> records;
    std::vector<std::string> deleted;
    std::int64_t skipped = 0;                 // records refused
    std::vector<std::string> skipReasons;     // why, for the first three
};

inline constexpr std::size_t kSyncMaxCursorBytes = 1024;

// A page of `dataset` (records of `group`) of `expectedVersion`. On a page that cannot be used
// returns std::nullopt and says why in `error` ("page has no \"records\" list", …).
std::optional<SyncPage> parseSyncPage(std::string_view body, std::size_t maxBytes, const std::string& dataset,
                                      GroupId group, std::int64_t expectedVersion, std::string& error);

// The "error" code of a 410 answer ("delta_unavailable", …), or "gone" when there is none.
std::string syncGoneCode(std::string_view body, std::size_t maxBytes);

}  // namespace kiosk
