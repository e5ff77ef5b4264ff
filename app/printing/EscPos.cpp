#include "printing/EscPos.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <utility>

namespace kiosk {
namespace {

constexpr std::uint8_t kEsc = 0x1B;
constexpr std::uint8_t kGs = 0x1D;
constexpr std::uint8_t kDle = 0x10;
constexpr std::uint8_t kEot = 0x04;

// DLE EOT n, "transmit real-time status" (Epson ESC/POS command reference, and the same table in
// the manuals of Bixolon/Samsung SRP-350, Citizen CT-S2000 and CBM-1000 printers). Every answer is
// one byte whose bit 1 and bit 4 are always on and bits 0 and 7 always off; the other bits:
//   n = 1, printer status:   bit 3 on = offline (bit 2 is the cash drawer, bit 5 "waiting for
//                            online recovery" on Epson models, bit 6 the feed button).
//   n = 2, offline cause:    bit 2 = cover open, bit 3 = paper being fed with the feed button,
//                            bit 5 = printing stopped at paper end, bit 6 = an error occurred.
//   n = 3, error cause:      bit 3 = autocutter error (a jam), bit 5 = unrecoverable error,
//                            bit 6 = automatically recoverable error (head too hot, on some
//                            models the cover opened while printing).
//   n = 4, roll paper:       bits 2–3 = near-end sensor finds no paper (Epson sets both, some
//                            Citizen models one per sensor), bits 5–6 = end sensor finds no paper
//                            (Epson sets both; on printers with a presenter bit 6 is that sensor,
//                            so only bit 5 is read as paper end).
constexpr std::uint8_t kFixedMask = 0x93;  // bits 0, 1, 4, 7
constexpr std::uint8_t kFixedValue = 0x12; // bit 1 and bit 4 on

constexpr std::uint8_t kPrinterOffline = 0x08;
constexpr std::uint8_t kPrinterWaitingRecovery = 0x20;
constexpr std::uint8_t kCauseCoverOpen = 0x04;
constexpr std::uint8_t kCauseFeedButton = 0x08;
constexpr std::uint8_t kCausePaperEndStop = 0x20;
constexpr std::uint8_t kCauseError = 0x40;
constexpr std::uint8_t kErrorCutter = 0x08;
constexpr std::uint8_t kErrorUnrecoverable = 0x20;
constexpr std::uint8_t kErrorAutoRecoverable = 0x40;
constexpr std::uint8_t kPaperNearEnd = 0x0C;
constexpr std::uint8_t kPaperEnd = 0x20;

std::string hexByte(std::uint8_t byte) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02x", byte);
    return text;
}

void checkRange(int value, int low, int high, const char* name) {
    if (value < low || value > high)
        throw std::invalid_argument(std::string("ESC/POS option ") + name + " must be between " +
                                    std::to_string(low) + " and " + std::to_string(high));
}

}  // namespace

// GS v 0 m xL xH yL yH d…: a raster of (xL + 256·xH) bytes by (yL + 256·yH) rows, m = 0 for
// normal size. The picture is cut into bands of at most 255 rows because many 80 mm printers
// (Epson TM-T20/T88 class and their clones) buffer one whole GS v 0 command before printing it:
// 255 rows of 72 bytes is 18 KiB, inside the smallest receive buffers seen, yH is always 0 for
// firmware that reads only yL, and a band cut off by a lost connection wastes at most ~32 mm.
std::vector<std::uint8_t> EscPos::encodeRaster(const MonoBitmap& bitmap, const RasterOptions& options) {
    if (bitmap.empty()) throw std::invalid_argument("empty bitmap");
    const auto stride = static_cast<std::size_t>(bitmap.stride());
    if (bitmap.bits.size() != stride * static_cast<std::size_t>(bitmap.height))
        throw std::invalid_argument("bitmap bits do not match its width and height");
    if (stride > 0xFFFF) throw std::invalid_argument("bitmap too wide for GS v 0");
    checkRange(options.bandRows, 1, 255, "bandRows");
    checkRange(options.feedLines, 0, 255, "feedLines");
    checkRange(options.cutFeed, 0, 255, "cutFeed");

    // The bits of the last byte of a row that lie past the width: whatever they hold, send white.
    const int spare = static_cast<int>(stride) * 8 - bitmap.width;
    const auto lastMask = static_cast<std::uint8_t>(0xFF << spare);

    std::vector<std::uint8_t> out;
    const auto bands = static_cast<std::size_t>((bitmap.height + options.bandRows - 1) / options.bandRows);
    out.reserve(2 + bands * 8 + bitmap.bits.size() + 3 + 4);
    out.insert(out.end(), {kEsc, '@'});
    for (int top = 0; top < bitmap.height; top += options.bandRows) {
        const int rows = std::min(options.bandRows, bitmap.height - top);
        out.insert(out.end(), {kGs, 'v', '0', 0, static_cast<std::uint8_t>(stride & 0xFF),
                               static_cast<std::uint8_t>(stride >> 8), static_cast<std::uint8_t>(rows), 0});
        for (int y = top; y < top + rows; ++y) {
            const auto row = bitmap.bits.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(y) * stride);
            out.insert(out.end(), row, row + static_cast<std::ptrdiff_t>(stride));
            out.back() = static_cast<std::uint8_t>(out.back() & lastMask);
        }
    }
    if (options.feedLines > 0) out.insert(out.end(), {kEsc, 'd', static_cast<std::uint8_t>(options.feedLines)});
    // GS V 66 n: "function B", feed to the cutting position plus n motion units, then a partial
    // cut (one point left uncut, so the slip hangs until the resident takes it).
    if (options.cut) out.insert(out.end(), {kGs, 'V', 66, static_cast<std::uint8_t>(options.cutFeed)});
    return out;
}

std::vector<std::uint8_t> EscPos::encodeRaster(const MonoBitmap& bitmap) {
    return encodeRaster(bitmap, RasterOptions{});
}

std::array<std::uint8_t, 3> EscPos::statusQuery(Query query) {
    return {kDle, kEot, static_cast<std::uint8_t>(query)};
}

bool EscPos::isStatusByte(std::uint8_t byte) {
    return (byte & kFixedMask) == kFixedValue;
}

std::string EscPos::formatAnswers(const StatusAnswers& answers) {
    std::string text;
    auto add = [&](int n, const std::optional<std::uint8_t>& byte) {
        if (!byte) return;
        if (!text.empty()) text += ' ';
        text += std::to_string(n) + "=" + hexByte(*byte);
    };
    add(1, answers.printer);
    add(2, answers.offlineCause);
    add(3, answers.errorCause);
    add(4, answers.rollPaper);
    return text;
}

PrinterStatus EscPos::parseStatus(const StatusAnswers& answers) {
    PrinterStatus status;
    if (!answers.printer) {
        status.answered = false;
        status.detail = "no status answer";
        return status;
    }
    const std::pair<int, const std::optional<std::uint8_t>*> all[] = {
        {1, &answers.printer}, {2, &answers.offlineCause}, {3, &answers.errorCause}, {4, &answers.rollPaper}};
    for (const auto& [n, byte] : all) {
        if (*byte && !isStatusByte(**byte)) {
            status.answered = false;
            status.detail = "not a status answer: " + hexByte(**byte) + " to DLE EOT " + std::to_string(n);
            return status;
        }
    }

    const std::uint8_t printer = *answers.printer;
    const std::uint8_t cause = answers.offlineCause.value_or(kFixedValue);
    const std::uint8_t error = answers.errorCause.value_or(kFixedValue);
    const std::uint8_t paper = answers.rollPaper.value_or(kFixedValue);

    std::vector<std::string> words;
    const bool offline = printer & kPrinterOffline;
    words.emplace_back(offline ? "offline" : "online");
    if (printer & kPrinterWaitingRecovery) words.emplace_back("waiting for online recovery");
    const bool coverOpen = cause & kCauseCoverOpen;
    if (coverOpen) words.emplace_back("cover open");
    if (cause & kCauseFeedButton) words.emplace_back("paper being fed with the button");
    const bool paperEnd = (cause & kCausePaperEndStop) || (paper & kPaperEnd);
    if (paperEnd) words.emplace_back("paper end");
    status.mediaLow = paper & kPaperNearEnd;
    if (status.mediaLow && !paperEnd) words.emplace_back("paper near end");
    bool failed = cause & kCauseError;
    if (error & kErrorCutter) words.emplace_back("autocutter error");
    if (error & kErrorUnrecoverable) words.emplace_back("unrecoverable error");
    if (error & kErrorAutoRecoverable) words.emplace_back("recoverable error (head too hot?)");
    failed = failed || (error & (kErrorCutter | kErrorUnrecoverable | kErrorAutoRecoverable));
    if ((cause & kCauseError) && !(error & (kErrorCutter | kErrorUnrecoverable | kErrorAutoRecoverable)))
        words.emplace_back("error");

    if (coverOpen) status.problem = PrinterProblem::CoverOpen;
    else if (paperEnd) status.problem = PrinterProblem::MediaEmpty;
    else if (failed) status.problem = PrinterProblem::Stopped;
    else if (offline) status.problem = PrinterProblem::Offline;

    std::string said;
    for (const auto& word : words) said += (said.empty() ? "" : ", ") + word;
    status.detail = said + " (DLE EOT " + formatAnswers(answers) + ")";
    return status;
}

}  // namespace kiosk
