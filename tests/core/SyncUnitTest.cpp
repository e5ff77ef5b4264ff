// The parts of sync that need no server: record decoding of hostile input, Retry-After,
// ISO times, and the staging swap on its own.
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "core/IsoTime.h"
#include "directory/DirectoryRepository.h"
#include "sync/CityRecord.h"
#include "sync/Datasets.h"
#include "sync/SyncEngine.h"
#include "sync/SyncStore.h"

using namespace kiosk;
using nlohmann::json;

namespace {
json goodRecord() {
    return json{{"id", "ward-1"}, {"group", "agencies"}, {"kind", "ward"}, {"name", "Phường Sài Gòn"},
                {"address", "45 Lê Duẩn"}, {"lat", 10.78}, {"lon", 106.7}, {"attributes", {{"area_served", "Bến Nghé"}}}};
}
}  // namespace

BOOST_AUTO_TEST_CASE(records_round_trip) {
    DirectoryEntry e;
    e.group = GroupId::Health;
    e.kind = kinds::kHealthFacility;
    e.name = "Bệnh viện Chợ Rẫy";
    e.latitude = 10.75;
    e.attributes["facility_type"] = "benh_vien";
    CityRecord back;
    std::string reason;
    BOOST_TEST(decodeCityRecord(encodeCityRecord("h-1", e), GroupId::Health, back, reason), reason);
    BOOST_TEST(back.id == "h-1");
    BOOST_TEST(back.entry.name == e.name);
    BOOST_TEST(*back.entry.latitude == 10.75);
    BOOST_TEST(!back.entry.longitude.has_value());
    BOOST_TEST(back.entry.attribute("facility_type") == "benh_vien");
}

BOOST_AUTO_TEST_CASE(hostile_records_are_refused_with_a_reason) {
    const std::vector<std::pair<std::function<void(json&)>, std::string>> cases = {
        {[](json& r) { r.erase("id"); }, "no id"},
        {[](json& r) { r["id"] = std::string(500, 'x'); }, "id is longer"},
        {[](json& r) { r["group"] = "health"; }, "does not belong"},
        {[](json& r) { r["group"] = "nonsense"; }, "unknown group"},
        {[](json& r) { r["name"] = ""; }, "no name"},
        {[](json& r) { r["name"] = 42; }, "name is not a string"},
        {[](json& r) { r["lat"] = 123.0; }, "lat is out of range"},
        {[](json& r) { r["lon"] = "east"; }, "lon is not a number"},
        {[](json& r) { r["sample"] = "yes"; }, "sample"},
        {[](json& r) { r["attributes"] = json::array(); }, "attributes is not an object"},
        {[](json& r) { r["attributes"]["x"] = json::object(); }, "attribute x"},
        {[](json& r) { r["attributes"]["'; DROP TABLE entries; --"] = "x"; }, "is not allowed"},
        {[](json& r) { r["address"] = std::string(10000, 'a'); }, "address is longer"},
        {[](json& r) { r = json::array(); }, "not an object"},
    };
    for (const auto& [spoil, expected] : cases) {
        json record = goodRecord();
        spoil(record);
        CityRecord out;
        std::string reason;
        BOOST_TEST(!decodeCityRecord(record, GroupId::Agencies, out, reason), expected);
        BOOST_TEST(reason.find(expected) != std::string::npos, reason << " (expected: " << expected << ")");
    }
}

BOOST_AUTO_TEST_CASE(retry_after_in_seconds_or_as_a_date) {
    const auto now = *parseIsoUtc("2026-11-27T08:00:00Z");
    BOOST_TEST(parseRetryAfter("120", now).count() == 120);
    BOOST_TEST(parseRetryAfter("", now).count() == 0);
    BOOST_TEST(parseRetryAfter("soon", now).count() == 0);
    BOOST_TEST(parseRetryAfter("Fri, 27 Nov 2026 08:05:00 GMT", now).count() == 300);
    BOOST_TEST(parseRetryAfter("Fri, 27 Nov 2026 07:00:00 GMT", now).count() == 0);  // in the past
    BOOST_TEST(parseRetryAfter("99999999999999", now).count() == 86400);              // capped
}

BOOST_AUTO_TEST_CASE(iso_times) {
    const auto t = parseIsoUtc("2026-11-27T08:30:05Z");
    BOOST_REQUIRE(t.has_value());
    BOOST_TEST(formatIsoUtc(*t) == "2026-11-27T08:30:05Z");
    BOOST_TEST(formatIsoUtc(*parseIsoUtc("2024-02-29")) == "2024-02-29T00:00:00Z");
    for (const char* bad : {"", "2026-13-01", "2026-02-30", "2026-11-27 08:30:05", "2026-11-27T25:00:00Z", "x"})
        BOOST_TEST(!parseIsoUtc(bad).has_value(), bad);
}

// fuzz-dossier (issue 16): a dossier "received" in 1013 overflowed the conversion to
// system_clock's nanoseconds (undefined behaviour). Times it cannot hold are not read.
BOOST_AUTO_TEST_CASE(iso_times_outside_what_the_clock_holds_are_not_read) {
    for (const char* bad : {"1013-11-20T09:00:00+07:00", "1677-12-31T23:59:59Z", "2262-01-01T00:00:00Z",
                            "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "-999-01-01T00:00:00Z"})
        BOOST_TEST(!parseIso8601(bad).has_value(), bad);
    for (const char* bad : {"1013-11-20", "1013-11-20T09:00:00Z", "2262-04-11", "9999-12-31T23:59:59Z"})
        BOOST_TEST(!parseIsoUtc(bad).has_value(), bad);
    BOOST_TEST(formatIsoUtc(*parseIso8601("1678-01-01T00:00:00+14:00")) == "1677-12-31T10:00:00Z");
    BOOST_TEST(formatIsoUtc(*parseIso8601("2261-12-31T23:59:59-14:00")) == "2262-01-01T13:59:59Z");
    BOOST_TEST(formatIsoUtc(*parseIsoUtc("1900-01-01")) == "1900-01-01T00:00:00Z");
}

BOOST_AUTO_TEST_CASE(iso_8601_with_offsets_as_other_systems_write_them) {
    const auto utc = [](const char* text) {
        const auto t = parseIso8601(text);
        return t ? formatIsoUtc(*t) : std::string("none");
    };
    BOOST_TEST(utc("2026-11-28T09:15:00+07:00") == "2026-11-28T02:15:00Z");
    BOOST_TEST(utc("2026-11-28T01:15:00+07:00") == "2026-11-27T18:15:00Z");  // the day before in UTC
    BOOST_TEST(utc("2026-11-28T09:15:00Z") == "2026-11-28T09:15:00Z");
    BOOST_TEST(utc("2026-11-28T09:15:00.123-0330") == "2026-11-28T12:45:00Z");
    BOOST_TEST(utc("2026-11-28T09:15+07") == "2026-11-28T02:15:00Z");
    BOOST_TEST(utc("2026-11-28 09:15:30") == "2026-11-28T09:15:30Z");
    BOOST_TEST(utc("2026-11-28") == "2026-11-28T00:00:00Z");
    for (const char* bad : {"", "2026-11-28T09:15:00+7", "2026-11-28T09:15:00+07:0x", "2026-11-28T24:00:00Z",
                            "2026-02-30T09:00:00Z", "2026-11-28T09:15:00.Z", "2026-11-28T09:15:00+15:00",
                            "2026-11-28T09:15:00Zjunk", "2026-11-28T09:1"})
        BOOST_TEST(utc(bad) == "none", bad);
}

BOOST_AUTO_TEST_CASE(staged_pages_are_invisible_until_applied_and_the_last_copy_of_an_id_wins) {
    auto db = Database::memory();
    DirectoryRepository repository(db);
    repository.migrate();
    DirectoryEntry old;
    old.group = GroupId::Agencies;
    old.kind = kinds::kHotline;
    old.name = "Đường dây nóng cũ";
    old.source = "test";
    old.updatedAt = "2024-01-01";
    repository.replaceAll({old, old});
    SyncStore store(db);
    BOOST_TEST(store.state("hotlines").rows == 2);

    auto record = [](const std::string& id, const std::string& name) {
        CityRecord r;
        r.id = id;
        r.entry.group = GroupId::Agencies;
        r.entry.kind = kinds::kHotline;
        r.entry.name = name;
        return r;
    };
    store.beginPass("hotlines", "full", 7, 0);
    store.stagePage("hotlines", {record("a", "Tổng đài một"), record("b", "Tổng đài hai")}, {}, 0, "c1");
    DirectoryQuery query;
    query.text = "tong dai";
    BOOST_TEST(repository.search(query).entries.empty());  // staged, not applied
    BOOST_TEST(repository.count() == 2u);
    store.stagePage("hotlines", {record("a", "Tổng đài một mới")}, {}, 1, "");
    const auto applied = store.applyPass("hotlines", "2026-11-27T08:00:00Z");
    BOOST_TEST(applied.rows == 2);
    BOOST_TEST(applied.deleted == 2);  // the two bundled rows
    BOOST_TEST(repository.count() == 2u);
    query.text = "moi";
    BOOST_REQUIRE(repository.search(query).entries.size() == 1u);
    const auto state = store.state("hotlines");
    BOOST_TEST(state.version == 7);
    BOOST_TEST(state.skipped == 1);
    BOOST_TEST(state.stagingMode.empty());

    // A delta: "b" goes, "a" changes and keeps its row id, "c" arrives.
    query.text = "mot";
    const auto idOfA = repository.search(query).entries.at(0).id;
    store.beginPass("hotlines", "delta", 8, 7);
    store.stagePage("hotlines", {record("a", "Tổng đài một sửa"), record("c", "Tổng đài ba")}, {"b"}, 0, "");
    const auto delta = store.applyPass("hotlines", "2026-11-27T09:00:00Z");
    BOOST_TEST(delta.deleted == 1);
    BOOST_TEST(delta.rows == 2);
    query.text = "sua";
    BOOST_REQUIRE(repository.search(query).entries.size() == 1u);
    BOOST_TEST(repository.search(query).entries[0].id == idOfA);
    query.text = "hai";
    BOOST_TEST(repository.search(query).entries.empty());
    query.text = "tong dai";
    BOOST_TEST(repository.search(query).entries.size() == 2u);
    // The index agrees with the table.
    db.exec("INSERT INTO entries_fts(entries_fts) VALUES('integrity-check')");
}
