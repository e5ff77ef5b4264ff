#pragma once
#include <wx/panel.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/timer.h>
#include <wx/weakref.h>

#include <functional>
#include <string>
#include <vector>

#include "Theme.h"
#include "config/Config.h"
#include "input/VietnameseInput.h"
#include "widgets/TextField.h"

namespace kiosk::ui {

// One key of the on-screen keyboard. Never takes the focus, so the text field being typed in
// keeps it (and its caret) while the resident taps. A key may also answer a long press.
class KeyButton : public wxWindow {
public:
    enum class Kind { Letter, Special, Form };
    KeyButton(wxWindow* parent, const Theme& theme, const wxString& label, Kind kind, const wxString& name,
              const wxString& spokenName, const wxString& hint = {});

    std::function<void()> onTap;
    std::function<void()> onLongPress;  // set: a press held 0.5 s calls this instead of onTap
    void setLatched(bool latched);      // drawn as "on" (the capitals key)
    bool AcceptsFocus() const override { return false; }
    bool AcceptsFocusFromKeyboard() const override { return false; }

private:
    void onPaint(wxPaintEvent&);
    void onDown(wxMouseEvent&);
    void onUp(wxMouseEvent&);

    const Theme& theme_;
    wxString label_;
    wxString hint_;  // a small second line: the mark a Telex or VNI key gives ("sắc", "â ê ô")
    Kind kind_;
    bool pressed_ = false;
    bool latched_ = false;
    bool longFired_ = false;
    wxTimer hold_;
};

// The keyboard that slides up under the screen for every text field. Letters typed with Telex or
// VNI (composed by input::VietnameseComposer), or plain letters where holding a vowel offers its
// accented forms; a numeric pad for number and phone fields. It edits the attached field at its
// end, as a finger on a kiosk can only type there.
class OnScreenKeyboard : public wxPanel {
public:
    OnScreenKeyboard(wxWindow* parent, const Theme& theme, const Config::Keyboard& settings,
                     std::function<void()> onHide);

    // Types into `field` from now on, with the layout its kind needs.
    void attach(wxTextCtrl* field);
    void detach();
    wxTextCtrl* field() const { return field_.get(); }
    InputMethod method() const { return method_; }
    bool numeric() const { return numeric_; }
    // The height the keyboard takes once fully up, for the `width` it will get.
    int fullHeight() const { return fullHeight_; }
    bool formsShown() const { return formsShown_; }

private:
    void rebuild();
    void buildLetters(wxSizer* rows, int width);
    void buildNumeric(wxSizer* rows, int width);
    void showHint();
    void showForms(char32_t base);
    KeyButton* addKey(wxWindow* parent, wxSizer* row, const wxString& label, KeyButton::Kind kind,
                      const wxString& name, const wxString& spoken, int width, const wxString& hint = {});
    void typeKey(char32_t key);
    void insertText(const wxString& text);
    void backspace();
    void clearField();
    void cycleMethod();
    void setText(const wxString& text);
    bool capitalNext() const;

    const Theme& theme_;
    std::function<void()> onHide_;
    InputMethod method_;
    input::VietnameseComposer composer_;
    wxWeakRef<wxTextCtrl> field_;
    FieldKind kind_ = FieldKind::Text;
    bool numeric_ = false;
    bool shift_ = false;  // one capital, then back to small letters
    std::string lastText_;  // what the keyboard last wrote: anything else was edited elsewhere
    wxPanel* inner_ = nullptr;  // full height, anchored at the top: it slides up with the top edge
    wxPanel* strip_ = nullptr;  // the hint line, or the accented forms of a held vowel
    wxStaticText* hint_ = nullptr;
    KeyButton* shiftKey_ = nullptr;
    bool formsShown_ = false;
    int fullHeight_ = 0;
};

}  // namespace kiosk::ui
