#include "IconCache.h"

#include <string_view>
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
    auto& bundles = cache();
    if (auto it = bundles.find(name); it != bundles.end()) return it->second;
    wxBitmapBundle bundle;
    for (const auto& [key, svg] : embeddedIcons()) {
        if (key == name) {
            bundle = wxBitmapBundle::FromSVG(std::string(svg).c_str(), wxSize(64, 64));
            break;
        }
    }
    bundles.emplace(name, bundle);
    return bundle;
}

wxBitmap IconCache::bitmap(const std::string& name, int size) {
    // Rasterised once per size: tiles repaint on every press, and screens are rebuilt often.
    static std::map<std::pair<std::string, int>, wxBitmap> rendered;
    if (auto it = rendered.find({name, size}); it != rendered.end()) return it->second;
    const auto bundle = get(name);
    if (!bundle.IsOk()) return wxBitmap();
    // GetBitmap() gives the bitmap a scale factor of size/64, which makes GTK draw it at 64
    // logical pixels whatever was asked; the kiosk sizes everything in real pixels.
    wxBitmap bitmap = bundle.GetBitmap(wxSize(size, size));
    bitmap.SetScaleFactor(1.0);
    rendered.emplace(std::make_pair(name, size), bitmap);
    return bitmap;
}

}  // namespace kiosk::ui
