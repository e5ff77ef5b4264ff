#pragma once
#include <wx/image.h>
#include <wx/prntbase.h>

#include <string>

#include "printing/Printer.h"
#include "printing/Slip.h"

class wxGraphicsContext;

namespace kiosk::ui {

enum class SlipPaper { Roll80, A5, A4 };
SlipPaper slipPaperFor(const std::string& configPaper);  // "80mm" | "a5" | "a4"

// A tracking slip as a wxPrintout: one page, drawn in millimetres with Noto Sans (every
// Vietnamese glyph), the code in large type and its QR code with crisp square modules. It is
// drawn into a PDF (for CUPS and the PDF spool) or into a bitmap at a thermal printer's
// resolution, never through a print dialog: the resident only presses "In phiếu". Drawing is
// CPU work of a few milliseconds on the UI thread (the toolkit's fonts live there); writing,
// sending and waiting for the printer happen on the print thread.
class SlipPrintout : public wxPrintout {
public:
    SlipPrintout(const Slip& slip, SlipPaper paper);

    bool OnPrintPage(int page) override;
    bool HasPage(int page) override { return page == 1; }
    void GetPageInfo(int* minPage, int* maxPage, int* pageFrom, int* pageTo) override;

    // The page: 80 mm wide and as long as the slip for a roll; A5 or A4 otherwise.
    double pageWidthMm() const;
    double pageHeightMm();

    // A whole PDF document of the slip.
    std::string renderPdf();
    // The slip `widthDots` wide (576 for an 80 mm roll at 203 dpi), black and white.
    MonoBitmap renderRaster(int widthDots);
    // The same in grey, for previews and tests.
    wxImage renderImage(int widthPx);

private:
    // Lays the slip out on gc in tenths of a millimetre from the top; draws only when `draw`.
    // Returns the height used.
    double layout(wxGraphicsContext& gc, bool draw);
    double contentHeightMm();

    Slip slip_;
    SlipPaper paper_;
    bool rasterMode_ = false;     // a thermal printer's bitmap: its printable width only
    double unitScale_ = 1.0;      // device units per layout unit (a tenth of a millimetre)
    double measuredHeightMm_ = 0;
};

}  // namespace kiosk::ui
