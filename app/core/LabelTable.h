#pragma once
#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace kiosk {

// One row of a table that gives words to a code: `text` is the untranslated (gettext msgid) label.
struct LabelRow {
    std::string_view key;
    const char* text;
};

// The index of the first row whose key an earlier row already has, if any.
constexpr std::optional<std::size_t> firstDuplicateKey(std::span<const LabelRow> rows) {
    for (std::size_t i = 1; i < rows.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (rows[j].key == rows[i].key) return i;
    return std::nullopt;
}

// A fixed table of labels checked when it is compiled: a key written twice does not build. (A
// std::map initializer silently keeps the first of two equal keys, which once labelled a heritage
// site's category "Type of school".) Lookups are linear: these tables have a few dozen rows.
template <std::size_t N>
class LabelTable {
public:
    consteval explicit LabelTable(const LabelRow (&rows)[N]) {
        for (std::size_t i = 0; i < N; ++i) rows_[i] = rows[i];
        if (firstDuplicateKey(rows_)) throw "LabelTable: a key is written twice";  // a compile error
    }

    // The label's msgid for `key`, or nullptr.
    constexpr const char* find(std::string_view key) const {
        for (const auto& row : rows_)
            if (row.key == key) return row.text;
        return nullptr;
    }
    constexpr std::span<const LabelRow> rows() const { return rows_; }

private:
    std::array<LabelRow, N> rows_{};
};

}  // namespace kiosk
