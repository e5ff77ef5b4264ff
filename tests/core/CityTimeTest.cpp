#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdlib>
#include <ctime>

#include "core/CityTime.h"

using namespace kiosk;

BOOST_AUTO_TEST_SUITE(city_time)

// The city's calendar whatever the machine's zone: UTC here, and a zone far from it.
BOOST_AUTO_TEST_CASE(city_time_is_utc_plus_7_in_any_machine_zone) {
    const auto fixed = std::chrono::system_clock::from_time_t(1793921400);  // 2026-11-05 23:30 UTC
    for (const char* zone : {"UTC", "America/New_York", "Asia/Ho_Chi_Minh"}) {
        setenv("TZ", zone, 1);
        tzset();
        const auto at = cityCalendar(fixed);
        BOOST_TEST_REQUIRE(at.has_value());
        BOOST_TEST(at->tm_hour == 6, zone);
        BOOST_TEST(at->tm_min == 30);
        BOOST_TEST(at->tm_mday == 6);
        BOOST_TEST(at->tm_mon == 10);
        BOOST_TEST(at->tm_year == 126);
        BOOST_TEST(at->tm_wday == 5);  // Friday
    }
    // No daylight saving: a July time is also +7.
    const auto july = std::chrono::system_clock::from_time_t(1783296000);  // 2026-07-06 00:00 UTC
    BOOST_TEST(cityCalendar(july)->tm_hour == 7);
    unsetenv("TZ");
    tzset();
}

BOOST_AUTO_TEST_SUITE_END()
