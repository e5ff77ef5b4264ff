#include "IconCache.h"

#include <string_view>

#include "Theme.h"
#include <utility>
#include <vector>

namespace kiosk::ui {
// Defined in the generated IconData.cpp.
const std::vector<std::pair<std::string_view, std::string_view>>& embeddedIcons();

namespace {
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
    // Icons drawn in the buttons' navy would vanish on high contrast's black: there they take
    // the theme's yellow instead. Both versions are cached.
    const bool contrast = Theme::palette().highContrast;
    const std::string cacheKey = contrast ? name + "#hc" : name;
    auto& bundles = cache();
    if (auto it = bundles.find(cacheKey); it != bundles.end()) return it->second;
    wxBitmapBundle bundle;
    for (const auto& [key, svg] : embeddedIcons()) {
        if (key == name) {
            std::string text(svg);
            if (contrast)
                for (auto at = text.find("#1A237E"); at != std::string::npos; at = text.find("#1A237E", at))
                    text.replace(at, 7, "#FFFF00");
            bundle = wxBitmapBundle::FromSVG(text.c_str(), wxSize(64, 64));
            break;
        }
    }
    bundles.emplace(cacheKey, bundle);
    return bundle;
}

wxBitmap IconCache::bitmap(const std::string& name, int size) {
    // Rasterised once per size: tiles repaint on every press, and screens are rebuilt often.
    static std::map<std::pair<std::string, int>, wxBitmap> rendered;
    const std::string cacheKey = Theme::palette().highContrast ? name + "#hc" : name;
    if (auto it = rendered.find({cacheKey, size}); it != rendered.end()) return it->second;
    const auto bundle = get(name);
    if (!bundle.IsOk()) return wxBitmap();
    // GetBitmap() gives the bitmap a scale factor of size/64, which makes GTK draw it at 64
    // logical pixels whatever was asked; the kiosk sizes everything in real pixels.
    wxBitmap bitmap = bundle.GetBitmap(wxSize(size, size));
    bitmap.SetScaleFactor(1.0);
    rendered.emplace(std::make_pair(cacheKey, size), bitmap);
    return bitmap;
}

}  // namespace kiosk::ui
