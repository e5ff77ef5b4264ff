// Issue 16: no answer from the network can crash the kiosk. The one bounded reader of outside
// JSON (size and depth enforced while parsing, never throwing, saying precisely why), and the
// parsers that go through it refusing hostile answers with that reason: the identity
// provider's, Open311's, the portal's; and the bounds of scanned codes and CSV files.
#define BOOST_TEST_MODULE BoundedInput
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include "auth/Jwt.h"
#include "auth/OidcClient.h"
#include "core/BoundedInput.h"
#include "dossier/Dossier.h"
#include "feedback/Open311.h"
#include "feedback/Rating.h"
#include "net/HttpClient.h"
#include "scan/CccdQr.h"
#include "scan/ScanClassifier.h"
#include "storage/CsvReader.h"
#include "sync/SyncAnswers.h"

using namespace kiosk;
using nlohmann::json;

namespace {

std::string nestedArrays(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::string nestedObjects(std::size_t depth) {
    std::string text;
    for (std::size_t i = 0; i < depth; ++i) text += "{\"a\":";
    text += "1";
    text += std::string(depth, '}');
    return text;
}

// A million levels: far past what a recursive copy or destruction of the value survives.
const std::string& millionDeep() {
    static const std::string text = nestedArrays(1000000);
    return text;
}

// Answers every request with one body, as a provider or the city would.
class OneAnswer final : public HttpClient {
public:
    OneAnswer(long status, std::string body) : status_(status), body_(std::move(body)) {}
    HttpResult perform(const HttpRequest&, const std::atomic<bool>*) override {
        HttpResult result;
        result.response.status = status_;
        result.response.headers["content-type"] = "application/json";
        result.response.body = body_;
        return result;
    }

private:
    long status_;
    std::string body_;
};

ProviderMetadata provider() {
    ProviderMetadata meta;
    meta.issuer = "https://id.example.vn";
    meta.deviceAuthorizationEndpoint = "https://id.example.vn/device";
    meta.tokenEndpoint = "https://id.example.vn/token";
    meta.jwksUri = "https://id.example.vn/jwks";
    return meta;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(the_reader)

BOOST_AUTO_TEST_CASE(reads_what_json_allows) {
    std::string error;
    const auto value = readJson(R"({"a":[1,-2,3.5,true,null,"Sài Gòn",{"b":{}}],"c":18446744073709551615})", {}, error);
    BOOST_REQUIRE_MESSAGE(value.has_value(), error);
    BOOST_TEST((*value)["a"][5].get<std::string>() == "Sài Gòn");
    BOOST_TEST((*value)["a"][2].get<double>() == 3.5);
    BOOST_TEST((*value)["c"].is_number_unsigned());
    BOOST_TEST(readJson(" 42 ", {}, error).value() == json(42));
    BOOST_TEST(readJson("\"x\"", {}, error).value() == json("x"));
    // A member given twice: the last one, as nlohmann's own parser keeps it (RFC 8259 §4
    // leaves it to the reader), unless duplicates are refused.
    BOOST_TEST(readJson(R"({"a":1,"a":2})", {}, error).value()["a"] == json(2));
}

BOOST_AUTO_TEST_CASE(depth_is_bounded_at_the_limit_not_before) {
    std::string error;
    BOOST_TEST(readJson(nestedArrays(32), {}, error).has_value(), error);
    BOOST_TEST(readJson(nestedObjects(32), {}, error).has_value(), error);
    BOOST_TEST(!readJson(nestedArrays(33), {}, error));
    BOOST_TEST(error == "nests deeper than 32 levels");
    BOOST_TEST(!readJson(nestedObjects(33), {}, error));
    BOOST_TEST(error == "nests deeper than 32 levels");
    BOOST_TEST(readJson("[[1]]", JsonLimits{.maxDepth = 2}, error).has_value());
    BOOST_TEST(!readJson("[[[1]]]", JsonLimits{.maxDepth = 2}, error));
    BOOST_TEST(error == "nests deeper than 2 levels");
}

BOOST_AUTO_TEST_CASE(a_million_levels_are_refused_at_once_without_a_crash) {
    std::string error;
    const auto started = std::chrono::steady_clock::now();
    BOOST_TEST(!readJson(millionDeep(), {}, error));
    BOOST_TEST(error == "nests deeper than 32 levels");
    // Refused at level 33: the other 999,967 levels are never read.
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    BOOST_TEST(took.count() < 500);
    BOOST_TEST(!readJson("{\"a\":" + millionDeep() + "}", {}, error));
    BOOST_TEST(error == "nests deeper than 32 levels");
}

BOOST_AUTO_TEST_CASE(size_is_bounded_before_anything_is_read) {
    std::string error;
    BOOST_TEST(readJson("[1,2]", JsonLimits{.maxBytes = 5}, error).has_value());
    BOOST_TEST(!readJson("[1,2] ", JsonLimits{.maxBytes = 5}, error));
    BOOST_TEST(error == "6 bytes, more than the limit 5");
}

BOOST_AUTO_TEST_CASE(malformed_json_says_where) {
    std::string error;
    BOOST_TEST(!readJson("", {}, error));
    BOOST_TEST(error == "empty, not JSON");
    BOOST_TEST(!readJson("x", {}, error));
    BOOST_TEST(error == "malformed JSON at byte 1 of 1");
    BOOST_TEST(!readJson("[1,2]x", {}, error));
    BOOST_TEST(error == "malformed JSON at byte 6 of 6");
    BOOST_TEST(!readJson("{\"a\":[1,", {}, error));
    BOOST_TEST(error == "malformed JSON: it ends at byte 8, before the value is complete");
    BOOST_TEST(!readJson("[\"\xC3\"]", {}, error));  // a cut UTF-8 sequence
    BOOST_TEST(error.starts_with("malformed JSON at byte"), error);
    BOOST_TEST(!readJson("[1]\n[2]", {}, error));  // one value, not a stream of them
    BOOST_TEST(error == "malformed JSON at byte 5 of 7");
    BOOST_TEST(!readJson("{\"a\":1,}", {}, error));
    BOOST_TEST(!readJson("[1] // comment", {}, error));
}

BOOST_AUTO_TEST_CASE(duplicate_members_are_refused_when_asked_naming_them_printably) {
    std::string error;
    const JsonLimits jose{.rejectDuplicateKeys = true};
    BOOST_TEST(readJson(R"({"a":{"x":1},"b":{"x":2}})", jose, error).has_value(), error);
    BOOST_TEST(!readJson(R"({"a":{"x":1,"x":2}})", jose, error));
    BOOST_TEST(error == "has the member \"x\" twice");
    BOOST_TEST(!readJson("{\"a\\nb\":1,\"a\\nb\":2}", jose, error));
    BOOST_TEST(error == "has the member \"a?b\" twice");
}

BOOST_AUTO_TEST_CASE(garbage_never_throws) {
    std::string error;
    std::string bytes;
    for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
    for (std::size_t n = 0; n <= bytes.size(); n += 7) BOOST_CHECK_NO_THROW((void)readJson(bytes.substr(0, n), {}, error));
}

BOOST_AUTO_TEST_SUITE_END()

// The crash of issue 16: the index and the pages as SyncEngine reads them (the engine itself,
// against the simulator, is in SyncEngineTest).
BOOST_AUTO_TEST_SUITE(city_answers)

BOOST_AUTO_TEST_CASE(an_index_whose_id_is_nested_a_million_deep_is_refused) {
    std::vector<std::string> ignored;
    std::string error;
    const auto entries = parseSyncIndex("{\"datasets\": [{\"id\": " + millionDeep() + ", \"version\": 1}]}", 8u << 20,
                                        {"schools"}, ignored, error);
    BOOST_TEST(!entries);
    BOOST_TEST(error == "nests deeper than 32 levels");
}

BOOST_AUTO_TEST_CASE(an_id_nested_within_the_limit_is_just_not_a_dataset) {
    std::vector<std::string> ignored;
    std::string error;
    const auto entries =
        parseSyncIndex("{\"datasets\": [{\"id\": " + nestedArrays(29) + ", \"version\": 1}, {\"id\": \"schools\", \"version\": 3}]}",
                       8u << 20, {"schools"}, ignored, error);
    BOOST_REQUIRE_MESSAGE(entries.has_value(), error);
    BOOST_REQUIRE(entries->size() == 1u);
    BOOST_TEST(entries->front().id == "schools");
    BOOST_TEST(entries->front().version == 3);
}

BOOST_AUTO_TEST_CASE(a_record_with_a_deeply_nested_value_refuses_the_page) {
    std::string error;
    const std::string page = "{\"dataset\":\"schools\",\"version\":7,\"records\":[{\"id\":\"a\",\"group\":\"education\","
                             "\"kind\":\"school\",\"name\":\"n\",\"attributes\":{\"x\":" + millionDeep() + "}}]}";
    BOOST_TEST(!parseSyncPage(page, 64u << 20, "schools", GroupId::Education, 7, error));
    BOOST_TEST(error == "nests deeper than 32 levels");
    // Within the limit, the record alone is skipped with its reason and the page is used.
    const std::string shallow = "{\"dataset\":\"schools\",\"version\":7,\"records\":[{\"id\":\"a\",\"group\":\"education\","
                                "\"kind\":\"school\",\"name\":\"n\",\"attributes\":{\"x\":" + nestedArrays(20) + "}}]}";
    const auto read = parseSyncPage(shallow, 64u << 20, "schools", GroupId::Education, 7, error);
    BOOST_REQUIRE_MESSAGE(read.has_value(), error);
    BOOST_TEST(read->records.empty());
    BOOST_TEST(read->skipped == 1);
    BOOST_TEST(read->skipReasons.at(0) == "attribute x is not a string of at most 1 MiB");
}

BOOST_AUTO_TEST_CASE(a_410_with_a_hostile_body_is_still_a_410) {
    BOOST_TEST(syncGoneCode("{\"error\":\"cursor_expired\"}", 1024) == "cursor_expired");
    BOOST_TEST(syncGoneCode("{\"error\":" + millionDeep() + "}", 8u << 20) == "gone");
    BOOST_TEST(syncGoneCode("<html>", 1024) == "gone");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(identity_provider)

BOOST_AUTO_TEST_CASE(a_deeply_nested_discovery_document_is_refused_with_the_reason) {
    // 100,000 levels: within the 256 KiB an answer of the provider may have.
    OneAnswer http(200, "{\"issuer\": " + nestedArrays(100000) + "}");
    OidcClient client(http, "https://id.example.vn", "ward-kiosk", "openid");
    std::string error;
    BOOST_TEST(!client.discover(error));
    BOOST_TEST(error == "HTTP 200: the answer cannot be read (nests deeper than 32 levels)", error);
}

BOOST_AUTO_TEST_CASE(a_deeply_nested_token_answer_fails_the_poll) {
    OneAnswer http(400, "{\"error\": \"authorization_pending\", \"x\": " + nestedArrays(40) + "}");
    OidcClient client(http, "https://id.example.vn", "ward-kiosk", "openid");
    const auto poll = client.poll(provider(), "device-code");
    BOOST_TEST((poll.status == PollResult::Status::Failed));
    BOOST_TEST(poll.detail == "token: HTTP 400: the answer cannot be read (nests deeper than 32 levels)", poll.detail);
}

BOOST_AUTO_TEST_CASE(deep_device_authorization_and_jwks_answers_are_refused) {
    std::string error;
    OneAnswer deepDevice(200, "{\"device_code\": " + nestedObjects(100) + "}");
    BOOST_TEST(!OidcClient(deepDevice, "https://id.example.vn", "ward-kiosk", "openid").authorizeDevice(provider(), error));
    BOOST_TEST(error.find("nests deeper than 32 levels") != std::string::npos, error);
    OneAnswer deepKeys(200, "{\"keys\": [" + nestedArrays(100000) + "]}");
    BOOST_TEST(!OidcClient(deepKeys, "https://id.example.vn", "ward-kiosk", "openid").fetchJwks(provider(), error));
    BOOST_TEST(error.find("nests deeper than 32 levels") != std::string::npos, error);
}

BOOST_AUTO_TEST_CASE(a_token_whose_header_nests_deep_is_refused) {
    std::string error;
    const std::string token = base64UrlEncode("{\"alg\":" + nestedArrays(40) + "}") + "." + base64UrlEncode("{}") + ".";
    BOOST_TEST(!parseCompactJws(token, error));
    BOOST_TEST(error == "token header nests deeper than 32 levels");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(portal_and_open311)

BOOST_AUTO_TEST_CASE(open311_answers_nested_deep_are_not_json_to_the_kiosk) {
    const auto services = open311::parseServices(millionDeep());
    BOOST_TEST(services.error == "not JSON: nests deeper than 32 levels");
    const auto answer = open311::parseSubmitAnswer(201, "[{\"service_request_id\": " + millionDeep() + "}]");
    BOOST_TEST((answer.kind == open311::SubmitAnswer::Kind::Retry));
    BOOST_TEST(open311::errorsFromJson(millionDeep()).empty());
    BOOST_TEST(open311::attributesFromJson(millionDeep()).empty());
}

BOOST_AUTO_TEST_CASE(dossier_answers_nested_deep_are_refused) {
    std::string error;
    BOOST_TEST(!dossier::parseDossier("{\"code\": " + nestedArrays(9) + "}", "H29.22-261120-0001", error));
    BOOST_TEST(error == "answer nests deeper than 8 levels");
    std::size_t skipped = 0;
    BOOST_TEST(!dossier::parseDossierList(millionDeep(), skipped, error));
    BOOST_TEST(error == "answer nests deeper than 8 levels");
    const auto rating = parseRatingAnswer(201, "{\"id\": " + millionDeep() + "}");
    BOOST_TEST((rating.kind == RatingAnswer::Kind::Retry));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(delimited_text)

BOOST_AUTO_TEST_CASE(a_cccd_code_is_bounded_in_bytes_and_fields) {
    BOOST_TEST(scan::parseCccdQr(std::string(1025, 'A')).refusal == "1025 bytes, more than the limit 1024");
    BOOST_TEST(scan::parseCccdQr(std::string(40, '|')).refusal == "more than 32 fields");
    const std::string card = "079190001234||NGUYỄN VĂN A|01011990|Nam|x|01012022";
    std::string extra;
    for (int i = 0; i < 25; ++i) extra += "|e";
    BOOST_TEST(scan::parseCccdQr(card + extra).card.has_value());  // 32 fields
    BOOST_TEST(scan::parseCccdQr(card + extra + "|e").refusal == "more than 32 fields");
}

BOOST_AUTO_TEST_CASE(a_scan_is_bounded_before_it_is_read) {
    const auto code = scan::classifyScan(std::string(scan::kScannedBytesLimit, '\x01'));
    BOOST_TEST(std::get<scan::Unknown>(code).reason == "too long (2048 bytes, more than the limit 2047)");
}

BOOST_AUTO_TEST_CASE(a_csv_file_is_bounded_in_fields_field_length_and_records) {
    BOOST_CHECK_EXCEPTION(CsvTable::parse("a\n" + std::string(kCsvBounds.maxFields, ','), "t.csv"), CsvError,
                          [](const CsvError& e) { return std::string(e.what()) == "t.csv: line 2: more than 512 fields"; });
    BOOST_CHECK_EXCEPTION(CsvTable::parse("a\n\"" + std::string(kCsvBounds.maxFieldBytes + 1, 'x') + "\"", "t.csv"),
                          CsvError, [](const CsvError& e) {
                              return std::string(e.what()) == "t.csv: line 2: field 1 is 1048577 bytes, more than the limit 1048576";
                          });
    std::string rows = "a\n";
    for (std::size_t i = 0; i < kCsvBounds.maxRecords; ++i) rows += "1\n";
    BOOST_CHECK_EXCEPTION(CsvTable::parse(rows, "t.csv"), CsvError, [](const CsvError& e) {
        return std::string(e.what()) == "t.csv: more than 1000000 records";
    });
    // At the limits, read.
    BOOST_TEST(CsvTable::parse("a" + std::string(kCsvBounds.maxFields - 1, ',') + "\n", "t.csv").header().size() ==
               kCsvBounds.maxFields);
}

BOOST_AUTO_TEST_SUITE_END()
