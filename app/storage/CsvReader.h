#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/BoundedInput.h"

namespace kiosk {

inline constexpr TextBounds kCsvBounds{
    .maxBytes = 64u << 20, .maxFields = 512, .maxFieldBytes = 1u << 20, .maxRecords = 1000000};

class CsvError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A CSV table as RFC 4180 defines it (quoted fields, doubled quotes, CRLF or LF), with a header
// row. Bundled data files are small; the whole table is held in memory, so a file past
// kCsvBounds (64 MiB, 1,000,000 records, 512 fields of at most 1 MiB) is refused with CsvError.
class CsvTable {
public:
    static CsvTable parse(std::string_view text, const std::string& sourceName);
    static CsvTable load(const std::filesystem::path& file);

    const std::vector<std::string>& header() const { return header_; }
    std::size_t size() const { return rows_.size(); }
    // Value of column `column` in row `row`; throws CsvError naming the file if it is absent.
    const std::string& at(std::size_t row, std::string_view column) const;

private:
    std::string source_;
    std::vector<std::string> header_;
    std::map<std::string, std::size_t, std::less<>> index_;
    std::vector<std::vector<std::string>> rows_;
};

}  // namespace kiosk
