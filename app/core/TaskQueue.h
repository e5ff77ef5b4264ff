#pragma once
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace kiosk {

// One worker thread running tasks in order: how the core keeps disk and network work off the
// UI thread. close() drops the tasks still queued, except those posted with mustRun (a
// resident's report being saved), and makes later posts without mustRun no-ops; the destructor
// closes and joins. Whatever a task throws is logged under `logCategory` and the next task runs.
class TaskQueue {
public:
    TaskQueue(std::string threadName, std::string logCategory);
    ~TaskQueue();
    TaskQueue(const TaskQueue&) = delete;
    TaskQueue& operator=(const TaskQueue&) = delete;

    void post(std::function<void()> task, bool mustRun = false);
    void close();
    bool closing() const { return closing_; }  // tasks check it to skip their callbacks
    void join();

private:
    struct Task {
        std::function<void()> run;
        bool mustRun = false;
    };
    void loop();

    std::string name_;
    std::string category_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Task> tasks_;
    std::atomic<bool> closing_{false};  // written under mutex_, read without it
    std::thread thread_;                // last: started once everything above exists
};

}  // namespace kiosk
