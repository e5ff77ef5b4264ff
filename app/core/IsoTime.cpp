#include "core/IsoTime.h"

#include <cctype>
#include <cstdio>

namespace kiosk {
namespace {
// system_clock counts nanoseconds in 64 bits: 1677-09-21 to 2262-04-11. A year outside the whole
// years within that cannot be held (its conversion overflowed: fuzz-dossier found "1013-11-20"),
// so such a time is not read, as if it were malformed.
constexpr int kFirstYear = 1678;
constexpr int kLastYear = 2261;

bool representable(int year) { return year >= kFirstYear && year <= kLastYear; }
}  // namespace

std::string formatIsoUtc(std::chrono::system_clock::time_point when) {
    const auto seconds = std::chrono::floor<std::chrono::seconds>(when);
    const auto days = std::chrono::floor<std::chrono::days>(seconds);
    const std::chrono::year_month_day date{days};
    const std::chrono::hh_mm_ss time{seconds - days};
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<long>(time.hours().count()), static_cast<long>(time.minutes().count()),
                  static_cast<long>(time.seconds().count()));
    return text;
}

std::optional<std::chrono::system_clock::time_point> parseIsoUtc(const std::string& text) {
    int y = 0;
    unsigned mo = 0, d = 0;
    int h = 0, mi = 0, s = 0;
    char tail = 0;
    int consumed = 0;
    if (text.size() == 10 && std::sscanf(text.c_str(), "%4d-%2u-%2u%n", &y, &mo, &d, &consumed) == 3 && consumed == 10) {
    } else if (text.size() == 20 &&
               std::sscanf(text.c_str(), "%4d-%2u-%2uT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &tail) == 7 &&
               tail == 'Z') {
        if (h > 23 || mi > 59 || s > 60 || h < 0 || mi < 0 || s < 0) return std::nullopt;
    } else {
        return std::nullopt;
    }
    if (!representable(y)) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(y), std::chrono::month(mo), std::chrono::day(d)};
    if (!date.ok()) return std::nullopt;
    return std::chrono::sys_days(date) + std::chrono::hours(h) + std::chrono::minutes(mi) + std::chrono::seconds(s);
}

std::optional<std::chrono::system_clock::time_point> parseIso8601(const std::string& text) {
    if (text.size() == 10) return parseIsoUtc(text);
    int y = 0;
    unsigned mo = 0, d = 0;
    int h = 0, mi = 0, s = 0;
    int consumed = 0;
    if (text.size() < 16 || text.size() > 40 ||
        std::sscanf(text.c_str(), "%4d-%2u-%2u%*1[T ]%2d:%2d%n", &y, &mo, &d, &h, &mi, &consumed) != 5 || consumed != 16)
        return std::nullopt;
    std::size_t at = 16;
    if (at < text.size() && text[at] == ':') {
        if (at + 3 > text.size() || std::sscanf(text.c_str() + at, ":%2d", &s) != 1 || !std::isdigit(static_cast<unsigned char>(text[at + 2])))
            return std::nullopt;
        at += 3;
        if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
            ++at;
            const std::size_t digits = at;
            while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) ++at;
            if (at == digits) return std::nullopt;
        }
    }
    int offsetMinutes = 0;
    if (at == text.size()) {
        // No zone: taken as UTC, the only reading that does not depend on this machine.
    } else if (text[at] == 'Z' && at + 1 == text.size()) {
    } else if ((text[at] == '+' || text[at] == '-') && (text.size() - at == 6 || text.size() - at == 5 || text.size() - at == 3)) {
        int oh = 0, om = 0;
        const std::string zone = text.substr(at + 1);
        if (zone.size() == 5 && std::sscanf(zone.c_str(), "%2d:%2d", &oh, &om) != 2) return std::nullopt;
        if (zone.size() == 4 && std::sscanf(zone.c_str(), "%2d%2d", &oh, &om) != 2) return std::nullopt;
        if (zone.size() == 2 && std::sscanf(zone.c_str(), "%2d", &oh) != 1) return std::nullopt;
        for (const char c : zone)
            if (c != ':' && !std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        if (oh > 14 || om > 59) return std::nullopt;
        offsetMinutes = (oh * 60 + om) * (text[at] == '-' ? -1 : 1);
    } else {
        return std::nullopt;
    }
    if (h > 23 || mi > 59 || s > 60 || h < 0 || mi < 0 || s < 0) return std::nullopt;
    if (!representable(y)) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(y), std::chrono::month(mo), std::chrono::day(d)};
    if (!date.ok()) return std::nullopt;
    return std::chrono::sys_days(date) + std::chrono::hours(h) + std::chrono::minutes(mi) + std::chrono::seconds(s) -
           std::chrono::minutes(offsetMinutes);
}

}  // namespace kiosk
