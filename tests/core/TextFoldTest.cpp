#include <boost/test/unit_test.hpp>

#include "directory/TextFold.h"

using namespace kiosk;

BOOST_AUTO_TEST_SUITE(text_fold)

BOOST_AUTO_TEST_CASE(removes_tones_and_vowel_marks) {
    BOOST_TEST(foldForSearch("Bệnh viện Chợ Rẫy") == "benh vien cho ray");
    BOOST_TEST(foldForSearch("Trường THCS Nguyễn Du") == "truong thcs nguyen du");
    BOOST_TEST(foldForSearch("ƯỚC MƠ ơ ư â ê ô ă") == "uoc mo o u a e o a");
}

BOOST_AUTO_TEST_CASE(d_with_stroke_is_d) {
    BOOST_TEST(foldForSearch("Đường Điện Biên Phủ") == "duong dien bien phu");
    BOOST_TEST(foldForSearch("đ") == "d");
}

BOOST_AUTO_TEST_CASE(nfc_nfd_and_tone_placement_agree) {
    const std::string nfc = "Ho\xc3\xa0";          // Hoà with precomposed à
    const std::string nfd = "Hoa\xcc\x80";          // a + combining grave
    const std::string other = "H\xc3\xb2" "a";     // Hòa, the other placement
    BOOST_TEST(foldForSearch(nfc) == "hoa");
    BOOST_TEST(foldForSearch(nfd) == "hoa");
    BOOST_TEST(foldForSearch(other) == "hoa");
    BOOST_TEST(foldForSearch("Nguye\xcc\x82\xcc\x83n") == "nguyen");  // NFD with two stacked marks
}

BOOST_AUTO_TEST_CASE(punctuation_becomes_single_spaces) {
    BOOST_TEST(foldForSearch("  Số 1, Lê Duẩn -- Q.1 ") == "so 1 le duan q 1");
    BOOST_TEST(foldForSearch("\"quoted\" * NEAR(x) AND -y") == "quoted near x and y");
    BOOST_TEST(foldForSearch("").empty());
    BOOST_TEST(foldForSearch("***").empty());
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_dropped_not_fatal) {
    BOOST_TEST(foldForSearch("a\xff\xfe" "b") == "ab");
    BOOST_TEST(foldForSearch("\xe1\xbb") == "");  // truncated sequence
}

BOOST_AUTO_TEST_CASE(tokens_of_a_text) {
    const auto tokens = searchTokens("Bệnh viện, Quận 1");
    BOOST_TEST((tokens == std::vector<std::string>{"benh", "vien", "quan", "1"}));
    BOOST_TEST(searchTokens("  ").empty());
}

BOOST_AUTO_TEST_SUITE_END()
