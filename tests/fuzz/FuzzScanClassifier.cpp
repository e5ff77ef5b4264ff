// Whatever a scanner or the camera reads (SCANNING.md): what kind of code it is.
#include "FuzzInput.h"
#include "scan/ScanClassifier.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto code = kiosk::scan::classifyScan(text);
    // Anything not known is refused with a reason for the log.
    if (const auto* unknown = std::get_if<kiosk::scan::Unknown>(&code); unknown && unknown->reason.empty())
        kiosk::fuzz::broken(__FILE__, __LINE__);
    return 0;
}
