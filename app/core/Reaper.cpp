#include "core/Reaper.h"

#include <pthread.h>

#include <algorithm>
#include <vector>

#include "log/Log.h"

namespace kiosk {

Reaper::Reaper(std::string name) : name_(std::move(name)) {}

Reaper::~Reaper() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] {
        return std::all_of(entries_.begin(), entries_.end(), [](const Entry& e) { return e.finished; });
    });
    joinFinished(lock);
}

void Reaper::adopt(std::thread thread) {
    if (!thread.joinable()) return;
    run([thread = std::move(thread)]() mutable { thread.join(); });
}

void Reaper::start(std::function<void()> work) {
    std::unique_lock lock(mutex_);
    joinFinished(lock);
    auto& entry = entries_.emplace_back();
    // The new thread waits for mutex_ before it touches its entry: by then `thread` is set.
    entry.thread = std::thread([this, &entry, work = std::move(work)] {
        pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());
        try {
            work();
        } catch (const std::exception& error) {
            log::get("app")->error("{}: {}", name_, error.what());
        } catch (...) {
            log::get("app")->error("{}: work threw something that is not an exception", name_);
        }
        std::lock_guard done(mutex_);
        entry.finished = true;
        changed_.notify_all();
    });
}

bool Reaper::waitIdle(std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    const bool idle = changed_.wait_for(lock, limit, [this] {
        return std::all_of(entries_.begin(), entries_.end(), [](const Entry& e) { return e.finished; });
    });
    joinFinished(lock);
    return idle;
}

void Reaper::joinFinished(std::unique_lock<std::mutex>& lock) {
    // A finished thread has only its return left: joined outside the lock, which it may still
    // be releasing.
    std::vector<std::thread> ended;
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (it->finished) {
            ended.push_back(std::move(it->thread));
            it = entries_.erase(it);
        } else {
            ++it;
        }
    }
    lock.unlock();
    for (auto& thread : ended) thread.join();
    lock.lock();
}

}  // namespace kiosk
