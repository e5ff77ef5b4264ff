// Scanning wired into the kiosk (issue 8), against the simulator in this process: the handheld
// scanner's bursts (a slip opens its report, a receipt its dossier, a CCCD fills the contact
// step's name with the number masked, garbage says "Không nhận ra mã này"), a person typing
// slowly still types, and the camera screen reading a slip from a still picture. The bursts are
// key events injected straight into the shell's key hook, 2 ms apart: wxUIActionSimulator waits
// about 38 ms after each XTest key, so its keys carry X times too far apart for a scanner.
#define BOOST_TEST_NO_MAIN
#define BOOST_TEST_ALTERNATIVE_INIT_API
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/uiaction.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <httplib.h>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "../city-sim/DossierSim.h"
#include "../city-sim/Open311Sim.h"
#include "GuiDriver.h"
#include "KioskApp.h"
#include "ShellFrame.h"
#include "SimulatedCity.h"
#include "TestPaths.h"
#include "feedback/Outbox.h"
#include "feedback/SlipCode.h"
#include "printing/QrCode.h"

using namespace kiosk;
using kiosk::test::GuiDriver;

namespace {
GuiDriver& gui() { return GuiDriver::get(); }
citysim::CitySimServer* gSim = nullptr;
std::string gSlipPicture;  // the camera's "picture": written when the report exists

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

ui::KioskContext& kioskContext() {
    return const_cast<ui::KioskContext&>(dynamic_cast<ui::KioskApp*>(wxTheApp)->context());
}

// A handheld scanner: each key into the shell's key hook (wxEVT_CHAR_HOOK, as wxGTK sends it
// first for every key), `gapMs` apart, then Enter. The events carry no X time, so the hook
// times them when it runs: the test sleeps between them instead of pumping the event loop, which
// could stall a key longer than a scanner's gap (as a busy UI would delay a real one).
void scanKeys(const std::string& text, int gapMs = 2) {
    auto send = [](int keyCode, wxChar character) {
        wxKeyEvent key(wxEVT_CHAR_HOOK);
        key.m_keyCode = keyCode;
        key.m_uniChar = character;
        key.SetEventObject(&gui().shell());
        key.SetTimestamp(0);  // no X server time: the hook takes the time it runs
        gui().shell().GetEventHandler()->ProcessEvent(key);
    };
    for (const char c : text) {
        // As a scanner types on a US layout: Shift before capitals and shifted symbols.
        if (std::isupper(static_cast<unsigned char>(c)) || std::string_view("|<>()_:\"").find(c) != std::string_view::npos)
            send(WXK_SHIFT, WXK_NONE);
        send(static_cast<unsigned char>(c), static_cast<unsigned char>(c));
        std::this_thread::sleep_for(std::chrono::milliseconds(gapMs));
    }
    send(WXK_RETURN, WXK_RETURN);
    gui().pump(100);
}

std::string fieldValue(const std::string& name) {
    auto* field = dynamic_cast<wxTextCtrl*>(gui().find(name));
    return field ? field->GetValue().utf8_string() : std::string("<no field " + name + ">");
}

// A report in this kiosk's outbox, as if a resident had sent it: its tracking code.
std::string savedReport() {
    static std::string code;
    if (!code.empty()) return code;
    open311::ReportDraft draft;
    draft.serviceCode = gSim->open311().serviceCodes().front();
    draft.serviceName = "Scan test";
    draft.description = "Đèn đường hỏng trước số 12";
    draft.address = "12 Lê Lợi";
    draft.anonymous = true;
    draft.consentVersion = "2026-11";
    std::optional<FeedbackService::SaveResult> saved;
    kioskContext().feedback().save(draft, [&](FeedbackService::SaveResult result) { saved = std::move(result); });
    BOOST_TEST_REQUIRE(gui().waitFor([&] { return saved.has_value(); }, 8000));
    BOOST_TEST_REQUIRE(saved->report.has_value());
    code = saved->report->trackingCode;
    return code;
}

// The slip's QR code as the camera would see it: grey, 8 pixels a module, on a grey desk.
void writeSlipPicture(const std::string& text) {
    const QrCode code = QrCode::encode(text);
    const int side = code.size() * 8 + 160;
    std::string pixels(static_cast<std::size_t>(side * side), static_cast<char>(140));
    for (int y = 0; y < code.size() * 8; ++y)
        for (int x = 0; x < code.size() * 8; ++x)
            pixels[static_cast<std::size_t>((y + 80) * side + x + 80)] = static_cast<char>(code.dark(x / 8, y / 8) ? 25 : 235);
    std::ofstream(gSlipPicture, std::ios::binary) << "P5\n" << side << " " << side << "\n255\n" << pixels;
}

void goHome() {
    gui().shell().goHome();
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
}
}  // namespace

BOOST_AUTO_TEST_SUITE(scan_gui)

BOOST_AUTO_TEST_CASE(a_slip_scanned_by_the_handheld_scanner_opens_its_report) {
    const std::string tracking = savedReport();
    goHome();
    std::string lower = tracking;  // scanners may type in either case
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    scanKeys(lower);
    BOOST_TEST_REQUIRE(gui().waitForScreen("feedback:report", 5000), gui().screenId());
    gui().screenshot("scan-report");
}

// Issue 16: a slip printed at another kiosk, once the city filed its report, shows the city's
// status here; printed before, it says at which ward's kiosk the report is kept.
BOOST_AUTO_TEST_CASE(a_slip_of_another_kiosk_shows_the_citys_status_or_where_it_is_kept) {
    httplib::Client client("127.0.0.1", gSim->port());
    const std::string otherCode = newTrackingCode("27343");  // Phường Chợ Lớn
    const auto posted = client.Post("/open311/v2/requests.json",
                                    "api_key=other-kiosk&service_code=005&description=Xe+d%E1%BA%ADu+v%E1%BB%89a+h%C3%A8"
                                    "&address_string=5+Ch%E1%BB%A3+L%E1%BB%9Bn&attribute%5Bkiosk_tracking%5D=" + otherCode,
                                    "application/x-www-form-urlencoded");
    BOOST_TEST_REQUIRE(static_cast<bool>(posted));
    BOOST_TEST_REQUIRE(posted->status == 201, posted->body);
    const std::string id = gSim->open311().requests().back().serviceRequestId;
    BOOST_TEST_REQUIRE(gSim->open311().setAgencyResponsible(id, "Đội Trật tự đô thị (mô phỏng)"));
    goHome();
    scanKeys(slipPayload(otherCode, id));
    BOOST_TEST_REQUIRE(gui().waitForScreen("group:feedback", 5000), gui().screenId());
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().find("feedback-city-status") != nullptr; }, 8000),
                       gui().label("feedback-lookup-result"));
    BOOST_TEST(fieldValue("feedback-code") == id);
    gui().pump(300);
    // The answer is in view, not under the fold below the tiles.
    auto* card = gui().find("feedback-city-status");
    BOOST_TEST_REQUIRE(card != nullptr);
    BOOST_TEST(card->GetParent()->GetScreenRect().Contains(card->GetScreenRect().GetBottomLeft()));
    gui().screenshot("scan-other-kiosk-city");
    goHome();
    scanKeys(newTrackingCode("27343"));
    BOOST_TEST_REQUIRE(gui().waitForScreen("group:feedback", 5000), gui().screenId());
    BOOST_TEST(gui().waitFor([] { return contains(gui().label("feedback-lookup-result"), "Chợ Lớn"); }, 8000),
               gui().label("feedback-lookup-result"));
    BOOST_TEST(gui().find("feedback-city-status") == nullptr);
}

BOOST_AUTO_TEST_CASE(a_dossier_receipt_opens_the_dossier_and_is_not_typed_into_the_field) {
    goHome();
    gui().shell().openPage(GroupId::PublicServices, "dossier", 0, false);
    BOOST_TEST_REQUIRE(gui().waitForScreen("dossier:lookup"));
    auto* field = gui().find("dossier-code");
    BOOST_TEST_REQUIRE(field != nullptr);
    field->SetFocus();
    gui().pump(100);
    const auto dossier = gSim->dossiers().dossiers().front();
    scanKeys(dossier.code);
    BOOST_TEST_REQUIRE(gui().waitFor([&] { return gui().find("dossier-" + dossier.code) != nullptr; }, 8000));
    // The field holds the code once (set by the lookup), not the scanner's keys on top of it.
    BOOST_TEST(fieldValue("dossier-code") == dossier.code);
    kiosk::test::expectCleanLayout("dossier found by a scan");
    gui().screenshot("scan-dossier");
}

BOOST_AUTO_TEST_CASE(a_person_typing_slowly_still_types) {
    goHome();
    gui().shell().openPage(GroupId::PublicServices, "dossier", 0, false);
    BOOST_TEST_REQUIRE(gui().waitForScreen("dossier:lookup"));
    // The session remembers its last lookup (the scan above); a person starts on an empty field.
    dynamic_cast<wxTextCtrl*>(gui().find("dossier-code"))->ChangeValue("");
    gui().click("dossier-code");
    gui().shell().hideKeyboard();
    gui().pump(100);
    wxUIActionSimulator keys;
    std::string typed;
    for (const char c : std::string("h29.22")) {
        keys.Char(c);
        typed += c;
        gui().pump(90);  // a person: 80 ms or more between keys; each is in the field by the next
        BOOST_TEST(fieldValue("dossier-code") == typed);
    }
    // A fast typist's few keys and Enter are typing too: they stay in the field, nothing scans.
    keys.Text("-1");
    keys.Char(WXK_RETURN);
    gui().pump(300);
    BOOST_TEST(contains(fieldValue("dossier-code"), "h29.22-1"));
    BOOST_TEST(gui().screenId() == "dossier:lookup");
    BOOST_TEST(gui().find("scan-notice-unknown") == nullptr);
}

const std::string kCard = "079123456789||NGUYEN VAN AN|01011950|Nam|12 Le Loi, Phuong Sai Gon, TP Ho Chi Minh|01012021";

// A report being written, at its contact step.
void openContactStep() {
    auto& session = const_cast<Session&>(gui().shell().session());
    auto& compose = session.startCompose();
    compose.draft.serviceCode = gSim->open311().serviceCodes().front();
    compose.draft.serviceName = "Scan test";
    compose.definition = open311::ServiceDefinition{compose.draft.serviceCode, {}};
    compose.step = 3;
    gui().shell().openPage(GroupId::Feedback, "compose", 0, false);
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().find("compose-name") != nullptr; }));
}

BOOST_AUTO_TEST_CASE(a_citizen_id_card_scanned_first_fills_the_form_when_it_opens) {
    goHome();
    scanKeys(kCard);
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().find("scan-notice-card") != nullptr; }));
    BOOST_TEST(gui().screenId() == "home");
    openContactStep();
    BOOST_TEST(fieldValue("compose-name") == "NGUYEN VAN AN");
    BOOST_TEST(contains(gui().label("compose-cccd-id"), "079******789"));
    auto& session = const_cast<Session&>(gui().shell().session());
    session.wipe();
}

BOOST_AUTO_TEST_CASE(a_citizen_id_card_fills_the_contact_step_masked) {
    goHome();
    auto& session = const_cast<Session&>(gui().shell().session());
    openContactStep();
    BOOST_TEST(gui().find("compose-cccd-id") == nullptr);  // nothing scanned yet in this session
    scanKeys(kCard);
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().find("compose-cccd-id") != nullptr; }));
    BOOST_TEST(fieldValue("compose-name") == "NGUYEN VAN AN");
    BOOST_TEST(contains(gui().label("compose-cccd-id"), "079******789"));
    BOOST_TEST(!contains(gui().label("compose-cccd-id"), "123456"));
    BOOST_TEST(gui().find("compose-cccd-note") != nullptr);
    BOOST_TEST(!session.identity().has_value());  // never a login
    kiosk::test::expectCleanLayout("compose filled from a CCCD");
    gui().screenshot("scan-cccd");
    session.wipe();  // what the idle timeout does: the card goes with the session
    BOOST_TEST(session.scannedCard() == nullptr);
}

BOOST_AUTO_TEST_CASE(garbage_says_not_recognised_and_nothing_more) {
    goHome();
    scanKeys("<script>alert(1)</script>");
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().find("scan-notice-unknown") != nullptr; }));
    BOOST_TEST(gui().screenId() == "home");
    gui().screenshot("scan-unknown");
}

BOOST_AUTO_TEST_CASE(the_camera_screen_reads_a_slip_and_opens_the_report) {
    writeSlipPicture(savedReport());
    goHome();
    gui().shell().openGroup(GroupId::Feedback);
    BOOST_TEST_REQUIRE(gui().waitForScreen("group:feedback"));
    kiosk::test::expectCleanLayout("feedback hub with Quét mã");
    gui().click("feedback-scan");  // the scan screen reads the still at once and gives way to the report
    BOOST_TEST_REQUIRE(gui().waitForScreen("feedback:report", 5000), gui().screenId());
    gui().shell().goBack();  // the scan screen was replaced: Back goes to the hub
    BOOST_TEST_REQUIRE(gui().waitForScreen("group:feedback"));
}

BOOST_AUTO_TEST_SUITE_END()

int main(int argc, char** argv) {
    return kiosk::test::runGuiTestsWithCity(
        argc, argv, "gui-scan", gSim,
        [] {
            gSlipPicture = (kiosk::test::scratchDir("gui-scan-camera") / "slip.pgm").string();
            return "[sync]\nenabled = false\n[feedback]\napi_key = \"gui-test\"\n[scanner]\ncamera = \"" + gSlipPicture + "\"";
        },
        900);
}
