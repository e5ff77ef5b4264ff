// Open311 GeoReport v2 as the kiosk reads and writes it (app/feedback/OPEN311.md): every
// datatype, hostile definitions and answers (each must come back as an error, never a crash),
// and the exact form body of a report.
#include <boost/test/unit_test.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "feedback/Open311.h"

using namespace kiosk::open311;
using Kind = SubmitAnswer::Kind;

namespace {
int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// Decodes an application/x-www-form-urlencoded body the way a server does, in order.
std::vector<std::pair<std::string, std::string>> decodeForm(const std::string& body) {
    auto decode = [](const std::string& text) {
        std::string out;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 && hexValue(text[i + 2]) >= 0) {
                out += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
                i += 2;
            } else if (text[i] == '+') {
                out += ' ';
            } else {
                out += text[i];
            }
        }
        return out;
    };
    std::vector<std::pair<std::string, std::string>> fields;
    std::size_t start = 0;
    while (start <= body.size()) {
        auto end = body.find('&', start);
        if (end == std::string::npos) end = body.size();
        const auto pair = body.substr(start, end - start);
        const auto eq = pair.find('=');
        fields.emplace_back(decode(pair.substr(0, eq)), eq == std::string::npos ? "" : decode(pair.substr(eq + 1)));
        start = end + 1;
    }
    return fields;
}

std::vector<std::string> valuesOf(const std::vector<std::pair<std::string, std::string>>& fields, const std::string& name) {
    std::vector<std::string> values;
    for (const auto& [n, v] : fields)
        if (n == name) values.push_back(v);
    return values;
}

std::string one(const std::vector<std::pair<std::string, std::string>>& fields, const std::string& name) {
    const auto values = valuesOf(fields, name);
    BOOST_TEST_REQUIRE(values.size() == 1u, name);
    return values.front();
}

ReportDraft sampleDraft() {
    ReportDraft d;
    d.serviceCode = "001";
    d.serviceName = "Ổ gà, hư hỏng mặt đường";
    d.description = "Ổ gà lớn trước số 12 Lê Lợi";
    d.address = "12 Lê Lợi";
    d.firstName = "Lan";
    d.lastName = "Nguyễn Thị";
    d.phone = "0901234567";
    d.email = "lan@example.vn";
    d.consentVersion = "2026-11";
    d.consentAt = "2026-11-28T01:00:00Z";
    return d;
}

FormSettings settings() {
    return {"key-123", "hcmc", "kiosk-26740", "Phường Bến Thành"};
}

// A definition with one attribute whose JSON members are `members` (no braces).
std::string definitionWith(const std::string& members) {
    return R"({"service_code": "001", "attributes": [{)" + members + "}]}";
}
const std::string kGoodAttribute =
    R"("variable": true, "code": "SIZE", "datatype": "singlevaluelist", "required": true, "order": 1, )"
    R"("description": "Kích thước", "values": [{"key": "S", "name": "Nhỏ"}])";
}  // namespace

BOOST_AUTO_TEST_SUITE(open311_services)

BOOST_AUTO_TEST_CASE(a_list_of_services_is_read_with_every_field) {
    const auto parsed = parseServices(R"([
        {"service_code": "001", "service_name": "Ổ gà, hư hỏng mặt đường", "description": "Mặt đường hư",
         "metadata": true, "type": "realtime", "keywords": "đường, ổ gà", "group": "Giao thông"},
        {"service_code": 2, "service_name": "number code"},
        {"service_code": "003", "service_name": "Rác thải", "metadata": false, "type": "batch", "group": null}])");
    BOOST_TEST_REQUIRE(parsed.ok(), parsed.error);
    BOOST_TEST_REQUIRE(parsed.value.size() == 2u);  // a number is not a service code
    const auto& s = parsed.value[0];
    BOOST_TEST(s.code == "001");
    BOOST_TEST(s.name == "Ổ gà, hư hỏng mặt đường");
    BOOST_TEST(s.description == "Mặt đường hư");
    BOOST_TEST(s.metadata);
    BOOST_TEST(s.type == "realtime");
    BOOST_TEST(s.keywords == "đường, ổ gà");
    BOOST_TEST(s.group == "Giao thông");
    BOOST_TEST(parsed.value[1].code == "003");
    BOOST_TEST(!parsed.value[1].metadata);
    BOOST_TEST(parsed.value[1].group.empty());
    BOOST_TEST(parsed.warnings.size() == 1u);
}

BOOST_AUTO_TEST_CASE(hostile_service_lists_are_errors_or_skipped_entries) {
    for (const std::string& text : std::vector<std::string>{"", "not json", "{\"service_code\": \"001\"}", "42", "[]", "[1, 2, \"x\"]",
                                   std::string(100000, '[') + std::string(100000, ']'), "[{\"service_code\": \"\xff\"}]",
                                   "[{\"service_code\": \"001\", \"service_name\": \"x\"", "null"}) {
        const auto parsed = parseServices(text);
        BOOST_TEST(!parsed.ok(), text.substr(0, 40));
        BOOST_TEST(!parsed.error.empty());
        BOOST_TEST(parsed.value.empty());
    }
    const auto mixed = parseServices(R"([
        {"service_code": "001", "service_name": "A"},
        {"service_code": "001", "service_name": "duplicate"},
        {"service_code": "002", "service_name": ["not", "text"]},
        {"service_code": "003", "service_name": "C", "metadata": "yes"},
        {"service_code": "a[b]", "service_name": "brackets"},
        {"service_code": "004"},
        {"service_code": "005", "service_name": ")" + std::string(5000, 'x') + R"("},
        {"service_code": "006", "service_name": "F"}])");
    BOOST_TEST_REQUIRE(mixed.ok(), mixed.error);
    BOOST_TEST_REQUIRE(mixed.value.size() == 2u);
    BOOST_TEST(mixed.value[0].name == "A");  // the first of a duplicate code is kept
    BOOST_TEST(mixed.value[1].code == "006");
    BOOST_TEST(mixed.warnings.size() == 6u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(open311_definitions)

BOOST_AUTO_TEST_CASE(every_datatype_is_read_and_attributes_come_in_order) {
    const auto parsed = parseServiceDefinition(R"({"service_code": "001", "attributes": [
        {"variable": true, "code": "MULTI", "datatype": "multivaluelist", "required": false, "order": 6,
         "description": "Loại", "values": [{"key": "a", "name": "Một"}, {"key": 2, "name": "Hai"}]},
        {"variable": true, "code": "SIZE", "datatype": "singlevaluelist", "required": true, "order": 5,
         "datatype_description": null, "description": "Kích thước",
         "values": [{"key": "S", "name": "Nhỏ"}, {"key": "L", "name": "Lớn"}]},
        {"variable": true, "code": "NOTE", "datatype": "text", "required": false, "order": 4, "description": "Ghi chú"},
        {"variable": true, "code": "WHEN", "datatype": "datetime", "required": false, "order": 3, "description": "Lúc"},
        {"variable": true, "code": "COUNT", "datatype": "number", "required": false, "order": 2, "description": "Số",
         "datatype_description": "Số nguyên"},
        {"variable": false, "code": "INFO", "datatype": "string", "order": 1, "description": "Chỉ để đọc"},
        {"variable": true, "code": "SAME", "datatype": "STRING", "order": 2, "description": "tie keeps city order"}]})",
                                               "001");
    BOOST_TEST_REQUIRE(parsed.ok(), parsed.error);
    const auto& a = parsed.value.attributes;
    BOOST_TEST_REQUIRE(a.size() == 7u);
    const std::vector<std::string> order = {"INFO", "COUNT", "SAME", "WHEN", "NOTE", "SIZE", "MULTI"};
    for (std::size_t i = 0; i < order.size(); ++i) BOOST_TEST(a[i].code == order[i]);
    BOOST_TEST((a[0].datatype == Datatype::String));
    BOOST_TEST(!a[0].variable);
    BOOST_TEST((a[1].datatype == Datatype::Number));
    BOOST_TEST(a[1].datatypeDescription == "Số nguyên");
    BOOST_TEST((a[2].datatype == Datatype::String));
    BOOST_TEST((a[3].datatype == Datatype::Datetime));
    BOOST_TEST((a[4].datatype == Datatype::Text));
    BOOST_TEST((a[5].datatype == Datatype::SingleValueList));
    BOOST_TEST(a[5].required);
    BOOST_TEST_REQUIRE(a[5].values.size() == 2u);
    BOOST_TEST(a[5].values[1].key == "L");
    BOOST_TEST(a[5].values[1].name == "Lớn");
    BOOST_TEST((a[6].datatype == Datatype::MultiValueList));
    BOOST_TEST(a[6].values[1].key == "2");  // a numeric key, as some servers write it
    BOOST_TEST(parsed.requiresFields);
}

BOOST_AUTO_TEST_CASE(a_definition_without_attributes_or_required_fields_needs_none) {
    const auto bare = parseServiceDefinition(R"({"service_code": "001"})", "001");
    BOOST_TEST_REQUIRE(bare.ok(), bare.error);
    BOOST_TEST(bare.value.attributes.empty());
    BOOST_TEST(!bare.requiresFields);
    const auto optional = parseServiceDefinition(definitionWith(
        R"("code": "NOTE", "datatype": "text", "required": false, "description": "Ghi chú")"));
    BOOST_TEST_REQUIRE(optional.ok(), optional.error);
    BOOST_TEST(!optional.requiresFields);
    BOOST_TEST(optional.value.attributes.front().order == 1);  // no order: the city's position
}

BOOST_AUTO_TEST_CASE(hostile_definitions_are_refused_with_the_reason) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"", "empty"},
        {"<html>502 Bad Gateway</html>", "not JSON"},
        {"[]", "not an object"},
        {R"({"service_code": "002", "attributes": []})", "service_code"},
        {R"({"service_code": "001", "attributes": {"code": "X"}})", "not a list"},
        {R"({"service_code": "001", "attributes": [7]})", "not an object"},
        {definitionWith(R"("code": "X", "datatype": "colour", "description": "d")"), "unknown datatype"},
        {definitionWith(R"("code": "X", "datatype": 3, "description": "d")"), "datatype"},
        {definitionWith(R"("code": "X", "datatype": "singlevaluelist", "description": "d")"), "without values"},
        {definitionWith(R"("code": "X", "datatype": "multivaluelist", "description": "d", "values": [])"), "without values"},
        {definitionWith(R"("code": "X", "datatype": "multivaluelist", "description": "d", "values": "a,b")"), "without values"},
        {definitionWith(R"("code": "X", "datatype": "singlevaluelist", "description": "d", "values": [{"name": "n"}])"),
         "without key"},
        {definitionWith(R"("code": "X", "datatype": "singlevaluelist", "description": "d",
                           "values": [{"key": "a", "name": "1"}, {"key": "a", "name": "2"}])"), "used twice"},
        {R"({"service_code": "001", "attributes": [)"
         R"({"code": "X", "datatype": "string", "description": "d"}, {"code": "X", "datatype": "text", "description": "e"}]})",
         "code used twice"},
        {definitionWith(R"("code": "X", "datatype": "string", "description": "d", "required": "yes")"), "required"},
        {definitionWith(R"("code": "X", "datatype": "string", "description": "d", "variable": 1)"), "variable"},
        {definitionWith(R"("code": "X", "datatype": "string", "description": "d", "order": "1")"), "order"},
        {definitionWith(R"("code": "X", "datatype": "string", "description": "d", "order": 1.5)"), "order"},
        {definitionWith(R"("code": "X]", "datatype": "string", "description": "d")"), "not valid"},
        {definitionWith(R"("code": "", "datatype": "string", "description": "d")"), "not valid"},
        {definitionWith(R"("datatype": "string", "description": "d")"), "not valid"},
        {definitionWith(R"("code": "X", "datatype": "string")"), "no description"},
        {definitionWith(R"("code": "X", "datatype": "string", "description": ")" + std::string(20000, 'y') + "\""),
         "longer than"},
        {std::string(50, '[') + std::string(50, ']'), "nests"},
        {std::string(50, '{'), "not JSON"},
    };
    for (const auto& [text, why] : cases) {
        const auto parsed = parseServiceDefinition(text, "001");
        BOOST_TEST(!parsed.ok(), text.substr(0, 80));
        BOOST_TEST(parsed.error.find(why) != std::string::npos, parsed.error << " (expected: " << why << ")");
        BOOST_TEST(parsed.value.attributes.empty());
    }
    std::string many = R"({"service_code": "001", "attributes": [)";
    for (int i = 0; i < 300; ++i)
        many += (i ? "," : "") + std::string(R"({"code": "A)") + std::to_string(i) + R"(", "datatype": "string", "description": "d"})";
    BOOST_TEST(parseServiceDefinition(many + "]}").error.find("more than") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_refused_definition_says_whether_the_service_can_go_without_fields) {
    // Broken, but nothing in it is required: the service may be offered without extra fields.
    const auto optional = parseServiceDefinition(R"({"service_code": "001", "attributes": [
        {"code": "X", "datatype": "colour", "required": false, "description": "d"}]})");
    BOOST_TEST(!optional.ok());
    BOOST_TEST(!optional.requiresFields);
    const auto required = parseServiceDefinition(definitionWith(
        R"("code": "X", "datatype": "singlevaluelist", "required": true, "description": "d")"));
    BOOST_TEST(!required.ok());
    BOOST_TEST(required.requiresFields);
    const auto unclear = parseServiceDefinition(definitionWith(
        R"("code": "X", "datatype": "colour", "required": "maybe", "description": "d")"));
    BOOST_TEST(unclear.requiresFields);
    BOOST_TEST(parseServiceDefinition("garbage").requiresFields);
    BOOST_TEST(parseServiceDefinition(definitionWith(kGoodAttribute)).ok());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(open311_answers)

BOOST_AUTO_TEST_CASE(an_id_or_a_token_is_read_from_a_success) {
    const auto filed = parseSubmitAnswer(201, R"([{"service_request_id": "HCM-2026-000123", "service_notice": "Đã nhận"}])");
    BOOST_TEST((filed.kind == Kind::Filed));
    BOOST_TEST(filed.requestId == "HCM-2026-000123");
    BOOST_TEST(filed.notice == "Đã nhận");
    const auto numeric = parseSubmitAnswer(200, R"([{"service_request_id": 638344}])");
    BOOST_TEST((numeric.kind == Kind::Filed));
    BOOST_TEST(numeric.requestId == "638344");
    const auto token = parseSubmitAnswer(200, R"([{"token": "tok-9", "service_notice": ""}])");
    BOOST_TEST((token.kind == Kind::Token));
    BOOST_TEST(token.token == "tok-9");
    const auto both = parseSubmitAnswer(200, R"([{"token": "tok-9", "service_request_id": "77"}])");
    BOOST_TEST((both.kind == Kind::Filed));
    BOOST_TEST(both.requestId == "77");
}

BOOST_AUTO_TEST_CASE(a_400_is_a_refusal_with_each_error_on_its_field) {
    const auto refused = parseSubmitAnswer(400, R"([
        {"code": 400, "description": "attribute[SIZE] is required"},
        {"code": "400", "description": "Email address is not valid"},
        {"code": 400, "description": "Mô tả quá ngắn: description must have 10 characters"},
        {"code": 400, "description": "KINDS has an unknown value"},
        {"code": 400, "description": "Nội dung không phù hợp"},
        {"code": 400, "description": "Description too long"},
        {"code": 400, "description": "lat is outside the city"},
        {"code": 400}, "just text"])",
                                           {"SIZE", "KINDS"});
    BOOST_TEST_REQUIRE((refused.kind == Kind::Refused));
    BOOST_TEST_REQUIRE(refused.errors.size() == 7u);
    BOOST_TEST(refused.errors[0].field == "SIZE");
    BOOST_TEST(refused.errors[0].code == 400);
    BOOST_TEST(refused.errors[1].field == "email");
    BOOST_TEST(refused.errors[1].code == 400);
    BOOST_TEST(refused.errors[2].field == "description");
    BOOST_TEST(refused.errors[3].field == "KINDS");
    BOOST_TEST(refused.errors[4].field == "");
    BOOST_TEST(refused.errors[4].description == "Nội dung không phù hợp");
    BOOST_TEST(refused.errors[5].field == "description");  // "long" is not the long field here
    BOOST_TEST(refused.errors[6].field == "lat");
    // Without the service's codes an attribute is still found by its form name.
    BOOST_TEST(fieldNamedIn("attribute[KINDS][] is empty") == "KINDS");
    BOOST_TEST(fieldNamedIn("KINDS has an unknown value").empty());
    BOOST_TEST(fieldNamedIn("service_code 999 is not a service") == "service_code");
    BOOST_TEST(fieldNamedIn("the phonebook is closed").empty());  // whole words only
}

// Issue 18: a refusal names the field by the description the service definition gives it, never
// by its code ("Hệ thống 1022 trả lời: LANDMARK: bắt buộc" was shown).
BOOST_AUTO_TEST_CASE(a_refusal_names_the_field_by_its_description_not_its_code) {
    ServiceAttribute landmark;
    landmark.code = "LANDMARK";
    landmark.description = "Mốc gần nhất (số nhà, cột điện, biển báo)";
    auto refused = parseSubmitAnswer(
        400, R"([{"code":400,"description":"LANDMARK: bắt buộc"},{"code":400,"description":"attribute[LANDMARK] is required"},
                 {"code":400,"description":"SIZE: quá lớn"}])", {"LANDMARK"});
    BOOST_TEST_REQUIRE(refused.errors.size() == 3u);
    labelFields(refused.errors, {landmark});
    BOOST_TEST(refused.errors[0].fieldLabel == landmark.description);
    BOOST_TEST(residentWords(refused.errors[0]) == "Mốc gần nhất (số nhà, cột điện, biển báo): bắt buộc");
    BOOST_TEST(residentWords(refused.errors[1]) == "Mốc gần nhất (số nhà, cột điện, biển báo) is required");
    BOOST_TEST(residentWords(refused.errors[2]) == "quá lớn");  // not in the cached definition: the code still goes
    // The label is kept with the refusal in the outbox.
    const auto back = errorsFromJson(errorsToJson(refused.errors));
    BOOST_TEST_REQUIRE(back.size() == 3u);
    BOOST_TEST(back[0].fieldLabel == landmark.description);
    BOOST_TEST(residentWords(back[0]).find("LANDMARK") == std::string::npos);
    // Without a definition the code is dropped, the city's words stay.
    FieldError bare{400, "LANDMARK: bắt buộc", "LANDMARK", ""};
    BOOST_TEST(residentWords(bare) == "bắt buộc");
    BOOST_TEST(residentWords(FieldError{400, "Nội dung không phù hợp", "", ""}) == "Nội dung không phù hợp");
}

// A 1022 gateway that answers its errors as RFC 9457 problem details (application/problem+json)
// refuses just as clearly: its "detail" (or, without one, its "title") is the reason.
BOOST_AUTO_TEST_CASE(a_problem_details_refusal_says_why_like_an_open311_one) {
    const auto refused = parseSubmitAnswer(400, R"({"type": "https://1022.hochiminhcity.gov.vn/problems/invalid",
        "title": "Yêu cầu không hợp lệ", "status": 400, "detail": "attribute[SIZE] is required"})",
                                           {"SIZE"});
    BOOST_TEST_REQUIRE((refused.kind == Kind::Refused));
    BOOST_TEST_REQUIRE(refused.errors.size() == 1u);
    BOOST_TEST(refused.errors[0].description == "attribute[SIZE] is required");
    BOOST_TEST(refused.errors[0].field == "SIZE");
    BOOST_TEST(refused.errors[0].code == 400);
    const auto titled = parseSubmitAnswer(400, R"({"title": "Nội dung không phù hợp", "status": 400})");
    BOOST_TEST_REQUIRE((titled.kind == Kind::Refused));
    BOOST_TEST(titled.errors[0].description == "Nội dung không phù hợp");
    // A problem with neither says nothing a resident could act on: kept and retried.
    BOOST_TEST((parseSubmitAnswer(400, R"({"type": "about:blank", "status": 400})").kind == Kind::Retry));
}

BOOST_AUTO_TEST_CASE(a_huge_refusal_text_is_cut_at_a_character_boundary) {
    const std::string huge = R"([{"code": 400, "description": ")" + [] {
        std::string s;
        for (int i = 0; i < 3000; ++i) s += "ầ";
        return s;
    }() + "\"}]";
    const auto refused = parseSubmitAnswer(400, huge);
    BOOST_TEST_REQUIRE((refused.kind == Kind::Refused));
    BOOST_TEST(refused.errors[0].description.size() < 2100u);
    BOOST_TEST(refused.errors[0].description.ends_with("ầ…"));
}

BOOST_AUTO_TEST_CASE(everything_else_is_kept_for_a_retry) {
    const std::vector<std::pair<long, std::string>> cases = {
        {400, "Bad Request"},             // not the JSON of a refusal
        {400, "[]"},                      // a refusal without a reason
        {400, R"([{"code": 400}])"},
        {403, R"([{"code": 403, "description": "Invalid api_key"}])"},
        {404, "[]"},
        {429, ""},
        {500, R"([{"service_request_id": "1"}])"},
        {503, "<html>"},
        {200, ""},
        {200, "not json"},
        {200, "[]"},
        {200, "[{}]"},
        {200, R"([{"service_notice": "ok"}])"},
        {200, R"([{"service_request_id": {"id": 1}}])"},
        {200, R"([{"service_request_id": "a b"}])"},
        {200, R"([{"token": ")" + std::string(1000, 't') + "\"}]"},
        {200, R"(["service_request_id"])"},
        {200, std::string(10000, '[')},
        {302, ""},
    };
    for (const auto& [status, body] : cases) {
        const auto answer = parseSubmitAnswer(status, body);
        BOOST_TEST((answer.kind == Kind::Retry), status << " " << body.substr(0, 60));
        BOOST_TEST(!answer.reason.empty());
        BOOST_TEST(answer.reason.find(std::to_string(status)) != std::string::npos, answer.reason);
    }
    BOOST_TEST(parseSubmitAnswer(403, "").reason.find("api_key") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_token_poll_gives_the_id_once_there_is_one) {
    const auto filed = parseTokenAnswer(200, R"([{"service_request_id": "638344", "token": "tok-9"}])", "tok-9");
    BOOST_TEST((filed.kind == Kind::Filed));
    BOOST_TEST(filed.requestId == "638344");
    BOOST_TEST(filed.token == "tok-9");
    for (const std::string pending : {R"([{"service_request_id": null, "token": "tok-9"}])", R"([{"token": "tok-9"}])"}) {
        const auto answer = parseTokenAnswer(200, pending, "tok-9");
        BOOST_TEST((answer.kind == Kind::Token), pending);
        BOOST_TEST(answer.token == "tok-9");
    }
    BOOST_TEST((parseTokenAnswer(404, "", "tok-9").kind == Kind::Retry));
    BOOST_TEST((parseTokenAnswer(400, R"([{"code": 400, "description": "x"}])", "tok-9").kind == Kind::Retry));
    BOOST_TEST((parseTokenAnswer(200, "{", "tok-9").kind == Kind::Retry));
}

BOOST_AUTO_TEST_CASE(tracking_answers_are_read_and_odd_entries_skipped) {
    const auto parsed = parseRequests(R"([
        {"service_request_id": "A1", "status": "open", "status_notes": "Đang xử lý", "service_name": "Ổ gà",
         "agency_responsible": "UBND phường", "requested_datetime": "2026-11-28T08:00:00+07:00",
         "updated_datetime": "2026-11-29T08:00:00+07:00", "expected_datetime": null, "address": "12 Lê Lợi"},
        {"service_request_id": 42, "status": "CLOSED"},
        {"service_request_id": "A3", "status": "fixed"},
        {"status": "open"},
        {"service_request_id": "A5", "status": "open", "status_notes": 5},
        "text"])");
    BOOST_TEST_REQUIRE(parsed.ok(), parsed.error);
    BOOST_TEST_REQUIRE(parsed.value.size() == 2u);
    const auto& a = parsed.value[0];
    BOOST_TEST(a.serviceRequestId == "A1");
    BOOST_TEST(a.status == "open");
    BOOST_TEST(a.statusNotes == "Đang xử lý");
    BOOST_TEST(a.serviceName == "Ổ gà");
    BOOST_TEST(a.agencyResponsible == "UBND phường");
    BOOST_TEST(a.requestedAt == "2026-11-28T08:00:00+07:00");
    BOOST_TEST(a.updatedAt == "2026-11-29T08:00:00+07:00");
    BOOST_TEST(a.expectedAt.empty());
    BOOST_TEST(a.address == "12 Lê Lợi");
    BOOST_TEST(parsed.value[1].serviceRequestId == "42");
    BOOST_TEST(parsed.value[1].status == "closed");
    BOOST_TEST(parsed.warnings.size() == 4u);
    BOOST_TEST(!parseRequests("{}").ok());
    BOOST_TEST(!parseRequests("<html>").ok());
    BOOST_TEST(parseRequests("[]").ok());  // none of ours known yet: not an error
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(open311_form)

BOOST_AUTO_TEST_CASE(the_form_body_has_every_field_of_the_contract) {
    auto draft = sampleDraft();
    draft.lat = 10.7725;
    draft.lon = 106.698;
    draft.parentRequestId = "HCM-1";
    draft.attributes = {{"SIZE", {"L"}, false}, {"KINDS", {"a", "b c"}, true}};
    const std::string body = formBody(draft, "PA-7K3M-Q9R", settings());
    const auto fields = decodeForm(body);
    BOOST_TEST(fields.front().first == "api_key");
    BOOST_TEST(one(fields, "api_key") == "key-123");
    BOOST_TEST(one(fields, "jurisdiction_id") == "hcmc");
    BOOST_TEST(one(fields, "service_code") == "001");
    BOOST_TEST(one(fields, "description") == "Ổ gà lớn trước số 12 Lê Lợi");
    BOOST_TEST(one(fields, "address_string") == "12 Lê Lợi, Phường Bến Thành");
    BOOST_TEST(one(fields, "lat") == "10.772500");
    BOOST_TEST(one(fields, "long") == "106.698000");
    BOOST_TEST(one(fields, "first_name") == "Lan");
    BOOST_TEST(one(fields, "last_name") == "Nguyễn Thị");
    BOOST_TEST(one(fields, "phone") == "0901234567");
    BOOST_TEST(one(fields, "email") == "lan@example.vn");
    BOOST_TEST(one(fields, "device_id") == "kiosk-26740");
    BOOST_TEST(one(fields, "attribute[SIZE]") == "L");
    BOOST_TEST((valuesOf(fields, "attribute[KINDS][]") == std::vector<std::string>{"a", "b c"}));
    BOOST_TEST(valuesOf(fields, "attribute[KINDS]").empty());
    BOOST_TEST(one(fields, "attribute[kiosk_consent_version]") == "2026-11");
    BOOST_TEST(one(fields, "attribute[kiosk_consent_at]") == "2026-11-28T01:00:00Z");
    BOOST_TEST(one(fields, "attribute[kiosk_parent_request_id]") == "HCM-1");
    BOOST_TEST(one(fields, "attribute[kiosk_tracking]") == "PA-7K3M-Q9R");
    BOOST_TEST(valuesOf(fields, "service_name").empty());  // for the receipt only
}

BOOST_AUTO_TEST_CASE(vietnamese_text_is_sent_as_percent_encoded_utf8) {
    auto draft = sampleDraft();
    draft.description = "Ổ gà & nước=đọng";
    const std::string body = formBody(draft, "PA-7K3M-Q9R", settings());
    // Ổ is U+1ED4 (E1 BB 94), à U+00E0 (C3 A0), đ U+0111 (C4 91); & and = are data, not syntax.
    BOOST_TEST(body.find("&description=%E1%BB%94%20g%C3%A0%20%26%20n%C6%B0%E1%BB%9Bc%3D%C4%91%E1%BB%8Dng&") !=
                   std::string::npos,
               body);
    BOOST_TEST(body.find("attribute%5Bkiosk_tracking%5D=PA-7K3M-Q9R") != std::string::npos, body);
    BOOST_TEST(body.find(' ') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_anonymous_report_sends_no_contact_and_no_point_unless_chosen) {
    auto draft = sampleDraft();
    draft.anonymous = true;
    const auto fields = decodeForm(formBody(draft, "PA-7K3M-Q9R", settings()));
    for (const auto* name : {"first_name", "last_name", "phone", "email"}) BOOST_TEST(one(fields, name).empty(), name);
    BOOST_TEST(valuesOf(fields, "lat").empty());
    BOOST_TEST(valuesOf(fields, "long").empty());
    BOOST_TEST(valuesOf(fields, "attribute[kiosk_parent_request_id]").empty());
    auto plain = settings();
    plain.jurisdictionId.clear();
    BOOST_TEST(valuesOf(decodeForm(formBody(draft, "PA-7K3M-Q9R", plain)), "jurisdiction_id").empty());
}

BOOST_AUTO_TEST_CASE(the_account_is_sent_only_for_a_named_report_of_a_logged_in_resident) {
    auto draft = sampleDraft();
    draft.accountId = "vneid-sub-0042";
    BOOST_TEST(one(decodeForm(formBody(draft, "PA-7K3M-Q9R", settings())), "account_id") == "vneid-sub-0042");
    // Nobody logged in: no account_id at all, rather than an empty one.
    draft.accountId.clear();
    BOOST_TEST(valuesOf(decodeForm(formBody(draft, "PA-7K3M-Q9R", settings())), "account_id").empty());
    // Anonymous: not sent, whatever the draft still holds.
    draft.accountId = "vneid-sub-0042";
    draft.anonymous = true;
    const std::string body = formBody(draft, "PA-7K3M-Q9R", settings());
    BOOST_TEST(valuesOf(decodeForm(body), "account_id").empty());
    BOOST_TEST(body.find("vneid-sub-0042") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_ward_is_always_part_of_the_address_once) {
    auto draft = sampleDraft();
    draft.address = "12 Lê Lợi, phường Bến Thành";
    BOOST_TEST(one(decodeForm(formBody(draft, "c", settings())), "address_string") == "12 Lê Lợi, phường Bến Thành");
    draft.address = "12 Le Loi, Phuong Ben Thanh";
    BOOST_TEST(one(decodeForm(formBody(draft, "c", settings())), "address_string") == "12 Le Loi, Phuong Ben Thanh");
    draft.address.clear();
    BOOST_TEST(one(decodeForm(formBody(draft, "c", settings())), "address_string") == "Phường Bến Thành");
    draft.address = "12 Bến Thành Mới";  // a street named like the ward is not the ward
    BOOST_TEST(one(decodeForm(formBody(draft, "c", settings())), "address_string") ==
               "12 Bến Thành Mới, Phường Bến Thành");
}

BOOST_AUTO_TEST_CASE(drafts_are_checked_before_saving) {
    BOOST_TEST(checkDraft(sampleDraft()).empty());
    auto fieldOf = [](const ReportDraft& d) {
        const auto problems = checkDraft(d);
        return problems.empty() ? std::string("<none>") : problems.front().field;
    };
    auto d = sampleDraft();
    d.description = "  \n";
    BOOST_TEST(fieldOf(d) == "description");
    d.description.clear();
    for (std::size_t i = 0; i < kMaxDescriptionChars; ++i) d.description += "ệ";  // 4000 characters, 12000 bytes
    BOOST_TEST(checkDraft(d).empty());
    d.description += "a";
    BOOST_TEST(fieldOf(d) == "description");
    d = sampleDraft();
    d.serviceCode = "";
    BOOST_TEST(fieldOf(d) == "service_code");
    d = sampleDraft();
    d.firstName = "\xC3\x28";
    BOOST_TEST(!checkDraft(d).empty());
    d.firstName = "\xE0\x80\xAF";  // an overlong '/'
    BOOST_TEST(!checkDraft(d).empty());
    d.firstName = "\xED\xA0\x80";  // a surrogate
    BOOST_TEST(!checkDraft(d).empty());
    d.firstName = "Lan\xE1\xBB";  // cut in the middle of a character
    BOOST_TEST(!checkDraft(d).empty());
    d = sampleDraft();
    d.attributes = {{"kiosk_tracking", {"x"}, false}};
    BOOST_TEST(fieldOf(d) == "kiosk_tracking");
    d.attributes = {{"SIZE", {"S", "L"}, false}};
    BOOST_TEST(fieldOf(d) == "SIZE");
    d.attributes = {{"SIZE", {"S"}, false}, {"SIZE", {"L"}, false}};
    BOOST_TEST(fieldOf(d) == "SIZE");
    d = sampleDraft();
    d.consentVersion.clear();
    BOOST_TEST(!checkDraft(d).empty());
    d = sampleDraft();
    d.lat = 10.7;
    BOOST_TEST(fieldOf(d) == "lat");
    d.lon = 400;
    BOOST_TEST(fieldOf(d) == "lat");
}

BOOST_AUTO_TEST_CASE(attributes_and_errors_survive_their_json_form) {
    const std::vector<AttributeAnswer> attributes = {{"KINDS", {"a", "ổ gà"}, true}, {"SIZE", {"L"}, false}};
    const auto back = attributesFromJson(attributesToJson(attributes));
    BOOST_TEST_REQUIRE(back.size() == 2u);
    BOOST_TEST(back[0].code == "KINDS");
    BOOST_TEST(back[0].multiple);
    BOOST_TEST((back[0].values == std::vector<std::string>{"a", "ổ gà"}));
    BOOST_TEST(back[1].code == "SIZE");
    BOOST_TEST(!back[1].multiple);
    BOOST_TEST((back[1].values == std::vector<std::string>{"L"}));
    const auto errors = errorsFromJson(errorsToJson({{400, "Mô tả quá ngắn", "description"}}));
    BOOST_TEST_REQUIRE(errors.size() == 1u);
    BOOST_TEST(errors[0].code == 400);
    BOOST_TEST(errors[0].description == "Mô tả quá ngắn");
    BOOST_TEST(errors[0].field == "description");
    BOOST_TEST(attributesFromJson("garbage").empty());
}

BOOST_AUTO_TEST_SUITE_END()
