#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>

#include "core/Clock.h"

namespace kiosk {

// The one background loop of the core (sync, the feedback sender with its ratings, tracking and
// housekeeping): owns its thread, runs a step, waits until the step says the next one is due
// (or one period), wakes early on wakeNow() and at once on stop(). A step that fails (returns
// failed, or throws: logged, never the end of the thread) backs off exponentially from
// backoffMin with jitter, never beyond backoffMax; the first step that succeeds ends the
// backoff. Due times are read on the injected Clock; the wait itself is real time, so tests
// move a FakeClock and call wakeNow() instead of sleeping.
class PeriodicWorker {
public:
    struct Options {
        std::string threadName = "worker";                     // as `top -H` shows it (15 bytes)
        std::string logCategory = "app";
        Clock::duration period = std::chrono::minutes(5);      // after a step that names no time
        Clock::duration minWait = std::chrono::seconds(1);     // between two steps, whatever they ask
        Clock::duration backoffMin = std::chrono::seconds(1);  // after the first failure in a row
        Clock::duration backoffMax = std::chrono::minutes(5);
        bool background = true;  // nice 10 on its thread (Linux: per thread): the screen comes first
        std::uint32_t seed = 0;  // of the jitter; 0: random
    };
    // What a step asks for.
    struct Next {
        std::optional<Clock::time_point> at;  // the next step (none: one period from now)
        bool failed = false;                  // back off (and not before `at`)
    };
    using Step = std::function<Next()>;
    // Told the wait chosen after each step and the failures in a row so far (tests, logs).
    using WaitObserver = std::function<void(Clock::duration wait, int failures)>;

    PeriodicWorker(const Clock& clock, Options options);
    ~PeriodicWorker();  // stop()
    PeriodicWorker(const PeriodicWorker&) = delete;
    PeriodicWorker& operator=(const PeriodicWorker&) = delete;

    // Runs `prologue` once (if any), then `step` at once and again whenever due, on the worker's
    // thread. No effect while running. `observer`, if any, hears of every wait.
    void start(Step step, std::function<void()> prologue = {}, WaitObserver observer = {});
    // The next step now: at the end of the wait in progress, or right after the step in hand.
    void wakeNow();
    // Ends the wait at once and joins the thread after the step in hand (steps watch their
    // owner's stop flag to cut a long step short). start() may be called again afterwards.
    void stop();
    bool running() const { return thread_.joinable(); }

    // The wait after `failures` failures in a row: between half and all of
    // backoffMin·2^(failures-1), that ceiling capped at backoffMax.
    Clock::duration backoff(int failures);

private:
    void loop(const Step& step, const std::function<void()>& prologue, const WaitObserver& observer);
    Next runStep(const Step& step);

    const Clock& clock_;
    Options options_;
    std::mt19937 random_;  // only the worker's thread draws (and tests, before start)
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool wakeRequested_ = false;
    std::thread thread_;  // last: started once everything above exists
};

}  // namespace kiosk
