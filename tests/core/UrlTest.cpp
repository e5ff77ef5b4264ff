#include <boost/test/unit_test.hpp>

#include "net/Url.h"

using namespace kiosk;

BOOST_AUTO_TEST_SUITE(url)

BOOST_AUTO_TEST_CASE(parts) {
    const auto u = parseUrl("https://api.tphcm.gov.vn:8443/open311/v2?x=1");
    BOOST_TEST_REQUIRE(u.has_value());
    BOOST_TEST(u->scheme == "https");
    BOOST_TEST(u->host == "api.tphcm.gov.vn");
    BOOST_TEST(u->path == "/open311/v2");
    BOOST_TEST(!parseUrl("").has_value());
    BOOST_TEST(!parseUrl("no scheme").has_value());
}

BOOST_AUTO_TEST_CASE(loopback_hosts) {
    BOOST_TEST(isLoopbackHost("127.0.0.1"));
    BOOST_TEST(isLoopbackHost("127.1.2.3"));
    BOOST_TEST(isLoopbackHost("localhost"));
    BOOST_TEST(isLoopbackHost("[::1]"));
    BOOST_TEST(!isLoopbackHost("127.0.0.1.nip.io"));
    BOOST_TEST(!isLoopbackHost("10.0.0.1"));
    BOOST_TEST(!isLoopbackHost("localhost.example"));
}

BOOST_AUTO_TEST_CASE(city_url_rules) {
    BOOST_TEST(checkCityUrl("https://a.vn").empty());
    BOOST_TEST(checkCityUrl("http://127.0.0.1:1").empty());
    BOOST_TEST(!checkCityUrl("http://a.vn").empty());
    BOOST_TEST(!checkCityUrl("file:///etc/passwd").empty());
    BOOST_TEST(!checkCityUrl("https://").empty());
}

BOOST_AUTO_TEST_SUITE_END()
