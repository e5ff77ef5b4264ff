#include "feedback/Open311.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <set>

#include "core/BoundedInput.h"
#include "directory/TextFold.h"
#include "net/Url.h"
#include "scan/CccdQr.h"

namespace kiosk::open311 {

void wipe(ReportDraft& draft) {
    for (std::string* text : {&draft.description, &draft.address, &draft.firstName, &draft.lastName, &draft.phone,
                              &draft.email, &draft.accountId})
        scan::wipeString(*text);
    for (auto& answer : draft.attributes)
        for (auto& value : answer.values) scan::wipeString(value);
}

namespace {
using nlohmann::json;

// Limits on what the city may send. A value over its limit refuses the item it is in: a
// service called by a 1 MiB name is a broken endpoint, not a category to show residents.
constexpr std::size_t kMaxDocumentBytes = 8u << 20;
constexpr int kMaxDepth = 32;  // deeper nesting is hostile, not Open311
constexpr std::size_t kMaxCodeBytes = 64;
constexpr std::size_t kMaxNameBytes = 512;
constexpr std::size_t kMaxTextBytes = 16384;  // 4000 Vietnamese characters are up to ~12 KiB
constexpr std::size_t kMaxIdBytes = 128;
constexpr std::size_t kMaxTokenBytes = 256;
constexpr std::size_t kMaxServices = 2000;
constexpr std::size_t kMaxAttributes = 200;
constexpr std::size_t kMaxValues = 500;
constexpr std::size_t kMaxErrors = 50;
constexpr std::size_t kMaxShownError = 2000;  // a refusal text is cut here, not refused

std::optional<json> parseJson(std::string_view text, std::string& error) {
    std::string why;
    auto parsed = readJson(text, JsonLimits{.maxBytes = kMaxDocumentBytes, .maxDepth = kMaxDepth}, why);
    if (!parsed) error = text.empty() ? std::string("empty answer") : "not JSON: " + why;
    return parsed;
}

// "an object", "a string", …: for error messages.
std::string kindOf(const json& value) {
    if (value.is_null()) return "null";
    const std::string name = value.type_name();
    return (name == "object" || name == "array" ? "an " : "a ") + name;
}

// Cuts UTF-8 text at a character boundary at most `max` bytes in.
std::string cutUtf8(std::string_view text, std::size_t max) {
    if (text.size() <= max) return std::string(text);
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return std::string(text.substr(0, end)) + "…";
}

// A short, printable excerpt of a value for an error message.
std::string excerpt(std::string_view text, std::size_t max = 40) {
    std::string out = cutUtf8(text, max);
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20) c = '?';
    return out;
}

// Reads an optional string member. Absent or null leaves `out` empty; anything else that is
// not a string of at most `max` bytes is an error.
bool readText(const json& object, const char* key, std::string& out, std::size_t max, std::string& error) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return true;
    if (!it->is_string()) {
        error = std::string(key) + " is " + kindOf(*it) + ", not a string";
        return false;
    }
    const auto& text = it->get_ref<const std::string&>();
    if (text.size() > max) {
        error = std::string(key) + " is longer than " + std::to_string(max) + " bytes";
        return false;
    }
    out = text;
    return true;
}

// An id or key the city may write as a string or as a whole number (both occur in the wild).
// `plain`: it also travels in comma-separated query lists, so no spaces or commas.
bool readId(const json& object, const char* key, std::string& out, std::size_t max, std::string& error,
            bool plain = true) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return true;
    if (it->is_number_integer()) {
        out = it->dump();
        return true;
    }
    if (!readText(object, key, out, max, error)) return false;
    if (plain && out.find_first_of(" \t\r\n,") != std::string::npos) {
        error = std::string(key) + " \"" + excerpt(out) + "\" contains spaces or commas";
        return false;
    }
    return true;
}

bool readBool(const json& object, const char* key, bool& out, std::string& error) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return true;
    if (!it->is_boolean()) {
        error = std::string(key) + " is " + kindOf(*it) + ", not true or false";
        return false;
    }
    out = it->get<bool>();
    return true;
}

// Codes travel in form names (attribute[CODE]) and URL paths: printable, no brackets or spaces.
bool validCode(const std::string& code) {
    if (code.empty() || code.size() > kMaxCodeBytes) return false;
    return std::none_of(code.begin(), code.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u <= 0x20 || u == 0x7F || c == '[' || c == ']' || c == '/' || c == '\\' || c == '?' || c == '#' ||
               c == '%' || c == '&' || c == '=';
    });
}

bool isWordByte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Where `word` first occurs in `text` as a whole word, or npos.
std::size_t findWord(std::string_view text, std::string_view word, bool ignoreCase) {
    if (word.empty() || word.size() > text.size()) return std::string_view::npos;
    for (std::size_t at = 0; at + word.size() <= text.size(); ++at) {
        bool same = true;
        for (std::size_t i = 0; i < word.size() && same; ++i)
            same = ignoreCase ? lower(text[at + i]) == lower(word[i]) : text[at + i] == word[i];
        if (!same) continue;
        const bool startOk = at == 0 || !isWordByte(text[at - 1]);
        const bool endOk = at + word.size() == text.size() || !isWordByte(text[at + word.size()]);
        if (startOk && endOk) return at;
    }
    return std::string_view::npos;
}

std::size_t utf8Length(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool validUtf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t extra = 0;
        char32_t point = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            extra = 1;
            point = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            point = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            point = c & 0x07;
        } else {
            return false;
        }
        if (i + extra >= text.size()) return false;
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) return false;
            point = (point << 6) | (next & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        static constexpr std::array<char32_t, 4> kMin = {0, 0x80, 0x800, 0x10000};
        if (point < kMin[extra] || (point >= 0xD800 && point <= 0xDFFF) || point > 0x10FFFF) return false;
        i += extra + 1;
    }
    return true;
}

std::string formatCoordinate(double value) {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 6);
    return std::string(buffer, result.ptr);
}

std::string addressWithWard(const std::string& address, const std::string& ward) {
    if (ward.empty()) return address;
    if (address.empty()) return ward;
    // Folded, so "phường Bến Thành" or "P. Ben Thanh …" typed by the resident count as the ward.
    const std::string folded = " " + foldForSearch(address) + " ";
    const std::string wardFolded = foldForSearch(ward);
    if (!wardFolded.empty() && folded.find(" " + wardFolded + " ") != std::string::npos) return address;
    return address + ", " + ward;
}

std::optional<FieldError> readError(const json& item, const std::vector<std::string>& attributeCodes) {
    if (!item.is_object()) return std::nullopt;
    FieldError error;
    if (const auto code = item.find("code"); code != item.end()) {
        if (code->is_number_integer()) {
            error.code = code->get<std::int64_t>();
        } else if (code->is_string()) {
            const auto& text = code->get_ref<const std::string&>();
            std::from_chars(text.data(), text.data() + text.size(), error.code);
        }
    }
    // Open311's {code, description}; a server that answers its errors as RFC 9457 problem
    // details (application/problem+json) says the same in "detail", or at least "title".
    auto description = item.find("description");
    if (description == item.end() || !description->is_string()) description = item.find("detail");
    if (description == item.end() || !description->is_string()) description = item.find("title");
    if (description == item.end() || !description->is_string()) return std::nullopt;
    if (error.code == 0)
        if (const auto status = item.find("status"); status != item.end() && status->is_number_integer())
            error.code = status->get<std::int64_t>();
    error.description = cutUtf8(description->get_ref<const std::string&>(), kMaxShownError);
    if (error.description.empty()) return std::nullopt;
    error.field = fieldNamedIn(error.description, attributeCodes);
    return error;
}

// The first object of an answer that is a list (or, leniently, the object itself).
const json* firstEntry(const json& answer) {
    if (answer.is_array()) return !answer.empty() && answer.front().is_object() ? &answer.front() : nullptr;
    return answer.is_object() ? &answer : nullptr;
}

// Whether an attribute item of a definition asks for an answer, when that can't be ruled out.
bool mayBeRequired(const json& item) {
    if (!item.is_object()) return true;
    const auto required = item.find("required");
    if (required == item.end() || required->is_null()) return false;
    return !required->is_boolean() || required->get<bool>();
}

SubmitAnswer retry(std::string reason) {
    SubmitAnswer answer;
    answer.kind = SubmitAnswer::Kind::Retry;
    answer.reason = std::move(reason);
    return answer;
}

SubmitAnswer parseAnswer(long status, std::string_view body, const std::vector<std::string>& attributeCodes,
                         std::string_view token, bool tokenPoll) {
    const std::string http = "HTTP " + std::to_string(status);
    if (status == 400 && !tokenPoll) {
        std::string error;
        const auto parsed = parseJson(body, error);
        if (!parsed) return retry(http + " with an unreadable body: " + error);
        SubmitAnswer answer;
        answer.kind = SubmitAnswer::Kind::Refused;
        const json list = parsed->is_array() ? *parsed : json::array({*parsed});
        for (const auto& item : list) {
            if (answer.errors.size() >= kMaxErrors) break;
            if (auto e = readError(item, attributeCodes)) answer.errors.push_back(std::move(*e));
        }
        // A refusal without a reason can't be shown to the resident or acted on: treat it as
        // a broken answer and keep trying rather than drop the report on a silent 400.
        if (answer.errors.empty()) return retry(http + " without any {code, description} error");
        return answer;
    }
    if (status == 403) return retry(http + ": the api_key was refused (check [feedback] api_key)");
    if (status < 200 || status > 299) return retry(http);
    std::string error;
    const auto parsed = parseJson(body, error);
    if (!parsed) return retry(http + " with an unreadable body: " + error);
    const json* entry = firstEntry(*parsed);
    if (!entry) return retry(http + " but the answer is not a list of objects");
    SubmitAnswer answer;
    if (!readText(*entry, "service_notice", answer.notice, kMaxTextBytes, error)) answer.notice.clear();
    std::string requestId;
    std::string newToken;
    if (!readId(*entry, "service_request_id", requestId, kMaxIdBytes, error)) return retry(http + ": " + error);
    if (!readId(*entry, "token", newToken, kMaxTokenBytes, error)) return retry(http + ": " + error);
    if (!requestId.empty()) {
        answer.kind = SubmitAnswer::Kind::Filed;
        answer.requestId = requestId;
        answer.token = tokenPoll ? std::string(token) : newToken;
        return answer;
    }
    if (tokenPoll) {
        // No id yet: the city has the report, it just has not numbered it.
        answer.kind = SubmitAnswer::Kind::Token;
        answer.token = std::string(token);
        return answer;
    }
    if (!newToken.empty()) {
        answer.kind = SubmitAnswer::Kind::Token;
        answer.token = newToken;
        return answer;
    }
    return retry(http + " but the answer has neither service_request_id nor token");
}

std::string jsonText(const json& value) {
    // Text from the resident is checked to be UTF-8 before saving; replace keeps a stray byte
    // from ever turning a save into an exception.
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}
}  // namespace

std::string_view toString(Datatype datatype) {
    switch (datatype) {
        case Datatype::String: return "string";
        case Datatype::Number: return "number";
        case Datatype::Datetime: return "datetime";
        case Datatype::Text: return "text";
        case Datatype::SingleValueList: return "singlevaluelist";
        case Datatype::MultiValueList: return "multivaluelist";
    }
    return "string";
}

std::optional<Datatype> datatypeFromString(std::string_view text) {
    for (const auto datatype : {Datatype::String, Datatype::Number, Datatype::Datetime, Datatype::Text,
                                Datatype::SingleValueList, Datatype::MultiValueList})
        if (toString(datatype) == text) return datatype;
    return std::nullopt;
}

std::string_view toString(SubmitAnswer::Kind kind) {
    switch (kind) {
        case SubmitAnswer::Kind::Filed: return "filed";
        case SubmitAnswer::Kind::Token: return "token";
        case SubmitAnswer::Kind::Refused: return "refused";
        case SubmitAnswer::Kind::Retry: return "retry";
    }
    return "retry";
}

std::string fieldNamedIn(std::string_view description, const std::vector<std::string>& attributeCodes) {
    // 1. The form name itself: "attribute[SIZE] is required".
    static constexpr std::string_view kOpen = "attribute[";
    if (const auto at = description.find(kOpen); at != std::string_view::npos) {
        const auto start = at + kOpen.size();
        const auto end = description.find(']', start);
        if (end != std::string_view::npos && end > start && end - start <= kMaxCodeBytes)
            return std::string(description.substr(start, end - start));
    }
    // 2. A code of this service's attributes, as a whole word, exactly as the city spells it.
    std::size_t best = std::string_view::npos;
    std::string found;
    for (const auto& code : attributeCodes) {
        const auto at = findWord(description, code, false);
        if (at < best) {
            best = at;
            found = code;
        }
    }
    if (!found.empty()) return found;
    // 3. A standard field, in any case; the earliest named wins ("email address …" is email).
    // lat/long last: "long" is also an English word ("description too long").
    static const std::vector<std::pair<std::string_view, std::string_view>> kStandard = {
        {"service_code", "service_code"}, {"description", "description"},   {"address_string", "address_string"},
        {"address_id", "address_id"},     {"address", "address_string"},    {"first_name", "first_name"},
        {"last_name", "last_name"},       {"phone", "phone"},               {"email", "email"},
        {"device_id", "device_id"},       {"account_id", "account_id"},     {"media_url", "media_url"},
        {"api_key", "api_key"},           {"jurisdiction_id", "jurisdiction_id"}};
    for (const auto& [word, field] : kStandard) {
        const auto at = findWord(description, word, true);
        if (at < best) {
            best = at;
            found = field;
        }
    }
    if (!found.empty()) return found;
    for (const std::string_view word : {"lat", "long"})
        if (findWord(description, word, true) != std::string_view::npos) return std::string(word);
    return {};
}

std::vector<FieldError> checkDraft(const ReportDraft& draft) {
    std::vector<FieldError> problems;
    auto problem = [&](std::string field, std::string text) { problems.push_back({0, std::move(text), std::move(field)}); };
    if (!validCode(draft.serviceCode)) problem("service_code", "no valid service code");
    if (draft.description.find_first_not_of(" \t\r\n") == std::string::npos)
        problem("description", "the description is empty");
    if (utf8Length(draft.description) > kMaxDescriptionChars)
        problem("description", "the description is longer than " + std::to_string(kMaxDescriptionChars) + " characters");
    for (const auto* text : {&draft.serviceName, &draft.description, &draft.address, &draft.firstName,
                             &draft.lastName, &draft.phone, &draft.email, &draft.parentRequestId})
        if (!validUtf8(*text)) problem("", "text that is not valid UTF-8");
    if (draft.lat.has_value() != draft.lon.has_value() || (draft.lat && !(*draft.lat >= -90 && *draft.lat <= 90)) ||
        (draft.lon && !(*draft.lon >= -180 && *draft.lon <= 180)))
        problem("lat", "the point on the map is not a valid latitude/longitude");
    if (draft.consentVersion.empty()) problem("", "no consent recorded");
    std::set<std::string> seen;
    for (const auto& attribute : draft.attributes) {
        if (!validCode(attribute.code)) problem(attribute.code, "attribute code \"" + excerpt(attribute.code) + "\" is not valid");
        // Those names are the kiosk's own extensions (OPEN311.md): a service may not shadow them.
        if (attribute.code.starts_with("kiosk_")) problem(attribute.code, "attribute code is reserved by the kiosk");
        if (!seen.insert(attribute.code).second) problem(attribute.code, "attribute answered twice");
        if (!attribute.multiple && attribute.values.size() > 1) problem(attribute.code, "several values for one answer");
        for (const auto& value : attribute.values) {
            if (!validUtf8(value)) problem(attribute.code, "text that is not valid UTF-8");
            if (utf8Length(value) > kMaxDescriptionChars)
                problem(attribute.code, "an answer longer than " + std::to_string(kMaxDescriptionChars) + " characters");
        }
    }
    return problems;
}

SubmitAnswer parseSubmitAnswer(long status, std::string_view body, const std::vector<std::string>& attributeCodes) {
    try {
        return parseAnswer(status, body, attributeCodes, {}, false);
    } catch (const std::exception& e) {
        return retry(std::string("unreadable answer: ") + e.what());
    }
}

SubmitAnswer parseTokenAnswer(long status, std::string_view body, std::string_view token) {
    try {
        return parseAnswer(status, body, {}, token, true);
    } catch (const std::exception& e) {
        return retry(std::string("unreadable answer: ") + e.what());
    }
}

Parsed<std::vector<Service>> parseServices(std::string_view text) {
    Parsed<std::vector<Service>> result;
    try {
        const auto parsed = parseJson(text, result.error);
        if (!parsed) return result;
        if (!parsed->is_array()) {
            result.error = std::string("services: the answer is ") + kindOf(*parsed) + ", not a list";
            return result;
        }
        std::set<std::string> codes;
        std::size_t index = 0;
        for (const auto& item : *parsed) {
            ++index;
            if (result.value.size() >= kMaxServices) {
                result.warnings.push_back("more than " + std::to_string(kMaxServices) + " services; the rest ignored");
                break;
            }
            const std::string where = "service " + std::to_string(index);
            if (!item.is_object()) {
                result.warnings.push_back(where + " is not an object; skipped");
                continue;
            }
            Service service;
            std::string error;
            if (!readText(item, "service_code", service.code, kMaxCodeBytes, error) ||
                !readText(item, "service_name", service.name, kMaxNameBytes, error) ||
                !readText(item, "description", service.description, kMaxTextBytes, error) ||
                !readText(item, "group", service.group, kMaxNameBytes, error) ||
                !readText(item, "keywords", service.keywords, kMaxTextBytes, error) ||
                !readText(item, "type", service.type, 32, error) ||
                !readBool(item, "metadata", service.metadata, error)) {
                result.warnings.push_back(where + ": " + error + "; skipped");
                continue;
            }
            if (!validCode(service.code)) {
                result.warnings.push_back(where + ": service_code \"" + excerpt(service.code) + "\" is not valid; skipped");
                continue;
            }
            if (service.name.empty()) {
                result.warnings.push_back(where + " (" + service.code + ") has no service_name; skipped");
                continue;
            }
            if (!codes.insert(service.code).second) {
                result.warnings.push_back(where + ": service_code " + service.code + " listed twice; the first kept");
                continue;
            }
            result.value.push_back(std::move(service));
        }
        if (result.value.empty()) result.error = "services: no usable service in the answer";
    } catch (const std::exception& e) {
        result.value.clear();
        result.error = std::string("services: ") + e.what();
    }
    return result;
}

DefinitionParse parseServiceDefinition(std::string_view text, std::string_view expectedCode) {
    DefinitionParse result;
    auto refuse = [&](const std::string& why) {
        result.value = ServiceDefinition{};
        result.error = "definition" + (expectedCode.empty() ? std::string() : " of " + std::string(expectedCode)) +
                       ": " + why;
        return result;
    };
    try {
        std::string error;
        const auto parsed = parseJson(text, error);
        if (!parsed) return refuse(error);
        if (!parsed->is_object()) return refuse(std::string("the answer is ") + kindOf(*parsed) + ", not an object");
        // Decided first, from whatever can be read, so that a refused definition still says
        // whether the service may go without its fields.
        const auto list = parsed->find("attributes");
        result.requiresFields = false;
        if (list != parsed->end() && list->is_array()) {
            result.requiresFields = std::any_of(list->begin(), list->end(), mayBeRequired);
        } else if (list != parsed->end() && !list->is_null()) {
            result.requiresFields = true;
        }
        if (!readText(*parsed, "service_code", result.value.code, kMaxCodeBytes, error)) return refuse(error);
        if (!expectedCode.empty() && result.value.code != expectedCode)
            return refuse("service_code is \"" + excerpt(result.value.code) + "\"");
        if (list == parsed->end() || list->is_null()) return result;  // a service without extra fields
        if (!list->is_array()) return refuse("attributes is not a list");
        if (list->size() > kMaxAttributes) return refuse("more than " + std::to_string(kMaxAttributes) + " attributes");
        std::set<std::string> codes;
        std::size_t index = 0;
        for (const auto& item : *list) {
            ++index;
            const std::string where = "attribute " + std::to_string(index);
            if (!item.is_object()) return refuse(where + " is not an object");
            ServiceAttribute attribute;
            std::string datatype;
            if (!readText(item, "code", attribute.code, kMaxCodeBytes, error) ||
                !readText(item, "datatype", datatype, 32, error) ||
                !readText(item, "description", attribute.description, kMaxTextBytes, error) ||
                !readText(item, "datatype_description", attribute.datatypeDescription, kMaxTextBytes, error) ||
                !readBool(item, "variable", attribute.variable, error) ||
                !readBool(item, "required", attribute.required, error))
                return refuse(where + ": " + error);
            if (!validCode(attribute.code)) return refuse(where + ": code \"" + excerpt(attribute.code) + "\" is not valid");
            const std::string named = where + " (" + attribute.code + ")";
            if (!codes.insert(attribute.code).second) return refuse(named + ": code used twice");
            std::string folded = datatype;
            std::transform(folded.begin(), folded.end(), folded.begin(), lower);
            const auto type = datatypeFromString(folded);
            if (!type) return refuse(named + ": unknown datatype \"" + excerpt(datatype) + "\"");
            attribute.datatype = *type;
            if (attribute.description.empty()) return refuse(named + ": no description to show");
            const auto order = item.find("order");
            if (order == item.end() || order->is_null()) {
                attribute.order = static_cast<std::int64_t>(index);
            } else if (order->is_number_integer()) {
                attribute.order = order->get<std::int64_t>();
            } else {
                return refuse(named + ": order is " + kindOf(*order) + ", not a whole number");
            }
            if (attribute.isList()) {
                const auto values = item.find("values");
                if (values == item.end() || !values->is_array() || values->empty())
                    return refuse(named + ": a " + std::string(toString(attribute.datatype)) + " without values");
                if (values->size() > kMaxValues) return refuse(named + ": more than " + std::to_string(kMaxValues) + " values");
                std::set<std::string> keys;
                for (const auto& value : *values) {
                    if (!value.is_object()) return refuse(named + ": a value is not an object");
                    AttributeValueChoice choice;
                    if (!readId(value, "key", choice.key, kMaxNameBytes, error, false) ||
                        !readText(value, "name", choice.name, kMaxNameBytes, error))
                        return refuse(named + ": value: " + error);
                    if (choice.key.empty()) return refuse(named + ": a value without key");
                    if (choice.name.empty()) choice.name = choice.key;
                    if (!keys.insert(choice.key).second) return refuse(named + ": value key \"" + excerpt(choice.key) + "\" used twice");
                    attribute.values.push_back(std::move(choice));
                }
            }
            result.value.attributes.push_back(std::move(attribute));
        }
        std::stable_sort(result.value.attributes.begin(), result.value.attributes.end(),
                         [](const ServiceAttribute& a, const ServiceAttribute& b) { return a.order < b.order; });
    } catch (const std::exception& e) {
        return refuse(e.what());
    }
    return result;
}

Parsed<std::vector<RequestStatus>> parseRequests(std::string_view text) {
    Parsed<std::vector<RequestStatus>> result;
    try {
        const auto parsed = parseJson(text, result.error);
        if (!parsed) return result;
        if (!parsed->is_array()) {
            result.error = std::string("requests: the answer is ") + kindOf(*parsed) + ", not a list";
            return result;
        }
        std::size_t index = 0;
        for (const auto& item : *parsed) {
            ++index;
            const std::string where = "request " + std::to_string(index);
            if (!item.is_object()) {
                result.warnings.push_back(where + " is not an object; skipped");
                continue;
            }
            RequestStatus status;
            std::string error;
            if (!readId(item, "service_request_id", status.serviceRequestId, kMaxIdBytes, error) ||
                !readText(item, "status", status.status, 32, error) ||
                !readText(item, "status_notes", status.statusNotes, kMaxTextBytes, error) ||
                !readText(item, "service_name", status.serviceName, kMaxNameBytes, error) ||
                !readText(item, "agency_responsible", status.agencyResponsible, kMaxNameBytes, error) ||
                !readText(item, "requested_datetime", status.requestedAt, 64, error) ||
                !readText(item, "updated_datetime", status.updatedAt, 64, error) ||
                !readText(item, "expected_datetime", status.expectedAt, 64, error) ||
                !readText(item, "address", status.address, kMaxTextBytes, error)) {
                result.warnings.push_back(where + ": " + error + "; skipped");
                continue;
            }
            if (status.serviceRequestId.empty()) {
                result.warnings.push_back(where + " has no service_request_id; skipped");
                continue;
            }
            std::transform(status.status.begin(), status.status.end(), status.status.begin(), lower);
            if (status.status != "open" && status.status != "closed") {
                result.warnings.push_back(where + " (" + status.serviceRequestId + "): status \"" +
                                          excerpt(status.status) + "\" is neither open nor closed; skipped");
                continue;
            }
            result.value.push_back(std::move(status));
        }
    } catch (const std::exception& e) {
        result.value.clear();
        result.error = std::string("requests: ") + e.what();
    }
    return result;
}

std::string formBody(const ReportDraft& report, std::string_view trackingCode, const FormSettings& settings) {
    std::vector<std::pair<std::string, std::string>> fields;
    fields.emplace_back("api_key", settings.apiKey);
    if (!settings.jurisdictionId.empty()) fields.emplace_back("jurisdiction_id", settings.jurisdictionId);
    fields.emplace_back("service_code", report.serviceCode);
    fields.emplace_back("description", report.description);
    fields.emplace_back("address_string", addressWithWard(report.address, settings.wardName));
    if (report.lat && report.lon) {
        fields.emplace_back("lat", formatCoordinate(*report.lat));
        fields.emplace_back("long", formatCoordinate(*report.lon));
    }
    // Anonymous means nothing that names the resident leaves the kiosk, whatever the draft held.
    const bool named = !report.anonymous;
    fields.emplace_back("first_name", named ? report.firstName : std::string());
    fields.emplace_back("last_name", named ? report.lastName : std::string());
    fields.emplace_back("phone", named ? report.phone : std::string());
    fields.emplace_back("email", named ? report.email : std::string());
    // Open311's own field for the resident's account; left out entirely (not sent empty) when
    // there is none, since an endpoint may read an empty account_id as an account.
    if (named && !report.accountId.empty()) fields.emplace_back("account_id", report.accountId);
    fields.emplace_back("device_id", settings.deviceId);
    for (const auto& attribute : report.attributes) {
        if (attribute.multiple) {
            for (const auto& value : attribute.values) fields.emplace_back("attribute[" + attribute.code + "][]", value);
        } else if (!attribute.values.empty()) {
            fields.emplace_back("attribute[" + attribute.code + "]", attribute.values.front());
        }
    }
    fields.emplace_back("attribute[kiosk_consent_version]", report.consentVersion);
    fields.emplace_back("attribute[kiosk_consent_at]", report.consentAt);
    if (!report.parentRequestId.empty()) fields.emplace_back("attribute[kiosk_parent_request_id]", report.parentRequestId);
    fields.emplace_back("attribute[kiosk_tracking]", std::string(trackingCode));
    return kiosk::formBody(fields);
}

std::string attributesToJson(const std::vector<AttributeAnswer>& attributes) {
    json object = json::object();
    for (const auto& attribute : attributes) {
        if (attribute.multiple) object[attribute.code] = attribute.values;
        else object[attribute.code] = attribute.values.empty() ? std::string() : attribute.values.front();
    }
    return jsonText(object);
}

std::vector<AttributeAnswer> attributesFromJson(std::string_view text) {
    std::vector<AttributeAnswer> attributes;
    std::string error;
    const auto parsed = parseJson(text, error);
    if (!parsed || !parsed->is_object()) return attributes;
    for (const auto& [code, value] : parsed->items()) {
        AttributeAnswer attribute;
        attribute.code = code;
        if (value.is_array()) {
            attribute.multiple = true;
            for (const auto& item : value)
                if (item.is_string()) attribute.values.push_back(item.get<std::string>());
        } else if (value.is_string()) {
            if (!value.get_ref<const std::string&>().empty()) attribute.values.push_back(value.get<std::string>());
        } else {
            continue;
        }
        attributes.push_back(std::move(attribute));
    }
    return attributes;
}

std::string residentWords(const FieldError& error) {
    std::string words = error.description;
    if (error.field.empty()) {
        // A code the kiosk could not match (no cached definition): "SIZE: …" still loses it.
        const auto colon = words.find(':');
        const bool code = colon != std::string::npos && colon >= 2 && colon <= kMaxCodeBytes &&
                          std::all_of(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
                              return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
                          });
        const auto rest = code ? words.find_first_not_of(' ', colon + 1) : std::string::npos;
        return rest == std::string::npos ? words : words.substr(rest);
    }
    const std::string& label = error.fieldLabel;
    // "attribute[LANDMARK]": the form's name for the field.
    const std::string formName = "attribute[" + error.field + "]";
    for (auto at = words.find(formName); at != std::string::npos; at = words.find(formName, at + label.size()))
        words.replace(at, formName.size(), label);
    // "LANDMARK: bắt buộc": the code first, as the city names the field.
    if (words.starts_with(error.field)) {
        const auto rest = words.find_first_not_of(" :-", error.field.size());
        if (rest == std::string::npos) return label;
        if (rest > error.field.size())
            words = label.empty() ? words.substr(rest) : label + ": " + words.substr(rest);
    }
    // The code anywhere else, as a whole word.
    if (!label.empty() && label.find(error.field) == std::string::npos) {
        for (auto at = findWord(words, error.field, false); at != std::string_view::npos;
             at = findWord(words, error.field, false))
            words.replace(at, error.field.size(), label);
    }
    // Whatever is left empty or starting with a separator reads badly.
    const auto first = words.find_first_not_of(" :-");
    return first == std::string::npos ? std::string() : words.substr(first);
}

void labelFields(std::vector<FieldError>& errors, const std::vector<ServiceAttribute>& attributes) {
    for (auto& error : errors) {
        for (const auto& attribute : attributes) {
            if (error.field != attribute.code || attribute.description.empty()) continue;
            error.fieldLabel = attribute.description;
            break;
        }
    }
}

std::string errorsToJson(const std::vector<FieldError>& errors) {
    json list = json::array();
    for (const auto& e : errors) {
        json item = {{"code", e.code}, {"description", e.description}, {"field", e.field}};
        if (!e.fieldLabel.empty()) item["field_label"] = e.fieldLabel;
        list.push_back(std::move(item));
    }
    return jsonText(list);
}

std::vector<FieldError> errorsFromJson(std::string_view text) {
    std::vector<FieldError> errors;
    std::string error;
    const auto parsed = parseJson(text, error);
    if (!parsed || !parsed->is_array()) return errors;
    for (const auto& item : *parsed) {
        if (!item.is_object()) continue;
        FieldError e;
        if (item.contains("code") && item["code"].is_number_integer()) e.code = item["code"].get<std::int64_t>();
        readText(item, "description", e.description, kMaxDocumentBytes, error);
        readText(item, "field", e.field, kMaxDocumentBytes, error);
        if (item.contains("field_label")) readText(item, "field_label", e.fieldLabel, kMaxDocumentBytes, error);
        errors.push_back(std::move(e));
    }
    return errors;
}

}  // namespace kiosk::open311
