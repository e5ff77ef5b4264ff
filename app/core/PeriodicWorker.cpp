#include "core/PeriodicWorker.h"

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>

#include "log/Log.h"

namespace kiosk {

PeriodicWorker::PeriodicWorker(const Clock& clock, Options options)
    : clock_(clock), options_(std::move(options)),
      random_(options_.seed != 0 ? options_.seed : std::random_device{}()) {
    options_.backoffMin = std::max(options_.backoffMin, Clock::duration(1));
    options_.backoffMax = std::max(options_.backoffMax, options_.backoffMin);
}

PeriodicWorker::~PeriodicWorker() {
    stop();
}

void PeriodicWorker::start(Step step, std::function<void()> prologue, WaitObserver observer) {
    if (thread_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        stopping_ = false;
        wakeRequested_ = false;
    }
    thread_ = std::thread([this, step = std::move(step), prologue = std::move(prologue),
                           observer = std::move(observer)] { loop(step, prologue, observer); });
}

void PeriodicWorker::wakeNow() {
    {
        std::lock_guard lock(mutex_);
        wakeRequested_ = true;
    }
    wake_.notify_all();
}

void PeriodicWorker::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

Clock::duration PeriodicWorker::backoff(int failures) {
    auto ceiling = options_.backoffMin;
    for (int i = 1; i < failures && ceiling < options_.backoffMax; ++i)
        ceiling = ceiling > options_.backoffMax / 2 ? options_.backoffMax : ceiling * 2;
    ceiling = std::min(ceiling, options_.backoffMax);
    // "Equal jitter": half of it fixed, so the wait still grows; half random, so kiosks that
    // failed together do not all come back together.
    std::uniform_int_distribution<Clock::duration::rep> jitter(0, ceiling.count() / 2);
    return ceiling - ceiling / 2 + Clock::duration(jitter(random_));
}

PeriodicWorker::Next PeriodicWorker::runStep(const Step& step) {
    // A thread that dies takes every later step with it: whatever a step throws is logged and
    // counts as a failure.
    try {
        return step();
    } catch (const std::exception& error) {
        log::get(options_.logCategory)->error("{}: {}", options_.threadName, error.what());
    } catch (...) {
        log::get(options_.logCategory)->error("{}: a step threw something that is not an exception",
                                              options_.threadName);
    }
    return Next{.at = std::nullopt, .failed = true};
}

void PeriodicWorker::loop(const Step& step, const std::function<void()>& prologue, const WaitObserver& observer) {
    pthread_setname_np(pthread_self(), options_.threadName.substr(0, 15).c_str());
    if (options_.background && setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10) != 0)
        log::get(options_.logCategory)->debug("{} thread keeps normal priority (setpriority failed)", options_.threadName);
    if (prologue) {
        try {
            prologue();
        } catch (const std::exception& error) {
            log::get(options_.logCategory)->error("{}: {}", options_.threadName, error.what());
        }
    }
    int failures = 0;
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
        }
        const Next next = runStep(step);
        Clock::duration wait = options_.period;
        if (next.at) wait = *next.at - clock_.now();
        if (next.failed) {
            ++failures;
            wait = std::max(next.at ? wait : Clock::duration::zero(), backoff(failures));
        } else {
            failures = 0;
        }
        wait = std::max(wait, options_.minWait);
        if (observer) observer(wait, failures);
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, wait, [this] { return stopping_ || wakeRequested_; });
        wakeRequested_ = false;
    }
}

}  // namespace kiosk
