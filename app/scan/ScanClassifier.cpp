#include "scan/ScanClassifier.h"

#include "core/BoundedInput.h"
#include "dossier/Dossier.h"
#include "feedback/Outbox.h"
#include "feedback/SlipCode.h"

namespace kiosk::scan {
namespace {
constexpr TextBounds kScanBounds{.maxBytes = kScannedBytesLimit - 1};
std::string lengthNote(std::string_view text) { return " (" + std::to_string(text.size()) + " bytes)"; }
}  // namespace

ScannedCode classifyScan(std::string_view text) {
    if (text.empty()) return Unknown{"empty"};
    if (std::string size = checkTextSize(text, kScanBounds); !size.empty()) return Unknown{"too long (" + size + ")"};
    if (const auto unsafe = unsafeTextReason(text); !unsafe.empty()) return Unknown{std::string(unsafe) + lengthNote(text)};
    std::string refusal;
    if (auto slip = parseSlipPayload(text, &refusal))
        return OurReport{std::move(slip->trackingCode), std::move(slip->serviceRequestId)};
    if (!refusal.empty()) return Unknown{refusal + lengthNote(text)};
    if (std::string code = normalizeTrackingCode(text); !code.empty()) return OurReport{std::move(code), {}};
    if (std::string code = dossier::normalizeCode(text); !code.empty()) return Dossier{std::move(code)};
    if (text.find('|') != std::string_view::npos) {
        CccdParse parsed = parseCccdQr(text);
        if (parsed.card) return Cccd{std::move(*parsed.card)};
        return Unknown{"not a citizen ID card: " + parsed.refusal + lengthNote(text)};
    }
    return Unknown{"not a code the kiosk knows" + lengthNote(text)};
}

}  // namespace kiosk::scan
