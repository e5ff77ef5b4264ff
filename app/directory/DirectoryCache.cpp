#include "directory/DirectoryCache.h"

#include <chrono>
#include <system_error>

#include "log/Log.h"

namespace kiosk {
namespace fs = std::filesystem;

namespace {
// Valid means: SQLite can read it, quick_check passes, the schema is ours and it has rows.
std::string problemWith(Database& db) {
    const std::string check = db.quickCheck();
    if (check != "ok") return "quick_check: " + check;
    if (db.userVersion() != DirectoryRepository::kSchemaVersion)
        return "schema version " + std::to_string(db.userVersion()) + ", expected " +
               std::to_string(DirectoryRepository::kSchemaVersion);
    if (DirectoryRepository(db).count() == 0) return "no entries";
    return {};
}

void moveAside(const fs::path& file) {
    const auto stamp = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        const fs::path from = file.string() + suffix;
        if (fs::exists(from, ec)) fs::rename(from, file.string() + ".damaged-" + std::to_string(stamp) + suffix, ec);
    }
    if (fs::exists(file, ec)) fs::remove(file, ec);
}
}  // namespace

std::unique_ptr<DirectoryCache> DirectoryCache::build(const fs::path& file, const SeedProvider& seed) {
    // Built beside the real file and renamed over it: a crash mid-build leaves no half cache.
    const fs::path temp = file.string() + ".building";
    std::error_code ec;
    fs::remove(temp, ec);
    {
        auto db = Database::open(temp);
        db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF");
        DirectoryRepository repository(db);
        repository.migrate();
        repository.replaceAll(seed());
    }
    fs::rename(temp, file);
    auto db = Database::open(file);
    db.exec("PRAGMA journal_mode = WAL");
    return std::unique_ptr<DirectoryCache>(new DirectoryCache(std::move(db)));
}

std::unique_ptr<DirectoryCache> DirectoryCache::open(const fs::path& file, const SeedProvider& seed,
                                                     OpenReport& report) {
    auto logger = log::get("data");
    std::error_code ec;
    if (fs::exists(file, ec)) {
        try {
            auto db = Database::open(file);
            if (auto problem = problemWith(db); problem.empty()) {
                report.origin = db.readOnly() ? Origin::ReadOnly : Origin::Existing;
                auto cache = std::unique_ptr<DirectoryCache>(new DirectoryCache(std::move(db)));
                report.entries = cache->repository().count();
                return cache;
            } else {
                report.detail = problem;
            }
        } catch (const SqliteError& error) {
            report.detail = error.what();
        }
        // The file may still be usable read-only (e.g. a read-only mount with a sound file).
        try {
            auto db = Database::open(file, Database::Mode::ReadOnly);
            if (problemWith(db).empty()) {
                report.origin = Origin::ReadOnly;
                logger->warn("cache {} is read-only ({}); serving it as it is", file.string(), report.detail);
                auto cache = std::unique_ptr<DirectoryCache>(new DirectoryCache(std::move(db)));
                report.entries = cache->repository().count();
                return cache;
            }
        } catch (const SqliteError&) {
        }
        logger->error("cache {} is unusable ({}); moving it aside and rebuilding from the bundled data",
                      file.string(), report.detail);
        moveAside(file);
    } else {
        report.detail = "no cache yet";
    }

    try {
        fs::create_directories(file.parent_path(), ec);
        auto cache = build(file, seed);
        report.origin = Origin::Rebuilt;
        report.entries = cache->repository().count();
        logger->info("cache {} built from the bundled data: {} entries", file.string(), report.entries);
        return cache;
    } catch (const std::exception& error) {
        // Nothing can be written (full disk, read-only folder): serve the seed from memory.
        report.detail += std::string("; cannot write the cache: ") + error.what();
        logger->error("{}; serving the bundled data from memory", report.detail);
        fs::remove(file.string() + ".building", ec);
        return inMemory(seed, report);
    }
}

std::unique_ptr<DirectoryCache> DirectoryCache::inMemory(const SeedProvider& seed, OpenReport& report) {
    auto db = Database::memory();
    DirectoryRepository repository(db);
    repository.migrate();
    repository.replaceAll(seed());
    report.origin = Origin::InMemory;
    auto cache = std::unique_ptr<DirectoryCache>(new DirectoryCache(std::move(db)));
    report.entries = cache->repository().count();
    return cache;
}

std::unique_ptr<DirectoryCache> DirectoryCache::openReadOnly(const fs::path& file, const SeedProvider& seed,
                                                             OpenReport& report) {
    try {
        std::string note;
        if (auto db = Database::openExistingReadOnly(file, &note)) {
            if (auto problem = problemWith(*db); problem.empty()) {
                report.origin = Origin::ReadOnly;
                report.detail = note;
                auto cache = std::unique_ptr<DirectoryCache>(new DirectoryCache(std::move(*db)));
                report.entries = cache->repository().count();
                return cache;
            } else {
                report.detail = "unusable (" + problem + "; the kiosk rebuilds it at its next start)";
            }
        } else {
            report.detail = "no cache yet (the kiosk builds it from the bundled data at start)";
        }
    } catch (const SqliteError& error) {
        report.detail = std::string("unreadable (") + error.what() + ")";
    }
    return inMemory(seed, report);
}

}  // namespace kiosk
