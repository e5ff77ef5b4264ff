#include "directory/TextFold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace kiosk {
namespace {
// Decomposition is done per code point with ICU's NFD data, then marks are dropped: this is
// what makes precomposed (NFC) and decomposed (NFD) input, and either tone placement, equal.
const icu::Normalizer2& nfd() {
    UErrorCode status = U_ZERO_ERROR;
    static const icu::Normalizer2* instance = icu::Normalizer2::getNFDInstance(status);
    return *instance;
}

void appendUtf8(std::string& out, UChar32 c) {
    char buffer[4];
    int32_t length = 0;
    UBool error = false;
    U8_APPEND(buffer, length, 4, c, error);
    if (!error) out.append(buffer, static_cast<size_t>(length));
}

void appendFolded(std::string& out, UChar32 c, bool& pendingSpace) {
    if (c == 0x0111 || c == 0x0110) c = 'd';  // đ Đ: a letter of its own, not d with a mark
    if (u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY_MASK) & U_GC_M_MASK) return;  // marks
    if (!u_isalnum(c)) {
        pendingSpace = !out.empty();
        return;
    }
    if (pendingSpace) {
        out += ' ';
        pendingSpace = false;
    }
    c = u_tolower(c);
    if (c < 0x80) out += static_cast<char>(c);
    else appendUtf8(out, c);
}
}  // namespace

std::string foldForSearch(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    bool pendingSpace = false;
    const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
    const auto length = static_cast<int32_t>(utf8.size());
    int32_t i = 0;
    const icu::Normalizer2& decompose = nfd();
    while (i < length) {
        UChar32 c = 0;
        if (bytes[i] < 0x80) {
            c = bytes[i++];
            appendFolded(out, c, pendingSpace);
            continue;
        }
        U8_NEXT(bytes, i, length, c);
        if (c < 0) continue;  // invalid UTF-8 byte sequence
        icu::UnicodeString decomposed;
        if (decompose.getDecomposition(c, decomposed)) {
            for (int32_t k = 0; k < decomposed.length();) {
                const UChar32 part = decomposed.char32At(k);
                appendFolded(out, part, pendingSpace);
                k += U16_LENGTH(part);
            }
        } else {
            appendFolded(out, c, pendingSpace);
        }
    }
    return out;
}

std::vector<std::string> searchTokens(std::string_view utf8) {
    std::vector<std::string> tokens;
    const std::string folded = foldForSearch(utf8);
    size_t start = 0;
    while (start < folded.size()) {
        size_t end = folded.find(' ', start);
        if (end == std::string::npos) end = folded.size();
        if (end > start) tokens.push_back(folded.substr(start, end - start));
        start = end + 1;
    }
    return tokens;
}

}  // namespace kiosk
