#include "feedback/Backoff.h"

#include <algorithm>

namespace kiosk {
namespace {
constexpr std::chrono::seconds kMaxRetryAfter{86400};
}

Backoff::Backoff(std::chrono::seconds min, std::chrono::seconds max)
    : min_(std::max<std::int64_t>(min.count(), 1)), max_(std::max(max, min_)), random_(std::random_device{}()) {}

std::chrono::seconds Backoff::after(std::int64_t failures, std::chrono::seconds retryAfter) {
    const auto min = min_.count();
    const auto max = max_.count();
    const auto exponent = std::clamp<std::int64_t>(failures - 1, 0, 30);
    const auto base = std::min<std::int64_t>(max, min << exponent);
    std::lock_guard lock(mutex_);
    std::int64_t delay = base + std::uniform_int_distribution<std::int64_t>(0, base / 4)(random_);
    if (delay > max) delay = max - std::uniform_int_distribution<std::int64_t>(0, max / 8)(random_);
    delay = std::max(delay, min);
    return std::max(std::chrono::seconds(delay), std::min(retryAfter, kMaxRetryAfter));
}

}  // namespace kiosk
