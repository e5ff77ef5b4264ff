#pragma once
// PROTOTYPE, not the kiosk's code: a sketch of how DirectoryRepository::search could keep every
// keystroke within a few milliseconds at 200,000 entries. bench-search times it separately from
// the real search and never reports it in its RESULT line.
//
// The real search joins every FTS5 match to `entries` and sorts them all (name-prefix first, then
// bm25) to return 20: its cost grows with the number of matches, and the first keystrokes of any
// query ("t", "ph", "phong k") match most of the directory. The bounded plan below does work
// proportional to a fixed `cap` instead:
//
//  1. Probe: is there a match beyond the first `cap`? (SELECT rowid ... LIMIT 1 OFFSET cap: reads
//     at most cap + 1 rowids of the doclist, no bm25, no join.)
//  2. No: rank them all exactly as the real search does. Same page, at most `cap` rows of work.
//  3. Yes (a broad prefix): the page is first the names that start with what was typed, in name
//     order, from an index on entries(name_folded) (a range scan that stops at limit + 1 rows).
//     The real search also puts name-prefix matches first, but in bm25 order among them.
//  4. If fewer than a page start with it: the first `cap` matches in rowid order get bm25 and are
//     joined and ordered as in 2, and fill the page (a sample, not the best of all matches).
//
// bm25() has a fixed cost besides: on its first row it counts, for each term of the query, every
// row that contains it (its IDF), so any query with a common term ("co", "t"*) pays a pass over
// that term's whole doclist even if it matches 50 rows. Rank::Hits replaces it with an auxiliary
// function without IDF (bench_hits: 10 per hit in the name, 4 in the address, 1 elsewhere).
//
// It runs against any FTS5 table shaped like entries_fts, so the same plan can also be timed with
// wider prefix indexes (prefix='1 2 3 4 5 6 7' covers every folded Vietnamese syllable, so a
// typed word of 5-7 letters is one prefix-index lookup instead of a merge of every term that
// starts with it).
#include <cstddef>
#include <filesystem>
#include <string>

#include "directory/DirectoryQuery.h"
#include "storage/Database.h"

namespace kiosk::bench {

class PrototypeSearch {
public:
    enum class Path { Exact, NamePrefix, NamePrefixThenSample };
    enum class Rank { Bm25, Hits };

    // `ftsTable` as it is named in FROM ("entries_fts", or "proto.bench_proto_fts" when attached).
    // Rank::Hits needs registerHitsRank() on the connection first.
    PrototypeSearch(Database& db, std::string ftsTable, int cap, Rank rank);

    DirectoryPage search(const std::string& text, int limit, Path* path = nullptr);

    // The index step 3 reads. Created and dropped by the benchmark around its prototype runs.
    static void createNameIndex(Database& db);
    static void dropNameIndex(Database& db);
    // An FTS5 table like entries_fts with prefix='1 2 3 4 5 6 7', filled with the same folded texts
    // (entries.name_folded and the baseline's bench_like_text), in `file` attached as "proto".
    static void buildWidePrefixTable(Database& db, const std::filesystem::path& file);
    static void attachWidePrefixTable(Database& db, const std::filesystem::path& file);
    // Registers the FTS5 auxiliary function bench_hits on the connection.
    static void registerHitsRank(Database& db);

private:
    DirectoryPage ranked(const std::string& match, const std::string& folded, int limit, int candidates,
                         const DirectoryPage& before);

    Database& db_;
    std::string from_;    // as in FROM, possibly schema-qualified
    std::string column_;  // the table's own name: its hidden MATCH column and bm25's argument
    int cap_;
    std::string rank_;    // the rank expression, lower is better
};

}  // namespace kiosk::bench
