#pragma once
#include <chrono>

namespace kiosk {

// Time source for everything that expires (idle countdown, retries, tokens), so tests can move
// time by hand instead of sleeping.
class Clock {
public:
    using time_point = std::chrono::steady_clock::time_point;
    using duration = std::chrono::steady_clock::duration;
    virtual ~Clock() = default;
    virtual time_point now() const = 0;
    virtual std::chrono::system_clock::time_point wallNow() const = 0;
};

class SystemClock final : public Clock {
public:
    time_point now() const override { return std::chrono::steady_clock::now(); }
    std::chrono::system_clock::time_point wallNow() const override { return std::chrono::system_clock::now(); }
    static const SystemClock& instance();
};

}  // namespace kiosk
