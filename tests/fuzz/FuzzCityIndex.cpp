// The city data API's dataset index (CITY-API.md), as SyncEngine reads it at every start.
#include "FuzzInput.h"
#include "sync/SyncAnswers.h"

#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::vector<std::string> wanted = {"schools", "health-facilities", "tourism-places", "procedures"};
    std::vector<std::string> ignored;
    std::string error;
    const auto entries =
        kiosk::parseSyncIndex(std::string_view(reinterpret_cast<const char*>(data), size), 1u << 20, wanted, ignored, error);
    // An index is either read or refused with a reason; never both, never neither.
    if (entries.has_value() == !error.empty()) kiosk::fuzz::broken(__FILE__, __LINE__);
    return 0;
}
