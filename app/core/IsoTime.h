#pragma once
#include <chrono>
#include <optional>
#include <string>

namespace kiosk {

// "2026-11-27T08:30:00Z": how times are kept in cache.db and shown to staff.
std::string formatIsoUtc(std::chrono::system_clock::time_point when);
// Reads what formatIsoUtc writes (and a bare "YYYY-MM-DD", as midnight UTC); nullopt otherwise.
std::optional<std::chrono::system_clock::time_point> parseIsoUtc(const std::string& text);
// Any ISO 8601 date-time as other systems write them: "2026-11-28T09:15:00+07:00", "…Z",
// with fractional seconds or without seconds, or a bare date. nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> parseIso8601(const std::string& text);

}  // namespace kiosk
