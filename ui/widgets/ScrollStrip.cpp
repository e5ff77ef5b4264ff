#include "widgets/ScrollStrip.h"

#include <wx/dcbuffer.h>
#include <wx/intl.h>
#include <wx/sizer.h>

#include <algorithm>

#include "Accessibility.h"
#include "widgets/TouchButton.h"

namespace kiosk::ui {

// A thick, always visible track with a thumb the size of the visible share of the content.
class ScrollStrip::Track : public wxPanel {
public:
    Track(wxWindow* parent, const Theme& theme, wxScrolledWindow* body)
        : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxBORDER_NONE, "scroll-track"), theme_(theme),
          body_(body) {
        SetBackgroundStyle(wxBG_STYLE_PAINT);
        SetMinSize(wxSize(theme.px(22), theme.px(40)));
        Bind(wxEVT_PAINT, [this](wxPaintEvent&) { paint(); });
    }

private:
    void paint() {
        wxAutoBufferedPaintDC dc(this);
        dc.SetBackground(wxBrush(GetParent()->GetBackgroundColour()));
        dc.Clear();
        const wxSize size = GetClientSize();
        const ScrollView view = scrollViewOf(*body_);
        const int width = std::min(size.x, theme_.px(22));
        const int x = (size.x - width) / 2;
        // The track's edge and the thumb both stand 3:1 against the background (WCAG 1.4.11).
        dc.SetPen(wxPen(Theme::border(), std::max(1, theme_.px(2))));
        dc.SetBrush(wxBrush(Theme::surface()));
        dc.DrawRoundedRectangle(x, 0, width, size.y, width / 2);
        if (!view.scrollable()) return;
        const int thumb = std::max(width * 2, size.y * view.height / view.total);
        const int top = (size.y - thumb) * view.top / std::max(1, view.total - view.height);
        dc.SetPen(*wxTRANSPARENT_PEN);
        dc.SetBrush(wxBrush(Theme::accent()));
        dc.DrawRoundedRectangle(x, std::clamp(top, 0, size.y - thumb), width, thumb, width / 2);
    }

    const Theme& theme_;
    wxScrolledWindow* body_;
};

ScrollStrip::ScrollStrip(wxWindow* parent, const Theme& theme, wxScrolledWindow* body)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxBORDER_NONE, "scroll-strip"), theme_(theme),
      body_(body) {
    SetBackgroundColour(parent->GetBackgroundColour());
    const bool portrait = theme.portrait();
    up_ = new TouchButton(this, theme, portrait ? _("Up") : wxString(), "scroll-up", TouchButton::Style::Secondary,
                          "scroll-up");
    down_ = new TouchButton(this, theme, portrait ? _("Down") : wxString(), "scroll-down",
                            TouchButton::Style::Secondary, "scroll-down");
    up_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { page(-1); });
    down_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { page(1); });
    if (portrait) {
        auto* row = new wxBoxSizer(wxHORIZONTAL);
        more_ = new wxStaticText(this, wxID_ANY, _("More below: drag up or touch Down"), wxDefaultPosition,
                                 wxDefaultSize, wxALIGN_CENTRE_HORIZONTAL, "scroll-more");
        more_->SetFont(theme.font(FontRole::Body));
        more_->SetForegroundColour(Theme::text());
        // Wrapped to what the two buttons leave of the row, never cut.
        more_->Wrap(theme.screen().x - 2 * theme.px(16) - up_->GetBestSize().x - down_->GetBestSize().x -
                    2 * theme.gap() - theme.px(64));
        row->Add(up_, 0, wxALIGN_CENTER_VERTICAL);
        row->Add(more_, 1, wxALIGN_CENTER_VERTICAL | wxLEFT | wxRIGHT, theme.gap());
        row->Add(down_, 0, wxALIGN_CENTER_VERTICAL);
        auto* outer = new wxBoxSizer(wxVERTICAL);
        outer->Add(row, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP | wxBOTTOM, theme.px(16));
        SetSizer(outer);
    } else {
        // Icon-only buttons, square and at least a finger wide, over a track as tall as is left.
        setAccessible(up_, _("Up"), AccessibleRole::Button);
        setAccessible(down_, _("Down"), AccessibleRole::Button);
        const int side = std::max(theme.minTouch(), up_->GetBestSize().y);
        up_->SetMinSize(wxSize(side, side));
        down_->SetMinSize(wxSize(side, side));
        track_ = new Track(this, theme, body);
        auto* column = new wxBoxSizer(wxVERTICAL);
        column->Add(up_, 0, wxALIGN_CENTER_HORIZONTAL | wxTOP, theme.px(8));
        column->Add(track_, 1, wxEXPAND | wxTOP | wxBOTTOM, theme.gap());
        column->Add(down_, 0, wxALIGN_CENTER_HORIZONTAL | wxBOTTOM, theme.px(8));
        SetSizer(column);
        SetMinSize(wxSize(reservedWidth(theme), -1));
    }
    up_->Hide();
    down_->Hide();
    if (more_) {
        more_->Hide();
        Hide();
    }
    if (track_) track_->Hide();

    // CallAfter on this window: a pending call dies with the strip (wxEvtHandler drops it).
    body_->Bind(wxEVT_SIZE, [this](wxSizeEvent& event) {
        event.Skip();
        CallAfter([this] { update(); });
    });
    // Content that changes (a search, a page that grows) repaints the body; a scroll too.
    body_->Bind(wxEVT_PAINT, [this](wxPaintEvent& event) {
        event.Skip();
        if (updating_) return;
        updating_ = true;
        CallAfter([this] {
            update();
            updating_ = false;
        });
    });
}

int ScrollStrip::reservedWidth(const Theme& theme) {
    return theme.portrait() ? 0 : theme.minTouch() + 2 * theme.px(10);
}

ScrollView scrollViewOf(const wxScrolledWindow& body) {
    int unitX = 0, unitY = 0, startX = 0, startY = 0;
    body.GetScrollPixelsPerUnit(&unitX, &unitY);
    body.GetViewStart(&startX, &startY);
    return {startY * unitY, body.GetClientSize().y, body.GetVirtualSize().y, unitY};
}

void ScrollStrip::page(int direction) {
    const ScrollView view = scrollViewOf(*body_);
    if (view.unit <= 0) return;
    const int step = std::max(1, view.height * 4 / 5 / view.unit);
    body_->Scroll(-1, std::max(0, view.top / view.unit + direction * step));
    update();
}

void ScrollStrip::update() {
    const ScrollView view = scrollViewOf(*body_);
    const bool scrollable = body_->IsShown() && view.scrollable();
    if (view == last_ && scrollable == scrollable_) return;
    last_ = view;
    const bool changed = scrollable != scrollable_;
    scrollable_ = scrollable;
    // A body squeezed shorter than the two buttons (the keyboard is up in landscape) keeps the
    // track alone as its sign; the buttons come back when the keyboard goes.
    bool buttons = scrollable;
    if (track_ && scrollable) {
        const int need = up_->GetMinSize().y + down_->GetMinSize().y + 2 * theme_.gap() + theme_.px(40) + theme_.px(16);
        buttons = view.height >= need;
    }
    const bool buttonsChanged = buttons != up_->IsShown();
    up_->Show(buttons);
    down_->Show(buttons);
    up_->Enable(scrollable && !view.atTop());
    down_->Enable(scrollable && !view.atBottom());
    if (more_) more_->Show(scrollable && !view.atBottom());
    if (track_) {
        track_->Show(scrollable);
        track_->Refresh();
    }
    if (more_) Show(scrollable);  // in portrait the whole row comes and goes
    if (changed || buttonsChanged) {
        Layout();
        // In portrait the strip takes or gives back a row under the body.
        if (GetParent()) GetParent()->Layout();
    }
}

}  // namespace kiosk::ui
