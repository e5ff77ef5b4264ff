#include "feedback/ComposeRules.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>

#include "i18n/Gettext.h"

namespace kiosk::open311 {
namespace {

bool blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::size_t characters(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// A decimal number as people type it: digits, one separator ("." or ","), an optional sign.
bool plausibleNumber(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && text[i] == ' ') ++i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    std::size_t digits = 0;
    bool separator = false;
    for (; i < text.size() && text[i] != ' '; ++i) {
        if (text[i] >= '0' && text[i] <= '9') ++digits;
        else if ((text[i] == '.' || text[i] == ',') && !separator) separator = true;
        else return false;
    }
    while (i < text.size() && text[i] == ' ') ++i;
    return digits > 0 && digits <= 15 && i == text.size();
}

std::string collapseSpaces(std::string_view text) {
    std::string out;
    bool space = false;
    for (const char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

}  // namespace

std::vector<FieldError> checkAnswers(const ServiceDefinition& definition, const ReportDraft& draft) {
    std::vector<FieldError> problems;
    auto problem = [&](const std::string& field, const char* text) { problems.push_back({0, text, field}); };
    std::set<std::string> known;
    for (const auto& attribute : definition.attributes) {
        known.insert(attribute.code);
        if (!attribute.variable) continue;
        const auto* answer = answerFor(draft, attribute.code);
        std::vector<std::string> values;
        if (answer)
            for (const auto& v : answer->values)
                if (!blank(v)) values.push_back(v);
        if (values.empty()) {
            if (attribute.required)
                problem(attribute.code, attribute.isList() ? N_("Please choose an answer.") : N_("Please fill this in."));
            continue;
        }
        switch (attribute.datatype) {
            case Datatype::Number:
                if (!plausibleNumber(values.front())) problem(attribute.code, N_("Please enter a number, e.g. 12 or 1,5."));
                break;
            case Datatype::Datetime:
                // Stored answers are already in the city's form; a typed one is converted first.
                if (!cityDateTimeFromTyped(typedFromCityDateTime(values.front())))
                    problem(attribute.code, N_("Please enter a date and time like 28/11/2026 08:30."));
                break;
            case Datatype::SingleValueList:
            case Datatype::MultiValueList: {
                if (attribute.datatype == Datatype::SingleValueList && values.size() > 1) {
                    problem(attribute.code, N_("Please choose only one answer."));
                    break;
                }
                for (const auto& v : values) {
                    const bool offered = std::any_of(attribute.values.begin(), attribute.values.end(),
                                                     [&](const AttributeValueChoice& c) { return c.key == v; });
                    if (!offered) {
                        problem(attribute.code, N_("This answer is no longer offered; please choose again."));
                        break;
                    }
                }
                break;
            }
            case Datatype::String:
            case Datatype::Text:
                if (characters(values.front()) > kMaxDescriptionChars) problem(attribute.code, N_("This answer is too long."));
                break;
        }
    }
    for (const auto& answer : draft.attributes)
        if (!known.contains(answer.code)) problem(answer.code, N_("This question is not part of the chosen kind of report."));
    return problems;
}

std::vector<FieldError> checkReportText(const ReportDraft& draft) {
    std::vector<FieldError> problems;
    if (blank(draft.description)) problems.push_back({0, N_("Please describe the problem."), "description"});
    else if (characters(draft.description) > kMaxDescriptionChars)
        problems.push_back({0, N_("The description is too long: at most 4000 characters."), "description"});
    if (blank(draft.address) && !(draft.lat && draft.lon))
        problems.push_back({0, N_("Please say where it is: a house number and street, or a place nearby."), "address_string"});
    else if (characters(draft.address) > kMaxAddressChars)
        problems.push_back({0, N_("The address is too long: at most 250 characters."), "address_string"});
    return problems;
}

std::vector<FieldError> checkContact(const ReportDraft& draft) {
    std::vector<FieldError> problems;
    if (draft.anonymous) return problems;
    if (blank(draft.firstName) && blank(draft.lastName))
        problems.push_back({0, N_("Please enter your full name, or choose to send anonymously."), "first_name"});
    else if (characters(fullName(draft)) > kMaxNameChars)
        problems.push_back({0, N_("The name is too long: at most 100 characters."), "first_name"});
    if (blank(draft.phone))
        problems.push_back({0, N_("Please enter a phone number the ward can call you back on."), "phone"});
    else if (characters(draft.phone) > kMaxPhoneChars || !normalizePhone(draft.phone))
        problems.push_back({0, N_("This does not look like a Vietnamese phone number (e.g. 0909 123 456)."), "phone"});
    if (characters(draft.email) > kMaxEmailChars)
        problems.push_back({0, N_("The e-mail address is too long: at most 254 characters."), "email"});
    return problems;
}

std::optional<std::string> cityDateTimeFromTyped(std::string_view typed) {
    const std::string text = collapseSpaces(typed);
    if (text.empty() || text.size() > 24) return std::nullopt;
    int d = 0, m = 0, y = 0, h = 0, mi = 0;
    char s1 = 0, s2 = 0;
    int consumed = 0;
    const int fields = std::sscanf(text.c_str(), "%2d%c%2d%c%4d%n %2d:%2d%n", &d, &s1, &m, &s2, &y, &consumed, &h, &mi, &consumed);
    if (fields != 5 && fields != 7) return std::nullopt;
    if (static_cast<std::size_t>(consumed) != text.size()) return std::nullopt;
    if (s1 != s2 || (s1 != '/' && s1 != '-' && s1 != '.')) return std::nullopt;
    if (y < 1900 || y > 2200 || h < 0 || h > 23 || mi < 0 || mi > 59) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
                                           std::chrono::day(static_cast<unsigned>(d))};
    if (m < 1 || d < 1 || !date.ok()) return std::nullopt;
    char out[64];
    std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:00+07:00", y, m, d, h, mi);
    return std::string(out);
}

std::string typedFromCityDateTime(std::string_view iso) {
    int y = 0, m = 0, d = 0, h = 0, mi = 0;
    const std::string text(iso);
    if (text.size() >= 16 && std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d", &y, &m, &d, &h, &mi) == 5) {
        char out[64];
        std::snprintf(out, sizeof out, "%02d/%02d/%04d %02d:%02d", d, m, y, h, mi);
        return out;
    }
    return text;
}

std::optional<std::string> normalizePhone(std::string_view typed) {
    std::string digits;
    bool plus = false;
    for (std::size_t i = 0; i < typed.size(); ++i) {
        const char c = typed[i];
        if (c >= '0' && c <= '9') digits += c;
        else if (c == '+' && digits.empty() && !plus) plus = true;
        else if (c != ' ' && c != '.' && c != '-' && c != '(' && c != ')') return std::nullopt;
        if (digits.size() > 15) return std::nullopt;
    }
    if (plus) {
        if (!digits.starts_with("84")) return std::nullopt;
        digits = "0" + digits.substr(2);
    } else if (digits.starts_with("84") && digits.size() == 11) {
        digits = "0" + digits.substr(2);
    }
    if (digits.size() == 10 && digits[0] == '0' && digits[1] != '0') return digits;
    if (digits.size() == 11 && digits.starts_with("02")) return digits;
    return std::nullopt;
}

std::pair<std::string, std::string> splitFullName(std::string_view name) {
    const std::string tidy = collapseSpaces(name);
    const auto space = tidy.find(' ');
    if (space == std::string::npos) return {tidy, {}};
    return {tidy.substr(space + 1), tidy.substr(0, space)};
}

std::string fullName(const ReportDraft& draft) {
    if (draft.lastName.empty()) return draft.firstName;
    if (draft.firstName.empty()) return draft.lastName;
    return draft.lastName + " " + draft.firstName;
}

const AttributeAnswer* answerFor(const ReportDraft& draft, std::string_view code) {
    for (const auto& answer : draft.attributes)
        if (answer.code == code) return &answer;
    return nullptr;
}

void setAnswer(ReportDraft& draft, const ServiceAttribute& attribute, std::vector<std::string> values) {
    std::erase_if(values, [](const std::string& v) { return blank(v); });
    std::erase_if(draft.attributes, [&](const AttributeAnswer& a) { return a.code == attribute.code; });
    if (values.empty()) return;
    draft.attributes.push_back({attribute.code, std::move(values), attribute.datatype == Datatype::MultiValueList});
}

}  // namespace kiosk::open311
