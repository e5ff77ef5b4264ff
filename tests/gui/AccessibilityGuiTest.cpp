// GUI tests of issue 6, under Xvfb at three screen sizes: the on-screen keyboard (Telex, VNI and
// accents by holding a vowel) typing into a real field of the kiosk, that it never covers the
// field, that a real keyboard sends it away; accessible names on every control; read-aloud
// starting, stopping at a touch and at a screen change.
#define BOOST_TEST_NO_MAIN
#define BOOST_TEST_ALTERNATIVE_INIT_API
#include <wx/textctrl.h>
#include <wx/uiaction.h>

#include <boost/test/unit_test.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "Accessibility.h"
#include "GuiDriver.h"
#include "ShellFrame.h"
#include "TestPaths.h"
#include "widgets/OnScreenKeyboard.h"
#include "widgets/QrWidget.h"
#include "widgets/ResultRow.h"
#include "widgets/TextField.h"
#include "screens/Screen.h"
#include "widgets/TileButton.h"
#include "widgets/TouchButton.h"

using namespace kiosk;
using kiosk::test::expectCleanLayout;
using kiosk::test::GuiDriver;

namespace {
GuiDriver& gui() { return GuiDriver::get(); }
std::filesystem::path gSpeechDir;  // where the read-aloud stand-in writes what it was given

wxTextCtrl* searchBox() { return dynamic_cast<wxTextCtrl*>(gui().find("search-box")); }
std::string fieldText() { return searchBox() ? searchBox()->GetValue().utf8_string() : std::string(); }

// Taps keys by name: "key-" + each entry ("shift", "space", "a", ...).
void tap(std::initializer_list<const char*> keys) {
    for (const char* key : keys) gui().click(std::string("key-") + key);
    gui().pump(50);
}

void openHealthAndTouchTheSearchBox() {
    if (gui().screenId() != "group:health") {
        gui().click("nav-home");
        BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
        gui().click("tile-health");
        BOOST_TEST_REQUIRE(gui().waitForScreen("group:health"));
    }
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().find("result-row") != nullptr; }, 30000));
    gui().click("search-box");
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().shell().keyboardShown() != nullptr; }, 3000),
                       "touching the search box did not bring the keyboard up");
    gui().pump(100);  // GTK places the keys in its next layout pass
}

void expectFieldNotCovered(const std::string& where) {
    const auto* keyboard = gui().shell().keyboardShown();
    BOOST_TEST_REQUIRE(keyboard != nullptr);
    const wxRect field = searchBox()->GetScreenRect();
    const wxRect keys = keyboard->GetScreenRect();
    BOOST_TEST(!field.Intersects(keys), where << ": the keyboard covers the field");
    const wxRect content = gui().find("content")->GetScreenRect();
    BOOST_TEST(content.Contains(field), where << ": the field is not on screen above the keyboard");
}

std::string readFile(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

bool processAlive(const std::filesystem::path& pidFile) {
    const std::string pid = readFile(pidFile);
    return !pid.empty() && ::kill(std::stoi(pid), 0) == 0;
}

// Every control a finger can use (and every QR code) must have a name a screen reader can say.
void checkAccessibleNames(wxWindow* window, const std::string& where, int& checked) {
    if (!window->IsShown()) return;
    const bool control = dynamic_cast<ui::TouchButton*>(window) || dynamic_cast<ui::TileButton*>(window) ||
                         dynamic_cast<ui::ResultRow*>(window) || dynamic_cast<wxTextCtrl*>(window) ||
                         dynamic_cast<ui::QrWidget*>(window) || dynamic_cast<ui::KeyButton*>(window) ||
                         dynamic_cast<ui::OnScreenKeyboard*>(window);
    if (control) {
        ++checked;
        BOOST_TEST(!ui::accessibleName(window).empty(),
                   where << ": " << window->GetName().utf8_string() << " has no accessible name");
    }
    for (auto* child : window->GetChildren()) checkAccessibleNames(child, where, checked);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(keyboard)

BOOST_AUTO_TEST_CASE(typing_nguyen_thi_hoa_with_telex_on_the_screen) {
    openHealthAndTouchTheSearchBox();
    expectFieldNotCovered("telex");
    expectCleanLayout("keyboard up");
    BOOST_TEST((gui().shell().keyboardShown()->method() == InputMethod::Telex));  // the config's first layout
    // The hint line reminds how Telex marks letters.
    auto* hint = gui().find("keyboard-hint");
    BOOST_TEST_REQUIRE(hint != nullptr);
    BOOST_TEST(hint->GetLabel().utf8_string().find("dd=đ") != std::string::npos);
    BOOST_TEST(hint->GetSize().y > 0, "hint at " << hint->GetRect().x << "," << hint->GetRect().y << " size "
                                                 << hint->GetSize().x << "x" << hint->GetSize().y);
    tap({"shift", "n", "g", "u", "y", "e", "e", "n", "x", "space", "shift", "t", "h", "i", "j", "space",
         "shift", "h", "o", "a", "f"});
    BOOST_TEST(fieldText() == "Nguyễn Thị Hoà");  // tone_style = "modern" in this test's config
    gui().screenshot("keyboard-telex");
    // Backspace takes one letter with its marks; the clear key takes everything.
    tap({"backspace"});
    BOOST_TEST(fieldText() == "Nguyễn Thị Ho");
    tap({"clear"});
    BOOST_TEST(fieldText().empty());
}

BOOST_AUTO_TEST_CASE(the_same_name_with_vni) {
    openHealthAndTouchTheSearchBox();
    gui().click("key-method");
    BOOST_TEST_REQUIRE(gui().waitFor([] {
        const auto* keyboard = gui().shell().keyboardShown();
        return keyboard && keyboard->method() == InputMethod::Vni;
    }));
    gui().pump(100);
    tap({"clear", "shift", "n", "g", "u", "y", "e", "6", "n", "4", "space", "shift", "t", "h", "i", "5", "space",
         "shift", "h", "o", "a", "2"});
    BOOST_TEST(fieldText() == "Nguyễn Thị Hoà");
    expectFieldNotCovered("vni");
    gui().screenshot("keyboard-vni");
    // Digits that mark nothing stay digits: a house number.
    tap({"clear", "1", "2", "3"});
    BOOST_TEST(fieldText() == "123");
    tap({"clear"});
}

BOOST_AUTO_TEST_CASE(holding_a_vowel_offers_its_accented_forms) {
    openHealthAndTouchTheSearchBox();
    while (gui().shell().keyboardShown()->method() != InputMethod::Simple) {
        gui().click("key-method");
        gui().pump(150);
    }
    tap({"clear", "shift", "h", "o"});
    // Hold "a" for 0.8 s: a row of every form of a appears above the keys.
    auto* key = gui().find("key-a");
    BOOST_TEST_REQUIRE(key != nullptr);
    const wxRect rect = key->GetScreenRect();
    wxUIActionSimulator finger;
    finger.MouseMove(wxPoint(rect.x + rect.width / 2, rect.y + rect.height / 2));
    gui().pump(30);
    finger.MouseDown();
    gui().pump(800);
    finger.MouseUp();
    gui().pump(100);
    BOOST_TEST_REQUIRE(gui().shell().keyboardShown()->formsShown(), "holding a vowel showed no accented forms");
    BOOST_TEST(fieldText() == "Ho");  // the long press itself typed nothing
    gui().screenshot("keyboard-accents");
    expectCleanLayout("accented forms");
    gui().click("key-form-2");  // a, á, à: the third
    BOOST_TEST(fieldText() == "Hoà");
    BOOST_TEST_REQUIRE(gui().waitFor([] { return !gui().shell().keyboardShown()->formsShown(); }));
    // A short tap on the same key types the plain letter.
    tap({"space", "a"});
    BOOST_TEST(fieldText() == "Hoà a");
    tap({"clear"});
    gui().click("key-method");  // back to Telex for the next tests
    gui().pump(150);
}

BOOST_AUTO_TEST_CASE(the_hide_key_and_a_screen_change_put_the_keyboard_away) {
    openHealthAndTouchTheSearchBox();
    gui().click("key-hide");
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().find("keyboard") == nullptr; }));
    gui().click("search-box");
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().shell().keyboardShown() != nullptr; }));
    gui().click("nav-home");
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
    BOOST_TEST(gui().find("keyboard") == nullptr);
}

BOOST_AUTO_TEST_CASE(a_phone_field_gets_the_numeric_pad) {
    // No screen has a phone field yet (the 1022 form will): this one is placed on the directory
    // screen, where the shell treats it like any field of the screen.
    openHealthAndTouchTheSearchBox();
    gui().click("key-hide");
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().find("keyboard") == nullptr; }));
    auto* screen = gui().shell().currentScreen();
    auto* phone = ui::makeTextField(screen, gui().shell().theme(), ui::FieldKind::Phone,
                                    wxString::FromUTF8("Số điện thoại"), "phone-field");
    phone->SetSize(20, 20, 400, phone->GetBestSize().y);
    gui().pump(100);
    gui().click("phone-field");
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().shell().keyboardShown() != nullptr; }));
    gui().pump(100);
    BOOST_TEST(gui().shell().keyboardShown()->numeric());
    BOOST_TEST(gui().find("key-q") == nullptr);  // no letters on a numeric pad
    tap({"+", "8", "4", "9", "0", "3", "backspace", "3"});
    BOOST_TEST(phone->GetValue().utf8_string() == "+84903");
    gui().screenshot("keyboard-numeric");
    tap({"clear"});
    BOOST_TEST(phone->GetValue().empty());
    // Back to a text field: the letters come back.
    gui().click("search-box");
    BOOST_TEST_REQUIRE(gui().waitFor([] {
        const auto* keyboard = gui().shell().keyboardShown();
        return keyboard && !keyboard->numeric() && gui().find("key-q") != nullptr;
    }));
    gui().pump(100);
    phone->Destroy();
    gui().click("key-hide");
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().find("keyboard") == nullptr; }));
}

BOOST_AUTO_TEST_CASE(accessible_names_on_every_control) {
    int checked = 0;
    gui().click("nav-home");
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
    checkAccessibleNames(&gui().shell(), "home", checked);
    openHealthAndTouchTheSearchBox();
    checkAccessibleNames(&gui().shell(), "health with the keyboard", checked);
    BOOST_TEST(ui::accessibleName(gui().find("key-backspace")).utf8_string() == "Xóa chữ cuối");
    BOOST_TEST(ui::accessibleName(gui().find("search-box")).utf8_string() == "Tìm kiếm");
    gui().click("key-hide");
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().find("keyboard") == nullptr; }));
    gui().pump(200);
    gui().click("result-row");
    BOOST_TEST_REQUIRE(gui().waitForScreen("entry:health"));
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().find("entry-qr") != nullptr; }, 5000));
    checkAccessibleNames(&gui().shell(), "health detail", checked);
    gui().click("nav-home");
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
    gui().click("tile-vneid");
    BOOST_TEST_REQUIRE(gui().waitForScreen("group:vneid"));
    gui().pump(300);
    checkAccessibleNames(&gui().shell(), "vneid", checked);
    BOOST_TEST(checked > 60);  // tiles, header, footer, keys, rows: the walk really saw them
    gui().click("nav-home");
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(read_aloud)

BOOST_AUTO_TEST_CASE(reads_the_screen_and_stops_at_a_second_touch) {
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
    std::filesystem::remove(gSpeechDir / "text");
    std::filesystem::remove(gSpeechDir / "pid");
    gui().click("read-aloud");
    BOOST_TEST_REQUIRE(gui().waitFor([] { return processAlive(gSpeechDir / "pid"); }, 3000), "nothing was started");
    BOOST_TEST_REQUIRE(gui().waitFor([] { return !readFile(gSpeechDir / "text").empty(); }, 3000));
    const std::string text = readFile(gSpeechDir / "text");
    BOOST_TEST(text.find("Xin chào! Ông/Bà cần làm gì hôm nay?") == 0u, text);
    BOOST_TEST(text.find("Phản ánh kiến nghị") != std::string::npos, text);  // the tiles are read as choices
    BOOST_TEST(readFile(gSpeechDir / "voice") == "vi\n");
    BOOST_TEST(gui().shell().readingAloud());
    BOOST_TEST(gui().find("read-aloud")->GetLabel().utf8_string() == "Dừng đọc");
    gui().screenshot("read-aloud-speaking");
    gui().click("read-aloud");  // stop
    BOOST_TEST(!gui().shell().readingAloud());
    BOOST_TEST(gui().waitFor([] { return !processAlive(gSpeechDir / "pid"); }, 1000), "the reader was not stopped");
    BOOST_TEST(gui().find("read-aloud")->GetLabel().utf8_string() == "Đọc to");
}

BOOST_AUTO_TEST_CASE(changing_screen_stops_reading) {
    gui().click("tile-agencies");
    BOOST_TEST_REQUIRE(gui().waitForScreen("group:agencies"));
    std::filesystem::remove(gSpeechDir / "pid");
    gui().click("read-aloud");
    BOOST_TEST_REQUIRE(gui().waitFor([] { return processAlive(gSpeechDir / "pid"); }, 3000));
    BOOST_TEST(readFile(gSpeechDir / "text").find("Cơ quan nhà nước") == 0u);
    gui().click("nav-home");
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
    BOOST_TEST(!gui().shell().readingAloud());
    BOOST_TEST(gui().waitFor([] { return !processAlive(gSpeechDir / "pid"); }, 1000));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(hardware_keyboard)

// Last: once a real keyboard is seen, the on-screen one stays down for the session.
BOOST_AUTO_TEST_CASE(a_real_keyboard_sends_the_on_screen_one_away) {
    openHealthAndTouchTheSearchBox();
    wxUIActionSimulator typist;
    typist.Text("cho ray");
    BOOST_TEST_REQUIRE(gui().waitFor([] { return gui().find("keyboard") == nullptr; }, 2000));
    BOOST_TEST(fieldText() == "cho ray");
    gui().click("search-box");
    gui().pump(400);
    BOOST_TEST(gui().find("keyboard") == nullptr);
    gui().click("nav-home");
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
}

BOOST_AUTO_TEST_SUITE_END()

int main(int argc, char** argv) {
    return kiosk::test::runGuiTests(argc, argv, "gui-a11y", [](kiosk::test::GuiTestArgs& args) {
        gSpeechDir = kiosk::test::scratchDir("gui-a11y-speech-" + args.size);
        // A stand-in for espeak-ng that records its voice, its text and its pid, then speaks
        // for a long time: the test can see what would be read and that stopping kills it.
        const std::string script = "echo $$ > " + (gSpeechDir / "pid").string() + "; echo $1 > " +
                                   (gSpeechDir / "voice").string() + "; cat > " + (gSpeechDir / "text").string() +
                                   "; exec sleep 30";
        args.config = kiosk::test::guiConfigFor(
            "http://127.0.0.1:9",
            "[keyboard]\ntone_style = \"modern\"\n[speech]\ncommand = [\"sh\", \"-c\", '" + script +
                "', \"reader\", \"{voice}\"]\n",
            "gui-a11y-config-" + args.size);
    });
}
