#pragma once
// What the fuzz targets share: the libFuzzer entry point's declaration, and a reader that takes
// selector bytes off the front of an input so one target can reach several parsers.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace kiosk::fuzz {

class FuzzInput {
public:
    FuzzInput(const std::uint8_t* data, std::size_t size) : rest_(reinterpret_cast<const char*>(data), size) {}

    // The next byte (0 once the input is used up), taken off the front.
    std::uint8_t byte() {
        if (rest_.empty()) return 0;
        const auto b = static_cast<std::uint8_t>(rest_.front());
        rest_.remove_prefix(1);
        return b;
    }
    // Everything not taken yet.
    std::string_view rest() const { return rest_; }

private:
    std::string_view rest_;
};

// A rule the parsers promise was broken: a crash libFuzzer keeps, a failed replay test.
[[noreturn]] inline void broken(const char* file, int line) {
    std::fprintf(stderr, "%s:%d: invariant broken\n", file, line);
    std::abort();
}

// An HTTP status a server may answer with, chosen by one byte.
inline long statusFrom(std::uint8_t b) {
    constexpr long kStatuses[] = {200, 201, 202, 204, 400, 401, 403, 404, 409, 410, 422, 429, 500, 502, 503, 302};
    return kStatuses[b % (sizeof kStatuses / sizeof kStatuses[0])];
}

}  // namespace kiosk::fuzz
