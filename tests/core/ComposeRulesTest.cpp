// What the kiosk checks while a resident writes a report (app/feedback/ComposeRules.h): the
// answers a definition asks for, contact details, and dates, phones and names as people type them.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "feedback/ComposeRules.h"

using namespace kiosk::open311;

namespace {

ServiceDefinition definition() {
    ServiceDefinition d;
    d.code = "001";
    auto add = [&](std::string code, Datatype type, bool required, std::vector<AttributeValueChoice> values = {}) {
        ServiceAttribute a;
        a.code = std::move(code);
        a.datatype = type;
        a.required = required;
        a.values = std::move(values);
        d.attributes.push_back(a);
    };
    ServiceAttribute info;
    info.code = "SAFETY";
    info.variable = false;
    info.required = true;  // information only: never asked for, whatever it says
    d.attributes.push_back(info);
    add("LANDMARK", Datatype::String, true);
    add("SIZE", Datatype::SingleValueList, true, {{"S", "Nhỏ"}, {"M", "Vừa"}, {"L", "Lớn"}});
    add("WIDTH", Datatype::Number, false);
    add("HAZARD", Datatype::MultiValueList, false, {{"a", "A"}, {"b", "B"}});
    add("SEEN_AT", Datatype::Datetime, false);
    return d;
}

std::vector<std::string> fields(const std::vector<FieldError>& errors) {
    std::vector<std::string> out;
    for (const auto& e : errors) {
        BOOST_TEST(e.code == 0);
        BOOST_TEST(!e.description.empty());
        out.push_back(e.field);
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(compose_rules)

BOOST_AUTO_TEST_CASE(required_answers_and_their_forms) {
    const auto d = definition();
    ReportDraft draft;
    BOOST_TEST(fields(checkAnswers(d, draft)) == (std::vector<std::string>{"LANDMARK", "SIZE"}));

    setAnswer(draft, d.attributes[1], {"  "});  // blank is not an answer
    BOOST_TEST(answerFor(draft, "LANDMARK") == nullptr);
    setAnswer(draft, d.attributes[1], {"Chợ Bến Thành"});
    setAnswer(draft, d.attributes[2], {"M"});
    BOOST_TEST(checkAnswers(d, draft).empty());

    setAnswer(draft, d.attributes[3], {"1,5"});
    BOOST_TEST(checkAnswers(d, draft).empty());
    setAnswer(draft, d.attributes[3], {"mười"});
    BOOST_TEST(fields(checkAnswers(d, draft)) == (std::vector<std::string>{"WIDTH"}));
    setAnswer(draft, d.attributes[3], {"12"});

    setAnswer(draft, d.attributes[4], {"a", "b"});
    BOOST_TEST(answerFor(draft, "HAZARD")->multiple);
    BOOST_TEST(checkAnswers(d, draft).empty());
    setAnswer(draft, d.attributes[4], {"a", "z"});  // a key the city no longer offers
    BOOST_TEST(fields(checkAnswers(d, draft)) == (std::vector<std::string>{"HAZARD"}));
    setAnswer(draft, d.attributes[4], {});
    BOOST_TEST(answerFor(draft, "HAZARD") == nullptr);

    setAnswer(draft, d.attributes[5], {"2026-11-28T08:30:00+07:00"});
    BOOST_TEST(checkAnswers(d, draft).empty());
    setAnswer(draft, d.attributes[5], {"hôm qua"});
    BOOST_TEST(fields(checkAnswers(d, draft)) == (std::vector<std::string>{"SEEN_AT"}));
    setAnswer(draft, d.attributes[5], {});

    draft.attributes.push_back({"SIZE2", {"x"}, false});  // carried over from another service
    BOOST_TEST(fields(checkAnswers(d, draft)) == (std::vector<std::string>{"SIZE2"}));
}

BOOST_AUTO_TEST_CASE(a_single_choice_with_two_answers_is_refused) {
    const auto d = definition();
    ReportDraft draft;
    setAnswer(draft, d.attributes[1], {"x"});
    draft.attributes.push_back({"SIZE", {"S", "M"}, false});
    BOOST_TEST(fields(checkAnswers(d, draft)) == (std::vector<std::string>{"SIZE"}));
}

BOOST_AUTO_TEST_CASE(description_address_and_contact) {
    ReportDraft draft;
    BOOST_TEST(fields(checkReportText(draft)) == (std::vector<std::string>{"description", "address_string"}));
    draft.description = "Ổ gà lớn trước số 12";
    draft.lat = 10.77;
    draft.lon = 106.70;  // a point on the map is a location too
    BOOST_TEST(checkReportText(draft).empty());
    draft.description = std::string(4001, 'a');
    BOOST_TEST(fields(checkReportText(draft)) == (std::vector<std::string>{"description"}));
    std::string vietnamese;
    for (int i = 0; i < 4000; ++i) vietnamese += "ữ";  // 4000 characters, 12000 bytes
    draft.description = vietnamese;
    BOOST_TEST(checkReportText(draft).empty());

    BOOST_TEST(fields(checkContact(draft)) == (std::vector<std::string>{"first_name", "phone"}));
    draft.lastName = "Nguyễn";
    draft.phone = "12345";
    BOOST_TEST(fields(checkContact(draft)) == (std::vector<std::string>{"phone"}));
    draft.phone = "0909 123 456";
    BOOST_TEST(checkContact(draft).empty());
    draft = {};
    draft.anonymous = true;
    BOOST_TEST(checkContact(draft).empty());
}

BOOST_AUTO_TEST_CASE(personal_details_have_a_maximum_length) {
    // Issue 17: the same limits the screen's fields stop at (characters, not bytes).
    ReportDraft draft;
    draft.description = "Ổ gà";
    std::string name;
    for (std::size_t i = 0; i < kMaxNameChars; ++i) name += "ữ";
    draft.lastName = name;
    draft.phone = "0909 123 456";
    BOOST_TEST(checkContact(draft).empty());
    draft.firstName = "An";  // "ữ…ữ An": over the limit together
    BOOST_TEST(fields(checkContact(draft)) == (std::vector<std::string>{"first_name"}));
    draft.firstName.clear();
    draft.email = std::string(kMaxEmailChars - 7, 'a') + "@vnn.vn";
    BOOST_TEST(checkContact(draft).empty());
    draft.email += "x";
    BOOST_TEST(fields(checkContact(draft)) == (std::vector<std::string>{"email"}));
    draft.email.clear();
    draft.phone = "0909 123 456" + std::string(kMaxPhoneChars, ' ');
    BOOST_TEST(fields(checkContact(draft)) == (std::vector<std::string>{"phone"}));
    draft.address = std::string(kMaxAddressChars, 'a');
    BOOST_TEST(checkReportText(draft).empty());
    draft.address += "ữ";
    BOOST_TEST(fields(checkReportText(draft)) == (std::vector<std::string>{"address_string"}));
    // An anonymous report keeps no contact details, so their length does not matter.
    draft.anonymous = true;
    draft.phone = std::string(100, '0');
    BOOST_TEST(checkContact(draft).empty());
}

BOOST_AUTO_TEST_CASE(dates_as_people_type_them) {
    BOOST_TEST(cityDateTimeFromTyped("28/11/2026 08:30").value_or("none") == "2026-11-28T08:30:00+07:00");
    BOOST_TEST(cityDateTimeFromTyped(" 28/11/2026   8:05 ").value_or("none") == "2026-11-28T08:05:00+07:00");
    BOOST_TEST(cityDateTimeFromTyped("1-2-2026").value_or("none") == "2026-02-01T00:00:00+07:00");
    BOOST_TEST(cityDateTimeFromTyped("29.02.2024 23:59").value_or("none") == "2024-02-29T23:59:00+07:00");
    for (const char* bad : {"", "hôm qua", "29/02/2026", "31/04/2026", "28/11/2026 24:00", "28/11/2026 08:60",
                            "28/11-2026", "28/11/2026 08:30 sáng", "0/11/2026", "28/13/2026", "28/11/26"})
        BOOST_TEST(!cityDateTimeFromTyped(bad).has_value(), bad);
    BOOST_TEST(typedFromCityDateTime("2026-11-28T08:30:00+07:00") == "28/11/2026 08:30");
    BOOST_TEST(typedFromCityDateTime("hôm qua") == "hôm qua");
    BOOST_TEST(cityDateTimeFromTyped(typedFromCityDateTime("2026-01-05T17:45:00+07:00")).value_or("") ==
               "2026-01-05T17:45:00+07:00");
}

BOOST_AUTO_TEST_CASE(phones_as_people_type_them) {
    BOOST_TEST(normalizePhone("0909 123 456").value_or("none") == "0909123456");
    BOOST_TEST(normalizePhone("+84 909.123.456").value_or("none") == "0909123456");
    BOOST_TEST(normalizePhone("84909123456").value_or("none") == "0909123456");
    BOOST_TEST(normalizePhone("(028) 3829 1234").value_or("none") == "02838291234");
    for (const char* bad : {"", "12345", "0009123456", "+1 202 555 0100", "0909-abc-456", "09091234567890123",
                            "+84+909123456", "090912345"})
        BOOST_TEST(!normalizePhone(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(vietnamese_names_family_name_first) {
    const auto [first, last] = splitFullName("  Nguyễn   Văn An ");
    BOOST_TEST(first == "Văn An");
    BOOST_TEST(last == "Nguyễn");
    ReportDraft draft;
    draft.firstName = first;
    draft.lastName = last;
    BOOST_TEST(fullName(draft) == "Nguyễn Văn An");
    const auto single = splitFullName("Hùng");
    BOOST_TEST(single.first == "Hùng");
    BOOST_TEST(single.second.empty());
    draft.firstName = "Hùng";
    draft.lastName.clear();
    BOOST_TEST(fullName(draft) == "Hùng");
}

BOOST_AUTO_TEST_SUITE_END()
