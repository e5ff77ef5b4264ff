#pragma once
#include <spdlog/logger.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace kiosk::log {

// Named categories, so staff can grep one concern out of the file: ui, sync, auth, print,
// config, net, data, idle, app. Each is an spdlog logger writing to the same sinks.
std::shared_ptr<spdlog::logger> get(std::string_view category);

// Opens the log file (creating its folder) and sets the level for every category. Returns an
// empty string, or a description of why the file could not be used; logging then goes on to
// stderr only, because a full or read-only disk must never stop the kiosk from serving.
std::string init(const std::filesystem::path& file, std::string_view level, bool toStderr = true);

void shutdown();

}  // namespace kiosk::log
