#include <boost/test/unit_test.hpp>

#include "FakeClock.h"
#include "domain/IdleTimer.h"

using namespace kiosk;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(idle_timer)

BOOST_AUTO_TEST_CASE(phases_follow_the_clock) {
    test::FakeClock clock;
    IdleTimer idle(clock, 90s, 15s);
    BOOST_TEST((idle.phase() == IdleTimer::Phase::Active));
    clock.advance(89s);
    BOOST_TEST((idle.phase() == IdleTimer::Phase::Active));
    clock.advance(1s);
    BOOST_TEST((idle.phase() == IdleTimer::Phase::Countdown));
    BOOST_TEST(idle.countdownRemaining() == 15);
    clock.advance(14500ms);
    BOOST_TEST(idle.countdownRemaining() == 1);  // rounded up: never shows 0 while counting
    clock.advance(500ms);
    BOOST_TEST((idle.phase() == IdleTimer::Phase::Expired));
    BOOST_TEST(idle.countdownRemaining() == 0);
}

BOOST_AUTO_TEST_CASE(a_touch_cancels_the_countdown) {
    test::FakeClock clock;
    IdleTimer idle(clock, 10s, 5s);
    clock.advance(12s);
    BOOST_TEST((idle.phase() == IdleTimer::Phase::Countdown));
    idle.touch();
    BOOST_TEST((idle.phase() == IdleTimer::Phase::Active));
    clock.advance(9s);
    BOOST_TEST((idle.phase() == IdleTimer::Phase::Active));
    clock.advance(6s);
    BOOST_TEST((idle.phase() == IdleTimer::Phase::Expired));
}

BOOST_AUTO_TEST_SUITE_END()
