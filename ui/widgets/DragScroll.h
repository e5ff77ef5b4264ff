#pragma once
#include <wx/event.h>
#include <wx/scrolwin.h>
#include <wx/weakref.h>

namespace kiosk::ui {

// Scrolling by dragging a finger over a scrolling area, whatever the finger first touched
// (issue 18, item 3): the application's event filter hands every mouse event here. A touch
// that moves further than a small slop becomes a drag: the button or row under it is released
// without a click, and the finger's release is swallowed.
class DragScroll {
public:
    // True when `event` was used up by a drag and must not reach its window.
    bool filter(wxEvent& event);
    bool dragging() const { return dragging_; }

private:
    wxWeakRef<wxScrolledWindow> body_;
    wxWeakRef<wxWindow> pressed_;
    int startY_ = 0;      // screen y of the touch
    int startView_ = 0;   // the body's view start in pixels at the touch
    bool dragging_ = false;
};

}  // namespace kiosk::ui
