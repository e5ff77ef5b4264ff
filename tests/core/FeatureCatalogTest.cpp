#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "domain/FeatureCatalog.h"

using namespace kiosk;

BOOST_AUTO_TEST_SUITE(feature_catalog)

BOOST_AUTO_TEST_CASE(twelve_groups_in_the_city_app_order_then_my_services) {
    const auto& all = FeatureCatalog::all();
    BOOST_TEST_REQUIRE(all.size() == 13u);
    for (int i = 0; i < kFeatureGroupCount; ++i) BOOST_TEST((all[static_cast<size_t>(i)].id == static_cast<GroupId>(i)));
    BOOST_TEST((all.back().id == GroupId::MyServices));
}

BOOST_AUTO_TEST_CASE(every_group_says_what_it_offers_and_how_to_get_it_today) {
    std::set<std::string> names;
    std::set<std::string> icons;
    for (const auto& g : FeatureCatalog::all()) {
        BOOST_TEST(std::string(g.name).size() > 2u);
        BOOST_TEST(std::string(g.summary).size() > 10u);
        names.insert(g.name);
        icons.insert(g.icon);
        if (g.id == GroupId::MyServices) continue;
        BOOST_TEST(!g.offers.empty(), toString(g.id));
        BOOST_TEST(!g.today.empty(), toString(g.id));
    }
    BOOST_TEST(names.size() == 13u);
    BOOST_TEST(icons.size() == 13u);
}

// Issue 18: an empty "Dịch vụ của tôi" offers the common services, only the enabled ones.
BOOST_AUTO_TEST_CASE(commonly_used_services_are_offered_when_enabled) {
    std::vector<GroupId> every;
    for (const auto& info : FeatureCatalog::all()) every.push_back(info.id);
    const std::vector<GroupId> expected{GroupId::Feedback, GroupId::PublicServices, GroupId::Health, GroupId::Agencies};
    BOOST_TEST((FeatureCatalog::commonlyUsed(every) == expected));
    const std::vector<GroupId> some{GroupId::Health, GroupId::Education, GroupId::Feedback};
    BOOST_TEST((FeatureCatalog::commonlyUsed(some) == std::vector<GroupId>{GroupId::Feedback, GroupId::Health}));
    BOOST_TEST(FeatureCatalog::commonlyUsed({GroupId::Education}).empty());
}

BOOST_AUTO_TEST_CASE(ids_round_trip) {
    for (const auto& g : FeatureCatalog::all()) {
        const auto back = groupFromString(toString(g.id));
        BOOST_TEST_REQUIRE(back.has_value());
        BOOST_TEST((*back == g.id));
    }
    BOOST_TEST(!groupFromString("Feedback").has_value());
    BOOST_TEST(!groupFromString("").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
