#pragma once
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "directory/DirectoryEntry.h"
#include "directory/DirectoryRepository.h"
#include "storage/Database.h"

namespace kiosk {

// cache.db: what the city publishes, kept on disk so the kiosk serves when the network is
// down. It can always be razed and rebuilt from the bundled seed, so damage is repaired rather
// than reported to residents: a corrupt or truncated file is moved aside and rebuilt; a
// read-only file is served as it is; if nothing can be written (full disk) the seed is served
// from memory.
class DirectoryCache {
public:
    using SeedProvider = std::function<std::vector<DirectoryEntry>()>;

    enum class Origin { Existing, Rebuilt, ReadOnly, InMemory };
    struct OpenReport {
        Origin origin = Origin::Existing;
        std::string detail;  // why it was rebuilt, or what could not be written
        std::size_t entries = 0;
    };

    static std::unique_ptr<DirectoryCache> open(const std::filesystem::path& file, const SeedProvider& seed,
                                                OpenReport& report);

    // For commands that only look (kioskctl status, search): the existing file read-only
    // (Database::openExistingReadOnly: nothing created, no owner changed, nothing moved or
    // rebuilt); when there is none yet, or it is unusable, the seed is served from memory
    // (Origin::InMemory, `report.detail` says why). Only the kiosk repairs the cache.
    static std::unique_ptr<DirectoryCache> openReadOnly(const std::filesystem::path& file, const SeedProvider& seed,
                                                        OpenReport& report);

    DirectoryRepository& repository() { return repository_; }
    Database& database() { return db_; }

private:
    explicit DirectoryCache(Database db) : db_(std::move(db)), repository_(db_) {}
    static std::unique_ptr<DirectoryCache> build(const std::filesystem::path& file, const SeedProvider& seed);
    // The bundled seed in a memory database, when no file can be used.
    static std::unique_ptr<DirectoryCache> inMemory(const SeedProvider& seed, OpenReport& report);

    Database db_;
    DirectoryRepository repository_;
};

}  // namespace kiosk
