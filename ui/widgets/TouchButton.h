#pragma once
#include <wx/control.h>

#include <string>

#include "Theme.h"

namespace kiosk::ui {

// A large, flat, high-contrast button for fingers, not mice: at least Theme::minTouch() high,
// an optional icon left of the label, no hover-only states. Sends wxEVT_BUTTON on release.
class TouchButton : public wxControl {
public:
    enum class Style { Primary, Secondary, OnHeader, Toggle };

    TouchButton(wxWindow* parent, const Theme& theme, const wxString& label, const std::string& icon = {},
                Style style = Style::Primary, const wxString& name = "touch-button");

    void setLabel(const wxString& label, const std::string& icon);
    void setChecked(bool checked);
    bool checked() const { return checked_; }
    bool textFits() const { return fits_; }
    bool Enable(bool enable = true) override;
    // What the button is drawn with now (the layout audit measures contrast with them).
    struct Colours {
        wxColour fill, ink, edge;
    };
    Colours colours() const;
    const std::string& iconName() const { return icon_; }
    int iconPixels() const;

protected:
    wxSize DoGetBestSize() const override;

private:
    void onPaint(wxPaintEvent&);
    void onDown(wxMouseEvent&);
    void onUp(wxMouseEvent&);

    const Theme& theme_;
    wxString label_;
    std::string icon_;
    Style style_;
    bool pressed_ = false;
    bool checked_ = false;
    mutable bool fits_ = true;
};

}  // namespace kiosk::ui
