#define BOOST_TEST_MODULE Background
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "FakeClock.h"
#include "core/PeriodicWorker.h"
#include "core/Reaper.h"

using namespace kiosk;
using namespace std::chrono_literals;

namespace {
// What the worker did, as its thread tells it; the test waits on conditions, never on time
// (the 60 s below are a bound for a broken build, not a timing the test relies on).
struct Journal {
    struct Wait {
        Clock::duration wait;
        int failures;
    };
    std::mutex mutex;
    std::condition_variable changed;
    int steps = 0;
    std::vector<Wait> waits;

    void step() {
        std::lock_guard lock(mutex);
        ++steps;
        changed.notify_all();
    }
    void waited(Clock::duration wait, int failures) {
        std::lock_guard lock(mutex);
        waits.push_back({wait, failures});
        changed.notify_all();
    }
    PeriodicWorker::WaitObserver observer() {
        return [this](Clock::duration wait, int failures) { waited(wait, failures); };
    }
    bool until(const std::function<bool()>& condition) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, 60s, condition);
    }
    bool waitsReach(std::size_t n) {
        return until([&] { return waits.size() >= n; });
    }
};

PeriodicWorker::Options options() {
    PeriodicWorker::Options o;
    o.threadName = "test-worker";
    o.logCategory = "test";
    o.period = 1h;
    o.minWait = 1s;
    o.backoffMin = 1min;
    o.backoffMax = 8min;
    o.seed = 12345;
    return o;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(periodic_worker)

BOOST_AUTO_TEST_CASE(runs_at_once_then_waits_until_the_step_says_on_the_clock_given) {
    test::FakeClock clock;
    Journal journal;
    PeriodicWorker worker(clock, options());
    worker.start(
        [&] {
            journal.step();
            return PeriodicWorker::Next{.at = clock.now() + 10min};
        },
        {}, journal.observer());
    BOOST_REQUIRE(journal.waitsReach(1));
    worker.stop();
    BOOST_TEST(journal.steps == 1);
    BOOST_TEST(journal.waits[0].failures == 0);
    BOOST_TEST((journal.waits[0].wait == 10min));
}

BOOST_AUTO_TEST_CASE(a_step_that_names_no_time_waits_one_period_and_none_waits_less_than_the_minimum) {
    test::FakeClock clock;
    Journal journal;
    PeriodicWorker worker(clock, options());
    bool first = true;  // the worker's thread only
    worker.start(
        [&] {
            journal.step();
            if (first) {
                first = false;
                return PeriodicWorker::Next{};
            }
            return PeriodicWorker::Next{.at = clock.now() - 5min};  // overdue already
        },
        {}, journal.observer());
    BOOST_REQUIRE(journal.waitsReach(1));
    worker.wakeNow();
    BOOST_REQUIRE(journal.waitsReach(2));
    worker.stop();
    BOOST_TEST((journal.waits[0].wait == 1h));
    BOOST_TEST((journal.waits[1].wait == 1s));
}

BOOST_AUTO_TEST_CASE(the_prologue_runs_once_before_the_first_step) {
    test::FakeClock clock;
    Journal journal;
    std::vector<std::string> order;  // written on the worker's thread, read after stop()
    PeriodicWorker worker(clock, options());
    worker.start(
        [&] {
            order.push_back("step");
            journal.step();
            return PeriodicWorker::Next{};
        },
        [&] { order.push_back("prologue"); }, journal.observer());
    BOOST_REQUIRE(journal.waitsReach(1));
    worker.wakeNow();
    BOOST_REQUIRE(journal.waitsReach(2));
    worker.stop();
    BOOST_TEST(order.size() >= 3u);
    BOOST_TEST(order[0] == "prologue");
    BOOST_TEST(order[1] == "step");
    BOOST_TEST(order[2] == "step");
}

BOOST_AUTO_TEST_CASE(wake_now_runs_the_next_step_without_waiting_the_period) {
    test::FakeClock clock;
    Journal journal;
    PeriodicWorker worker(clock, options());  // a period of an hour: only wakeNow() brings step 2
    worker.start(
        [&] {
            journal.step();
            return PeriodicWorker::Next{};
        },
        {}, journal.observer());
    BOOST_REQUIRE(journal.waitsReach(1));
    BOOST_TEST(journal.steps == 1);
    worker.wakeNow();
    BOOST_REQUIRE(journal.until([&] { return journal.steps >= 2; }));
    worker.wakeNow();
    BOOST_REQUIRE(journal.until([&] { return journal.steps >= 3; }));
    worker.stop();
}

BOOST_AUTO_TEST_CASE(a_wake_asked_for_during_a_step_is_not_lost) {
    test::FakeClock clock;
    Journal journal;
    std::promise<void> inStep;
    std::promise<void> release;
    auto released = release.get_future().share();
    PeriodicWorker worker(clock, options());
    int steps = 0;  // the worker's thread only
    worker.start(
        [&] {
            if (++steps == 1) {
                inStep.set_value();
                released.wait();
            }
            journal.step();
            return PeriodicWorker::Next{};
        },
        {}, journal.observer());
    inStep.get_future().wait();
    worker.wakeNow();  // while step 1 runs
    release.set_value();
    BOOST_REQUIRE(journal.until([&] { return journal.steps >= 2; }));
    worker.stop();
}

BOOST_AUTO_TEST_CASE(failures_back_off_exponentially_with_jitter_up_to_the_maximum) {
    test::FakeClock clock;
    Journal journal;
    PeriodicWorker worker(clock, options());  // 1 min, doubling, at most 8 min
    worker.start(
        [&] {
            journal.step();
            return PeriodicWorker::Next{.at = std::nullopt, .failed = true};
        },
        {}, journal.observer());
    for (std::size_t n = 1; n <= 7; ++n) {
        BOOST_REQUIRE(journal.waitsReach(n));
        worker.wakeNow();  // skips the (real-time) wait; the failure still counts
    }
    worker.stop();
    const Clock::duration ceilings[] = {1min, 2min, 4min, 8min, 8min, 8min, 8min};
    for (std::size_t i = 0; i < 7; ++i) {
        const auto& w = journal.waits[i];
        BOOST_TEST_CONTEXT("failure " << i + 1) {
            BOOST_TEST(w.failures == static_cast<int>(i + 1));
            BOOST_TEST((w.wait >= ceilings[i] / 2));
            BOOST_TEST((w.wait <= ceilings[i]));
        }
    }
}

BOOST_AUTO_TEST_CASE(a_step_that_throws_is_logged_backs_off_and_a_success_ends_the_backoff) {
    test::FakeClock clock;
    Journal journal;
    PeriodicWorker worker(clock, options());
    int steps = 0;  // the worker's thread only
    worker.start(
        [&] {
            journal.step();
            if (++steps <= 2) throw std::runtime_error("the disk is full");
            return PeriodicWorker::Next{.at = clock.now() + 3min};
        },
        {}, journal.observer());
    for (std::size_t n = 1; n <= 3; ++n) {
        BOOST_REQUIRE(journal.waitsReach(n));
        worker.wakeNow();
    }
    worker.stop();
    BOOST_TEST(journal.waits[0].failures == 1);
    BOOST_TEST(journal.waits[1].failures == 2);
    BOOST_TEST((journal.waits[1].wait >= 1min));  // half of 2 min at least
    BOOST_TEST(journal.waits[2].failures == 0);
    BOOST_TEST((journal.waits[2].wait == 3min));
}

BOOST_AUTO_TEST_CASE(a_failed_step_that_names_a_later_time_waits_for_it) {
    test::FakeClock clock;
    Journal journal;
    PeriodicWorker worker(clock, options());
    worker.start(
        [&] {
            journal.step();
            return PeriodicWorker::Next{.at = clock.now() + 2h, .failed = true};  // a Retry-After
        },
        {}, journal.observer());
    BOOST_REQUIRE(journal.waitsReach(1));
    worker.stop();
    BOOST_TEST((journal.waits[0].wait == 2h));
    BOOST_TEST(journal.waits[0].failures == 1);
}

BOOST_AUTO_TEST_CASE(the_backoff_is_bounded_for_any_number_of_failures) {
    test::FakeClock clock;
    auto o = options();
    o.backoffMin = 1s;
    o.backoffMax = 24h;
    PeriodicWorker worker(clock, o);
    for (int failures = 1; failures <= 2000; ++failures) {
        const auto wait = worker.backoff(failures);
        BOOST_TEST_CONTEXT("failures " << failures) {
            BOOST_TEST((wait >= 1s / 2));
            BOOST_TEST((wait <= 24h));
            if (failures > 40) BOOST_TEST((wait >= 12h));  // at the ceiling: never below its half
        }
    }
}

BOOST_AUTO_TEST_CASE(stop_ends_a_long_wait_at_once_and_start_runs_again) {
    test::FakeClock clock;
    Journal journal;
    auto o = options();
    o.period = 24h;
    PeriodicWorker worker(clock, o);
    const auto step = [&] {
        journal.step();
        return PeriodicWorker::Next{};
    };
    worker.start(step, {}, journal.observer());
    BOOST_REQUIRE(journal.waitsReach(1));
    const auto before = std::chrono::steady_clock::now();
    worker.stop();  // would hang for a day if the wait were not woken (ctest's timeout ends it)
    BOOST_TEST(!worker.running());
    // Bound for a stuck machine, far from the day the wait was for.
    BOOST_TEST((std::chrono::steady_clock::now() - before < 30s));
    BOOST_TEST(journal.steps == 1);
    worker.start(step, {}, journal.observer());
    BOOST_REQUIRE(journal.until([&] { return journal.steps >= 2; }));
    worker.stop();
    worker.stop();  // twice is harmless
}

BOOST_AUTO_TEST_CASE(the_destructor_stops_and_joins) {
    test::FakeClock clock;
    Journal journal;
    {
        PeriodicWorker worker(clock, options());
        worker.start(
            [&] {
                journal.step();
                return PeriodicWorker::Next{};
            },
            {}, journal.observer());
        BOOST_REQUIRE(journal.waitsReach(1));
    }
    BOOST_TEST(journal.steps == 1);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(reaper)

BOOST_AUTO_TEST_CASE(runs_move_only_work_and_is_idle_when_it_ends) {
    Reaper reaper("test-reaper");
    auto value = std::make_unique<int>(7);
    std::atomic<int> seen{0};
    reaper.run([value = std::move(value), &seen]() mutable { seen = *value; });
    BOOST_TEST(reaper.waitIdle(60s));
    BOOST_TEST(seen.load() == 7);
}

BOOST_AUTO_TEST_CASE(wait_idle_is_bounded_while_work_still_runs) {
    Reaper reaper("test-reaper");
    std::promise<void> release;
    auto released = release.get_future().share();
    std::promise<void> started;
    reaper.run([&started, released] {
        started.set_value();
        released.wait();
    });
    started.get_future().wait();
    BOOST_TEST(!reaper.waitIdle(10ms));  // cannot be idle: the work waits for the test
    release.set_value();
    BOOST_TEST(reaper.waitIdle(60s));
}

BOOST_AUTO_TEST_CASE(slow_work_does_not_hold_up_the_next) {
    Reaper reaper("test-reaper");
    std::promise<void> release;
    auto released = release.get_future().share();
    reaper.run([released] { released.wait(); });
    std::promise<void> secondRan;
    reaper.run([&secondRan] { secondRan.set_value(); });
    secondRan.get_future().wait();  // would hang if the second waited for the first
    release.set_value();
    BOOST_TEST(reaper.waitIdle(60s));
}

BOOST_AUTO_TEST_CASE(adopts_and_joins_another_owners_thread) {
    Reaper reaper("test-reaper");
    std::promise<void> release;
    auto released = release.get_future().share();
    std::atomic<bool> ended{false};
    std::thread thread([released, &ended] {
        released.wait();
        ended = true;
    });
    reaper.adopt(std::move(thread));
    BOOST_TEST(!thread.joinable());
    BOOST_TEST(!reaper.waitIdle(10ms));
    release.set_value();
    BOOST_TEST(reaper.waitIdle(60s));
    BOOST_TEST(ended.load());
}

BOOST_AUTO_TEST_CASE(work_that_throws_is_logged_and_the_reaper_goes_on) {
    Reaper reaper("test-reaper");
    reaper.run([] { throw std::runtime_error("the camera would not close"); });
    std::atomic<bool> ran{false};
    reaper.run([&ran] { ran = true; });
    BOOST_TEST(reaper.waitIdle(60s));
    BOOST_TEST(ran.load());
}

BOOST_AUTO_TEST_CASE(the_destructor_waits_for_every_piece_of_work) {
    std::atomic<int> done{0};
    std::promise<void> release;
    auto released = release.get_future().share();
    std::thread releaser;
    {
        Reaper reaper("test-reaper");
        for (int i = 0; i < 3; ++i)
            reaper.run([released, &done] {
                released.wait();
                ++done;
            });
        releaser = std::thread([&release] { release.set_value(); });
    }
    BOOST_TEST(done.load() == 3);
    releaser.join();
}

BOOST_AUTO_TEST_SUITE_END()
