// kiosk.toml as an administrator may write it: loaded and checked against the schema.
#include "FuzzInput.h"
#include "config/ConfigLoader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const kiosk::ConfigLoader loader({"26740", "27343", "25747"});
    const auto result = loader.loadString(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.toml");
    // A config is either good or has issues to print, never both or neither.
    if (result.ok() == !result.issues.empty()) kiosk::fuzz::broken(__FILE__, __LINE__);
    return 0;
}
