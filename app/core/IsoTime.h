#pragma once
#include <chrono>
#include <optional>
#include <string>

namespace kiosk {

// "2026-11-27T08:30:00Z": how times are kept in cache.db and shown to staff.
std::string formatIsoUtc(std::chrono::system_clock::time_point when);
// Reads what formatIsoUtc writes (and a bare "YYYY-MM-DD", as midnight UTC); nullopt otherwise.
std::optional<std::chrono::system_clock::time_point> parseIsoUtc(const std::string& text);

}  // namespace kiosk
