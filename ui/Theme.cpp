#include "Theme.h"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {

namespace {

Palette standardPalette() {
    Palette p;
    p.background = wxColour(0xF3, 0xF5, 0xF9);
    p.surface = *wxWHITE;
    p.text = wxColour(0x1A, 0x1A, 0x2E);
    p.mutedText = wxColour(0x42, 0x47, 0x5A);
    p.primary = wxColour(0xB7, 0x1C, 0x1C);
    p.onPrimary = *wxWHITE;
    p.headerButton = wxColour(0x8E, 0x12, 0x12);
    p.accent = wxColour(0x1A, 0x23, 0x7E);
    p.onAccent = *wxWHITE;
    p.border = wxColour(0x6E, 0x74, 0x85);  // 4.2:1 on the background: control edges need 3:1
    p.good = wxColour(0x1B, 0x5E, 0x20);
    p.bad = wxColour(0xB7, 0x1C, 0x1C);
    p.warningBg = wxColour(0xFF, 0xF3, 0xC4);
    p.emphasis = wxColour(0xB7, 0x1C, 0x1C);
    p.selectedRow = wxColour(0xE3, 0xE8, 0xF8);
    p.disabledFill = wxColour(0xE0, 0xE3, 0xEA);
    p.disabledInk = wxColour(0x6B, 0x70, 0x80);
    p.keyFill = *wxWHITE;
    p.keyInk = wxColour(0x1A, 0x1A, 0x2E);
    p.specialKeyFill = wxColour(0xD5, 0xDA, 0xE6);
    return p;
}

// Yellow and white on black: every pair is above 15:1, and nothing relies on a hue alone.
Palette highContrastPalette() {
    Palette p;
    p.background = *wxBLACK;
    p.surface = *wxBLACK;
    p.text = *wxWHITE;
    p.mutedText = wxColour(0xF0, 0xF0, 0xF0);
    p.primary = *wxBLACK;
    p.onPrimary = wxColour(0xFF, 0xFF, 0x00);
    p.headerButton = *wxBLACK;
    p.accent = wxColour(0xFF, 0xFF, 0x00);
    p.onAccent = *wxBLACK;
    p.border = *wxWHITE;
    p.good = wxColour(0x66, 0xFF, 0x66);
    p.bad = wxColour(0xFF, 0x99, 0x99);
    p.warningBg = wxColour(0x33, 0x2B, 0x00);
    p.emphasis = wxColour(0xFF, 0xFF, 0x00);
    p.selectedRow = wxColour(0x33, 0x33, 0x00);
    p.disabledFill = wxColour(0x20, 0x20, 0x20);
    p.disabledInk = wxColour(0xB0, 0xB0, 0xB0);
    p.keyFill = *wxBLACK;
    p.keyInk = *wxWHITE;
    p.specialKeyFill = wxColour(0x26, 0x26, 0x26);
    p.highContrast = true;
    return p;
}

const Palette* activePalette = nullptr;

}  // namespace

Theme::Theme(wxSize screen, TextSize textSize, bool highContrast)
    : screen_(screen), textSize_(textSize), palette_(highContrast ? highContrastPalette() : standardPalette()),
      scale_(std::max(0.5, std::min(screen.x, screen.y) / 1080.0)) {
    activePalette = &palette_;
}

const Palette& Theme::palette() {
    static const Palette fallback = standardPalette();  // widgets drawn before the first Theme
    return activePalette ? *activePalette : fallback;
}

double Theme::textFactor() const {
    switch (textSize_) {
        case TextSize::Large: return 1.3;
        case TextSize::ExtraLarge: return 1.6;
        default: return 1.0;
    }
}

int Theme::px(double designPixels) const {
    return static_cast<int>(std::lround(designPixels * scale_));
}

int Theme::textPx(double designPixels) const {
    return static_cast<int>(std::lround(designPixels * scale_ * textFactor()));
}

wxFont Theme::font(FontRole role) const {
    if (auto it = fonts_.find(role); it != fonts_.end()) return it->second;
    // Few distinct sizes on purpose: each new size costs ~5 ms of glyph loading at start-up,
    // so the home screen (header, greeting, tiles, buttons) uses only the heading's bold size and
    // the body size.
    double size = 27;  // body: 18 px and more at 1366x768
    bool bold = false;
    switch (role) {
        case FontRole::Title: size = 44; bold = true; break;
        case FontRole::Heading: size = 32; bold = true; break;
        case FontRole::Body: size = 27; break;
        // Secondary text is told apart by its colour, not by a smaller size: 27 design pixels
        // give the 18 px an elderly reader needs at 1366x768 (issue 18).
        case FontRole::Small: size = 27; break;
        case FontRole::Tile: size = 32; bold = true; break;
        case FontRole::Button: size = 32; bold = true; break;
        case FontRole::Clock: size = 32; bold = true; break;
        case FontRole::Huge: size = 64; bold = true; break;
    }
    // The family, not a face name: naming a face makes wx enumerate every installed font to
    // validate it, which costs a fifth of start-up. fontconfig maps "sans" to a face with full
    // Vietnamese coverage (Noto Sans or DejaVu Sans, both installed by the setup script).
    wxFont font(wxFontInfo(wxSize(0, textPx(size))).Family(wxFONTFAMILY_SWISS));
    if (bold) font.SetWeight(wxFONTWEIGHT_BOLD);
    fonts_.emplace(role, font);
    return font;
}

}  // namespace kiosk::ui
