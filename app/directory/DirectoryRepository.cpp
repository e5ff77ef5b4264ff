#include "directory/DirectoryRepository.h"

#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "core/BoundedInput.h"
#include "directory/TextFold.h"
#include "sync/Datasets.h"

namespace kiosk {
namespace {
// Everything searchable that is neither the name nor the address.
std::string otherText(const DirectoryEntry& e) {
    std::string text = e.oldWard + " " + e.phone + " " + e.kind;
    for (const auto& [key, value] : e.attributes) {
        if (key.ends_with("_json")) continue;  // structured detail, not search material
        text += " " + value;
    }
    return text;
}
// kiosk_rank(entries_fts): how strongly a row matches, as weighted hits: a hit in the name
// counts 10, in the address 4, elsewhere 1. Unlike bm25 it reads only the row's own hits, so
// its cost does not grow with how common the typed words are in the whole directory.
void rankFunction(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* out, int, sqlite3_value**) {
    int count = 0;
    if (api->xInstCount(fts, &count) != SQLITE_OK) {
        sqlite3_result_error(out, "kiosk_rank: cannot count hits", -1);
        return;
    }
    static constexpr double kWeights[] = {10.0, 4.0, 1.0};
    double score = 0;
    for (int i = 0; i < count; ++i) {
        int phrase = 0;
        int column = 0;
        int offset = 0;
        if (api->xInst(fts, i, &phrase, &column, &offset) == SQLITE_OK && column >= 0 && column < 3)
            score += kWeights[column];
    }
    sqlite3_result_double(out, score);
}

void registerRank(Database& db) {
    fts5_api* api = nullptr;
    auto stmt = db.prepare("SELECT fts5(?1)");
    stmt.bindPointer(1, &api, "fts5_api_ptr");
    stmt.step();
    if (!api || api->iVersion < 2) throw SqliteError(SQLITE_ERROR, "this SQLite has no FTS5");
    if (api->xCreateFunction(api, "kiosk_rank", nullptr, rankFunction, nullptr) != SQLITE_OK)
        throw SqliteError(SQLITE_ERROR, "cannot register kiosk_rank");
}

// The smallest string greater than every string starting with `prefix` (byte order).
std::string prefixEnd(std::string prefix) {
    while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
    if (!prefix.empty()) prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
    return prefix;
}

constexpr const char* kFilters =
    " AND (?2 = '' OR e.grp = ?2) AND (?3 = '' OR e.kind = ?3) AND (?4 = '' OR e.ward_code = ?4)"
    " AND (?5 = '' OR instr(',' || json_extract(e.attrs, '$.' || ?9) || ',', ',' || ?5 || ',') > 0)";

void bindFilters(Statement& stmt, const DirectoryQuery& query) {
    stmt.bind(2, query.group ? std::string(toString(*query.group)) : std::string());
    stmt.bind(3, query.kind).bind(4, query.wardCode);
    if (!query.filterKey.empty() && query.filterKey.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos)
        throw std::invalid_argument("bad attribute filter key: " + query.filterKey);
    stmt.bind(5, query.filterKey.empty() ? std::string() : query.filterValue).bind(9, query.filterKey);
}
}  // namespace

DirectoryEntry DirectoryRepository::entryFromRow(const Statement& row) {
    DirectoryEntry e;
    e.id = row.integer(0);
    e.group = groupFromString(row.text(1)).value_or(GroupId::Agencies);
    e.kind = row.text(2);
    e.name = row.text(3);
    e.address = row.text(4);
    e.wardCode = row.text(5);
    e.oldWard = row.text(6);
    if (!row.isNull(7)) e.latitude = row.real(7);
    if (!row.isNull(8)) e.longitude = row.real(8);
    e.phone = row.text(9);
    e.website = row.text(10);
    e.openingHours = row.text(11);
    e.source = row.text(12);
    e.updatedAt = row.text(13);
    e.sample = row.integer(14) != 0;
    // Written by us, but from what the city sent: read as bounded as the city's answer was.
    std::string unreadable;  // an unreadable column leaves the entry without attributes
    const auto attrs = readJson(row.text(15), JsonLimits{.maxDepth = 8}, unreadable);
    if (attrs && attrs->is_object())
        for (const auto& [key, value] : attrs->items())
            if (value.is_string()) e.attributes[key] = value.get<std::string>();
    return e;
}

DirectoryRepository::DirectoryRepository(Database& db) : db_(db) {
    registerRank(db_);
}

void DirectoryRepository::migrate() {
    const int version = db_.userVersion();
    if (version > kSchemaVersion)
        throw SqliteError(SQLITE_MISMATCH, "cache.db has schema version " + std::to_string(version) +
                                               ", newer than this kiosk's " + std::to_string(kSchemaVersion));
    if (version == kSchemaVersion) return;
    if (version != 0)
        throw SqliteError(SQLITE_MISMATCH, "cache.db has the older schema version " + std::to_string(version) +
                                               "; it is rebuilt rather than migrated (it holds only city data)");
    db_.transaction([&] {
        // What a directory row holds, in entries and in the staging of a sync alike.
        const std::string record = R"sql(
                grp TEXT NOT NULL DEFAULT '',
                kind TEXT NOT NULL DEFAULT '',
                name TEXT NOT NULL DEFAULT '',
                address TEXT NOT NULL DEFAULT '',
                ward_code TEXT NOT NULL DEFAULT '',
                old_ward TEXT NOT NULL DEFAULT '',
                lat REAL,
                lon REAL,
                phone TEXT NOT NULL DEFAULT '',
                website TEXT NOT NULL DEFAULT '',
                hours TEXT NOT NULL DEFAULT '',
                source TEXT NOT NULL DEFAULT '',
                updated_at TEXT NOT NULL DEFAULT '',
                sample INTEGER NOT NULL DEFAULT 0,
                attrs TEXT NOT NULL DEFAULT '{}',
                -- what the FTS index holds for the row (contentless: a delete must repeat it)
                name_folded TEXT NOT NULL DEFAULT '',
                address_folded TEXT NOT NULL DEFAULT '',
                other_folded TEXT NOT NULL DEFAULT '')sql";
        db_.exec(R"sql(
            CREATE TABLE entries(
                id INTEGER PRIMARY KEY,
                dataset TEXT NOT NULL,      -- the city dataset it came from (app/sync/Datasets.cpp)
                ext_id TEXT NOT NULL,       -- the city's id for it within the dataset)sql" + record + R"sql();
            CREATE UNIQUE INDEX entries_by_key ON entries(dataset, ext_id);
            CREATE INDEX entries_by_group ON entries(grp, kind, name_folded);
            CREATE INDEX entries_by_group_name ON entries(grp, name_folded);
            CREATE INDEX entries_by_name ON entries(name_folded);
            CREATE INDEX entries_by_ward ON entries(ward_code);
            CREATE VIRTUAL TABLE entries_fts USING fts5(
                name, address, other, content='',
                tokenize='unicode61 remove_diacritics 0', prefix='1 2 3 4');

            -- Sync (app/sync): pages received but not yet applied, and each dataset's state.
            CREATE TABLE sync_staging(
                seq INTEGER PRIMARY KEY,
                dataset TEXT NOT NULL,
                op TEXT NOT NULL CHECK (op IN ('put', 'delete')),
                ext_id TEXT NOT NULL,)sql" + record + ");" + R"sql(
            CREATE INDEX sync_staging_by_key ON sync_staging(dataset, ext_id);
            CREATE TABLE sync_state(
                dataset TEXT PRIMARY KEY,
                version INTEGER NOT NULL DEFAULT 0,        -- applied; 0 = the bundled data
                remote_version INTEGER NOT NULL DEFAULT 0, -- last seen in the city's index
                min_delta_version INTEGER NOT NULL DEFAULT 0,
                published TEXT NOT NULL DEFAULT '',
                rows INTEGER NOT NULL DEFAULT 0,
                skipped INTEGER NOT NULL DEFAULT 0,        -- records refused at the last apply
                last_success TEXT NOT NULL DEFAULT '',
                last_attempt TEXT NOT NULL DEFAULT '',
                last_error TEXT NOT NULL DEFAULT '',
                last_error_at TEXT NOT NULL DEFAULT '',
                failures INTEGER NOT NULL DEFAULT 0,       -- in a row, since the last success
                staging_mode TEXT NOT NULL DEFAULT '',     -- '' | 'full' | 'delta'
                staging_version INTEGER NOT NULL DEFAULT 0,
                staging_since INTEGER NOT NULL DEFAULT 0,
                staging_cursor TEXT NOT NULL DEFAULT '',
                staging_pages INTEGER NOT NULL DEFAULT 0,
                staging_skipped INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE sync_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        )sql");
        db_.setUserVersion(kSchemaVersion);
    });
}

DirectoryRepository::FoldedText DirectoryRepository::foldedText(const DirectoryEntry& e) {
    return {foldForSearch(e.name), foldForSearch(e.address), foldForSearch(otherText(e))};
}

std::string DirectoryRepository::attributesJson(const DirectoryEntry& e) {
    nlohmann::json attrs = nlohmann::json::object();
    for (const auto& [key, value] : e.attributes) attrs[key] = value;
    return attrs.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void DirectoryRepository::replaceAll(const std::vector<DirectoryEntry>& entries) {
    db_.transaction([&] {
        db_.exec("DELETE FROM entries; INSERT INTO entries_fts(entries_fts) VALUES('delete-all');"
                 "DELETE FROM sync_staging; DELETE FROM sync_state; DELETE FROM sync_meta;");
        auto insert = db_.prepare(
            "INSERT INTO entries(dataset, ext_id, grp, kind, name, address, ward_code, old_ward, lat, lon, phone, website, "
            "hours, source, updated_at, sample, attrs, name_folded, address_folded, other_folded) "
            "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        auto index = db_.prepare("INSERT INTO entries_fts(rowid, name, address, other) VALUES(?,?,?,?)");
        std::map<std::string, std::int64_t> perDataset;  // seed rows are numbered within their dataset
        for (const auto& e : entries) {
            const std::string dataset(datasetOf(e));
            const auto number = ++perDataset[dataset];
            const auto folded = foldedText(e);
            insert.bind(1, dataset).bind(2, "seed-" + std::to_string(number));
            insert.bind(3, toString(e.group)).bind(4, e.kind).bind(5, e.name).bind(6, e.address);
            insert.bind(7, e.wardCode).bind(8, e.oldWard).bind(9, e.latitude).bind(10, e.longitude);
            insert.bind(11, e.phone).bind(12, e.website).bind(13, e.openingHours).bind(14, e.source);
            insert.bind(15, e.updatedAt).bind(16, std::int64_t{e.sample ? 1 : 0}).bind(17, attributesJson(e));
            insert.bind(18, folded.name).bind(19, folded.address).bind(20, folded.other);
            insert.run();
            insert.reset();
            index.bind(1, db_.lastInsertId()).bind(2, folded.name).bind(3, folded.address).bind(4, folded.other);
            index.run();
            index.reset();
        }
        auto state = db_.prepare("INSERT INTO sync_state(dataset, rows) VALUES(?, ?)");
        for (const auto& [dataset, rows] : perDataset) {
            state.bind(1, dataset).bind(2, rows);
            state.run();
            state.reset();
        }
    });
}

std::size_t DirectoryRepository::count() {
    auto stmt = db_.prepare("SELECT count(*) FROM entries");
    return stmt.step() ? static_cast<std::size_t>(stmt.integer(0)) : 0;
}

std::optional<DirectoryEntry> DirectoryRepository::get(std::int64_t id) {
    auto stmt = db_.prepare(std::string("SELECT ") + kEntryColumns + " FROM entries e WHERE e.id = ?");
    stmt.bind(1, id);
    if (!stmt.step()) return std::nullopt;
    return entryFromRow(stmt);
}

std::string DirectoryRepository::ftsExpression(const std::string& text) {
    // Words already followed by a space are complete; only the word being typed is a prefix.
    // Tokens are letters and digits only, so there is no quote to escape.
    const auto tokens = searchTokens(text);
    const bool lastComplete = !text.empty() && (text.back() == ' ' || text.back() == ',');
    std::string expression;
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (!expression.empty()) expression += ' ';
        expression += '"' + tokens[i] + '"';
        if (i + 1 == tokens.size() && !lastComplete) expression += '*';
    }
    return expression;
}

std::vector<DirectoryEntry> DirectoryRepository::rankedMatches(const std::string& match, const std::string& folded,
                                                              const DirectoryQuery& query, int offset, int limit,
                                                              bool bounded) {
    // Name prefix matches first, then weighted hits (name over address over the rest), then name.
    // Bounded: only the first kRankedCandidates matches (in index order) are read and ranked, in
    // a subquery that stops there, so the cost no longer depends on how many rows match.
    const std::string source =
        bounded ? "(SELECT rowid AS id, kiosk_rank(entries_fts) AS score FROM entries_fts WHERE entries_fts MATCH ?1 "
                  "LIMIT " + std::to_string(kRankedCandidates) + ") m JOIN entries e ON e.id = m.id WHERE 1"
                : "(SELECT rowid AS id, kiosk_rank(entries_fts) AS score FROM entries_fts WHERE entries_fts MATCH ?1) m "
                  "JOIN entries e ON e.id = m.id WHERE 1";
    auto stmt = db_.prepare(std::string("SELECT ") + kEntryColumns + " FROM " + source + kFilters +
                            " ORDER BY substr(e.name_folded, 1, length(?8)) = ?8 DESC, m.score DESC,"
                            " e.name_folded LIMIT ?6 OFFSET ?7");
    stmt.bind(1, match).bind(8, folded);
    bindFilters(stmt, query);
    stmt.bind(6, std::int64_t{limit}).bind(7, std::int64_t{offset});
    std::vector<DirectoryEntry> out;
    while (stmt.step()) out.push_back(entryFromRow(stmt));
    return out;
}

std::vector<DirectoryEntry> DirectoryRepository::namePrefixMatches(const std::string& folded,
                                                                  const DirectoryQuery& query, int limit) {
    auto stmt = db_.prepare(std::string("SELECT ") + kEntryColumns +
                            " FROM entries e WHERE e.name_folded >= ?1 AND e.name_folded < ?8" + kFilters +
                            " ORDER BY e.name_folded LIMIT ?6");
    stmt.bind(1, folded).bind(8, prefixEnd(folded));
    bindFilters(stmt, query);
    stmt.bind(6, std::int64_t{limit});
    std::vector<DirectoryEntry> out;
    while (stmt.step()) out.push_back(entryFromRow(stmt));
    return out;
}

DirectoryPage DirectoryRepository::search(const DirectoryQuery& query) {
    const std::string match = ftsExpression(query.text);
    DirectoryPage page;
    const int wanted = query.offset + query.limit + 1;  // one more tells whether a next page exists
    std::vector<DirectoryEntry> rows;

    if (match.empty()) {
        auto stmt = db_.prepare(std::string("SELECT ") + kEntryColumns + " FROM entries e WHERE 1" + kFilters +
                                " ORDER BY e.name_folded LIMIT ?6 OFFSET ?7");
        bindFilters(stmt, query);
        stmt.bind(6, std::int64_t{query.limit + 1}).bind(7, std::int64_t{query.offset});
        while (stmt.step()) rows.push_back(entryFromRow(stmt));
    } else {
        const std::string folded = foldForSearch(query.text);
        auto probe = db_.prepare("SELECT count(*) FROM (SELECT 1 FROM entries_fts WHERE entries_fts MATCH ?1 LIMIT " +
                                 std::to_string(kRankedCandidates + 1) + ")");
        probe.bind(1, match);
        const bool broad = probe.step() && probe.integer(0) > kRankedCandidates;
        if (!broad) {
            rows = rankedMatches(match, folded, query, query.offset, query.limit + 1, false);
        } else {
            // Broad keystroke: names that start with what was typed, in name order, then the
            // best of a bounded set of other matches.
            auto all = namePrefixMatches(folded, query, wanted);
            if (static_cast<int>(all.size()) < wanted) {
                std::set<std::int64_t> seen;
                for (const auto& e : all) seen.insert(e.id);
                for (auto& e : rankedMatches(match, folded, query, 0, wanted, true)) {
                    if (static_cast<int>(all.size()) >= wanted) break;
                    if (!seen.contains(e.id)) all.push_back(std::move(e));
                }
            }
            if (static_cast<int>(all.size()) > query.offset)
                rows.assign(std::make_move_iterator(all.begin() + query.offset), std::make_move_iterator(all.end()));
        }
    }
    for (auto& row : rows) {
        if (static_cast<int>(page.entries.size()) == query.limit) {
            page.more = true;
            break;
        }
        page.entries.push_back(std::move(row));
    }
    return page;
}

std::vector<std::string> DirectoryRepository::kinds(GroupId group) {
    auto stmt = db_.prepare("SELECT DISTINCT kind FROM entries WHERE grp = ? ORDER BY kind");
    stmt.bind(1, toString(group));
    std::vector<std::string> out;
    while (stmt.step()) out.push_back(stmt.text(0));
    return out;
}

std::vector<std::string> DirectoryRepository::attributeValues(GroupId group, const std::string& key) {
    auto stmt = db_.prepare(
        "SELECT DISTINCT json_extract(attrs, '$.' || ?2) FROM entries WHERE grp = ?1 AND "
        "json_extract(attrs, '$.' || ?2) IS NOT NULL");
    stmt.bind(1, toString(group)).bind(2, key);
    std::set<std::string> levels;
    while (stmt.step()) {
        const std::string value = stmt.text(0);
        size_t start = 0;
        while (start <= value.size()) {
            const size_t comma = std::min(value.find(',', start), value.size());
            if (comma > start) levels.insert(value.substr(start, comma - start));
            start = comma + 1;
        }
    }
    return {levels.begin(), levels.end()};
}

std::size_t DirectoryRepository::countInWard(GroupId group, const std::string& wardCode) {
    auto stmt = db_.prepare("SELECT count(*) FROM entries WHERE ward_code = ? AND grp = ?");
    stmt.bind(1, wardCode).bind(2, toString(group));
    return stmt.step() ? static_cast<std::size_t>(stmt.integer(0)) : 0;
}

std::string DirectoryRepository::newestUpdate(GroupId group) {
    auto stmt = db_.prepare("SELECT max(updated_at) FROM entries WHERE grp = ?");
    stmt.bind(1, toString(group));
    return stmt.step() ? stmt.text(0) : std::string();
}

}  // namespace kiosk
