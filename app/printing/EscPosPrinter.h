#pragma once
#include <chrono>
#include <optional>
#include <string>

#include "printing/EscPos.h"
#include "printing/EscPosTarget.h"
#include "printing/Printer.h"

namespace kiosk {

// A thermal receipt printer spoken to in raw ESC/POS, on a device node or a network raw port:
// no driver and no spooler between the kiosk and the paper, so the kiosk itself asks the printer
// how it is (DLE EOT) before and after each slip. Every wait has a timeout (ESCPOS.md); a printer
// that never answers status is still printed to. Call only from the print thread.
class EscPosPrinter final : public Printer {
public:
    struct Options {
        std::chrono::milliseconds connectTimeout{1500};  // tcp:// only
        std::chrono::milliseconds answerTimeout{300};    // each DLE EOT answer
        std::chrono::milliseconds stallTimeout{5000};    // the printer takes no byte for this long
        std::chrono::milliseconds jobTimeout{60000};     // all of one slip's bytes
        EscPos::RasterOptions raster;
    };

    // `target` as in [printer] queue (EscPosTarget); one that does not parse makes every call
    // fail with NotConfigured. `widthDots`: the printable width, the width slips are drawn at.
    // 80 mm paper is 576 dots on most 203 dpi printers (72 mm printed); some print 512 (64 mm).
    explicit EscPosPrinter(const std::string& target, int widthDots = 576);
    EscPosPrinter(const std::string& target, int widthDots, Options options);

    std::string describe() const override;  // "escpos:/dev/usb/lp0 (576 dots)"
    bool wantsRaster() const override { return true; }
    int rasterWidthDots() const override { return widthDots_; }
    PrinterStatus status() override;
    PrintResult print(const PrintJob& job) override;

private:
    class Link;
    std::string targetError_;  // before target_, which is parsed into it
    std::optional<EscPosTarget> target_;
    std::string text_;
    int widthDots_;
    Options options_;
    std::string lastOddity_;
    std::optional<PrinterProblem> lastProblem_;  // of the last status(), to log changes only  // the last "not a status answer" logged as a warning, to say it once

    PrinterStatus query(Link& link);
};

}  // namespace kiosk
