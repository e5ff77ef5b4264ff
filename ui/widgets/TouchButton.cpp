#include "widgets/TouchButton.h"

#include <wx/dcbuffer.h>

#include "Accessibility.h"
#include "IconCache.h"

namespace kiosk::ui {

TouchButton::TouchButton(wxWindow* parent, const Theme& theme, const wxString& label, const std::string& icon,
                         Style style, const wxString& name)
    : wxControl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxBORDER_NONE, wxDefaultValidator, name),
      theme_(theme), label_(label), icon_(icon), style_(style) {
    SetBackgroundStyle(wxBG_STYLE_PAINT);
    SetFont(theme.font(FontRole::Button));
    SetLabel(label);
    setAccessible(this, label, style == Style::Toggle ? AccessibleRole::ToggleButton : AccessibleRole::Button);
    SetMinSize(DoGetBestSize());
    Bind(wxEVT_PAINT, &TouchButton::onPaint, this);
    Bind(wxEVT_LEFT_DOWN, &TouchButton::onDown, this);
    Bind(wxEVT_LEFT_UP, &TouchButton::onUp, this);
    Bind(wxEVT_MOUSE_CAPTURE_LOST, [this](wxMouseCaptureLostEvent&) { pressed_ = false; Refresh(); });
}

void TouchButton::setLabel(const wxString& label, const std::string& icon) {
    label_ = label;
    icon_ = icon;
    SetLabel(label);
    setAccessible(this, label, style_ == Style::Toggle ? AccessibleRole::ToggleButton : AccessibleRole::Button);
    SetMinSize(DoGetBestSize());
    InvalidateBestSize();
    Refresh();
}

void TouchButton::setChecked(bool checked) {
    checked_ = checked;
    Refresh();
}

bool TouchButton::Enable(bool enable) {
    const bool changed = wxControl::Enable(enable);
    Refresh();
    return changed;
}

wxSize TouchButton::DoGetBestSize() const {
    wxClientDC dc(const_cast<TouchButton*>(this));
    dc.SetFont(GetFont());
    const wxSize text = dc.GetMultiLineTextExtent(label_);
    const int iconSize = icon_.empty() ? 0 : theme_.textPx(36);
    const int pad = theme_.px(24);
    const int width = std::max(theme_.minTouch(), text.x + 2 * pad + (iconSize ? iconSize + theme_.px(14) : 0));
    const int height = std::max({theme_.minTouch(), text.y + theme_.px(24), iconSize + theme_.px(20)});
    return wxSize(width, height);
}

TouchButton::Colours TouchButton::colours() const {
    const Palette& colours = Theme::palette();
    wxColour fill = colours.accent;
    wxColour ink = colours.onAccent;
    wxColour edge = fill;
    switch (style_) {
        case Style::Primary: break;
        case Style::Secondary: fill = colours.surface; ink = colours.accent; edge = colours.accent; break;
        case Style::OnHeader: fill = colours.headerButton; ink = colours.onPrimary; edge = colours.onPrimary; break;
        case Style::Toggle:
            fill = checked_ ? colours.accent : colours.surface;
            ink = checked_ ? colours.onAccent : colours.accent;
            edge = colours.accent;
            break;
    }
    if (!IsEnabled()) {
        fill = colours.disabledFill;
        ink = colours.disabledInk;
        edge = colours.highContrast ? colours.disabledInk : fill;
    } else if (pressed_) {
        fill = colours.highContrast ? colours.selectedRow : fill.ChangeLightness(style_ == Style::Secondary ? 90 : 75);
    }
    return {fill, ink, edge};
}

int TouchButton::iconPixels() const {
    return icon_.empty() ? 0 : theme_.textPx(36);
}

void TouchButton::onPaint(wxPaintEvent&) {
    // On GTK 3 a paint DC already draws with cairo, anti-aliased and double-buffered.
    wxAutoBufferedPaintDC dc(this);
    const wxSize size = GetClientSize();
    dc.SetBackground(wxBrush(GetParent()->GetBackgroundColour()));
    dc.Clear();

    const auto [fill, ink, edge] = colours();
    const int radius = theme_.px(14);
    dc.SetPen(wxPen(edge, std::max(2, theme_.px(3))));
    dc.SetBrush(wxBrush(fill));
    dc.DrawRoundedRectangle(1, 1, size.x - 2, size.y - 2, radius);

    dc.SetFont(GetFont());
    dc.SetTextForeground(ink);
    const wxSize text = dc.GetMultiLineTextExtent(label_);
    const int iconSize = icon_.empty() ? 0 : theme_.textPx(36);
    const int gap = iconSize ? theme_.px(14) : 0;
    const int contentWidth = text.x + iconSize + gap;
    int x = (size.x - contentWidth) / 2;
    fits_ = contentWidth + 2 * theme_.px(8) <= size.x && text.y <= size.y;
    if (iconSize) {
        const wxBitmap icon = IconCache::bitmap(icon_, iconSize, ink);
        if (icon.IsOk()) dc.DrawBitmap(icon, x, (size.y - iconSize) / 2, true);
        x += iconSize + gap;
    }
    dc.DrawText(label_, x, (size.y - text.y) / 2);
}

void TouchButton::onDown(wxMouseEvent&) {
    if (!IsEnabled()) return;
    pressed_ = true;
    if (!HasCapture()) CaptureMouse();
    Refresh();
}

void TouchButton::onUp(wxMouseEvent& event) {
    if (HasCapture()) ReleaseMouse();
    const bool wasPressed = pressed_;
    pressed_ = false;
    Refresh();
    if (!wasPressed || !IsEnabled() || !GetClientRect().Contains(event.GetPosition())) return;
    wxCommandEvent click(wxEVT_BUTTON, GetId());
    click.SetEventObject(this);
    ProcessWindowEvent(click);
}

}  // namespace kiosk::ui
