#include <boost/test/unit_test.hpp>

#include <fstream>

#include "TestPaths.h"
#include "domain/FeatureCatalog.h"
#include "domain/HotlineDirectory.h"
#include "domain/WardRegistry.h"
#include "storage/CsvReader.h"

using namespace kiosk;

BOOST_AUTO_TEST_SUITE(bundled_data)

BOOST_AUTO_TEST_CASE(all_168_wards_of_2025) {
    const auto wards = WardRegistry::load(test::resourcesDir() / "data" / "wards_2025.csv");
    BOOST_TEST(wards.size() == 168u);
    const auto saigon = wards.find("26740");
    BOOST_TEST_REQUIRE(saigon.has_value());
    BOOST_TEST(saigon->fullName == "Phường Sài Gòn");
    BOOST_TEST(saigon->fullNameEn == "Sai Gon Ward");
    BOOST_TEST(wards.find("25747")->fullName == "Phường Thủ Dầu Một");
    BOOST_TEST(!wards.find("99999").has_value());
}

BOOST_AUTO_TEST_CASE(hotlines_include_emergency_numbers_and_1022) {
    const auto hotlines = HotlineDirectory::load(test::resourcesDir() / "data" / "hotlines.csv");
    for (const char* number : {"113", "114", "115", "1022"}) BOOST_TEST(hotlines.find(number) != nullptr, number);
    BOOST_TEST(hotlines.find("1022")->descriptionVi.find("1022.tphcm.gov.vn") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_damaged_hotline_file_is_refused_not_half_read) {
    const auto dir = test::scratchDir("hotlines");
    std::ofstream(dir / "bad.csv") << "number,name_vi,name_en,scope,description_vi,source_url\n"
                                      "113,Công an,Police,national,x,y\n"
                                      "call us,Sai,Wrong,national,x,y\n";
    BOOST_CHECK_THROW(HotlineDirectory::load(dir / "bad.csv"), CsvError);
    std::ofstream(dir / "short.csv") << "number,name_vi\n113,Công an\n";
    BOOST_CHECK_THROW(HotlineDirectory::load(dir / "short.csv"), CsvError);
    BOOST_CHECK_THROW(HotlineDirectory::load(dir / "missing.csv"), CsvError);
}

BOOST_AUTO_TEST_CASE(every_group_icon_ships) {
    for (const auto& g : FeatureCatalog::all())
        BOOST_TEST(std::filesystem::exists(test::resourcesDir() / "icons" / (g.icon + ".svg")), g.icon);
}

BOOST_AUTO_TEST_SUITE_END()
