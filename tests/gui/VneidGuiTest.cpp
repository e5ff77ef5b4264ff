// The VNeID login on screen, against the simulator's OpenID provider in this process: the code
// screen (QR, user code, address, countdown, steps, Cancel), approval on the "phone", the
// greeting in the header, logout (tokens revoked, identity gone), a declined login with
// "Try again", and the idle timeout wiping a logged-in resident. Screenshots of each state.
#define BOOST_TEST_NO_MAIN
#define BOOST_TEST_ALTERNATIVE_INIT_API
#include <wx/stattext.h>

#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>

#include "../city-sim/CitySimServer.h"
#include "../city-sim/OidcProvider.h"
#include "GuiDriver.h"
#include "SimulatedCity.h"
#include "ShellFrame.h"
#include "screens/VneidScreen.h"
#include "TestPaths.h"

using namespace kiosk;
using kiosk::test::expectCleanLayout;
using kiosk::test::GuiDriver;

namespace {
GuiDriver& gui() { return GuiDriver::get(); }
citysim::CitySimServer* gSim = nullptr;

std::string openLoginAndWaitForCode() {
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
    gui().click("tile-vneid");
    BOOST_TEST_REQUIRE(gui().waitForScreen("group:vneid"));
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().find("vneid-user-code") != nullptr; }, 10000));
    gui().pump(200);
    return gui().label("vneid-user-code");
}
}  // namespace

BOOST_AUTO_TEST_SUITE(vneid_gui)

BOOST_AUTO_TEST_CASE(login_by_qr_greets_the_resident_and_logout_forgets_them) {
    const auto userCode = openLoginAndWaitForCode();
    const auto pending = gSim->oidc().pendingUserCodes();
    BOOST_REQUIRE(pending.size() == 1u);
    BOOST_TEST(userCode == pending[0]);  // the code on screen is the provider's
    BOOST_TEST(gui().find("vneid-qr") != nullptr);
    BOOST_TEST(gui().label("vneid-address").find(gSim->oidc().issuer() + "/phone") != std::string::npos);
    BOOST_TEST(gui().label("vneid-countdown").find("Mã hết hạn sau") == 0u);
    BOOST_TEST(gui().find("vneid-cancel") != nullptr);
    // Within 300 ms of the provider's answer the code was on screen.
    const auto* screen = dynamic_cast<const ui::VneidScreen*>(gui().shell().currentScreen());
    BOOST_REQUIRE(screen != nullptr);
    BOOST_TEST(screen->codeShownAfter().count() >= 0);
    BOOST_TEST(screen->codeShownAfter().count() <= 300, "code shown " << screen->codeShownAfter().count() << " ms after the answer");
    expectCleanLayout("login code");
    gui().screenshot("vneid-code");

    BOOST_TEST(gSim->oidc().approve(userCode));
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().shell().session().identity().has_value(); }, 10000));
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().find("header-greeting") != nullptr; }));
    gui().pump(200);
    BOOST_TEST(gui().label("header-greeting") == "Xin chào, Nguyễn Văn Thử");
    BOOST_TEST(gui().label("vneid-welcome") == "Xin chào, Nguyễn Văn Thử");
    expectCleanLayout("logged in");
    gui().screenshot("vneid-logged-in");
    const auto accessToken = gui().shell().session().identity()->accessToken;

    gui().click("header-logout");
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
    BOOST_TEST(!gui().shell().session().identity().has_value());
    BOOST_TEST(gui().find("header-greeting") == nullptr);
    BOOST_TEST(gui().waitFor([&] { return gSim->oidc().isRevoked(accessToken); }, 5000));
}

BOOST_AUTO_TEST_CASE(a_declined_login_offers_try_again_with_a_new_code) {
    const auto first = openLoginAndWaitForCode();
    gSim->oidc().deny(first);
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().find("vneid-retry") != nullptr; }, 10000));
    gui().pump(200);
    BOOST_TEST(gui().label("vneid-outcome") == "Đăng nhập đã bị từ chối");
    expectCleanLayout("declined");
    gui().screenshot("vneid-declined");
    gui().click("vneid-retry");
    BOOST_TEST_REQUIRE(gui().waitFor([&] {
        return gui().find("vneid-user-code") != nullptr && gui().label("vneid-user-code") != first;
    }, 10000));
    // Cancel stops the login: the provider sees no more polls for it.
    gui().click("vneid-cancel");
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
    const int polls = gSim->oidc().tokenPolls();
    gui().pump(2500);
    BOOST_TEST(gSim->oidc().tokenPolls() <= polls + 1);
}

// A provider whose token cannot be trusted: the resident reads what happened and what to do, in
// plain words (issue 18: not "dịch vụ trả lời không đúng").
BOOST_AUTO_TEST_CASE(a_failed_login_says_what_happened_and_what_to_do) {
    gSim->oidc().setTokenFault(citysim::OidcProvider::TokenFault::WrongIssuer);
    gSim->oidc().approve(openLoginAndWaitForCode());
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().find("vneid-retry") != nullptr; }, 10000));
    gui().pump(200);
    BOOST_TEST(gui().label("vneid-outcome") == "Chưa đăng nhập được lúc này");
    expectCleanLayout("failed");
    gui().screenshot("vneid-failed");
    gSim->oidc().setTokenFault(citysim::OidcProvider::TokenFault::None);
    gui().click("nav-home");
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
}

// Issue 18: a login that cannot work says what still works without it, as buttons that open it.
BOOST_AUTO_TEST_CASE(a_login_that_cannot_work_offers_what_works_without_it) {
    const auto clients = gSim->oidc().allowedClients();
    gSim->oidc().setAllowedClients({"another-kiosk"});  // the provider refuses this kiosk: Failed
    gui().shell().goHome();
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
    gui().click("tile-vneid");
    BOOST_TEST_REQUIRE(gui().waitForScreen("group:vneid"));
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().find("vneid-without-login") != nullptr; }, 15000));
    gui().pump(200);
    BOOST_TEST(gui().label("vneid-without-login") == "Không cần đăng nhập, Ông/Bà vẫn dùng được:");
    for (const char* button : {"vneid-open-feedback", "vneid-open-public_services", "vneid-open-health", "vneid-open-agencies"})
        BOOST_TEST(gui().find(button) != nullptr, button);
    expectCleanLayout("login failed: what works without it");
    gui().screenshot("vneid-failed");
    // Pressed as a touch would (the notice of an earlier logout may still move the page).
    auto* open = gui().find("vneid-open-public_services");
    wxCommandEvent press(wxEVT_BUTTON, open->GetId());
    press.SetEventObject(open);
    open->GetEventHandler()->ProcessEvent(press);
    BOOST_TEST(gui().waitForScreen("group:public_services"));
    gSim->oidc().setAllowedClients(clients);
    gui().shell().goHome();
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
}

BOOST_AUTO_TEST_CASE(the_idle_timeout_logs_the_resident_out) {
    gSim->oidc().approve(openLoginAndWaitForCode());
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().shell().session().identity().has_value(); }, 10000));
    const auto accessToken = gui().shell().session().identity()->accessToken;
    // No touch: the countdown, then the wipe (5 s idle, then a 20 s countdown of which the test
    // skips 17 s on the idle clock).
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().shell().countdownShown(); }, 15000));
    gui().skipIdleTime(std::chrono::seconds(17));
    BOOST_TEST_REQUIRE(gui().waitFor([] { return !gui().shell().session().identity().has_value(); }, 8000));
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
    BOOST_TEST(gui().find("header-greeting") == nullptr);
    BOOST_TEST(gui().waitFor([&] { return gSim->oidc().isRevoked(accessToken); }, 5000));
}

BOOST_AUTO_TEST_SUITE_END()

int main(int argc, char** argv) {
    // The GUI tests' config with the city (and its identity provider) on the simulator.
    return kiosk::test::runGuiTestsWithCity(argc, argv, "gui-vneid", gSim, [] { return "[sync]\nenabled = false"; });
}
