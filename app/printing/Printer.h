#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace kiosk {

// A black-and-white picture of a printed page: rows packed 8 pixels to a byte, most significant
// bit first, a set bit is black (the layout of ESC/POS "GS v 0" and of PBM P4 files).
struct MonoBitmap {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> bits;  // height * stride() bytes

    int stride() const { return (width + 7) / 8; }
    bool black(int x, int y) const {
        return (bits[static_cast<size_t>(y * stride() + x / 8)] >> (7 - x % 8)) & 1;
    }
    void set(int x, int y, bool isBlack) {
        auto& byte = bits[static_cast<size_t>(y * stride() + x / 8)];
        const auto mask = static_cast<uint8_t>(0x80 >> (x % 8));
        byte = isBlack ? static_cast<uint8_t>(byte | mask) : static_cast<uint8_t>(byte & ~mask);
    }
    bool empty() const { return width <= 0 || height <= 0; }
};

// What is wrong with a printer, in the few kinds a resident and staff need told apart.
enum class PrinterProblem {
    None,
    NotConfigured,  // no printer set up (slips go to PDF files instead)
    Unreachable,    // CUPS, the device or the network printer does not answer
    Offline,        // the printer reports itself offline
    MediaEmpty,     // out of paper
    CoverOpen,
    Stopped,        // the queue is stopped or paused by staff, or the printer is in error
    NotAccepting,   // the queue refuses new jobs
    JobFailed,      // the job was refused, aborted or cancelled
};

const char* problemName(PrinterProblem problem);  // "media-empty" …, for logs and kioskctl

struct PrinterStatus {
    PrinterProblem problem = PrinterProblem::None;
    bool answered = true;   // false: the device gave no status (some ESC/POS printers never do)
    bool mediaLow = false;  // paper near its end: still prints, staff should be told
    std::string detail;     // the printer's own words (state reasons, status bytes), for logs

    bool ready() const { return problem == PrinterProblem::None; }
};

// One slip to print. A backend uses the form it needs: PDF (CUPS, the PDF spool) or the
// bitmap (raw ESC/POS thermal printers); wantsRaster() tells the renderer which to make.
struct PrintJob {
    std::string code;   // the tracking or dossier code the slip is about, for file names and logs
    std::string title;  // the job's name in the printer queue
    std::string pdf;    // a whole PDF document
    MonoBitmap raster;  // the page at the printer's own resolution
};

struct PrintResult {
    bool printed = false;  // the printer (or the spool) took the whole job
    PrinterProblem problem = PrinterProblem::None;
    std::string detail;     // for logs
    std::string reference;  // CUPS job id, spooled file path …
    // When the printer, CUPS or the spool had taken the whole job (before it finished printing):
    // what bench-slip measures. Unset when it never did.
    std::chrono::steady_clock::time_point acceptedAt{};
};

// A place slips go. Every call may block on a device or the network: call them only from the
// print thread (PrintService), never from the UI thread.
class Printer {
public:
    virtual ~Printer() = default;
    virtual std::string describe() const = 0;  // "cups:kiosk-slips at localhost", for logs
    virtual bool wantsRaster() const = 0;
    virtual int rasterWidthDots() const { return 0; }  // with wantsRaster(): the printable width
    virtual PrinterStatus status() = 0;
    virtual PrintResult print(const PrintJob& job) = 0;
    // False for a backend that only writes files (the PDF spool): nothing comes out for the
    // resident, so PrintService keeps every slip for staff as it keeps a failed one.
    virtual bool makesPaper() const { return true; }
};

}  // namespace kiosk
