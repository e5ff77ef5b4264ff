#include "widgets/TileButton.h"

#include <wx/dcbuffer.h>

#include <algorithm>

#include "Accessibility.h"
#include "IconCache.h"
#include "widgets/TextWrap.h"

namespace kiosk::ui {

TileButton::TileButton(wxWindow* parent, const Theme& theme, const wxString& label, const std::string& icon,
                       const wxColour& accent, const wxString& name)
    : wxControl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxBORDER_NONE, wxDefaultValidator, name),
      theme_(theme), label_(label), icon_(icon), accent_(accent) {
    SetBackgroundStyle(wxBG_STYLE_PAINT);
    SetLabel(label);
    setAccessible(this, label, AccessibleRole::Button);
    SetMinSize(wxSize(theme.px(150), theme.px(150)));
    Bind(wxEVT_PAINT, &TileButton::onPaint, this);
    Bind(wxEVT_LEFT_DOWN, [this](wxMouseEvent&) {
        pressed_ = true;
        if (!HasCapture()) CaptureMouse();
        Refresh();
    });
    Bind(wxEVT_LEFT_UP, &TileButton::onUp, this);
    Bind(wxEVT_MOUSE_CAPTURE_LOST, [this](wxMouseCaptureLostEvent&) { pressed_ = false; Refresh(); });
}

void TileButton::setBadge(const std::string& icon) {
    badge_ = icon;
    Refresh();
}

void TileButton::onPaint(wxPaintEvent&) {
    // On GTK 3 a paint DC already draws with cairo, anti-aliased and double-buffered.
    wxAutoBufferedPaintDC dc(this);
    const wxSize size = GetClientSize();
    dc.SetBackground(wxBrush(GetParent()->GetBackgroundColour()));
    dc.Clear();

    const int radius = theme_.px(20);
    const int edge = std::max(2, theme_.px(3));
    dc.SetPen(wxPen(pressed_ ? accent_ : Theme::border(), edge));
    dc.SetBrush(wxBrush(pressed_ ? accent_.ChangeLightness(185) : Theme::surface()));
    dc.DrawRoundedRectangle(edge, edge, size.x - 2 * edge, size.y - 2 * edge, radius);
    // A coloured band on top ties the tile to its icon's colour without hiding the text.
    dc.SetPen(*wxTRANSPARENT_PEN);
    dc.SetBrush(wxBrush(accent_));
    dc.DrawRoundedRectangle(edge, edge, size.x - 2 * edge, theme_.px(12), theme_.px(6));

    const int pad = theme_.px(14);
    const int textWidth = size.x - 2 * pad;
    // The label keeps the theme's size and wraps (an elderly reader chose that size); the icon
    // takes the room left, down to a fifth of the tile's height.
    wxFont font = theme_.font(FontRole::Tile);
    dc.SetFont(font);
    const WrappedText wrapped = wrapText(dc, label_, textWidth);
    const int spaceForIcon = size.y - 2 * pad - wrapped.height - theme_.px(14);
    int iconSize = std::min({spaceForIcon, size.x * 55 / 100, theme_.px(128)});
    fits_ = wrapped.fits && iconSize >= size.y * 20 / 100;
    iconSize = std::max(iconSize, 0);
    textPixels_ = font.GetPixelSize().y;
    const int blockHeight = iconSize + theme_.px(14) + wrapped.height;
    int y = std::max(pad, (size.y - blockHeight) / 2 + theme_.px(6));
    if (iconSize > 0) {
        const wxBitmap icon = IconCache::bitmap(icon_, iconSize);
        if (icon.IsOk()) dc.DrawBitmap(icon, (size.x - iconSize) / 2, y, true);
    }
    y += iconSize + theme_.px(14);
    dc.SetTextForeground(Theme::text());
    const int lineHeight = dc.GetCharHeight();
    for (const auto& line : wrapped.lines) {
        const int w = dc.GetTextExtent(line).x;
        dc.DrawText(line, (size.x - w) / 2, y);
        y += lineHeight;
    }
    if (y > size.y - edge) fits_ = false;

    if (!badge_.empty()) {
        const int badgeSize = theme_.px(44);
        const wxBitmap badge = IconCache::bitmap(badge_, badgeSize);
        if (badge.IsOk()) dc.DrawBitmap(badge, size.x - badgeSize - pad, pad + theme_.px(6), true);
    }
}

void TileButton::onUp(wxMouseEvent& event) {
    if (HasCapture()) ReleaseMouse();
    const bool wasPressed = pressed_;
    pressed_ = false;
    Refresh();
    if (!wasPressed || !GetClientRect().Contains(event.GetPosition())) return;
    wxCommandEvent click(wxEVT_BUTTON, GetId());
    click.SetEventObject(this);
    ProcessWindowEvent(click);
}

}  // namespace kiosk::ui
