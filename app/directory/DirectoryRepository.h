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
    // v3: city keys and stored FTS text, sync tables; v4: procedures carry their "scope" (issue
    // 18), so a cache built before is rebuilt from the bundled data.
    static constexpr int kSchemaVersion = 4;
    // Above this many text matches a keystroke is "broad" (one or two letters, a common word):
    // the page then lists names starting with the typed text, filled from this many matches
    // ranked, so no keystroke has to rank the whole directory.
    static constexpr int kRankedCandidates = 500;

    // Registers the ranking function on the connection (see kiosk_rank in the .cpp).
    explicit DirectoryRepository(Database& db);

    // Creates the schema in an empty file; throws SqliteError if the file is not ours, damaged,
    // or of another version (an older cache is rebuilt rather than migrated: it holds only
    // what the city publishes, see DirectoryCache).
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
    std::size_t countInWard(GroupId group, const std::string& wardCode);

    // What the FTS index holds for an entry (folded name, address, everything else searchable).
    struct FoldedText {
        std::string name, address, other;
    };
    static FoldedText foldedText(const DirectoryEntry& entry);
    static std::string attributesJson(const DirectoryEntry& entry);

    // The columns every query selects from `entries e`, and the entry read from such a row
    // (shared with the search benchmark, so its baseline reads rows exactly as we do).
    static constexpr const char* kEntryColumns =
        "e.id, e.grp, e.kind, e.name, e.address, e.ward_code, e.old_ward, e.lat, e.lon, e.phone, e.website, e.hours, "
        "e.source, e.updated_at, e.sample, e.attrs";
    static DirectoryEntry entryFromRow(const Statement& row);

    // The FTS expression for typed text: every token as a quoted prefix term. Exposed for tests.
    static std::string ftsExpression(const std::string& text);

private:
    std::vector<DirectoryEntry> rankedMatches(const std::string& match, const std::string& folded,
                                              const DirectoryQuery& query, int offset, int limit, bool bounded);
    std::vector<DirectoryEntry> namePrefixMatches(const std::string& folded, const DirectoryQuery& query, int limit);

    Database& db_;
};

}  // namespace kiosk
