#pragma once
#include <filesystem>

namespace kiosk::test {

inline std::filesystem::path sourceDir() { return KIOSK_TEST_SOURCE_DIR; }
inline std::filesystem::path resourcesDir() { return sourceDir() / "resources"; }

// A fresh, empty folder under the build tree for one test.
inline std::filesystem::path scratchDir(const std::string& name) {
    const auto dir = std::filesystem::path(KIOSK_TEST_BINARY_DIR) / "test-scratch" / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace kiosk::test
