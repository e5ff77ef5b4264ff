#pragma once
#include <chrono>
#include <condition_variable>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace kiosk {

// Owns the threads that finish what their owner must not wait for: a cancelled login still
// ending a request, a camera closing. Each piece of work runs at once on a thread of its own
// (one slow close never holds up the next), and that thread is joined here: when a later piece
// starts, in waitIdle(), and at the latest in the destructor, which waits for every one. The
// kiosk bounds that wait at exit with waitIdle() (KioskApp::OnExit); what can still be running
// after it is a request with a timeout, or a driver closing a device.
class Reaper {
public:
    explicit Reaper(std::string name);
    ~Reaper();
    Reaper(const Reaper&) = delete;
    Reaper& operator=(const Reaper&) = delete;

    // Runs `work` (which may be move-only) on a thread owned here. What it throws is logged.
    template <typename Work>
    void run(Work work) {
        auto held = std::make_shared<Work>(std::move(work));
        start([held] { (*held)(); });
    }
    // Joins `thread` (another owner's, handed over) on a thread owned here.
    void adopt(std::thread thread);
    // True once every piece of work has ended (their threads joined), false after `limit`.
    bool waitIdle(std::chrono::milliseconds limit);

private:
    struct Entry {
        std::thread thread;
        bool finished = false;
    };
    void start(std::function<void()> work);
    void joinFinished(std::unique_lock<std::mutex>& lock);

    std::string name_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::list<Entry> entries_;  // a list: a running thread holds on to its entry
};

}  // namespace kiosk
