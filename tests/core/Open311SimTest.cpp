// The simulated 1022 system (tests/city-sim/Open311Sim.h, OPEN311-SIM.md) speaks Open311
// GeoReport v2 as app/feedback/OPEN311.md describes it, honours Idempotency-Key, and breaks on
// demand; above all "store then drop", which must file the report and then give the client
// nothing but a transport error. Checked over loopback with cpp-httplib's client (and, where it
// matters how the kiosk would see it, with the kiosk's own curl client).
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "CitySimServer.h"
#include "Open311Sim.h"
#include "net/HttpClient.h"

using namespace std::chrono_literals;
using citysim::CitySimServer;
using citysim::Open311Sim;
using nlohmann::json;
using Fields = std::vector<std::pair<std::string, std::string>>;

namespace {
constexpr const char* kJsonType = "application/json; charset=utf-8";
constexpr const char* kForm = "application/x-www-form-urlencoded";

std::string formEncode(const Fields& fields) {
    std::string body;
    for (const auto& [name, value] : fields) {
        if (!body.empty()) body += '&';
        body += httplib::detail::encode_query_param(name) + "=" + httplib::detail::encode_query_param(value);
    }
    return body;
}

// A complete, valid report for a service without attributes.
Fields report(const std::string& serviceCode = "005") {
    return {{"api_key", "kiosk-key"},
            {"service_code", serviceCode},
            {"description", "Xe máy đậu kín vỉa hè trước chợ, người đi bộ phải xuống lòng đường."},
            {"address_string", "12 Lê Lợi, Phường Bến Thành"},
            {"lat", "10.7721"},
            {"long", "106.6983"},
            {"first_name", ""},
            {"last_name", ""},
            {"phone", ""},
            {"email", ""},
            {"device_id", "kiosk-ben-thanh-01"},
            {"attribute[kiosk_consent_version]", "2026-01"},
            {"attribute[kiosk_consent_at]", "2026-11-28T08:00:00+07:00"},
            {"attribute[kiosk_tracking]", "BT-7Q4K"}};
}

// A valid report for 001, whose definition has an attribute of every datatype.
Fields pothole() {
    Fields fields = report("001");
    fields.emplace_back("attribute[SIZE]", "M");
    fields.emplace_back("attribute[LANDMARK]", "Trước cột điện số 14");
    fields.emplace_back("attribute[WIDTH]", "1.5");
    fields.emplace_back("attribute[SEEN_AT]", "2026-11-28T07:30:00+07:00");
    fields.emplace_back("attribute[HAZARD][]", "XE_MAY");
    fields.emplace_back("attribute[HAZARD][]", "DI_BO");
    fields.emplace_back("attribute[DETAIL]", "Ổ gà sâu, nước đọng sau mưa.");
    return fields;
}

Fields without(Fields fields, const std::string& name) {
    std::erase_if(fields, [&](const auto& field) { return field.first == name; });
    return fields;
}

Fields with(Fields fields, const std::string& name, const std::string& value) {
    fields = without(std::move(fields), name);
    fields.emplace_back(name, value);
    return fields;
}

struct Answer {
    int status = 0;
    std::string contentType;
    std::string body;
    json parsed() const { return json::parse(body); }
};

// A started simulator (no directory data: these tests need none) and a client pointed at it.
struct Sim {
    Sim() : server(options()) {
        server.start();
        client = makeClient();
    }

    static CitySimServer::Options options() {
        CitySimServer::Options o;
        o.seed = std::make_shared<const std::vector<kiosk::DirectoryEntry>>();
        return o;
    }

    std::unique_ptr<httplib::Client> makeClient() const {
        auto c = std::make_unique<httplib::Client>("127.0.0.1", server.port());
        c->set_connection_timeout(5);
        c->set_read_timeout(10);
        return c;
    }

    Open311Sim& o311() { return server.open311(); }

    static Answer answerOf(const httplib::Result& result) {
        BOOST_TEST_REQUIRE(static_cast<bool>(result), "transport error " << httplib::to_string(result.error()));
        return {result->status, result->get_header_value("Content-Type"), result->body};
    }
    Answer get(const std::string& path) { return answerOf(client->Get(("/open311/v2" + path).c_str())); }
    httplib::Result postRaw(const std::string& body, const std::string& idempotencyKey = {},
                            const std::string& type = kForm) {
        httplib::Headers headers;
        if (!idempotencyKey.empty()) headers.emplace("Idempotency-Key", idempotencyKey);
        return client->Post("/open311/v2/requests.json", headers, body, type.c_str());
    }
    Answer post(const Fields& fields, const std::string& idempotencyKey = {}) {
        return answerOf(postRaw(formEncode(fields), idempotencyKey));
    }
    // Posts a report that must be filed; returns its service_request_id.
    std::string file(const Fields& fields, const std::string& idempotencyKey = {}) {
        const Answer a = post(fields, idempotencyKey);
        BOOST_TEST_REQUIRE(a.status == 201, a.body);
        return a.parsed().at(0).at("service_request_id").get<std::string>();
    }

    kiosk::CurlHttpClient kioskClient() const {
        kiosk::Config::City city;
        city.baseUrl = server.baseUrl();
        city.connectTimeout = 2s;
        return kiosk::CurlHttpClient(city);
    }
    kiosk::HttpRequest kioskPost(const Fields& fields, const std::string& idempotencyKey) const {
        kiosk::HttpRequest request;
        request.method = "POST";
        request.url = server.baseUrl() + "/open311/v2/requests.json";
        request.body = formEncode(fields);
        request.headers.emplace_back("Content-Type", kForm);
        request.headers.emplace_back("Idempotency-Key", idempotencyKey);
        request.timeout = 5s;
        return request;
    }

    CitySimServer server;
    std::unique_ptr<httplib::Client> client;
};

// The spec's error shape, with the given status, and the descriptions it lists.
std::vector<std::string> errorsOf(const Answer& a, int status) {
    BOOST_TEST(a.status == status);
    BOOST_TEST(a.contentType == kJsonType);
    const json body = a.parsed();
    BOOST_TEST_REQUIRE(body.is_array(), a.body);
    BOOST_TEST_REQUIRE(!body.empty());
    std::vector<std::string> descriptions;
    for (const auto& error : body) {
        BOOST_TEST_REQUIRE(error.is_object());
        BOOST_TEST(error.size() == 2u);
        BOOST_TEST(error.at("code").is_number_integer());
        BOOST_TEST(error.at("code").get<int>() == status);
        BOOST_TEST_REQUIRE(error.at("description").is_string());
        descriptions.push_back(error.at("description").get<std::string>());
    }
    return descriptions;
}

bool startsWith(const std::vector<std::string>& descriptions, const std::string& prefix) {
    return std::any_of(descriptions.begin(), descriptions.end(),
                       [&](const std::string& d) { return d.starts_with(prefix); });
}

// Sends a request over a raw socket and returns every byte the server answered before closing.
std::string rawExchange(int port, const std::string& request) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    BOOST_TEST_REQUIRE(fd >= 0);
    timeval timeout{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    BOOST_TEST_REQUIRE(connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
    BOOST_TEST_REQUIRE(send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
    std::string received;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = recv(fd, buffer, sizeof buffer, 0)) > 0) received.append(buffer, static_cast<std::size_t>(n));
    const bool closed = n == 0;  // not a timeout: the server closed the connection
    close(fd);
    BOOST_TEST(closed);
    return received;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(open311_sim)

BOOST_FIXTURE_TEST_CASE(services_list_the_1022_categories, Sim) {
    const Answer a = get("/services.json");
    BOOST_TEST(a.status == 200);
    BOOST_TEST(a.contentType == kJsonType);
    const json services = a.parsed();
    BOOST_TEST_REQUIRE(services.is_array());
    BOOST_TEST(services.size() >= 8u);
    BOOST_TEST(services.size() <= 10u);
    std::set<std::string> codes;
    std::set<std::string> names;
    int withMetadata = 0;
    for (const auto& s : services) {
        for (const char* field : {"service_code", "service_name", "description", "type", "keywords", "group"})
            BOOST_TEST(s.at(field).is_string(), field);
        BOOST_TEST(s.at("metadata").is_boolean());
        BOOST_TEST(s.at("type") == "realtime");
        BOOST_TEST(!s.at("service_name").get<std::string>().empty());
        BOOST_TEST(!s.at("group").get<std::string>().empty());
        codes.insert(s.at("service_code").get<std::string>());
        names.insert(s.at("service_name").get<std::string>());
        withMetadata += s.at("metadata").get<bool>() ? 1 : 0;
    }
    BOOST_TEST(codes.size() == services.size());
    BOOST_TEST(withMetadata > 0);
    BOOST_TEST(withMetadata < static_cast<int>(services.size()));
    for (const char* expected : {"Hư hỏng mặt đường, vỉa hè", "Chiếu sáng công cộng", "Ngập nước", "Khác"})
        BOOST_TEST(names.count(expected) == 1u, expected);
    const auto listed = o311().serviceCodes();
    BOOST_TEST(std::set<std::string>(listed.begin(), listed.end()) == codes);
}

BOOST_FIXTURE_TEST_CASE(definitions_cover_every_datatype, Sim) {
    const Answer a = get("/services/001.json");
    BOOST_TEST_REQUIRE(a.status == 200);
    BOOST_TEST(a.contentType == kJsonType);
    const json definition = a.parsed();
    BOOST_TEST(definition.at("service_code") == "001");
    const json& attributes = definition.at("attributes");
    std::set<std::string> datatypes;
    std::set<std::string> codes;
    int required = 0;
    int informational = 0;
    std::vector<int> orders;
    for (const auto& attribute : attributes) {
        const auto datatype = attribute.at("datatype").get<std::string>();
        datatypes.insert(datatype);
        codes.insert(attribute.at("code").get<std::string>());
        BOOST_TEST(attribute.at("variable").is_boolean());
        BOOST_TEST(attribute.at("required").is_boolean());
        BOOST_TEST(attribute.at("order").is_number_integer());
        BOOST_TEST(attribute.at("description").is_string());
        const json& typeDescription = attribute.at("datatype_description");
        BOOST_TEST((typeDescription.is_null() || typeDescription.is_string()));
        required += attribute.at("required").get<bool>() ? 1 : 0;
        informational += attribute.at("variable").get<bool>() ? 0 : 1;
        orders.push_back(attribute.at("order").get<int>());
        const bool list = datatype == "singlevaluelist" || datatype == "multivaluelist";
        BOOST_TEST(attribute.contains("values") == list, attribute.at("code"));
        if (list) {
            BOOST_TEST(!attribute.at("values").empty());
            for (const auto& v : attribute.at("values")) {
                BOOST_TEST(v.at("key").is_string());
                BOOST_TEST(v.at("name").is_string());
            }
        }
    }
    BOOST_TEST(codes.size() == attributes.size());
    BOOST_TEST(datatypes == (std::set<std::string>{"string", "number", "datetime", "text", "singlevaluelist",
                                                   "multivaluelist"}));
    BOOST_TEST(required >= 1);
    BOOST_TEST(informational == 1);
    BOOST_TEST(!std::is_sorted(orders.begin(), orders.end()));  // the client must sort by order

    // Every service answers with a definition; those with metadata have attributes.
    const json services = get("/services.json").parsed();
    for (const auto& s : services) {
        const auto code = s.at("service_code").get<std::string>();
        const Answer d = get("/services/" + code + ".json");
        BOOST_TEST_REQUIRE(d.status == 200, code);
        BOOST_TEST(d.parsed().at("attributes").empty() == !s.at("metadata").get<bool>(), code);
    }
    BOOST_TEST(startsWith(errorsOf(get("/services/999.json"), 404), "service_code"));
}

BOOST_FIXTURE_TEST_CASE(a_report_is_filed_with_an_id_and_stored_with_every_field, Sim) {
    const Fields fields = pothole();
    const Answer a = post(fields, "key-1");
    BOOST_TEST_REQUIRE(a.status == 201, a.body);
    BOOST_TEST(a.contentType == kJsonType);
    const json body = a.parsed();
    BOOST_TEST_REQUIRE(body.size() == 1u);
    const auto id = body.at(0).at("service_request_id").get<std::string>();
    BOOST_TEST(id.starts_with("HCM-"));
    BOOST_TEST(body.at(0).at("service_notice").is_string());
    BOOST_TEST(!body.at(0).contains("token"));

    BOOST_TEST_REQUIRE(o311().requestCount() == 1u);
    const auto stored = o311().requests().front();
    BOOST_TEST(stored.serviceRequestId == id);
    BOOST_TEST(stored.idempotencyKey == "key-1");
    BOOST_TEST((stored.fields == fields));  // every field, decoded, in order
    BOOST_TEST(stored.serviceCode == "001");
    BOOST_TEST(stored.serviceName == "Hư hỏng mặt đường, vỉa hè");
    BOOST_TEST(stored.field("device_id") == "kiosk-ben-thanh-01");
    BOOST_TEST(stored.field("description") == stored.description);
    BOOST_TEST(stored.address == "12 Lê Lợi, Phường Bến Thành");
    BOOST_TEST_REQUIRE(stored.lat.has_value());
    BOOST_TEST(*stored.lat == 10.7721);
    BOOST_TEST(stored.attributes.at("SIZE") == std::vector<std::string>{"M"});
    BOOST_TEST(stored.attributes.at("kiosk_tracking") == std::vector<std::string>{"BT-7Q4K"});  // extensions kept
    BOOST_TEST(stored.status == "open");
    BOOST_TEST(o311().request(id).has_value());
    BOOST_TEST(!o311().request("HCM-999999").has_value());

    // A second report gets another id.
    const std::string second = file(report());
    BOOST_TEST(second != id);
    BOOST_TEST(o311().requestCount() == 2u);
}

BOOST_FIXTURE_TEST_CASE(a_token_gives_the_id_only_after_the_delay_and_polls, Sim) {
    std::atomic<long long> offsetMs{0};
    const auto base = std::chrono::steady_clock::now();
    o311().setClock([&] { return base + std::chrono::milliseconds(offsetMs.load()); });
    o311().setAnswerStyle(Open311Sim::AnswerStyle::Token);
    o311().setTokenReadiness(2s, 1);

    const Answer a = post(report());
    BOOST_TEST_REQUIRE(a.status == 201, a.body);
    const json body = a.parsed();
    BOOST_TEST(!body.at(0).contains("service_request_id"));
    BOOST_TEST(body.at(0).at("service_notice").is_string());
    const auto token = body.at(0).at("token").get<std::string>();
    BOOST_TEST(!token.empty());

    // The first poll never has the id; the second not before the delay.
    for (int poll = 0; poll < 2; ++poll) {
        const Answer t = get("/tokens/" + token + ".json");
        BOOST_TEST_REQUIRE(t.status == 200);
        BOOST_TEST(t.parsed() == json::parse(R"([{"token":")" + token + R"("}])"), poll);
        if (poll == 0) offsetMs = 1999;
    }
    offsetMs = 2000;
    const Answer ready = get("/tokens/" + token + ".json");
    BOOST_TEST_REQUIRE(ready.status == 200);
    const json readyBody = ready.parsed();
    BOOST_TEST(readyBody.at(0).at("token") == token);
    const auto id = readyBody.at(0).at("service_request_id").get<std::string>();
    BOOST_TEST(id == o311().requests().front().serviceRequestId);
    BOOST_TEST(o311().requests().front().token == token);
    BOOST_TEST(get("/requests/" + id + ".json").status == 200);

    // With no delay, the polls alone hold the id back.
    o311().setTokenReadiness(0ms, 2);
    const auto second = post(report()).parsed().at(0).at("token").get<std::string>();
    BOOST_TEST(!get("/tokens/" + second + ".json").parsed().at(0).contains("service_request_id"));
    BOOST_TEST(!get("/tokens/" + second + ".json").parsed().at(0).contains("service_request_id"));
    BOOST_TEST(get("/tokens/" + second + ".json").parsed().at(0).at("service_request_id") ==
               o311().requests().back().serviceRequestId);

    BOOST_TEST(startsWith(errorsOf(get("/tokens/no-such-token.json"), 404), "token"));
}

BOOST_FIXTURE_TEST_CASE(every_refusal_is_400_in_the_spec_shape_and_stores_nothing, Sim) {
    struct Case {
        const char* what;
        Fields fields;
        std::vector<std::string> prefixes;  // one error each, in this order
    };
    const std::string longest(4000, 'x');
    std::string tooLong;
    for (int i = 0; i < 4001; ++i) tooLong += "ệ";  // 4001 characters, 12 KB: past httplib's 8 KB form limit
    const std::vector<Case> cases = {
        {"no description", without(report(), "description"), {"description: "}},
        {"blank description", with(report(), "description", "   "), {"description: "}},
        {"description over 4000 characters", with(report(), "description", tooLong), {"description: "}},
        {"no service_code", without(report(), "service_code"), {"service_code: "}},
        {"unknown service_code", with(report(), "service_code", "999"), {"service_code: "}},
        {"no location", without(without(without(report(), "address_string"), "lat"), "long"), {"address_string: "}},
        {"lat not a number", with(report(), "lat", "mười"), {"lat: "}},
        {"required attributes missing", without(without(pothole(), "attribute[SIZE]"), "attribute[LANDMARK]"),
         {"LANDMARK: ", "SIZE: "}},
        {"singlevaluelist key unknown", with(pothole(), "attribute[SIZE]", "XL"), {"SIZE: "}},
        {"singlevaluelist given twice", [] {
             Fields f = pothole();
             f.emplace_back("attribute[SIZE][]", "L");
             return f;
         }(),
         {"SIZE: "}},
        {"multivaluelist key unknown", with(pothole(), "attribute[HAZARD][]", "TRAU_BO"), {"HAZARD: "}},
        {"number not a number", with(pothole(), "attribute[WIDTH]", "1,5"), {"WIDTH: "}},
        {"datetime not ISO 8601", with(pothole(), "attribute[SEEN_AT]", "hôm qua"), {"SEEN_AT: "}},
        {"everything at once", without(without(pothole(), "attribute[SIZE]"), "description"),
         {"description: ", "SIZE: "}},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.what) {
            const auto descriptions = errorsOf(post(c.fields, std::string("key-") + c.what), 400);
            BOOST_TEST_REQUIRE(descriptions.size() == c.prefixes.size());
            for (std::size_t i = 0; i < c.prefixes.size(); ++i)
                BOOST_TEST(descriptions[i].starts_with(c.prefixes[i]), descriptions[i]);
        }
    }
    BOOST_TEST(startsWith(errorsOf(answerOf(postRaw(formEncode(report()), "", "application/json")), 400),
                          "Content-Type"));
    BOOST_TEST(o311().requestCount() == 0u);
    BOOST_TEST(o311().posts() == static_cast<int>(cases.size()) + 1);

    // The limits themselves are accepted, and a refused report can be corrected under its key.
    file(with(report(), "description", longest));
    BOOST_TEST(o311().requests().back().description.size() == 4000u);
    const std::string key = std::string("key-") + cases.front().what;
    file(report(), key);
    BOOST_TEST(o311().countByIdempotencyKey(key) == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_wrong_api_key_is_403, Sim) {
    // By default any non-empty key is accepted, and none is not.
    BOOST_TEST(startsWith(errorsOf(post(without(report(), "api_key")), 403), "api_key"));
    BOOST_TEST(startsWith(errorsOf(post(with(report(), "api_key", "")), 403), "api_key"));
    file(with(report(), "api_key", "anything"));

    o311().setApiKey("secret-1022");
    BOOST_TEST(startsWith(errorsOf(post(report()), 403), "api_key"));
    BOOST_TEST(o311().requestCount() == 1u);
    file(with(report(), "api_key", "secret-1022"));
    BOOST_TEST(o311().requestCount() == 2u);
}

BOOST_FIXTURE_TEST_CASE(a_replay_with_the_same_key_returns_the_same_answer_and_stores_once, Sim) {
    const Answer first = post(pothole(), "c0ffee-1");
    BOOST_TEST_REQUIRE(first.status == 201);
    const Answer again = post(pothole(), "c0ffee-1");
    BOOST_TEST(again.status == 201);
    BOOST_TEST(again.body == first.body);
    // The same fields in another order and encoding are the same report; a rotated api_key too.
    Fields reordered = with(pothole(), "api_key", "rotated-key");
    std::reverse(reordered.begin(), reordered.end());
    std::string body = formEncode(reordered);
    const Answer third = answerOf(postRaw(body, "c0ffee-1"));
    BOOST_TEST(third.status == 201);
    BOOST_TEST(third.body == first.body);
    BOOST_TEST(o311().requestCount() == 1u);
    BOOST_TEST(o311().countByIdempotencyKey("c0ffee-1") == 1u);

    // Another key is another report, even with the same body; so is a report with no key.
    const std::string other = file(pothole(), "c0ffee-2");
    BOOST_TEST(other != first.parsed().at(0).at("service_request_id").get<std::string>());
    file(pothole());
    file(pothole());
    BOOST_TEST(o311().requestCount() == 4u);
    BOOST_TEST(o311().countByIdempotencyKey("c0ffee-2") == 1u);
    BOOST_TEST(o311().countByIdempotencyKey("never-sent") == 0u);
}

BOOST_FIXTURE_TEST_CASE(concurrent_retries_with_one_key_store_once, Sim) {
    std::vector<std::thread> threads;
    // Five: httplib listens with a backlog of 5, and a sixth simultaneous connect would wait 1 s
    // for its SYN to be sent again.
    std::vector<std::string> answers(5);
    for (std::size_t i = 0; i < answers.size(); ++i) {
        threads.emplace_back([&, i] {
            auto c = makeClient();
            httplib::Headers headers{{"Idempotency-Key", "same-for-all"}};
            const auto result = c->Post("/open311/v2/requests.json", headers, formEncode(report()), kForm);
            if (result && result->status == 201) answers[i] = result->body;
        });
    }
    for (auto& t : threads) t.join();
    BOOST_TEST(o311().requestCount() == 1u);
    for (const auto& answer : answers) BOOST_TEST(answer == answers.front());
    BOOST_TEST(!answers.front().empty());
}

BOOST_FIXTURE_TEST_CASE(reusing_a_key_for_another_report_is_422, Sim) {
    const std::string id = file(report(), "reused");
    const auto descriptions = errorsOf(post(with(report(), "description", "Một phản ánh khác"), "reused"), 422);
    BOOST_TEST(startsWith(descriptions, "Idempotency-Key"));
    BOOST_TEST(o311().requestCount() == 1u);
    BOOST_TEST(o311().requests().front().serviceRequestId == id);
}

BOOST_FIXTURE_TEST_CASE(a_multivaluelist_keeps_every_value, Sim) {
    Fields waste = report("003");
    waste.emplace_back("attribute[WASTE][]", "XA_BAN");
    waste.emplace_back("attribute[WASTE][]", "CONG_KENH");
    waste.emplace_back("attribute[REPEAT]", "NHIEU_LAN");
    const std::string id = file(waste);
    const auto stored = o311().request(id);
    BOOST_TEST_REQUIRE(stored.has_value());
    BOOST_TEST(stored->attributes.at("WASTE") == (std::vector<std::string>{"XA_BAN", "CONG_KENH"}));
    BOOST_TEST(stored->attributes.at("REPEAT") == std::vector<std::string>{"NHIEU_LAN"});

    // Required: at least one value; an empty value is no value.
    BOOST_TEST(startsWith(errorsOf(post(report("003")), 400), "WASTE: "));
    BOOST_TEST(startsWith(errorsOf(post(with(report("003"), "attribute[WASTE][]", "")), 400), "WASTE: "));
    BOOST_TEST(o311().requestCount() == 1u);
}

BOOST_FIXTURE_TEST_CASE(tracking_shows_what_the_city_did, Sim) {
    std::atomic<long long> wallSeconds{1795827600};  // 2026-11-28T08:00:00+07:00
    o311().setWallClock(
        [&] { return std::chrono::system_clock::time_point(std::chrono::seconds(wallSeconds.load())); });
    const std::string a = file(report());
    const std::string b = file(pothole());

    wallSeconds += 3600;
    BOOST_TEST(o311().setStatus(a, "closed", "Đã giải toả vỉa hè."));
    BOOST_TEST(o311().setAgencyResponsible(a, "Đội Trật tự đô thị phường Bến Thành"));
    BOOST_TEST(o311().setExpectedDatetime(a, "2026-12-01T17:00:00+07:00"));
    BOOST_TEST(!o311().setStatus("HCM-999999", "closed"));
    BOOST_CHECK_THROW(o311().setStatus(a, "fixed"), std::invalid_argument);

    const Answer one = get("/requests/" + a + ".json");
    BOOST_TEST_REQUIRE(one.status == 200);
    BOOST_TEST(one.contentType == kJsonType);
    const json r = one.parsed().at(0);
    BOOST_TEST(r.at("service_request_id") == a);
    BOOST_TEST(r.at("status") == "closed");
    BOOST_TEST(r.at("status_notes") == "Đã giải toả vỉa hè.");
    BOOST_TEST(r.at("agency_responsible") == "Đội Trật tự đô thị phường Bến Thành");
    BOOST_TEST(r.at("service_code") == "005");
    BOOST_TEST(r.at("service_name") == "Lấn chiếm lòng lề đường");
    BOOST_TEST(r.at("description") == report().at(2).second);
    BOOST_TEST(r.at("address") == "12 Lê Lợi, Phường Bến Thành");
    BOOST_TEST(r.at("requested_datetime") == "2026-11-28T08:00:00+07:00");
    BOOST_TEST(r.at("updated_datetime") == "2026-11-28T09:00:00+07:00");
    BOOST_TEST(r.at("expected_datetime") == "2026-12-01T17:00:00+07:00");

    const json both = get("/requests.json?service_request_id=" + b + "," + a + ",HCM-999999").parsed();
    BOOST_TEST_REQUIRE(both.size() == 2u);
    BOOST_TEST(both.at(0).at("service_request_id") == b);
    BOOST_TEST(both.at(0).at("status") == "open");
    BOOST_TEST(both.at(0).at("updated_datetime") == "2026-11-28T08:00:00+07:00");
    BOOST_TEST(!both.at(0).contains("expected_datetime"));
    BOOST_TEST(both.at(1).at("service_request_id") == a);
    BOOST_TEST(both.at(1).at("status") == "closed");

    BOOST_TEST(get("/requests.json?status=closed").parsed().size() == 1u);
    BOOST_TEST(get("/requests.json").parsed().size() == 2u);
    BOOST_TEST(startsWith(errorsOf(get("/requests/HCM-999999.json"), 404), "service_request_id"));

    // Reopened (a resident said it is not fixed).
    BOOST_TEST(o311().setStatus(a, "open"));
    BOOST_TEST(get("/requests/" + a + ".json").parsed().at(0).at("status") == "open");
}

BOOST_FIXTURE_TEST_CASE(store_then_drop_files_the_report_and_sends_nothing, Sim) {
    o311().setStoreThenDrop(1.0);
    const auto lost = postRaw(formEncode(report()), "crash-1");
    BOOST_TEST(!lost);  // a transport error, not an answer
    BOOST_TEST(o311().requestCount() == 1u);
    BOOST_TEST(o311().countByIdempotencyKey("crash-1") == 1u);
    BOOST_TEST(o311().drops() == 1);

    // Not one byte: no status line, no headers.
    const std::string body = formEncode(report());
    const std::string raw = rawExchange(server.port(), "POST /open311/v2/requests.json HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                       "Content-Type: application/x-www-form-urlencoded\r\n"
                                                       "Idempotency-Key: crash-raw\r\nContent-Length: " +
                                                           std::to_string(body.size()) + "\r\n\r\n" + body);
    BOOST_TEST(raw.empty(), raw);
    BOOST_TEST(o311().countByIdempotencyKey("crash-raw") == 1u);

    // The kiosk's own client sees a network failure.
    auto kiosk = kioskClient();
    const auto result = kiosk.perform(kioskPost(report(), "crash-kiosk"));
    BOOST_TEST(!result.ok());
    BOOST_TEST((result.failure == kiosk::HttpFailure::Network), result.detail);
    BOOST_TEST(o311().countByIdempotencyKey("crash-kiosk") == 1u);
    BOOST_TEST(o311().requestCount() == 3u);

    // Over a connection curl reuses, an answer of nothing makes curl resend the POST by itself
    // (once, on a fresh connection): the Idempotency-Key is what keeps that to one report.
    kiosk::HttpRequest services;
    services.url = server.baseUrl() + "/open311/v2/services.json";
    services.timeout = 5s;
    auto reusing = kioskClient();
    BOOST_TEST_REQUIRE(reusing.perform(services).ok());
    BOOST_TEST(!reusing.perform(kioskPost(report(), "crash-reused")).ok());
    BOOST_TEST(o311().countByIdempotencyKey("crash-reused") == 1u);
    BOOST_TEST(o311().requestCount() == 4u);

    // The retry with the same key gets the stored report's id, and nothing more is stored.
    o311().setStoreThenDrop(0.0);
    const std::string stored = o311().requests().front().serviceRequestId;
    const int dropped = o311().drops();
    BOOST_TEST(dropped >= 4);
    BOOST_TEST(file(report(), "crash-1") == stored);
    BOOST_TEST(o311().requestCount() == 4u);
    BOOST_TEST(o311().countByIdempotencyKey("crash-1") == 1u);
    BOOST_TEST(o311().drops() == dropped);
}

BOOST_FIXTURE_TEST_CASE(store_then_drop_follows_its_seed, Sim) {
    auto run = [&] {
        o311().reset();
        o311().setSeed(7);
        o311().setStoreThenDrop(0.5);
        std::string pattern;
        for (int i = 0; i < 24; ++i) {
            auto c = makeClient();  // a fresh connection each time: a dropped one is gone
            httplib::Headers headers{{"Idempotency-Key", "seeded-" + std::to_string(i)}};
            const auto result = c->Post("/open311/v2/requests.json", headers, formEncode(report()), kForm);
            pattern += result ? (result->status == 201 ? 'a' : '?') : 'd';
        }
        BOOST_TEST(o311().requestCount() == 24u);  // dropped or not, every report is filed
        BOOST_TEST(o311().drops() == static_cast<int>(std::count(pattern.begin(), pattern.end(), 'd')));
        return pattern;
    };
    const std::string first = run();
    BOOST_TEST(first.find('?') == std::string::npos);
    BOOST_TEST(first.find('a') != std::string::npos);
    BOOST_TEST(first.find('d') != std::string::npos);
    BOOST_TEST(run() == first);
    BOOST_CHECK_THROW(o311().setStoreThenDrop(1.5), std::invalid_argument);
    BOOST_CHECK_THROW(o311().setStoreThenDrop(-0.1), std::invalid_argument);
}

BOOST_FIXTURE_TEST_CASE(server_faults_store_nothing, Sim) {
    o311().setFault(Open311Sim::Fault::Unavailable, Open311Sim::FaultCalls::Post, 1);
    errorsOf(post(report(), "f-1"), 503);
    BOOST_TEST(o311().requestCount() == 0u);
    file(report(), "f-1");  // the fault was for one call; the retry files it
    BOOST_TEST(o311().faultsApplied() == 1);

    o311().setFault(Open311Sim::Fault::InternalError);
    errorsOf(post(report(), "f-2"), 500);
    errorsOf(post(report(), "f-2"), 500);
    BOOST_TEST(o311().faultsApplied() == 2);
    BOOST_TEST(get("/services.json").status == 200);  // a POST fault leaves reads alone

    o311().setFault(Open311Sim::Fault::MalformedJson);
    const Answer garbled = post(report(), "f-3");
    BOOST_TEST(garbled.status == 200);
    BOOST_TEST(!json::accept(garbled.body));

    o311().setFault(Open311Sim::Fault::WrongContentType, Open311Sim::FaultCalls::All);
    const Answer html = post(report(), "f-4");
    BOOST_TEST(html.status == 200);
    BOOST_TEST(html.contentType.starts_with("text/html"));
    BOOST_TEST(get("/services.json").contentType.starts_with("text/html"));

    o311().setFault(Open311Sim::Fault::Unavailable, Open311Sim::FaultCalls::Get);
    errorsOf(get("/services.json"), 503);
    file(report(), "f-5");
    BOOST_TEST(o311().requestCount() == 2u);

    o311().clearFaults();
    BOOST_TEST(get("/services.json").status == 200);
}

BOOST_FIXTURE_TEST_CASE(a_refusal_the_kiosk_cannot_know_is_given_then_lifted, Sim) {
    o311().refuseNext({"description: cần nêu rõ thời điểm (dữ liệu mô phỏng)"}, 1);
    const auto refused = errorsOf(post(report(), "r-1"), 400);
    BOOST_TEST(refused == std::vector<std::string>{"description: cần nêu rõ thời điểm (dữ liệu mô phỏng)"});
    BOOST_TEST(o311().requestCount() == 0u);
    file(report(), "r-1");  // corrected (here: sent again) under the same key, it is filed
    o311().refuseNext({"LANDMARK: x"}, 5);
    o311().clearFaults();
    file(report(), "r-2");
    BOOST_CHECK_THROW(o311().refuseNext({}, 1), std::invalid_argument);
}

BOOST_FIXTURE_TEST_CASE(latency_holds_every_answer_back, Sim) {
    o311().setLatency(300ms);
    auto started = std::chrono::steady_clock::now();
    BOOST_TEST(get("/services.json").status == 200);
    BOOST_TEST(((std::chrono::steady_clock::now() - started) >= 300ms));
    started = std::chrono::steady_clock::now();
    file(report());
    BOOST_TEST(((std::chrono::steady_clock::now() - started) >= 300ms));

    // A client that gives up sooner sees a timeout.
    auto impatient = makeClient();
    impatient->set_read_timeout(0, 100000);
    BOOST_TEST(!impatient->Get("/open311/v2/services.json"));
    o311().setLatency(0ms);
}

BOOST_FIXTURE_TEST_CASE(a_wrong_jurisdiction_is_404, Sim) {
    BOOST_TEST(get("/services.json?jurisdiction_id=anywhere").status == 200);  // none configured: any
    o311().setJurisdiction("hcmc.gov.vn");
    BOOST_TEST(startsWith(errorsOf(get("/services.json?jurisdiction_id=hanoi.gov.vn"), 404), "jurisdiction_id"));
    BOOST_TEST(get("/services.json?jurisdiction_id=hcmc.gov.vn").status == 200);
    BOOST_TEST(get("/services.json").status == 200);
    errorsOf(get("/services/001.json?jurisdiction_id=hanoi.gov.vn"), 404);
    errorsOf(post(with(report(), "jurisdiction_id", "hanoi.gov.vn")), 404);
    BOOST_TEST(o311().requestCount() == 0u);
    file(with(report(), "jurisdiction_id", "hcmc.gov.vn"));
}

BOOST_FIXTURE_TEST_CASE(other_formats_and_paths_are_404_in_the_spec_shape, Sim) {
    errorsOf(get("/services.xml"), 404);
    errorsOf(get("/discovery.json"), 404);
}

BOOST_FIXTURE_TEST_CASE(an_account_id_is_kept_but_never_shown, Sim) {
    const std::string named = file(with(report(), "account_id", "vneid-sub-0042"));
    const std::string plain = file(report());
    BOOST_TEST(o311().request(named)->accountId == "vneid-sub-0042");
    BOOST_TEST(o311().request(plain)->accountId.empty());
    // It names a person: no answer about the report shows it.
    for (const std::string& path : {"/requests/" + named + ".json", std::string("/requests.json"),
                                    "/requests.json?service_request_id=" + named}) {
        const Answer a = get(path);
        BOOST_TEST_REQUIRE(a.status == 200);
        BOOST_TEST(a.body.find("vneid-sub-0042") == std::string::npos, path);
        BOOST_TEST(a.body.find("account_id") == std::string::npos, path);
    }
}

// Steady and wall clocks that move together, by hand.
struct SimWithTime : Sim {
    std::atomic<long long> offsetSeconds{0};
    const std::chrono::steady_clock::time_point steadyBase = std::chrono::steady_clock::now();
    SimWithTime() {
        o311().setClock([this] { return steadyBase + std::chrono::seconds(offsetSeconds.load()); });
        o311().setWallClock([this] {
            // 1795827600: 2026-11-28T08:00:00+07:00
            return std::chrono::system_clock::time_point(std::chrono::seconds(1795827600 + offsetSeconds.load()));
        });
    }
    json status(const std::string& id) { return get("/requests/" + id + ".json").parsed().at(0); }
    // Each field of the report's GET answer is the text given.
    void expectFields(const std::string& id, const std::map<std::string, std::string>& fields) {
        const json r = status(id);
        for (const auto& [name, value] : fields) {
            BOOST_TEST_REQUIRE(r.contains(name), name);
            BOOST_TEST(r.at(name).get<std::string>() == value, name);
        }
    }
};

BOOST_FIXTURE_TEST_CASE(the_progression_assigns_then_closes_a_report_as_it_ages, SimWithTime) {
    o311().setProgression(60s, 300s);
    const std::string a = file(report());
    offsetSeconds = 59;
    // The service's agency, as filed.
    expectFields(a,
                 {{"status", "open"}, {"agency_responsible", "Đội Trật tự đô thị phường"}, {"status_notes", ""}});
    BOOST_TEST(!status(a).contains("expected_datetime"));

    offsetSeconds = 60;
    expectFields(a, {{"status", "open"},
                     {"agency_responsible", "UBND phường (mô phỏng)"},
                     {"status_notes", "Đã chuyển UBND phường xử lý (dữ liệu mô phỏng)."},
                     {"updated_datetime", "2026-11-28T08:01:00+07:00"},
                     {"expected_datetime", "2026-12-01T08:01:00+07:00"}});
    const std::string b = file(report());  // filed at 08:01

    offsetSeconds = 4000;  // noticed long after both steps: each is dated when it happened
    expectFields(a, {{"status", "closed"},
                     {"status_notes", "UBND phường báo đã xử lý xong (dữ liệu mô phỏng)."},
                     {"agency_responsible", "UBND phường (mô phỏng)"},
                     {"updated_datetime", "2026-11-28T08:05:00+07:00"},
                     {"expected_datetime", "2026-12-01T08:01:00+07:00"}});
    BOOST_TEST(o311().request(b)->status == "closed");  // the accessors show it too
    BOOST_TEST(o311().request(b)->updatedDatetime == "2026-11-28T08:06:00+07:00");
    BOOST_TEST(get("/requests.json?status=closed").parsed().size() == 2u);

    // Each step happens once: what the city (a test) does afterwards stays.
    BOOST_TEST(o311().setStatus(a, "open", "Mở lại"));
    offsetSeconds = 9000;
    expectFields(a, {{"status", "open"}, {"status_notes", "Mở lại"}});
}

BOOST_FIXTURE_TEST_CASE(the_progression_is_off_by_default_and_each_step_can_be_off, SimWithTime) {
    const std::string a = file(report());
    offsetSeconds = 30 * 86400;
    expectFields(a, {{"status", "open"}, {"status_notes", ""}});

    BOOST_CHECK_THROW(o311().setProgression(-1s, 0s), std::invalid_argument);
    BOOST_CHECK_THROW(o311().setProgression(300s, 60s), std::invalid_argument);
    o311().setProgression(0s, 120s);  // closing only: never assigned
    const std::string b = file(report());
    offsetSeconds += 119;
    BOOST_TEST(status(b).at("status") == "open");
    offsetSeconds += 1;
    expectFields(b, {{"status", "closed"}, {"agency_responsible", "Đội Trật tự đô thị phường"}});
    BOOST_TEST(!status(b).contains("expected_datetime"));
    BOOST_TEST(status(a).at("status") == "closed");  // filed before: old enough too

    o311().setProgression(0s, 0s);
    const std::string c = file(report());
    offsetSeconds += 86400;
    BOOST_TEST(status(c).at("status") == "open");
}

BOOST_AUTO_TEST_SUITE_END()
