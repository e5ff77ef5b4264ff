#include "domain/IdleTimer.h"

namespace kiosk {

IdleTimer::IdleTimer(const Clock& clock, std::chrono::seconds timeout, std::chrono::seconds countdown)
    : clock_(clock), timeout_(timeout), countdown_(countdown), lastInput_(clock.now()) {}

void IdleTimer::touch() {
    lastInput_ = clock_.now();
}

IdleTimer::Phase IdleTimer::phase() const {
    const auto idle = clock_.now() - lastInput_;
    if (idle < timeout_) return Phase::Active;
    if (idle < timeout_ + countdown_) return Phase::Countdown;
    return Phase::Expired;
}

int IdleTimer::countdownRemaining() const {
    using namespace std::chrono;
    const auto left = timeout_ + countdown_ - (clock_.now() - lastInput_);
    if (left <= Clock::duration::zero()) return 0;
    const auto ms = duration_cast<milliseconds>(left).count();
    return static_cast<int>((ms + 999) / 1000);
}

}  // namespace kiosk
