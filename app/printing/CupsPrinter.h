#pragma once
#include <chrono>
#include <string>

#include "printing/Printer.h"

namespace kiosk {

// A CUPS queue, spoken to over IPP with libcups: the printer's state (printer-state,
// printer-state-reasons, printer-is-accepting-jobs) is read before a job is sent and the job is
// followed until it is done, so a resident is told at once when a slip did not come out. A job
// that cannot finish (the queue stopped, out of paper, offline, or the printer not reached
// within jobTimeout) is cancelled rather than left to print hours later for nobody; the print
// service keeps it for staff to reprint.
class CupsPrinter : public Printer {
public:
    struct Options {
        std::string queue;   // the CUPS queue (printer name)
        std::string server;  // "host:port" or a socket path; "" = the system's (cupsServer())
        std::string media;   // IPP media keyword ("iso_a4_210x297mm"), "" = the page's own size
        std::chrono::milliseconds connectTimeout{3000};
        std::chrono::milliseconds jobTimeout{20000};  // how long a job may take to finish
        std::chrono::milliseconds pollInterval{200};
    };
    explicit CupsPrinter(Options options);
    std::string describe() const override;
    bool wantsRaster() const override { return false; }
    PrinterStatus status() override;
    PrintResult print(const PrintJob& job) override;

private:
    Options options_;
};

// What CUPS's printer-state (3 idle, 4 processing, 5 stopped), printer-state-reasons and
// printer-is-accepting-jobs mean for a resident waiting for a slip. A reason ending in
// "-warning" is not a fault; "-report" is, for offline (CUPS backends say "offline-report" when
// the printer does not answer). "media-low" only sets mediaLow.
PrinterStatus interpretPrinterState(int printerState, const std::vector<std::string>& reasons, bool acceptingJobs,
                                    const std::string& message);

}  // namespace kiosk
