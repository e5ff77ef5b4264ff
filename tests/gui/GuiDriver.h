#pragma once
#include <wx/window.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "config/Config.h"

namespace kiosk::ui {
class KioskApp;
class ShellFrame;
}

namespace kiosk::test {

// Drives the real kiosk under Xvfb: clicks through the X server with wxUIActionSimulator (so
// events take the same path as a finger on a touch screen), pumps the event loop, checks
// layout and saves screenshots.
// What a GUI test program is told on its command line after "--" (Boost.Test's own arguments
// come before it): the screen size, where screenshots go, the config, and any other
// "--key value" pairs for the program itself.
struct GuiTestArgs {
    std::string size = "1920x1080";
    std::string shots = "screenshots";
    std::string config;
    std::map<std::string, std::string> extra;
};

// The main() of every GUI test program: parses the arguments, lets `prepare` adjust them (start
// a simulator, write a config), gives the kiosk a fresh state folder, starts it exactly as
// ward-kiosk does, runs the Boost tests and stops the kiosk. Returns the exit code.
int runGuiTests(int argc, char** argv, const std::string& name, const std::function<void(GuiTestArgs&)>& prepare = {});

// Fails the current test if the layout has problems (see GuiDriver::layoutProblems).
void expectCleanLayout(const std::string& where);

// Brings `name` into view in its scrolling body (as a resident scrolls; the keyboard may take
// half the screen), then touches it. Fails the test if no visible window has that name.
void touch(const std::string& name);
// Presses the header's buttons as a resident would until the session has this text size (the
// size button steps normal → large → extra large → normal) or contrast.
void setTextSize(TextSize size);
void setHighContrast(bool on);
// Types into the text field `name` as the on-screen keyboard does (SetValue sends wxEVT_TEXT);
// the idle timer is told, as it is of every touch.
void type(const std::string& name, const std::string& text);

// The GUI tests' config (tests/fixtures/gui.toml) pointed at a city on `baseUrl`, with
// `extraToml` appended, written to a fresh file; returns its path.
// `idleTimeoutS` replaces the fixture's 5 s idle rule for tests that wait without touching.
std::string guiConfigFor(const std::string& baseUrl, const std::string& extraToml, const std::string& name,
                         int idleTimeoutS = 5);

class GuiDriver {
public:
    static GuiDriver& get();

    void start(int argc, char** argv);  // builds the app exactly as ward-kiosk's main() does
    void stop();

    ui::ShellFrame& shell();
    std::string screenId();
    wxWindow* find(const std::string& name);  // by wxWindow name, visible windows only
    std::string label(const std::string& name);  // the text of a visible wxStaticText, "" if none
    void click(const std::string& name);     // fails the test if the window is not there
    void clickAt(wxPoint screenPoint);
    void pump(int milliseconds);
    // Moves the kiosk's idle clock forward (the countdown is at least 20 s; tests skip most of it).
    void skipIdleTime(std::chrono::seconds amount);
    bool waitFor(const std::function<bool()>& condition, int timeoutMs = 5000);
    bool waitForScreen(const std::string& id, int timeoutMs = 5000);

    // Problems with the current layout: clipped text, windows outside their parent or
    // overlapping a sibling, text that does not fit its button or tile.
    std::vector<std::string> layoutProblems();
    void screenshot(const std::string& name);

    std::string size;
    std::filesystem::path shotsDir;

private:
    ui::KioskApp* app_ = nullptr;
};

}  // namespace kiosk::test
