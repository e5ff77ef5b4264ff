// The replay half of every fuzz target in the ordinary build: each file of the target's
// committed corpus (tests/fuzz/corpus/<target>/: hand-written seeds and what the fuzzer found)
// is fed to its LLVMFuzzerTestOneInput, so CI (and the sanitizer build) run them as tests.
#define BOOST_TEST_MODULE fuzz corpus replay
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "FuzzInput.h"

BOOST_AUTO_TEST_CASE(every_input_of_the_corpus_is_read_without_a_crash) {
    const std::filesystem::path dir = KIOSK_FUZZ_CORPUS;
    BOOST_REQUIRE_MESSAGE(std::filesystem::is_directory(dir), dir << " is not a directory");
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    // A target whose corpus went missing would pass while testing nothing.
    BOOST_REQUIRE_MESSAGE(!files.empty(), dir << " has no inputs");
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        BOOST_REQUIRE_MESSAGE(in, "cannot open " << file);
        const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        BOOST_TEST_CONTEXT(file.filename().string()) {
            BOOST_TEST(LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()) == 0);
        }
    }
    BOOST_TEST_MESSAGE(files.size() << " inputs of " << dir.filename().string() << " replayed");
}
