// A printed report slip keeps its promise (issue 16): read at any kiosk of the city, it shows the
// report's status from the city, or, printed before the city gave an id, where it is kept. Two
// kiosks, each with its own state directory and outbox, against one simulated 1022 system.
// Also the slip's QR payload and the lookup field's reading of what a resident types.
#include <boost/test/unit_test.hpp>

#include <future>
#include <thread>

#include "CitySimServer.h"
#include "Open311Sim.h"
#include "TestPaths.h"
#include "domain/WardRegistry.h"
#include "feedback/FeedbackService.h"
#include "feedback/SlipCode.h"
#include "printing/Slip.h"
#include "scan/ScanClassifier.h"

using namespace kiosk;
using namespace std::chrono_literals;

namespace {
const std::string kWardA = "26743";  // Phường Bến Thành
const std::string kWardB = "27343";  // Phường Chợ Lớn

template <typename Answer, typename Request>
Answer await(Request&& request) {
    auto promise = std::make_shared<std::promise<Answer>>();
    auto answer = promise->get_future();
    request([promise](Answer value) { promise->set_value(std::move(value)); });
    BOOST_TEST_REQUIRE((answer.wait_for(15s) == std::future_status::ready), "no answer within 15 s");
    return answer.get();
}

// One kiosk: its own state directory (outbox.db), its ward, the shared city.
struct Kiosk {
    Config config;
    std::string wardName;
    std::unique_ptr<FeedbackService> service;

    Kiosk(const std::string& name, const std::string& ward, const std::string& cityUrl, const WardRegistry& wards) {
        const auto dir = test::scratchDir("slip-lookup-" + name);
        config.kiosk.id = "kiosk-" + name;
        config.kiosk.wardCode = ward;
        config.city.open311Url = cityUrl + "/open311/v2";
        config.city.connectTimeout = 2s;
        config.feedback.apiKey = "key-" + name;
        config.feedback.requestTimeout = 5s;
        config.feedback.retryMin = 1s;
        config.feedback.servicesRefresh = 3600s;
        wardName = wards.find(ward)->fullName;
        service = std::make_unique<FeedbackService>(dir / "outbox.db", config,
                                                    std::make_shared<CurlHttpClient>(config.city),
                                                    SystemClock::instance(), wardName);
    }
    OutboxReport save(const open311::ReportDraft& draft) {
        const auto saved = await<FeedbackService::SaveResult>([&](auto done) { service->save(draft, done); });
        BOOST_TEST_REQUIRE(saved.report.has_value(), saved.error);
        return *saved.report;
    }
    std::optional<OutboxReport> get(std::int64_t id) {
        return await<std::optional<OutboxReport>>([&](auto done) { service->get(id, done); });
    }
    ReportLookup lookUp(const ReportKey& key) {
        return await<ReportLookup>([&](auto done) { service->lookUp(key, done); });
    }
    Slip slip(const OutboxReport& report) const {
        SlipSetting setting;
        setting.wardName = wardName;
        setting.now = std::chrono::system_clock::now();
        setting.translate = [](const char* msgid) { return std::string(msgid); };
        return feedbackSlip(report, setting);
    }
};

open311::ReportDraft namedDraft() {
    return {.serviceCode = "005", .serviceName = "Lấn chiếm lòng lề đường", .description = "Xe đậu kín vỉa hè",
            .address = "12 Lê Lợi", .firstName = "Lan", .lastName = "Trần Thị", .phone = "0901234567",
            .email = "lan@example.vn", .consentVersion = "2026-11"};
}

// What a slip's QR code gives the kiosk that scans it.
ReportKey scanned(const Slip& slip) {
    const auto code = scan::classifyScan(slip.qrText);
    const auto* report = std::get_if<scan::OurReport>(&code);
    BOOST_TEST_REQUIRE(report != nullptr, slip.qrText);
    return {report->trackingCode, report->serviceRequestId};
}

ReportKey typed(const std::string& text) {
    const auto read = readTypedReportCode(text);
    BOOST_TEST_REQUIRE((read.kind == TypedReportCode::Kind::TrackingCode || read.kind == TypedReportCode::Kind::RequestId),
                       text);
    return read.key;
}

bool anyLineHas(const Slip& slip, const std::string& text) {
    for (const auto& line : slip.lines())
        if (line.find(text) != std::string::npos) return true;
    return false;
}

// Every text of a city answer, to prove no contact detail came through.
std::string everything(const open311::RequestStatus& s) {
    return s.serviceRequestId + "|" + s.status + "|" + s.statusNotes + "|" + s.serviceName + "|" + s.agencyResponsible +
           "|" + s.requestedAt + "|" + s.updatedAt + "|" + s.expectedAt + "|" + s.address;
}

struct City {
    citysim::CitySimServer server{[] {
        citysim::CitySimServer::Options o;
        o.seed = std::make_shared<const std::vector<DirectoryEntry>>();
        return o;
    }()};
    City() { server.start(); }
};
}  // namespace

BOOST_AUTO_TEST_SUITE(slip_lookup)

BOOST_AUTO_TEST_CASE(a_slip_from_one_kiosk_is_followed_at_another_through_the_city) {
    const auto wards = WardRegistry::load(test::resourcesDir() / "data" / "wards_2025.csv");
    City city;
    city.server.open311().setEchoContact(true);  // a careless city: the kiosk must still show none
    Kiosk a("a", kWardA, city.server.baseUrl(), wards);
    Kiosk b("b", kWardB, city.server.baseUrl(), wards);

    // Saved at A, slip printed before the city has it (A's sender is not started yet).
    const OutboxReport saved = a.save(namedDraft());
    BOOST_TEST(trackingCodeWard(saved.trackingCode) == kWardA);
    const Slip early = a.slip(saved);
    BOOST_TEST(early.qrText == saved.trackingCode);
    BOOST_TEST(anyLineHas(early, "Waiting to be sent: follow it at the kiosk of the People's Committee of Phường Bến "
                                 "Thành"));
    BOOST_TEST(!anyLineHas(early, "at any ward kiosk"));  // not promised before it is true

    // At B, scanned and typed: where it is kept, not "not found".
    for (const ReportKey& key : {scanned(early), typed(saved.trackingCode)}) {
        const ReportLookup there = b.lookUp(key);
        BOOST_TEST((there.kind == ReportLookup::Kind::SavedElsewhere));
        BOOST_TEST(there.wardCode == kWardA);
        BOOST_TEST(!there.report.has_value());
    }
    // At A itself: the resident who filed it sees everything, as before.
    BOOST_TEST((a.lookUp(scanned(early)).kind == ReportLookup::Kind::Here));

    // A sends it; the ward takes it up.
    a.service->start({});
    std::optional<OutboxReport> filed;
    for (int i = 0; i < 1000 && !(filed && filed->state == ReportState::Filed); ++i) {
        std::this_thread::sleep_for(10ms);
        filed = a.get(saved.id);
    }
    BOOST_TEST_REQUIRE((filed && filed->state == ReportState::Filed));
    const std::string id = filed->serviceRequestId;
    BOOST_TEST_REQUIRE(city.server.open311().setAgencyResponsible(id, "Đội Quản lý trật tự đô thị (mô phỏng)"));
    BOOST_TEST_REQUIRE(city.server.open311().setStatus(id, "open", "Đã giao đội xử lý"));
    BOOST_TEST_REQUIRE(city.server.open311().setExpectedDatetime(id, "2026-12-20T17:00:00+07:00"));

    // The slip printed now carries the city's id, in the QR and in words.
    const Slip late = a.slip(*filed);
    BOOST_TEST(late.qrText == "PAKN/1/" + filed->trackingCode + "/" + id);
    BOOST_TEST(anyLineHas(late, "type the 1022 number " + id + ", at any ward kiosk"));

    for (const ReportKey& key : {scanned(late), typed(id)}) {
        const ReportLookup there = b.lookUp(key);
        BOOST_TEST_REQUIRE((there.kind == ReportLookup::Kind::City), there.detail);
        BOOST_TEST(there.status.serviceRequestId == id);
        BOOST_TEST(there.status.status == "open");
        BOOST_TEST(there.status.statusNotes == "Đã giao đội xử lý");
        BOOST_TEST(there.status.agencyResponsible == "Đội Quản lý trật tự đô thị (mô phỏng)");
        BOOST_TEST(there.status.expectedAt == "2026-12-20T17:00:00+07:00");
        BOOST_TEST(!there.report.has_value());  // nothing of A's outbox
        const std::string shown = everything(there.status);
        for (const char* contact : {"Lan", "Trần Thị", "0901234567", "lan@example.vn"})
            BOOST_TEST(shown.find(contact) == std::string::npos, contact);
    }
    // The same slip at A, and its city id typed at A: A's own report, with everything.
    const ReportLookup home = a.lookUp(scanned(late));
    BOOST_TEST_REQUIRE((home.kind == ReportLookup::Kind::Here));
    BOOST_TEST(home.report->draft.phone == "0901234567");
    BOOST_TEST((a.lookUp(typed(id)).kind == ReportLookup::Kind::Here));

    // The old (tracking-code-only) slip of a report that is filed by now: still where it is kept.
    BOOST_TEST((b.lookUp(scanned(early)).kind == ReportLookup::Kind::SavedElsewhere));

    // A number the city does not know, and a city that cannot be reached.
    BOOST_TEST((b.lookUp(typed("HCM-999999")).kind == ReportLookup::Kind::NotAtCity));
    city.server.open311().setFault(citysim::Open311Sim::Fault::Unavailable, citysim::Open311Sim::FaultCalls::Get);
    BOOST_TEST((b.lookUp(scanned(late)).kind == ReportLookup::Kind::Unreachable));
    city.server.open311().clearFaults();
    city.server.stop();
    BOOST_TEST((b.lookUp(typed(id)).kind == ReportLookup::Kind::Unreachable));
}

BOOST_AUTO_TEST_CASE(a_code_from_before_codes_named_their_ward_is_answered_too) {
    const auto wards = WardRegistry::load(test::resourcesDir() / "data" / "wards_2025.csv");
    City city;
    Kiosk b("old", kWardB, city.server.baseUrl(), wards);
    const std::string old = newTrackingCode();
    BOOST_TEST(old.size() == 11u);  // "PA-7K3M-Q9R"
    const ReportLookup there = b.lookUp(typed(old));
    BOOST_TEST((there.kind == ReportLookup::Kind::SavedElsewhere));
    BOOST_TEST(there.wardCode.empty());
    const auto code = scan::classifyScan(old);  // slips printed by the previous version
    BOOST_TEST_REQUIRE(std::holds_alternative<scan::OurReport>(code));
    BOOST_TEST(std::get<scan::OurReport>(code).trackingCode == old);
    BOOST_TEST(std::get<scan::OurReport>(code).serviceRequestId.empty());
}

BOOST_AUTO_TEST_CASE(the_slip_payload_is_versioned_and_read_strictly) {
    const std::string code = newTrackingCode(kWardA);
    BOOST_TEST(slipPayload(code, "") == code);
    BOOST_TEST(slipPayload(code, "HCM-000001") == "PAKN/1/" + code + "/HCM-000001");
    // Any id the city may give survives the trip, percent-encoded.
    for (const std::string id : {"HCM-000001", "a/b c%d", "Số 12", "x.y_z~1"}) {
        const auto back = parseSlipPayload(slipPayload(code, id));
        BOOST_TEST_REQUIRE(back.has_value(), id);
        BOOST_TEST(back->trackingCode == code);
        BOOST_TEST(back->serviceRequestId == id);
    }
    BOOST_TEST(slipPayload(code, "a/b c") == "PAKN/1/" + code + "/a%2Fb%20c");
    BOOST_TEST(parseSlipPayload("pakn/1/" + code + "/X1").has_value());  // a scanner with Caps Lock
    std::string wrong = code;
    wrong.back() = wrong.back() == '2' ? '3' : '2';
    std::string refusal;
    BOOST_TEST(!parseSlipPayload("H29.22-261120-0001", &refusal).has_value());
    BOOST_TEST(refusal.empty());  // not a slip at all: nothing to say
    for (const std::string& bad : std::vector<std::string>{"PAKN/2/" + code + "/X1", "PAKN/1/" + code, "PAKN/1/" + code + "/X1/", "PAKN/1/" + code + "/",
                                  "PAKN/1/" + wrong + "/X1", "PAKN/1/pa7k3mq9r/X1", "PAKN/1/" + code + "/a b",
                                  "PAKN/1/" + code + "/a%2", "PAKN/1/" + code + "/a%zz", "PAKN/1/" + code + "/%0A",
                                  "PAKN/1/" + code + "/%C3", "PAKN/1/" + code + "/" + std::string(129, 'x'), "PAKN//" + code + "/X"}) {
        BOOST_TEST(!parseSlipPayload(bad, &refusal).has_value(), bad);
        BOOST_TEST(!refusal.empty(), bad);
        const auto scannedCode = scan::classifyScan(bad);
        BOOST_TEST(std::holds_alternative<scan::Unknown>(scannedCode), bad);
    }
}

BOOST_AUTO_TEST_CASE(the_lookup_field_reads_a_tracking_code_or_the_city_number) {
    const std::string code = newTrackingCode(kWardA);
    using Kind = TypedReportCode::Kind;
    BOOST_TEST((readTypedReportCode("").kind == Kind::Empty));
    BOOST_TEST((readTypedReportCode("   ").kind == Kind::Empty));
    auto read = readTypedReportCode(" " + code + " ");
    BOOST_TEST((read.kind == Kind::TrackingCode));
    BOOST_TEST(read.key.trackingCode == code);
    std::string wrong = code;  // its check character mistyped
    wrong.back() = wrong.back() == '2' ? '3' : '2';
    BOOST_TEST((readTypedReportCode(wrong).kind == Kind::BadTrackingCode));
    wrong = newTrackingCode();
    wrong.back() = wrong.back() == '2' ? '3' : '2';
    BOOST_TEST((readTypedReportCode(wrong).kind == Kind::BadTrackingCode));
    read = readTypedReportCode("HCM-000123");
    BOOST_TEST((read.kind == Kind::RequestId));
    BOOST_TEST(read.key.serviceRequestId == "HCM-000123");
    BOOST_TEST(read.key.trackingCode.empty());
    read = readTypedReportCode("PAKN/1/" + code + "/HCM-7");
    BOOST_TEST((read.kind == Kind::Slip));
    BOOST_TEST(read.key.serviceRequestId == "HCM-7");
    BOOST_TEST((readTypedReportCode("PAKN/9/" + code + "/HCM-7").kind == Kind::Invalid));
    BOOST_TEST((readTypedReportCode("HCM\n1").kind == Kind::Invalid));
    BOOST_TEST((readTypedReportCode(std::string(129, '7')).kind == Kind::Invalid));
}

BOOST_AUTO_TEST_SUITE_END()
