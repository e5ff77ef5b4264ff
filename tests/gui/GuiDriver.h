#pragma once
#include <wx/window.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace kiosk::ui {
class KioskApp;
class ShellFrame;
}

namespace kiosk::test {

// Drives the real kiosk under Xvfb: clicks through the X server with wxUIActionSimulator (so
// events take the same path as a finger on a touch screen), pumps the event loop, checks
// layout and saves screenshots.
class GuiDriver {
public:
    static GuiDriver& get();

    void start(int argc, char** argv);  // builds the app exactly as ward-kiosk's main() does
    void stop();

    ui::ShellFrame& shell();
    std::string screenId();
    wxWindow* find(const std::string& name);  // by wxWindow name, visible windows only
    void click(const std::string& name);     // fails the test if the window is not there
    void clickAt(wxPoint screenPoint);
    void pump(int milliseconds);
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
