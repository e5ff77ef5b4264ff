#include "directory/DirectoryService.h"

#include <atomic>

#include "log/Log.h"

namespace kiosk {

DirectoryService::DirectoryService(std::filesystem::path cacheFile, DirectoryCache::SeedProvider seed)
    : cacheFile_(std::move(cacheFile)), seed_(std::move(seed)), worker_([this] { run(); }) {}

DirectoryService::~DirectoryService() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    worker_.join();
}

std::string DirectoryService::filterKeyFor(GroupId group) {
    switch (group) {
        case GroupId::Education: return "level";
        case GroupId::Health: return "facility_type";
        case GroupId::PublicServices: return "scope";  // "common" and the ward's fields (ProcedureScope.h)
        default: return {};
    }
}

int DirectoryService::newChannel() {
    static std::atomic<int> next{1};
    return next++;
}

void DirectoryService::enqueue(Task task) {
    {
        std::lock_guard lock(mutex_);
        tasks_.push_back(std::move(task));
    }
    wake_.notify_all();
}

void DirectoryService::search(int channel, const DirectoryQuery& query, PageCallback callback) {
    Task task = [query, callback](DirectoryRepository& repository) {
        try {
            callback(repository.search(query), {});
        } catch (const std::exception& error) {
            // What a resident typed is theirs: the log says how long it was, never what it said.
            log::get("data")->error("a search ({} bytes typed) failed: {}", query.text.size(), error.what());
            callback({}, error.what());
        }
    };
    {
        std::lock_guard lock(mutex_);
        pendingSearches_[channel] = std::move(task);
    }
    wake_.notify_all();
}

void DirectoryService::get(std::int64_t id, std::function<void(std::optional<DirectoryEntry>)> callback) {
    enqueue([id, callback](DirectoryRepository& repository) {
        try {
            callback(repository.get(id));
        } catch (const std::exception& error) {
            log::get("data")->error("entry {} unreadable: {}", id, error.what());
            callback(std::nullopt);
        }
    });
}

void DirectoryService::facets(GroupId group, const std::string& wardCode,
                              std::function<void(const DirectoryFacets&)> callback) {
    enqueue([group, wardCode, callback](DirectoryRepository& repository) {
        DirectoryFacets facets;
        try {
            facets.kinds = repository.kinds(group);
            if (auto key = filterKeyFor(group); !key.empty()) facets.filterValues = repository.attributeValues(group, key);
            facets.updatedAt = repository.newestUpdate(group);
            if (!wardCode.empty()) facets.inWard = repository.countInWard(group, wardCode);
            const auto first = repository.search({.group = group, .limit = 1});
            facets.hasSample = !first.entries.empty() && first.entries.front().sample;
        } catch (const std::exception& error) {
            log::get("data")->error("facets of {} unreadable: {}", toString(group), error.what());
        }
        callback(facets);
    });
}

void DirectoryService::whenReady(std::function<void(const DirectoryCache::OpenReport&)> callback) {
    // Tasks only run once the cache is open, so the report is final by then.
    enqueue([this, callback](DirectoryRepository&) { callback(report_); });
}

void DirectoryService::run() {
    std::unique_ptr<DirectoryCache> cache;
    try {
        cache = DirectoryCache::open(cacheFile_, seed_, report_);
    } catch (const std::exception& error) {
        // Even the in-memory fallback failed: serve an empty directory rather than no answers,
        // so screens say "nothing found" instead of waiting forever.
        log::get("data")->critical("directory unavailable: {}", error.what());
    }
    Database emptyDb = Database::memory();
    DirectoryRepository empty(emptyDb);
    empty.migrate();
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [this] { return stop_ || !tasks_.empty() || !pendingSearches_.empty(); });
        if (stop_) return;
        Task task;
        if (!tasks_.empty()) {
            task = std::move(tasks_.front());
            tasks_.pop_front();
        } else {
            auto first = pendingSearches_.begin();
            task = std::move(first->second);
            pendingSearches_.erase(first);
        }
        lock.unlock();
        task(cache ? cache->repository() : empty);
        lock.lock();
    }
}

}  // namespace kiosk
