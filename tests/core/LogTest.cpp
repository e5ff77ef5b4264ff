#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

#include "TestPaths.h"
#include "log/Log.h"

using namespace kiosk;

BOOST_AUTO_TEST_SUITE(logging)

BOOST_AUTO_TEST_CASE(categories_go_to_one_file_at_the_configured_level) {
    const auto dir = test::scratchDir("log");
    const auto file = dir / "sub" / "ward-kiosk.log";
    BOOST_TEST(log::init(file, "info", false).empty());
    log::get("ui")->info("screen home");
    log::get("sync")->debug("hidden at info level");
    log::get("print")->warn("printer offline");
    log::shutdown();
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    BOOST_TEST(text.str().find("[ui] screen home") != std::string::npos);
    BOOST_TEST(text.str().find("[print] printer offline") != std::string::npos);
    BOOST_TEST(text.str().find("hidden at info level") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_unwritable_log_place_does_not_stop_the_kiosk) {
    const auto dir = test::scratchDir("log-blocked");
    std::ofstream(dir / "file") << "x";  // a file where a folder is needed
    const auto problem = log::init(dir / "file" / "ward-kiosk.log", "info", false);
    BOOST_TEST(problem.find("cannot write the log file") == 0u);
    log::get("app")->info("still logging, to stderr");
}

BOOST_AUTO_TEST_SUITE_END()
