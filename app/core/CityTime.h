#pragma once
#include <chrono>
#include <ctime>
#include <optional>

namespace kiosk {

// Ho Chi Minh City keeps UTC+7 all year (no daylight saving). Every time a resident reads, on
// screen or on paper, is the city's, whatever zone the machine is set to: this is the one
// conversion (the header clock, receipts, slips and ratings use it).
inline constexpr std::chrono::hours kCityUtcOffset{7};

// The calendar fields of `when` in city time; nullopt only when the time cannot be represented.
std::optional<std::tm> cityCalendar(std::chrono::system_clock::time_point when);

}  // namespace kiosk
