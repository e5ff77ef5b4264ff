#pragma once
#include <wx/scrolwin.h>
#include <wx/textctrl.h>

#include <memory>

#include "dossier/Dossier.h"
#include "screens/DirectoryScreen.h"
#include "screens/Screen.h"

namespace kiosk::ui {

// "Tra cứu hồ sơ": where a dossier filed at a one-stop desk is, by the code on its receipt
// (typed, or scanned by a handheld scanner, which types it) — the current step, received,
// appointment and completed dates, the agency; and, after a VNeID login, the resident's own
// dossiers. The portal is asked on DossierService's thread; leaving the screen cancels it.
class DossierScreen : public Screen {
public:
    // `scannedCode`: a code the handheld scanner or the camera read, looked up at once.
    DossierScreen(wxWindow* parent, const ScreenContext& context, const std::string& scannedCode = {});
    ~DossierScreen() override;

    // The card on the "Dịch vụ công" directory that leads here.
    static DirectoryScreen::IntroFactory introFor(const ScreenContext& context);

private:
    void lookUp();
    void loadMine();
    void showResult(const dossier::Lookup& lookup, bool mine);
    wxPanel* dossierCard(wxWindow* parent, const dossier::Dossier& d, int width);
    // Above the card when the dossier waits for the resident or is overdue (dossier::attentionFor).
    wxPanel* attentionBanner(wxWindow* parent, const dossier::Dossier& d, const dossier::Attention& a, int width);
    // Under a completed dossier's card: "Đánh giá sự hài lòng", or "Đã đánh giá" once rated.
    wxWindow* rateRow(wxWindow* parent, const dossier::Dossier& d, int width);
    // "In phiếu" for one dossier; when the printer fails, the reason and the QR code on screen.
    wxWindow* printRow(wxWindow* parent, const dossier::Dossier& d, int width);
    dossier::DossierService::Cancel newRequest();

    wxTextCtrl* code_ = nullptr;
    wxScrolledWindow* body_ = nullptr;
    wxSizer* results_ = nullptr;
    dossier::DossierService::Cancel cancel_;
};

}  // namespace kiosk::ui
