// GCC 12 with -fsanitize=address (the sanitizer build) warns "may be used uninitialized" inside
// libstdc++'s <regex> (std::function moved in _StateT): a false positive in the library, not here.
// It must be ignored before any header is read, as the warning points into them.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "directory/ResidentText.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <regex>

#include "core/BoundedInput.h"

namespace kiosk::resident {
namespace {
using namespace std::string_view_literals;

bool isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool isAsciiWordChar(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

// Spaces collapsed, none before , ; . : ) or after (, no empty brackets, no dangling separators.
std::string tidy(std::string text) {
    static const std::regex spaces("[ \\t]+");
    static const std::regex beforePunct(" +([,;.:)])");
    static const std::regex afterOpen("\\( +");
    static const std::regex emptyBrackets("\\(\\s*\\)");
    static const std::regex doubled("([,;]) *[,;]");
    // Each pass only where it can change something: std::regex is slow, and this runs on every line.
    auto has = [&text](std::string_view part) { return text.find(part) != std::string::npos; };
    if (has("  ") || has("\t")) text = std::regex_replace(text, spaces, " ");
    if (has("(")) {
        text = std::regex_replace(text, emptyBrackets, "");
        text = std::regex_replace(text, afterOpen, "(");
    }
    if (has(" ,") || has(" ;") || has(" .") || has(" :") || has(" )"))
        text = std::regex_replace(text, beforePunct, "$1");
    if (text.find_first_of(",;") != std::string::npos) text = std::regex_replace(text, doubled, "$1");
    if (has("  ")) text = std::regex_replace(text, spaces, " ");
    const auto first = text.find_first_not_of(" ,;:");
    if (first == std::string::npos) return {};
    const auto last = text.find_last_not_of(" ,;");
    return text.substr(first, last - first + 1);
}

// A web address: kept as its bare host when it has no path; removed when it has one (ids,
// UUIDs, percent-encoding mean nothing to a resident, read or spoken).
std::string withoutAddresses(const std::string& text) {
    static const std::regex url("https?://([^\\s/()\\[\\];,]+)([^\\s()\\[\\];]*)");
    std::string out;
    auto begin = std::sregex_iterator(text.begin(), text.end(), url);
    std::size_t at = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
        const auto& match = *it;
        out.append(text, at, static_cast<std::size_t>(match.position(0)) - at);
        std::string path = match[2].str();
        while (!path.empty() && (path.back() == '.' || path.back() == '/')) path.pop_back();
        if (path.empty()) out += match[1].str();
        at = static_cast<std::size_t>(match.position(0) + match.length(0));
    }
    out.append(text, at, std::string::npos);
    return out;
}

// Commit hashes (a 7 to 40 hex token with both letters and digits, or "@" and one), UUIDs and
// anything naming GitHub: provenance, not words.
std::string withoutTechnicalTokens(const std::string& text) {
    static const std::regex uuid("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static const std::regex github("\\S*[Gg]it[Hh]ub\\S*");
    std::string s = text;
    if (s.find('-') != std::string::npos) s = std::regex_replace(s, uuid, "");
    if (s.find("ithub") != std::string::npos || s.find("ITHUB") != std::string::npos)
        s = std::regex_replace(s, github, "");
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        if (!isAsciiWordChar(s[i]) && s[i] != '@') {
            out += s[i++];
            continue;
        }
        std::size_t j = i;
        while (j < s.size() && (isAsciiWordChar(s[j]) || s[j] == '@')) ++j;
        const std::string_view token(s.data() + i, j - i);
        const bool wordBoundary = (i == 0 || static_cast<unsigned char>(s[i - 1]) < 0x80) &&
                                  (j == s.size() || static_cast<unsigned char>(s[j]) < 0x80);
        std::string_view hex = token;
        if (hex.starts_with('@')) hex.remove_prefix(1);
        const bool allHex = !hex.empty() && std::all_of(hex.begin(), hex.end(), isHex);
        const bool letters = std::any_of(hex.begin(), hex.end(), [](char c) { return c > '9'; });
        const bool digits = std::any_of(hex.begin(), hex.end(), [](char c) { return c <= '9'; });
        const bool commit = wordBoundary && allHex && hex.size() >= 7 && hex.size() <= 40 &&
                            ((letters && digits) || token.starts_with('@'));
        if (!commit) out.append(token);
        i = j;
    }
    return out;
}

// Legal citations: the document's number, with "số" before it and "ngày d/m/yyyy" after it, goes;
// the kind of document ("Quyết định", "Thông tư") stays, so the sentence still reads. "QĐ" alone
// is the abbreviation of "Quyết định".
std::string withoutCitations(const std::string& text) {
    static const std::regex number(
        "(?:s\xE1\xBB\x91 )?"                                   // "số "
        "\\d+[a-z]?(?:"
        "/\\d{4}/(?:[A-Z]|\xC4\x90)+[0-9]*"                       // with its year: 09/2023/QĐ-TTg, 26/2023/QH15
        "|/(?:Q\xC4\x90|N\xC4\x90|TT|NQ|CT|QH|VBHN|HD)(?:[A-Z0-9]|\xC4\x90)*"  // or its kind: 1478/QĐ-UBND
        ")(?:-(?:[A-Za-z0-9]|\xC4\x90)+)*(?![A-Za-z])"               // (a form number, 01/ĐK-TCT, stays)
        "(?: ng\xC3\xA0y \\d{1,2}/\\d{1,2}/\\d{4})?");           // " ngày 12/4/2023"
    static const std::regex abbreviation("(^|[ (])Q\xC4\x90(?=$|[ ,;.)])");
    // A form number glued to "QĐ" ("Mẫu số 01- QĐ613", "Mẫu 03-QĐTD/SHTT/2020"): the code goes.
    static const std::regex glued("\\s?-?\\s?Q\xC4\x90[^\\s),;]+");
    std::string s = std::regex_replace(text, number, "");
    s = std::regex_replace(s, abbreviation, "$1Quy\xE1\xBA\xBFt \xC4\x91\xE1\xBB\x8Bnh");  // "Quyết định"
    s = std::regex_replace(s, glued, "");
    return s;
}

// A clause (between semicolons) that, once its citation is gone, ends in a bare "theo Quyết
// định": it only said which document, so it goes (when something else is left).
std::string withoutCitingClauses(const std::string& text) {
    static const std::regex bareCitation(
        "theo (?:Quy\xE1\xBA\xBFt \xC4\x91\xE1\xBB\x8Bnh|Ngh\xE1\xBB\x8B \xC4\x91\xE1\xBB\x8Bnh|Th\xC3\xB4ng t\xC6\xB0|"
        "Lu\xE1\xBA\xADt)\\s*[.]?\\s*$");
    if (text.find(';') == std::string::npos) return text;
    std::vector<std::string> kept;
    std::size_t at = 0;
    while (at <= text.size()) {
        auto end = text.find(';', at);
        if (end == std::string::npos) end = text.size();
        std::string clause = text.substr(at, end - at);
        if (!std::regex_search(clause, bareCitation)) kept.push_back(std::move(clause));
        at = end + 1;
    }
    if (kept.empty()) return text;
    std::string out;
    for (const auto& clause : kept) out += (out.empty() ? "" : ";") + clause;
    return out;
}

std::string isoDatesAsDays(const std::string& text) {
    static const std::regex iso("(\\d{4})-(\\d{2})-(\\d{2})(?:T[0-9:.]+(?:Z|[+-]\\d{2}:?\\d{2})?)?");
    return std::regex_replace(text, iso, "$3/$2/$1");
}

// One line at a time: std::regex recurses per character, and a procedure's text runs to pages.
template <typename F>
std::string perLine(std::string_view text, F&& clean) {
    std::string out;
    std::size_t at = 0;
    while (at <= text.size()) {
        auto end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        const std::string line = clean(std::string(text.substr(at, end - at)));
        if (!line.empty()) out += (out.empty() ? "" : "\n") + line;
        at = end + 1;
    }
    return out;
}

bool bareNumber(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool hasAddressWithId(std::string_view url) {
    const auto scheme = url.find("://");
    const auto path = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
    if (url.find('%') != std::string_view::npos) return true;
    return path != std::string_view::npos && path + 1 < url.size();
}
}  // namespace

std::string plainDate(std::string_view iso) {
    static const std::regex date("(\\d{4})-(\\d{2})-(\\d{2})(?:T.*)?");
    static const std::regex month("(\\d{4})-(\\d{2})");  // an event known only by its month
    const std::string text(iso);
    std::smatch m;
    if (std::regex_match(text, m, date)) return m[3].str() + "/" + m[2].str() + "/" + m[1].str();
    if (std::regex_match(text, m, month)) return m[2].str() + "/" + m[1].str();
    return {};
}

std::string plainText(std::string_view text) {
    return perLine(text, [](std::string line) {
        // Each pass only where its pattern can occur (std::regex is slow; this runs on every line).
        if (line.find("http") != std::string::npos) line = withoutAddresses(line);
        if (line.find('/') != std::string::npos || line.find("Q\xC4\x90") != std::string::npos)
            line = withoutCitations(line);
        line = withoutCitingClauses(line);
        if (line.find('-') != std::string::npos) line = isoDatesAsDays(line);
        line = withoutTechnicalTokens(line);
        return tidy(std::move(line));
    });
}

std::string plainSource(std::string_view source) {
    // The first of several sources names the publisher; the rest is provenance.
    std::string s(source.substr(0, source.find(';')));
    s = s.substr(0, s.find('('));
    s = s.substr(0, s.find("http"));
    std::string out;
    std::size_t at = 0;
    while (at <= s.size()) {
        auto end = s.find(", ", at);
        if (end == std::string::npos) end = s.size();
        const std::string piece = s.substr(at, end - at);
        // A repository ("owner/name @commit") or a note in English is not the publisher.
        const bool provenance = piece.find('/') != std::string::npos || piece.find('@') != std::string::npos ||
                                piece.find("synthetic") != std::string::npos;
        if (!provenance && !tidy(piece).empty()) out += (out.empty() ? "" : ", ") + piece;
        at = end + 2;
    }
    // "Name: https://…" leaves "Name: ".
    while (!out.empty() && (out.back() == ' ' || out.back() == ':')) out.pop_back();
    return plainText(out);
}

std::string name(const DirectoryEntry& entry) {
    return plainText(entry.name);
}

std::string address(const DirectoryEntry& entry) {
    return plainText(entry.address);
}

std::string website(const DirectoryEntry& entry) {
    if (entry.kind == kinds::kProcedure || entry.website.empty() || hasAddressWithId(entry.website)) return {};
    return plainText(entry.website);
}

bool showsKind(const DirectoryEntry& entry) {
    return entry.kind != kinds::kProcedure;
}

bool attributeShown(const DirectoryEntry& entry, const std::string& key) {
    static constexpr std::array hidden = {"code"sv, "school_code"sv, "license_no"sv, "ranking_decision"sv};
    if (key.ends_with("_json")) return false;
    if (std::find(hidden.begin(), hidden.end(), key) != hidden.end()) return false;
    if (key == "license_issuer") {
        // "HCM": the register's code for the issuer, not a name.
        const auto value = entry.attribute(key);
        return value.find(' ') != std::string::npos;
    }
    return true;
}

std::string attributeValue(const DirectoryEntry& entry, const std::string& key) {
    const std::string value = entry.attribute(key);
    if (key.ends_with("_date") || key == "expiry") {
        const auto day = plainDate(value);
        if (!day.empty()) return day;
    }
    return plainText(value);
}

std::vector<std::string> listItems(const DirectoryEntry& entry, const std::string& jsonKey) {
    std::vector<std::string> out;
    std::vector<std::string> fields;
    if (jsonKey == "documents_json") fields = {"name", "quantity"};
    else if (jsonKey == "channels_json") fields = {"channel", "time", "fee", "description"};
    else if (jsonKey != "steps_json") return out;  // the legal basis is for staff
    std::string unreadable;  // an attribute that is not a list shows nothing, as an empty one
    const auto json = readJson(entry.attribute(jsonKey), JsonLimits{.maxDepth = 8}, unreadable);
    if (!json || !json->is_array()) return out;
    for (const auto& item : *json) {
        if (item.is_string()) {
            const auto line = plainText(item.get<std::string>());
            if (!line.empty()) out.push_back(line);
            continue;
        }
        if (!item.is_object()) continue;
        std::string line;
        for (const auto& key : fields) {
            if (!item.contains(key) || !item[key].is_string()) continue;
            const std::string raw = item[key].get<std::string>();
            if (key == "time" && bareNumber(raw)) continue;  // the portal lost its unit
            const std::string value = plainText(raw);
            if (value.empty()) continue;
            if (!line.empty()) line += " \u2014 ";
            line += value;
        }
        if (!line.empty()) out.push_back(line);
    }
    return out;
}

SourceLine sourceLine(const DirectoryEntry& entry) {
    return {plainSource(entry.source), plainDate(entry.updatedAt)};
}

}  // namespace kiosk::resident
