#pragma once
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "directory/DirectoryCache.h"

namespace kiosk {

struct DirectoryFacets {
    std::vector<std::string> kinds;
    std::vector<std::string> filterValues;  // values of the group's filter attribute (see filterKeyFor)
    std::string updatedAt;  // newest source date in the group
    bool hasSample = false;
    std::size_t inWard = 0;  // entries located in the ward asked about (the kiosk's own)
};

// The directory for screens: every query runs on one worker thread that owns the cache.db
// connection, so the UI thread never waits on the disk. Callbacks run on that worker; the UI
// passes them through its dispatcher. Searches are coalesced per channel (one per screen): a
// keystroke that arrives while an older search is still queued replaces it.
class DirectoryService {
public:
    DirectoryService(std::filesystem::path cacheFile, DirectoryCache::SeedProvider seed);
    ~DirectoryService();
    DirectoryService(const DirectoryService&) = delete;
    DirectoryService& operator=(const DirectoryService&) = delete;

    using PageCallback = std::function<void(const DirectoryPage& page, const std::string& error)>;
    void search(int channel, const DirectoryQuery& query, PageCallback callback);
    void get(std::int64_t id, std::function<void(std::optional<DirectoryEntry>)> callback);
    void facets(GroupId group, const std::string& wardCode, std::function<void(const DirectoryFacets&)> callback);
    // Runs after the cache is open; reports how it was opened (for the log and kioskctl).
    void whenReady(std::function<void(const DirectoryCache::OpenReport&)> callback);

    static int newChannel();
    // The attribute residents filter a group by: level for schools, facility type for health.
    static std::string filterKeyFor(GroupId group);

private:
    using Task = std::function<void(DirectoryRepository&)>;
    void enqueue(Task task);
    void run();

    std::filesystem::path cacheFile_;
    DirectoryCache::SeedProvider seed_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Task> tasks_;
    std::map<int, Task> pendingSearches_;  // newest search per channel
    bool stop_ = false;
    DirectoryCache::OpenReport report_;  // written by the worker before it runs any task
    std::thread worker_;
};

}  // namespace kiosk
