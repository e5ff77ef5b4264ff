#include "widgets/DragScroll.h"

#include <wx/window.h>

#include <algorithm>
#include <cstdlib>

#include "widgets/ResultRow.h"
#include "widgets/ScrollStrip.h"

namespace kiosk::ui {
namespace {

// Far enough that a trembling finger's touch stays a touch; the screen's short side decides it
// as it decides every other size (16 px at 1080).
int slop(const wxWindow& w) {
    const wxSize screen = w.GetParent() ? wxGetTopLevelParent(const_cast<wxWindow*>(&w))->GetSize() : w.GetSize();
    return std::max(10, std::min(screen.x, screen.y) * 16 / 1080);
}

wxScrolledWindow* scrollingAncestor(wxWindow* w) {
    for (; w && !w->IsTopLevel(); w = w->GetParent())
        if (auto* body = dynamic_cast<wxScrolledWindow*>(w)) return body;
    return nullptr;
}

}  // namespace

bool DragScroll::filter(wxEvent& event) {
    const auto type = event.GetEventType();
    if (type != wxEVT_LEFT_DOWN && type != wxEVT_MOTION && type != wxEVT_LEFT_UP) return false;
    auto* window = dynamic_cast<wxWindow*>(event.GetEventObject());
    auto* mouse = dynamic_cast<wxMouseEvent*>(&event);
    if (!window || !mouse) return false;
    const int y = window->ClientToScreen(mouse->GetPosition()).y;

    if (type == wxEVT_LEFT_DOWN) {
        dragging_ = false;
        body_ = scrollingAncestor(window);
        pressed_ = window;
        if (body_) {
            startY_ = y;
            startView_ = scrollViewOf(*body_).top;
        }
        return false;
    }
    if (!body_) return false;
    if (type == wxEVT_MOTION) {
        if (!mouse->LeftIsDown()) return false;
        const int moved = startY_ - y;
        if (!dragging_) {
            if (std::abs(moved) < slop(*body_)) return false;
            if (!scrollViewOf(*body_).scrollable()) return false;
            dragging_ = true;
            // What the finger first touched gives up its press: no click when it lifts.
            if (pressed_) {
                if (pressed_->HasCapture()) {
                    pressed_->ReleaseMouse();
                    wxMouseCaptureLostEvent lost(pressed_->GetId());
                    lost.SetEventObject(pressed_);
                    pressed_->GetEventHandler()->ProcessEvent(lost);
                }
                for (wxWindow* w = pressed_; w; w = w->GetParent())
                    if (auto* row = dynamic_cast<ResultRow*>(w)) {
                        row->cancelPress();
                        break;
                    }
            }
        }
        const int unit = scrollViewOf(*body_).unit;
        if (unit > 0) body_->Scroll(-1, std::max(0, (startView_ + moved + unit / 2) / unit));
        return true;
    }
    // The finger lifts.
    const bool wasDragging = dragging_;
    dragging_ = false;
    body_ = nullptr;
    pressed_ = nullptr;
    return wasDragging;
}

}  // namespace kiosk::ui
