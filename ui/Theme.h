#pragma once
#include <wx/colour.h>
#include <wx/font.h>
#include <wx/gdicmn.h>

#include <map>

#include "config/Config.h"

namespace kiosk::ui {

enum class FontRole { Title, Heading, Body, Small, Tile, Button, Clock, Huge };

// The colours of one theme. Standard: dark text on light surfaces, contrast above 7:1 for body
// text. High contrast: white and yellow on black, above 15:1, for residents with low vision.
struct Palette {
    wxColour background, surface, text, mutedText;
    wxColour primary, onPrimary;            // the header band and its text
    wxColour headerButton;                  // buttons on the header band
    wxColour accent, onAccent;              // buttons and what is written on them
    wxColour border, good, bad, warningBg;
    wxColour emphasis;                      // text that must stand out: a login code, a hotline
    wxColour selectedRow;                   // a pressed result row
    wxColour disabledFill, disabledInk;
    wxColour keyFill, keyInk, specialKeyFill;  // the on-screen keyboard
    bool highContrast = false;
};

// One place that decides every size and colour on screen (the PX() idea): sizes are designed
// for the short side of a 1080-pixel screen and scaled to the real one, then enlarged for
// "large" and "extra large" text. Text size, contrast, 1366x768 and portrait screens are
// settings here, not separate layouts.
class Theme {
public:
    Theme(wxSize screen, TextSize textSize, bool highContrast = false);

    int px(double designPixels) const;         // layout size, independent of text size
    int textPx(double designPixels) const;     // text size, grows with "large" and "extra large"
    double textFactor() const;
    wxFont font(FontRole role) const;
    bool portrait() const { return screen_.y > screen_.x; }
    wxSize screen() const { return screen_; }
    TextSize textSize() const { return textSize_; }
    bool highContrast() const { return palette_.highContrast; }
    // Touch targets of at least 64 px at 1366x768 (92 design pixels scale to 65 there and 92 at
    // 1080 px), and at least 12 px between neighbours (gap()): issue 18, checked by the audit.
    int minTouch() const { return px(92); }
    int gap() const { return px(18); }

    // The palette of the theme in use. Static so that every widget can ask without holding a
    // Theme; the shell builds exactly one Theme at a time, on the UI thread, and rebuilds all
    // widgets when the resident switches contrast, so a colour never outlives its theme.
    static const Palette& palette();
    static wxColour background() { return palette().background; }
    static wxColour surface() { return palette().surface; }
    static wxColour text() { return palette().text; }
    static wxColour mutedText() { return palette().mutedText; }
    static wxColour primary() { return palette().primary; }      // header red
    static wxColour onPrimary() { return palette().onPrimary; }
    static wxColour accent() { return palette().accent; }       // buttons
    static wxColour onAccent() { return palette().onAccent; }
    static wxColour border() { return palette().border; }
    static wxColour good() { return palette().good; }
    static wxColour bad() { return palette().bad; }
    static wxColour warningBg() { return palette().warningBg; }
    static wxColour emphasis() { return palette().emphasis; }

private:
    wxSize screen_;
    TextSize textSize_;
    Palette palette_;
    double scale_;
    mutable std::map<FontRole, wxFont> fonts_;  // font matching is costly; every label asks
};

}  // namespace kiosk::ui
