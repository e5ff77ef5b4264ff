#pragma once
#include <wx/dc.h>
#include <wx/string.h>
#include <wx/window.h>

#include <vector>

namespace kiosk::ui {

// Breaks text into lines no wider than maxWidth at spaces. `fits` is false when a single word
// is wider than maxWidth: custom-drawn widgets use it to shrink their font instead of clipping.
struct WrappedText {
    std::vector<wxString> lines;
    int width = 0;
    int height = 0;
    bool fits = true;
};

WrappedText wrapText(wxDC& dc, const wxString& text, int maxWidth);

// The size of (possibly multi-line) text in `window`'s font. GTK measures a label for a font
// set after creation only once the label is realised; layouts decided before that measure here.
wxSize textExtentIn(wxWindow& window, const wxString& text);

}  // namespace kiosk::ui
