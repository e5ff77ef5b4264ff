#include "widgets/OnScreenKeyboard.h"

#include <wx/dcbuffer.h>
#include <wx/intl.h>
#include <wx/sizer.h>

#include <algorithm>

#include "Accessibility.h"

namespace kiosk::ui {
namespace {

constexpr int kHoldMs = 500;

// Lower-case letters as keys; upper case is sent when the capitals key is on.
const char* const kLetterRows[] = {"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm,./"};

// What a key adds in Telex or VNI, written small under the letter, so a resident who half
// remembers the method need not guess.
wxString markHint(InputMethod method, char key) {
    if (method == InputMethod::Telex) {
        switch (key) {
            case 's': return _("acute");
            case 'f': return _("grave");
            case 'r': return _("hook");
            case 'x': return _("tilde");
            case 'j': return _("dot");
            case 'z': return _("no tone");
            case 'a': return wxString::FromUTF8("â");
            case 'e': return wxString::FromUTF8("ê");
            case 'o': return wxString::FromUTF8("ô");
            case 'w': return wxString::FromUTF8("ă ơ ư");
            case 'd': return wxString::FromUTF8("đ");
            default: return {};
        }
    }
    if (method == InputMethod::Vni) {
        switch (key) {
            case '1': return _("acute");
            case '2': return _("grave");
            case '3': return _("hook");
            case '4': return _("tilde");
            case '5': return _("dot");
            case '6': return wxString::FromUTF8("â ê ô");
            case '7': return wxString::FromUTF8("ơ ư");
            case '8': return wxString::FromUTF8("ă");
            case '9': return wxString::FromUTF8("đ");
            case '0': return _("no tone");
            default: return {};
        }
    }
    // Simple: the keys that have accented forms say so.
    return wxString("aeiouyd").Find(key) != wxNOT_FOUND ? wxString::FromUTF8("\u2022\u2022\u2022") : wxString();
}

wxString methodName(InputMethod method) {
    switch (method) {
        case InputMethod::Telex: return "Telex";
        case InputMethod::Vni: return "VNI";
        case InputMethod::Simple: return _("Accents by holding");
    }
    return {};
}

}  // namespace

KeyButton::KeyButton(wxWindow* parent, const Theme& theme, const wxString& label, Kind kind, const wxString& name,
                     const wxString& spokenName, const wxString& hint)
    : wxWindow(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxBORDER_NONE, name),
      theme_(theme), label_(label), hint_(hint), kind_(kind), hold_(this) {
    SetBackgroundStyle(wxBG_STYLE_PAINT);
    setAccessible(this, spokenName, AccessibleRole::Key, hint);
    Bind(wxEVT_PAINT, &KeyButton::onPaint, this);
    Bind(wxEVT_LEFT_DOWN, &KeyButton::onDown, this);
    Bind(wxEVT_LEFT_DCLICK, &KeyButton::onDown, this);  // a quick second tap is a second key press
    Bind(wxEVT_LEFT_UP, &KeyButton::onUp, this);
    Bind(wxEVT_MOUSE_CAPTURE_LOST, [this](wxMouseCaptureLostEvent&) {
        pressed_ = false;
        hold_.Stop();
        Refresh();
    });
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) {
        if (!pressed_ || !onLongPress) return;
        longFired_ = true;
        pressed_ = false;
        Refresh();
        onLongPress();
    });
}

void KeyButton::setLatched(bool latched) {
    latched_ = latched;
    Refresh();
}

void KeyButton::onPaint(wxPaintEvent&) {
    wxAutoBufferedPaintDC dc(this);
    const Palette& colours = Theme::palette();
    const wxSize size = GetClientSize();
    dc.SetBackground(wxBrush(GetParent()->GetBackgroundColour()));
    dc.Clear();
    wxColour fill = kind_ == Kind::Letter ? colours.keyFill : kind_ == Kind::Form ? colours.surface : colours.specialKeyFill;
    wxColour ink = colours.keyInk;
    if (pressed_ || latched_) {
        fill = colours.accent;
        ink = colours.onAccent;
    }
    dc.SetPen(wxPen(colours.highContrast ? colours.border : colours.border.ChangeLightness(80), std::max(1, theme_.px(2))));
    dc.SetBrush(wxBrush(fill));
    dc.DrawRoundedRectangle(1, 1, size.x - 2, size.y - 2, theme_.px(10));

    // The label in the key's font, shrunk until it fits: "Ẩn bàn phím" must fit in extra large.
    const bool letter = kind_ != Kind::Special;
    wxFont font = theme_.font(letter ? FontRole::Heading : FontRole::Button);
    const int hintHeight = hint_.empty() ? 0 : size.y * 28 / 100;
    const int room = size.x - 2 * theme_.px(8);
    int pixel = font.GetPixelSize().y;
    const int maxPixel = std::max(10, (size.y - hintHeight) * 62 / 100);
    pixel = std::min(pixel, maxPixel);
    wxSize extent;
    for (;;) {
        font.SetPixelSize(wxSize(0, pixel));
        dc.SetFont(font);
        extent = dc.GetMultiLineTextExtent(label_);
        if ((extent.x <= room && extent.y <= size.y - hintHeight) || pixel <= 10) break;
        pixel = pixel * 9 / 10;
    }
    dc.SetTextForeground(ink);
    dc.DrawText(label_, (size.x - extent.x) / 2, (size.y - hintHeight - extent.y) / 2 + (hint_.empty() ? 0 : theme_.px(2)));
    if (!hint_.empty()) {
        wxFont small = theme_.font(FontRole::Small);
        small.SetPixelSize(wxSize(0, std::max(9, std::min(small.GetPixelSize().y, hintHeight * 85 / 100))));
        dc.SetFont(small);
        wxSize hintExtent = dc.GetTextExtent(hint_);
        while (hintExtent.x > room && small.GetPixelSize().y > 9) {
            small.SetPixelSize(wxSize(0, small.GetPixelSize().y * 9 / 10));
            dc.SetFont(small);
            hintExtent = dc.GetTextExtent(hint_);
        }
        dc.SetTextForeground(pressed_ || latched_ ? ink : (colours.highContrast ? colours.onPrimary : colours.mutedText));
        dc.DrawText(hint_, (size.x - hintExtent.x) / 2, size.y - hintHeight - theme_.px(2) + (hintHeight - hintExtent.y) / 2);
    }
}

void KeyButton::onDown(wxMouseEvent&) {
    pressed_ = true;
    longFired_ = false;
    if (!HasCapture()) CaptureMouse();
    if (onLongPress) hold_.StartOnce(kHoldMs);
    Refresh();
}

void KeyButton::onUp(wxMouseEvent& event) {
    if (HasCapture()) ReleaseMouse();
    hold_.Stop();
    const bool tap = pressed_ && !longFired_ && GetClientRect().Contains(event.GetPosition());
    pressed_ = false;
    Refresh();
    if (tap && onTap) onTap();
}

OnScreenKeyboard::OnScreenKeyboard(wxWindow* parent, const Theme& theme, const Config::Keyboard& settings,
                                   std::function<void()> onHide)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxBORDER_NONE, "keyboard"),
      theme_(theme), onHide_(std::move(onHide)), method_(settings.method),
      composer_(settings.method, settings.toneStyle) {
    SetBackgroundColour(Theme::palette().specialKeyFill.ChangeLightness(theme.highContrast() ? 100 : 108));
    setAccessible(this, _("On-screen keyboard"), AccessibleRole::Keyboard);
    // The keys keep their full height and stay anchored to the top edge: while the keyboard
    // slides up, that edge rises and the rows come into view one after the other.
    Bind(wxEVT_SIZE, [this](wxSizeEvent& event) {
        if (inner_) inner_->SetSize(0, 0, event.GetSize().x, std::max(fullHeight_, event.GetSize().y));
    });
}

void OnScreenKeyboard::attach(wxTextCtrl* field) {
    const FieldKind kind = fieldKindOf(field);
    const bool numeric = kind == FieldKind::Number || kind == FieldKind::Phone;
    const bool relayout = !inner_ || numeric != numeric_ || kind != kind_;
    field_ = field;
    kind_ = kind;
    numeric_ = numeric;
    lastText_.clear();
    composer_.reset();
    shift_ = false;
    if (relayout) rebuild();
    else if (shiftKey_) shiftKey_->setLatched(capitalNext());
}

void OnScreenKeyboard::detach() {
    field_ = nullptr;
}

void OnScreenKeyboard::rebuild() {
    Freeze();
    if (inner_) inner_->Destroy();
    shiftKey_ = nullptr;
    formsShown_ = false;
    inner_ = new wxPanel(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxBORDER_NONE, "keyboard-keys");
    inner_->SetBackgroundColour(GetBackgroundColour());
    const int width = theme_.screen().x;
    auto* column = new wxBoxSizer(wxVERTICAL);
    strip_ = new wxPanel(inner_, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxBORDER_NONE, "keyboard-strip");
    strip_->SetBackgroundColour(GetBackgroundColour());
    strip_->SetMinSize(wxSize(width - 2 * theme_.px(12), theme_.px(60)));
    column->Add(strip_, 0, wxLEFT | wxRIGHT | wxTOP, theme_.px(6));
    if (numeric_) buildNumeric(column, width);
    else buildLetters(column, width);
    column->AddSpacer(theme_.px(6));
    inner_->SetSizer(column);
    fullHeight_ = column->CalcMin().y;
    inner_->SetSize(0, 0, width, std::max(fullHeight_, GetSize().y));
    inner_->Layout();
    showHint();
    Thaw();
}

KeyButton* OnScreenKeyboard::addKey(wxWindow* parent, wxSizer* row, const wxString& label, KeyButton::Kind kind,
                                    const wxString& name, const wxString& spoken, int width, const wxString& hint) {
    auto* key = new KeyButton(parent, theme_, label, kind, name, spoken, hint);
    const int height = theme_.minTouch();
    key->SetMinSize(wxSize(width, height));
    row->Add(key, 0, wxRIGHT, theme_.px(6));
    return key;
}

void OnScreenKeyboard::buildLetters(wxSizer* column, int width) {
    const int gap = theme_.px(6);
    // 12 units across: the widest row is capitals (1.5) + 10 keys, the last row adds to 12.
    const int unit = std::min(theme_.px(150), (width - 2 * theme_.px(12) - 12 * gap) / 12);
    auto makeRow = [&] {
        auto* row = new wxBoxSizer(wxHORIZONTAL);
        column->Add(row, 0, wxALIGN_CENTER_HORIZONTAL | wxTOP, gap);
        return row;
    };
    const bool capitals = capitalNext();
    for (int r = 0; r < 4; ++r) {
        auto* row = makeRow();
        if (r == 3) {
            shiftKey_ = addKey(inner_, row, wxString::FromUTF8("\u21E7 ") + _("Capital"), KeyButton::Kind::Special, "key-shift",
                               _("Capital letter"), unit * 3 / 2);
            shiftKey_->setLatched(capitals);
            shiftKey_->onTap = [this] {
                shift_ = !shift_;
                shiftKey_->setLatched(capitalNext());
            };
        }
        for (const char* c = kLetterRows[r]; *c; ++c) {
            const char ch = *c;
            const wxString label(ch);
            auto* key = addKey(inner_, row, label, KeyButton::Kind::Letter, "key-" + label, label, unit,
                               markHint(method_, ch));
            key->onTap = [this, ch] { typeKey(static_cast<char32_t>(ch)); };
            if (method_ == InputMethod::Simple && !input::markedForms(static_cast<char32_t>(ch)).empty() &&
                ch >= 'a' && ch <= 'z')
                key->onLongPress = [this, ch] { showForms(static_cast<char32_t>(ch)); };
        }
        if (r == 2) {
            auto* back = addKey(inner_, row, wxString::FromUTF8("\u232B"), KeyButton::Kind::Special, "key-backspace",
                                _("Delete the last letter"), unit * 3 / 2);
            back->onTap = [this] { backspace(); };
        }
    }
    auto* row = makeRow();
    auto* method = addKey(inner_, row, wxString::Format(_("Typing: %s"), methodName(method_)), KeyButton::Kind::Special, "key-method",
                          _("Change the typing method"), unit * 3);
    method->onTap = [this] { cycleMethod(); };
    auto* space = addKey(inner_, row, _("space"), KeyButton::Kind::Special, "key-space", _("Space"), unit * 5 + 2 * gap);
    space->onTap = [this] { typeKey(U' '); };
    auto* clear = addKey(inner_, row, _("Clear all"), KeyButton::Kind::Special, "key-clear", _("Clear everything typed"),
                         unit * 2);
    clear->onTap = [this] { clearField(); };
    auto* hide = addKey(inner_, row, _("Hide keyboard"), KeyButton::Kind::Special, "key-hide", _("Hide the keyboard"),
                        unit * 2);
    hide->onTap = [this] {
        if (onHide_) onHide_();
    };
}

void OnScreenKeyboard::buildNumeric(wxSizer* column, int width) {
    const int gap = theme_.px(6);
    const int unit = std::min(theme_.px(220), (width - 2 * theme_.px(12) - 5 * gap) / 6);
    const char* const rows[] = {"123", "456", "789"};
    for (int r = 0; r < 4; ++r) {
        auto* row = new wxBoxSizer(wxHORIZONTAL);
        column->Add(row, 0, wxALIGN_CENTER_HORIZONTAL | wxTOP, gap);
        if (r < 3) {
            for (const char* c = rows[r]; *c; ++c) {
                const wxString digit(*c);
                auto* key = addKey(inner_, row, digit, KeyButton::Kind::Letter, "key-" + digit, digit, unit);
                key->onTap = [this, digit] { insertText(digit); };
            }
        } else {
            // A phone number may start with +84; a quantity may need a decimal comma.
            const wxString extra = kind_ == FieldKind::Phone ? "+" : ",";
            auto* plus = addKey(inner_, row, extra, KeyButton::Kind::Letter, "key-" + extra, extra, unit);
            plus->onTap = [this, extra] { insertText(extra); };
            auto* zero = addKey(inner_, row, "0", KeyButton::Kind::Letter, "key-0", "0", unit);
            zero->onTap = [this] { insertText("0"); };
            auto* back = addKey(inner_, row, wxString::FromUTF8("\u232B"), KeyButton::Kind::Special, "key-backspace",
                                _("Delete the last letter"), unit);
            back->onTap = [this] { backspace(); };
        }
        // A column of actions on the right, each a row high.
        if (r == 0) {
            auto* clear = addKey(inner_, row, _("Clear all"), KeyButton::Kind::Special, "key-clear",
                                 _("Clear everything typed"), unit * 2);
            clear->onTap = [this] { clearField(); };
        } else if (r == 1) {
            auto* hide = addKey(inner_, row, _("Hide keyboard"), KeyButton::Kind::Special, "key-hide", _("Hide the keyboard"),
                                unit * 2);
            hide->onTap = [this] {
                if (onHide_) onHide_();
            };
        } else {
            row->AddSpacer(unit * 2 + gap);
        }
    }
}

void OnScreenKeyboard::showHint() {
    strip_->DestroyChildren();
    formsShown_ = false;
    wxString text;
    if (numeric_) text = _("Numbers only.");
    else if (method_ == InputMethod::Telex)
        text = wxString::Format(_("Telex: %s; then s f r x j for the tone."),
                                wxString::FromUTF8("aa=â aw=ă ee=ê oo=ô ow=ơ uw=ư dd=đ"));
    else if (method_ == InputMethod::Vni)
        text = wxString::Format(_("VNI: %s; then 1 2 3 4 5 for the tone."), wxString::FromUTF8("6=â ê ô 7=ơ ư 8=ă 9=đ"));
    else text = _("Hold a vowel to choose its accent.");
    auto* sizer = new wxBoxSizer(wxHORIZONTAL);
    hint_ = new wxStaticText(strip_, wxID_ANY, text, wxDefaultPosition, wxDefaultSize, 0, "keyboard-hint");
    hint_->SetFont(theme_.font(FontRole::Body));
    hint_->SetForegroundColour(Theme::text());
    // One line: shrink rather than wrap, the strip is a fixed height.
    const int room = strip_->GetMinSize().x - theme_.px(16);
    wxFont font = hint_->GetFont();
    while (hint_->GetTextExtent(text).x > room && font.GetPixelSize().y > 10) {
        font.SetPixelSize(wxSize(0, font.GetPixelSize().y * 9 / 10));
        hint_->SetFont(font);
    }
    sizer->Add(hint_, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, theme_.px(16));
    strip_->SetSizer(sizer);
    strip_->Layout();
}

void OnScreenKeyboard::showForms(char32_t base) {
    if (capitalNext() && base >= U'a' && base <= U'z') base = base - U'a' + U'A';
    const auto forms = input::markedForms(base);
    if (forms.empty()) return;
    strip_->DestroyChildren();
    hint_ = nullptr;
    formsShown_ = true;
    auto* sizer = new wxBoxSizer(wxHORIZONTAL);
    const int gap = theme_.px(6);
    const int room = strip_->GetMinSize().x;
    const int count = static_cast<int>(forms.size()) + 1;  // and the close key
    const int width = std::min(theme_.px(110), (room - count * gap) / count);
    int index = 0;
    for (const auto& form : forms) {
        const wxString text = wxString::FromUTF8(form);
        auto* key = new KeyButton(strip_, theme_, text, KeyButton::Kind::Form, wxString::Format("key-form-%d", index++),
                                  text);
        key->SetMinSize(wxSize(width, theme_.px(60)));
        key->onTap = [this, text] {
            insertText(text);
            CallAfter([this] { showHint(); });  // not from inside the key being destroyed
        };
        sizer->Add(key, 0, wxRIGHT, gap);
    }
    auto* close = new KeyButton(strip_, theme_, wxString::FromUTF8("\u2715"), KeyButton::Kind::Special, "key-form-close",
                                _("Close the accented letters"));
    close->SetMinSize(wxSize(width, theme_.px(60)));
    close->onTap = [this] { CallAfter([this] { showHint(); }); };
    sizer->Add(close, 0);
    strip_->SetSizer(sizer);
    strip_->Layout();
}

bool OnScreenKeyboard::capitalNext() const {
    if (shift_) return true;
    if (kind_ != FieldKind::Name) return false;
    // Names: each word starts with a capital, as on an identity card.
    const wxString text = field_ ? field_->GetValue() : wxString();
    return text.empty() || text.Last() == ' ';
}

void OnScreenKeyboard::typeKey(char32_t key) {
    if (!field_) return;
    const std::string current = field_->GetValue().utf8_string();
    if (current != lastText_) composer_.reset();  // edited by other means since our last key
    if (key >= U'a' && key <= U'z' && capitalNext()) key = key - U'a' + U'A';
    shift_ = false;
    setText(wxString::FromUTF8(composer_.type(current, key)));
}

void OnScreenKeyboard::insertText(const wxString& text) {
    if (!field_) return;
    shift_ = false;
    composer_.reset();
    setText(field_->GetValue() + text);
}

void OnScreenKeyboard::backspace() {
    if (!field_) return;
    wxString text = field_->GetValue();
    if (!text.empty()) text.RemoveLast();  // one letter with its marks: the text is precomposed
    composer_.reset();
    setText(text);
}

void OnScreenKeyboard::clearField() {
    if (!field_) return;
    composer_.reset();
    shift_ = false;
    setText(wxEmptyString);
}

void OnScreenKeyboard::cycleMethod() {
    method_ = method_ == InputMethod::Telex ? InputMethod::Vni
              : method_ == InputMethod::Vni ? InputMethod::Simple
                                            : InputMethod::Telex;
    composer_.setMethod(method_);
    // Rebuilt after this tap returns: the key being tapped is among those destroyed.
    CallAfter([this] { rebuild(); });
}

void OnScreenKeyboard::setText(const wxString& text) {
    lastText_ = text.utf8_string();
    field_->SetValue(text);  // sends wxEVT_TEXT, as typing does: search-as-you-type follows
    field_->SetInsertionPointEnd();
    if (shiftKey_) shiftKey_->setLatched(capitalNext());
}

}  // namespace kiosk::ui
