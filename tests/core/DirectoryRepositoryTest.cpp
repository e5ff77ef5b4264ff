#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>

#include "directory/DirectoryRepository.h"

using namespace kiosk;

namespace {
DirectoryEntry entry(GroupId group, std::string kind, std::string name, std::string address,
                     std::map<std::string, std::string> attributes = {}) {
    DirectoryEntry e;
    e.group = group;
    e.kind = std::move(kind);
    e.name = std::move(name);
    e.address = std::move(address);
    e.source = "test";
    e.updatedAt = "2024-07-10";
    e.attributes = std::move(attributes);
    return e;
}

struct Fixture {
    Database db = Database::memory();
    DirectoryRepository repo{db};
    Fixture() {
        repo.migrate();
        repo.replaceAll({
            entry(GroupId::Health, "health_facility", "Bệnh viện Chợ Rẫy", "201B Nguyễn Chí Thanh, Quận 5",
                  {{"facility_type", "benh_vien"}, {"license_no", "01/BYT-GPHĐ"}}),
            entry(GroupId::Health, "health_facility", "Phòng khám Đa khoa Hoà Hảo", "254 Hòa Hảo, Quận 10"),
            entry(GroupId::Health, "health_facility", "Nha khoa Bệnh Viện Răng", "12 Trần Hưng Đạo, Quận 1"),
            entry(GroupId::Health, "health_facility", "Phòng khám Tâm An", "5 Đường Bệnh Viện, Củ Chi"),
            entry(GroupId::Education, "school", "Trường THCS Nguyễn Du", "139 Nguyễn Du, Quận 1",
                  {{"level", "thcs"}, {"ownership", "cong_lap"}}),
            entry(GroupId::Education, "school", "Trường Mầm non Hoa Sen", "Đường số 9, Thủ Đức",
                  {{"level", "mam_non"}, {"ownership", "tu_thuc"}}),
            entry(GroupId::Education, "school", "Trường Tiểu học và THCS Đinh Tiên Hoàng", "Quận 1",
                  {{"level", "tieu_hoc,thcs"}}),
        });
    }
    std::vector<std::string> names(const DirectoryQuery& query) {
        std::vector<std::string> out;
        for (const auto& e : repo.search(query).entries) out.push_back(e.name);
        return out;
    }
};
}  // namespace

BOOST_FIXTURE_TEST_SUITE(directory_repository, Fixture)

BOOST_AUTO_TEST_CASE(search_ignores_accents_and_d) {
    BOOST_TEST(names({.text = "benh vien cho ray"}).front() == "Bệnh viện Chợ Rẫy");
    BOOST_TEST(names({.text = "duong so 9"}).front() == "Trường Mầm non Hoa Sen");
    BOOST_TEST(names({.text = "dinh tien"}).front() == "Trường Tiểu học và THCS Đinh Tiên Hoàng");
    BOOST_TEST(names({.text = "BỆNH VIỆN CHỢ RẪY"}).size() == 1u);
}

BOOST_AUTO_TEST_CASE(both_tone_placements_and_forms_match) {
    BOOST_TEST(names({.text = "Hòa Hảo"}).size() == 1u);
    BOOST_TEST(names({.text = "Hoà Hảo"}).size() == 1u);
    BOOST_TEST(names({.text = "Hoa\xcc\x80 Ha\xcc\x89o"}).size() == 1u);  // NFD
}

BOOST_AUTO_TEST_CASE(prefixes_match_while_typing) {
    for (const char* typed : {"b", "be", "ben", "benh", "benh v", "benh vi", "benh vien c"})
        BOOST_TEST(!names({.text = typed}).empty(), typed);
    BOOST_TEST(names({.text = "benh vien c"}).front() == "Bệnh viện Chợ Rẫy");
}

BOOST_AUTO_TEST_CASE(name_ranks_before_address_and_prefix_first) {
    const auto found = names({.text = "benh vien"});
    BOOST_TEST_REQUIRE(found.size() == 3u);
    BOOST_TEST(found[0] == "Bệnh viện Chợ Rẫy");         // name starts with the query
    BOOST_TEST(found[1] == "Nha khoa Bệnh Viện Răng");    // in the name
    BOOST_TEST(found[2] == "Phòng khám Tâm An");          // only in the address
}

BOOST_AUTO_TEST_CASE(filters_and_paging) {
    BOOST_TEST(names({.text = "", .group = GroupId::Education}).size() == 3u);
    BOOST_TEST(names({.text = "truong", .group = GroupId::Education, .filterKey = "level", .filterValue = "thcs"}).size() == 2u);
    BOOST_TEST(names({.text = "", .group = GroupId::Education, .filterKey = "level", .filterValue = "mam_non"}).size() == 1u);
    BOOST_TEST(names({.text = "quan 1", .group = GroupId::Health}).size() == 2u);  // Quận 1 and Quận 10 while typing
    BOOST_TEST(names({.text = "quan 1 ", .group = GroupId::Health}).size() == 1u);  // the word is finished
    const auto first = repo.search({.text = "", .group = GroupId::Health, .offset = 0, .limit = 3});
    BOOST_TEST(first.entries.size() == 3u);
    BOOST_TEST(first.more);
    const auto second = repo.search({.text = "", .group = GroupId::Health, .offset = 3, .limit = 3});
    BOOST_TEST(second.entries.size() == 1u);
    BOOST_TEST(!second.more);
    BOOST_TEST((repo.attributeValues(GroupId::Education, "level") == std::vector<std::string>{"mam_non", "thcs", "tieu_hoc"}));
}

BOOST_AUTO_TEST_CASE(hostile_queries_are_text_never_syntax) {
    for (const char* hostile : {"\"", "\"\"", "*", "-", "benh -vien", "NEAR(benh vien)", "benh AND vien", "benh OR",
                                "NOT", "name:benh", "{name}: x", "^benh", "benh\"*", "'; DROP TABLE entries; --",
                                "%", "_", "(((", "\\", "\xff\xfe", "a\0b"}) {
        BOOST_CHECK_NO_THROW(repo.search({.text = hostile}));
    }
    BOOST_TEST(names({.text = "benh AND vien"}).empty());  // "and" is a word to find, not an operator
    BOOST_TEST(names({.text = "\"benh vien\""}).size() == 3u);
    BOOST_TEST(repo.count() == 7u);
    BOOST_TEST(DirectoryRepository::ftsExpression("NEAR(x) \"y\"") == "\"near\" \"x\" \"y\"*");
    BOOST_TEST(DirectoryRepository::ftsExpression("benh vi") == "\"benh\" \"vi\"*");
}

BOOST_AUTO_TEST_CASE(attributes_round_trip) {
    const auto found = repo.search({.text = "cho ray"}).entries;
    BOOST_TEST_REQUIRE(found.size() == 1u);
    const auto again = repo.get(found[0].id);
    BOOST_TEST_REQUIRE(again.has_value());
    BOOST_TEST(again->attribute("license_no") == "01/BYT-GPHĐ");
    BOOST_TEST(again->updatedAt == "2024-07-10");
    BOOST_TEST(!repo.get(999999).has_value());
}

BOOST_AUTO_TEST_CASE(replace_all_is_atomic) {
    std::vector<DirectoryEntry> broken{entry(GroupId::Map, "place", "A", "")};
    broken.push_back(broken.back());
    // A failure in the middle (here: a closed database cannot be simulated simply, so a
    // constraint) must leave the previous directory intact.
    db.exec("CREATE TRIGGER no_b BEFORE INSERT ON entries WHEN NEW.name = 'B' BEGIN SELECT RAISE(ABORT, 'x'); END");
    broken.push_back(entry(GroupId::Map, "place", "B", ""));
    BOOST_CHECK_THROW(repo.replaceAll(broken), SqliteError);
    BOOST_TEST(repo.count() == 7u);
    BOOST_TEST(names({.text = "cho ray"}).size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(directory_repository_broad)

BOOST_AUTO_TEST_CASE(broad_keystrokes_list_name_prefixes_and_page_without_gaps) {
    Database db = Database::memory();
    DirectoryRepository repo(db);
    repo.migrate();
    std::vector<DirectoryEntry> entries;
    for (int i = 0; i < 700; ++i)
        entries.push_back(entry(GroupId::Health, "health_facility", "Phòng khám số " + std::to_string(i),
                                "Đường Bệnh Viện " + std::to_string(i)));
    entries.push_back(entry(GroupId::Health, "health_facility", "Bệnh viện Chợ Rẫy", "201B Nguyễn Chí Thanh"));
    repo.replaceAll(entries);

    // "p" matches all 700 names: more than kRankedCandidates, so the bounded plan answers.
    const auto first = repo.search({.text = "p", .limit = 20});
    BOOST_TEST_REQUIRE(first.entries.size() == 20u);
    BOOST_TEST(first.more);
    for (const auto& e : first.entries) BOOST_TEST(e.name.starts_with("Phòng khám"));
    const auto second = repo.search({.text = "p", .offset = 20, .limit = 20});
    BOOST_TEST_REQUIRE(second.entries.size() == 20u);
    std::set<std::int64_t> ids;
    for (const auto& e : first.entries) ids.insert(e.id);
    for (const auto& e : second.entries) ids.insert(e.id);
    BOOST_TEST(ids.size() == 40u);  // no entry twice across pages

    // "b" matches every address ("Bệnh Viện") but only one name starts with it: that one first,
    // then ranked address matches fill the page.
    const auto broad = repo.search({.text = "b", .limit = 5});
    BOOST_TEST_REQUIRE(broad.entries.size() == 5u);
    BOOST_TEST(broad.entries[0].name == "Bệnh viện Chợ Rẫy");
    BOOST_TEST(broad.more);

    // A narrow query is ranked in full, as before.
    const auto narrow = repo.search({.text = "kham so 12", .limit = 50});
    BOOST_TEST(narrow.entries.front().name == "Phòng khám số 12");
    BOOST_TEST(narrow.entries.size() == 11u);  // 12 and 120..129
}

BOOST_AUTO_TEST_SUITE_END()
