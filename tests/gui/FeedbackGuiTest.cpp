// Phản ánh kiến nghị on screen (issue 7), against the simulator's 1022 endpoint in this process:
// writing a report step by step (the city's categories and questions, the checks on each step,
// contact details, consent) to its receipt with the tracking code and QR; a report saved while
// the city is down and sent by itself when it is back; looking a report up by its code; and,
// logged in with VNeID, "Phản ánh của tôi" with the city's news at login, a closed report
// confirmed fixed and one reported again as a new linked report. Screenshots of each state.
#define BOOST_TEST_NO_MAIN
#define BOOST_TEST_ALTERNATIVE_INIT_API
#include <wx/scrolwin.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <cstdlib>
#include <httplib.h>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "../city-sim/CitySimServer.h"
#include "../city-sim/OidcProvider.h"
#include "../city-sim/Open311Sim.h"
#include "GuiDriver.h"
#include "feedback/ComposeRules.h"
#include "feedback/Outbox.h"
#include "SimulatedCity.h"
#include "ShellFrame.h"
#include "TestPaths.h"
#include "widgets/TouchButton.h"

using namespace kiosk;
using citysim::Open311Sim;
using kiosk::test::expectCleanLayout;
using kiosk::test::GuiDriver;

using kiosk::test::touch;
using kiosk::test::type;

namespace {
GuiDriver& gui() { return GuiDriver::get(); }
citysim::CitySimServer* gSim = nullptr;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

bool shown(const std::string& name) {
    return gui().find(name) != nullptr;
}

void waitFor(const std::string& name, int timeoutMs = 8000) {
    BOOST_TEST_REQUIRE(gui().waitFor([&] { return shown(name); }, timeoutMs), name << " never appeared on " << gui().screenId());
    gui().pump(100);
}

void next() {
    gui().click("compose-next");
    gui().pump(150);
}

// Home, then the feedback screen, then `button` on it, which opens `screen`.
void openFeedback(const std::string& button = {}, const std::string& screen = {}) {
    gui().shell().goHome();
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
    gui().click("tile-feedback");
    BOOST_TEST_REQUIRE(gui().waitForScreen("group:feedback"));
    if (button.empty()) return;
    gui().click(button);
    BOOST_TEST_REQUIRE(gui().waitForScreen(screen));
}

void openCompose() {
    openFeedback("feedback-new", "feedback:compose");
}

// From the contact step on: name and phone (or anonymous), consent, send; waits for the receipt.
std::string finishCompose(bool anonymous) {
    BOOST_TEST_REQUIRE(shown("compose-name") != shown("compose-anonymous-note"));  // the contact step
    if (anonymous) {
        gui().click("compose-anonymous");
        waitFor("compose-anonymous-note");
    } else {
        type("compose-name", "Trần Thị Bé");
        type("compose-phone", "0909 123 456");
    }
    next();
    waitFor("compose-consent");
    BOOST_TEST(!gui().find("compose-next")->IsEnabled());  // no send before consent
    touch("compose-consent");
    BOOST_TEST(gui().find("compose-next")->IsEnabled());
    expectCleanLayout("compose: check and send");
    next();
    BOOST_TEST_REQUIRE(gui().waitForScreen("feedback:report", 8000));
    waitFor("report-code");
    return gui().label("report-code");
}

const Open311Sim::StoredRequest* stored(const std::string& trackingCode) {
    static std::vector<Open311Sim::StoredRequest> all;
    all = gSim->open311().requests();
    for (const auto& r : all) {
        auto it = r.attributes.find("kiosk_tracking");
        if (it != r.attributes.end() && !it->second.empty() && it->second.front() == trackingCode) return &r;
    }
    return nullptr;
}

std::string field(const Open311Sim::StoredRequest& r, const std::string& name) {
    for (const auto& [k, v] : r.fields)
        if (k == name) return v;
    return "<none>";
}

void login() {
    gui().shell().goHome();
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
    gui().click("tile-vneid");
    BOOST_TEST_REQUIRE(gui().waitForScreen("group:vneid"));
    waitFor("vneid-user-code", 10000);
    BOOST_TEST_REQUIRE(gSim->oidc().approve(gui().label("vneid-user-code")));
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().shell().session().identity().has_value(); }, 10000));
    gui().pump(300);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(feedback_gui)

BOOST_AUTO_TEST_CASE(a_report_written_step_by_step_reaches_the_city_with_every_answer) {
    openCompose();
    waitFor("service-001");
    expectCleanLayout("compose: kind of problem");
    gui().screenshot("feedback-compose-kind");
    // Searching narrows the list by name and keywords, without accents.
    type("compose-service-search", "ngap");
    BOOST_TEST(shown("service-004"));
    BOOST_TEST(!shown("service-001"));
    type("compose-service-search", "");
    waitFor("service-001");
    touch("service-001");
    waitFor("attr-LANDMARK");
    BOOST_TEST(contains(gui().label("compose-step"), "2"));

    // Nothing filled in: each required answer is marked on its own field.
    next();
    waitFor("error-LANDMARK");
    BOOST_TEST(shown("error-SIZE"));
    BOOST_TEST(shown("error-description"));
    BOOST_TEST(!shown("error-WIDTH"));  // not required
    expectCleanLayout("compose: what happened, with errors");
    gui().screenshot("feedback-compose-errors");

    type("attr-LANDMARK", "Trước số 12, cạnh cột điện");
    touch("attr-SIZE-M");
    touch("attr-SIZE-L");  // a single choice: L replaces M
    BOOST_TEST(!dynamic_cast<ui::TouchButton*>(gui().find("attr-SIZE-M"))->checked());
    type("attr-WIDTH", "1,5");
    touch("attr-HAZARD-XE_MAY");
    touch("attr-HAZARD-DI_BO");
    touch("attr-SEEN_AT-now");  // "Bây giờ": the city's time now, in the form people type
    BOOST_TEST(kiosk::open311::cityDateTimeFromTyped(
                   dynamic_cast<wxTextCtrl*>(gui().find("attr-SEEN_AT"))->GetValue().utf8_string())
                   .has_value());
    type("attr-SEEN_AT", "27/11/2026 18:30");
    type("compose-description", "Ổ gà lớn giữa đường, xe máy dễ té ngã khi trời tối.");
    BOOST_TEST(contains(gui().label("compose-description-count"), "51"));
    next();
    waitFor("compose-address");
    BOOST_TEST(contains(gui().label("compose-ward"), "Phường Sài Gòn"));
    next();
    waitFor("error-address_string");
    type("compose-address", "12 Lê Lợi");
    expectCleanLayout("compose: where");
    next();
    waitFor("compose-name");
    type("compose-name", "Trần Thị Bé");
    type("compose-phone", "12345");
    next();
    waitFor("error-phone");
    gui().screenshot("feedback-compose-contact-error");
    // Back to an earlier step and forward again: nothing typed is lost.
    gui().click("compose-previous");
    waitFor("compose-address");
    BOOST_TEST(dynamic_cast<wxTextCtrl*>(gui().find("compose-address"))->GetValue().utf8_string() == "12 Lê Lợi");
    next();
    waitFor("compose-name");
    BOOST_TEST(dynamic_cast<wxTextCtrl*>(gui().find("compose-name"))->GetValue().utf8_string() == "Trần Thị Bé");
    type("compose-phone", "+84 909.123.456");
    next();
    waitFor("compose-consent");
    gui().screenshot("feedback-compose-confirm");
    BOOST_TEST(!gui().find("compose-next")->IsEnabled());
    touch("compose-consent");
    next();
    BOOST_TEST_REQUIRE(gui().waitForScreen("feedback:report", 8000));
    waitFor("report-code");
    const std::string code = gui().label("report-code");
    BOOST_TEST(code.rfind("PA-", 0) == 0u);
    BOOST_TEST(shown("report-qr"));

    // The sender files it at once: the receipt follows by itself.
    BOOST_TEST_REQUIRE(gui().waitFor([&] { return stored(code) != nullptr; }, 8000));
    BOOST_TEST_REQUIRE(gui().waitFor([&] { return contains(gui().label("report-headline"), "1022") && !contains(gui().label("report-headline"), "..."); }, 8000));
    gui().pump(200);
    expectCleanLayout("receipt");
    gui().screenshot("feedback-receipt");
    const auto* report = stored(code);
    BOOST_REQUIRE(report != nullptr);
    BOOST_TEST(field(*report, "service_code") == "001");
    BOOST_TEST(field(*report, "first_name") == "Thị Bé");
    BOOST_TEST(field(*report, "last_name") == "Trần");
    BOOST_TEST(field(*report, "phone") == "0909123456");
    BOOST_TEST(contains(field(*report, "address_string"), "12 Lê Lợi"));
    BOOST_TEST(contains(field(*report, "address_string"), "Phường Sài Gòn"));
    BOOST_TEST(field(*report, "description") == "Ổ gà lớn giữa đường, xe máy dễ té ngã khi trời tối.");
    BOOST_TEST(report->attributes.at("SIZE") == std::vector<std::string>{"L"});
    BOOST_TEST(report->attributes.at("WIDTH") == std::vector<std::string>{"1.5"});
    BOOST_TEST(report->attributes.at("HAZARD") == (std::vector<std::string>{"XE_MAY", "DI_BO"}));
    BOOST_TEST(report->attributes.at("SEEN_AT") == std::vector<std::string>{"2026-11-27T18:30:00+07:00"});
    BOOST_TEST(report->attributes.at("kiosk_consent_version") == std::vector<std::string>{"2026-11"});
    BOOST_TEST(report->accountId.empty());  // nobody logged in
    BOOST_TEST(!const_cast<Session&>(gui().shell().session()).compose());  // the form went with the sending  // the form is gone with the sending

    // Back from the receipt goes to the feedback screen, not to the sent form.
    gui().click("nav-back");
    BOOST_TEST_REQUIRE(gui().waitForScreen("group:feedback"));
}

BOOST_AUTO_TEST_CASE(a_refusal_is_shown_on_its_field_and_the_corrected_report_is_filed) {
    // A rule of the city's the kiosk cannot check beforehand.
    gSim->open311().refuseNext({"LANDMARK: cần ghi số nhà hoặc số cột điện (dữ liệu mô phỏng)"});
    openCompose();
    waitFor("service-001");
    touch("service-001");
    waitFor("attr-LANDMARK");
    type("attr-LANDMARK", "cạnh chợ");
    touch("attr-SIZE-S");
    type("compose-description", "Nắp hố ga bị vỡ.");
    next();
    waitFor("compose-address");
    type("compose-address", "30 Hàm Nghi");
    next();
    const std::string code = finishCompose(false);
    BOOST_TEST_REQUIRE(gui().waitFor([] { return shown("report-amend"); }, 8000));
    BOOST_TEST(contains(gui().label("report-refusal"), "cần ghi số nhà"));
    BOOST_TEST(!contains(gui().label("report-refusal"), "LANDMARK"));  // the code is for the form, not for people
    // The field by the name the service definition gives it (issue 18).
    BOOST_TEST(contains(gui().label("report-refusal"), "Mốc gần nhất"), gui().label("report-refusal"));
    expectCleanLayout("refused");
    gui().screenshot("feedback-refused");

    // "Correct and send again": the form opens on the step with the field, the city's words under it.
    touch("report-amend");
    BOOST_TEST_REQUIRE(gui().waitForScreen("feedback:compose"));
    waitFor("error-LANDMARK");
    BOOST_TEST(contains(gui().label("error-LANDMARK"), "cần ghi số nhà"));
    BOOST_TEST(dynamic_cast<wxTextCtrl*>(gui().find("attr-LANDMARK"))->GetValue().utf8_string() == "cạnh chợ");
    gui().screenshot("feedback-amend");
    type("attr-LANDMARK", "cột điện số 14");
    next();
    waitFor("compose-address");
    next();
    waitFor("compose-phone");  // sent in this session: the resident's own details are still there
    BOOST_TEST(dynamic_cast<wxTextCtrl*>(gui().find("compose-phone"))->GetValue().utf8_string() == "0909123456");
    next();
    touch("compose-consent");
    next();
    BOOST_TEST_REQUIRE(gui().waitForScreen("feedback:report", 8000));
    waitFor("report-code");
    BOOST_TEST(gui().label("report-code") == code);  // the same report, corrected
    BOOST_TEST_REQUIRE(gui().waitFor([&] { return stored(code) != nullptr; }, 8000));
    BOOST_TEST(stored(code)->attributes.at("LANDMARK") == std::vector<std::string>{"cột điện số 14"});
}

BOOST_AUTO_TEST_CASE(saved_while_the_city_is_down_and_sent_by_itself_when_it_is_back) {
    gSim->open311().setFault(Open311Sim::Fault::Unavailable, Open311Sim::FaultCalls::Post);
    openCompose();
    waitFor("service-010");
    touch("service-010");  // "Khác": no questions of its own
    waitFor("compose-description");
    type("compose-description", "Nắp cống bị mất trước chợ.");
    next();
    waitFor("compose-address");
    type("compose-address", "Chợ Bến Thành");
    next();
    const std::string code = finishCompose(true);
    // Saved, not sent: the resident is told plainly and leaves with the code.
    BOOST_TEST_REQUIRE(gui().waitFor([] { return contains(gui().label("report-headline"), "sẽ tự gửi khi"); }, 8000),
                       gui().label("report-headline"));
    expectCleanLayout("receipt offline");
    gui().screenshot("feedback-receipt-offline");
    BOOST_TEST(stored(code) == nullptr);
    gSim->open311().clearFaults();
    // [feedback] retry_min_s = 1 in this test's config: the next try comes by itself.
    BOOST_TEST_REQUIRE(gui().waitFor([&] { return stored(code) != nullptr; }, 15000));
    BOOST_TEST_REQUIRE(gui().waitFor([] { return !contains(gui().label("report-headline"), "sẽ tự gửi khi"); }, 8000));
    const auto* report = stored(code);
    BOOST_TEST(field(*report, "first_name").empty());  // anonymous: no name, no phone
    BOOST_TEST(field(*report, "phone").empty());
}

BOOST_AUTO_TEST_CASE(a_report_is_found_again_by_its_tracking_code) {
    openFeedback();
    type("feedback-code", "PA-1234-567");  // not a code: its check character is wrong
    gui().click("feedback-lookup");
    BOOST_TEST(gui().waitFor([] { return contains(gui().label("feedback-lookup-result"), "PA-26743-7K3M-Q9R"); }));
    const auto requests = gSim->open311().requests();
    BOOST_REQUIRE(!requests.empty());
    const std::string code = requests.front().attributes.at("kiosk_tracking").front();
    std::string typed = code;
    for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    type("feedback-code", typed);  // as a resident may type it
    gui().pump(500);  // a second touch this soon on the same spot would be a double tap: one press
    gui().click("feedback-lookup");
    BOOST_TEST_REQUIRE(gui().waitForScreen("feedback:report"), typed << ": " << gui().label("feedback-lookup-result"));
    waitFor("report-code");
    BOOST_TEST(gui().label("report-code") == code);
}

// A slip of another kiosk (issue 16): its 1022 number gives the city's status, and never the
// sender's name or phone even when the city sends them; a tracking code saved at another ward's
// kiosk, not yet filed, says where it is kept instead of "not found".
BOOST_AUTO_TEST_CASE(a_slip_of_another_kiosk_is_answered_from_the_city) {
    gSim->open311().setEchoContact(true);
    httplib::Client client("127.0.0.1", gSim->port());
    const std::string otherCode = newTrackingCode("27343");  // Phường Chợ Lớn
    const std::string form = "api_key=other-kiosk&service_code=005&description=Xe+%C4%91%E1%BA%ADu+k%C3%ADn+v%E1%BB%89a+h%C3%A8"
                             "&address_string=5+H%E1%BA%A3i+Th%C6%B0%E1%BB%A3ng+L%C3%A3n+%C3%94ng&first_name=Kh%C3%A1nh"
                             "&last_name=L%C3%AA&phone=0988777666&attribute%5Bkiosk_tracking%5D=" + otherCode;
    const auto posted = client.Post("/open311/v2/requests.json", form, "application/x-www-form-urlencoded");
    BOOST_TEST_REQUIRE(static_cast<bool>(posted));
    BOOST_TEST_REQUIRE(posted->status == 201, posted->body);
    const std::string id = gSim->open311().requests().back().serviceRequestId;
    BOOST_TEST_REQUIRE(gSim->open311().setAgencyResponsible(id, "Đội Trật tự đô thị (mô phỏng)"));
    BOOST_TEST_REQUIRE(gSim->open311().setStatus(id, "open", "Đã giao đội xử lý (mô phỏng)"));

    openFeedback();
    type("feedback-code", id);
    touch("feedback-lookup");
    BOOST_TEST_REQUIRE(gui().waitFor([] { return shown("feedback-city-status"); }, 8000),
                       gui().label("feedback-lookup-result"));
    gui().pump(200);
    std::string card;
    for (wxWindow* w : gui().find("feedback-city-status")->GetChildren())
        if (auto* text = dynamic_cast<wxStaticText*>(w)) card += text->GetLabel().utf8_string() + " ";
    std::replace(card.begin(), card.end(), '\n', ' ');  // lines wrapped to the card's width
    BOOST_TEST(contains(card, id), card);
    BOOST_TEST(contains(card, "Đội Trật tự đô thị (mô phỏng)"), card);
    BOOST_TEST(contains(card, "Đã giao đội xử lý (mô phỏng)"), card);
    for (const char* contact : {"Khánh", "0988777666"}) BOOST_TEST(!contains(card, contact), card);
    BOOST_TEST(gui().screenId() == "group:feedback");
    expectCleanLayout("feedback: another kiosk's report from the city");
    gui().screenshot("feedback-lookup-city");
    gSim->open311().setEchoContact(false);

    // A code saved at another ward's kiosk, never filed: where it is kept.
    type("feedback-code", newTrackingCode("27343"));
    gui().pump(500);
    touch("feedback-lookup");
    BOOST_TEST_REQUIRE(gui().waitFor([] { return contains(gui().label("feedback-lookup-result"), "Chợ Lớn"); }, 8000),
                       gui().label("feedback-lookup-result"));
    BOOST_TEST(!shown("feedback-city-status"));
    expectCleanLayout("feedback: a slip of another kiosk, not yet sent");
    gui().screenshot("feedback-lookup-elsewhere");
}

// The kiosk prints to the private CUPS queue of tests/printer/with-cups.sh (see main()).
BOOST_AUTO_TEST_CASE(a_slip_is_printed_and_when_the_printer_is_out_of_paper_the_qr_stays_on_screen) {
    const std::filesystem::path cupsOut = std::getenv("KIOSK_TEST_CUPS_OUT");
    const auto jobs = [&] {
        std::size_t n = 0;
        for (const auto& e : std::filesystem::directory_iterator(cupsOut)) n += e.path().extension() == ".out";
        return n;
    };
    std::ofstream(cupsOut / "mode") << "ok";
    const auto requests = gSim->open311().requests();
    BOOST_REQUIRE(!requests.empty());
    const std::string code = requests.front().attributes.at("kiosk_tracking").front();
    openFeedback();
    type("feedback-code", code);
    gui().pump(500);
    gui().click("feedback-lookup");
    BOOST_TEST_REQUIRE(gui().waitForScreen("feedback:report"));
    waitFor("report-print");

    // The page redraws once the city's latest status comes in; a touch during the redraw lands on
    // a button that is gone. Wait for the page to be still, as a resident's eye would.
    for (int i = 0; i < 20; ++i) {
        wxWindow* button = gui().find("report-print");
        gui().pump(600);
        if (button != nullptr && gui().find("report-print") == button) break;
    }
    const auto before = jobs();
    touch("report-print");
    waitFor("report-print-status", 15000);
    BOOST_TEST(gui().label("report-print-status") ==
               wxGetTranslation("Your slip is printing. Please take it from the printer.").utf8_string());
    BOOST_TEST(jobs() == before + 1);  // one job, through CUPS, to the printer

    // Out of paper: the resident is told so, the QR code to photograph is on screen, and the
    // slip waits for staff in the kept folder.
    std::ofstream(cupsOut / "mode", std::ios::trunc) << "media-empty";
    gui().pump(500);
    touch("report-print");
    BOOST_TEST_REQUIRE(gui().waitFor([] { return contains(gui().label("report-print-status"), wxGetTranslation("The printer is out of paper.").utf8_string()); }, 20000),
                       gui().label("report-print-status"));
    auto* qr = gui().find("report-qr");
    BOOST_TEST_REQUIRE(qr != nullptr);
    BOOST_TEST(gui().shell().GetScreenRect().Contains(qr->GetScreenRect()));  // in view, whole
    const std::filesystem::path kept = std::filesystem::path(std::getenv("WARD_KIOSK_STATE_DIR")) / "slips-kept";
    std::size_t keptSlips = 0;
    for (const auto& e : std::filesystem::directory_iterator(kept))
        keptSlips += e.path().filename().string().rfind(code + "-", 0) == 0 && e.path().extension() == ".pdf";
    BOOST_TEST(keptSlips == 1u);
    expectCleanLayout("report: printer out of paper");
    gui().screenshot("report-print-failed");
    std::ofstream(cupsOut / "mode", std::ios::trunc) << "ok";
    BOOST_TEST(std::system(("cupsenable -h " + std::string(std::getenv("KIOSK_TEST_CUPS")) + " kiosk-test").c_str()) == 0);
}

BOOST_AUTO_TEST_CASE(my_reports_news_at_login_confirm_fixed_and_report_again) {
    login();
    // A report written while logged in: the name comes from VNeID.
    openCompose();
    waitFor("service-010");
    touch("service-010");
    waitFor("compose-description");
    type("compose-description", "Đèn đường tắt cả tuần.");
    next();
    waitFor("compose-address");
    type("compose-address", "Hẻm 5 Nguyễn Huệ");
    next();
    waitFor("compose-name");
    BOOST_TEST(dynamic_cast<wxTextCtrl*>(gui().find("compose-name"))->GetValue().utf8_string() == "Nguyễn Văn Thử");
    type("compose-phone", "0912345678");
    next();
    touch("compose-consent");
    next();
    BOOST_TEST_REQUIRE(gui().waitForScreen("feedback:report", 8000));
    waitFor("report-code");
    const std::string code = gui().label("report-code");
    BOOST_TEST_REQUIRE(gui().waitFor([&] { return stored(code) != nullptr; }, 8000));
    const std::string subject = gui().shell().session().identity()->subject;
    BOOST_TEST(stored(code)->accountId == subject);
    const std::string requestId = stored(code)->serviceRequestId;

    // Home after the saved report ends the session (issue 17): the login goes with it, and
    // "Phản ánh của tôi" lists the report once the resident logs in again.
    gui().click("nav-home");
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
    BOOST_TEST(!gui().shell().session().identity().has_value());
    login();
    openFeedback("feedback-mine", "feedback:mine");
    waitFor("mine-" + code);
    expectCleanLayout("my reports");

    // The city closes it while the resident is away; at their next login the kiosk says so.
    gui().click("header-logout");
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
    gSim->open311().setStatus(requestId, "closed", "Đã thay bóng đèn (dữ liệu mô phỏng).");
    gSim->open311().setAgencyResponsible(requestId, "UBND phường (mô phỏng)");
    login();
    waitFor("feedback-news", 15000);
    expectCleanLayout("news banner");
    gui().screenshot("feedback-news-banner");
    gui().click("feedback-news-open");
    BOOST_TEST_REQUIRE(gui().waitForScreen("feedback:mine"));
    BOOST_TEST(!shown("feedback-news"));
    waitFor("mine-" + code);
    BOOST_TEST(contains(gui().label("mine-summary"), "1"));
    gui().screenshot("feedback-my-reports");
    gui().click("mine-" + code);
    BOOST_TEST_REQUIRE(gui().waitForScreen("feedback:report"));
    waitFor("report-fixed");
    BOOST_TEST(shown("report-reopen"));
    expectCleanLayout("closed report");
    gui().screenshot("feedback-closed");

    // Not fixed: reported again, linked to the closed one, the place carried over.
    touch("report-reopen");
    BOOST_TEST_REQUIRE(gui().waitForScreen("feedback:compose"));
    waitFor("compose-description");
    BOOST_TEST(dynamic_cast<wxTextCtrl*>(gui().find("compose-description"))->GetValue().empty());
    type("compose-description", "Đèn vẫn chưa sáng.");
    next();
    waitFor("compose-address");
    BOOST_TEST(dynamic_cast<wxTextCtrl*>(gui().find("compose-address"))->GetValue().utf8_string() == "Hẻm 5 Nguyễn Huệ");
    next();
    waitFor("compose-phone");
    BOOST_TEST(dynamic_cast<wxTextCtrl*>(gui().find("compose-phone"))->GetValue().utf8_string() == "0912345678");
    next();
    touch("compose-consent");
    next();
    BOOST_TEST_REQUIRE(gui().waitForScreen("feedback:report", 8000));
    waitFor("report-code");
    const std::string again = gui().label("report-code");
    BOOST_TEST(again != code);
    BOOST_TEST_REQUIRE(gui().waitFor([&] { return stored(again) != nullptr; }, 8000));
    BOOST_TEST(stored(again)->attributes.at("kiosk_parent_request_id") == std::vector<std::string>{requestId});

    // The closed one now says it was reported again, and offers nothing more.
    gui().click("nav-back");
    BOOST_TEST_REQUIRE(gui().waitForScreen("feedback:report"));
    waitFor("report-headline");
    BOOST_TEST(!shown("report-fixed"));
    BOOST_TEST(!shown("report-reopen"));
}

BOOST_AUTO_TEST_CASE(a_closed_report_confirmed_fixed) {
    // Home after the last test's saved report ends that session (issue 17): logged in again.
    gui().shell().goHome();
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
    gui().pump(200);
    if (!gui().shell().session().identity()) login();
    const auto requests = gSim->open311().requests();
    const std::string subject = gui().shell().session().identity()->subject;
    // The reopened report of the last test: the city closes that one too.
    std::string latest;
    std::string latestId;
    for (const auto& r : requests)
        if (r.accountId == subject && r.attributes.count("kiosk_parent_request_id")) {
            latest = r.attributes.at("kiosk_tracking").front();
            latestId = r.serviceRequestId;
        }
    BOOST_REQUIRE(!latest.empty());
    gSim->open311().setStatus(latestId, "closed", "Đã sửa xong (dữ liệu mô phỏng).");
    openFeedback("feedback-mine", "feedback:mine");
    waitFor("mine-" + latest);
    touch("mine-" + latest);
    BOOST_TEST_REQUIRE(gui().waitForScreen("feedback:report"));
    // Opening "Phản ánh của tôi" asked the city: the closing is known by now.
    waitFor("report-fixed", 15000);
    touch("report-fixed");
    BOOST_TEST(gui().waitFor([] { return !shown("report-fixed"); }, 8000));
    BOOST_TEST(!shown("report-reopen"));
    gui().screenshot("feedback-confirmed-fixed");
}

BOOST_AUTO_TEST_CASE(every_step_fits_in_extra_large_text_and_high_contrast_and_survives_the_change) {
    openCompose();
    waitFor("service-001");
    touch("service-001");
    waitFor("compose-description");
    type("compose-description", "Vỉa hè bị sụt trước trường tiểu học.");
    // Changing the text size rebuilds every widget: what was typed stays (it is in the session).
    gui().shell().setTextSize(TextSize::ExtraLarge);
    gui().pump(300);
    gui().shell().setHighContrast(true);
    gui().pump(300);
    BOOST_TEST_REQUIRE(gui().waitForScreen("feedback:compose"));
    waitFor("compose-description");
    BOOST_TEST(dynamic_cast<wxTextCtrl*>(gui().find("compose-description"))->GetValue().utf8_string() ==
               "Vỉa hè bị sụt trước trường tiểu học.");
    expectCleanLayout("what happened, extra large, high contrast");
    gui().screenshot("feedback-compose-xlarge-contrast");
    type("attr-LANDMARK", "Cổng trường");
    touch("attr-SIZE-S");
    next();
    waitFor("compose-address");
    type("compose-address", "1 Nguyễn Du");
    expectCleanLayout("where, extra large");
    next();
    waitFor("compose-phone");
    expectCleanLayout("contact, extra large");
    type("compose-phone", "0909123456");
    if (shown("compose-name")) type("compose-name", "Lê Văn Tám");
    next();
    waitFor("compose-consent");
    expectCleanLayout("check and send, extra large");
    gui().screenshot("feedback-confirm-xlarge-contrast");
    gui().click("compose-previous");
    waitFor("compose-phone");
    gui().shell().setTextSize(TextSize::Normal);
    gui().pump(300);
    gui().shell().setHighContrast(false);
    gui().pump(300);
}

BOOST_AUTO_TEST_SUITE_END()

int main(int argc, char** argv) {
    // The city on the simulator; quick retries; an idle rule long enough to write a report; slips
    // to the private CUPS queue of tests/printer/with-cups.sh.
    return kiosk::test::runGuiTestsWithCity(
        argc, argv, "gui-feedback", gSim,
        [] {
            const char* cups = std::getenv("KIOSK_TEST_CUPS");
            return "[sync]\nenabled = false\n[feedback]\napi_key = \"gui-test\"\nretry_min_s = 1\nretry_max_s = 2\n"
                   "[printer]\nbackend = \"cups\"\nqueue = \"kiosk-test\"\njob_timeout_s = 10\nserver = \"" +
                   std::string(cups ? cups : "127.0.0.1:1") + "\"";
        },
        900);
}
