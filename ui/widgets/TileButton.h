#pragma once
#include <wx/control.h>

#include <string>

#include "Theme.h"

namespace kiosk::ui {

// A home-screen tile: a big icon over the group's name, wrapped to the tile's width. If the
// name does not fit at the theme's size the font steps down (to 70% at most); textFits()
// reports whether it fits in the end, which the GUI tests check on every screen size.
class TileButton : public wxControl {
public:
    TileButton(wxWindow* parent, const Theme& theme, const wxString& label, const std::string& icon,
               const wxColour& accent, const wxString& name);

    bool textFits() const { return fits_; }
    void setBadge(const std::string& icon);  // e.g. the pinned star; empty for none

private:
    void onPaint(wxPaintEvent&);
    void onUp(wxMouseEvent&);

    const Theme& theme_;
    wxString label_;
    std::string icon_;
    std::string badge_;
    wxColour accent_;
    bool pressed_ = false;
    bool fits_ = true;
};

}  // namespace kiosk::ui
