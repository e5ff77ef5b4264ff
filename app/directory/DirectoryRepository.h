#pragma once
#include <string>
#include <vector>

#include "directory/DirectoryEntry.h"
#include "directory/DirectoryQuery.h"
#include "storage/Database.h"

namespace kiosk {

// The directory tables of cache.db: schema and its migrations (PRAGMA user_version), bulk
// loading, and search. Text is matched on folded forms (see TextFold.h) through an FTS5 index
// with prefix indexes, so "benh vien" finds "Bệnh viện" while the resident is still typing.
// Typed text never reaches SQL or FTS syntax: it is reduced to letter/digit tokens, each
// quoted as an FTS string.
class DirectoryRepository {
public:
    static constexpr int kSchemaVersion = 1;

    explicit DirectoryRepository(Database& db) : db_(db) {}

    // Creates or upgrades the schema; throws SqliteError if the file is not ours or damaged.
    void migrate();
    // Replaces every entry in one transaction: readers never see half a directory.
    void replaceAll(const std::vector<DirectoryEntry>& entries);
    std::size_t count();
    std::optional<DirectoryEntry> get(std::int64_t id);
    DirectoryPage search(const DirectoryQuery& query);
    // Distinct values of a column or attribute within a group, for filter buttons.
    std::vector<std::string> kinds(GroupId group);
    std::vector<std::string> attributeValues(GroupId group, const std::string& key);
    std::string newestUpdate(GroupId group);

    // The FTS expression for typed text: every token as a quoted prefix term. Exposed for tests.
    static std::string ftsExpression(const std::string& text);

private:
    Database& db_;
};

}  // namespace kiosk
