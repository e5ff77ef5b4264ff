#define BOOST_TEST_NO_MAIN
#define BOOST_TEST_ALTERNATIVE_INIT_API
#include "GuiDriver.h"

#include <wx/evtloop.h>
#include <wx/scrolwin.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/uiaction.h>
#include <wx/utils.h>

#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

#include "KioskApp.h"
#include "TestPaths.h"
#include "ShellFrame.h"
#include "screens/Screen.h"
#include "widgets/TileButton.h"
#include "widgets/TouchButton.h"

namespace kiosk::test {
namespace {
std::unique_ptr<wxGUIEventLoop> gLoop;
std::unique_ptr<wxEventLoopActivator> gActivator;

// The real clock, plus whatever time a test skipped: the idle rule sees the skip at once.
class SkippingClock final : public Clock {
public:
    time_point now() const override { return std::chrono::steady_clock::now() + skipped; }
    std::chrono::system_clock::time_point wallNow() const override { return std::chrono::system_clock::now(); }
    duration skipped{};
};
SkippingClock gIdleClock;

wxWindow* findVisible(wxWindow* root, const wxString& name) {
    if (!root->IsShown()) return nullptr;
    if (root->GetName() == name) return root;
    for (auto* child : root->GetChildren())
        if (auto* found = findVisible(child, name)) return found;
    return nullptr;
}

std::string describe(wxWindow* w) {
    std::string text = w->GetName().utf8_string();
    if (auto* label = dynamic_cast<wxStaticText*>(w)) text += " \"" + label->GetLabel().Left(40).utf8_string() + "\"";
    else if (!w->GetLabel().empty()) text += " \"" + w->GetLabel().Left(40).utf8_string() + "\"";
    return text;
}

void checkWindow(wxWindow* parent, std::vector<std::string>& problems) {
    const wxSize client = parent->GetClientSize();
    const bool scrolled = dynamic_cast<wxScrolledWindow*>(parent) != nullptr;
    std::vector<wxWindow*> shown;
    for (auto* child : parent->GetChildren()) {
        if (!child->IsShown() || child->IsTopLevel()) continue;
        shown.push_back(child);
        const wxRect r = child->GetRect();
        // In a scrolled body only horizontal overflow is a fault: vertical content scrolls.
        const bool outsideX = r.GetLeft() < -1 || r.GetRight() > client.x;
        const bool outsideY = !scrolled && (r.GetTop() < -1 || r.GetBottom() > client.y);
        if (outsideX || outsideY)
            problems.push_back(describe(child) + " lies outside " + describe(parent));
        if (auto* label = dynamic_cast<wxStaticText*>(child)) {
            const wxSize best = label->GetBestSize();
            if (best.x > r.width + 2 || best.y > r.height + 2)
                problems.push_back(describe(child) + " is clipped (" + std::to_string(best.x) + "x" +
                                   std::to_string(best.y) + " in " + std::to_string(r.width) + "x" +
                                   std::to_string(r.height) + ")");
        }
        if (auto* tile = dynamic_cast<ui::TileButton*>(child); tile && !tile->textFits())
            problems.push_back(describe(child) + " text does not fit the tile");
        if (auto* button = dynamic_cast<ui::TouchButton*>(child); button && !button->textFits())
            problems.push_back(describe(child) + " text does not fit the button");
        checkWindow(child, problems);
    }
    for (size_t i = 0; i < shown.size(); ++i)
        for (size_t j = i + 1; j < shown.size(); ++j) {
            wxRect a = shown[i]->GetRect();
            const wxRect b = shown[j]->GetRect();
            if (a.width > 0 && a.height > 0 && b.width > 0 && b.height > 0 && a.Intersects(b)) {
                const wxRect overlap = a.Intersect(b);
                if (overlap.width > 1 && overlap.height > 1)
                    problems.push_back(describe(shown[i]) + " overlaps " + describe(shown[j]));
            }
        }
}
}  // namespace

GuiDriver& GuiDriver::get() {
    static GuiDriver driver;
    return driver;
}

void GuiDriver::start(int argc, char** argv) {
    ui::KioskContext context;
    const int code = ui::prepareContext(argc, argv, context);
    if (code >= 0) throw std::runtime_error("the kiosk refused to start: exit code " + std::to_string(code));
    context.clock = &gIdleClock;
    app_ = new ui::KioskApp(std::move(context));
    wxApp::SetInstance(app_);
    int wxArgc = 1;
    char* wxArgv[] = {argv[0], nullptr};
    if (!wxEntryStart(wxArgc, wxArgv)) throw std::runtime_error("cannot open the X display");
    gLoop = std::make_unique<wxGUIEventLoop>();
    gActivator = std::make_unique<wxEventLoopActivator>(gLoop.get());
    if (!app_->CallOnInit()) throw std::runtime_error("OnInit failed");
    pump(1000);
}

void GuiDriver::stop() {
    if (!app_) return;
    if (app_->shell()) app_->shell()->Destroy();
    pump(300);
    app_->OnExit();
    gActivator.reset();
    gLoop.reset();
    wxEntryCleanup();
    app_ = nullptr;
}

void GuiDriver::skipIdleTime(std::chrono::seconds amount) {
    gIdleClock.skipped += amount;
}

ui::ShellFrame& GuiDriver::shell() {
    return *app_->shell();
}

std::string GuiDriver::screenId() {
    const auto* screen = shell().currentScreen();
    return screen ? screen->screenId() : std::string();
}

wxWindow* GuiDriver::find(const std::string& name) {
    return findVisible(&shell(), wxString::FromUTF8(name));
}

void GuiDriver::pump(int milliseconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(milliseconds);
    do {
        while (gLoop->Pending()) gLoop->Dispatch();
        wxTheApp->ProcessPendingEvents();
        gLoop->ProcessIdle();
        wxMilliSleep(5);
    } while (std::chrono::steady_clock::now() < until);
}

bool GuiDriver::waitFor(const std::function<bool()>& condition, int timeoutMs) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (std::chrono::steady_clock::now() < until) {
        if (condition()) return true;
        pump(20);
    }
    return condition();
}

bool GuiDriver::waitForScreen(const std::string& id, int timeoutMs) {
    return waitFor([&] { return screenId() == id; }, timeoutMs);
}

std::string GuiDriver::label(const std::string& name) {
    auto* text = dynamic_cast<wxStaticText*>(find(name));
    return text ? text->GetLabel().utf8_string() : std::string();
}

void GuiDriver::clickAt(wxPoint point) {
    wxUIActionSimulator sim;
    sim.MouseMove(point);
    pump(30);
    sim.MouseClick();
    pump(120);
}

void GuiDriver::click(const std::string& name) {
    wxWindow* target = find(name);
    BOOST_TEST_REQUIRE(target != nullptr, "no visible window named " << name << " on " << screenId());
    const wxRect rect = target->GetScreenRect();
    const wxPoint centre(rect.x + rect.width / 2, rect.y + rect.height / 2);
    // A window scrolled out of its body, or pushed below the screen, is not where a finger
    // could touch it: clicking there would hit whatever covers that point instead.
    for (wxWindow* w = target->GetParent(); w; w = w->GetParent())
        BOOST_TEST_REQUIRE(w->GetScreenRect().Contains(centre),
                           name << " at (" << centre.x << "," << centre.y << ") is not visible inside "
                                << w->GetName().utf8_string() << " (" << w->GetScreenRect().x << ","
                                << w->GetScreenRect().y << " " << w->GetScreenRect().width << "x"
                                << w->GetScreenRect().height << ") on " << screenId());
    clickAt(centre);
}

std::vector<std::string> GuiDriver::layoutProblems() {
    std::vector<std::string> problems;
    const wxRect frame = shell().GetScreenRect();
    const wxRect display(0, 0, wxGetDisplaySize().x, wxGetDisplaySize().y);
    if (!display.Contains(frame)) problems.push_back("the shell is larger than the screen");
    checkWindow(&shell(), problems);
    // Dialogs over the shell (the idle countdown) are top-level windows of their own.
    for (auto* child : shell().GetChildren())
        if (child->IsTopLevel() && child->IsShown()) {
            const wxRect r = child->GetScreenRect();
            if (!display.Contains(r)) problems.push_back(describe(child) + " is larger than the screen");
            checkWindow(child, problems);
        }
    return problems;
}

void GuiDriver::screenshot(const std::string& name) {
    pump(150);
    std::filesystem::create_directories(shotsDir);
    const auto file = shotsDir / (name + ".png");
    const std::string command = "import -window root '" + file.string() + "' 2>/dev/null";
    if (std::system(command.c_str()) != 0) BOOST_TEST_MESSAGE("screenshot failed: " << file);
}

namespace {
bool initGuiTests() {
    return true;
}
}  // namespace

int runGuiTests(int argc, char** argv, const std::string& name, const std::function<void(GuiTestArgs&)>& prepare) {
    std::vector<char*> boostArgs{argv[0]};
    GuiTestArgs args;
    int i = 1;
    for (; i < argc && std::string(argv[i]) != "--"; ++i) boostArgs.push_back(argv[i]);
    for (++i; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        if (key == "--size") args.size = argv[i + 1];
        else if (key == "--shots") args.shots = argv[i + 1];
        else if (key == "--config") args.config = argv[i + 1];
        else args.extra[key] = argv[i + 1];
    }
    const auto state = scratchDir(name + "-" + args.size);
    setenv("WARD_KIOSK_STATE_DIR", state.c_str(), 1);
    unsetenv("WARD_KIOSK_CONFIG");
    if (prepare) prepare(args);

    auto& gui = GuiDriver::get();
    gui.size = args.size;
    gui.shotsDir = args.shots;
    std::vector<std::string> kioskArgs{argv[0], "--windowed", args.size};
    if (!args.config.empty()) kioskArgs.insert(kioskArgs.end(), {"--config", args.config});
    std::vector<char*> kioskArgv;
    for (auto& arg : kioskArgs) kioskArgv.push_back(arg.data());
    gui.start(static_cast<int>(kioskArgv.size()), kioskArgv.data());
    const int code = boost::unit_test::unit_test_main(&initGuiTests, static_cast<int>(boostArgs.size()), boostArgs.data());
    gui.stop();
    return code;
}

void expectCleanLayout(const std::string& where) {
    auto& gui = GuiDriver::get();
    // The layout as it settles, not mid-way: a scrolled body that just grew a scrollbar is laid out
    // again on the next size event (a page checked at once showed its QR column 19 px too narrow).
    gui.pump(100);
    const auto problems = gui.layoutProblems();
    std::string text;
    for (const auto& p : problems) text += "\n  " + p;
    BOOST_TEST(problems.empty(), where << " at " << gui.size << ":" << text);
}

void touch(const std::string& name) {
    auto& gui = GuiDriver::get();
    wxWindow* target = gui.find(name);
    BOOST_TEST_REQUIRE(target != nullptr, "no visible window named " << name << " on " << gui.screenId());
    wxScrolledWindow* body = nullptr;
    for (wxWindow* w = target->GetParent(); w && !body; w = w->GetParent()) body = dynamic_cast<wxScrolledWindow*>(w);
    if (body) {
        // As a resident would: the big "Xuống"/"Lên" buttons beside the list until it shows.
        for (int presses = 0; presses < 30; ++presses) {
            const wxRect view = body->GetScreenRect();
            const wxRect rect = target->GetScreenRect();
            const bool below = rect.GetBottom() > view.GetBottom();
            const bool above = rect.GetTop() < view.GetTop();
            if (!below && !above) break;
            wxWindow* button = gui.find(below ? "scroll-down" : "scroll-up");
            if (!button || !button->IsEnabled()) break;
            gui.click(below ? "scroll-down" : "scroll-up");
        }
        // A target taller than the view, or a body without its strip: scroll it there.
        int unitX = 0, unitY = 0, viewX = 0, viewY = 0;
        body->GetScrollPixelsPerUnit(&unitX, &unitY);
        body->GetViewStart(&viewX, &viewY);
        const wxRect view = body->GetScreenRect();
        const wxRect rect = target->GetScreenRect();
        if (unitY > 0 && (rect.GetBottom() > view.GetBottom() || rect.GetTop() < view.GetTop())) {
            body->Scroll(-1, std::max(0, viewY + (rect.GetTop() - view.GetTop() - view.height / 3) / unitY));
            gui.pump(150);
        }
    }
    gui.click(name);
}

void setTextSize(TextSize size) {
    auto& gui = GuiDriver::get();
    for (int presses = 0; presses < 3 && gui.shell().session().textSize() != size; ++presses) {
        const auto before = gui.shell().session().textSize();
        gui.click("header-textsize");
        BOOST_TEST_REQUIRE(gui.waitFor([&] { return gui.shell().session().textSize() != before; }));
        gui.pump(200);
    }
    BOOST_TEST_REQUIRE((gui.shell().session().textSize() == size));
}

void setHighContrast(bool on) {
    auto& gui = GuiDriver::get();
    if (gui.shell().session().highContrast() == on) return;
    gui.click("header-contrast");
    BOOST_TEST_REQUIRE(gui.waitFor([&] { return gui.shell().session().highContrast() == on; }));
    gui.pump(200);
}

void type(const std::string& name, const std::string& text) {
    auto& gui = GuiDriver::get();
    auto* field = dynamic_cast<wxTextCtrl*>(gui.find(name));
    BOOST_TEST_REQUIRE(field != nullptr, "no text field " << name << " on " << gui.screenId());
    field->SetValue(wxString::FromUTF8(text));
    gui.shell().noteInput();
    gui.pump(30);
}

std::string guiConfigFor(const std::string& baseUrl, const std::string& extraToml, const std::string& name,
                         int idleTimeoutS) {
    std::ifstream in(sourceDir() / "tests" / "fixtures" / "gui.toml");
    std::stringstream text;
    text << in.rdbuf();
    std::string config = text.str();
    const std::string offline = "http://127.0.0.1:9";
    config.replace(config.find(offline), offline.size(), baseUrl);
    const std::string idle = "idle_timeout_s = 5";
    config.replace(config.find(idle), idle.size(), "idle_timeout_s = " + std::to_string(idleTimeoutS));
    config += "\n" + extraToml + "\n";
    const auto file = scratchDir(name) / "kiosk.toml";
    std::ofstream(file) << config;
    return file.string();
}

}  // namespace kiosk::test
