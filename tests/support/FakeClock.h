#pragma once
#include "core/Clock.h"

namespace kiosk::test {

// A clock that only moves when the test says so.
class FakeClock final : public Clock {
public:
    time_point now() const override { return now_; }
    std::chrono::system_clock::time_point wallNow() const override { return wall_; }
    template <typename D>
    void advance(D by) {
        now_ += std::chrono::duration_cast<duration>(by);
        wall_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(by);
    }

private:
    time_point now_{std::chrono::hours(1000)};
    std::chrono::system_clock::time_point wall_{std::chrono::hours(500000)};
};

}  // namespace kiosk::test
