// Printers: CUPS's printer state in a resident's terms, the PDF spool, kept slips, and real
// jobs through a private CUPS scheduler (tests/printer/with-cups.sh) whose test backend keeps
// each job as a file or plays a fault.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "TestPaths.h"
#include "printing/CupsPrinter.h"
#include "printing/PdfSpoolPrinter.h"
#include "printing/PrintService.h"

namespace kiosk {
std::ostream& operator<<(std::ostream& out, PrinterProblem problem) {
    return out << problemName(problem);
}
}  // namespace kiosk

using namespace kiosk;
using namespace std::chrono_literals;

namespace {
// A small but complete one-page PDF: what CUPS is given in these tests.
const std::string kPdf =
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 227 300]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

std::string readFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// CUPS of with-cups.sh; fails the test when it is not there rather than passing untested.
std::string cupsServer() {
    const char* server = std::getenv("KIOSK_TEST_CUPS");
    BOOST_TEST_REQUIRE(server != nullptr, "run this test through tests/printer/with-cups.sh (ctest does)");
    return server;
}
std::filesystem::path cupsOut() {
    return std::getenv("KIOSK_TEST_CUPS_OUT");
}
void setMode(const std::string& mode) {
    std::ofstream(cupsOut() / "mode") << mode;
}
int cupsCommand(const std::string& tool, const std::string& queue) {
    return std::system((tool + " -h " + cupsServer() + " " + queue + " >/dev/null 2>&1").c_str());
}
std::size_t jobFiles() {
    std::size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator(cupsOut()))
        if (e.path().extension() == ".out") ++n;
    return n;
}

CupsPrinter::Options cupsOptions(const std::string& queue = "kiosk-test") {
    CupsPrinter::Options o;
    o.queue = queue;
    o.server = cupsServer();
    o.jobTimeout = 15s;
    return o;
}

PrintJob job(const std::string& code) {
    PrintJob j;
    j.code = code;
    j.title = "Test slip " + code;
    j.pdf = kPdf;
    return j;
}

// A printer that answers as told: for the print service's own rules.
class ScriptedPrinter : public Printer {
public:
    PrintResult next;
    int printed = 0;
    std::string describe() const override { return "scripted"; }
    bool wantsRaster() const override { return true; }
    int rasterWidthDots() const override { return 16; }
    PrinterStatus status() override { return {}; }
    PrintResult print(const PrintJob&) override {
        ++printed;
        return next;
    }
};
}  // namespace

BOOST_AUTO_TEST_SUITE(printer_state)

BOOST_AUTO_TEST_CASE(cups_reasons_become_what_a_resident_is_told) {
    BOOST_TEST(interpretPrinterState(3, {"none"}, true, "").ready());
    BOOST_TEST(interpretPrinterState(3, {"media-empty-error"}, true, "").problem == PrinterProblem::MediaEmpty);
    BOOST_TEST(interpretPrinterState(3, {"media-needed"}, true, "").problem == PrinterProblem::MediaEmpty);
    BOOST_TEST(interpretPrinterState(4, {"offline-report"}, true, "").problem == PrinterProblem::Offline);
    BOOST_TEST(interpretPrinterState(3, {"cover-open-error"}, true, "").problem == PrinterProblem::CoverOpen);
    BOOST_TEST(interpretPrinterState(5, {"paused"}, true, "").problem == PrinterProblem::Stopped);
    BOOST_TEST(interpretPrinterState(5, {"none"}, true, "").problem == PrinterProblem::Stopped);
    BOOST_TEST(interpretPrinterState(3, {"none"}, false, "").problem == PrinterProblem::NotAccepting);
    // The specific fault wins over "stopped", which follows from it.
    const auto stoppedEmpty = interpretPrinterState(5, {"media-empty-error", "paused"}, true, "Out of paper");
    BOOST_TEST(stoppedEmpty.problem == PrinterProblem::MediaEmpty);
    BOOST_TEST(stoppedEmpty.detail.find("Out of paper") != std::string::npos);
    // Warnings are not faults.
    const auto low = interpretPrinterState(3, {"media-low-report", "toner-low-warning", "media-empty-warning"}, true, "");
    BOOST_TEST(low.ready());
    BOOST_TEST(low.mediaLow);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(pdf_spool)

BOOST_AUTO_TEST_CASE(slips_become_whole_files_named_by_code_and_time) {
    const auto dir = test::scratchDir("spool");
    PdfSpoolPrinter spool(dir / "slips");
    BOOST_TEST(spool.status().ready());
    const auto result = spool.print(job("PA-7K3M-Q9R"));
    BOOST_TEST_REQUIRE(result.printed);
    const std::filesystem::path file = result.reference;
    BOOST_TEST(file.parent_path() == dir / "slips");
    BOOST_TEST(file.filename().string().rfind("PA-7K3M-Q9R-", 0) == 0);
    BOOST_TEST(file.extension() == ".pdf");
    BOOST_TEST(readFile(file) == kPdf);
    BOOST_TEST(!std::filesystem::exists(file.string() + ".part"));
    BOOST_TEST(spoolFileName("../../etc/x", "2026-11-28T08:00:00Z", "pdf") == "etcx-20261128T080000Z.pdf");
}

BOOST_AUTO_TEST_CASE(an_unwritable_spool_is_reported_not_claimed) {
    const auto dir = test::scratchDir("spool-bad");
    std::ofstream(dir / "a-file") << "x";
    PdfSpoolPrinter spool(dir / "a-file" / "slips");  // a directory under a file cannot exist
    BOOST_TEST(spool.status().problem == PrinterProblem::Unreachable);
    const auto result = spool.print(job("PA-1"));
    BOOST_TEST(!result.printed);
    BOOST_TEST(result.problem == PrinterProblem::Unreachable);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(kept_slips)

BOOST_AUTO_TEST_CASE(pbm_round_trip_and_malformed_files) {
    MonoBitmap b;
    b.width = 10;
    b.height = 3;
    b.bits.assign(static_cast<std::size_t>(b.stride() * b.height), 0);
    b.set(0, 0, true);
    b.set(9, 2, true);
    const auto back = fromPbm(toPbm(b));
    BOOST_TEST(back.width == 10);
    BOOST_TEST(back.height == 3);
    BOOST_TEST(back.bits == b.bits);
    BOOST_TEST(back.black(9, 2));
    BOOST_TEST(!back.black(8, 2));
    BOOST_CHECK_THROW(fromPbm("P5\n1 1\n\x01"), std::runtime_error);
    BOOST_CHECK_THROW(fromPbm("P4\n10 3\n\x01"), std::runtime_error);        // too short
    BOOST_CHECK_THROW(fromPbm("P4\n999999 3\n"), std::runtime_error);        // absurd size
    BOOST_CHECK_THROW(fromPbm("P4\n-1 3\n"), std::runtime_error);
    BOOST_CHECK_THROW(fromPbm(""), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(a_slip_that_did_not_print_is_kept_and_reprinted_once_it_can) {
    const auto dir = test::scratchDir("kept");
    auto printer = std::make_unique<ScriptedPrinter>();
    auto* scripted = printer.get();
    scripted->next.problem = PrinterProblem::MediaEmpty;
    PrintService service(std::move(printer), dir / "kept");
    BOOST_TEST(service.wantsRaster());
    BOOST_TEST(service.rasterWidthDots() == 16);

    PrintJob j = job("PA-AAAA-BBB");
    j.raster.width = 16;
    j.raster.height = 2;
    j.raster.bits.assign(4, 0xF0);
    std::promise<PrintResult> outcome;
    service.print(j, [&](const PrintResult& r) { outcome.set_value(r); });
    auto future = outcome.get_future();
    BOOST_TEST_REQUIRE((future.wait_for(5s) == std::future_status::ready));
    BOOST_TEST(future.get().problem == PrinterProblem::MediaEmpty);

    const auto kept = service.keptJobs();
    BOOST_TEST_REQUIRE(kept.size() == 2u);  // the PDF and the thermal printer's bitmap
    BOOST_TEST(kept[0].filename().string().rfind("PA-AAAA-BBB-", 0) == 0);
    // Still out of paper: stays kept.
    BOOST_TEST(!service.reprint(kept[0]).printed);
    BOOST_TEST(service.keptJobs().size() == 2u);
    // Paper back: printed once, and gone from the kept folder (its twin too).
    scripted->next = PrintResult{};
    scripted->next.printed = true;
    BOOST_TEST(service.reprint(kept[0]).printed);
    BOOST_TEST(service.keptJobs().empty());
    BOOST_TEST(scripted->printed == 3);
}

BOOST_AUTO_TEST_CASE(a_printed_slip_is_not_kept) {
    const auto dir = test::scratchDir("kept-none");
    auto printer = std::make_unique<ScriptedPrinter>();
    printer->next.printed = true;
    PrintService service(std::move(printer), dir / "kept");
    BOOST_TEST(service.printNow(job("PA-1")).printed);
    BOOST_TEST(service.keptJobs().empty());
}

// Issue 18: a kiosk without a printer sends the resident to the desk, so the slip must wait in
// the staff list (kioskctl print kept) as a failed one does, and stay there until a real
// printer prints it.
BOOST_AUTO_TEST_CASE(a_slip_written_only_to_the_pdf_spool_is_kept_for_the_desk) {
    const auto dir = test::scratchDir("kept-spool");
    PrintService service(std::make_unique<PdfSpoolPrinter>(dir / "slips"), dir / "kept");
    const PrintResult result = service.printNow(job("H29.22-261120-0001"));
    BOOST_TEST(result.printed);  // the spool took it
    const auto kept = service.keptJobs();
    BOOST_TEST_REQUIRE(kept.size() == 1u);
    BOOST_TEST(kept[0].filename().string().rfind("H29.22-261120-0001-", 0) == 0);
    BOOST_TEST(kept[0].extension() == ".pdf");
    // The spool is no printer: a reprint there would drop the slip from the list unprinted.
    const PrintResult again = service.reprint(kept[0]);
    BOOST_TEST(!again.printed);
    BOOST_TEST((again.problem == PrinterProblem::NotConfigured));
    BOOST_TEST(service.keptJobs().size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_config_picks_the_backend) {
    const auto dir = test::scratchDir("factory");
    Config::Printer config;
    BOOST_TEST(makePrinter(config, dir)->describe() == "pdf:" + (dir / "slips").string());
    config.backend = "cups";
    BOOST_CHECK_THROW(makePrinter(config, dir), std::invalid_argument);  // no queue
    config.queue = "kiosk-slips";
    config.server = "print.example:631";
    BOOST_TEST(makePrinter(config, dir)->describe() == "cups:kiosk-slips at print.example:631");
    config.backend = "escpos";
    config.queue = "tcp://192.0.2.7:9100";
    const auto thermal = makePrinter(config, dir);
    BOOST_TEST(thermal->wantsRaster());
    BOOST_TEST(thermal->rasterWidthDots() == 576);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(cups)

BOOST_AUTO_TEST_CASE(a_job_goes_through_cups_and_comes_out_whole) {
    setMode("ok");
    CupsPrinter printer(cupsOptions());
    BOOST_TEST(printer.status().ready(), printer.status().detail);
    const auto before = jobFiles();
    const auto result = printer.print(job("PA-CUPS-001"));
    BOOST_TEST_REQUIRE(result.printed, problemName(result.problem) << ": " << result.detail);
    BOOST_TEST((result.acceptedAt != std::chrono::steady_clock::time_point{}));
    BOOST_TEST(jobFiles() == before + 1);
    const auto id = result.reference.substr(result.reference.rfind('-') + 1);
    BOOST_TEST(readFile(cupsOut() / ("job-" + id + ".out")) == kPdf);
}

BOOST_AUTO_TEST_CASE(out_of_paper_is_told_and_the_queue_is_not_fed_until_staff_fix_it) {
    setMode("media-empty");
    CupsPrinter printer(cupsOptions());
    const auto failed = printer.print(job("PA-CUPS-002"));
    BOOST_TEST(!failed.printed);
    BOOST_TEST(failed.problem == PrinterProblem::MediaEmpty, problemName(failed.problem) << ": " << failed.detail);
    // The queue stopped with the reason: the next slip is refused before it is sent.
    const auto status = printer.status();
    BOOST_TEST(status.problem == PrinterProblem::MediaEmpty, status.detail);
    setMode("ok");
    const auto refused = printer.print(job("PA-CUPS-003"));
    BOOST_TEST(!refused.printed);
    BOOST_TEST(refused.reference.empty());  // never became a job
    // Staff load paper and start the queue again.
    BOOST_TEST(cupsCommand("cupsenable", "kiosk-test") == 0);
    const auto again = printer.print(job("PA-CUPS-004"));
    BOOST_TEST(again.printed, problemName(again.problem) << ": " << again.detail);
}

BOOST_AUTO_TEST_CASE(an_offline_printer_is_told_as_offline) {
    setMode("offline");
    CupsPrinter printer(cupsOptions());
    const auto failed = printer.print(job("PA-CUPS-005"));
    BOOST_TEST(!failed.printed);
    BOOST_TEST(failed.problem == PrinterProblem::Offline, problemName(failed.problem) << ": " << failed.detail);
    setMode("ok");
    BOOST_TEST(cupsCommand("cupsenable", "kiosk-test") == 0);
}

BOOST_AUTO_TEST_CASE(a_queue_stopped_or_refusing_by_staff_gets_no_job) {
    CupsPrinter printer(cupsOptions("kiosk-spare"));
    BOOST_TEST_REQUIRE(cupsCommand("cupsdisable", "kiosk-spare") == 0);
    auto result = printer.print(job("PA-CUPS-006"));
    BOOST_TEST(!result.printed);
    BOOST_TEST(result.problem == PrinterProblem::Stopped, problemName(result.problem) << ": " << result.detail);
    BOOST_TEST(cupsCommand("cupsenable", "kiosk-spare") == 0);
    BOOST_TEST_REQUIRE(cupsCommand("cupsreject", "kiosk-spare") == 0);
    result = printer.print(job("PA-CUPS-007"));
    BOOST_TEST(result.problem == PrinterProblem::NotAccepting, problemName(result.problem) << ": " << result.detail);
    BOOST_TEST(cupsCommand("cupsaccept", "kiosk-spare") == 0);
    BOOST_TEST(printer.print(job("PA-CUPS-008")).printed);
}

BOOST_AUTO_TEST_CASE(a_queue_that_does_not_exist_or_no_cups_at_all) {
    CupsPrinter missing(cupsOptions("no-such-queue"));
    const auto result = missing.print(job("PA-CUPS-009"));
    BOOST_TEST(!result.printed);
    BOOST_TEST(result.problem == PrinterProblem::Unreachable, result.detail);

    auto options = cupsOptions();
    options.server = "127.0.0.1:1";  // nothing listens there
    options.connectTimeout = 1000ms;
    CupsPrinter nowhere(options);
    const auto started = std::chrono::steady_clock::now();
    const auto status = nowhere.status();
    BOOST_TEST(status.problem == PrinterProblem::Unreachable);
    BOOST_TEST(!status.detail.empty());
    BOOST_TEST((std::chrono::steady_clock::now() - started < 5s));
}

BOOST_AUTO_TEST_SUITE_END()
