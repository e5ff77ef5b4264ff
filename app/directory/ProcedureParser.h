#pragma once
#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "directory/Procedure.h"

namespace kiosk {

class ProcedureParseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Reads the JSONL records scraped from dichvucong.gov.vn (resources/data/procedures_cap_xa.jsonl, one
// procedure per line) into Procedure values. The crawler flattened the portal's HTML tables into run-on
// text; the rules that split them again were derived from all 588 ward-level records and only split
// where the boundary is certain: anything ambiguous is kept whole and noted in Procedure::parseNotes.
class ProcedureParser {
public:
    // Longest line accepted (the largest real record is about 77 KB) and deepest JSON nesting.
    static constexpr std::size_t kMaxLineBytes = 1024 * 1024;
    static constexpr int kMaxDepth = 16;

    // Throws ProcedureParseError (with the reason) on malformed JSON, a non-object, a field of the wrong
    // type, or a missing/empty ma_thu_tuc or ten_thu_tuc.
    static Procedure parseLine(std::string_view jsonLine);

    struct LoadResult {
        std::vector<Procedure> procedures;
        std::vector<std::string> skipped;  // "file:line: reason"
    };
    // One bad line is skipped and reported, never aborts the rest; blank lines are ignored. Throws
    // ProcedureParseError if the file cannot be opened.
    static LoadResult loadFile(const std::filesystem::path& jsonl);
};

}  // namespace kiosk
