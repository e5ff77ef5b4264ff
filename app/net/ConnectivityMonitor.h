#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "config/Config.h"

namespace kiosk {

enum class NetState { Unknown, Online, Offline };

// Checks on its own thread, every probe interval, whether the city answers GET
// base_url + health_path, and reports each change of state. The callback runs on the
// monitor's thread: the UI passes it through its dispatcher. The destructor stops the thread
// promptly (it waits at most one connect timeout).
class ConnectivityMonitor {
public:
    using Listener = std::function<void(NetState state, const std::string& detail)>;

    ConnectivityMonitor(const Config::City& city, Listener listener);
    ~ConnectivityMonitor();
    ConnectivityMonitor(const ConnectivityMonitor&) = delete;
    ConnectivityMonitor& operator=(const ConnectivityMonitor&) = delete;

    void checkNow();
    NetState state() const;

    // One probe, synchronously; used by the thread and by `kioskctl status`.
    // `cancel`, when given and set, aborts a probe in flight.
    static NetState probe(const Config::City& city, std::string& detail,
                          const std::atomic<bool>* cancel = nullptr);

private:
    void run();

    Config::City city_;
    Listener listener_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::atomic<bool> stopping_{false};
    bool checkRequested_ = false;
    NetState state_ = NetState::Unknown;
    std::thread thread_;
};

}  // namespace kiosk
