#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

class CsvError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A CSV table as RFC 4180 defines it (quoted fields, doubled quotes, CRLF or LF), with a header
// row. Bundled data files are small; the whole table is held in memory.
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
