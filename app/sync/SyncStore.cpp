#include "sync/SyncStore.h"

#include "directory/DirectoryRepository.h"

namespace kiosk {
namespace {
constexpr const char* kStateColumns =
    "dataset, version, remote_version, min_delta_version, published, rows, skipped, last_success, last_attempt, "
    "last_error, last_error_at, failures, staging_mode, staging_version, staging_since, staging_cursor, "
    "staging_pages, staging_skipped";

DatasetState stateFromRow(const Statement& row) {
    DatasetState s;
    s.dataset = row.text(0);
    s.version = row.integer(1);
    s.remoteVersion = row.integer(2);
    s.minDeltaVersion = row.integer(3);
    s.published = row.text(4);
    s.rows = row.integer(5);
    s.skipped = row.integer(6);
    s.lastSuccess = row.text(7);
    s.lastAttempt = row.text(8);
    s.lastError = row.text(9);
    s.lastErrorAt = row.text(10);
    s.failures = row.integer(11);
    s.stagingMode = row.text(12);
    s.stagingVersion = row.integer(13);
    s.stagingSince = row.integer(14);
    s.stagingCursor = row.text(15);
    s.stagingPages = row.integer(16);
    s.stagingSkipped = row.integer(17);
    return s;
}

// The staged columns copied into entries, in entries' column order after (dataset, ext_id).
constexpr const char* kEntryValueColumns =
    "grp, kind, name, address, ward_code, old_ward, lat, lon, phone, website, hours, source, updated_at, sample, "
    "attrs, name_folded, address_folded, other_folded";
}  // namespace

std::vector<DatasetState> SyncStore::states() {
    std::vector<DatasetState> result;
    auto stmt = db_.prepare(std::string("SELECT ") + kStateColumns + " FROM sync_state ORDER BY dataset");
    while (stmt.step()) result.push_back(stateFromRow(stmt));
    return result;
}

DatasetState SyncStore::state(const std::string& dataset) {
    auto stmt = db_.prepare(std::string("SELECT ") + kStateColumns + " FROM sync_state WHERE dataset = ?");
    stmt.bind(1, dataset);
    if (stmt.step()) return stateFromRow(stmt);
    DatasetState blank;
    blank.dataset = dataset;
    return blank;
}

std::string SyncStore::meta(const std::string& key) {
    auto stmt = db_.prepare("SELECT value FROM sync_meta WHERE key = ?");
    stmt.bind(1, key);
    return stmt.step() ? stmt.text(0) : std::string();
}

void SyncStore::setMeta(const std::string& key, const std::string& value) {
    auto stmt = db_.prepare("INSERT INTO sync_meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2");
    stmt.bind(1, key).bind(2, value);
    stmt.run();
}

void SyncStore::ensureRow(const std::string& dataset) {
    auto stmt = db_.prepare("INSERT OR IGNORE INTO sync_state(dataset) VALUES(?)");
    stmt.bind(1, dataset);
    stmt.run();
}

void SyncStore::setRemote(const std::string& dataset, std::int64_t version, std::int64_t minDelta,
                          const std::string& published) {
    db_.transaction([&] {
        ensureRow(dataset);
        auto stmt = db_.prepare(
            "UPDATE sync_state SET remote_version = ?2, min_delta_version = ?3, published = ?4 WHERE dataset = ?1");
        stmt.bind(1, dataset).bind(2, version).bind(3, minDelta).bind(4, published);
        stmt.run();
    });
}

void SyncStore::beginPass(const std::string& dataset, const std::string& mode, std::int64_t version,
                          std::int64_t since) {
    db_.transaction([&] {
        ensureRow(dataset);
        auto clear = db_.prepare("DELETE FROM sync_staging WHERE dataset = ?");
        clear.bind(1, dataset);
        clear.run();
        auto stmt = db_.prepare(
            "UPDATE sync_state SET staging_mode = ?2, staging_version = ?3, staging_since = ?4, staging_cursor = '', "
            "staging_pages = 0, staging_skipped = 0 WHERE dataset = ?1");
        stmt.bind(1, dataset).bind(2, mode).bind(3, version).bind(4, since);
        stmt.run();
    });
}

void SyncStore::abandonPass(const std::string& dataset) {
    beginPass(dataset, "", 0, 0);  // nothing staged, no pass in progress
}

void SyncStore::stagePage(const std::string& dataset, const std::vector<CityRecord>& records,
                          const std::vector<std::string>& deleted, std::int64_t skipped, const std::string& nextCursor) {
    // Folding is the costly part; it is done here, page by page, so the swap is plain SQL.
    std::vector<DirectoryRepository::FoldedText> folded;
    folded.reserve(records.size());
    for (const auto& record : records) folded.push_back(DirectoryRepository::foldedText(record.entry));
    db_.transaction([&] {
        auto put = db_.prepare(
            "INSERT INTO sync_staging(dataset, op, ext_id, grp, kind, name, address, ward_code, old_ward, lat, lon, phone, "
            "website, hours, source, updated_at, sample, attrs, name_folded, address_folded, other_folded) "
            "VALUES(?1, 'put', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)");
        for (std::size_t i = 0; i < records.size(); ++i) {
            const auto& e = records[i].entry;
            put.bind(1, dataset).bind(2, records[i].id).bind(3, toString(e.group)).bind(4, e.kind).bind(5, e.name);
            put.bind(6, e.address).bind(7, e.wardCode).bind(8, e.oldWard).bind(9, e.latitude).bind(10, e.longitude);
            put.bind(11, e.phone).bind(12, e.website).bind(13, e.openingHours).bind(14, e.source).bind(15, e.updatedAt);
            put.bind(16, std::int64_t{e.sample ? 1 : 0}).bind(17, DirectoryRepository::attributesJson(e));
            put.bind(18, folded[i].name).bind(19, folded[i].address).bind(20, folded[i].other);
            put.run();
            put.reset();
        }
        auto tombstone = db_.prepare("INSERT INTO sync_staging(dataset, op, ext_id) VALUES(?1, 'delete', ?2)");
        for (const auto& id : deleted) {
            tombstone.bind(1, dataset).bind(2, id);
            tombstone.run();
            tombstone.reset();
        }
        auto cursor = db_.prepare(
            "UPDATE sync_state SET staging_cursor = ?2, staging_pages = staging_pages + 1, "
            "staging_skipped = staging_skipped + ?3 WHERE dataset = ?1");
        cursor.bind(1, dataset).bind(2, nextCursor).bind(3, skipped);
        cursor.run();
    });
}

ApplyResult SyncStore::applyPass(const std::string& dataset, const std::string& whenIso) {
    ApplyResult result;
    db_.transaction([&] {
        const auto current = state(dataset);
        const bool full = current.stagingMode == "full";
        auto run = [&](const std::string& sql) {
            auto stmt = db_.prepare(sql);
            stmt.bind(1, dataset);
            stmt.run();
            return db_.changes();
        };
        // The last record of an id wins (staging order), and only the last one is applied.
        const std::string lastOfEach =
            "SELECT max(seq) FROM sync_staging WHERE dataset = ?1 GROUP BY ext_id";
        // 1. Take out of the index every row that will change or go (a full pass: all of them).
        // (In rowid order: FTS5 flushes a segment whenever the rowid goes down, so any other
        // order costs many small segments and merges.)
        run(std::string("INSERT INTO entries_fts(entries_fts, rowid, name, address, other) "
                        "SELECT 'delete', id, name_folded, address_folded, other_folded FROM entries WHERE dataset = ?1") +
            (full ? "" : " AND ext_id IN (SELECT ext_id FROM sync_staging WHERE dataset = ?1)") + " ORDER BY id");
        // 2. Remove: tombstones, and in a full pass whatever the snapshot no longer has.
        if (full) {
            result.deleted = run("DELETE FROM entries WHERE dataset = ?1 AND ext_id NOT IN "
                                 "(SELECT ext_id FROM sync_staging WHERE seq IN (" + lastOfEach + ") AND op = 'put')");
        } else {
            result.deleted = run("DELETE FROM entries WHERE dataset = ?1 AND ext_id IN "
                                 "(SELECT ext_id FROM sync_staging WHERE seq IN (" + lastOfEach + ") AND op = 'delete')");
        }
        // 3. Insert or update, keeping the row id of an entry the city still has.
        std::string set;
        for (const char* column : {"grp", "kind", "name", "address", "ward_code", "old_ward", "lat", "lon", "phone",
                                   "website", "hours", "source", "updated_at", "sample", "attrs", "name_folded",
                                   "address_folded", "other_folded"})
            set += std::string(set.empty() ? "" : ", ") + column + " = excluded." + column;
        result.changed = run(std::string("INSERT INTO entries(dataset, ext_id, ") + kEntryValueColumns +
                             ") SELECT dataset, ext_id, " + kEntryValueColumns +
                             " FROM sync_staging WHERE seq IN (" + lastOfEach + ") AND op = 'put' ORDER BY seq "
                             "ON CONFLICT(dataset, ext_id) DO UPDATE SET " + set);
        // 4. Put the new and changed rows (a full pass: all rows) back in the index.
        run(std::string("INSERT INTO entries_fts(rowid, name, address, other) "
                        "SELECT id, name_folded, address_folded, other_folded FROM entries WHERE dataset = ?1") +
            (full ? "" : " AND ext_id IN (SELECT ext_id FROM sync_staging WHERE dataset = ?1 AND op = 'put')") +
            " ORDER BY id");
        auto count = db_.prepare("SELECT count(*) FROM entries WHERE dataset = ?");
        count.bind(1, dataset);
        result.rows = count.step() ? count.integer(0) : 0;
        run("DELETE FROM sync_staging WHERE dataset = ?1");
        auto done = db_.prepare(
            "UPDATE sync_state SET version = staging_version, rows = ?2, skipped = staging_skipped, last_success = ?3, "
            "last_error = '', last_error_at = '', failures = 0, staging_mode = '', staging_version = 0, "
            "staging_since = 0, staging_cursor = '', staging_pages = 0, staging_skipped = 0 WHERE dataset = ?1");
        done.bind(1, dataset).bind(2, result.rows).bind(3, whenIso);
        done.run();
    });
    return result;
}

void SyncStore::recordAttempt(const std::string& dataset, const std::string& whenIso) {
    db_.transaction([&] {
        ensureRow(dataset);
        auto stmt = db_.prepare("UPDATE sync_state SET last_attempt = ?2 WHERE dataset = ?1");
        stmt.bind(1, dataset).bind(2, whenIso);
        stmt.run();
    });
}

void SyncStore::recordFailure(const std::string& dataset, const std::string& error, const std::string& whenIso) {
    db_.transaction([&] {
        ensureRow(dataset);
        auto stmt = db_.prepare(
            "UPDATE sync_state SET last_error = ?2, last_error_at = ?3, failures = failures + 1 WHERE dataset = ?1");
        stmt.bind(1, dataset).bind(2, error).bind(3, whenIso);
        stmt.run();
    });
}

}  // namespace kiosk
