#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "TestPaths.h"
#include "directory/SeedSources.h"
#include "directory/WardResolver.h"

using namespace kiosk;

namespace {

std::filesystem::path dataDir() { return test::resourcesDir() / "data"; }

const WardResolver& resolver() {
    static const WardResolver instance(dataDir() / "hcmc_bd_brvt_wards_pre2025.csv",
                                       dataDir() / "hcmc_ward_mapping_old_to_new_2025.csv");
    return instance;
}

std::string codeFor(std::string_view text) { return resolver().newWardFor(text).value_or(""); }
WardMatch matchFor(std::string_view text) { return resolver().resolve(text).match; }

const DirectoryEntry* findByName(const std::vector<DirectoryEntry>& entries, const std::string& name) {
    const auto it =
        std::find_if(entries.begin(), entries.end(), [&](const DirectoryEntry& e) { return e.name == name; });
    return it == entries.end() ? nullptr : &*it;
}

std::size_t withCode(const std::vector<DirectoryEntry>& entries) {
    return static_cast<std::size_t>(
        std::count_if(entries.begin(), entries.end(), [](const DirectoryEntry& e) { return !e.wardCode.empty(); }));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ward_resolver)

// Expected codes looked up by hand in hcmc_ward_mapping_old_to_new_2025.csv.
BOOST_AUTO_TEST_CASE(old_ward_and_district_give_the_2025_ward) {
    // Bệnh viện Chợ Rẫy: Phường 12 (27310), Quận 5 went wholly into Phường Chợ Lớn (27343).
    BOOST_TEST(codeFor("201B Nguyễn Chí Thanh, Phường 12, Quận 5, TP Hồ Chí Minh") == "27343");
    const auto choRay = resolver().resolve("201B Nguyễn Chí Thanh, Phường 12, Quận 5, TP Hồ Chí Minh");
    BOOST_TEST(choRay.oldWardCode == "27310");
    // Phường Bến Nghé (26740), Quận 1 went wholly into Phường Sài Gòn (26740).
    BOOST_TEST(codeFor("Số 2 Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh") == "26740");
    // Abbreviations and zero-padded numbers.
    BOOST_TEST(codeFor("201B Nguyễn Chí Thanh, P.12, Q.5") == "27343");
    BOOST_TEST(codeFor("201B Nguyễn Chí Thanh, P. 12, Q. 5, TP.HCM") == "27343");
    BOOST_TEST(codeFor("Phường 05, Quận 5") == "27316");  // Phường 5 (27334) -> Phường An Đông
    BOOST_TEST(codeFor("377 Lê Quang Định P.5 Q.Bình Thạnh") == "26905");
    BOOST_TEST(codeFor("48/11 Trần Khắc Chân F.15 Q. Phú Nhuận") == codeFor("Phường 15, Quận Phú Nhuận"));
    // Communes and Thủ Đức in each of its spellings, and the districts merged into it in 2021.
    BOOST_TEST(codeFor("Xã Tân Thông Hội, Huyện Củ Chi") == "27553");
    BOOST_TEST(codeFor("Phường Linh Trung, TP Thủ Đức") == "26800");
    BOOST_TEST(codeFor("Phường Linh Trung, Thành phố Thủ Đức, TP Hồ Chí Minh") == "26800");
    BOOST_TEST(codeFor("Phường Linh Trung, Quận Thủ Đức") == "26800");
    BOOST_TEST(codeFor("Số 1A1 đường Nguyễn Xiển, phường Long Bình, Quận 9") == "26833");
    BOOST_TEST(codeFor("Phường Tân Phú, TP Thủ Đức (Quận 9), TP Hồ Chí Minh") == "26842");
    // Bình Dương and Bà Rịa–Vũng Tàu.
    BOOST_TEST(codeFor("phường Phú Cường, thành phố Thủ Dầu Một, tỉnh Bình Dương") == "25747");
    BOOST_TEST(codeFor("phường Thắng Nhì, thành phố Vũng Tàu, tỉnh Bà Rịa – Vũng Tàu") == "26506");
    // Case, tone placement (Hòa/Hoà) and the older "Qui" spelling do not matter.
    BOOST_TEST(codeFor("PHƯỜNG PHÚ THỌ HOÀ, QUẬN TÂN PHÚ") == "27022");
    BOOST_TEST(codeFor("phường Phú Thọ Hòa, quận Tân Phú") == "27022");
    BOOST_TEST(codeFor("Xã Qui Đức, Huyện Bình Chánh") == "27628");
    // The register's run-together form, and "Xa lộ" (a road) is no "xã".
    BOOST_TEST(codeFor("35 Sơn KỳPhường Tân Sơn Nhì Quận Tân Phú TP. Hồ Chí Minh") ==
               codeFor("Phường Tân Sơn Nhì, Quận Tân Phú"));
    BOOST_TEST(!codeFor("Phường Tân Sơn Nhì, Quận Tân Phú").empty());
    BOOST_TEST(codeFor("Xa lộ Hà Nội, Phường Tân Phú, Quận 9, Thành phố Hồ Chí Minh") == "26842");
    // "và" before the ward joins house numbers, which share the ward.
    BOOST_TEST(codeFor("Số 55 và số 57, đường Nghĩa Thục, Phường 05, Quận 5") == "27316");
}

BOOST_AUTO_TEST_CASE(anything_uncertain_gives_no_code) {
    // Phường Đa Kao was split between Phường Sài Gòn and Phường Tân Định (both "partial").
    const auto daKao = resolver().resolve("Số 79 Điện Biên Phủ, Phường Đa Kao, Quận 1, TP Hồ Chí Minh");
    BOOST_TEST((daKao.match == WardMatch::Ambiguous));
    BOOST_TEST(daKao.oldWardCode == "26737");
    BOOST_TEST(daKao.newWardCode.empty());
    BOOST_TEST(!resolver().newWardFor("Phường Hiệp Thành, Thành phố Thủ Dầu Một").has_value());

    // No ward, or no district, in the text.
    BOOST_TEST((matchFor("106 Nguyễn Du, Quận 1, Thành phố Hồ Chí Minh") == WardMatch::Unparseable));
    BOOST_TEST((matchFor("53 Nguyễn Du") == WardMatch::Unparseable));
    BOOST_TEST((matchFor("") == WardMatch::Unparseable));
    BOOST_TEST((matchFor("135 Nam Kỳ Khởi Nghĩa, P. Bến Thành, Tp. Hồ Chí Minh") == WardMatch::Unparseable));
    BOOST_TEST((matchFor("262A Bùi Minh Trực p6 q8") == WardMatch::Unparseable));  // no dot: could be a room

    // A ward that is not in the district's pre-2025 list: merged away before 2025, or misspelt.
    BOOST_TEST((matchFor("17A Hồ Xuân Hương, Phường 6, Quận 3, TP Hồ Chí Minh") == WardMatch::UnknownWard));
    BOOST_TEST((matchFor("Xã Phước Kiểng, Huyện Nhà Bè") == WardMatch::UnknownWard));
    BOOST_TEST((matchFor("Phường Bến Nghé, Quận 5") == WardMatch::UnknownWard));

    // Several wards or districts named, or a list of places.
    BOOST_TEST((matchFor("Thôn Cây Da, Xã Phú Văn, Phường Bến Thành, Quận 1") == WardMatch::Ambiguous));
    BOOST_TEST((matchFor("Địa điểm 1: Phường 14, Quận 10; Địa điểm 2: Phường Thảo Điền, TP Thủ Đức (Quận 2)") ==
                WardMatch::Ambiguous));
    BOOST_TEST((matchFor("Địa bàn 3 xã An Điền, An Tây và Phú An, thị xã Bến Cát, tỉnh Bình Dương.") ==
                WardMatch::Ambiguous));
    BOOST_TEST((matchFor("Phòng P.305, Phường 12, Quận 5") == WardMatch::Ambiguous));
}

// Coverage measured on the bundled files (entries with a 2025 ward code / all; events are not counted):
// health 6,844 / 9,262 (73.9%); schools 567 / 4,288 (13.2%: most K-12 rows give only a street); tourism
// places 160 / 183 (99 named by the source, 61 resolved). The floors leave a little room for data fixes.
BOOST_AUTO_TEST_CASE(seed_coverage_floors) {
    const SeedSources seed(dataDir());
    SeedReport report;

    const auto health = seed.healthFacilities(report);
    BOOST_TEST(withCode(health) * 100 >= health.size() * 70);
    BOOST_TEST(report.wards.resolved == withCode(health));
    BOOST_TEST(report.wards.resolved + report.wards.ambiguous + report.wards.unknownWard +
                   report.wards.unparseable ==
               health.size());
    const auto* choRay = findByName(health, "Bệnh viện Chợ Rẫy");
    BOOST_TEST_REQUIRE(choRay != nullptr);
    BOOST_TEST(choRay->wardCode == "27343");

    const auto schools = seed.schools(report);
    BOOST_TEST(withCode(schools) * 100 >= schools.size() * 12);
    BOOST_TEST(report.wards.given == 0u);

    const auto tourism = seed.tourism(report);
    std::size_t places = 0;
    for (const auto& e : tourism) {
        if (e.kind == kinds::kPlace) ++places;
        else BOOST_TEST(e.wardCode.empty(), e.name);  // events have no address
    }
    BOOST_TEST(places == 183u);
    BOOST_TEST(withCode(tourism) * 100 >= places * 85);
    BOOST_TEST(report.wards.given == 99u);  // heritage: from the post-merger address, never overwritten
    BOOST_TEST(report.wards.given + report.wards.resolved == withCode(tourism));
}

BOOST_AUTO_TEST_SUITE_END()
