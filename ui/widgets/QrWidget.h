#pragma once
#include <wx/control.h>

#include "printing/QrCode.h"

namespace kiosk::ui {

// Draws a QR code crisply at any size: whole pixels per module, dark on white, quiet zone kept.
class QrWidget : public wxControl {
public:
    QrWidget(wxWindow* parent, const QrCode& code, int sidePixels, const wxString& name = "qr-code");

private:
    void onPaint(wxPaintEvent&);
    QrCode code_;
};

}  // namespace kiosk::ui
