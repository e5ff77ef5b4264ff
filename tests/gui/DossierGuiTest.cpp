// "Tra cứu hồ sơ" on screen (issue 8), against the simulator's dossier lookup in this process:
// from the Dịch vụ công directory to the lookup; a code that is not one, one that does not
// exist, one typed in lower case and one "scanned" (typed with Enter at the end); an overdue
// dossier; and, logged in with VNeID, the resident's own dossiers.
#define BOOST_TEST_NO_MAIN
#define BOOST_TEST_ALTERNATIVE_INIT_API
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>

#include "../city-sim/DossierSim.h"
#include "GuiDriver.h"
#include "ShellFrame.h"
#include "SimulatedCity.h"

using namespace kiosk;
using kiosk::test::expectCleanLayout;
using kiosk::test::GuiDriver;

namespace {
GuiDriver& gui() { return GuiDriver::get(); }
citysim::CitySimServer* gSim = nullptr;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

void openLookup() {
    gui().shell().goHome();
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
    gui().click("tile-public_services");
    BOOST_TEST_REQUIRE(gui().waitForScreen("group:public_services"));
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().find("dossier-open") != nullptr; }));
    gui().click("dossier-open");
    BOOST_TEST_REQUIRE(gui().waitForScreen("dossier:lookup"));
}

void ask(const std::string& typed, bool byEnter = false) {
    auto* field = dynamic_cast<wxTextCtrl*>(gui().find("dossier-code"));
    BOOST_TEST_REQUIRE(field != nullptr);
    field->SetValue(wxString::FromUTF8(typed));
    gui().pump(500);  // a second touch on the same spot this soon would be a double tap
    if (byEnter) {
        // What a handheld scanner does after the code: Enter.
        wxCommandEvent enter(wxEVT_TEXT_ENTER, field->GetId());
        enter.SetEventObject(field);
        field->GetEventHandler()->ProcessEvent(enter);
    } else {
        gui().click("dossier-lookup");
    }
}

std::string message() {
    return gui().label("dossier-message");
}
}  // namespace

BOOST_AUTO_TEST_SUITE(dossier_gui)

BOOST_AUTO_TEST_CASE(a_dossier_is_found_by_the_code_on_its_receipt) {
    openLookup();
    expectCleanLayout("dossier lookup");
    BOOST_TEST(gui().find("dossier-login") != nullptr);  // not logged in: offered, not required

    ask("abc");
    BOOST_TEST_REQUIRE(gui().waitFor([] { return !message().empty(); }));
    BOOST_TEST(contains(message(), "H29.22-261120-0001"));  // shows what a code looks like

    ask("H29.22-010101-9999");
    BOOST_TEST_REQUIRE(gui().waitFor([] { return contains(message(), "giấy hẹn") || contains(message(), "receipt"); }, 8000),
                       message());

    const auto dossiers = gSim->dossiers().dossiers();
    std::string typed = dossiers[0].code;
    for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ask(typed);
    BOOST_TEST_REQUIRE(gui().waitFor([&] { return gui().find("dossier-" + dossiers[0].code) != nullptr; }, 8000));
    expectCleanLayout("a dossier");
    gui().screenshot("dossier-found");

    // The promised date has passed without a result: the card says so.
    auto late = dossiers[2];
    late.status = "processing";
    late.appointmentAt = "2026-01-05T16:00:00+07:00";
    BOOST_REQUIRE(gSim->dossiers().update(late));
    ask(late.code, true);  // scanned: the scanner ends with Enter
    BOOST_TEST_REQUIRE(gui().waitFor([&] { return gui().find("dossier-" + late.code) != nullptr; }, 8000));
    gui().pump(200);
    BOOST_TEST(gui().find("dossier-" + dossiers[0].code) == nullptr);  // only the latest answer
    // Dates as the receipt has them: the city's time (+07:00), whatever the machine's zone.
    wxString card;
    for (auto* child : gui().find("dossier-" + late.code)->GetChildren())
        if (auto* text = dynamic_cast<wxStaticText*>(child)) card += text->GetLabel() + "\n";
    BOOST_TEST(contains(card.utf8_string(), "05/01/2026 16:00"), card.utf8_string());
    gui().screenshot("dossier-overdue");
}

BOOST_AUTO_TEST_CASE(the_residents_own_dossiers_after_a_login) {
    openLookup();
    gui().click("dossier-login");
    BOOST_TEST_REQUIRE(gui().waitForScreen("group:vneid"));
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().find("vneid-user-code") != nullptr; }, 10000));
    gui().pump(200);
    BOOST_TEST_REQUIRE(gSim->oidc().approve(gui().label("vneid-user-code")));
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().find("vneid-continue") != nullptr; }, 10000));
    gui().pump(200);
    gui().click("vneid-continue");  // back to where the resident was
    BOOST_TEST_REQUIRE(gui().waitForScreen("dossier:lookup"));
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().find("dossier-mine") != nullptr; }));
    gui().click("dossier-mine");
    std::size_t owned = 0;
    for (const auto& d : gSim->dossiers().dossiers())
        if (d.ownerCitizenId == citysim::OidcProvider::Citizen{}.citizenId) ++owned;
    BOOST_TEST_REQUIRE(owned > 0u);
    BOOST_TEST_REQUIRE(gui().waitFor([] { return contains(message(), "hồ sơ") || contains(message(), "dossier"); }, 8000));
    for (const auto& d : gSim->dossiers().dossiers())
        BOOST_TEST((gui().find("dossier-" + d.code) != nullptr) == (d.ownerCitizenId == citysim::OidcProvider::Citizen{}.citizenId),
                   d.code);
    expectCleanLayout("my dossiers");
    gui().screenshot("dossier-mine");
}

BOOST_AUTO_TEST_SUITE_END()

int main(int argc, char** argv) {
    std::unique_ptr<citysim::CitySimServer> sim;
    const int code = kiosk::test::runGuiTests(argc, argv, "gui-dossier", [&](kiosk::test::GuiTestArgs& args) {
        sim = kiosk::test::startSimulatedCity();
        gSim = sim.get();
        args.config = kiosk::test::guiConfigFor(sim->baseUrl(), "[sync]\nenabled = false", "gui-dossier-config", 900);
    });
    if (sim) sim->stop();
    return code;
}
