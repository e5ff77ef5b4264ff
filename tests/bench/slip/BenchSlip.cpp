// bench-slip (issue 8): how long a resident waits after "In phiếu" until CUPS has the job, and how
// long a camera frame takes to read a slip's QR code.
//
// queue_ms: the slip drawn through SlipPrintout as an 80 mm PDF, then PrintService → CupsPrinter:
// the printer's state asked, the job sent, until CUPS answered with its job id (acceptedAt). The
// median of --runs. Baseline in the same run: CUPS's own `lp` sending the same PDF to the same
// queue (its process start included: what a shell script would take).
// decode_ms: 1280×720 grey, noisy, low-contrast frames holding the real slip, tilted and scaled
// as a camera sees it; QrDecoder (QR only, inverted pass). The median over --frames. Baseline:
// ZXing-C++ ReadBarcodes with its default options (every format) on the same frames.
// Targets: queue_ms ≤ 300, decode_ms ≤ 30. Last line: RESULT slip queue_ms=<x> decode_ms=<y>.
// Needs a display (the toolkit's fonts) and a CUPS queue: run-bench-slip.sh gives it both.
#include <wx/app.h>
#include <wx/init.h>

#define ZX_USE_UTF8 1  // text() as std::string
#include <ZXing/ReadBarcode.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <numbers>
#include <random>
#include <vector>

#include "SampleSlip.h"
#include "printing/CupsPrinter.h"
#include "printing/PrintService.h"
#include "printing/SlipPrintout.h"
#include "scan/QrDecoder.h"

using namespace kiosk;
using Steady = std::chrono::steady_clock;

namespace {
constexpr int kWidth = 1280, kHeight = 720;

double ms(Steady::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

Slip benchSlip(int n) {
    char code[32];
    std::snprintf(code, sizeof code, "PA-BEN%d-%03d", n % 10, n % 1000);
    return test::sampleFeedbackSlip(code, "1022-" + std::to_string(4000 + n));
}

// The slip as a camera sees it on the counter: scaled, tilted, dim and noisy.
std::vector<std::uint8_t> cameraFrame(const MonoBitmap& slip, double scale, double degrees, unsigned seed) {
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> noise(-18, 18);
    std::vector<std::uint8_t> frame(static_cast<std::size_t>(kWidth * kHeight));
    const double angle = degrees * std::numbers::pi / 180, c = std::cos(angle), s = std::sin(angle);
    // The QR code sits near the top third of the slip: aim the camera there.
    const double cx = slip.width / 2.0, cy = slip.width * 0.75;
    for (int y = 0; y < kHeight; ++y)
        for (int x = 0; x < kWidth; ++x) {
            const double dx = (x - kWidth / 2.0) / scale, dy = (y - kHeight / 2.0) / scale;
            const int sx = static_cast<int>(std::lround(c * dx + s * dy + cx));
            const int sy = static_cast<int>(std::lround(-s * dx + c * dy + cy));
            int value = 70;  // the counter
            if (sx >= 0 && sy >= 0 && sx < slip.width && sy < slip.height) value = slip.black(sx, sy) ? 45 : 190;
            frame[static_cast<std::size_t>(y * kWidth + x)] = static_cast<std::uint8_t>(std::clamp(value + noise(random), 0, 255));
        }
    return frame;
}

int runLp(const std::string& server, const std::string& queue, const std::string& file) {
    const std::string command = "lp -h " + server + " -d " + queue + " '" + file + "' >/dev/null 2>&1";
    return std::system(command.c_str());
}
}  // namespace

int main(int argc, char** argv) {
    CLI::App cli{"bench-slip: In phiếu to a CUPS job, and QR decoding of camera frames"};
    int runs = 15, frames = 40;
    std::string server = std::getenv("KIOSK_TEST_CUPS") ? std::getenv("KIOSK_TEST_CUPS") : "";
    std::string queue = "kiosk-test";
    cli.add_option("--runs", runs, "Slips printed (and lp baselines)")->check(CLI::Range(3, 500));
    cli.add_option("--frames", frames, "Camera frames decoded")->check(CLI::Range(5, 2000));
    cli.add_option("--server", server, "CUPS server host:port (default: $KIOSK_TEST_CUPS)");
    cli.add_option("--queue", queue, "CUPS queue");
    CLI11_PARSE(cli, argc, argv);
    if (server.empty()) {
        std::cerr << "bench-slip: no CUPS server: run it through run-bench-slip.sh or give --server\n";
        return 2;
    }
    int wxArgc = 1;
    char* wxArgv[] = {argv[0], nullptr};
    wxApp::SetInstance(new wxApp);
    if (!wxEntryStart(wxArgc, wxArgv)) {
        std::cerr << "bench-slip: cannot open the display\n";
        return 2;
    }

    // --- queue_ms ---
    CupsPrinter::Options options;
    options.queue = queue;
    options.server = server;
    options.jobTimeout = std::chrono::milliseconds(10000);
    PrintService service(std::make_unique<CupsPrinter>(options), std::filesystem::temp_directory_path() / "bench-slip-kept");
    std::vector<double> render, queued, lp;
    const auto pdfFile = std::filesystem::temp_directory_path() / "bench-slip.pdf";
    for (int i = 0; i < runs + 1; ++i) {
        const auto pressed = Steady::now();
        const Slip slip = benchSlip(i);
        ui::SlipPrintout printout(slip, ui::SlipPaper::Roll80);
        PrintJob job;
        job.code = slip.code;
        job.title = slip.title + " " + slip.code;
        job.pdf = printout.renderPdf();
        const auto drawn = Steady::now();
        const PrintResult result = service.printNow(job);
        if (!result.printed || result.acceptedAt == Steady::time_point{}) {
            std::cerr << "bench-slip: the slip did not print: " << problemName(result.problem) << " " << result.detail << "\n";
            return 1;
        }
        if (i == 0) {  // the first run warms fonts and the connection up: not counted
            std::ofstream(pdfFile, std::ios::binary) << job.pdf;
            continue;
        }
        render.push_back(ms(drawn - pressed));
        queued.push_back(ms(result.acceptedAt - pressed));
        const auto lpStart = Steady::now();
        if (runLp(server, queue, pdfFile.string()) != 0) {
            std::cerr << "bench-slip: lp failed\n";
            return 1;
        }
        lp.push_back(ms(Steady::now() - lpStart));
    }

    // --- decode_ms ---
    const MonoBitmap slipBitmap = ui::SlipPrintout(benchSlip(7), ui::SlipPaper::Roll80).renderRaster(576);
    const std::string expected = benchSlip(7).qrText;  // "PAKN/1/<code>/<1022 id>": what any kiosk reads back
    const scan::QrDecoder decoder;
    std::vector<double> ours, zxing;
    int found = 0, zxingFound = 0;
    for (int i = 0; i < frames; ++i) {
        const auto frame = cameraFrame(slipBitmap, 0.9 + 0.02 * (i % 10), -6.0 + 12.0 * (i % 7) / 6.0, 100 + static_cast<unsigned>(i));
        auto start = Steady::now();
        const auto result = decoder.decode({frame, kWidth, kHeight, kWidth, scan::PixelFormat::Lum});
        ours.push_back(ms(Steady::now() - start));
        found += std::count(result.texts.begin(), result.texts.end(), expected) > 0;
        start = Steady::now();
        const auto all = ZXing::ReadBarcodes(ZXing::ImageView(frame.data(), kWidth, kHeight, ZXing::ImageFormat::Lum));
        zxing.push_back(ms(Steady::now() - start));
        zxingFound += std::any_of(all.begin(), all.end(), [&](const ZXing::Result& r) { return r.text() == expected; });
    }
    wxEntryCleanup();

    const double queueMs = median(queued), lpMs = median(lp), renderMs = median(render);
    const double decodeMs = median(ours), zxingMs = median(zxing);
    std::printf("slip drawn (PDF, 80 mm): median %.1f ms of the wait (UI thread)\n", renderMs);
    std::printf("In phiếu -> job accepted by CUPS: median %.1f ms over %d slips (target <= 300)\n", queueMs, runs);
    std::printf("baseline lp, same PDF, same queue: median %.1f ms; ratio %.2f\n", lpMs, queueMs / lpMs);
    std::printf("QR decode, 1280x720 camera-like frames: median %.1f ms, read %d of %d (target <= 30)\n", decodeMs, found,
                frames);
    std::printf("baseline ZXing ReadBarcodes, default options: median %.1f ms, read %d of %d; ratio %.2f\n", zxingMs,
                zxingFound, frames, decodeMs / zxingMs);
    if (found < frames * 9 / 10) {
        std::fprintf(stderr, "bench-slip: only %d of %d frames were read\n", found, frames);
        return 1;
    }
    std::printf("RESULT slip queue_ms=%.1f decode_ms=%.1f\n", queueMs, decodeMs);
    return 0;
}
