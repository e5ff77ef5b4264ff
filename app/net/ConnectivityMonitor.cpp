#include "net/ConnectivityMonitor.h"

#include <curl/curl.h>

#include "log/Log.h"

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

namespace {
std::size_t discardBody(char*, std::size_t size, std::size_t count, void*) {
    return size * count;
}

int abortWhenCancelled(void* cancel, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<const std::atomic<bool>*>(cancel)->load() ? 1 : 0;
}

}  // namespace

NetState ConnectivityMonitor::probe(const Config::City& city, std::string& detail,
                                    const std::atomic<bool>* cancel) {
    CURL* curl = curl_easy_init();
    if (!curl) {
        detail = "curl_easy_init failed";
        return NetState::Offline;
    }
    const std::string url = city.baseUrl + city.healthPath;
    const long connectTimeout = static_cast<long>(city.connectTimeout.count());
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, connectTimeout);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, connectTimeout * 2);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discardBody);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "ward-kiosk/" KIOSK_VERSION);
    if (!city.caBundle.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, city.caBundle.c_str());
    // An empty proxy string also stops curl from picking one up from the environment.
    curl_easy_setopt(curl, CURLOPT_PROXY, city.proxy.c_str());
    if (cancel) {
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, abortWhenCancelled);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(cancel));
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    }
    const CURLcode code = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(curl);
    if (code != CURLE_OK) {
        detail = url + ": " + curl_easy_strerror(code);
        return NetState::Offline;
    }
    if (status < 200 || status >= 300) {
        detail = url + ": HTTP " + std::to_string(status);
        return NetState::Offline;
    }
    detail = url + ": HTTP " + std::to_string(status);
    return NetState::Online;
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
