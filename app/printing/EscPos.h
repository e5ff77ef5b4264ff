#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "printing/Printer.h"

namespace kiosk {

// The ESC/POS bytes sent to a raw thermal receipt printer and the meaning of the status bytes it
// answers. Pure functions with no I/O, so every byte can be checked in tests; EscPosPrinter does
// the talking. See ESCPOS.md.
class EscPos {
public:
    struct RasterOptions {
        int bandRows = 255;  // rows per GS v 0 command, 1–255 (why 255: see EscPos.cpp)
        int feedLines = 4;   // ESC d n after the picture, 0–255 (0: none)
        bool cut = true;     // GS V 66 n after the feed: feed to the cutter, partial cut
        int cutFeed = 0;     // the n of GS V 66 n, 0–255: extra feed before the cut
    };

    // ESC @, the bitmap as GS v 0 bands, the feed and the cut. Bits past the bitmap's width in
    // the last byte of a row are sent white. Throws std::invalid_argument for an empty bitmap,
    // bits that do not match width × height, a row wider than GS v 0 can say, or bad options.
    static std::vector<std::uint8_t> encodeRaster(const MonoBitmap& bitmap, const RasterOptions& options);
    static std::vector<std::uint8_t> encodeRaster(const MonoBitmap& bitmap);  // default options

    // The real-time status queries (DLE EOT n).
    enum class Query : std::uint8_t { Printer = 1, OfflineCause = 2, ErrorCause = 3, RollPaper = 4 };
    static std::array<std::uint8_t, 3> statusQuery(Query query);

    // An answer to DLE EOT 1–4 always has bit 1 and bit 4 set and bits 0 and 7 clear; any other
    // byte is not a status answer (a printer that echoes, or speaks another protocol).
    static bool isStatusByte(std::uint8_t byte);

    // What the printer answered to each query; nullopt: not asked, or no answer in time.
    struct StatusAnswers {
        std::optional<std::uint8_t> printer;       // DLE EOT 1
        std::optional<std::uint8_t> offlineCause;  // DLE EOT 2
        std::optional<std::uint8_t> errorCause;    // DLE EOT 3
        std::optional<std::uint8_t> rollPaper;     // DLE EOT 4
    };

    // The status the answers describe. No answer to DLE EOT 1 gives answered = false and
    // "no status answer"; a byte that is not a status answer gives answered = false and a detail
    // starting "not a status answer". Otherwise the most specific problem wins: cover open, then
    // paper end (MediaEmpty), then an error (Stopped), then offline; paper near end sets mediaLow.
    static PrinterStatus parseStatus(const StatusAnswers& answers);

    // "1=0x12 2=0x16 4=0x12": the raw bytes, for the status detail and logs.
    static std::string formatAnswers(const StatusAnswers& answers);
};

}  // namespace kiosk
