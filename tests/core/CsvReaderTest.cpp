#include <boost/test/unit_test.hpp>

#include "storage/CsvReader.h"

using namespace kiosk;

BOOST_AUTO_TEST_SUITE(csv_reader)

BOOST_AUTO_TEST_CASE(quoted_fields_commas_quotes_and_newlines) {
    const auto t = CsvTable::parse("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",\n", "t.csv");
    BOOST_TEST_REQUIRE(t.size() == 2u);
    BOOST_TEST(t.at(0, "b") == "x, y");
    BOOST_TEST(t.at(0, "c") == "say \"hi\"");
    BOOST_TEST(t.at(1, "b") == "two\nlines");
    BOOST_TEST(t.at(1, "c") == "");
}

BOOST_AUTO_TEST_CASE(bom_and_missing_final_newline) {
    const auto t = CsvTable::parse("\xEF\xBB\xBFname,code\nSài Gòn,26740", "t.csv");
    BOOST_TEST(t.header()[0] == "name");
    BOOST_TEST(t.at(0, "code") == "26740");
}

BOOST_AUTO_TEST_CASE(malformed_tables_are_refused_with_the_file_name) {
    BOOST_CHECK_THROW(CsvTable::parse("a,b\n1,2,3\n", "t.csv"), CsvError);
    BOOST_CHECK_THROW(CsvTable::parse("a,b\n1,\"open\n", "t.csv"), CsvError);
    BOOST_CHECK_THROW(CsvTable::parse("a,b\n1,x\"y\"\n", "t.csv"), CsvError);
    BOOST_CHECK_THROW(CsvTable::parse("", "t.csv"), CsvError);
    const auto t = CsvTable::parse("a\n1\n", "named.csv");
    try {
        (void)t.at(0, "zz");
        BOOST_FAIL("expected an error");
    } catch (const CsvError& e) {
        BOOST_TEST(std::string(e.what()).find("named.csv") != std::string::npos);
    }
    BOOST_CHECK_THROW((void)t.at(5, "a"), CsvError);
}

BOOST_AUTO_TEST_SUITE_END()
