#pragma once
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/Config.h"
#include "core/TaskQueue.h"
#include "printing/Printer.h"

namespace kiosk {

// The kiosk's one way to print: jobs go to the configured printer on the print thread, in order,
// and each outcome comes back through a callback (on that thread; the UI hands it to its
// dispatcher). A slip that did not print is kept in the kept directory (PDF, and the raster as
// PBM when there is one) for staff to reprint with `kioskctl print reprint`: a resident told
// "the printer is out of paper" can be handed the slip later. With a printer that makes no paper
// (the PDF spool) every slip is kept so: the resident is sent to the desk for it.
class PrintService {
public:
    PrintService(std::unique_ptr<Printer> printer, std::filesystem::path keptDir);
    ~PrintService();

    bool wantsRaster() const { return wantsRaster_; }
    int rasterWidthDots() const { return rasterWidth_; }
    const std::string& describe() const { return describe_; }

    void print(PrintJob job, std::function<void(const PrintResult&)> done);
    void status(std::function<void(const PrinterStatus&)> done);
    void close();  // drops what is queued; the job being sent finishes

    // For kioskctl (blocking, never from the UI thread).
    PrintResult printNow(const PrintJob& job);
    std::vector<std::filesystem::path> keptJobs() const;  // oldest first, PDF or PBM files
    // Sends a kept file again; removes it (and its twin) once printed on paper. A printer that
    // makes no paper is not asked: the slip stays kept (NotConfigured).
    PrintResult reprint(const std::filesystem::path& kept);
    Printer& printer() { return *printer_; }

private:
    void keep(const PrintJob& job, const PrintResult& result);

    std::unique_ptr<Printer> printer_;
    std::filesystem::path keptDir_;
    bool wantsRaster_;
    int rasterWidth_;
    std::string describe_;
    bool makesPaper_;
    TaskQueue queue_;  // last: its thread starts once everything above exists
};

// The printer the config asks for. pdf: files in <state>/slips; cups: the named queue; escpos:
// a thermal printer on a device or tcp://host:port.
// Throws std::invalid_argument naming the [printer] key when the config cannot work.
std::unique_ptr<Printer> makePrinter(const Config::Printer& config, const std::filesystem::path& stateDir);
std::filesystem::path keptSlipsDir(const std::filesystem::path& stateDir);

// PBM (P4) files: how a raster slip is kept.
std::string toPbm(const MonoBitmap& bitmap);
MonoBitmap fromPbm(const std::string& bytes);  // throws std::runtime_error on anything malformed

}  // namespace kiosk
