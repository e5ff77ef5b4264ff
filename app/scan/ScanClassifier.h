#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "scan/CccdQr.h"

namespace kiosk::scan {

// Our own slip's QR: a feedback report's tracking code, canonical ("PA-7K3M-Q9R").
struct OurReport {
    std::string trackingCode;
};
// A dossier receipt code, canonical as dossier::normalizeCode gives it ("H29.22-241128-0001"):
// one rule for codes typed and scanned (app/dossier/DOSSIER.md).
struct Dossier {
    std::string code;
};
// A citizen ID card: pre-fills forms, never logs in.
struct Cccd {
    CccdCard card;
};
// Anything else. The screen says "Không nhận ra mã này" and nothing more; `reason` is for the
// log and never holds the scanned text (which may be personal or hostile), at most its length.
struct Unknown {
    std::string reason;
};

using ScannedCode = std::variant<OurReport, Dossier, Cccd, Unknown>;

// Scanned text of this length or more is refused unread (real codes are under 400 bytes).
inline constexpr std::size_t kScannedBytesLimit = 2048;

// What a scanned text (from the camera or the handheld scanner) is. Never throws.
ScannedCode classifyScan(std::string_view text);

}  // namespace kiosk::scan
