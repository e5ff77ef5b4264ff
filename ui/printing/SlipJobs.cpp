#include "printing/SlipJobs.h"

#include <wx/intl.h>

#include <chrono>

#include "Translations.h"
#include "printing/SlipPrintout.h"

namespace kiosk::ui {

SlipSetting slipSettingFor(const KioskContext& kiosk) {
    SlipSetting setting;
    setting.wardName = kiosk.wardDisplayName();
    setting.feedbackWeb = kiosk.config.printer.feedbackWeb;
    setting.dossierWeb = kiosk.config.printer.dossierWeb;
    setting.now = std::chrono::system_clock::now();
    setting.translate = [](const char* msgid) { return tr(msgid).utf8_string(); };
    return setting;
}

PrintJob renderSlipJob(const Slip& slip, const PrintService& printer, const Config::Printer& config) {
    PrintJob job;
    job.code = slip.code;
    job.title = slip.title + " " + slip.code;
    SlipPrintout printout(slip, slipPaperFor(config.paper));
    if (printer.wantsRaster())
        job.raster = printout.renderRaster(printer.rasterWidthDots() > 0 ? printer.rasterWidthDots() : 576);
    // Always a PDF too: a kept slip can be reprinted on any printer, or opened by staff.
    job.pdf = printout.renderPdf();
    return job;
}

wxString printOutcomeText(const PrintResult& result, bool toFile, const std::string& desk) {
    if (result.printed && !toFile) return _("Your slip is printing. Please take it from the printer.");
    const wxString goTo = wxString::Format(_("Please go to %s to get your slip."), wxString::FromUTF8(desk));
    if (result.printed) return _("This kiosk has no printer.") + " " + goTo;
    wxString why;
    switch (result.problem) {
        case PrinterProblem::MediaEmpty: why = _("The printer is out of paper."); break;
        case PrinterProblem::CoverOpen: why = _("The printer's cover is open."); break;
        case PrinterProblem::Offline:
        case PrinterProblem::Unreachable: why = _("The printer is not answering."); break;
        default: why = _("The printer is not working right now."); break;
    }
    return why + " " + goTo;
}

}  // namespace kiosk::ui
