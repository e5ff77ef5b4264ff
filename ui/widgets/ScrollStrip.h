#pragma once
#include <wx/panel.h>
#include <wx/scrolwin.h>
#include <wx/stattext.h>

#include "Theme.h"

namespace kiosk::ui {

class TouchButton;

// Where a scrolled body's view is, in pixels (wx keeps it in scroll units): read in one place
// for the strip, its track and dragging.
struct ScrollView {
    int top = 0;     // first visible pixel of the content
    int height = 0;  // visible height
    int total = 0;   // content height
    int unit = 0;    // pixels per scroll unit (0: the body does not scroll)
    bool scrollable() const { return unit > 0 && total > height + 1; }
    bool atTop() const { return top <= 0; }
    bool atBottom() const { return top + height >= total; }
    bool operator==(const ScrollView&) const = default;
};
ScrollView scrollViewOf(const wxScrolledWindow& body);

// The sign and the big buttons of an area that scrolls (issue 18, item 3): a thin scrollbar
// that appears on hover is no sign to a resident who has never used one. Beside the area in
// landscape (a column: "Lên", a thick track showing where the view is, "Xuống"), under it in
// portrait (a row: "Lên", "Còn nữa bên dưới — kéo lên để xem", "Xuống"). Its buttons show only
// while there is more than fits; in landscape its width stays reserved so that text wrapped to
// the body's width never has to be wrapped again. Named "scroll-strip", "scroll-up",
// "scroll-down", "scroll-more".
class ScrollStrip : public wxPanel {
public:
    ScrollStrip(wxWindow* parent, const Theme& theme, wxScrolledWindow* body);

    // Width a landscape strip takes beside its body (0 in portrait, where it goes below).
    static int reservedWidth(const Theme& theme);
    bool scrollable() const { return scrollable_; }
    // Scrolls by most of a page (the last line of the old page stays in view).
    void page(int direction);
    // Re-reads the body's sizes: shows or hides the buttons and moves the track's thumb.
    void update();

private:
    class Track;

    const Theme& theme_;
    wxScrolledWindow* body_;
    TouchButton* up_ = nullptr;
    TouchButton* down_ = nullptr;
    wxStaticText* more_ = nullptr;  // portrait only
    Track* track_ = nullptr;        // landscape only
    bool scrollable_ = false;
    bool updating_ = false;
    ScrollView last_;  // as update() last saw it: a repaint that changed nothing costs nothing
};

}  // namespace kiosk::ui
