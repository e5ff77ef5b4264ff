// One wipe, every way out (issue 17): logout, the idle timeout and Home after a finished task
// each end the session with ShellFrame::endSession. A canary identity logs in with VNeID and
// canary text is typed into every kind of field (text, name, phone; by keys and as the on-screen
// keyboard does); after each way out the process's windows (hidden ones too), the clipboard and
// the primary selection, and every file under the state (cache and log inside it) and temp
// directories are searched for the canary: no hit.
#define BOOST_TEST_NO_MAIN
#define BOOST_TEST_ALTERNATIVE_INIT_API
#include <wx/clipbrd.h>
#include <wx/scrolwin.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/uiaction.h>

#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "GuiDriver.h"
#include "ShellFrame.h"
#include "SimulatedCity.h"
#include "TestPaths.h"

using namespace kiosk;
using kiosk::test::GuiDriver;

using kiosk::test::touch;
using kiosk::test::type;

namespace {
GuiDriver& gui() { return GuiDriver::get(); }
citysim::CitySimServer* gSim = nullptr;

// Lowercase ASCII, so "Kanari" typed with capitals (a name field) is found too.
const std::vector<std::string> kCanaries = {"kanari", "079099123457", "1933-03-03"};

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

void hitsIn(const std::string& where, const std::string& text, std::vector<std::string>& hits) {
    const auto low = lower(text);
    for (const auto& canary : kCanaries)
        if (low.find(canary) != std::string::npos) hits.push_back(where + " holds \"" + canary + "\"");
}

void windowHits(wxWindow* window, std::vector<std::string>& hits) {
    const std::string where = "window " + window->GetName().utf8_string();
    hitsIn(where, window->GetLabel().utf8_string(), hits);
    if (auto* field = dynamic_cast<wxTextCtrl*>(window)) hitsIn(where, field->GetValue().utf8_string(), hits);
    for (wxWindow* child : window->GetChildren()) windowHits(child, hits);
}

std::string clipboardText(bool primary) {
    std::string text;
    wxTheClipboard->UsePrimarySelection(primary);
    if (wxTheClipboard->Open()) {
        if (wxTheClipboard->IsSupported(wxDF_UNICODETEXT)) {
            wxTextDataObject data;
            if (wxTheClipboard->GetData(data)) text = data.GetText().utf8_string();
        }
        wxTheClipboard->Close();
    }
    wxTheClipboard->UsePrimarySelection(false);
    return text;
}

void fileHits(const std::filesystem::path& dir, std::vector<std::string>& hits) {
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec); !ec && it != std::filesystem::end(it);
         it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        std::ifstream in(it->path(), std::ios::binary);
        std::stringstream bytes;
        bytes << in.rdbuf();
        hitsIn(it->path().string(), bytes.str(), hits);
    }
}

// Every place a canary could be left: windows, clipboard, primary selection, files.
std::vector<std::string> canaryHits() {
    std::vector<std::string> hits;
    for (wxWindow* top : wxTopLevelWindows) windowHits(top, hits);
    hitsIn("the clipboard", clipboardText(false), hits);
    hitsIn("the primary selection", clipboardText(true), hits);
    if (const char* state = std::getenv("WARD_KIOSK_STATE_DIR")) fileHits(state, hits);
    if (const char* temp = std::getenv("TMPDIR")) fileHits(temp, hits);
    return hits;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string all;
    for (const auto& line : lines) all += "\n  " + line;
    return all;
}

void expectNoCanary(const std::string& after) {
    gui().pump(300);
    const auto hits = canaryHits();
    BOOST_TEST(hits.empty(), "after " << after << ":" << joined(hits));
}

bool shown(const std::string& name) {
    return gui().find(name) != nullptr;
}

void waitFor(const std::string& name, int timeoutMs = 4000) {
    if (!gui().waitFor([&] { return shown(name); }, timeoutMs)) gui().screenshot("wipe-missing-" + name);
    BOOST_TEST_REQUIRE(shown(name), name << " never appeared on " << gui().screenId());
    gui().pump(100);
}

void next() {
    gui().pump(150);
    gui().click("compose-next");
    gui().shell().noteInput();
    gui().pump(150);
}

void home() {
    gui().shell().goHome();
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
}

// Logs the canary resident in with VNeID; ends on the VNeID screen.
void logIn() {
    // Each test starts from a fresh session, whatever an earlier one left.
    gui().shell().endSession("test start");
    gSim->oidc().setCitizen("Kanari Văn Thử", "079099123457", "1933-03-03");
    home();
    gui().click("tile-vneid");
    BOOST_TEST_REQUIRE(gui().waitForScreen("group:vneid"));
    waitFor("vneid-user-code", 10000);
    BOOST_TEST_REQUIRE(gSim->oidc().approve(gui().label("vneid-user-code")));
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().shell().session().identity().has_value(); }, 10000));
    gui().shell().noteInput();
    BOOST_TEST(gui().shell().session().identity()->name == "Kanari Văn Thử");
}

// A report written up to its contact step, canary text in each kind of field on the way.
void writeReportToContactStep() {
    home();
    gui().click("tile-feedback");
    BOOST_TEST_REQUIRE(gui().waitForScreen("group:feedback"));
    gui().click("feedback-new");
    BOOST_TEST_REQUIRE(gui().waitForScreen("feedback:compose"));
    waitFor("service-010");
    touch("service-010");
    waitFor("compose-description");
    type("compose-description", "Nắp cống kanari bị mất.");
    next();
    waitFor("compose-address");
    type("compose-address", "12 Kanari");
    next();
    waitFor("compose-phone");
    type("compose-name", "Kanari Thị Bé");
    type("compose-phone", "0909 123 456 kanari");
    // Copying out of a field is refused; what GTK makes the primary selection goes with the wipe.
    auto* phone = dynamic_cast<wxTextCtrl*>(gui().find("compose-phone"));
    phone->SelectAll();
    phone->Copy();
    gui().pump(50);
    BOOST_TEST(lower(clipboardText(false)).find("kanari") == std::string::npos);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(wipe_gui)

BOOST_AUTO_TEST_CASE(logout_leaves_nothing_of_the_resident) {
    logIn();
    writeReportToContactStep();
    // Something pasted in from elsewhere earlier is on the clipboard too.
    if (wxTheClipboard->Open()) {
        wxTheClipboard->SetData(new wxTextDataObject("kanari on the clipboard"));
        wxTheClipboard->Close();
    }
    BOOST_TEST_REQUIRE(!canaryHits().empty());  // the search finds what is there
    // A right click in a field opens no menu (the screenshot shows the field, no GTK menu).
    wxUIActionSimulator mouse;
    mouse.MouseMove(gui().find("compose-phone")->GetScreenRect().GetPosition() + wxPoint(40, 20));
    mouse.MouseClick(wxMOUSE_BTN_RIGHT);
    gui().screenshot("wipe-right-click-in-a-field");
    mouse.Char(WXK_ESCAPE);
    gui().pump(100);
    gui().screenshot("wipe-before-logout");
    gui().click("header-logout");
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
    waitFor("session-ended");
    gui().screenshot("wipe-after-logout");
    BOOST_TEST(!gui().shell().session().identity().has_value());
    BOOST_TEST(gui().shell().session().nothingUnsaved());  // no draft: "Tiếp tục phản ánh" for the next person
    BOOST_TEST(gui().shell().session().pristine());
    expectNoCanary("logout");
}

BOOST_AUTO_TEST_CASE(home_keeps_a_draft_but_ends_the_session_after_a_finished_task) {
    logIn();
    // A dossier code typed, not asked: Home after it keeps the resident logged in.
    gui().shell().openPage(GroupId::PublicServices, "dossier", 0, false);
    BOOST_TEST_REQUIRE(gui().waitForScreen("dossier:lookup"));
    gui().click("dossier-code");
    type("dossier-code", "H29 kanari");
    gui().click("nav-home");
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
    BOOST_TEST(gui().shell().session().identity().has_value());
    // A draft in progress: Home keeps it too.
    gui().click("tile-feedback");
    BOOST_TEST_REQUIRE(gui().waitForScreen("group:feedback"));
    gui().click("feedback-new");
    BOOST_TEST_REQUIRE(gui().waitForScreen("feedback:compose"));
    waitFor("service-010");
    touch("service-010");
    waitFor("compose-description");
    type("compose-description", "Nắp cống kanari bị mất.");
    gui().click("nav-home");
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
    BOOST_TEST(!gui().shell().session().nothingUnsaved());
    BOOST_TEST(gui().shell().session().identity().has_value());
    // The report finished and saved (its own words, not the canary's: the outbox keeps a report
    // until the city has it, which is item 2's retention, not this wipe).
    gui().click("tile-feedback");
    BOOST_TEST_REQUIRE(gui().waitForScreen("group:feedback"));
    gui().click("feedback-new");
    BOOST_TEST_REQUIRE(gui().waitForScreen("feedback:compose"));
    waitFor("compose-description");
    type("compose-description", "Nắp cống bị mất trước chợ.");
    next();
    waitFor("compose-address");
    type("compose-address", "Chợ Bến Thành");
    next();
    waitFor("compose-phone");
    type("compose-name", "Trần Thị Bé");
    type("compose-phone", "0909 123 456");
    next();
    waitFor("compose-consent");
    touch("compose-consent");
    next();
    BOOST_TEST_REQUIRE(gui().waitForScreen("feedback:report", 8000));
    BOOST_TEST(gui().shell().session().finishedTask());
    // Home now ends the session: the next person holding the slip is not the owner.
    gui().click("nav-home");
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
    waitFor("session-ended");
    gui().screenshot("wipe-after-home");
    BOOST_TEST(!gui().shell().session().identity().has_value());
    BOOST_TEST(!gui().shell().session().finishedTask());
    BOOST_TEST(gui().shell().session().pristine());
    expectNoCanary("home after a finished task");
}

BOOST_AUTO_TEST_CASE(the_idle_timeout_leaves_nothing_of_the_resident) {
    logIn();
    writeReportToContactStep();
    // No touch: the countdown, then the wipe (8 s idle, then a 20 s countdown of which the test
    // skips 17 s on the idle clock).
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().shell().countdownShown(); }, 15000));
    gui().skipIdleTime(std::chrono::seconds(17));
    BOOST_TEST_REQUIRE(gui().waitFor([] { return !gui().shell().session().identity().has_value(); }, 8000));
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
    BOOST_TEST(gui().shell().session().pristine());
    expectNoCanary("the idle timeout");
}

BOOST_AUTO_TEST_SUITE_END()

int main(int argc, char** argv) {
    // Temp files the kiosk (or a library) makes land where the search looks.
    const auto temp = kiosk::test::scratchDir("gui-wipe-tmp");
    setenv("TMPDIR", temp.c_str(), 1);
    return kiosk::test::runGuiTestsWithCity(argc, argv, "gui-wipe", gSim, [] { return "[sync]\nenabled = false"; }, 8);
}
