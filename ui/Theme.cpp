#include "Theme.h"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {

Theme::Theme(wxSize screen, TextSize textSize)
    : screen_(screen), textSize_(textSize),
      scale_(std::max(0.5, std::min(screen.x, screen.y) / 1080.0)) {}

int Theme::px(double designPixels) const {
    return static_cast<int>(std::lround(designPixels * scale_));
}

int Theme::textPx(double designPixels) const {
    const double factor = textSize_ == TextSize::Large ? 1.3 : 1.0;
    return static_cast<int>(std::lround(designPixels * scale_ * factor));
}

wxFont Theme::font(FontRole role) const {
    if (auto it = fonts_.find(role); it != fonts_.end()) return it->second;
    // Few distinct sizes on purpose: each new size costs ~5 ms of glyph loading at start-up,
    // so the home screen (header, greeting, tiles, buttons) uses only the heading's bold size and
    // the body size.
    double size = 26;  // body ≥ 24 px at 1080p
    bool bold = false;
    switch (role) {
        case FontRole::Title: size = 44; bold = true; break;
        case FontRole::Heading: size = 32; bold = true; break;
        case FontRole::Body: size = 26; break;
        case FontRole::Small: size = 22; break;
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
