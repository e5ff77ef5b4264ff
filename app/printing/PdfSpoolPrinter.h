#pragma once
#include <filesystem>

#include "printing/Printer.h"

namespace kiosk {

// With no printer configured, slips become PDF files in a spool directory: a demo kiosk, or one
// whose printer is not installed yet, still makes every slip, and staff can print them later.
// Files are written whole to a temporary name, synced and renamed, so a half-written slip never
// shows up as a finished one.
class PdfSpoolPrinter : public Printer {
public:
    explicit PdfSpoolPrinter(std::filesystem::path directory);
    std::string describe() const override;
    bool wantsRaster() const override { return false; }
    bool makesPaper() const override { return false; }
    PrinterStatus status() override;
    PrintResult print(const PrintJob& job) override;

private:
    std::filesystem::path dir_;
};

// "PA-7K3M-Q9R-20261128T083000Z.pdf": the code (only [A-Za-z0-9.-] kept) and the time, so
// files sort by time within a code and never collide.
std::string spoolFileName(const std::string& code, const std::string& isoUtcNow, const std::string& extension);

// Writes bytes to path through path + ".part", fsync and rename. Throws std::runtime_error.
void writeFileAtomically(const std::filesystem::path& path, const std::string& bytes);

}  // namespace kiosk
