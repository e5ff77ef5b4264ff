#pragma once
#include <wx/string.h>

#include "KioskContext.h"
#include "printing/PrintService.h"
#include "printing/Slip.h"

namespace kiosk::ui {

// What every slip printed now shares: this ward, the configured web addresses, the time, and
// the resident's language.
SlipSetting slipSettingFor(const KioskContext& kiosk);

// The slip drawn the way the configured printer takes it (PDF, or a bitmap for a thermal
// printer), ready for PrintService::print. UI thread (fonts); a few milliseconds.
PrintJob renderSlipJob(const Slip& slip, const PrintService& printer, const Config::Printer& config);

// What the resident is told once the print service answered: plain words, and when no paper came
// out, which desk (`[printer] desk`) hands the slip over.
wxString printOutcomeText(const PrintResult& result, bool toFile, const std::string& desk);

}  // namespace kiosk::ui
