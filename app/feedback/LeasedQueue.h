#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/Database.h"

namespace kiosk {

// The durable queue under the outbox's reports and ratings: rows with a state, a failure count,
// a next_attempt_at and a lease (ISO UTC texts, '' for none). A sender claims the rows due and
// leases them, so another sender (kioskctl) leaves them alone and a crash mid-send only delays
// them until the lease ends; each answer releases the row, counting a failure or not. The
// caller holds the outbox's lock; the statements are the ones both tables always had.
struct LeasedQueue {
    const char* table;         // "reports"
    const char* openStates;    // the states a row waits or is sent in: "('queued', 'sending')"
    const char* claimedState;  // SQL: the state of a claimed row
    const char* waitingState;  // SQL: the state of a row released to wait again

    // Ids due at `now` (or just `only`, whenever it is open and not leased), fewest failures
    // first, at most `limit`, each leased until now + lease, in one transaction.
    std::vector<std::int64_t> claim(Database& db, std::chrono::system_clock::time_point now,
                                    std::chrono::seconds lease, std::size_t limit,
                                    std::optional<std::int64_t> only = {}) const;
    // Back to waiting until `nextAttempt`, lease ended. With `countFailure`, an attempt that
    // failed: `error` kept, attempts and failures counted; without, not tried (shutting down, a
    // Retry-After before the first try). False when the row is no longer open.
    bool release(Database& db, std::int64_t id, const std::string& error,
                 std::chrono::system_clock::time_point nextAttempt, bool countFailure,
                 const std::string& updatedAt) const;
    // Every open row due at `now`, leases ended (staff asked); how many changed.
    std::int64_t releaseAll(Database& db, std::chrono::system_clock::time_point now, const std::string& updatedAt) const;
    // When the first open row falls due (its lease ended included); none when nothing waits.
    std::optional<std::chrono::system_clock::time_point> nextDue(Database& db) const;
};

}  // namespace kiosk
