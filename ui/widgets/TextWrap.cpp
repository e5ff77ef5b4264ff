#include "widgets/TextWrap.h"

#include <wx/dcclient.h>

#include <wx/tokenzr.h>

#include <algorithm>

namespace kiosk::ui {

WrappedText wrapText(wxDC& dc, const wxString& text, int maxWidth) {
    WrappedText out;
    const int lineHeight = dc.GetCharHeight();
    for (const auto& paragraph : wxSplit(text, '\n', '\0')) {
        wxString line;
        for (const auto& word : wxSplit(paragraph, ' ', '\0')) {
            if (word.empty()) continue;
            const wxString candidate = line.empty() ? word : line + " " + word;
            if (dc.GetTextExtent(candidate).x <= maxWidth || line.empty()) {
                line = candidate;
            } else {
                out.lines.push_back(line);
                line = word;
            }
        }
        out.lines.push_back(line);
    }
    for (const auto& line : out.lines) {
        const int w = dc.GetTextExtent(line).x;
        out.width = std::max(out.width, w);
        if (w > maxWidth) out.fits = false;
    }
    out.height = lineHeight * static_cast<int>(out.lines.size());
    return out;
}

wxSize textExtentIn(wxWindow& window, const wxString& text) {
    wxClientDC dc(&window);
    dc.SetFont(window.GetFont());
    return dc.GetMultiLineTextExtent(text);
}

}  // namespace kiosk::ui
