#include "screens/Screen.h"

#include <wx/settings.h>
#include <wx/statbmp.h>

#include <functional>

#include "IconCache.h"
#include "widgets/ScrollStrip.h"
#include "widgets/TileButton.h"

namespace kiosk::ui {

Screen::Screen(wxWindow* parent, const ScreenContext& context, const std::string& id)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, context.area, wxTAB_TRAVERSAL, wxString::FromUTF8(id)),
      ctx_(context), id_(id) {
    SetBackgroundColour(Theme::background());
}

wxSizer* Screen::makeTitleRow(const wxString& title, const std::string& icon, wxWindow* action) {
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    const int iconSize = ctx_.theme.textPx(72);
    if (!icon.empty()) {
        auto* bitmap = new wxStaticBitmap(this, wxID_ANY, IconCache::bitmap(icon, iconSize));
        row->Add(bitmap, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, ctx_.theme.px(20));
    }
    int titleWidth = ctx_.area.x - 2 * margin() - (icon.empty() ? 0 : iconSize + ctx_.theme.px(20));
    if (action) titleWidth -= action->GetBestSize().x + ctx_.theme.px(20);
    auto* label = makeText(this, title, FontRole::Title, titleWidth);
    label->SetName("screen-title");
    row->Add(label, 1, wxALIGN_CENTER_VERTICAL);
    if (action) row->Add(action, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, ctx_.theme.px(20));
    return row;
}

wxScrolledWindow* Screen::makeBody() {
    auto* body = new wxScrolledWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxVSCROLL, "screen-body");
    body->SetBackgroundColour(Theme::background());
    body->SetScrollRate(0, ctx_.theme.px(30));
    return body;
}

void Screen::addBody(wxSizer* column, wxScrolledWindow* body, int top) {
    auto* strip = new ScrollStrip(this, ctx_.theme, body);
    auto* holder = new wxBoxSizer(ctx_.theme.portrait() ? wxVERTICAL : wxHORIZONTAL);
    holder->Add(body, 1, wxEXPAND);
    holder->Add(strip, 0, wxEXPAND);
    column->Add(holder, 1, wxEXPAND | wxTOP, top < 0 ? ctx_.theme.px(8) : top);
}

void Screen::fillBody(wxScrolledWindow* body, wxSizer* content) {
    auto* outer = new wxBoxSizer(wxVERTICAL);
    outer->Add(content, 0, wxALL, margin());
    body->SetSizer(outer, true);
    body->FitInside();
}

wxStaticText* Screen::makeText(wxWindow* parent, const wxString& text, FontRole role, int wrapWidth,
                               const wxColour& colour) {
    auto* label = new wxStaticText(parent, wxID_ANY, wxEmptyString);
    label->SetFont(ctx_.theme.font(role));
    label->SetForegroundColour(colour);
    label->SetLabel(wrapWidth > 0 ? breakLongWords(text, *label, wrapWidth) : text);
    if (wrapWidth > 0) label->Wrap(wrapWidth);
    return label;
}

wxString Screen::breakLongWords(const wxString& text, const wxWindow& measure, int width) {
    // Wrap() breaks only at spaces: a web address or code longer than the line would push the
    // layout wider than the screen, so such words are split where the line ends.
    wxString out;
    wxString word;
    auto flush = [&] {
        while (!word.empty() && measure.GetTextExtent(word).x > width) {
            size_t fit = 1;
            while (fit < word.length() && measure.GetTextExtent(word.Left(fit + 1)).x <= width) ++fit;
            out += word.Left(fit) + "\n";
            word = word.Mid(fit);
        }
        out += word;
        word.clear();
    };
    for (const auto c : text) {
        if (c == ' ' || c == '\n') {
            flush();
            out += c;
        } else {
            word += c;
        }
    }
    flush();
    return out;
}

wxPanel* Screen::makeCard(wxWindow* parent, const wxString& heading, const std::vector<wxString>& items, int width,
                          const std::string& icon) {
    const auto& theme = ctx_.theme;
    auto* card = new wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxBORDER_SIMPLE, "card");
    card->SetBackgroundColour(Theme::surface());
    const int pad = theme.px(24);
    const int inner = width - 2 * pad - 2;
    auto* column = new wxBoxSizer(wxVERTICAL);
    auto* head = new wxBoxSizer(wxHORIZONTAL);
    int headWidth = inner;
    if (!icon.empty()) {
        const int size = theme.textPx(40);
        head->Add(new wxStaticBitmap(card, wxID_ANY, IconCache::bitmap(icon, size)), 0,
                  wxALIGN_CENTER_VERTICAL | wxRIGHT, theme.px(12));
        headWidth -= size + theme.px(12);
    }
    head->Add(makeText(card, heading, FontRole::Heading, headWidth), 1, wxALIGN_CENTER_VERTICAL);
    column->Add(head, 0, wxALL, pad);
    const int bulletWidth = theme.textPx(30);
    for (const auto& item : items) {
        auto* line = new wxBoxSizer(wxHORIZONTAL);
        line->Add(makeText(card, wxString::FromUTF8("\u2022"), FontRole::Body, 0), 0, wxRIGHT, theme.px(4));
        line->Add(makeText(card, item, FontRole::Body, inner - bulletWidth), 1);
        line->SetMinSize(wxSize(inner, -1));
        column->Add(line, 0, wxLEFT | wxRIGHT | wxBOTTOM, pad);
    }
    card->SetSizer(column);
    card->SetMinSize(wxSize(width, -1));
    return card;
}

wxString Screen::readAloudText() const {
    constexpr size_t kMaxChars = 1500;
    wxString text;
    auto append = [&text](wxString piece) {
        piece.Replace("\n", " ");
        piece.Trim(true).Trim(false);
        if (piece.empty()) return;
        // Separate texts by a full stop unless they end a sentence already: espeak-ng pauses there.
        if (!text.empty()) text += wxString(".!?:;").Find(text.Last()) == wxNOT_FOUND ? ". " : " ";
        text += piece;
    };
    std::function<void(const wxWindow*)> walk = [&](const wxWindow* window) {
        for (const wxWindow* child : window->GetChildren()) {
            if (text.length() > kMaxChars) return;
            if (!child->IsShown()) continue;
            if (const auto* label = dynamic_cast<const wxStaticText*>(child)) append(label->GetLabel());
            else if (const auto* tile = dynamic_cast<const TileButton*>(child)) append(tile->GetLabel());  // the choices
            else walk(child);
        }
    };
    walk(this);
    if (text.length() > kMaxChars) {
        const size_t cut = text.find_last_of(".!?", kMaxChars);
        text = text.Left(cut == wxString::npos ? kMaxChars : cut + 1);
    }
    return text;
}

int Screen::bodyWidth() const {
    return ctx_.area.x - 2 * margin() - wxSystemSettings::GetMetric(wxSYS_VSCROLL_X) - ctx_.theme.px(8) -
           ScrollStrip::reservedWidth(ctx_.theme);
}

}  // namespace kiosk::ui
