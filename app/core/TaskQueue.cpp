#include "core/TaskQueue.h"

#include <pthread.h>

#include "log/Log.h"

namespace kiosk {

TaskQueue::TaskQueue(std::string threadName, std::string logCategory)
    : name_(std::move(threadName)), category_(std::move(logCategory)) {
    thread_ = std::thread([this] { loop(); });
}

TaskQueue::~TaskQueue() {
    close();
    join();
}

void TaskQueue::post(std::function<void()> task, bool mustRun) {
    {
        std::lock_guard lock(mutex_);
        if (closing_ && !mustRun) return;
        tasks_.push_back({std::move(task), mustRun});
    }
    wake_.notify_one();
}

void TaskQueue::close() {
    std::deque<Task> dropped;  // destroyed outside the lock: their captures may be large
    {
        std::lock_guard lock(mutex_);
        closing_ = true;
        std::deque<Task> kept;
        for (auto& task : tasks_) (task.mustRun ? kept : dropped).push_back(std::move(task));
        tasks_ = std::move(kept);
    }
    wake_.notify_one();
}

void TaskQueue::join() {
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void TaskQueue::loop() {
    pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());
    for (;;) {
        Task task;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return closing_ || !tasks_.empty(); });
            if (tasks_.empty()) return;
            task = std::move(tasks_.front());
            tasks_.pop_front();
        }
        // A thread that dies takes every later request with it: whatever a task or its
        // callback throws is logged, and the next task runs.
        try {
            task.run();
        } catch (const std::exception& error) {
            log::get(category_)->error("{}: {}", name_, error.what());
        } catch (...) {
            log::get(category_)->error("{}: a task threw something that is not an exception", name_);
        }
    }
}

}  // namespace kiosk
