#include <boost/test/unit_test.hpp>

#include <string>

#include "core/LabelTable.h"

using namespace kiosk;

BOOST_AUTO_TEST_SUITE(label_table)

BOOST_AUTO_TEST_CASE(a_key_written_twice_is_found_wherever_it_stands) {
    const LabelRow unique[] = {{"level", "Level"}, {"category", "Type of school"}, {"status", "Status"}};
    BOOST_TEST(!firstDuplicateKey(unique).has_value());
    // The defect that labelled a heritage site "Type of school": "category" twice, far apart.
    const LabelRow twice[] = {{"level", "Level"}, {"category", "Type of school"}, {"status", "Status"},
                              {"category", "Category"}};
    BOOST_TEST_REQUIRE(firstDuplicateKey(twice).has_value());
    BOOST_TEST(*firstDuplicateKey(twice) == 3u);
    const LabelRow adjacent[] = {{"a", "A"}, {"a", "A again"}};
    BOOST_TEST(firstDuplicateKey(adjacent).value_or(0) == 1u);
    BOOST_TEST(!firstDuplicateKey(std::span<const LabelRow>()).has_value());
}

BOOST_AUTO_TEST_CASE(a_table_finds_each_key_and_nothing_else) {
    static constexpr LabelTable table({{"school:category", "Type of school"}, {"category", "Category"}});
    static_assert(table.rows().size() == 2);
    BOOST_TEST(std::string(table.find("school:category")) == "Type of school");
    BOOST_TEST(std::string(table.find("category")) == "Category");
    BOOST_TEST(table.find("place:category") == nullptr);
    BOOST_TEST(table.find("") == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
