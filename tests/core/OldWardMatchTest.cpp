// Issue 18: a ward found by the name of an old ward merged into it says so, from the 2025 merger
// data as shipped (resources/data), never from a guess.
#include <boost/test/unit_test.hpp>

#include <string>

#include "TestPaths.h"
#include "directory/OldWardMatch.h"
#include "directory/SeedSources.h"

using namespace kiosk;

namespace {

DirectoryEntry wardNamed(const std::string& code) {
    SeedReport report;
    for (auto& entry : SeedSources(test::resourcesDir() / "data").agencies(report))
        if (entry.kind == kinds::kWard && entry.wardCode == code) return entry;
    BOOST_FAIL("no ward " + code + " in the bundled data");
    return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(old_ward_match)

BOOST_AUTO_TEST_CASE(an_old_ward_name_finds_the_ward_it_is_now_part_of) {
    const auto saigon = wardNamed("26740");  // Phường Sài Gòn: Bến Nghé, whole, and parts of others
    for (const char* typed : {"ben nghe", "Bến Nghé", "BEN NGH", "phuong ben nghe", "  bến   nghé "}) {
        const auto match = oldWardMatch(saigon, typed);
        BOOST_TEST_REQUIRE(match.has_value(), typed);
        BOOST_TEST(match->oldWard == "Phường Bến Nghé");
        BOOST_TEST(match->newWard == "Phường Sài Gòn");
        BOOST_TEST(!match->partial);
    }
}

BOOST_AUTO_TEST_CASE(its_own_name_a_district_or_nothing_explains_nothing) {
    const auto saigon = wardNamed("26740");
    for (const char* typed : {"sai gon", "Phường Sài Gòn", "phuong", "", "   ", "quan 1", "ben thanh xyz", "nghe ben tre"})
        BOOST_TEST(!oldWardMatch(saigon, typed).has_value(), typed);
    // Only wards: another kind of entry that happens to carry the attribute is not explained.
    auto agency = saigon;
    agency.kind = kinds::kAgency;
    BOOST_TEST(!oldWardMatch(agency, "ben nghe").has_value());
}

BOOST_AUTO_TEST_CASE(a_ward_split_across_new_wards_is_said_to_be_in_part) {
    DirectoryEntry ward;
    ward.kind = kinds::kWard;
    ward.name = "Ủy ban nhân dân Phường Sài Gòn";
    ward.attributes["area_served"] = "Phường Bến Nghé, Quận 1; Phường Đa Kao, Quận 1 (một phần); Phường Nguyễn Thái Bình, Quận 1 (một phần)";
    const auto match = oldWardMatch(ward, "da kao");
    BOOST_TEST_REQUIRE(match.has_value());
    BOOST_TEST(match->oldWard == "Phường Đa Kao");
    BOOST_TEST(match->partial);
    // Numbered old wards: "phuong 12" is the old ward's name, not the district's.
    ward.attributes["area_served"] = "Phường 12, Quận 5; Phường 13, Quận 5 (một phần)";
    ward.name = "Ủy ban nhân dân Phường Chợ Lớn";
    BOOST_TEST(oldWardMatch(ward, "phuong 12")->oldWard == "Phường 12");
    BOOST_TEST(!oldWardMatch(ward, "quan 5").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
