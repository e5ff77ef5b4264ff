#include <boost/test/unit_test.hpp>

#include <map>

#include "platform/Paths.h"

using namespace kiosk;

namespace {
Paths::EnvLookup env(std::map<std::string, std::string> values) {
    return [values](const std::string& name) -> std::optional<std::string> {
        const auto it = values.find(name);
        if (it == values.end()) return std::nullopt;
        return it->second;
    };
}
}  // namespace

BOOST_AUTO_TEST_SUITE(paths)

BOOST_AUTO_TEST_CASE(build_tree_uses_xdg_directories) {
    const auto p = Paths::resolve(env({{"HOME", "/home/staff"}}), {}, false);
    BOOST_TEST(p.stateDir == "/home/staff/.local/state/ward-kiosk");
    BOOST_TEST(p.logDir == "/home/staff/.local/state/ward-kiosk/log");
    BOOST_TEST(p.cacheDir == "/home/staff/.cache/ward-kiosk");
    BOOST_TEST(p.configFile.empty());  // no user config there: the embedded default
}

BOOST_AUTO_TEST_CASE(xdg_variables_are_honoured_when_absolute) {
    const auto p = Paths::resolve(env({{"HOME", "/h"}, {"XDG_STATE_HOME", "/xdg/state"}, {"XDG_CACHE_HOME", "relative"}}),
                                  {}, false);
    BOOST_TEST(p.stateDir == "/xdg/state/ward-kiosk");
    BOOST_TEST(p.cacheDir == "/h/.cache/ward-kiosk");  // a relative XDG value is ignored, as the spec says
}

BOOST_AUTO_TEST_CASE(installed_kiosk_uses_fhs_paths) {
    const auto p = Paths::resolve(env({{"HOME", "/root"}}), {}, true);
    BOOST_TEST(p.stateDir == "/var/lib/ward-kiosk");
    BOOST_TEST(p.logDir == "/var/log/ward-kiosk");
    BOOST_TEST(p.cacheDir == "/var/cache/ward-kiosk");
    BOOST_TEST(p.resources.string().find("share/ward-kiosk") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(overrides_and_explicit_config) {
    const auto p = Paths::resolve(env({{"HOME", "/h"}, {"WARD_KIOSK_STATE_DIR", "/tmp/k"}, {"WARD_KIOSK_CONFIG", "/etc/a.toml"}}),
                                  {}, true);
    BOOST_TEST(p.stateDir == "/tmp/k");
    BOOST_TEST(p.logDir == "/tmp/k/log");
    BOOST_TEST(p.configFile == "/etc/a.toml");
    const auto q = Paths::resolve(env({{"WARD_KIOSK_CONFIG", "/etc/a.toml"}}), "/srv/b.toml", false);
    BOOST_TEST(q.configFile == "/srv/b.toml");
}

BOOST_AUTO_TEST_CASE(this_test_runs_from_a_build_tree) {
    const auto p = Paths::resolve(Paths::processEnvironment());
    BOOST_TEST(!p.installed);
}

BOOST_AUTO_TEST_SUITE_END()
