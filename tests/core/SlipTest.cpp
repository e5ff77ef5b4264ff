// The slip model: what every tracking slip says, and that no citizen ID is printed whole.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <regex>

#include "core/IsoTime.h"
#include "printing/Slip.h"

using namespace kiosk;

namespace {
SlipSetting setting() {
    SlipSetting s;
    s.wardName = "Phường Sài Gòn";
    s.feedbackWeb = "https://1022.example.vn";
    s.dossierWeb = "https://dvc.example.vn";
    s.now = *parseIso8601("2026-11-28T08:05:00Z");  // 15:05 in the city
    s.translate = [](const char* msgid) { return std::string(msgid); };
    return s;
}

OutboxReport report() {
    OutboxReport r;
    r.trackingCode = "PA-7K3M-Q9R";
    r.createdAt = "2026-11-27T23:30:00Z";  // 06:30 on the 28th in the city
    r.draft.serviceName = "Chiếu sáng công cộng";
    r.draft.firstName = "An";
    r.draft.lastName = "Nguyễn Văn";
    r.draft.phone = "0903123456";
    r.state = ReportState::Filed;
    r.serviceRequestId = "1022-88812";
    r.tracked.status = "open";
    r.tracked.agencyResponsible = "UBND Phường Sài Gòn";
    r.tracked.expectedAt = "2026-12-04T17:00:00+07:00";
    return r;
}

bool anyLineHas(const Slip& slip, const std::string& text) {
    const auto lines = slip.lines();
    return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(text) != std::string::npos; });
}
}  // namespace

BOOST_AUTO_TEST_SUITE(slip)

BOOST_AUTO_TEST_CASE(a_feedback_slip_has_every_part_the_resident_needs) {
    const Slip slip = feedbackSlip(report(), setting());
    BOOST_TEST(slip.header == "People's Committee of Phường Sài Gòn");
    BOOST_TEST(slip.title == "FEEDBACK TRACKING SLIP");
    BOOST_TEST(slip.code == "PA-7K3M-Q9R");
    // What any kiosk's scanner reads back: the tracking code and the city's id (SlipCode.h).
    BOOST_TEST(slip.qrText == "PAKN/1/PA-7K3M-Q9R/1022-88812");
    BOOST_TEST(slip.printedAt == "Printed on 28/11/2026 15:05");
    BOOST_TEST(anyLineHas(slip, "Saved: 28/11/2026 06:30"));
    BOOST_TEST(anyLineHas(slip, "Number in the 1022 system: 1022-88812"));
    BOOST_TEST(anyLineHas(slip, "Expected by: 04/12/2026"));
    BOOST_TEST(slip.nextSteps.find("04/12/2026") != std::string::npos);  // what happens next, and when
    BOOST_TEST(anyLineHas(slip, "Scan the QR code, or type the 1022 number 1022-88812, at any ward kiosk."));
    BOOST_TEST(anyLineHas(slip, "Call 1022"));
    BOOST_TEST(anyLineHas(slip, "https://1022.example.vn"));
    BOOST_TEST(!slip.privacy.empty());
}

BOOST_AUTO_TEST_CASE(a_feedback_slip_prints_no_name_and_no_phone) {
    const Slip slip = feedbackSlip(report(), setting());
    BOOST_TEST(!anyLineHas(slip, "0903123456"));
    BOOST_TEST(!anyLineHas(slip, "Nguyễn Văn An"));
    BOOST_TEST(!anyLineHas(slip, "An Nguyễn"));
}

BOOST_AUTO_TEST_CASE(each_state_says_what_happens_next) {
    auto r = report();
    r.state = ReportState::Queued;
    r.serviceRequestId.clear();
    const Slip queued = feedbackSlip(r, setting());
    BOOST_TEST(anyLineHas(queued, "to be sent to 1022 when the network is back"));
    BOOST_TEST(queued.nextSteps.find("sends your report by itself") != std::string::npos);
    // No city id yet: the QR holds the tracking code alone, and the slip says where and from
    // when it can be followed instead of promising every kiosk.
    BOOST_TEST(queued.qrText == "PA-7K3M-Q9R");
    BOOST_TEST(anyLineHas(queued, "Waiting to be sent: follow it at the kiosk of the People's Committee of Phường Sài "
                                  "Gòn (where this slip was printed), from now on."));
    BOOST_TEST(anyLineHas(queued, "after it is sent, print a new slip"));
    BOOST_TEST(anyLineHas(queued, "Call 1022 and give the tracking code."));
    BOOST_TEST(!anyLineHas(queued, "any ward kiosk"));
    r.state = ReportState::Token;  // sent, the city's number still to come
    const Slip token = feedbackSlip(r, setting());
    BOOST_TEST(token.qrText == "PA-7K3M-Q9R");
    BOOST_TEST(anyLineHas(token, "Until it has a 1022 number, follow it at the kiosk of the People's Committee of "
                                 "Phường Sài Gòn"));
    r.state = ReportState::Filed;
    r.tracked.status = "closed";
    BOOST_TEST(feedbackSlip(r, setting()).nextSteps.find("report it again") != std::string::npos);
    r.state = ReportState::Refused;
    BOOST_TEST(feedbackSlip(r, setting()).nextSteps.find("correct") != std::string::npos);
    r.state = ReportState::Filed;
    r.tracked.status = "open";
    r.tracked.expectedAt.clear();
    BOOST_TEST(feedbackSlip(r, setting()).nextSteps.find("will answer through the 1022 system") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_dossier_slip_carries_the_portal_dates_in_city_time) {
    dossier::Dossier d;
    d.code = "H29.22-261120-0001";
    d.procedure = "Đăng ký khai sinh";
    d.agency = "UBND Phường Sài Gòn";
    d.status = dossier::Status::Processing;
    d.step = "Thẩm định";
    d.receivedAt = "2026-11-20T02:00:00Z";
    d.appointmentAt = "2026-11-30T17:30:00Z";  // already 1 December in the city
    const Slip slip = dossierSlip(d, setting());
    BOOST_TEST(slip.code == "H29.22-261120-0001");
    BOOST_TEST(slip.qrText == d.code);
    BOOST_TEST(anyLineHas(slip, "Scan the QR code at any ward kiosk."));
    BOOST_TEST(anyLineHas(slip, "Received: 20/11/2026"));
    BOOST_TEST(anyLineHas(slip, "Result promised for: 01/12/2026"));
    BOOST_TEST(anyLineHas(slip, "Current step: Thẩm định"));
    BOOST_TEST(slip.nextSteps.find("01/12/2026") != std::string::npos);
    BOOST_TEST(anyLineHas(slip, "https://dvc.example.vn"));
}

BOOST_AUTO_TEST_CASE(a_citizen_id_is_only_ever_printed_masked) {
    Slip slip = feedbackSlip(report(), setting());
    slip.setHolder("Holder", "Nguyễn Văn An", "079203001234");
    BOOST_TEST(slip.holder.find("079******234") != std::string::npos);
    const std::regex twelveDigits("[0-9]{12}");
    for (const auto& line : slip.lines()) BOOST_TEST(!std::regex_search(line, twelveDigits), line);
    slip.setHolder("Holder", "", "not-an-id");  // never echoed back either
    BOOST_TEST(slip.holder.find("not-an-id") == std::string::npos);
    slip.setHolder("Holder", "", "");
    BOOST_TEST(slip.holder.empty());
}

BOOST_AUTO_TEST_CASE(fill_in_and_city_dates) {
    BOOST_TEST(fillIn("Call %s, then %s.", {"1022", "wait"}) == "Call 1022, then wait.");
    BOOST_TEST(fillIn("%s and %s", {"one"}) == "one and ");
    BOOST_TEST(fillIn("100% sure: %s", {"yes"}) == "100% sure: yes");
    BOOST_TEST(cityDate("2026-12-31T17:00:00Z") == "01/01/2027");
    BOOST_TEST(cityDateTime("2026-11-28T09:15:00+07:00") == "28/11/2026 09:15");
    BOOST_TEST(cityDate("not a date").empty());
    BOOST_TEST(cityDate("").empty());
}

BOOST_AUTO_TEST_SUITE_END()
