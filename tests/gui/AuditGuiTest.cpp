// The layout audit (issue 18, item 8): every screen reachable from home (each group's screen
// and the first entry of each directory), at each of the three text sizes and both themes,
// measured as a 70-year-old resident needs it (LayoutAudit.h): text size, touch targets and
// the space between them, contrast of text, icons and controls, clipped or overflowing text,
// untranslated strings. Prints "RESULT audit screens=<n> violations=<m>", writes every
// violation with its screen and widget to <shots>/audit-report.txt, and fails on any.
// tests/bench/run-audit.sh runs it alone.
#define BOOST_TEST_NO_MAIN
#define BOOST_TEST_ALTERNATIVE_INIT_API
#include <wx/stattext.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "GuiDriver.h"
#include "LayoutAudit.h"
#include "ShellFrame.h"
#include "domain/FeatureCatalog.h"

using namespace kiosk;
using kiosk::test::GuiDriver;
using kiosk::test::setHighContrast;
using kiosk::test::setTextSize;

namespace {
GuiDriver& gui() { return GuiDriver::get(); }

// Touches the first result, brought into view with the scroll buttons as a resident would.
bool openFirstResult() {
    if (!gui().find("result-row")) return false;
    test::touch("result-row");
    return true;
}

struct Audit {
    std::set<std::string> screens;
    std::vector<test::AuditViolation> violations;

    void check(const std::string& where) {
        gui().pump(120);
        const auto& session = gui().shell().session();
        const wxSize screen = gui().shell().GetSize();
        const auto rules = test::AuditRules::forScreen(screen, session.textSize());
        const std::string tag = where + " [" + std::string(toString(session.textSize())) +
                                (session.highContrast() ? ", high contrast" : "") + "]";
        screens.insert(where);
        for (auto& v : test::auditWindows(&gui().shell(), rules, tag, session.language() == Language::Vietnamese))
            violations.push_back(std::move(v));
        for (const auto& problem : gui().layoutProblems()) violations.push_back({tag, problem, "layout"});
    }
};
}  // namespace

BOOST_AUTO_TEST_SUITE(audit)

BOOST_AUTO_TEST_CASE(every_screen_at_every_text_size_in_both_themes) {
    BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
    // The directories fill from the bundled data on their own thread at first start.
    Audit audit;
    int combos = 0;
    for (const bool contrast : {false, true}) {
        for (const TextSize size : {TextSize::Normal, TextSize::Large, TextSize::ExtraLarge}) {
            setTextSize(size);
            setHighContrast(contrast);
            BOOST_TEST_REQUIRE(gui().waitForScreen("home"));
            ++combos;
            audit.check("home");
            const std::string tag = std::string(toString(size)) + (contrast ? "-contrast" : "");
            gui().screenshot("audit-home-" + tag);
            for (const auto& group : FeatureCatalog::all()) {
                const std::string id(toString(group.id));
                test::touch("tile-" + id);
                BOOST_TEST_REQUIRE(gui().waitForScreen("group:" + id), "tile " << id << " did not open its screen");
                audit.check("group:" + id);
                if (size != TextSize::Large) gui().screenshot("audit-" + id + "-" + tag);
                // A directory: its first entry's detail page too.
                const bool directory = gui().find("directory-results") != nullptr;
                if (directory && gui().waitFor([] { return gui().find("result-row") != nullptr; }, 30000) &&
                    openFirstResult()) {
                    if (gui().waitFor([] { return gui().screenId().rfind("entry:", 0) == 0; }, 3000)) {
                        audit.check(gui().screenId());
                        if (size != TextSize::Large) gui().screenshot("audit-" + id + "-detail-" + tag);
                    }
                }
                gui().click("nav-home");
                BOOST_TEST_REQUIRE(gui().waitForScreen("home"), "no way home from " << id);
            }
        }
    }
    setTextSize(TextSize::Normal);
    setHighContrast(false);

    std::filesystem::create_directories(gui().shotsDir);
    std::ofstream report(gui().shotsDir / "audit-report.txt");
    for (const auto& v : audit.violations) report << v.screen << ": " << v.widget << ": " << v.what << "\n";
    std::cout << "RESULT audit screens=" << audit.screens.size() << " combinations=" << combos
              << " violations=" << audit.violations.size() << std::endl;
    std::string first;
    for (std::size_t i = 0; i < std::min<std::size_t>(audit.violations.size(), 40); ++i)
        first += "\n  " + audit.violations[i].screen + ": " + audit.violations[i].widget + ": " + audit.violations[i].what;
    BOOST_TEST(audit.violations.empty(), audit.violations.size() << " violation(s) at " << gui().size
                                                                  << " (all in audit-report.txt):" << first);
}

BOOST_AUTO_TEST_SUITE_END()

int main(int argc, char** argv) {
    return test::runGuiTests(argc, argv, "gui-audit");
}
