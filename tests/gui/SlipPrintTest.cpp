// Slips as they leave the kiosk: drawn through SlipPrintout with Noto Sans, as PDF for an 80 mm
// roll, A5 and A4 and as a thermal printer's bitmap, printed for real through a private CUPS
// scheduler (tests/printer/with-cups.sh), the paper image made from what CUPS printed
// (pdftoppm) and its QR code decoded back to the tracking code. One queue ends in a backend that
// keeps its jobs; the other is IPP Everywhere to an IPP printer (ippeveprinter) whose plug the
// tests pull and put back.
#define BOOST_TEST_MODULE SlipPrint
#include <wx/app.h>
#include <wx/image.h>
#include <wx/init.h>

#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <chrono>
#include <csignal>
#include <signal.h>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "SampleSlip.h"
#include "TestPaths.h"
#include "feedback/Outbox.h"
#include "feedback/SlipCode.h"
#include "printing/CupsPrinter.h"
#include "printing/PrintService.h"
#include "printing/SlipPrintout.h"
#include "scan/QrDecoder.h"
#include "scan/ScanClassifier.h"

using namespace kiosk;
using kiosk::ui::SlipPaper;
using kiosk::ui::SlipPrintout;

namespace {
struct WxRuntime {
    WxRuntime() {
        static int argc = 1;
        static char name[] = "test-slip-print";
        static char* argv[] = {name, nullptr};
        wxApp::SetInstance(new wxApp);
        BOOST_TEST_REQUIRE(wxEntryStart(argc, argv));
        wxInitAllImageHandlers();
    }
    ~WxRuntime() { wxEntryCleanup(); }
};
BOOST_TEST_GLOBAL_FIXTURE(WxRuntime);

Slip sampleSlip() {
    Slip slip = test::sampleFeedbackSlip("PA-7K3M-Q9F", "1022-4411");
    slip.title = "PHIẾU THEO DÕI PHẢN ÁNH";  // the Vietnamese a resident gets, every diacritic in it
    return slip;
}

std::string run(const std::string& command) {
    std::string out;
    if (FILE* pipe = popen(command.c_str(), "r")) {
        char buffer[4096];
        while (const auto n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
        pclose(pipe);
    }
    return out;
}

std::string readFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void writeFile(const std::filesystem::path& file, const std::string& bytes) {
    std::ofstream(file, std::ios::binary) << bytes;
}

// A binary PGM (P5, 8-bit) as pdftoppm -gray writes it.
std::vector<std::string> decodePgm(const std::filesystem::path& file) {
    std::istringstream in(readFile(file));
    std::string magic;
    int width = 0, height = 0, maxValue = 0;
    in >> magic >> width >> height >> maxValue;
    in.get();
    BOOST_TEST_REQUIRE(magic == "P5");
    BOOST_TEST_REQUIRE((width > 0 && height > 0 && maxValue == 255));
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
    in.read(reinterpret_cast<char*>(pixels.data()), static_cast<std::streamsize>(pixels.size()));
    BOOST_TEST_REQUIRE(static_cast<std::size_t>(in.gcount()) == pixels.size());
    scan::FrameView frame{pixels, width, height, width, scan::PixelFormat::Lum};
    return scan::QrDecoder().decode(frame).texts;
}

// The PDF as paper: rasterised at a thermal printer's 203 dpi, then read like a camera would.
std::vector<std::string> decodePdf(const std::string& pdf, const std::string& name) {
    const auto dir = test::scratchDir("slip-" + name);
    writeFile(dir / "slip.pdf", pdf);
    const std::string command = "pdftoppm -r 203 -gray -singlefile '" + (dir / "slip.pdf").string() + "' '" +
                                (dir / "page").string() + "' 2>&1";
    BOOST_TEST_REQUIRE(std::system(command.c_str()) == 0, command);
    return decodePgm(dir / "page.pgm");
}

// What a poppler tool says of the PDF; `after` follows the file name ("-" for stdout).
std::string pdfInfo(const std::string& pdf, const std::string& tool, const std::string& name,
                    const std::string& after = "") {
    const auto dir = test::scratchDir("info-" + name);
    writeFile(dir / "slip.pdf", pdf);
    return run(tool + " '" + (dir / "slip.pdf").string() + "' " + after + " 2>&1");
}

std::vector<std::string> decodeBitmap(const MonoBitmap& bitmap) {
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(bitmap.width) * static_cast<std::size_t>(bitmap.height));
    for (int y = 0; y < bitmap.height; ++y)
        for (int x = 0; x < bitmap.width; ++x)
            pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(bitmap.width) + static_cast<std::size_t>(x)] =
                bitmap.black(x, y) ? 0 : 255;
    scan::FrameView frame{pixels, bitmap.width, bitmap.height, bitmap.width, scan::PixelFormat::Lum};
    return scan::QrDecoder().decode(frame).texts;
}

// A PNG of the paper, as a person would look at it: its QR code read from the picture.
std::vector<std::string> decodePng(const std::filesystem::path& file) {
    wxImage image;
    BOOST_TEST_REQUIRE(image.LoadFile(file.string(), wxBITMAP_TYPE_PNG), file);
    const wxImage grey = image.ConvertToGreyscale();
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(grey.GetWidth()) * static_cast<std::size_t>(grey.GetHeight()));
    const unsigned char* rgb = grey.GetData();
    for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = rgb[3 * i];
    scan::FrameView frame{pixels, grey.GetWidth(), grey.GetHeight(), grey.GetWidth(), scan::PixelFormat::Lum};
    return scan::QrDecoder().decode(frame).texts;
}

// The IPP printer of with-cups.sh: where it keeps what it printed, and its plug.
struct IppPrinter {
    std::filesystem::path out = std::getenv("KIOSK_TEST_IPP_OUT");
    std::filesystem::path dir = std::getenv("KIOSK_TEST_CUPS_DIR");

    std::set<std::filesystem::path> documents() const {
        std::set<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::directory_iterator(out))
            if (entry.path().extension() == ".pdf") files.insert(entry.path());
        return files;
    }
    // The document that was not there before, once it is whole (ippeveprinter writes it while
    // receiving; CUPS calls the job done when the printer has it).
    std::filesystem::path newDocument(const std::set<std::filesystem::path>& before) const {
        for (int i = 0; i < 100; ++i) {
            for (const auto& file : documents())
                if (!before.contains(file) && std::filesystem::file_size(file) > 0) return file;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return {};
    }
    void unplug() const {
        const auto pid = std::stoi(readFile(dir / "ipp.pid"));
        BOOST_TEST_REQUIRE(::kill(pid, SIGKILL) == 0);
        for (int i = 0; i < 50 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    void plugIn() const { BOOST_TEST_REQUIRE(std::system((dir / "ipp-start").c_str()) == 0); }
};

CupsPrinter::Options ippQueue() {
    const char* server = std::getenv("KIOSK_TEST_CUPS");
    BOOST_TEST_REQUIRE((server != nullptr && std::getenv("KIOSK_TEST_IPP_OUT") != nullptr),
                       "run through tests/printer/with-cups.sh (ctest does)");
    CupsPrinter::Options options;
    options.queue = "kiosk-ipp";
    options.server = server;
    options.jobTimeout = std::chrono::seconds(5);
    return options;
}

PrintJob rollJob(const std::string& code) {
    Slip slip = test::sampleFeedbackSlip(code, "1022-4411");
    slip.title = "PHIẾU THEO DÕI PHẢN ÁNH";
    PrintJob job;
    job.code = code;
    job.title = slip.title + " " + code;
    job.pdf = SlipPrintout(slip, SlipPaper::Roll80).renderPdf();
    return job;
}

// What the printer printed, made into a PNG at a thermal printer's 203 dpi, its QR code read.
std::vector<std::string> decodePrinted(const std::filesystem::path& document, const std::string& name) {
    const auto dir = test::scratchDir("printed-" + name);
    const std::string command = "pdftoppm -r 203 -png -singlefile '" + document.string() + "' '" +
                                (dir / "page").string() + "' 2>&1";
    BOOST_TEST_REQUIRE(std::system(command.c_str()) == 0, command);
    return decodePng(dir / "page.png");
}
}  // namespace

BOOST_AUTO_TEST_SUITE(slip_print)

BOOST_AUTO_TEST_CASE(an_80mm_slip_is_a_pdf_with_vietnamese_text_an_embedded_font_and_a_readable_qr) {
    SlipPrintout printout(sampleSlip(), SlipPaper::Roll80);
    const std::string pdf = printout.renderPdf();
    BOOST_TEST_REQUIRE(pdf.rfind("%PDF-", 0) == 0);
    BOOST_TEST(std::abs(printout.pageWidthMm() - 80.0) < 0.01);
    BOOST_TEST((printout.pageHeightMm() > 120 && printout.pageHeightMm() < 400), printout.pageHeightMm());
    // Noto Sans, embedded: the printer needs no font of its own for any Vietnamese letter.
    const std::string fonts = pdfInfo(pdf, "pdffonts", "roll-fonts");
    std::istringstream fontLines(fonts);
    int noto = 0;
    for (std::string line; std::getline(fontLines, line);) {
        if (line.find("NotoSans") == std::string::npos) continue;
        ++noto;
        BOOST_TEST(line.find(" yes ") != std::string::npos, "not embedded: " << line);
    }
    BOOST_TEST(noto >= 1, fonts);
    const std::string extracted = pdfInfo(pdf, "pdftotext -enc UTF-8", "roll-text", "-");
    BOOST_TEST(extracted.find("PHIẾU THEO DÕI PHẢN ÁNH") != std::string::npos, extracted);
    BOOST_TEST(extracted.find("PA-7K3M-Q9F") != std::string::npos);
    BOOST_TEST(extracted.find("Phường Sài Gòn") != std::string::npos);
    BOOST_TEST(extracted.find("Đèn đường hư hỏng") != std::string::npos);
    const auto codes = decodePdf(pdf, "roll");
    BOOST_TEST_REQUIRE(codes.size() == 1u);
    BOOST_TEST(codes.front() == slipPayload("PA-7K3M-Q9F", "1022-4411"));
    // Any kiosk's scanner reads it back as the report's tracking code and the city's id.
    const auto read = scan::classifyScan(codes.front());
    BOOST_TEST_REQUIRE(std::holds_alternative<scan::OurReport>(read));
    BOOST_TEST(std::get<scan::OurReport>(read).trackingCode == "PA-7K3M-Q9F");
    BOOST_TEST(std::get<scan::OurReport>(read).serviceRequestId == "1022-4411");
}

// Issue 16: printed before the city has the report, the slip holds the tracking code alone and
// says on paper where (this kiosk's ward) the report can be followed.
BOOST_AUTO_TEST_CASE(a_slip_printed_before_the_city_has_the_report_says_where_it_is_kept) {
    SlipSetting setting;
    setting.wardName = "Phường Bến Thành";
    setting.now = std::chrono::system_clock::now();
    setting.translate = [](const char* msgid) { return std::string(msgid); };
    OutboxReport report;
    report.trackingCode = newTrackingCode("26743");
    report.createdAt = "2026-11-28T01:00:00Z";
    report.draft.serviceName = "Lấn chiếm lòng lề đường (dữ liệu mô phỏng)";
    report.state = ReportState::Queued;
    const std::string pdf = SlipPrintout(feedbackSlip(report, setting), SlipPaper::Roll80).renderPdf();
    std::string text = pdfInfo(pdf, "pdftotext -enc UTF-8", "waiting-text", "-");
    std::replace(text.begin(), text.end(), '\n', ' ');
    BOOST_TEST(text.find("Waiting to be sent: follow it at the kiosk of the People's Committee of Phường Bến") !=
                   std::string::npos,
               text);
    BOOST_TEST(text.find("any ward kiosk") == std::string::npos, text);
    const auto codes = decodePdf(pdf, "waiting");
    BOOST_TEST_REQUIRE(codes.size() == 1u);
    BOOST_TEST(codes.front() == report.trackingCode);
    const auto read = scan::classifyScan(codes.front());
    BOOST_TEST_REQUIRE(std::holds_alternative<scan::OurReport>(read));
    BOOST_TEST(std::get<scan::OurReport>(read).serviceRequestId.empty());
}

BOOST_AUTO_TEST_CASE(a5_and_a4_slips_are_whole_pages_with_a_readable_qr) {
    for (auto [paper, name, widthMm, heightMm] :
         {std::tuple{SlipPaper::A5, "a5", 148.0, 210.0}, std::tuple{SlipPaper::A4, "a4", 210.0, 297.0}}) {
        SlipPrintout printout(sampleSlip(), paper);
        const std::string pdf = printout.renderPdf();
        const std::string info = pdfInfo(pdf, "pdfinfo", name);
        // pdfinfo gives points: 1 mm = 72 / 25.4 pt.
        double width = 0, height = 0;
        const auto at = info.find("Page size:");
        BOOST_TEST_REQUIRE(at != std::string::npos, info);
        BOOST_TEST_REQUIRE(std::sscanf(info.c_str() + at, "Page size: %lf x %lf pts", &width, &height) == 2, info);
        BOOST_TEST(std::abs(width - widthMm * 72 / 25.4) < 0.1, name << ": " << width);
        BOOST_TEST(std::abs(height - heightMm * 72 / 25.4) < 0.1, name << ": " << height);
        BOOST_TEST(info.find("Pages:           1\n") != std::string::npos, info);
        const auto codes = decodePdf(pdf, name);
        BOOST_TEST_REQUIRE(codes.size() == 1u, name);
        BOOST_TEST(codes.front() == slipPayload("PA-7K3M-Q9F", "1022-4411"));
    }
}

BOOST_AUTO_TEST_CASE(a_thermal_printer_bitmap_is_576_dots_wide_and_its_qr_reads_back) {
    SlipPrintout printout(sampleSlip(), SlipPaper::Roll80);
    const MonoBitmap bitmap = printout.renderRaster(576);
    BOOST_TEST(bitmap.width == 576);
    BOOST_TEST((bitmap.height > 800 && bitmap.height < 3200), bitmap.height);
    std::size_t black = 0;
    for (auto byte : bitmap.bits) black += static_cast<std::size_t>(__builtin_popcount(byte));
    const double share = static_cast<double>(black) / (static_cast<double>(bitmap.width) * bitmap.height);
    BOOST_TEST((share > 0.03 && share < 0.4), share);  // text and a QR code, not blank, not solid
    const auto codes = decodeBitmap(bitmap);
    BOOST_TEST_REQUIRE(codes.size() == 1u);
    BOOST_TEST(codes.front() == slipPayload("PA-7K3M-Q9F", "1022-4411"));
}

BOOST_AUTO_TEST_CASE(a_slip_printed_through_cups_comes_out_with_its_qr_code) {
    const char* server = std::getenv("KIOSK_TEST_CUPS");
    BOOST_TEST_REQUIRE(server != nullptr, "run through tests/printer/with-cups.sh (ctest does)");
    const std::filesystem::path out = std::getenv("KIOSK_TEST_CUPS_OUT");
    CupsPrinter::Options options;
    options.queue = "kiosk-test";
    options.server = server;
    const auto kept = test::scratchDir("slip-kept");
    PrintService service(std::make_unique<CupsPrinter>(options), kept);
    PrintJob job;
    job.code = "PA-7K3M-Q9F";
    job.title = "PHIẾU THEO DÕI PHẢN ÁNH PA-7K3M-Q9F";
    job.pdf = SlipPrintout(sampleSlip(), SlipPaper::Roll80).renderPdf();
    const PrintResult result = service.printNow(job);
    BOOST_TEST_REQUIRE(result.printed, problemName(result.problem) << ": " << result.detail);
    const auto id = result.reference.substr(result.reference.rfind('-') + 1);
    const auto printed = readFile(out / ("job-" + id + ".out"));
    BOOST_TEST_REQUIRE(!printed.empty());
    const auto codes = decodePdf(printed, "cups");
    BOOST_TEST_REQUIRE(codes.size() == 1u);
    BOOST_TEST(codes.front() == slipPayload("PA-7K3M-Q9F", "1022-4411"));
    BOOST_TEST(service.keptJobs().empty());
}

BOOST_AUTO_TEST_CASE(a_slip_printed_on_an_ipp_printer_comes_out_as_a_png_with_its_qr_code) {
    const IppPrinter ipp;
    const auto kept = test::scratchDir("slip-kept-ipp");
    PrintService service(std::make_unique<CupsPrinter>(ippQueue()), kept);
    const auto before = ipp.documents();
    const PrintResult result = service.printNow(rollJob("PA-2B8D-W4T"));
    BOOST_TEST_REQUIRE(result.printed, problemName(result.problem) << ": " << result.detail);
    const auto document = ipp.newDocument(before);
    BOOST_TEST_REQUIRE(!document.empty(), "the IPP printer kept no document");
    const auto codes = decodePrinted(document, "ipp");
    BOOST_TEST_REQUIRE(codes.size() == 1u);
    BOOST_TEST(codes.front() == slipPayload("PA-2B8D-W4T", "1022-4411"));
    BOOST_TEST(service.keptJobs().empty());
}

BOOST_AUTO_TEST_CASE(an_unplugged_ipp_printer_keeps_the_slip_and_it_prints_once_plugged_back_in) {
    const IppPrinter ipp;
    const auto kept = test::scratchDir("slip-kept-unplugged");
    PrintService service(std::make_unique<CupsPrinter>(ippQueue()), kept);
    ipp.unplug();
    const PrintResult result = service.printNow(rollJob("PA-5C6E-Y7U"));
    BOOST_TEST(!result.printed);
    BOOST_TEST(std::string(problemName(result.problem)) == "unreachable",
               problemName(result.problem) << ": " << result.detail);
    BOOST_TEST_REQUIRE(service.keptJobs().size() == 1u);

    ipp.plugIn();
    const auto before = ipp.documents();
    const PrintResult again = service.reprint(service.keptJobs().front());
    BOOST_TEST_REQUIRE(again.printed, problemName(again.problem) << ": " << again.detail);
    BOOST_TEST(service.keptJobs().empty());
    const auto document = ipp.newDocument(before);
    BOOST_TEST_REQUIRE(!document.empty(), "the IPP printer kept no document");
    const auto codes = decodePrinted(document, "ipp-again");
    BOOST_TEST_REQUIRE(codes.size() == 1u);
    BOOST_TEST(codes.front() == slipPayload("PA-5C6E-Y7U", "1022-4411"));
}

BOOST_AUTO_TEST_SUITE_END()
