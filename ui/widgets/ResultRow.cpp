#include "widgets/ResultRow.h"

#include <wx/sizer.h>
#include <wx/stattext.h>

#include "Accessibility.h"

namespace kiosk::ui {
namespace {
// A list row is a summary: long source text (a paragraph saved where an address belongs) is
// cut at a word, with "…"; the detail page has all of it.
wxString summary(const wxString& text, std::size_t maxChars = 160) {
    wxString flat = text;
    flat.Replace("\n", " ");
    if (flat.length() <= maxChars) return flat;
    std::size_t cut = flat.rfind(' ', maxChars);
    if (cut == wxString::npos || cut < maxChars / 2) cut = maxChars;
    return flat.Left(cut).Trim() + wxString::FromUTF8("\u2026");
}
}  // namespace

ResultRow::ResultRow(wxWindow* parent, const Theme& theme, const wxString& name, const wxString& address,
                     const wxString& facts, int width, std::function<void()> onOpen)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxBORDER_SIMPLE, "result-row"),
      onOpen_(std::move(onOpen)) {
    SetBackgroundColour(Theme::surface());
    const int pad = theme.px(18);
    const int inner = width - 2 * pad - 2;
    auto* column = new wxBoxSizer(wxVERTICAL);
    auto addLabel = [&](const wxString& text, FontRole role, const wxColour& colour) {
        if (text.empty()) return;
        auto* label = new wxStaticText(this, wxID_ANY, summary(text));
        label->SetFont(theme.font(role));
        label->SetForegroundColour(colour);
        label->Wrap(inner);
        column->Add(label, 0, wxLEFT | wxRIGHT | wxTOP, pad);
    };
    addLabel(name, FontRole::Heading, Theme::accent());
    addLabel(address, FontRole::Body, Theme::text());
    addLabel(facts, FontRole::Body, Theme::mutedText());
    column->AddSpacer(pad);
    SetSizer(column);
    // Only the width is fixed: the height follows the labels once GTK has measured their fonts.
    SetMinSize(wxSize(width, -1));
    SetLabel(name);
    setAccessible(this, address.empty() ? name : name + ", " + summary(address), AccessibleRole::Button);
    bindTouch(this);
    for (auto* child : GetChildren()) bindTouch(child);
}

void ResultRow::cancelPress() {
    if (!pressed_) return;
    pressed_ = false;
    SetBackgroundColour(Theme::surface());
    Refresh();
}

void ResultRow::bindTouch(wxWindow* window) {
    window->Bind(wxEVT_LEFT_DOWN, [this](wxMouseEvent&) {
        pressed_ = true;
        SetBackgroundColour(Theme::palette().selectedRow);
        Refresh();
    });
    window->Bind(wxEVT_LEFT_UP, [this](wxMouseEvent&) {
        const bool open = pressed_;
        pressed_ = false;
        SetBackgroundColour(Theme::surface());
        Refresh();
        if (open && onOpen_) onOpen_();
    });
}

}  // namespace kiosk::ui
