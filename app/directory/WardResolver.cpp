#include "directory/WardResolver.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/unistr.h>

#include "directory/TextFold.h"
#include "storage/CsvReader.h"

namespace kiosk {
namespace {

enum class Unit { Ward, District, Other };

// A unit word as it is written before a name, lower case and NFC. `glued`: the register runs street and
// ward together ("Hoa BằngPhường Tân Sơn Nhì", "Ấp 1Xã Xuân Thới Sơn"), and these occur inside no other
// word, so they may follow a letter or digit. `numbered`: only quận are numbered, so "H. 3" is no district.
struct Keyword {
    std::string_view text;
    Unit unit;
    bool glued = false;
    bool numbered = false;
};

constexpr Keyword kKeywords[] = {
    {"phường", Unit::Ward, true},
    {"phuong", Unit::Ward},
    {"thị trấn", Unit::Ward},
    {"thi tran", Unit::Ward},
    {"xã", Unit::Ward, true},
    {"p.", Unit::Ward},
    {"f.", Unit::Ward},  // the colloquial "F.15" for Phường 15
    {"t.t.", Unit::Ward, true},
    {"t.t ", Unit::Ward},
    {"tt.", Unit::Ward},
    {"quận", Unit::District, true, true},
    {"quan", Unit::District, false, true},
    {"q.", Unit::District, false, true},
    {"huyện", Unit::District, true},
    {"huyen", Unit::District},
    {"h.", Unit::District},
    {"thị xã", Unit::District},
    {"thi xa", Unit::District},
    {"tx.", Unit::District},
    {"tx ", Unit::District},
    {"thành phố", Unit::District},
    {"thanh pho", Unit::District},
    {"tp.", Unit::District},
    {"tp ", Unit::District},
    {"t.p.", Unit::District},
    {"tỉnh", Unit::Other},
};

struct Mention {
    Unit unit;
    bool numbered;
    std::string name;  // folded, numbers without leading zeros
    std::size_t at;    // where its unit word starts
};

bool isAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isAsciiDigit(char c) { return c >= '0' && c <= '9'; }
// Any byte of a multi-byte UTF-8 sequence is taken as part of a letter: Vietnamese text has few others.
bool isWordByte(char c) { return isAsciiLetter(c) || isAsciiDigit(c) || static_cast<unsigned char>(c) >= 0x80; }

bool isDigits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), isAsciiDigit); }

std::string lowerNfc(std::string_view text) {
    icu::UnicodeString s =
        icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_SUCCESS(status)) {
        icu::UnicodeString normalized = nfc->normalize(s, status);
        if (U_SUCCESS(status)) s = std::move(normalized);
    }
    s.toLower(icu::Locale::getRoot());
    std::string out;
    s.toUTF8String(out);
    return out;
}

// "Phường 05" and "Phường 5" are one ward, and so are "Qui Đức" and "Quy Đức" (the older i spelling).
std::string nameKey(std::string_view written) {
    const std::string folded = foldForSearch(written);
    std::string out;
    std::size_t start = 0;
    while (start < folded.size()) {
        auto end = folded.find(' ', start);
        if (end == std::string::npos) end = folded.size();
        std::string_view word = std::string_view(folded).substr(start, end - start);
        start = end + 1;
        if (isDigits(word)) {
            while (word.size() > 1 && word.front() == '0') word.remove_prefix(1);
        }
        if (word == "qui") word = "quy";
        if (!out.empty()) out += ' ';
        out += word;
    }
    return out;
}

const Keyword* keywordAt(std::string_view text, std::size_t at) {
    // Every unit word starts with one of these ASCII letters; most bytes are rejected here, which keeps a
    // full seed load fast.
    static constexpr std::string_view starts = "pfxtqh";
    if (starts.find(text[at]) == std::string_view::npos) return nullptr;
    for (const auto& keyword : kKeywords) {
        if (text.compare(at, keyword.text.size(), keyword.text) != 0) continue;
        if (!keyword.glued && at > 0 && isWordByte(text[at - 1])) continue;
        const std::size_t after = at + keyword.text.size();
        const char last = keyword.text.back();
        if (last != '.' && last != ' ' && after < text.size() && (isAsciiLetter(text[after]) ||
                                                                   static_cast<unsigned char>(text[after]) >= 0x80))
            continue;
        return &keyword;
    }
    return nullptr;
}

// Every unit word in the text with the name after it, up to the next unit word or separator.
std::vector<Mention> mentions(std::string_view lower) {
    static constexpr std::string_view separators = ",;:()[]\n";
    std::vector<Mention> out;
    const Keyword* open = nullptr;
    std::size_t nameStart = 0;
    const auto close = [&](std::size_t end) {
        if (open == nullptr) return;
        std::string name = nameKey(lower.substr(nameStart, end - nameStart));
        const std::size_t at = nameStart - open->text.size();
        if (!name.empty()) out.push_back(Mention{open->unit, open->numbered, std::move(name), at});
        open = nullptr;
    };
    std::size_t i = 0;
    while (i < lower.size()) {
        if (separators.find(lower[i]) != std::string_view::npos) {
            close(i);
            ++i;
            continue;
        }
        if (const Keyword* keyword = keywordAt(lower, i)) {
            close(i);
            open = keyword;
            i += keyword->text.size();
            nameStart = i;
            continue;
        }
        ++i;
    }
    close(lower.size());
    return out;
}

// "Địa bàn 3 xã An Điền, An Tây và Phú An": a list of places after the first ward named. A "và" before it
// joins house numbers or floors ("Số 79 và 81 Điện Biên Phủ, Phường Đa Kao"), which share the one ward.
bool namesSeveral(std::string_view lower) {
    constexpr std::string_view word = "và";
    for (auto at = lower.find(word); at != std::string_view::npos; at = lower.find(word, at + word.size())) {
        const std::size_t after = at + word.size();
        if ((at == 0 || !isWordByte(lower[at - 1])) && (after == lower.size() || !isWordByte(lower[after])))
            return true;
    }
    return false;
}

// The district a mention names, as the pre-2025 list calls it, or "" when it names none.
std::string districtName(const Mention& mention, const std::set<std::string, std::less<>>& known) {
    if (isDigits(mention.name) && !mention.numbered) return {};
    std::string name = mention.name;
    if (mention.numbered && (name == "2" || name == "9")) name = "thu duc";
    return known.contains(name) ? name : std::string();
}

std::string pairKey(std::string_view ward, std::string_view district) {
    return std::string(ward) + '|' + std::string(district);
}

// The single name of `unit` a list entry such as "Phường 12" or "Thành phố Thủ Đức" gives, or "".
std::string onlyName(std::string_view fullName, Unit unit) {
    const auto found = mentions(lowerNfc(fullName));
    return found.size() == 1 && found.front().unit == unit ? found.front().name : std::string();
}

}  // namespace

WardResolver::WardResolver(const std::filesystem::path& preMergerWardsCsv, const std::filesystem::path& mappingCsv) {
    const auto wards = CsvTable::load(preMergerWardsCsv);
    std::vector<std::pair<std::string, std::string>> pending;  // (ward, district) names per code, in order
    for (std::size_t r = 0; r < wards.size(); ++r) {
        const std::string& code = wards.at(r, "ward_code");
        if (code.empty()) continue;  // Côn Đảo: a district without wards
        const std::string ward = onlyName(wards.at(r, "ward_full_name"), Unit::Ward);
        const std::string district = onlyName(wards.at(r, "district_full_name"), Unit::District);
        if (ward.empty() || district.empty()) continue;  // unreadable names match nothing
        districts_.insert(district);
        oldWards_[pairKey(ward, district)].push_back(code);
    }
    const auto mapping = CsvTable::load(mappingCsv);
    for (std::size_t r = 0; r < mapping.size(); ++r) {
        const std::string& oldCode = mapping.at(r, "old_ward_code");
        const std::string& newCode = mapping.at(r, "new_ward_code");
        if (!oldCode.empty() && !newCode.empty()) newWards_[oldCode].insert(newCode);
    }
}

WardResolution WardResolver::resolve(std::string_view addressOrOldWard) const {
    WardResolution result;
    const std::string lower = lowerNfc(addressOrOldWard);
    std::set<std::string> wards;
    std::set<std::string> districts;
    std::size_t firstWard = lower.size();
    for (const auto& mention : mentions(lower)) {
        if (mention.unit == Unit::Ward) {
            wards.insert(mention.name);
            firstWard = std::min(firstWard, mention.at);
        } else if (mention.unit == Unit::District) {
            // Unknown names are ignored: "TP Hồ Chí Minh", and streets like "Bà Huyện Thanh Quan".
            if (std::string district = districtName(mention, districts_); !district.empty())
                districts.insert(std::move(district));
        }
    }
    if (wards.empty() || districts.empty()) return result;
    if (wards.size() > 1 || districts.size() > 1 || namesSeveral(std::string_view(lower).substr(firstWard))) {
        result.match = WardMatch::Ambiguous;
        return result;
    }
    const auto old = oldWards_.find(pairKey(*wards.begin(), *districts.begin()));
    if (old == oldWards_.end()) {
        result.match = WardMatch::UnknownWard;
        return result;
    }
    if (old->second.size() != 1) {
        result.match = WardMatch::Ambiguous;
        return result;
    }
    result.oldWardCode = old->second.front();
    const auto merged = newWards_.find(result.oldWardCode);
    if (merged == newWards_.end()) {
        result.match = WardMatch::UnknownWard;
    } else if (merged->second.size() != 1) {
        result.match = WardMatch::Ambiguous;  // split: only part of the old ward went into each new one
    } else {
        result.match = WardMatch::Resolved;
        result.newWardCode = *merged->second.begin();
    }
    return result;
}

std::optional<std::string> WardResolver::newWardFor(std::string_view addressOrOldWard) const {
    auto result = resolve(addressOrOldWard);
    if (result.match != WardMatch::Resolved) return std::nullopt;
    return std::move(result.newWardCode);
}

}  // namespace kiosk
