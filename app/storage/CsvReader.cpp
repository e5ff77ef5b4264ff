#include "storage/CsvReader.h"

#include <fstream>
#include <sstream>

namespace kiosk {

CsvTable CsvTable::parse(std::string_view text, const std::string& sourceName) {
    const auto refuse = [&](const std::string& why) { return CsvError(sourceName + ": " + why); };
    if (const std::string size = checkTextSize(text, kCsvBounds); !size.empty()) throw refuse(size);
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 BOM from spreadsheet exports
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string field;
    bool quoted = false;
    bool fieldStarted = false;
    std::size_t line = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n') ++line;
                field += c;
            }
            if (field.size() > kCsvBounds.maxFieldBytes)
                throw refuse("line " + std::to_string(line) + ": " +
                             fieldTooLong(record.size() + 1, field.size(), kCsvBounds));
            continue;
        }
        switch (c) {
            case '"':
                if (!field.empty())
                    throw CsvError(sourceName + ":" + std::to_string(line) + ": quote inside an unquoted field");
                quoted = true;
                fieldStarted = true;
                break;
            case ',':
                if (record.size() + 1 >= kCsvBounds.maxFields)
                    throw refuse("line " + std::to_string(line) + ": " + tooManyFields(kCsvBounds));
                record.push_back(std::move(field));
                field.clear();
                fieldStarted = true;
                break;
            case '\r': break;
            case '\n':
                if (fieldStarted || !field.empty() || !record.empty()) {
                    if (records.size() >= kCsvBounds.maxRecords) throw refuse(tooManyRecords(kCsvBounds));
                    record.push_back(std::move(field));
                    records.push_back(std::move(record));
                }
                field.clear();
                record.clear();
                fieldStarted = false;
                ++line;
                break;
            default:
                field += c;
                fieldStarted = true;
                if (field.size() > kCsvBounds.maxFieldBytes)
                    throw refuse("line " + std::to_string(line) + ": " +
                                 fieldTooLong(record.size() + 1, field.size(), kCsvBounds));
        }
    }
    if (quoted) throw CsvError(sourceName + ": file ends inside a quoted field");
    if (fieldStarted || !field.empty() || !record.empty()) {
        if (records.size() >= kCsvBounds.maxRecords) throw refuse(tooManyRecords(kCsvBounds));
        record.push_back(std::move(field));
        records.push_back(std::move(record));
    }
    if (records.empty()) throw CsvError(sourceName + ": no header row");

    CsvTable table;
    table.source_ = sourceName;
    table.header_ = std::move(records.front());
    for (std::size_t i = 0; i < table.header_.size(); ++i) table.index_.emplace(table.header_[i], i);
    for (std::size_t r = 1; r < records.size(); ++r) {
        if (records[r].size() != table.header_.size())
            throw CsvError(sourceName + ": row " + std::to_string(r + 1) + " has " + std::to_string(records[r].size()) +
                           " fields, the header has " + std::to_string(table.header_.size()));
        table.rows_.push_back(std::move(records[r]));
    }
    return table;
}

CsvTable CsvTable::load(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw CsvError("cannot open " + file.string());
    // Refused before it is read into memory, with the words parse() would use.
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (!ec && size > kCsvBounds.maxBytes)
        throw CsvError(file.string() + ": " + std::to_string(size) + " bytes, more than the limit " +
                       std::to_string(kCsvBounds.maxBytes));
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), file.string());
}

const std::string& CsvTable::at(std::size_t row, std::string_view column) const {
    const auto it = index_.find(column);
    if (it == index_.end()) throw CsvError(source_ + ": no column \"" + std::string(column) + "\"");
    if (row >= rows_.size()) throw CsvError(source_ + ": no row " + std::to_string(row));
    return rows_[row][it->second];
}

}  // namespace kiosk
