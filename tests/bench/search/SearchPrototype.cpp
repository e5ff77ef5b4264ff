#include "SearchPrototype.h"

#include <regex>
#include <set>

#include "BenchRows.h"
#include "directory/DirectoryRepository.h"
#include "directory/TextFold.h"

namespace kiosk::bench {
namespace {
// bench_hits(table): minus the weighted number of query-term hits in the row (name 10, address 4,
// other 1). Lower is better, as with bm25(); no IDF, so no pass over whole doclists.
void hitsRank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* out, int, sqlite3_value**) {
    int count = 0;
    if (api->xInstCount(fts, &count) != SQLITE_OK) {
        sqlite3_result_error(out, "bench_hits: xInstCount failed", -1);
        return;
    }
    double score = 0;
    for (int i = 0; i < count; ++i) {
        int phrase = 0;
        int column = 0;
        int offset = 0;
        if (api->xInst(fts, i, &phrase, &column, &offset) != SQLITE_OK) continue;
        score += column == 0 ? 10.0 : column == 1 ? 4.0 : 1.0;
    }
    sqlite3_result_double(out, -score);
}
}  // namespace

PrototypeSearch::PrototypeSearch(Database& db, std::string ftsTable, int cap, Rank rank)
    : db_(db), from_(std::move(ftsTable)), cap_(cap) {
    const auto dot = from_.find('.');
    column_ = dot == std::string::npos ? from_ : from_.substr(dot + 1);
    rank_ = rank == Rank::Bm25 ? "bm25(" + column_ + ", 10.0, 4.0, 1.0)" : "bench_hits(" + column_ + ")";
}

void PrototypeSearch::registerHitsRank(Database& db) {
    fts5_api* api = nullptr;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db.handle(), "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK)
        throw SqliteError(SQLITE_ERROR, std::string("fts5_api: ") + sqlite3_errmsg(db.handle()));
    sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (api == nullptr || api->iVersion < 2) throw SqliteError(SQLITE_ERROR, "fts5_api: not available");
    if (api->xCreateFunction(api, "bench_hits", nullptr, &hitsRank, nullptr) != SQLITE_OK)
        throw SqliteError(SQLITE_ERROR, "fts5_api: cannot create bench_hits");
}

void PrototypeSearch::createNameIndex(Database& db) {
    db.exec("CREATE INDEX IF NOT EXISTS bench_proto_by_name ON entries(name_folded)");
}

void PrototypeSearch::dropNameIndex(Database& db) {
    db.exec("DROP INDEX IF EXISTS bench_proto_by_name");
}

void PrototypeSearch::attachWidePrefixTable(Database& db, const std::filesystem::path& file) {
    auto attach = db.prepare("ATTACH DATABASE ? AS proto");
    attach.bind(1, file.string()).run();
}

void PrototypeSearch::buildWidePrefixTable(Database& db, const std::filesystem::path& file) {
    // entries_fts's own definition, whatever migrate() makes it today, with only the prefix
    // indexes changed.
    auto schema = db.prepare("SELECT sql FROM main.sqlite_master WHERE name = 'entries_fts'");
    if (!schema.step()) throw SqliteError(SQLITE_ERROR, "no entries_fts table");
    std::string create = schema.text(0);
    const std::string head = "CREATE VIRTUAL TABLE entries_fts";
    if (!create.starts_with(head)) throw SqliteError(SQLITE_ERROR, "unexpected entries_fts definition: " + create);
    create.replace(0, head.size(), "CREATE VIRTUAL TABLE proto.bench_proto_fts");
    static const std::regex prefix(R"(prefix\s*=\s*'[^']*')");
    if (std::regex_search(create, prefix)) {
        create = std::regex_replace(create, prefix, "prefix='1 2 3 4 5 6 7'");
    } else {
        create.insert(create.rfind(')'), ", prefix='1 2 3 4 5 6 7'");
    }
    attachWidePrefixTable(db, file);
    db.exec("PRAGMA proto.journal_mode = OFF; PRAGMA proto.synchronous = OFF");
    db.transaction([&] {
        db.exec(create);
        db.exec(R"sql(
            INSERT INTO proto.bench_proto_fts(rowid, name, address, other)
                SELECT e.id, e.name_folded, t.address_folded, t.other_folded
                FROM main.entries e JOIN main.bench_like_text t ON t.id = e.id ORDER BY e.id;
        )sql");
    });
}

DirectoryPage PrototypeSearch::ranked(const std::string& match, const std::string& folded, int limit, int candidates,
                                      const DirectoryPage& before) {
    // The real search's ordering (DirectoryRepository::search, without its filters), over all
    // matches or over the first `candidates` of them.
    const std::string order = " ORDER BY substr(e.name_folded, 1, length(?2)) = ?2 DESC, ";
    std::string sql = std::string("SELECT ") + kEntryColumns;
    if (candidates == 0) {
        sql += " FROM " + from_ + " f JOIN entries e ON e.id = f.rowid WHERE " + column_ + " MATCH ?1" + order + rank_ +
               ", e.name_folded LIMIT ?3";
    } else {
        sql += " FROM (SELECT rowid AS id, " + rank_ + " AS score FROM " + from_ + " WHERE " + column_ +
               " MATCH ?1 LIMIT ?4) f JOIN entries e ON e.id = f.id" + order + "f.score, e.name_folded LIMIT ?3";
    }
    auto stmt = db_.prepare(sql);
    stmt.bind(1, match).bind(2, folded);
    stmt.bind(3, std::int64_t{limit + 1 + static_cast<int>(before.entries.size())});
    if (candidates > 0) stmt.bind(4, std::int64_t{candidates});
    DirectoryPage page = before;
    std::set<std::int64_t> seen;
    for (const auto& e : before.entries) seen.insert(e.id);
    while (stmt.step()) {
        if (seen.contains(stmt.integer(0))) continue;
        if (static_cast<int>(page.entries.size()) == limit) {
            page.more = true;
            break;
        }
        page.entries.push_back(DirectoryRepository::entryFromRow(stmt));
    }
    return page;
}

DirectoryPage PrototypeSearch::search(const std::string& text, int limit, Path* path) {
    Path taken = Path::Exact;
    const std::string match = DirectoryRepository::ftsExpression(text);
    if (match.empty()) {
        if (path) *path = taken;
        return DirectoryRepository(db_).search({.text = text, .limit = limit});
    }
    const std::string folded = foldForSearch(text);

    // 1. More than cap matches?
    auto probe = db_.prepare("SELECT rowid FROM " + from_ + " WHERE " + column_ + " MATCH ?1 LIMIT 1 OFFSET ?2");
    probe.bind(1, match).bind(2, std::int64_t{cap_});
    const bool broad = probe.step();

    DirectoryPage page;
    if (!broad) {
        page = ranked(match, folded, limit, 0, {});  // 2.
    } else {
        // 3. Names that start with the typed text; a finished word must be followed by another.
        const bool wordFinished = text.back() == ' ' || text.back() == ',';
        std::string lower = wordFinished ? folded + " " : folded;
        std::string upper = lower;
        upper.back() = static_cast<char>(upper.back() + 1);  // folded text: lower-case letters, digits, spaces
        auto names = db_.prepare(std::string("SELECT ") + kEntryColumns +
                                 " FROM entries e INDEXED BY bench_proto_by_name"
                                 " WHERE e.name_folded >= ?1 AND e.name_folded < ?2 ORDER BY e.name_folded LIMIT ?3");
        names.bind(1, lower).bind(2, upper).bind(3, std::int64_t{limit + 1});
        page = readPage(names, limit);
        taken = Path::NamePrefix;
        if (!page.more) {
            page = ranked(match, folded, limit, cap_, page);  // 4.
            taken = Path::NamePrefixThenSample;
        }
    }
    if (path) *path = taken;
    return page;
}

}  // namespace kiosk::bench
