#pragma once
#include <wx/colour.h>
#include <wx/font.h>
#include <wx/gdicmn.h>

#include <map>

#include "config/Config.h"

namespace kiosk::ui {

enum class FontRole { Title, Heading, Body, Small, Tile, Button, Clock, Huge };

// One place that decides every size on screen (the PX() idea): sizes are designed for the
// short side of a 1080-pixel screen and scaled to the real one, then enlarged for "large"
// text. Large text, 1366x768 and portrait screens are settings here, not separate layouts.
class Theme {
public:
    Theme(wxSize screen, TextSize textSize);

    int px(double designPixels) const;         // layout size, independent of text size
    int textPx(double designPixels) const;     // text size, grows with "large"
    wxFont font(FontRole role) const;
    bool portrait() const { return screen_.y > screen_.x; }
    wxSize screen() const { return screen_; }
    TextSize textSize() const { return textSize_; }
    int minTouch() const { return px(72); }    // ≥ 64 px touch targets at 1080p

    // Palette: dark text on light surfaces, contrast ratio above 7:1 for body text.
    static wxColour background() { return wxColour(0xF3, 0xF5, 0xF9); }
    static wxColour surface() { return *wxWHITE; }
    static wxColour text() { return wxColour(0x1A, 0x1A, 0x2E); }
    static wxColour mutedText() { return wxColour(0x42, 0x47, 0x5A); }
    static wxColour primary() { return wxColour(0xB7, 0x1C, 0x1C); }      // header red
    static wxColour onPrimary() { return *wxWHITE; }
    static wxColour accent() { return wxColour(0x1A, 0x23, 0x7E); }       // buttons
    static wxColour border() { return wxColour(0xC5, 0xCA, 0xD6); }
    static wxColour good() { return wxColour(0x1B, 0x5E, 0x20); }
    static wxColour bad() { return wxColour(0xB7, 0x1C, 0x1C); }
    static wxColour warningBg() { return wxColour(0xFF, 0xF3, 0xC4); }

private:
    wxSize screen_;
    TextSize textSize_;
    double scale_;
    mutable std::map<FontRole, wxFont> fonts_;  // font matching is costly; every label asks
};

}  // namespace kiosk::ui
