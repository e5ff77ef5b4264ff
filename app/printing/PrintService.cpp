#include "printing/PrintService.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/IsoTime.h"
#include "log/Log.h"
#include "printing/CupsPrinter.h"
#include "printing/EscPosPrinter.h"
#include "printing/PdfSpoolPrinter.h"

namespace kiosk {
namespace {
std::string readWhole(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

// The kept file's code: its name up to the time stamp spoolFileName added.
std::string codeOf(const std::filesystem::path& file) {
    const std::string stem = file.stem().string();
    const auto dash = stem.rfind('-');
    return dash == std::string::npos ? stem : stem.substr(0, dash);
}
}  // namespace

PrintService::PrintService(std::unique_ptr<Printer> printer, std::filesystem::path keptDir)
    : printer_(std::move(printer)),
      keptDir_(std::move(keptDir)),
      wantsRaster_(printer_->wantsRaster()),
      rasterWidth_(printer_->rasterWidthDots()),
      describe_(printer_->describe()),
      makesPaper_(printer_->makesPaper()),
      queue_("print", "print") {}

PrintService::~PrintService() {
    queue_.close();
    queue_.join();
}

void PrintService::close() {
    queue_.close();
}

void PrintService::print(PrintJob job, std::function<void(const PrintResult&)> done) {
    queue_.post([this, job = std::move(job), done = std::move(done)] {
        const PrintResult result = printNow(job);
        if (done && !queue_.closing()) done(result);
    });
}

void PrintService::status(std::function<void(const PrinterStatus&)> done) {
    queue_.post([this, done = std::move(done)] {
        const PrinterStatus status = printer_->status();
        if (done && !queue_.closing()) done(status);
    });
}

PrintResult PrintService::printNow(const PrintJob& job) {
    auto logger = log::get("print");
    PrintResult result;
    try {
        result = printer_->print(job);
    } catch (const std::exception& error) {
        result = PrintResult{};
        result.problem = PrinterProblem::JobFailed;
        result.detail = error.what();
    }
    if (result.printed && !makesPaper_) {
        logger->info("slip {} written to {} ({}); no paper came out", job.code, describe_, result.reference);
        keep(job, result);
    } else if (result.printed) {
        logger->info("slip {} printed on {} ({}){}", job.code, describe_, result.reference,
                     result.detail.empty() ? "" : ": " + result.detail);
    } else {
        logger->error("slip {} NOT printed on {}: {} ({})", job.code, describe_, problemName(result.problem), result.detail);
        keep(job, result);
    }
    return result;
}

void PrintService::keep(const PrintJob& job, const PrintResult& result) {
    std::error_code error;
    std::filesystem::create_directories(keptDir_, error);
    const std::string now = formatIsoUtc(std::chrono::system_clock::now());
    try {
        if (!job.pdf.empty()) writeFileAtomically(keptDir_ / spoolFileName(job.code, now, "pdf"), job.pdf);
        if (!job.raster.empty())
            writeFileAtomically(keptDir_ / spoolFileName(job.code, now, "pbm"), toPbm(job.raster));
        log::get("print")->warn("slip {} kept in {} for staff to reprint ({})", job.code, keptDir_.string(),
                                result.printed ? "no printer" : problemName(result.problem));
    } catch (const std::exception& failure) {
        log::get("print")->error("slip {} could not be kept: {}", job.code, failure.what());
    }
}

std::vector<std::filesystem::path> PrintService::keptJobs() const {
    std::vector<std::filesystem::path> files;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(keptDir_, error)) {
        const auto ext = entry.path().extension();
        if (entry.is_regular_file() && (ext == ".pdf" || ext == ".pbm")) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
        const auto at = a.stem().string(), bt = b.stem().string();
        const auto as = at.substr(at.rfind('-') + 1), bs = bt.substr(bt.rfind('-') + 1);
        return as != bs ? as < bs : a < b;
    });
    return files;
}

PrintResult PrintService::reprint(const std::filesystem::path& kept) {
    PrintJob job;
    job.code = codeOf(kept);
    job.title = job.code;
    auto twin = kept;
    if (kept.extension() == ".pbm") {
        job.raster = fromPbm(readWhole(kept));
        twin.replace_extension(".pdf");
        if (std::filesystem::exists(twin)) job.pdf = readWhole(twin);
    } else {
        job.pdf = readWhole(kept);
        twin.replace_extension(".pbm");
        if (std::filesystem::exists(twin)) job.raster = fromPbm(readWhole(twin));
    }
    PrintResult result;
    if (!makesPaper_) {
        result.problem = PrinterProblem::NotConfigured;
        result.detail = describe_ + " makes no paper: configure [printer] backend cups or escpos to reprint";
        return result;
    }
    try {
        result = printer_->print(job);
    } catch (const std::exception& error) {
        result.problem = PrinterProblem::JobFailed;
        result.detail = error.what();
    }
    if (result.printed) {
        std::error_code ignored;
        std::filesystem::remove(kept, ignored);
        std::filesystem::remove(twin, ignored);
        log::get("print")->info("kept slip {} reprinted on {} ({})", kept.string(), describe_, result.reference);
    }
    return result;
}

std::unique_ptr<Printer> makePrinter(const Config::Printer& config, const std::filesystem::path& stateDir) {
    if (config.backend == "pdf") {
        return std::make_unique<PdfSpoolPrinter>(config.spoolDir.empty() ? stateDir / "slips" : config.spoolDir);
    }
    if (config.backend == "cups") {
        if (config.queue.empty()) throw std::invalid_argument("[printer] queue: the CUPS queue to print to is not set");
        CupsPrinter::Options options;
        options.queue = config.queue;
        options.server = config.server;
        if (config.paper == "a4") options.media = "iso_a4_210x297mm";
        if (config.paper == "a5") options.media = "iso_a5_148x210mm";
        options.jobTimeout = std::chrono::duration_cast<std::chrono::milliseconds>(config.jobTimeout);
        return std::make_unique<CupsPrinter>(options);
    }
    if (config.backend == "escpos") {
        if (config.queue.empty())
            throw std::invalid_argument("[printer] queue: the thermal printer's device or tcp://host:port is not set");
        EscPosPrinter::Options options;
        options.jobTimeout = std::max(options.jobTimeout, std::chrono::duration_cast<std::chrono::milliseconds>(config.jobTimeout));
        return std::make_unique<EscPosPrinter>(config.queue, config.dots, options);
    }
    throw std::invalid_argument("[printer] backend: \"" + config.backend + "\" is not one of pdf, cups, escpos");
}

std::filesystem::path keptSlipsDir(const std::filesystem::path& stateDir) {
    return stateDir / "slips-kept";
}

std::string toPbm(const MonoBitmap& bitmap) {
    std::string out = "P4\n" + std::to_string(bitmap.width) + " " + std::to_string(bitmap.height) + "\n";
    out.append(reinterpret_cast<const char*>(bitmap.bits.data()), bitmap.bits.size());
    return out;
}

MonoBitmap fromPbm(const std::string& bytes) {
    std::size_t at = 0;
    auto skipSpace = [&] {
        while (at < bytes.size()) {
            if (bytes[at] == '#') {
                while (at < bytes.size() && bytes[at] != '\n') ++at;
            } else if (bytes[at] == ' ' || bytes[at] == '\n' || bytes[at] == '\r' || bytes[at] == '\t') {
                ++at;
            } else {
                break;
            }
        }
    };
    auto number = [&] {
        skipSpace();
        long value = 0;
        const std::size_t start = at;
        while (at < bytes.size() && bytes[at] >= '0' && bytes[at] <= '9' && at - start < 6) value = value * 10 + (bytes[at++] - '0');
        if (at == start || value <= 0 || value > 20000) throw std::runtime_error("bad PBM size");
        return static_cast<int>(value);
    };
    if (bytes.size() < 2 || bytes.compare(0, 2, "P4") != 0) throw std::runtime_error("not a PBM (P4) file");
    at = 2;
    MonoBitmap bitmap;
    bitmap.width = number();
    bitmap.height = number();
    if (at >= bytes.size() || !(bytes[at] == ' ' || bytes[at] == '\n' || bytes[at] == '\r' || bytes[at] == '\t'))
        throw std::runtime_error("bad PBM header");
    ++at;
    const std::size_t size = static_cast<std::size_t>(bitmap.stride()) * static_cast<std::size_t>(bitmap.height);
    if (bytes.size() - at != size) throw std::runtime_error("PBM data has the wrong length");
    bitmap.bits.assign(bytes.begin() + static_cast<std::ptrdiff_t>(at), bytes.end());
    return bitmap;
}

}  // namespace kiosk
