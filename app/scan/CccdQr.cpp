#include "scan/CccdQr.h"

#include <openssl/crypto.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdint>

#include "core/BoundedInput.h"

namespace kiosk::scan {
namespace {
// Real codes are under 300 bytes, with 7 fields (newer cards append a few). One field may take
// what the others leave of the 1024 bytes, so no bound of its own.
constexpr TextBounds kCardBounds{.maxBytes = 1024, .maxFields = 32};
constexpr std::size_t kCardFields = 7;
constexpr int kFirstYear = 1900;  // dates outside these years are typing errors or forgeries
constexpr int kLastYear = 2099;

bool isDigits(std::string_view text, std::size_t count) {
    return text.size() == count && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int number(std::string_view digits) {
    int value = 0;
    for (const char c : digits) value = value * 10 + (c - '0');
    return value;
}

// "ddMMyyyy" as a real calendar date, or nullopt.
std::optional<std::chrono::year_month_day> readDate(std::string_view text) {
    if (!isDigits(text, 8)) return std::nullopt;
    const int year = number(text.substr(4, 4));
    if (year < kFirstYear || year > kLastYear) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(year),
                                           std::chrono::month(static_cast<unsigned>(number(text.substr(2, 2)))),
                                           std::chrono::day(static_cast<unsigned>(number(text.substr(0, 2))))};
    if (!date.ok()) return std::nullopt;
    return date;
}

// "ddMMyyyy" (already read by readDate) -> "yyyy-MM-dd".
std::string isoDate(std::string_view text) {
    return std::string(text.substr(4, 4)) + "-" + std::string(text.substr(2, 2)) + "-" + std::string(text.substr(0, 2));
}

std::string_view trimSpaces(std::string_view text) {
    const auto first = text.find_first_not_of(' ');
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

// Letters (with their combining marks), spaces, and the apostrophe and hyphen of names such as
// "H'Hen Niê"; at least one letter. Digits and punctuation in a name mean the text is not a card.
bool isPersonName(std::string_view name) {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(name.data());
    const auto length = static_cast<std::int32_t>(name.size());
    bool letter = false;
    for (std::int32_t i = 0; i < length;) {
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);
        if (c < 0) return false;
        if ((U_GET_GC_MASK(c) & U_GC_L_MASK) != 0) {
            letter = true;
        } else if ((U_GET_GC_MASK(c) & U_GC_M_MASK) == 0 && c != ' ' && c != '\'' && c != 0x2019 && c != '-') {
            return false;
        }
    }
    return letter;
}

// The fields between '|', within kCardBounds; "" or why not. Stops at the first field too many.
std::string splitFields(std::string_view text, std::vector<std::string_view>& fields) {
    std::size_t start = 0;
    for (;;) {
        const std::size_t bar = text.find('|', start);
        const std::string_view field = text.substr(start, bar == std::string_view::npos ? bar : bar - start);
        if (fields.size() == kCardBounds.maxFields) return tooManyFields(kCardBounds);
        fields.push_back(field);
        if (bar == std::string_view::npos) return {};
        start = bar + 1;
    }
}

// Fills `card` from `text`; returns why it cannot ("" when it could). Every check runs before
// anything is copied, so a refused text leaves nothing of itself in the card.
std::string readCard(std::string_view text, CccdCard& card) {
    if (std::string size = checkTextSize(text, kCardBounds); !size.empty()) return size;
    if (const auto unsafe = unsafeTextReason(text); !unsafe.empty()) return std::string(unsafe);
    std::vector<std::string_view> fields;
    if (std::string split = splitFields(text, fields); !split.empty()) return split;
    if (fields.size() < kCardFields) return std::to_string(fields.size()) + " fields where a card has at least 7";
    if (!isDigits(fields[0], 12)) return "field 1 (citizen ID) is not 12 digits";
    if (!fields[1].empty() && !isDigits(fields[1], 9)) return "field 2 (old ID) is neither empty nor 9 digits";
    const std::string_view name = trimSpaces(fields[2]);
    if (!isPersonName(name)) return "field 3 (name) is empty or has characters other than letters, spaces, ' and -";
    const auto birth = readDate(fields[3]);
    if (!birth) return "field 4 (birth date) is not a date ddMMyyyy between 1900 and 2099";
    if (fields[4] != "Nam" && fields[4] != "Nữ") return "field 5 (gender) is neither \"Nam\" nor \"Nữ\"";
    const std::string_view address = trimSpaces(fields[5]);
    if (address.empty()) return "field 6 (address) is empty";
    const auto issue = readDate(fields[6]);
    if (!issue) return "field 7 (issue date) is not a date ddMMyyyy between 1900 and 2099";
    if (*birth > *issue) return "the birth date is after the issue date";

    card.citizenId = fields[0];
    card.oldId = fields[1];
    card.fullName = name;
    card.birthDate = isoDate(fields[3]);
    card.gender = fields[4];
    card.address = address;
    card.issueDate = isoDate(fields[6]);
    card.extraFields.assign(fields.begin() + kCardFields, fields.end());
    return {};
}
}  // namespace

CccdCard::~CccdCard() { wipe(*this); }

CccdParse parseCccdQr(std::string_view text) {
    CccdParse result;
    result.refusal = readCard(text, result.card.emplace());
    if (!result.refusal.empty()) result.card.reset();
    return result;
}

std::string maskCitizenId(std::string_view citizenId) {
    if (!isDigits(citizenId, 12)) return std::string(12, '*');
    return std::string(citizenId.substr(0, 3)) + std::string(6, '*') + std::string(citizenId.substr(9));
}

void wipeString(std::string& text) {
    // resize() to the capacity reaches the bytes a longer, earlier value left behind.
    text.resize(text.capacity());
    OPENSSL_cleanse(text.data(), text.size());
    text.clear();
}

void wipe(CccdCard& card) {
    for (std::string* text : {&card.citizenId, &card.oldId, &card.fullName, &card.birthDate, &card.gender,
                              &card.address, &card.issueDate})
        wipeString(*text);
    for (std::string& field : card.extraFields) wipeString(field);
    card.extraFields.clear();
}

std::string_view unsafeTextReason(std::string_view text) {
    if (text.size() > static_cast<std::size_t>(INT32_MAX)) return "too long to read";
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    const auto length = static_cast<std::int32_t>(text.size());
    for (std::int32_t i = 0; i < length;) {
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);
        if (c < 0) return "not valid UTF-8";
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) return "a control character";
        // Line breaks in disguise, and the bidirectional controls that make text display in
        // another order than it is read (CVE-2021-42574, "Trojan Source").
        if (c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
            return "a line separator or bidirectional control";
    }
    return {};
}

}  // namespace kiosk::scan
