#pragma once
#include <chrono>
#include <cstdint>
#include <mutex>
#include <random>

namespace kiosk {

// How long a submission waits after failing, shared by everything the outbox sends (reports
// to 1022, dossier ratings): exponential from `min` (the first failure) to `max`, plus up to a
// quarter more as jitter, so kiosks that failed together do not all come back together. At
// the ceiling the jitter goes below it instead. The city's Retry-After wins when longer, up to
// a day. Thread-safe.
class Backoff {
public:
    Backoff(std::chrono::seconds min, std::chrono::seconds max);
    std::chrono::seconds after(std::int64_t failures, std::chrono::seconds retryAfter = std::chrono::seconds(0));
    std::chrono::seconds min() const { return min_; }

private:
    std::chrono::seconds min_;
    std::chrono::seconds max_;
    std::mutex mutex_;
    std::mt19937 random_;
};

}  // namespace kiosk
