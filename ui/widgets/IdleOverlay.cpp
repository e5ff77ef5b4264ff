#include "widgets/IdleOverlay.h"

#include <wx/frame.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/statbmp.h>

#include "IconCache.h"
#include "widgets/TextWrap.h"
#include "widgets/TouchButton.h"

namespace kiosk::ui {

IdleOverlay::IdleOverlay(wxWindow* parent, const Theme& theme, std::function<void()> onContinue)
    : wxDialog(parent, wxID_ANY, _("Are you still there?"), wxDefaultPosition, wxDefaultSize,
               wxBORDER_SIMPLE | wxSTAY_ON_TOP | wxFRAME_FLOAT_ON_PARENT, "idle-overlay"),
      theme_(theme) {
    SetBackgroundColour(Theme::warningBg());
    const int pad = theme.px(40);
    const int width = std::min(theme.screen().x - 2 * pad, theme.px(1000));
    auto* column = new wxBoxSizer(wxVERTICAL);
    auto* head = new wxBoxSizer(wxHORIZONTAL);
    const int iconSize = theme.textPx(80);
    head->Add(new wxStaticBitmap(this, wxID_ANY, IconCache::bitmap("warning", iconSize)), 0,
              wxALIGN_CENTER_VERTICAL | wxRIGHT, theme.px(20));
    auto* title = new wxStaticText(this, wxID_ANY, _("Are you still there?"));
    title->SetFont(theme.font(FontRole::Title));
    title->SetForegroundColour(Theme::text());
    title->Wrap(width - iconSize - theme.px(20));
    title->SetMinSize(textExtentIn(*title, title->GetLabel()));
    head->Add(title, 1, wxALIGN_CENTER_VERTICAL);
    column->Add(head, 0, wxALL, pad);

    message_ = new wxStaticText(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize, 0, "idle-message");
    message_->SetFont(theme.font(FontRole::Heading));
    message_->SetForegroundColour(Theme::text());
    column->Add(message_, 0, wxLEFT | wxRIGHT, pad);
    column->SetItemMinSize(message_, wxSize(width, -1));

    auto* button = new TouchButton(this, theme, _("I am still here"), {}, TouchButton::Style::Primary, "idle-continue");
    button->Bind(wxEVT_BUTTON, [onContinue](wxCommandEvent&) { onContinue(); });
    column->Add(button, 0, wxALIGN_CENTER_HORIZONTAL | wxALL, pad);
    SetSizer(column);
    showCountdown(99);
}

void IdleOverlay::showCountdown(int secondsLeft) {
    if (secondsLeft == shownSeconds_) return;
    shownSeconds_ = secondsLeft;
    const int pad = theme_.px(40);
    const int width = std::min(theme_.screen().x - 2 * pad, theme_.px(1000));
    message_->SetLabel(wxString::Format(
        wxPLURAL("For your privacy the kiosk will clear your information and return to the home screen in %d second. "
                 "Touch the screen to continue.",
                 "For your privacy the kiosk will clear your information and return to the home screen in %d seconds. "
                 "Touch the screen to continue.",
                 secondsLeft),
        secondsLeft));
    message_->Wrap(width);
    // The overlay must fit the wrapped text now, at any text size.
    message_->SetMinSize(wxSize(width, textExtentIn(*message_, message_->GetLabel()).y));
    Fit();
    Layout();
    CentreOnParent();
}

}  // namespace kiosk::ui
