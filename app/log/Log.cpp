#include "log/Log.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <vector>

namespace kiosk::log {
namespace {
std::mutex gMutex;
std::vector<spdlog::sink_ptr> gSinks;
spdlog::level::level_enum gLevel = spdlog::level::info;

std::vector<spdlog::sink_ptr>& sinks() {
    if (gSinks.empty()) gSinks.push_back(std::make_shared<spdlog::sinks::stderr_sink_mt>());
    return gSinks;
}
}  // namespace

std::shared_ptr<spdlog::logger> get(std::string_view category) {
    std::lock_guard lock(gMutex);
    const std::string name(category);
    if (auto existing = spdlog::get(name)) return existing;
    auto logger = std::make_shared<spdlog::logger>(name, sinks().begin(), sinks().end());
    logger->set_level(gLevel);
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %-5l [%n] %v");
    logger->flush_on(spdlog::level::warn);
    spdlog::register_logger(logger);
    return logger;
}

std::string init(const std::filesystem::path& file, std::string_view level, bool toStderr) {
    std::lock_guard lock(gMutex);
    gLevel = spdlog::level::from_str(std::string(level));
    std::vector<spdlog::sink_ptr> fresh;
    if (toStderr) fresh.push_back(std::make_shared<spdlog::sinks::stderr_sink_mt>());
    std::string problem;
    try {
        std::filesystem::create_directories(file.parent_path());
        // 5 files of 5 MiB: a month of a busy kiosk at info level, bounded on small disks.
        fresh.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(file.string(), 5u << 20, 5));
    } catch (const std::exception& error) {
        problem = "cannot write the log file " + file.string() + ": " + error.what();
        if (!toStderr) fresh.push_back(std::make_shared<spdlog::sinks::stderr_sink_mt>());
    }
    gSinks = std::move(fresh);
    spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& logger) {
        logger->sinks() = gSinks;
        logger->set_level(gLevel);
    });
    return problem;
}

void shutdown() {
    std::lock_guard lock(gMutex);
    spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& logger) { logger->flush(); });
}

}  // namespace kiosk::log
