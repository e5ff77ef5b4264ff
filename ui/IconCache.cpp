#include "IconCache.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <utility>
#include <vector>

#include "Theme.h"

namespace kiosk::ui {
// Defined in the generated IconData.cpp.
const std::vector<std::pair<std::string_view, std::string_view>>& embeddedIcons();

namespace {
double linear(unsigned char value) {
    const double c = value / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double contrast(const wxColour& a, const wxColour& b) {
    auto lum = [](const wxColour& c) { return 0.2126 * linear(c.Red()) + 0.7152 * linear(c.Green()) + 0.0722 * linear(c.Blue()); };
    const double la = lum(a);
    const double lb = lum(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// Icons are drawn for a white card. A colour that would not stand out 3:1 from what the theme
// draws icons on (WCAG 1.4.11: a yellow star on white, a brown roof on black) is made darker,
// or lighter in high contrast, keeping its hue; white details inside a shape stay white on the
// standard theme, and the buttons' navy becomes `ink` (the colour of the button's text).
std::string adjustColours(std::string svg, bool highContrast, const wxColour& ink) {
    const wxColour ground = highContrast ? *wxBLACK : *wxWHITE;
    for (std::size_t at = svg.find('#'); at != std::string::npos; at = svg.find('#', at + 1)) {
        if (at + 7 > svg.size()) break;
        const std::string hex = svg.substr(at, 7);
        if (!std::all_of(hex.begin() + 1, hex.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }))
            continue;
        wxColour colour(wxString::FromAscii(hex.c_str()));
        if (!colour.IsOk()) continue;
        if (hex == "#1A237E" || hex == "#1a237e") colour = ink;
        else if (!highContrast && colour == *wxWHITE) continue;
        for (int step = 0; step < 12 && contrast(colour, ground) < 3.2; ++step)
            colour = colour.ChangeLightness(highContrast ? 125 : 80);
        char replaced[8];
        std::snprintf(replaced, sizeof replaced, "#%02X%02X%02X", colour.Red(), colour.Green(), colour.Blue());
        svg.replace(at, 7, replaced);
    }
    return svg;
}

std::map<std::string, wxBitmapBundle>& cache() {
    static std::map<std::string, wxBitmapBundle> bundles;
    return bundles;
}
}  // namespace

bool IconCache::has(const std::string& name) {
    for (const auto& [key, svg] : embeddedIcons())
        if (key == name) return true;
    return false;
}

wxBitmapBundle IconCache::get(const std::string& name) {
    return get(name, Theme::palette().highContrast ? wxColour(0xFF, 0xFF, 0x00) : wxColour(0x1A, 0x23, 0x7E));
}

wxBitmapBundle IconCache::get(const std::string& name, const wxColour& ink) {
    const bool contrast = Theme::palette().highContrast;
    const std::string cacheKey = name + (contrast ? "#hc" : "") + ink.GetAsString(wxC2S_HTML_SYNTAX).utf8_string();
    auto& bundles = cache();
    if (auto it = bundles.find(cacheKey); it != bundles.end()) return it->second;
    wxBitmapBundle bundle;
    for (const auto& [key, svg] : embeddedIcons()) {
        if (key == name) {
            const std::string text = adjustColours(std::string(svg), contrast, ink);
            bundle = wxBitmapBundle::FromSVG(text.c_str(), wxSize(64, 64));
            break;
        }
    }
    bundles.emplace(cacheKey, bundle);
    return bundle;
}

wxBitmap IconCache::bitmap(const std::string& name, int size) {
    return bitmap(name, size, Theme::palette().highContrast ? wxColour(0xFF, 0xFF, 0x00) : wxColour(0x1A, 0x23, 0x7E));
}

wxBitmap IconCache::bitmap(const std::string& name, int size, const wxColour& ink) {
    // Rasterised once per size and colour: tiles repaint on every press, and screens are rebuilt often.
    static std::map<std::tuple<std::string, int, bool, unsigned long>, wxBitmap> rendered;
    const auto cacheKey = std::make_tuple(name, size, Theme::palette().highContrast, static_cast<unsigned long>(ink.GetRGB()));
    if (auto it = rendered.find(cacheKey); it != rendered.end()) return it->second;
    const auto bundle = get(name, ink);
    if (!bundle.IsOk()) return wxBitmap();
    // GetBitmap() gives the bitmap a scale factor of size/64, which makes GTK draw it at 64
    // logical pixels whatever was asked; the kiosk sizes everything in real pixels.
    wxBitmap bitmap = bundle.GetBitmap(wxSize(size, size));
    bitmap.SetScaleFactor(1.0);
    rendered.emplace(cacheKey, bitmap);
    return bitmap;
}

}  // namespace kiosk::ui
