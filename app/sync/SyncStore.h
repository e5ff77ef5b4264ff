#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/Database.h"
#include "sync/CityRecord.h"

namespace kiosk {

// One dataset's sync state, as kept in cache.db (table sync_state) for staff and kioskctl.
struct DatasetState {
    std::string dataset;
    std::int64_t version = 0;        // applied; 0 = the bundled data
    std::int64_t remoteVersion = 0;  // last seen in the city's index
    std::int64_t minDeltaVersion = 0;
    std::string published;           // when the city published remoteVersion
    std::int64_t rows = 0;
    std::int64_t skipped = 0;        // records refused at the last apply
    std::string lastSuccess;         // ISO 8601 UTC
    std::string lastAttempt;
    std::string lastError;           // cause of the last failure, cleared by a success
    std::string lastErrorAt;
    std::int64_t failures = 0;       // in a row since the last success
    // A pass in progress (pages staged, not applied): resumed from `stagingCursor`.
    std::string stagingMode;         // "" | "full" | "delta"
    std::int64_t stagingVersion = 0;
    std::int64_t stagingSince = 0;
    std::string stagingCursor;
    std::int64_t stagingPages = 0;
    std::int64_t stagingSkipped = 0;
};

struct ApplyResult {
    std::int64_t rows = 0;     // the dataset's entries after the swap
    std::int64_t changed = 0;  // entries written
    std::int64_t deleted = 0;  // entries removed
};

// The sync tables of cache.db (schema in DirectoryRepository::migrate). Pages are staged in
// their own transaction together with the cursor of the next page, and applied to the
// directory in one transaction, so readers on other connections (WAL) see the old dataset
// or the new one, never a mix.
class SyncStore {
public:
    explicit SyncStore(Database& db) : db_(db) {}

    std::vector<DatasetState> states();
    DatasetState state(const std::string& dataset);  // a dataset never seen gives a blank state

    std::string meta(const std::string& key);
    void setMeta(const std::string& key, const std::string& value);

    void setRemote(const std::string& dataset, std::int64_t version, std::int64_t minDelta, const std::string& published);
    // Drops anything staged for the dataset and starts a pass.
    void beginPass(const std::string& dataset, const std::string& mode, std::int64_t version, std::int64_t since);
    // One page: its records and tombstones, and where the next page starts ("" = it was the last).
    void stagePage(const std::string& dataset, const std::vector<CityRecord>& records,
                   const std::vector<std::string>& deleted, std::int64_t skipped, const std::string& nextCursor);
    void abandonPass(const std::string& dataset);
    // Swaps the staged pass into the directory: a full pass replaces the dataset, a delta
    // updates and deletes. Entries keep their row id when the city's id is unchanged.
    ApplyResult applyPass(const std::string& dataset, const std::string& whenIso);

    void recordAttempt(const std::string& dataset, const std::string& whenIso);
    void recordFailure(const std::string& dataset, const std::string& error, const std::string& whenIso);

private:
    void ensureRow(const std::string& dataset);
    Database& db_;
};

}  // namespace kiosk
