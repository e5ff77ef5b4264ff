#include "directory/ProcedureParser.h"

#include "core/BoundedInput.h"

#include <nlohmann/json.hpp>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <fstream>
#include <optional>
#include <system_error>
#include <unordered_map>
#include <utility>

namespace kiosk {
namespace {
using namespace std::string_view_literals;

constexpr std::string_view kNoInfo = "Không có thông tin";
constexpr std::string_view kFree = "Miễn phí";
constexpr std::string_view kChannelHeader = "Hình thức nộpThời gianPhí, lệ phíMô tả";
constexpr std::string_view kDocumentHeader = "Tên giấy tờMẫu đơn, tờ khaiSố lượng";
constexpr std::string_view kLegalHeader = "Tên văn bản pháp lýMã văn bản";
constexpr std::size_t kMaxCodeBytes = 64;  // real codes are "1.000253"; the code is quoted in error messages

// ---------------------------------------------------------------------------------------------------------
// UTF-8 helpers. Every cut below is made at an ASCII byte or at the edge of a matched literal, so no
// multi-byte character is ever split; these only look at whole code points.

// The code point starting at byte `i`, with `i` moved past it; a negative value for an invalid sequence.
UChar32 decodeAt(std::string_view s, std::size_t& i) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
    auto pos = static_cast<int32_t>(i);
    UChar32 c = 0;
    U8_NEXT(bytes, pos, static_cast<int32_t>(s.size()), c);
    i = static_cast<std::size_t>(pos);
    return c;
}

UChar32 codePointAt(std::string_view s, std::size_t i) { return i < s.size() ? decodeAt(s, i) : -1; }

// The code point that ends at byte `i`: back over at most three continuation bytes, then decode forward.
UChar32 codePointBefore(std::string_view s, std::size_t i) {
    if (i == 0 || i > s.size()) return -1;
    std::size_t start = i - 1;
    while (start > 0 && i - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    std::size_t end = start;
    const UChar32 c = decodeAt(s, end);
    return end == i ? c : -1;
}

bool isLower(UChar32 c) { return c >= 0 && u_islower(c); }
bool isUpper(UChar32 c) { return c >= 0 && u_isupper(c); }
bool isAlnum(UChar32 c) { return c >= 0 && u_isalnum(c); }
bool isSpace(UChar32 c) { return c >= 0 && u_isUWhiteSpace(c); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool startsAt(std::string_view s, std::size_t i, std::string_view literal) {
    return i <= s.size() && s.substr(i).starts_with(literal);
}

std::size_t digitsEnd(std::string_view s, std::size_t i) {
    while (i < s.size() && isDigit(s[i])) ++i;
    return i;
}

// Digits with optional "," or "." groups ("25,000", "0.5"); returns `i` when there is no digit.
std::size_t numberEnd(std::string_view s, std::size_t i) {
    std::size_t j = digitsEnd(s, i);
    if (j == i) return i;
    while (j + 1 < s.size() && (s[j] == ',' || s[j] == '.') && isDigit(s[j + 1])) j = digitsEnd(s, j + 1);
    return j;
}

// Is the digit run at `i` the year of a date ("28/8/2020…") or of "năm 2019…"? Such a year has exactly
// four digits, so digits glued after it ("ngày 28/8/20201 bản chính") can be told apart with certainty.
bool isYearAt(std::string_view s, std::size_t i) {
    if (s.substr(0, i).ends_with("năm ")) return true;
    if (i < 3 || s[i - 1] != '/') return false;
    std::size_t month = i - 1;
    while (month > 0 && isDigit(s[month - 1])) --month;
    return i - 1 - month >= 1 && i - 1 - month <= 2 && month > 0 && s[month - 1] == '/';
}

const icu::Normalizer2* normalizer(bool compose) {
    UErrorCode status = U_ZERO_ERROR;
    return compose ? icu::Normalizer2::getNFCInstance(status) : icu::Normalizer2::getNFDInstance(status);
}

// 17 records spell "Cấp, quản lý căn cước" with combining marks; NFC makes them equal to the rest.
std::string toNfc(std::string_view s) {
    static const icu::Normalizer2* nfc = normalizer(true);
    if (nfc == nullptr) return std::string(s);
    const auto text = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
    UErrorCode status = U_ZERO_ERROR;
    if (nfc->isNormalized(text, status) && U_SUCCESS(status)) return std::string(s);
    status = U_ZERO_ERROR;
    const icu::UnicodeString composed = nfc->normalize(text, status);
    if (U_FAILURE(status)) return std::string(s);
    std::string out;
    composed.toUTF8String(out);
    return out;
}

// Vietnamese vowels, whatever their marks: the first code point of the full decomposition is a-e-i-o-u-y.
bool isVowel(UChar32 c) {
    static const icu::Normalizer2* nfd = normalizer(false);
    if (c < 0 || nfd == nullptr) return false;
    UChar32 base = u_tolower(c);
    icu::UnicodeString parts;
    if (nfd->getDecomposition(base, parts)) base = parts.char32At(0);
    return base == 'a' || base == 'e' || base == 'i' || base == 'o' || base == 'u' || base == 'y';
}

// Whitespace runs (newlines included) become one space, invisible format characters (LRM, BOM) go.
std::string collapseSpaces(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pendingSpace = false;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t start = i;
        const UChar32 c = decodeAt(s, i);
        if (isSpace(c)) {
            pendingSpace = !out.empty();
            continue;
        }
        if (c >= 0 && u_charType(c) == U_FORMAT_CHAR) continue;
        if (pendingSpace) {
            out += ' ';
            pendingSpace = false;
        }
        if (c < 0) out += "\xEF\xBF\xBD";  // U+FFFD for a byte that is not UTF-8
        else out.append(s.substr(start, i - start));
    }
    return out;
}

std::vector<std::string_view> splitLines(std::string_view s) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == '\n' || s[i] == '\r') {
            lines.push_back(s.substr(start, i - start));
            if (i + 1 < s.size() && s[i] == '\r' && s[i + 1] == '\n') ++i;
            start = i + 1;
        }
    }
    return lines;
}

// A line that starts with a lower-case letter continues the one before: the source wrapped it.
void appendLine(std::string& text, const std::string& line) {
    if (line.empty()) return;
    if (!text.empty()) text += isLower(codePointAt(line, 0)) ? ' ' : '\n';
    text += line;
}

// Multi-line text: each line collapsed, blank lines dropped, wrapped lines joined.
std::string normalizeText(std::string_view s) {
    std::string out;
    for (const auto line : splitLines(s)) appendLine(out, collapseSpaces(line));
    return out;
}

std::string withoutNoInfo(std::string s) { return s == kNoInfo ? std::string() : s; }

std::string trimmed(std::string_view s, std::string_view chars) {
    const auto first = s.find_first_not_of(chars);
    if (first == std::string_view::npos) return {};
    return std::string(s.substr(first, s.find_last_not_of(chars) - first + 1));
}

bool isBlank(std::string_view s) { return collapseSpaces(s).empty(); }

std::string countNote(std::string_view field, std::size_t count, std::string_view what) {
    return std::string(field) + ": " + std::to_string(count) + " " + std::string(what);
}

// ---------------------------------------------------------------------------------------------------------
// "Cách thức thực hiện": header, then rows of channel + time + fee [+ "(fee note)"] + description, glued.

constexpr std::array kChannels = {"Trực tiếp"sv, "Trực tuyến"sv, "Dịch vụ bưu chính"sv};
// Longest first, so "Ngày làm việc" is not read as "Ngày".
constexpr std::array kUnits = {std::pair{"Ngày làm việc"sv, "ngày làm việc"sv}, std::pair{"Ngày"sv, "ngày"sv},
                               std::pair{"Giờ"sv, "giờ"sv},   std::pair{"Tháng"sv, "tháng"sv},
                               std::pair{"Tuần"sv, "tuần"sv}, std::pair{"Năm"sv, "năm"sv},
                               std::pair{"Phút"sv, "phút"sv}};
constexpr std::array kCurrencies = {"Việt Nam Đồng"sv, "VNĐ"sv, "VND"sv, "USD"sv, "Đồng"sv, "đồng"sv};
constexpr std::size_t kMaxFreeTime = 400;  // bytes of free text accepted in the time column

struct RowHead {
    std::string_view channel;
    std::string time;
    std::string fee;
    std::string timeAndFee;
    std::size_t end = 0;  // just after the fee
};

std::optional<std::size_t> amountEnd(std::string_view s, std::size_t i) {
    std::size_t j = numberEnd(s, i);
    if (j == i) return std::nullopt;
    if (j < s.size() && s[j] == ' ') ++j;
    for (const auto currency : kCurrencies)
        if (startsAt(s, j, currency)) return j + currency.size();
    return std::nullopt;
}

std::optional<std::size_t> wordFeeEnd(std::string_view s, std::size_t i) {
    for (const auto word : {kFree, kNoInfo})
        if (startsAt(s, i, word)) return i + word.size();
    return std::nullopt;
}

std::optional<std::size_t> feeEnd(std::string_view s, std::size_t i) {
    if (auto end = wordFeeEnd(s, i)) return end;
    return amountEnd(s, i);
}

// The fee column read from `from` to `to`, "" for "Không có thông tin".
std::string feeText(std::string_view s, std::size_t from, std::size_t to) {
    return withoutNoInfo(std::string(s.substr(from, to - from)));
}

// Free text in the time column ("Không phải trả kết quả cho người nộp thuế"): starts with a capital and
// runs to the first "Miễn phí" / "Không có thông tin", without crossing another channel.
std::optional<std::size_t> freeTimeEnd(std::string_view s, std::size_t k) {
    if (!isUpper(codePointAt(s, k))) return std::nullopt;
    std::size_t best = std::string_view::npos;
    for (const auto word : {kFree, kNoInfo}) best = std::min(best, s.find(word, k + 1));
    if (best == std::string_view::npos || best - k > kMaxFreeTime) return std::nullopt;
    const auto text = s.substr(k, best - k);
    for (const auto channel : kChannels)
        if (text.find(channel) != std::string_view::npos) return std::nullopt;
    if (text.find('(') != std::string_view::npos) return std::nullopt;
    return best;
}

// Does a table row start at `i`? Tries the time-column shapes seen in the data, most specific first.
std::optional<RowHead> rowAt(std::string_view s, std::size_t i) {
    for (const auto channel : kChannels) {
        if (!startsAt(s, i, channel)) continue;
        const std::size_t k = i + channel.size();
        RowHead row;
        row.channel = channel;
        const std::size_t number = numberEnd(s, k);
        if (number > k) {
            const std::size_t u = number < s.size() && s[number] == ' ' ? number + 1 : number;
            for (const auto& [unit, lower] : kUnits) {
                if (!startsAt(s, u, unit)) continue;
                if (const auto fee = feeEnd(s, u + unit.size())) {
                    row.time = std::string(s.substr(k, number - k)) + " " + std::string(lower);
                    row.fee = feeText(s, u + unit.size(), *fee);
                    row.end = *fee;
                    return row;
                }
                break;
            }
            // "120 VNĐ": the time lost its unit and its digits ran into the amount. Not splittable.
            if (const auto amount = amountEnd(s, k)) {
                row.timeAndFee = std::string(s.substr(k, *amount - k));
                row.end = *amount;
                return row;
            }
            if (const auto fee = wordFeeEnd(s, number)) {
                row.time = std::string(s.substr(k, number - k));  // unit lost by the portal
                row.fee = feeText(s, number, *fee);
                row.end = *fee;
                return row;
            }
            return std::nullopt;
        }
        for (const auto word : {"Không quy định"sv, kNoInfo, "Không"sv}) {
            if (!startsAt(s, k, word)) continue;
            std::size_t t = k + word.size();
            if (t < s.size() && s[t] == ' ') ++t;  // "Không Không có thông tin"
            if (const auto fee = feeEnd(s, t)) {
                row.time = word == kNoInfo ? std::string() : std::string(word);
                row.fee = feeText(s, t, *fee);
                row.end = *fee;
                return row;
            }
        }
        if (const auto free = freeTimeEnd(s, k)) {
            row.time = collapseSpaces(s.substr(k, *free - k));
            const auto fee = feeEnd(s, *free);
            row.fee = feeText(s, *free, *fee);
            row.end = *fee;
            return row;
        }
        return std::nullopt;
    }
    return std::nullopt;
}

// The bracketed fee note right after the fee, and the description after it. `balanced` is false when the
// brackets never close inside the row; the whole rest is then the note. "(1)", "(ii)" number the
// description's cases ("(1) Trường hợp…") and stay with it.
std::pair<std::string, std::string> splitNote(std::string_view rest, bool& balanced) {
    balanced = true;
    if (rest.empty() || rest.front() != '(') return {std::string(), std::string(rest)};
    int depth = 0;
    for (std::size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] == '(') {
            ++depth;
        } else if (rest[i] == ')' && --depth == 0) {
            const auto note = rest.substr(1, i - 1);
            if (!note.empty() && note.size() <= 4 && note.find_first_not_of("0123456789ivx") == std::string_view::npos)
                return {std::string(), std::string(rest)};
            return {std::string(note), std::string(rest.substr(i + 1))};
        }
    }
    balanced = false;
    return {trimmed(rest, "() "), std::string()};
}

void parseChannels(std::string_view text, Procedure& p) {
    if (isBlank(text) || collapseSpaces(text) == kNoInfo) return;
    if (!text.starts_with(kChannelHeader)) {
        p.channelsText = normalizeText(text);
        p.parseNotes.push_back("cach_thuc_thuc_hien: no table header; kept as text");
        return;
    }
    auto body = text.substr(kChannelHeader.size());
    body.remove_prefix(std::min(body.size(), body.find_first_not_of(" \t\r\n")));
    if (body.empty()) return;
    std::vector<std::pair<std::size_t, RowHead>> rows;
    if (auto first = rowAt(body, 0)) rows.emplace_back(0, std::move(*first));
    if (rows.empty()) {
        p.channelsText = normalizeText(body);
        p.parseNotes.push_back("cach_thuc_thuc_hien: no channel row at the start; kept as text");
        return;
    }
    // Later rows start wherever a channel name is followed by a time and a fee; a channel named inside a
    // description ("+ Trực tiếp: nộp hồ sơ…") is followed by neither.
    for (std::size_t i = rows.front().second.end; i < body.size(); ++i) {
        if (body[i] != 'T' && body[i] != 'D') continue;
        if (auto row = rowAt(body, i)) {
            const std::size_t start = i;
            i = row->end - 1;
            rows.emplace_back(start, std::move(*row));
        }
    }
    std::size_t ambiguous = 0, unbalanced = 0, bare = 0;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const auto& head = rows[r].second;
        const std::size_t stop = r + 1 < rows.size() ? rows[r + 1].first : body.size();
        bool balanced = true;
        auto [note, description] = splitNote(body.substr(head.end, stop - head.end), balanced);
        ProcedureChannel channel;
        channel.channel = std::string(head.channel);
        channel.time = head.time;
        channel.fee = head.fee;
        channel.timeAndFee = head.timeAndFee;
        channel.feeNote = collapseSpaces(note);
        channel.description = normalizeText(description);
        if (!head.timeAndFee.empty()) ++ambiguous;
        if (!balanced) ++unbalanced;
        if (!channel.time.empty() && numberEnd(channel.time, 0) == channel.time.size()) ++bare;
        p.channels.push_back(std::move(channel));
    }
    if (ambiguous > 0)
        p.parseNotes.push_back(countNote("cach_thuc_thuc_hien", ambiguous,
                                         "row(s) with time and fee run together; kept in timeAndFee"));
    if (unbalanced > 0)
        p.parseNotes.push_back(countNote("cach_thuc_thuc_hien", unbalanced, "fee note(s) with unbalanced brackets"));
    if (bare > 0) p.parseNotes.push_back(countNote("cach_thuc_thuc_hien", bare, "time(s) without a unit"));
}

// ---------------------------------------------------------------------------------------------------------
// "Thành phần hồ sơ": [heading] header rows... [heading] header rows..., each row being the document name
// (with any template file name glued on) followed by "N bản chính" or "N bản chính,M bản sao".

constexpr std::string_view kOriginals = " bản chính";
constexpr std::string_view kCopies = " bản sao";
constexpr std::array kFileExtensions = {".doc"sv, ".docx"sv, ".pdf"sv, ".xls"sv, ".xlsx"sv, ".rtf"sv, ".odt"sv};

// "* Giấy tờ phải nộp:" -> "Giấy tờ phải nộp"; the "--" placeholder -> "".
std::string cleanHeading(std::string_view raw) {
    std::string heading = collapseSpaces(raw);
    std::size_t start = 0;
    while (start < heading.size() && (heading[start] == '-' || heading[start] == '*' || heading[start] == '+' ||
                                      heading[start] == ' '))
        ++start;
    return trimmed(std::string_view(heading).substr(start), " :");
}

bool endsWithFileName(std::string_view name) {
    std::string tail(name.substr(name.size() > 6 ? name.size() - 6 : 0));
    std::transform(tail.begin(), tail.end(), tail.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return std::any_of(kFileExtensions.begin(), kFileExtensions.end(),
                       [&](std::string_view ext) { return tail.ends_with(ext); });
}

// "Bước 2" somewhere in the text: what the misplaced end of the steps looks like.
bool hasStepMarker(std::string_view text) {
    constexpr std::string_view kStep = "Bước ";
    for (std::size_t i = text.find(kStep); i != std::string_view::npos; i = text.find(kStep, i + 1))
        if (i + kStep.size() < text.size() && isDigit(text[i + kStep.size()])) return true;
    return false;
}

struct DocumentCounts {
    std::size_t glued = 0, files = 0, unnamed = 0, trailing = 0;
};

void parseDocumentGroup(std::string_view body, const std::string& heading, Procedure& p, DocumentCounts& counts,
                        std::size_t& consumed) {
    std::size_t pos = 0;
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (!isDigit(body[i]) || (i > 0 && isDigit(body[i - 1]))) continue;
        const std::size_t digits = digitsEnd(body, i);
        if (!startsAt(body, digits, kOriginals)) {
            i = digits - 1;
            continue;
        }
        std::size_t end = digits + kOriginals.size();
        std::optional<int> copies;
        if (end < body.size() && body[end] == ',') {
            std::size_t c = end + 1;
            if (c < body.size() && body[c] == ' ') ++c;
            const std::size_t copyDigits = digitsEnd(body, c);
            if (copyDigits > c && copyDigits - c <= 2 && startsAt(body, copyDigits, kCopies)) {
                copies = std::stoi(std::string(body.substr(c, copyDigits - c)));
                end = copyDigits + kCopies.size();
            }
        }
        std::size_t numberStart = i;
        if (digits - i == 5 && isYearAt(body, i)) numberStart = i + 4;  // "ngày 28/8/2020" + "1 bản chính"
        const auto number = body.substr(numberStart, digits - numberStart);
        if (number.size() > 1 && number.front() == '0') {  // "01 bản chính" written inside a name
            i = end - 1;
            continue;
        }
        ProcedureDocument doc;
        doc.group = heading;
        if (number.size() == 1) {
            doc.name = normalizeText(body.substr(pos, numberStart - pos));
            doc.originals = number.front() - '0';
            doc.copies = copies.value_or(0);
            doc.quantity = std::string(number) + std::string(kOriginals);
            if (copies) doc.quantity += ", " + std::to_string(*copies) + std::string(kCopies);
        } else {
            // "theo Mẫu số 181 bản chính": which digits are the quantity is a guess, so keep it all.
            doc.name = normalizeText(body.substr(pos, end - pos));
            ++counts.glued;
        }
        pos = end;
        i = end - 1;
        if (doc.name.empty()) {
            ++counts.unnamed;
            continue;
        }
        if (endsWithFileName(doc.name)) ++counts.files;
        p.documents.push_back(std::move(doc));
    }
    consumed = pos;
}

// Returns the text to append to the steps when the crawler put the end of the steps here instead.
std::string parseDocuments(std::string_view text, Procedure& p) {
    if (isBlank(text) || collapseSpaces(text) == kNoInfo) return {};
    if (text.find(kDocumentHeader) == std::string_view::npos) {
        if (hasStepMarker(text)) {
            p.parseNotes.push_back(
                "thanh_phan_ho_so: holds the end of trinh_tu_thuc_hien (the crawler cut the steps at their "
                "link to 'Thành phần hồ sơ'); appended to the steps, no documents");
            return std::string(text);
        }
        p.documentsText = normalizeText(text);
        p.parseNotes.push_back("thanh_phan_ho_so: no table header; kept as text");
        return {};
    }
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t at = text.find(kDocumentHeader); at != std::string_view::npos;
         at = text.find(kDocumentHeader, start)) {
        parts.push_back(text.substr(start, at - start));
        start = at + kDocumentHeader.size();
    }
    parts.push_back(text.substr(start));
    std::string heading = cleanHeading(parts.front());
    DocumentCounts counts;
    for (std::size_t g = 1; g < parts.size(); ++g) {
        std::size_t consumed = 0;
        parseDocumentGroup(parts[g], heading, p, counts, consumed);
        const auto tail = parts[g].substr(consumed);
        if (g + 1 < parts.size()) {
            heading = cleanHeading(tail);  // the next table's heading follows this table's last quantity
        } else if (!isBlank(tail)) {
            ProcedureDocument doc;
            doc.group = heading;
            doc.name = normalizeText(tail);
            p.documents.push_back(std::move(doc));
            ++counts.trailing;
        }
    }
    if (counts.glued > 0)
        p.parseNotes.push_back(countNote("thanh_phan_ho_so", counts.glued,
                                         "quantity(ies) glued to digits of the name; kept in the name"));
    if (counts.files > 0)
        p.parseNotes.push_back(countNote("thanh_phan_ho_so", counts.files,
                                         "name(s) with the template file name glued on; kept in the name"));
    if (counts.unnamed > 0)
        p.parseNotes.push_back(countNote("thanh_phan_ho_so", counts.unnamed, "row(s) without a name dropped"));
    if (counts.trailing > 0)
        p.parseNotes.push_back("thanh_phan_ho_so: text after the last quantity kept as a row without quantity");
    return {};
}

// ---------------------------------------------------------------------------------------------------------
// "Trình tự thực hiện": steps on their own lines, usually "Bước N:"; the lines in between continue a step.

constexpr std::array kStepWords = {"Bước"sv, "BƯỚC"sv};

// Where the text of a step begins if `line` opens one ("- Bước 2:", "a) Bước 1.", "Bước 3 Chuyển hồ sơ");
// `label` receives a variant letter such as "a)", which is kept because the numbering restarts under it.
std::optional<std::size_t> stepMarkerEnd(std::string_view line, std::string& label) {
    std::size_t i = 0;
    while (i < line.size() && (line[i] == '-' || line[i] == '+' || line[i] == '*' || line[i] == ' ')) ++i;
    label.clear();
    if (i < line.size() && ((line[i] >= 'a' && line[i] <= 'z') || startsAt(line, i, "đ"))) {
        const std::size_t letterEnd = startsAt(line, i, "đ") ? i + "đ"sv.size() : i + 1;
        if (letterEnd < line.size() && line[letterEnd] == ')') {
            label = std::string(line.substr(i, letterEnd + 1 - i));
            i = letterEnd + 1;
            while (i < line.size() && line[i] == ' ') ++i;
        }
    }
    std::size_t word = 0;
    for (const auto w : kStepWords)
        if (startsAt(line, i, w)) word = w.size();
    if (word == 0) {
        label.clear();
        return std::nullopt;
    }
    i += word;
    while (i < line.size() && line[i] == ' ') ++i;
    const std::size_t digits = digitsEnd(line, i);
    if (digits == i) {
        label.clear();
        return std::nullopt;
    }
    i = digits;
    while (i < line.size() && line[i] == ' ') ++i;
    if (i < line.size() && (line[i] == ':' || line[i] == '.' || line[i] == ')' || line[i] == '-')) ++i;
    while (i < line.size() && line[i] == ' ') ++i;
    return i;
}

// "a) ..." lines, used as step markers when a record has no "Bước".
std::optional<std::size_t> letterMarkerEnd(std::string_view line, char& letter) {
    if (line.size() < 2 || line[0] < 'a' || line[0] > 'z' || line[1] != ')') return std::nullopt;
    letter = line[0];
    std::size_t i = 2;
    while (i < line.size() && line[i] == ' ') ++i;
    return i;
}

// Joins the cut-off end of the steps back on, marking with "…" the gap where the link text was lost
// ("theo quy định tại mục 5.3 (…); nộp hồ sơ"). A tail that opens a new step goes on a line of its own.
std::string joinAcrossGap(std::string_view head, std::string_view tail) {
    std::string left = trimmed(head, " \t");
    const std::string right = trimmed(tail, " \t");
    std::string label;
    const bool newStep = stepMarkerEnd(right.substr(0, right.find('\n')), label).has_value();
    if (isAlnum(codePointBefore(left, left.size()))) left += ' ';
    left += "…";
    if (newStep) left += '\n';
    else if (isAlnum(codePointAt(right, 0))) left += ' ';
    return left + right;
}

std::vector<std::string> parseSteps(std::string_view text) {
    std::vector<std::string> lines;
    for (const auto line : splitLines(text)) {
        std::string collapsed = collapseSpaces(line);
        if (!collapsed.empty()) lines.push_back(std::move(collapsed));
    }
    std::vector<std::optional<std::size_t>> markers(lines.size());
    std::vector<std::string> labels(lines.size());
    bool anyStep = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        markers[i] = stepMarkerEnd(lines[i], labels[i]);
        anyStep = anyStep || markers[i].has_value();
    }
    if (!anyStep) {
        // Letters a), b), c)... in order, starting at a), when there are at least two of them.
        std::vector<std::optional<std::size_t>> letters(lines.size());
        char expected = 'a';
        for (std::size_t i = 0; i < lines.size(); ++i) {
            char letter = 0;
            const auto end = letterMarkerEnd(lines[i], letter);
            if (end && letter == expected) {
                letters[i] = end;
                ++expected;
            }
        }
        if (expected > 'b') markers = std::move(letters);
    }
    const bool anyMarker = std::any_of(markers.begin(), markers.end(), [](const auto& m) { return m.has_value(); });
    std::vector<std::string> steps;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (markers[i]) {
            std::string step = labels[i];
            const std::string rest = lines[i].substr(*markers[i]);
            if (!step.empty() && !rest.empty()) step += ' ';
            steps.push_back(step + rest);  // may be empty: "Bước 1:" alone, its text on the next line
        } else if (anyMarker && steps.empty()) {
            steps.push_back(lines[i]);  // a lead-in before the first step is kept as an entry of its own
        } else if (anyMarker && steps.back().empty()) {
            steps.back() = lines[i];
        } else if (anyMarker || (!steps.empty() && isLower(codePointAt(lines[i], 0)))) {
            appendLine(steps.back(), lines[i]);
        } else {
            steps.push_back(lines[i]);  // no markers at all: one entry per line
        }
    }
    steps.erase(std::remove_if(steps.begin(), steps.end(), [](const std::string& s) { return s.empty(); }),
                steps.end());
    return steps;
}

// ---------------------------------------------------------------------------------------------------------
// "Căn cứ pháp lý": header, then rows of title + code glued ("Luật Căn cước26/2023/QH15"). A code is
// number "/" [year "/"] type-issuer ("NĐ-CP", "TT-BCA", "QH15"); the letter groups are matched against the
// usual type and issuer abbreviations so an issuer does not swallow the first letter of the next title.

// Type and issuer abbreviations. "QH" takes the two-digit term ("QH15") and "TT" a final "g" ("TTg").
constexpr std::array kCodeParts = {
    // types
    "NĐ"sv, "ND"sv, "TT"sv, "TTLT"sv, "QĐ"sv, "NQ"sv, "NQLT"sv, "L"sv, "VBHN"sv, "CT"sv, "PL"sv, "QH"sv,
    // issuers
    "CP"sv, "BTC"sv, "BCA"sv, "BTP"sv, "BXD"sv, "BYT"sv, "BGTVT"sv, "BLĐTBXH"sv, "BKHĐT"sv, "BNNMT"sv,
    "BNNPTNT"sv, "BTNMT"sv, "BQP"sv, "BCT"sv, "BNV"sv, "BNN"sv, "BVHTTDL"sv, "BTTTT"sv, "BGDĐT"sv, "BKHCN"sv,
    "BNG"sv, "NHNN"sv, "UBND"sv, "HĐND"sv, "BHXH"sv, "CSXH"sv, "VPCP"sv, "VPQH"sv, "TANDTC"sv, "VKSNDTC"sv,
    "UBTVQH"sv, "CTN"sv, "HĐTP"sv, "KTNN"sv, "TTCP"sv, "UBDT"sv, "UBTƯMTTQVN"sv};
constexpr std::array kTypeWords = {"Thông tư liên tịch"sv, "Thông tư"sv,  "Nghị định"sv, "Nghị quyết"sv,
                                   "Quyết định"sv,         "Bộ luật"sv,   "Luật"sv,      "Pháp lệnh"sv,
                                   "Lệnh"sv,               "Chỉ thị"sv,   "Văn bản hợp nhất"sv};

// A letter of a code's letter group: A-Z, Đ, Ư.
std::size_t codeLetterEnd(std::string_view s, std::size_t i) {
    if (i >= s.size()) return i;
    if (s[i] >= 'A' && s[i] <= 'Z') return i + 1;
    for (const auto letter : {"Đ"sv, "Ư"sv})
        if (startsAt(s, i, letter)) return i + letter.size();
    return i;
}

// Could `upper` + `lower` start a Vietnamese word ("Th", "Ng", "Qu", "Lu")? Used only for issuers not in
// the list, to give back a capital that begins the next title.
bool startsWord(UChar32 upper, UChar32 lower) {
    if (!isLower(lower) || isVowel(upper)) return false;
    if (isVowel(lower)) return true;
    static constexpr std::array kPairs = {"Ch"sv, "Gh"sv, "Kh"sv, "Ng"sv, "Nh"sv, "Ph"sv, "Th"sv, "Tr"sv};
    if (upper > 0x7F || lower > 0x7F) return false;
    const std::string pair{static_cast<char>(upper), static_cast<char>(lower)};
    return std::find(kPairs.begin(), kPairs.end(), pair) != kPairs.end();
}

// One letter group of a code at `i` ("NĐ", "BTC", "QH15", "TTg"); returns its end, or `i` if none.
std::size_t codePartEnd(std::string_view s, std::size_t i) {
    std::size_t run = i;
    for (std::size_t next = codeLetterEnd(s, run); next > run; next = codeLetterEnd(s, run)) run = next;
    if (run == i) return i;
    const auto letters = s.substr(i, run - i);
    auto withSuffix = [&](std::size_t end) {
        const auto part = s.substr(i, end - i);
        if (part.ends_with("QH") && end + 2 <= s.size() && isDigit(s[end]) && isDigit(s[end + 1]))
            return end + 2;  // "QH15": the legislature's term, always two digits
        if (part.ends_with("TT") && end < s.size() && s[end] == 'g') return end + 1;  // "TTg": the Prime Minister
        return end;
    };
    std::size_t best = i;
    for (const auto part : kCodeParts)
        if (letters.starts_with(part) && part.size() > best - i) best = i + part.size();
    if (best > i) return withSuffix(best);
    std::size_t end = run;
    const UChar32 last = codePointBefore(s, end);
    if (end - i > 1 && startsWord(last, codePointAt(s, end))) end -= static_cast<std::size_t>(U8_LENGTH(last));
    return withSuffix(end);
}

// A code starting at `i`, or nothing. The number may be dotted ("66.7/2025/NQ-CP") when its first part
// has at most three digits: "2021-2025.01/2022/TT-BXD" is a year ending the title, then the code. A run of
// digits that starts with the year of a date ("ngày 29/6/202443/2024/QH15") moves `i` past the year.
// `gluedDigits` is set for "Luật Cư trú 202068/2020/QH14", where the number ran into digits of the title
// ("2020" + "68"? "202" + "068"?) and only the end of the code is certain.
std::optional<std::size_t> codeEnd(std::string_view s, std::size_t& i, bool& gluedDigits) {
    gluedDigits = false;
    if (digitsEnd(s, i) - i > 4 && digitsEnd(s, i) - i <= 8 && isYearAt(s, i)) i += 4;
    std::size_t number = digitsEnd(s, i);
    if (number - i <= 3 && number + 1 < s.size() && s[number] == '.' && isDigit(s[number + 1]))
        number = digitsEnd(s, number + 1);
    if (number == i || number >= s.size() || s[number] != '/') return std::nullopt;
    std::size_t k = number + 1;
    const bool year = digitsEnd(s, k) == k + 4 && k + 4 < s.size() && s[k + 4] == '/';
    if (year) k += 5;
    if (digitsEnd(s, i) - i > 4) {
        if (!year) return std::nullopt;
        gluedDigits = true;
    }
    std::size_t end = codePartEnd(s, k);
    if (end == k) return std::nullopt;
    while (end + 1 < s.size() && s[end] == '-') {
        const std::size_t next = codePartEnd(s, end + 1);
        if (next == end + 1) break;
        end = next;
    }
    return end;
}

// "…của Bộ Nông nghiệp và Môi trườngNghị định số 131/2025/NĐ-CP": the code cell starts with the type word,
// glued to the end of the title. Returns where that cell starts, if it does.
std::optional<std::size_t> typedCodeStart(std::string_view s, std::size_t rowStart, std::size_t codeStart) {
    auto before = s.substr(rowStart, codeStart - rowStart);
    while (!before.empty() && before.back() == ' ') before.remove_suffix(1);
    if (before.ends_with(" số")) {
        before.remove_suffix(" số"sv.size());
        while (!before.empty() && before.back() == ' ') before.remove_suffix(1);
    }
    for (const auto word : kTypeWords) {
        if (!before.ends_with(word)) continue;
        const std::size_t at = rowStart + before.size() - word.size();
        if (at > rowStart && !isSpace(codePointBefore(s, at))) return at;
        return std::nullopt;
    }
    return std::nullopt;
}

std::string cleanTitle(std::string_view raw) { return trimmed(collapseSpaces(raw), " ;,"); }

void parseLegalBasis(std::string_view text, const std::string& agencyRaw, Procedure& p) {
    // The court records carry the next page section ("Cơ quan thực hiện" + the agency) at the end.
    constexpr std::string_view kAgencySection = "Cơ quan thực hiện";
    if (const auto at = text.rfind(kAgencySection); at != std::string_view::npos && !isBlank(agencyRaw) &&
                                                    collapseSpaces(text.substr(at + kAgencySection.size())) ==
                                                        collapseSpaces(agencyRaw)) {
        text = text.substr(0, at);
        p.parseNotes.push_back("can_cu_phap_ly: trailing copy of co_quan_thuc_hien removed");
    }
    if (isBlank(text) || collapseSpaces(text) == kNoInfo) return;
    if (!text.starts_with(kLegalHeader)) {
        p.legalBasisText = normalizeText(text);
        p.parseNotes.push_back("can_cu_phap_ly: no table header; kept as text");
        return;
    }
    const auto body = text.substr(kLegalHeader.size());
    std::size_t rowStart = 0, glued = 0, lastCodeEnd = std::string_view::npos;
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (!isDigit(body[i])) continue;
        if (i > 0 && isDigit(body[i - 1]) && i != lastCodeEnd) continue;
        bool gluedDigits = false;
        const std::size_t runStart = i;
        const auto end = codeEnd(body, i, gluedDigits);
        // After "/" a code starts only past a date's year ("ngày 29/6/2024" + "43/2024/QH15") or glued.
        if (!end || (runStart > 0 && body[runStart - 1] == '/' && i == runStart && !gluedDigits)) {
            i = digitsEnd(body, runStart) - 1;
            continue;
        }
        if (gluedDigits) {
            // The row certainly ends here, but the code cannot be cut from the title: keep both as the title.
            LegalBasis law;
            law.title = cleanTitle(body.substr(rowStart, *end - rowStart));
            p.legalBasis.push_back(std::move(law));
            ++glued;
            rowStart = lastCodeEnd = *end;
            i = *end - 1;
            continue;
        }
        const UChar32 before = codePointBefore(body, i);
        std::optional<std::size_t> cellStart;
        if (i == rowStart) {
            // a code opening a title ("106/2024/NĐ-CP ..."), not ending one
        } else if (before == '\n' || !isSpace(before)) {
            cellStart = i;
        } else if (*end >= body.size() || !isDigit(body[*end])) {
            // Unless the code is repeated right after it ("Thông tư 93/2018/TT-BTC93/2018/TT-BTC"): then
            // this one is still inside the title.
            cellStart = typedCodeStart(body, rowStart, i);
        }
        if (cellStart) {
            LegalBasis law;
            law.title = cleanTitle(body.substr(rowStart, *cellStart - rowStart));
            law.code = collapseSpaces(body.substr(*cellStart, *end - *cellStart));
            p.legalBasis.push_back(std::move(law));
            rowStart = *end;
        }
        lastCodeEnd = *end;
        i = *end - 1;
    }
    const std::string tail = cleanTitle(body.substr(rowStart));
    if (!tail.empty()) {
        LegalBasis law;
        law.title = tail;
        p.legalBasis.push_back(std::move(law));
        p.parseNotes.push_back("can_cu_phap_ly: text after the last code kept as a title without code");
    }
    if (glued > 0)
        p.parseNotes.push_back(
            countNote("can_cu_phap_ly", glued, "code(s) run into digits of the title; kept in the title"));
}

// ---------------------------------------------------------------------------------------------------------
// "Kết quả xử lý": result names each followed by "Mã: KQ.G01.000064", then the page's "Từ khóa … Mô tả …"
// and the agency picker ("Chọn cơ quan thực hiện … Nộp hồ sơ").

// The result code after "Mã:": groups like "KQ", ".G01", ".000064", "000", "-KQ3554".
std::size_t resultCodeEnd(std::string_view s, std::size_t i) {
    auto group = [&](std::size_t at, bool needDigit) {
        std::size_t j = at;
        while (j < s.size() && s[j] >= 'A' && s[j] <= 'Z') ++j;
        const std::size_t digits = digitsEnd(s, j);
        if (needDigit && digits == j) return at;
        return digits;
    };
    std::size_t end = group(i, false);
    while (end + 1 < s.size() && (s[end] == '.' || s[end] == '-')) {
        const std::size_t next = group(end + 1, true);
        if (next == end + 1) break;
        end = next;
    }
    return end;
}

std::string cleanResult(std::string_view text) {
    if (const auto picker = text.find("Chọn cơ quan thực hiện"); picker != std::string_view::npos)
        text = text.substr(0, picker);
    constexpr std::string_view kCode = "Mã:";
    const auto lastCode = text.rfind(kCode);
    if (const auto keywords = text.find("Từ khóa", lastCode == std::string_view::npos ? 0 : lastCode);
        keywords != std::string_view::npos)
        text = text.substr(0, keywords);
    std::vector<std::string> names;
    auto add = [&](std::string_view raw) {
        std::string name = withoutNoInfo(normalizeText(raw));
        if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    };
    std::size_t start = 0;
    for (auto at = text.find(kCode); at != std::string_view::npos; at = text.find(kCode, start)) {
        add(text.substr(start, at - start));
        std::size_t code = at + kCode.size();
        while (code < text.size() && text[code] == ' ') ++code;
        start = resultCodeEnd(text, code);
    }
    add(text.substr(start));
    std::string result;
    for (const auto& name : names) result += (result.empty() ? "" : "\n") + name;
    return result;
}

// ---------------------------------------------------------------------------------------------------------
// JSON

class Record {
public:
    explicit Record(const nlohmann::json& object) : object_(object) {}

    // The field as NFC text; "" when absent or null. Any other type is an error.
    std::string raw(const char* key) const {
        const auto it = object_.find(key);
        if (it == object_.end() || it->is_null()) return {};
        if (!it->is_string())
            throw ProcedureParseError(std::string("field ") + key + " is " + it->type_name() + ", not a string");
        return toNfc(it->get_ref<const std::string&>());
    }
    std::string line(const char* key) const { return withoutNoInfo(collapseSpaces(raw(key))); }
    std::string text(const char* key) const { return withoutNoInfo(normalizeText(raw(key))); }

private:
    const nlohmann::json& object_;
};

std::string formatAmount(const ProcedureChannel& channel) {
    const std::string& fee = channel.fee;
    const std::size_t number = numberEnd(fee, 0);
    if (number == 0) return fee;
    std::string digits;
    for (std::size_t i = 0; i < number; ++i)
        if (isDigit(fee[i])) digits += fee[i];
    std::string currency = trimmed(std::string_view(fee).substr(number), " ");
    const bool dong = currency != "USD";
    // "25,000" (the portal's grouping) is written "25.000" in Vietnamese.
    std::string amount = fee.substr(0, number);
    if (amount.find(',') != std::string::npos && amount.find('.') == std::string::npos)
        std::replace(amount.begin(), amount.end(), ',', '.');
    std::string shown = amount + " " + (dong ? std::string("đồng") : currency);
    const std::string& note = channel.feeNote;
    if (note.starts_with('/')) {
        shown += note;  // "(/trang)": the unit the amount is per
    } else if (dong && !note.empty() && digits.size() < 4) {
        // A few hundred đồng is not a real fee: the portal's amount is off and the note has the real one.
        shown += " (" + note + ")";
    }
    return shown;
}

// Per channel in table order, the distinct values `show` gives for its rows ("" values skipped).
template <typename Show>
std::vector<std::pair<std::string, std::vector<std::string>>> perChannel(const std::vector<ProcedureChannel>& rows,
                                                                         Show show) {
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    for (const auto& row : rows) {
        const std::string value = show(row);
        if (value.empty()) continue;
        auto it = std::find_if(out.begin(), out.end(), [&](const auto& entry) { return entry.first == row.channel; });
        if (it == out.end()) {
            out.emplace_back(row.channel, std::vector<std::string>{});
            it = out.end() - 1;
        }
        if (std::find(it->second.begin(), it->second.end(), value) == it->second.end()) it->second.push_back(value);
    }
    return out;
}

std::string joinPerChannel(const std::vector<std::pair<std::string, std::vector<std::string>>>& entries) {
    std::string out;
    for (const auto& [channel, values] : entries) {
        if (!out.empty()) out += "; ";
        out += channel + ": ";
        for (std::size_t i = 0; i < values.size(); ++i) out += (i > 0 ? ", " : "") + values[i];
    }
    return out;
}

bool readLine(std::streambuf& in, std::string& line, std::size_t& length) {
    line.clear();
    length = 0;
    int c = in.sbumpc();
    if (c == std::char_traits<char>::eof()) return false;
    while (c != std::char_traits<char>::eof() && c != '\n') {
        if (line.size() <= ProcedureParser::kMaxLineBytes) line += static_cast<char>(c);
        ++length;
        c = in.sbumpc();
    }
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
        --length;
    }
    return true;
}
}  // namespace

// ---------------------------------------------------------------------------------------------------------

std::string Procedure::processingTimeSummary() const {
    return joinPerChannel(perChannel(channels, [](const ProcedureChannel& row) {
        // A bare "1": the portal lost the unit (day? month?). Saying nothing beats a guess or a
        // placeholder; the parse note and the raw table keep it for review.
        const bool bare = numberEnd(row.time, 0) == row.time.size();
        return bare ? std::string() : row.time;
    }));
}

std::string Procedure::feeSummary() const {
    const auto fees = perChannel(channels, [](const ProcedureChannel& row) {
        return row.fee.empty() ? std::string() : formatAmount(row);
    });
    if (fees.empty()) return {};
    const auto& first = fees.front().second;
    const bool same = std::all_of(fees.begin(), fees.end(), [&](const auto& entry) { return entry.second == first; });
    const bool allFree = std::all_of(fees.begin(), fees.end(), [](const auto& entry) {
        return std::all_of(entry.second.begin(), entry.second.end(), [](const auto& v) { return v == kFree; });
    });
    if (allFree) return std::string(kFree);
    if (same && first.size() == 1) return "Phí, lệ phí: " + first.front();
    return joinPerChannel(fees);
}

namespace {
// What the portal's form left in front of a fee note: a label ("Lệ phí :", "Phí :"), a currency
// with no amount ("Đồng (Mức lệ phí…"), or the row's amount again ("400.000 Đồng (Mức thu…").
std::string withoutFeePlaceholders(std::string note) {
    for (bool changed = true; changed;) {
        changed = false;
        note = trimmed(note, " ():.-");
        for (const auto label : {"Phí, lệ phí"sv, "Lệ phí"sv, "Phí"sv}) {
            std::size_t end = label.size();
            if (!note.starts_with(label)) continue;
            while (end < note.size() && note[end] == ' ') ++end;
            if (end < note.size() && note[end] == ':') {
                note.erase(0, end + 1);
                changed = true;
            }
        }
        const std::size_t number = numberEnd(note, 0);
        std::size_t at = number;
        if (at > 0 && at < note.size() && note[at] == ' ') ++at;
        for (const auto currency : kCurrencies) {
            if (!startsAt(note, at, currency)) continue;
            const std::size_t end = at + currency.size();
            // "Đồng" on its own, not the start of a word ("Đồng Nai").
            if (end < note.size() && note[end] != ' ' && note[end] != '(' && note[end] != '.') continue;
            note.erase(0, end);
            changed = true;
            break;
        }
    }
    return note;
}

// The note's sentences ("- Mức lệ phí…", "…quyết định."), each as it is compared for repetition.
std::vector<std::string> noteSentences(const std::string& note) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at < note.size()) {
        std::size_t end = note.find(". ", at);
        const std::size_t dash = note.find(" - ", at);
        end = std::min(end == std::string::npos ? note.size() : end + 1, dash == std::string::npos ? note.size() : dash);
        std::string sentence = trimmed(std::string_view(note).substr(at, end - at), " -");
        while (sentence.ends_with("..")) sentence.pop_back();
        if (!sentence.empty()) out.push_back(std::move(sentence));
        at = end;
        while (at < note.size() && (note[at] == ' ' || note[at] == '-')) ++at;
    }
    return out;
}
}  // namespace

std::vector<std::string> Procedure::feeNotes() const {
    // Each channel repeats the note, often with a word changed: every sentence is said once, in
    // table order, without the form's placeholders.
    std::vector<std::string> notes;
    std::vector<std::string> said;
    for (const auto& row : channels) {
        if (row.feeNote.starts_with('/')) continue;  // "/trang": the unit, already with the amount
        std::string note;
        for (auto& sentence : noteSentences(withoutFeePlaceholders(row.feeNote))) {
            std::string key = sentence;
            while (!key.empty() && (key.back() == '.' || key.back() == ';' || key.back() == ' ')) key.pop_back();
            if (key.empty() || std::find(said.begin(), said.end(), key) != said.end()) continue;
            said.push_back(key);
            note += (note.empty() ? "" : " ") + sentence;
        }
        if (!note.empty()) notes.push_back(std::move(note));
    }
    return notes;
}

std::string Procedure::feeText() const {
    std::string text = feeSummary();
    for (const auto& note : feeNotes()) {
        if (!text.empty()) text += text.ends_with('.') ? " " : ". ";
        text += note;
    }
    return text;
}

Procedure ProcedureParser::parseLine(std::string_view jsonLine) {
    if (jsonLine.size() > kMaxLineBytes)
        throw ProcedureParseError("line is " + std::to_string(jsonLine.size()) + " bytes, over the " +
                                  std::to_string(kMaxLineBytes) + "-byte limit");
    if (jsonLine.starts_with("\xEF\xBB\xBF")) jsonLine.remove_prefix(3);
    std::string why;
    auto parsed = readJson(jsonLine, JsonLimits{.maxBytes = kMaxLineBytes, .maxDepth = kMaxDepth}, why);
    if (!parsed) throw ProcedureParseError("invalid JSON: " + why);
    const nlohmann::json object = std::move(*parsed);
    if (!object.is_object()) throw ProcedureParseError(std::string("a JSON ") + object.type_name() + ", not an object");
    const Record record(object);

    Procedure p;
    p.code = collapseSpaces(record.raw("ma_thu_tuc"));
    if (p.code.empty()) throw ProcedureParseError("missing or empty ma_thu_tuc");
    if (p.code.size() > kMaxCodeBytes)
        throw ProcedureParseError("ma_thu_tuc is longer than " + std::to_string(kMaxCodeBytes) + " bytes");
    p.name = collapseSpaces(record.raw("ten_thu_tuc"));
    if (p.name.empty()) throw ProcedureParseError("missing or empty ten_thu_tuc (ma_thu_tuc " + p.code + ")");
    p.field = record.line("linh_vuc");
    p.level = record.line("cap_thuc_hien");
    p.kind = record.line("loai_thu_tuc");
    p.ministry = record.line("bo_nganh");
    p.decision = record.line("so_quyet_dinh");
    p.applicants = record.line("doi_tuong_thuc_hien");
    p.agency = record.line("co_quan_thuc_hien");
    if (p.agency.empty()) p.agency = record.line("co_quan_co_tham_quyen");
    p.whereToSubmit = record.text("dia_chi_tiep_nhan");
    p.conditions = record.text("yeu_cau_dieu_kien");
    p.result = cleanResult(record.raw("ket_qua_xu_ly"));
    p.detailUrl = collapseSpaces(record.raw("detail_url"));

    parseChannels(record.raw("cach_thuc_thuc_hien"), p);
    const std::string stepsTail = parseDocuments(record.raw("thanh_phan_ho_so"), p);
    const std::string steps = record.raw("trinh_tu_thuc_hien");
    p.steps = parseSteps(stepsTail.empty() ? steps : joinAcrossGap(steps, stepsTail));
    parseLegalBasis(record.raw("can_cu_phap_ly"), record.raw("co_quan_thuc_hien"), p);
    return p;
}

ProcedureParser::LoadResult ProcedureParser::loadFile(const std::filesystem::path& jsonl) {
    std::error_code ec;
    if (std::filesystem::is_directory(jsonl, ec))
        throw ProcedureParseError("cannot open " + jsonl.string() + ": it is a directory");
    std::ifstream in(jsonl, std::ios::binary);
    if (!in) throw ProcedureParseError("cannot open " + jsonl.string() + ": " + std::generic_category().message(errno));

    LoadResult result;
    std::unordered_map<std::string, std::size_t> firstLine;  // code -> line it was first read on
    std::string line;
    std::size_t length = 0;
    for (std::size_t number = 1; readLine(*in.rdbuf(), line, length); ++number) {
        auto skip = [&](const std::string& reason) {
            result.skipped.push_back(jsonl.string() + ":" + std::to_string(number) + ": " + reason);
        };
        if (length > kMaxLineBytes) {
            skip("line is " + std::to_string(length) + " bytes, over the " + std::to_string(kMaxLineBytes) +
                 "-byte limit");
            continue;
        }
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        try {
            Procedure procedure = parseLine(line);
            const auto [it, fresh] = firstLine.emplace(procedure.code, number);
            if (!fresh) {
                skip("duplicate ma_thu_tuc " + procedure.code + " (first on line " + std::to_string(it->second) + ")");
                continue;
            }
            result.procedures.push_back(std::move(procedure));
        } catch (const ProcedureParseError& e) {
            skip(e.what());
        }
    }
    return result;
}

}  // namespace kiosk
