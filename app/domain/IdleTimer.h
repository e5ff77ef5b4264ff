#pragma once
#include <chrono>

#include "core/Clock.h"

namespace kiosk {

// The idle rule of a shared kiosk: after `timeout` without input a countdown of `countdown`
// is shown; when it runs out the session is wiped. Pure logic on an injected clock: the UI
// feeds it input events and polls it from a timer.
class IdleTimer {
public:
    enum class Phase { Active, Countdown, Expired };

    IdleTimer(const Clock& clock, std::chrono::seconds timeout, std::chrono::seconds countdown);

    void touch();  // any input from the resident
    Phase phase() const;
    // Whole seconds left in the countdown, rounded up (what the warning shows).
    int countdownRemaining() const;

private:
    const Clock& clock_;
    std::chrono::seconds timeout_;
    std::chrono::seconds countdown_;
    Clock::time_point lastInput_;
};

}  // namespace kiosk
