#include <boost/test/unit_test.hpp>

#include <fstream>

#include "TestPaths.h"
#include "directory/DirectoryCache.h"

using namespace kiosk;
namespace fs = std::filesystem;

namespace {
std::vector<DirectoryEntry> seed() {
    std::vector<DirectoryEntry> entries;
    for (int i = 0; i < 50; ++i) {
        DirectoryEntry e;
        e.group = GroupId::Health;
        e.kind = "health_facility";
        e.name = "Phòng khám số " + std::to_string(i);
        e.source = "test";
        e.updatedAt = "2024-07-10";
        entries.push_back(e);
    }
    return entries;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(directory_cache)

BOOST_AUTO_TEST_CASE(first_start_builds_then_reuses) {
    const auto dir = test::scratchDir("cache-build");
    DirectoryCache::OpenReport report;
    {
        auto cache = DirectoryCache::open(dir / "cache.db", seed, report);
        BOOST_TEST((report.origin == DirectoryCache::Origin::Rebuilt));
        BOOST_TEST(report.entries == 50u);
    }
    int seeded = 0;
    auto cache = DirectoryCache::open(dir / "cache.db", [&] { ++seeded; return seed(); }, report);
    BOOST_TEST((report.origin == DirectoryCache::Origin::Existing));
    BOOST_TEST(seeded == 0);
    BOOST_TEST(cache->repository().search({.text = "phong kham so 7"}).entries.front().name == "Phòng khám số 7");
}

BOOST_AUTO_TEST_CASE(corrupt_and_truncated_files_are_rebuilt) {
    const auto dir = test::scratchDir("cache-corrupt");
    DirectoryCache::OpenReport report;
    { DirectoryCache::open(dir / "cache.db", seed, report); }
    // Overwrite the middle of the file with garbage.
    {
        std::fstream f(dir / "cache.db", std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(4096);
        const std::string junk(8192, '\x5a');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    auto cache = DirectoryCache::open(dir / "cache.db", seed, report);
    BOOST_TEST((report.origin == DirectoryCache::Origin::Rebuilt));
    BOOST_TEST(!report.detail.empty());
    BOOST_TEST(cache->repository().count() == 50u);
    cache.reset();

    fs::resize_file(dir / "cache.db", 1000);  // truncated mid-page
    cache = DirectoryCache::open(dir / "cache.db", seed, report);
    BOOST_TEST((report.origin == DirectoryCache::Origin::Rebuilt));
    BOOST_TEST(cache->repository().count() == 50u);
    cache.reset();

    std::ofstream(dir / "cache.db", std::ios::trunc) << "this is not a database";
    cache = DirectoryCache::open(dir / "cache.db", seed, report);
    BOOST_TEST((report.origin == DirectoryCache::Origin::Rebuilt));
    bool keptAside = false;
    for (const auto& item : fs::directory_iterator(dir))
        keptAside |= item.path().filename().string().find("damaged") != std::string::npos;
    BOOST_TEST(keptAside);  // for staff to look at; the kiosk never reads it again
}

BOOST_AUTO_TEST_CASE(unwritable_place_serves_from_memory) {
    const auto dir = test::scratchDir("cache-full");
    std::ofstream(dir / "blocker") << "a file where the cache folder should be";
    DirectoryCache::OpenReport report;
    auto cache = DirectoryCache::open(dir / "blocker" / "cache.db", seed, report);
    BOOST_TEST((report.origin == DirectoryCache::Origin::InMemory));
    BOOST_TEST(cache->repository().count() == 50u);
}

BOOST_AUTO_TEST_CASE(read_only_cache_is_served) {
    const auto dir = test::scratchDir("cache-ro");
    DirectoryCache::OpenReport report;
    { DirectoryCache::open(dir / "cache.db", seed, report); }
    {
        auto db = Database::open(dir / "cache.db");
        db.exec("PRAGMA journal_mode = DELETE");
    }
    fs::permissions(dir / "cache.db", fs::perms::owner_read | fs::perms::group_read);
    fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
    auto cache = DirectoryCache::open(dir / "cache.db", [] { return std::vector<DirectoryEntry>{}; }, report);
    fs::permissions(dir, fs::perms::owner_all);
    fs::permissions(dir / "cache.db", fs::perms::owner_read | fs::perms::owner_write);
    // As root the permission bits do not bind, so the file may open read-write: either way the
    // kiosk serves the existing cache and does not rebuild it.
    BOOST_TEST((report.origin == DirectoryCache::Origin::ReadOnly || report.origin == DirectoryCache::Origin::Existing));
    BOOST_TEST(cache->repository().count() == 50u);
}

BOOST_AUTO_TEST_CASE(a_newer_schema_is_not_ours_and_is_rebuilt) {
    const auto dir = test::scratchDir("cache-newer");
    DirectoryCache::OpenReport report;
    { DirectoryCache::open(dir / "cache.db", seed, report); }
    { Database::open(dir / "cache.db").setUserVersion(99); }
    auto cache = DirectoryCache::open(dir / "cache.db", seed, report);
    BOOST_TEST((report.origin == DirectoryCache::Origin::Rebuilt));
    BOOST_TEST(report.detail.find("schema version 99") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
