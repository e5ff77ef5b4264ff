#include "core/CityTime.h"

namespace kiosk {

std::optional<std::tm> cityCalendar(std::chrono::system_clock::time_point when) {
    // Shift to the city's wall time and read it as UTC: never the machine's zone (localtime).
    const std::time_t seconds = std::chrono::system_clock::to_time_t(when + kCityUtcOffset);
    std::tm at{};
    if (gmtime_r(&seconds, &at) == nullptr) return std::nullopt;
    return at;
}

}  // namespace kiosk
