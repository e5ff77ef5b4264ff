#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

// Folds Vietnamese text to the form search compares: Unicode-decomposed (so NFC and NFD input
// agree, and "Hòa"/"Hoà" tone placements agree), tone and vowel marks removed, đ/Đ -> d,
// lower case, and every character that is not a letter or digit turned into a single space.
// "Bệnh viện Đa khoa" -> "benh vien da khoa". Invalid UTF-8 bytes are dropped.
std::string foldForSearch(std::string_view utf8);

// The folded words of a text, in order, without empties: what a query is matched by.
std::vector<std::string> searchTokens(std::string_view utf8);

}  // namespace kiosk
