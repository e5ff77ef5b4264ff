#pragma once
#include <wx/dc.h>
#include <wx/string.h>

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

}  // namespace kiosk::ui
