#pragma once
#include <wx/colour.h>
#include <wx/window.h>

#include <string>
#include <vector>

#include "config/Config.h"

namespace kiosk::test {

// Issue 18: what a 70-year-old resident needs of every screen, measured on the live widgets.
// Sizes are the at 1366x768 and grow with the screen's short side:
//   text at least 18 px (normal), 24 px (large), 30 px (extra large);
//   touch targets at least 64x64 px, with 12 px between neighbouring targets;
//   text at least 4.5:1 against what it is drawn on, icons and control borders 3:1 (WCAG 2.2 AA);
//   no label clipped, nothing outside its parent, no untranslated text in Vietnamese.
struct AuditRules {
    int minTextPx = 18;
    int minTargetPx = 64;
    int minGapPx = 12;
    double textContrast = 4.5;
    double graphicContrast = 3.0;
    static AuditRules forScreen(wxSize screen, TextSize textSize);
};

struct AuditViolation {
    std::string screen;  // "home", "directory/health", …
    std::string widget;  // its name and text
    std::string what;    // "text 15 px < 18", …
};

// WCAG 2.2 contrast ratio of two opaque colours (1 to 21).
double contrastRatio(const wxColour& a, const wxColour& b);

// Every violation of `rules` among the visible windows under `root` (top-level dialogs over it
// included), tagged with `screen`. `vietnamese`: also report text shown untranslated.
std::vector<AuditViolation> auditWindows(wxWindow* root, const AuditRules& rules, const std::string& screen,
                                         bool vietnamese);

}  // namespace kiosk::test
