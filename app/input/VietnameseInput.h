#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "config/Config.h"

// The Vietnamese input engines of the on-screen keyboard: Telex and VNI, Unikey-style. Pure text
// in, text out (UTF-8, precomposed NFC), so the keyboard widget stays a thin layer and every rule
// here is tested without a display.
namespace kiosk::input {

enum class Tone { None, Acute, Grave, Hook, Tilde, Dot };  // không dấu, sắc, huyền, hỏi, ngã, nặng

// Turns key presses into Vietnamese text. The text being edited is passed in with every key, and
// the word at its end is parsed back each time, so the composer works on words it did not type
// ("Nguyễn " + new keys, a word after backspace). The little it cannot read back from the text
// (an undo made the word literal; an "ư" came from a bare "w") is kept here, and only while the
// word still reads as this composer left it.
class VietnameseComposer {
public:
    VietnameseComposer(InputMethod method, ToneStyle style);

    // Applies one key (a printable character, any case) to `text`, whose last word is the one
    // being typed, and returns the whole new text. Only the trailing word (the maximal run of
    // letters at the end) may change; everything before it is kept byte for byte. Method Simple
    // appends the key as is. A key that is not a Unicode scalar value is ignored.
    std::string type(const std::string& text, char32_t key);

    // Forgets the per-word state: after backspace, clear, or when the field was changed elsewhere.
    void reset();

    InputMethod method() const { return method_; }
    void setMethod(InputMethod method);  // also resets
    ToneStyle style() const { return style_; }

private:
    InputMethod method_;
    ToneStyle style_;
    std::string word_;         // the trailing word as the last type() left it; the state below is its
    bool literal_ = false;     // an undo happened: the rest of the word is typed as is
    std::size_t bareW_ = static_cast<std::size_t>(-1);  // letter index of an "ư" typed as a bare "w"
};

// Feeds `keys` (UTF-8) one by one into an empty text with a fresh composer:
// compose("Nguyeenx", Telex, Classic) == "Nguyễn".
std::string compose(std::string_view keys, InputMethod method, ToneStyle style);

// The long-press popup of the "simple" layout: every form of a base letter, plain then sắc, huyền,
// hỏi, ngã, nặng, then the same six for each marked vowel of that base (a: a…ạ ă…ặ â…ậ); i and y
// have six forms, d has d and đ. An upper-case base gives upper-case forms; any other letter, none.
std::vector<std::string> markedForms(char32_t base);

// Sets the tone of one composed word where `style` puts it (moving it if needed; Tone::None
// removes it). A word that is not a Vietnamese syllable is returned unchanged.
std::string placeTone(const std::string& word, Tone tone, ToneStyle style);

}  // namespace kiosk::input
