#pragma once
#include <wx/event.h>
#include <wx/timer.h>

#include <functional>
#include <optional>
#include <string>

#include "scan/ScannerBurst.h"

namespace kiosk::ui {

// The handheld 2D scanner, which types a code like a keyboard: every key of the shell passes
// through here first (wxEVT_CHAR_HOOK on the frame, which wxGTK sends before the focused field
// sees the key). Character keys are held by a ScannerBurst; a burst that is a scan goes to
// `scanned` and never reaches the field; a person's keys are written into the focused text field
// as typed, at most ~50 ms late, by a one-shot timer on the UI thread. Keys the burst does not
// take (Enter after typing, Backspace, arrows, Ctrl/Alt shortcuts) release what is held first,
// then go on unchanged. With no text field focused, held characters are dropped (they would do
// nothing there).
class HandheldScanner {
public:
    HandheldScanner(wxWindow* frame, std::function<void(std::string)> scanned, std::function<void()> typed);
    ~HandheldScanner();

    // The frame's wxEVT_CHAR_HOOK handler; `now` is when the handler runs.
    void onKey(wxKeyEvent& event, scan::ScannerBurst::time_point now);
    // When the key was pressed, on the steady clock: the event's own time (the X server's, in
    // ms) moved by the smallest lag seen so far, so keys that waited in the queue while the UI
    // thread was busy keep their real gaps. Events without a time (0) count as pressed `now`.
    scan::ScannerBurst::time_point pressedAt(const wxKeyEvent& event, scan::ScannerBurst::time_point now);
    // Forgets what is held (the session ends).
    void clear();

private:
    void release(const std::string& text);
    void releaseAll();
    void armTimer();

    wxWindow* frame_;
    std::function<void(std::string)> scanned_;
    std::function<void()> typed_;
    scan::ScannerBurst burst_;
    wxTimer timer_;
    std::optional<scan::ScannerBurst::time_point::duration> lag_;
    int postponed_ = 0;
};

}  // namespace kiosk::ui
