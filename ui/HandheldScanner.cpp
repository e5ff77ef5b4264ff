#include "HandheldScanner.h"

#include <wx/evtloop.h>
#include <wx/textctrl.h>
#include <wx/window.h>

#include <cstdint>

#include "scan/CccdQr.h"

namespace kiosk::ui {

using scan::ScannerBurst;

namespace {
// The character a key types. wxEVT_CHAR_HOOK carries key-down codes, which wxGTK gives for
// the unshifted key ('A' for both a and A, '\\' for |); the raw code is the X keysym GDK
// translated with the modifiers held, which for Latin-1 is the character itself and for other
// characters is 0x01000000 + the code point (X11 keysym rules).
char32_t characterOf(const wxKeyEvent& event) {
#ifdef __WXGTK__
    const auto keysym = static_cast<std::uint32_t>(event.GetRawKeyCode());
    if ((keysym >= 0x20 && keysym <= 0x7e) || (keysym >= 0xa0 && keysym <= 0xff)) return keysym;
    if ((keysym & 0xff000000u) == 0x01000000u) return keysym & 0x00ffffffu;
#endif
    const wxChar character = event.GetUnicodeKey();
    return character == WXK_NONE ? 0 : static_cast<char32_t>(character);
}
}  // namespace

HandheldScanner::HandheldScanner(wxWindow* frame, std::function<void(std::string)> scanned, std::function<void()> typed)
    : frame_(frame), scanned_(std::move(scanned)), typed_(std::move(typed)), timer_(frame) {
    frame_->Bind(wxEVT_TIMER, [this](wxTimerEvent&) {
        // Keys still waiting in the queue (the UI thread was busy) may be the rest of a burst:
        // they are handled first, for at most 100 ms more.
        const auto* loop = wxEventLoopBase::GetActive();
        if (loop && loop->Pending() && postponed_ < 20) {
            ++postponed_;
            timer_.StartOnce(5);
            return;
        }
        postponed_ = 0;
        auto step = burst_.flush(ScannerBurst::time_point::clock::now());
        if (step.kind == ScannerBurst::Step::Kind::Typed) release(step.text);
        armTimer();
    }, timer_.GetId());
}

HandheldScanner::~HandheldScanner() {
    timer_.Stop();
}

ScannerBurst::time_point HandheldScanner::pressedAt(const wxKeyEvent& event, ScannerBurst::time_point now) {
    const auto stamp = static_cast<std::uint32_t>(event.GetTimestamp());
    if (stamp == 0) return now;
    const auto stampTime = ScannerBurst::time_point(std::chrono::milliseconds(stamp));
    const auto lag = now - stampTime;
    // A smaller lag is a truer offset between the clocks; one more than 10 s larger means the
    // server's 32-bit millisecond counter wrapped or the UI was stuck: start again from now.
    if (!lag_ || lag < *lag_ || lag - *lag_ > std::chrono::seconds(10)) lag_ = lag;
    return stampTime + *lag_;
}

void HandheldScanner::onKey(wxKeyEvent& event, ScannerBurst::time_point handled) {
    const int key = event.GetKeyCode();
    switch (key) {
        // A modifier alone types nothing: a scanner presses Shift before every capital and '|'.
        case WXK_SHIFT:
        case WXK_CONTROL:
        case WXK_ALT:
        case WXK_WINDOWS_LEFT:
        case WXK_WINDOWS_RIGHT:
        case WXK_CAPITAL:
        case WXK_NUMLOCK:
        case WXK_SCROLL:
            event.Skip();
            return;
        default: break;
    }
    const auto now = pressedAt(event, handled);
    if (event.GetModifiers() & (wxMOD_CONTROL | wxMOD_ALT | wxMOD_META)) {
        releaseAll();
        event.Skip();
        return;
    }
    if (key == WXK_RETURN || key == WXK_NUMPAD_ENTER) {
        auto step = burst_.feedEnter(now);
        if (step.kind == ScannerBurst::Step::Kind::Scan) {
            timer_.Stop();
            scanned_(std::move(step.text));  // the Enter is the scanner's: consumed
            return;
        }
        release(step.text);  // a person's Enter: what they typed, then the Enter itself
        timer_.Stop();
        event.Skip();
        return;
    }
    const char32_t character = characterOf(event);
    if (character < 0x20 || character == 0x7f || (character >= 0x80 && character < 0xa0)) {
        releaseAll();  // Backspace, arrows, Tab...: after what was typed before them
        event.Skip();
        return;
    }
    auto step = burst_.feed(character, now);
    if (step.kind == ScannerBurst::Step::Kind::Typed) release(step.text);
    armTimer();
    // Not skipped: the key is held, and reaches the field (if it was typed) through release().
}

void HandheldScanner::clear() {
    timer_.Stop();
    burst_.clear();
}

void HandheldScanner::releaseAll() {
    if (!burst_.holding()) return;
    const auto due = burst_.releaseDue();
    auto step = burst_.flush(*due);
    release(step.text);
    timer_.Stop();
}

void HandheldScanner::release(const std::string& text) {
    std::string held = text;
    if (held.empty()) return;
    if (auto* field = dynamic_cast<wxTextCtrl*>(wxWindow::FindFocus()); field && field->IsEditable()) {
        field->WriteText(wxString::FromUTF8(held));
        if (typed_) typed_();
    }
    scan::wipeString(held);
}

void HandheldScanner::armTimer() {
    const auto due = burst_.releaseDue();
    if (!due) {
        timer_.Stop();
        return;
    }
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(*due - ScannerBurst::time_point::clock::now());
    timer_.StartOnce(std::max(1, static_cast<int>(wait.count()) + 1));
}

}  // namespace kiosk::ui
