// The QR code of a citizen ID card (SCANNING.md): read, masked, wiped.
#include "FuzzInput.h"
#include "scan/CccdQr.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto parsed = kiosk::scan::parseCccdQr(std::string_view(reinterpret_cast<const char*>(data), size));
    if (parsed.card.has_value() == !parsed.refusal.empty()) kiosk::fuzz::broken(__FILE__, __LINE__);
    if (parsed.card) {
        if (kiosk::scan::maskCitizenId(parsed.card->citizenId).size() != 12) kiosk::fuzz::broken(__FILE__, __LINE__);
        kiosk::scan::wipe(*parsed.card);
        if (!parsed.card->citizenId.empty() || !parsed.card->fullName.empty()) kiosk::fuzz::broken(__FILE__, __LINE__);
    }
    return 0;
}
