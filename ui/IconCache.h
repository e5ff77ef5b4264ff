#pragma once
#include <wx/bmpbndl.h>

#include <map>
#include <string>

namespace kiosk::ui {

// SVG icons compiled into the binary (from resources/icons at build time), so showing the
// home screen touches no disk and a missing file cannot leave a blank tile.
class IconCache {
public:
    static wxBitmapBundle get(const std::string& name);
    static wxBitmap bitmap(const std::string& name, int size);
    static bool has(const std::string& name);
};

}  // namespace kiosk::ui
