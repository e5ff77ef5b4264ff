#include "net/ConnectivityMonitor.h"

#include "log/Log.h"
#include "net/HttpClient.h"

namespace kiosk {

ConnectivityMonitor::ConnectivityMonitor(const Config::City& city, Listener listener)
    : city_(city), listener_(std::move(listener)), thread_([this] { run(); }) {}

ConnectivityMonitor::~ConnectivityMonitor() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    stopping_ = true;
    wake_.notify_all();
    thread_.join();
}

void ConnectivityMonitor::checkNow() {
    {
        std::lock_guard lock(mutex_);
        checkRequested_ = true;
    }
    wake_.notify_all();
}

NetState ConnectivityMonitor::state() const {
    std::lock_guard lock(mutex_);
    return state_;
}

NetState ConnectivityMonitor::probe(const Config::City& city, std::string& detail,
                                    const std::atomic<bool>* cancel) {
    // The same client, rules and proxy as every other city request: a kiosk that reports
    // "online" can really reach the city the way its services will.
    HttpRequest request;
    request.url = city.baseUrl + city.healthPath;
    request.timeout = city.connectTimeout * 2;
    request.maxBodyBytes = 64u << 10;  // a health answer is tiny; anything larger is not the city
    const auto result = CurlHttpClient(city).perform(request, cancel);
    if (!result.ok()) {
        detail = result.detail;
        return NetState::Offline;
    }
    const long status = result.response.status;
    detail = request.url + ": HTTP " + std::to_string(status);
    return status >= 200 && status < 300 ? NetState::Online : NetState::Offline;
}

void ConnectivityMonitor::run() {
    auto logger = log::get("net");
    std::unique_lock lock(mutex_);
    while (!stop_) {
        checkRequested_ = false;
        lock.unlock();
        std::string detail;
        const NetState now = probe(city_, detail, &stopping_);
        lock.lock();
        if (stop_) break;
        if (now != state_) {
            state_ = now;
            if (now == NetState::Online) logger->info("city reachable ({})", detail);
            else logger->warn("city unreachable ({})", detail);
            lock.unlock();
            if (listener_) listener_(now, detail);
            lock.lock();
        }
        wake_.wait_for(lock, city_.probeInterval, [this] { return stop_ || checkRequested_; });
    }
}

}  // namespace kiosk
