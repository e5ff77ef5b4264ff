// The citizen ID card (CCCD) QR parser: real cards are read field by field, and anything
// malformed or hostile is refused with a reason that names the rule, not the text.
// Every sample here is SYNTHETIC: the names, numbers, dates and addresses are invented and
// belong to no one.
#include <boost/test/unit_test.hpp>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "scan/CccdQr.h"

using namespace kiosk::scan;

namespace {
// The seven fields of an invented card, to be changed one at a time.
struct Fields {
    std::string id = "079190001234";
    std::string oldId = "025111222";
    std::string name = "TRẦN THỊ MINH THƯ";
    std::string birth = "29022000";
    std::string gender = "Nữ";
    std::string address = "12 Đường Số 7, Phường Bình Trị Đông, Thành phố Hồ Chí Minh";
    std::string issue = "15062021";
    std::string text() const { return id + "|" + oldId + "|" + name + "|" + birth + "|" + gender + "|" + address + "|" + issue; }
};

std::string refusalOf(const std::string& text) {
    const CccdParse parsed = parseCccdQr(text);
    BOOST_TEST(!parsed.card.has_value());
    return parsed.refusal;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(cccd_qr)

BOOST_AUTO_TEST_CASE(reads_every_field_of_a_card) {
    const CccdParse parsed = parseCccdQr(Fields{}.text());
    BOOST_TEST_REQUIRE(parsed.card.has_value(), parsed.refusal);
    BOOST_TEST(parsed.refusal.empty());
    const CccdCard& card = *parsed.card;
    BOOST_TEST(card.citizenId == "079190001234");
    BOOST_TEST(card.oldId == "025111222");
    BOOST_TEST(card.fullName == "TRẦN THỊ MINH THƯ");
    BOOST_TEST(card.birthDate == "2000-02-29");  // a leap day is a real date
    BOOST_TEST(card.gender == "Nữ");
    BOOST_TEST(card.address == "12 Đường Số 7, Phường Bình Trị Đông, Thành phố Hồ Chí Minh");
    BOOST_TEST(card.issueDate == "2021-06-15");
    BOOST_TEST(card.extraFields.empty());
}

BOOST_AUTO_TEST_CASE(reads_a_card_without_old_id_and_a_newer_card_with_more_fields) {
    Fields fields;
    fields.oldId = "";
    fields.gender = "Nam";
    fields.name = "H'HEN NIÊ";  // an Ê Đê name keeps its apostrophe
    const CccdParse plain = parseCccdQr(fields.text());
    BOOST_TEST_REQUIRE(plain.card.has_value(), plain.refusal);
    BOOST_TEST(plain.card->oldId.empty());
    BOOST_TEST(plain.card->gender == "Nam");
    BOOST_TEST(plain.card->fullName == "H'HEN NIÊ");

    const CccdParse newer = parseCccdQr(fields.text() + "|Nguyễn Văn Ba|Lê Thị Bốn|");
    BOOST_TEST_REQUIRE(newer.card.has_value(), newer.refusal);
    BOOST_TEST(newer.card->issueDate == "2021-06-15");
    BOOST_TEST(newer.card->extraFields == (std::vector<std::string>{"Nguyễn Văn Ba", "Lê Thị Bốn", ""}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(trims_spaces_around_name_and_address_only) {
    Fields fields;
    fields.name = " TRẦN THỊ MINH THƯ ";
    fields.address = " 12 Đường Số 7, Phường 1 ";
    const CccdParse parsed = parseCccdQr(fields.text());
    BOOST_TEST_REQUIRE(parsed.card.has_value(), parsed.refusal);
    BOOST_TEST(parsed.card->fullName == "TRẦN THỊ MINH THƯ");
    BOOST_TEST(parsed.card->address == "12 Đường Số 7, Phường 1");

    fields = Fields{};
    fields.id = " 079190001234";
    BOOST_TEST(refusalOf(fields.text()).find("citizen ID") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(refuses_each_malformed_field_naming_the_rule) {
    struct Case {
        const char* what;
        void (*change)(Fields&);
        const char* reasonHas;
    };
    const std::vector<Case> cases = {
        {"11-digit ID", [](Fields& f) { f.id = "07919000123"; }, "field 1"},
        {"13-digit ID", [](Fields& f) { f.id = "0791900012345"; }, "field 1"},
        {"letter in ID", [](Fields& f) { f.id = "07919000123A"; }, "field 1"},
        {"fullwidth digits in ID", [](Fields& f) { f.id = "０７９１９０００１２３４"; }, "field 1"},
        {"empty ID", [](Fields& f) { f.id = ""; }, "field 1"},
        {"8-digit old ID", [](Fields& f) { f.oldId = "02511122"; }, "field 2"},
        {"12-digit old ID", [](Fields& f) { f.oldId = "079190001234"; }, "field 2"},
        {"empty name", [](Fields& f) { f.name = ""; }, "field 3"},
        {"spaces for a name", [](Fields& f) { f.name = "   "; }, "field 3"},
        {"digits in name", [](Fields& f) { f.name = "TRẦN THỊ 2"; }, "field 3"},
        {"markup in name", [](Fields& f) { f.name = "TRẦN <b>THƯ</b>"; }, "field 3"},
        {"30 February", [](Fields& f) { f.birth = "30022000"; }, "field 4"},
        {"29 February of a common year", [](Fields& f) { f.birth = "29022001"; }, "field 4"},
        {"day 0", [](Fields& f) { f.birth = "00011990"; }, "field 4"},
        {"month 13", [](Fields& f) { f.birth = "01131990"; }, "field 4"},
        {"7-digit date", [](Fields& f) { f.birth = "0101199"; }, "field 4"},
        {"ISO date", [](Fields& f) { f.birth = "1990-01-01"; }, "field 4"},
        {"year 1899", [](Fields& f) { f.birth = "31121899"; }, "field 4"},
        {"lower-case gender", [](Fields& f) { f.gender = "nam"; }, "field 5"},
        {"gender without its accent", [](Fields& f) { f.gender = "Nu"; }, "field 5"},
        {"gender in capitals", [](Fields& f) { f.gender = "NỮ"; }, "field 5"},
        {"gender decomposed (NFD)", [](Fields& f) { f.gender = "Nu\xCC\x83"; }, "field 5"},
        {"gender with a space", [](Fields& f) { f.gender = "Nam "; }, "field 5"},
        {"empty address", [](Fields& f) { f.address = ""; }, "field 6"},
        {"spaces for an address", [](Fields& f) { f.address = "  "; }, "field 6"},
        {"impossible issue date", [](Fields& f) { f.issue = "31042021"; }, "field 7"},
        {"year 2100", [](Fields& f) { f.issue = "01012100"; }, "field 7"},
        {"born after issue", [](Fields& f) { f.birth = "16062021"; }, "after the issue date"},
        {"newline in address", [](Fields& f) { f.address = "12 Lê Lợi\nPhường 1"; }, "control character"},
        {"escape in name", [](Fields& f) { f.name = "TRẦN\x1B[2J"; }, "control character"},
        {"NUL in address", [](Fields& f) { f.address = std::string("12 Lê Lợi\0x", 13); }, "control character"},
        {"DEL in address", [](Fields& f) { f.address = "12 Lê Lợi\x7F"; }, "control character"},
        {"C1 next-line in address", [](Fields& f) { f.address = "12 Lê Lợi\xC2\x85"; }, "control character"},
        {"right-to-left override in name", [](Fields& f) { f.name = "TRẦN\xE2\x80\xAE THƯ"; }, "bidirectional"},
        {"truncated UTF-8", [](Fields& f) { f.name = "TR\xE1\xBA"; }, "UTF-8"},
        {"overlong UTF-8 slash", [](Fields& f) { f.address = "12 \xC0\xAF Lê Lợi"; }, "UTF-8"},
        {"UTF-8 surrogate", [](Fields& f) { f.address = "12 \xED\xA0\x80"; }, "UTF-8"},
        {"byte 0xFF", [](Fields& f) { f.address = "12 \xFF"; }, "UTF-8"},
        {"address over 1 KB", [](Fields& f) { f.address = std::string(1100, 'A'); }, "more than the limit 1024"},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT(c.what) {
            Fields fields;
            c.change(fields);
            const std::string reason = refusalOf(fields.text());
            BOOST_TEST(reason.find(c.reasonHas) != std::string::npos, "reason: " << reason);
            // The log may see the reason: it must not carry the card's number or name.
            BOOST_TEST(reason.find("079190001234") == std::string::npos);
            BOOST_TEST(reason.find("MINH") == std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(refuses_texts_that_are_not_cards) {
    BOOST_TEST(refusalOf("").find("1 fields") != std::string::npos);
    BOOST_TEST(refusalOf("PA-7K3M-Q9R").find("1 fields") != std::string::npos);
    BOOST_TEST(refusalOf("079190001234|025111222|TRẦN THỊ MINH THƯ|29022000|Nữ|12 Lê Lợi").find("6 fields") !=
               std::string::npos);
    BOOST_TEST(refusalOf("||||||").find("field 1") != std::string::npos);
    BOOST_TEST(refusalOf(std::string(5000, '|')).find("1024") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(one_kilobyte_is_the_limit) {
    Fields fields;
    fields.address.clear();
    const std::size_t rest = fields.text().size();
    fields.address = std::string(1024 - rest, 'A');
    BOOST_TEST_REQUIRE(fields.text().size() == 1024u);
    BOOST_TEST(parseCccdQr(fields.text()).card.has_value());
    fields.address += 'A';
    BOOST_TEST(refusalOf(fields.text()) == "1025 bytes, more than the limit 1024");
}

BOOST_AUTO_TEST_CASE(random_and_mutated_texts_never_crash) {
    std::mt19937 random(20261128);
    std::uniform_int_distribution<int> byte(0, 255);
    const std::string valid = Fields{}.text();
    int accepted = 0;
    for (int round = 0; round < 20000; ++round) {
        std::string text = valid;
        if (round % 2 == 0) {
            // A few bytes of a real card changed: the kind of damage a bad scan does.
            for (int k = 0, n = 1 + round % 4; k < n; ++k)
                text[static_cast<std::size_t>(byte(random)) % text.size()] = static_cast<char>(byte(random));
        } else {
            text.assign(static_cast<std::size_t>(byte(random) * 5), '\0');
            for (char& c : text) c = static_cast<char>(byte(random) % 3 == 0 ? '|' : byte(random));
        }
        CccdParse parsed;
        BOOST_REQUIRE_NO_THROW(parsed = parseCccdQr(text));
        // Exactly one of: a card, or a reason.
        BOOST_REQUIRE(parsed.card.has_value() == parsed.refusal.empty());
        if (parsed.card) {
            ++accepted;
            BOOST_REQUIRE(parsed.card->citizenId.size() == 12u);
            BOOST_REQUIRE(parsed.card->birthDate <= parsed.card->issueDate);
        }
    }
    BOOST_TEST(accepted > 0);  // some damage (inside the address, say) leaves a valid card
    BOOST_TEST(accepted < 10000);
}

BOOST_AUTO_TEST_CASE(masks_all_but_three_digits_at_each_end) {
    BOOST_TEST(maskCitizenId("079123456789") == "079******789");
    BOOST_TEST(maskCitizenId("079190001234") == "079******234");
    for (const std::string_view bad : {"", "07912345678", "0791234567890", "07912345678A", "079 23456789"})
        BOOST_TEST(maskCitizenId(bad) == "************", "input: " << bad);
}

BOOST_AUTO_TEST_CASE(wipe_overwrites_and_empties_every_field) {
    Fields fields;
    fields.address = std::string(200, 'Q');  // long enough to live on the heap
    CccdParse parsed = parseCccdQr(fields.text() + "|EXTRA FIELD");
    BOOST_TEST_REQUIRE(parsed.card.has_value(), parsed.refusal);
    CccdCard& card = *parsed.card;
    const char* address = card.address.data();
    const std::size_t capacity = card.address.capacity();

    wipe(card);
    BOOST_TEST(card.citizenId.empty());
    BOOST_TEST(card.oldId.empty());
    BOOST_TEST(card.fullName.empty());
    BOOST_TEST(card.birthDate.empty());
    BOOST_TEST(card.gender.empty());
    BOOST_TEST(card.address.empty());
    BOOST_TEST(card.issueDate.empty());
    BOOST_TEST(card.extraFields.empty());
    // clear() keeps the buffer: what was in it is gone, not merely out of reach.
    BOOST_TEST_REQUIRE(card.address.data() == address);
    BOOST_TEST(std::string_view(address, capacity).find('Q') == std::string_view::npos);
}

BOOST_AUTO_TEST_CASE(unsafe_text_reason_accepts_vietnamese_and_refuses_controls) {
    BOOST_TEST(unsafeTextReason("Phường Bến Thành, Quận 1 — TP.HCM ✓").empty());
    BOOST_TEST(unsafeTextReason("").empty());
    BOOST_TEST(!unsafeTextReason("a\tb").empty());
    BOOST_TEST(!unsafeTextReason("a\xE2\x80\xA8" "b").empty());  // U+2028 line separator
    BOOST_TEST(!unsafeTextReason("a\xE2\x81\xA6" "b").empty());  // U+2066 left-to-right isolate
}

BOOST_AUTO_TEST_SUITE_END()
