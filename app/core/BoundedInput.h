#pragma once
// Bounded reading of outside input. The one reader for JSON that comes from outside the kiosk (the city, the identity provider,
// the portal, tokens, cached copies of their answers). Size and nesting are bounded while the
// text is parsed, so a hostile answer never becomes a value that is deep (copies and
// destruction of nlohmann values recurse) or large, and nothing here throws.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace kiosk {

// Defaults fit an answer of the city's APIs; callers tighten them where their contract does.
struct JsonLimits {
    std::size_t maxBytes = 8u << 20;
    int maxDepth = 32;                 // the outermost array or object is level 1
    bool rejectDuplicateKeys = false;  // JOSE headers and claims (RFC 7515 §5.2) refuse them
};

// Parses `text` as one JSON value (RFC 8259, UTF-8) within `limits`. On failure returns
// std::nullopt and says why in `error`, precisely and without quoting the text:
//   "12582912 bytes, more than the limit 8388608"
//   "nests deeper than 32 levels"
//   "malformed JSON at byte 17 of 40"
//   "has the member \"alg\" twice" (only with rejectDuplicateKeys; the name cut to 64 bytes of
//                                      printable ASCII)
std::optional<nlohmann::json> readJson(std::string_view text, const JsonLimits& limits, std::string& error);

// Bounds on delimited text from outside (a scanned code, a CSV file): checked before a parser
// looks at it, and by the parsers as they split it. 0 means "no limit" for a member.
struct TextBounds {
    std::size_t maxBytes = 0;
    std::size_t maxFields = 0;       // fields of one record
    std::size_t maxFieldBytes = 0;   // bytes of one field
    std::size_t maxRecords = 0;      // records (lines) of a table
};

// "" when `text` fits bounds.maxBytes, else "N bytes, more than the limit M" (as readJson says it).
std::string checkTextSize(std::string_view text, const TextBounds& bounds);
// The same sentences for a record's fields, a field and a table's records.
// ("more than 32 fields", "field 3 is 600 bytes, more than the limit 512", "more than 1000000 records")
std::string tooManyFields(const TextBounds& bounds);
std::string fieldTooLong(std::size_t fieldNumber, std::size_t bytes, const TextBounds& bounds);
std::string tooManyRecords(const TextBounds& bounds);

}  // namespace kiosk
