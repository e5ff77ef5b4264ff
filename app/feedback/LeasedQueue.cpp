#include "feedback/LeasedQueue.h"

#include "core/IsoTime.h"

namespace kiosk {

std::vector<std::int64_t> LeasedQueue::claim(Database& db, std::chrono::system_clock::time_point now,
                                             std::chrono::seconds lease, std::size_t limit,
                                             std::optional<std::int64_t> only) const {
    const std::string at = formatIsoUtc(now);
    const std::string until = formatIsoUtc(now + lease);
    std::vector<std::int64_t> ids;
    db.transaction([&] {
        auto due = db.prepare(std::string("SELECT id FROM ") + table + " WHERE state IN " + openStates +
                              " AND (lease_until = '' OR lease_until <= ?1) "
                              "AND (?3 IS NULL AND next_attempt_at <= ?1 OR id = ?3) "
                              "ORDER BY failures, next_attempt_at, id LIMIT ?2");
        due.bind(1, at).bind(2, static_cast<std::int64_t>(limit));
        if (only) due.bind(3, *only);
        else due.bindNull(3);
        while (due.step()) ids.push_back(due.integer(0));
        auto claimed = db.prepare(std::string("UPDATE ") + table + " SET state = " + claimedState +
                                  ", lease_until = ?2, updated_at = ?3 WHERE id = ?1");
        for (const auto id : ids) {
            claimed.bind(1, id).bind(2, until).bind(3, at);
            claimed.run();
            claimed.reset();
        }
    });
    return ids;
}

bool LeasedQueue::release(Database& db, std::int64_t id, const std::string& error,
                          std::chrono::system_clock::time_point nextAttempt, bool countFailure,
                          const std::string& updatedAt) const {
    auto stmt = db.prepare(std::string("UPDATE ") + table + " SET state = " + waitingState +
                           ", last_error = CASE WHEN ?5 THEN ?2 ELSE last_error END, attempts = attempts + ?5, "
                           "failures = failures + ?5, next_attempt_at = ?3, lease_until = '', updated_at = ?4 "
                           "WHERE id = ?1 AND state IN " + openStates);
    stmt.bind(1, id).bind(2, error).bind(3, formatIsoUtc(nextAttempt)).bind(4, updatedAt);
    stmt.bind(5, std::int64_t{countFailure ? 1 : 0});
    stmt.run();
    return db.changes() > 0;
}

std::int64_t LeasedQueue::releaseAll(Database& db, std::chrono::system_clock::time_point now,
                                     const std::string& updatedAt) const {
    auto stmt = db.prepare(std::string("UPDATE ") + table +
                           " SET next_attempt_at = ?1, lease_until = '', "
                           "state = CASE WHEN state = 'sending' THEN 'queued' ELSE state END, updated_at = ?2 "
                           "WHERE state IN " + openStates + " AND (next_attempt_at > ?1 OR lease_until <> '')");
    stmt.bind(1, formatIsoUtc(now)).bind(2, updatedAt);
    stmt.run();
    return db.changes();
}

std::optional<std::chrono::system_clock::time_point> LeasedQueue::nextDue(Database& db) const {
    auto stmt = db.prepare(std::string("SELECT min(max(next_attempt_at, lease_until)) FROM ") + table +
                           " WHERE state IN " + openStates);
    if (!stmt.step() || stmt.isNull(0)) return std::nullopt;
    return parseIsoUtc(stmt.text(0));
}

}  // namespace kiosk
