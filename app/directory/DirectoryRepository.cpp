#include "directory/DirectoryRepository.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "directory/TextFold.h"

namespace kiosk {
namespace {
constexpr const char* kColumns =
    "e.id, e.grp, e.kind, e.name, e.address, e.ward_code, e.old_ward, e.lat, e.lon, e.phone, e.website, e.hours, "
    "e.source, e.updated_at, e.sample, e.attrs";

DirectoryEntry readEntry(const Statement& row) {
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
    const auto attrs = nlohmann::json::parse(row.text(15), nullptr, false);
    if (attrs.is_object())
        for (const auto& [key, value] : attrs.items())
            if (value.is_string()) e.attributes[key] = value.get<std::string>();
    return e;
}

// Everything searchable that is neither the name nor the address.
std::string otherText(const DirectoryEntry& e) {
    std::string text = e.oldWard + " " + e.phone + " " + e.kind;
    for (const auto& [key, value] : e.attributes) {
        if (key.ends_with("_json")) continue;  // structured detail, not search material
        text += " " + value;
    }
    return text;
}
}  // namespace

void DirectoryRepository::migrate() {
    const int version = db_.userVersion();
    if (version > kSchemaVersion)
        throw SqliteError(SQLITE_MISMATCH, "cache.db has schema version " + std::to_string(version) +
                                               ", newer than this kiosk's " + std::to_string(kSchemaVersion));
    if (version == kSchemaVersion) return;
    db_.transaction([&] {
        if (version < 1) {
            db_.exec(R"sql(
                CREATE TABLE entries(
                    id INTEGER PRIMARY KEY,
                    grp TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    name TEXT NOT NULL,
                    address TEXT NOT NULL DEFAULT '',
                    ward_code TEXT NOT NULL DEFAULT '',
                    old_ward TEXT NOT NULL DEFAULT '',
                    lat REAL,
                    lon REAL,
                    phone TEXT NOT NULL DEFAULT '',
                    website TEXT NOT NULL DEFAULT '',
                    hours TEXT NOT NULL DEFAULT '',
                    source TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    sample INTEGER NOT NULL DEFAULT 0,
                    attrs TEXT NOT NULL DEFAULT '{}',
                    name_folded TEXT NOT NULL);
                CREATE INDEX entries_by_group ON entries(grp, kind, name_folded);
                CREATE INDEX entries_by_ward ON entries(ward_code);
                CREATE VIRTUAL TABLE entries_fts USING fts5(
                    name, address, other, content='',
                    tokenize='unicode61 remove_diacritics 0', prefix='1 2 3 4');
            )sql");
        }
        db_.setUserVersion(kSchemaVersion);
    });
}

void DirectoryRepository::replaceAll(const std::vector<DirectoryEntry>& entries) {
    db_.transaction([&] {
        db_.exec("DELETE FROM entries; INSERT INTO entries_fts(entries_fts) VALUES('delete-all');");
        auto insert = db_.prepare(
            "INSERT INTO entries(grp, kind, name, address, ward_code, old_ward, lat, lon, phone, website, hours, source, "
            "updated_at, sample, attrs, name_folded) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        auto index = db_.prepare("INSERT INTO entries_fts(rowid, name, address, other) VALUES(?,?,?,?)");
        for (const auto& e : entries) {
            nlohmann::json attrs = nlohmann::json::object();
            for (const auto& [key, value] : e.attributes) attrs[key] = value;
            const std::string nameFolded = foldForSearch(e.name);
            insert.bind(1, toString(e.group)).bind(2, e.kind).bind(3, e.name).bind(4, e.address);
            insert.bind(5, e.wardCode).bind(6, e.oldWard).bind(7, e.latitude).bind(8, e.longitude);
            insert.bind(9, e.phone).bind(10, e.website).bind(11, e.openingHours).bind(12, e.source);
            insert.bind(13, e.updatedAt).bind(14, std::int64_t{e.sample ? 1 : 0});
            insert.bind(15, attrs.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
            insert.bind(16, nameFolded);
            insert.run();
            insert.reset();
            index.bind(1, db_.lastInsertId()).bind(2, nameFolded).bind(3, foldForSearch(e.address));
            index.bind(4, foldForSearch(otherText(e)));
            index.run();
            index.reset();
        }
    });
}

std::size_t DirectoryRepository::count() {
    auto stmt = db_.prepare("SELECT count(*) FROM entries");
    return stmt.step() ? static_cast<std::size_t>(stmt.integer(0)) : 0;
}

std::optional<DirectoryEntry> DirectoryRepository::get(std::int64_t id) {
    auto stmt = db_.prepare(std::string("SELECT ") + kColumns + " FROM entries e WHERE e.id = ?");
    stmt.bind(1, id);
    if (!stmt.step()) return std::nullopt;
    return readEntry(stmt);
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

DirectoryPage DirectoryRepository::search(const DirectoryQuery& query) {
    const std::string match = ftsExpression(query.text);
    const std::string filters =
        " AND (?2 = '' OR e.grp = ?2) AND (?3 = '' OR e.kind = ?3) AND (?4 = '' OR e.ward_code = ?4)"
        " AND (?5 = '' OR instr(',' || json_extract(e.attrs, '$.' || ?9) || ',', ',' || ?5 || ',') > 0)";
    std::string sql;
    if (match.empty()) {
        sql = std::string("SELECT ") + kColumns + " FROM entries e WHERE 1" + filters +
              " ORDER BY e.name_folded LIMIT ?6 OFFSET ?7";
    } else {
        // Name prefix matches first, then FTS5's bm25 with the name weighted over the address
        // and the address over everything else.
        sql = std::string("SELECT ") + kColumns +
              " FROM entries_fts f JOIN entries e ON e.id = f.rowid WHERE entries_fts MATCH ?1" + filters +
              " ORDER BY substr(e.name_folded, 1, length(?8)) = ?8 DESC, bm25(entries_fts, 10.0, 4.0, 1.0),"
              " e.name_folded LIMIT ?6 OFFSET ?7";
    }
    auto stmt = db_.prepare(sql);
    if (!match.empty()) {
        stmt.bind(1, match);
        stmt.bind(8, foldForSearch(query.text));
    }
    stmt.bind(2, query.group ? std::string(toString(*query.group)) : std::string());
    stmt.bind(3, query.kind).bind(4, query.wardCode);
    if (!query.filterKey.empty() && query.filterKey.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos)
        throw std::invalid_argument("bad attribute filter key: " + query.filterKey);
    stmt.bind(5, query.filterKey.empty() ? std::string() : query.filterValue).bind(9, query.filterKey);
    stmt.bind(6, std::int64_t{query.limit + 1}).bind(7, std::int64_t{query.offset});
    DirectoryPage page;
    while (stmt.step()) {
        if (static_cast<int>(page.entries.size()) == query.limit) {
            page.more = true;
            break;
        }
        page.entries.push_back(readEntry(stmt));
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

std::string DirectoryRepository::newestUpdate(GroupId group) {
    auto stmt = db_.prepare("SELECT max(updated_at) FROM entries WHERE grp = ?");
    stmt.bind(1, toString(group));
    return stmt.step() ? stmt.text(0) : std::string();
}

}  // namespace kiosk
