#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "scan/CccdQr.h"

namespace kiosk::scan {

// A report slip of any kiosk of the city: the tracking code, canonical ("PA-26734-7K3M-Q9R",
// or "PA-7K3M-Q9R" from older slips), and the city's service_request_id once it had one
// ("PAKN/1/…", app/feedback/SlipCode.h); "" on a slip printed before the city filed it.
struct OurReport {
    std::string trackingCode;
    std::string serviceRequestId;
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
