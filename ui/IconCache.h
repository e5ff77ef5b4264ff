#pragma once
#include <wx/bmpbndl.h>

#include <map>
#include <string>
#include <tuple>

namespace kiosk::ui {

// SVG icons compiled into the binary (from resources/icons at build time), so showing the
// home screen touches no disk and a missing file cannot leave a blank tile.
class IconCache {
public:
    // Colours made to stand out 3:1 from the theme's cards (IconCache.cpp); the buttons' navy
    // drawn in the theme's navy (yellow in high contrast), or in `ink` for an icon on a button.
    static wxBitmapBundle get(const std::string& name);
    static wxBitmapBundle get(const std::string& name, const wxColour& ink);
    static wxBitmap bitmap(const std::string& name, int size);
    static wxBitmap bitmap(const std::string& name, int size, const wxColour& ink);
    static bool has(const std::string& name);
};

}  // namespace kiosk::ui
