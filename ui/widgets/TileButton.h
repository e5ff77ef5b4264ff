#pragma once
#include <wx/control.h>

#include <string>

#include "Theme.h"

namespace kiosk::ui {

// A home-screen tile: a big icon over the group's name, wrapped to the tile's width at the
// theme's size (never shrunk: issue 18); the icon takes the room left. textFits() reports
// whether the name fits with an icon of at least a fifth of the tile's height, which the
// GUI tests check on every screen size.
class TileButton : public wxControl {
public:
    TileButton(wxWindow* parent, const Theme& theme, const wxString& label, const std::string& icon,
               const wxColour& accent, const wxString& name);

    bool textFits() const { return fits_; }
    int textPixels() const { return textPixels_; }  // the label's font as last drawn
    const std::string& iconName() const { return icon_; }
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
    int textPixels_ = 0;
};

}  // namespace kiosk::ui
