#include "widgets/QrWidget.h"

#include <wx/dcbuffer.h>
#include <wx/intl.h>

#include "Accessibility.h"

namespace kiosk::ui {

QrWidget::QrWidget(wxWindow* parent, const QrCode& code, int sidePixels, const wxString& name)
    : wxControl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxBORDER_NONE, wxDefaultValidator, name),
      code_(code) {
    SetBackgroundStyle(wxBG_STYLE_PAINT);
    // Whole pixels per module: a scaled, blurred module is what makes phone cameras give up.
    const int module = std::max(2, sidePixels / std::max(1, code.size()));
    const int side = module * code.size();
    SetMinSize(wxSize(side, side));
    SetSize(wxSize(side, side));
    Bind(wxEVT_PAINT, &QrWidget::onPaint, this);
    setAccessible(this, _("QR code to scan with a phone"), AccessibleRole::Image);
}

void QrWidget::onPaint(wxPaintEvent&) {
    wxAutoBufferedPaintDC dc(this);
    dc.SetBackground(*wxWHITE_BRUSH);
    dc.Clear();
    const int module = std::max(1, std::min(GetClientSize().x, GetClientSize().y) / std::max(1, code_.size()));
    dc.SetPen(*wxTRANSPARENT_PEN);
    dc.SetBrush(*wxBLACK_BRUSH);
    for (int y = 0; y < code_.size(); ++y)
        for (int x = 0; x < code_.size(); ++x)
            if (code_.dark(x, y)) dc.DrawRectangle(x * module, y * module, module, module);
}

}  // namespace kiosk::ui
