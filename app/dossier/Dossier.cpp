#include "dossier/Dossier.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <chrono>

#include "core/BoundedInput.h"
#include "core/IsoTime.h"
#include "directory/TextFold.h"

namespace kiosk::dossier {
namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxText = 1000;       // characters of one field (DOSSIER.md)
constexpr std::size_t kMaxAnswer = 4u << 20;  // a list of a resident's dossiers is far smaller
constexpr int kMaxDepth = 8;

std::size_t characters(std::string_view text) {
    std::size_t n = 0;
    for (const char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

std::optional<json> parse(std::string_view text, std::string& error) {
    std::string why;
    auto parsed = readJson(text, JsonLimits{.maxBytes = kMaxAnswer, .maxDepth = kMaxDepth}, why);
    if (!parsed) error = "answer " + why;  // "answer nests deeper than 8 levels", "answer malformed JSON at …"
    return parsed;
}

// A text field: present (unless optional), a string (or null when optional), not too long,
// without control characters.
bool text(const json& object, const char* key, bool required, std::string& out, std::string& error) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        if (required) error = std::string("no \"") + key + "\"";
        return !required;
    }
    if (!it->is_string()) {
        error = std::string("\"") + key + "\" is not text";
        return false;
    }
    const auto& value = it->get_ref<const std::string&>();
    if (characters(value) > kMaxText) {
        error = std::string("\"") + key + "\" is longer than " + std::to_string(kMaxText) + " characters";
        return false;
    }
    for (const char c : value)
        if (static_cast<unsigned char>(c) < 0x20) {
            error = std::string("\"") + key + "\" has control characters";
            return false;
        }
    out = value;
    return true;
}

bool time(const json& object, const char* key, bool required, std::string& out, std::string& error) {
    if (!text(object, key, required, out, error)) return false;
    if (!out.empty() && !parseIso8601(out)) {
        error = std::string("\"") + key + "\" is not an ISO 8601 time";
        return false;
    }
    return true;
}

Status statusFrom(const std::string& value) {
    for (const auto s : {Status::Received, Status::Processing, Status::Supplement, Status::Completed, Status::Returned,
                         Status::Rejected})
        if (toString(s) == value) return s;
    return Status::Other;
}

std::optional<Dossier> fromJson(const json& object, std::string& error) {
    if (!object.is_object()) {
        error = "a dossier is not an object";
        return std::nullopt;
    }
    Dossier d;
    std::string status;
    if (!text(object, "code", true, d.code, error) || !text(object, "procedure", true, d.procedure, error) ||
        !text(object, "agency", false, d.agency, error) || !text(object, "status", true, status, error) ||
        !text(object, "step", false, d.step, error) || !time(object, "received_at", true, d.receivedAt, error) ||
        !time(object, "appointment_at", false, d.appointmentAt, error) ||
        !time(object, "completed_at", false, d.completedAt, error))
        return std::nullopt;
    if (normalizeCode(d.code) != d.code) {
        error = "\"code\" is not a dossier code";
        return std::nullopt;
    }
    d.status = statusFrom(status);
    if (d.status == Status::Other && d.step.empty()) d.step = status;
    return d;
}

Lookup unavailable(std::string detail) {
    Lookup lookup;
    lookup.kind = Lookup::Kind::Unavailable;
    lookup.detail = std::move(detail);
    return lookup;
}

// The HTTP part both lookups share: a transport failure, or an answer that is not JSON.
std::optional<Lookup> failed(const HttpResult& result) {
    if (!result.ok()) return unavailable(std::string(toString(result.failure)) + ": " + result.detail);
    if (result.response.status == 200 && !result.response.isJson())
        return unavailable("200 answer with content type \"" + result.response.header("content-type") + "\" (" +
                           kExpectedJson + ")");
    return std::nullopt;
}

}  // namespace

std::string_view toString(Status status) {
    switch (status) {
        case Status::Received: return "received";
        case Status::Processing: return "processing";
        case Status::Supplement: return "supplement";
        case Status::Completed: return "completed";
        case Status::Returned: return "returned";
        case Status::Rejected: return "rejected";
        case Status::Other: break;
    }
    return "other";
}

Attention attentionFor(const Dossier& d, std::chrono::system_clock::time_point now) {
    Attention a;
    const bool finished = d.status == Status::Completed || d.status == Status::Returned || d.status == Status::Rejected;
    if (finished) return a;
    // "Cần bổ sung", "Yêu cầu bổ sung", "Chờ công dân bổ sung": compared folded, so accents
    // and case written either way agree.
    const std::string step = " " + foldForSearch(d.step) + " ";
    const bool stepAsks = step.find(" bo sung ") != std::string::npos &&
                          (step.rfind(" can ", 0) == 0 || step.rfind(" yeu cau ", 0) == 0 || step.rfind(" cho ", 0) == 0);
    a.needsResident = d.status == Status::Supplement || stepAsks;
    if (a.needsResident) {
        a.what = d.step;
        a.where = d.agency;
        return a;
    }
    const auto due = parseIso8601(d.appointmentAt);
    a.overdue = due && *due < now;
    if (a.overdue) a.where = d.agency;
    return a;
}

std::string normalizeCode(std::string_view typed) {
    while (!typed.empty() && std::isspace(static_cast<unsigned char>(typed.front()))) typed.remove_prefix(1);
    while (!typed.empty() && std::isspace(static_cast<unsigned char>(typed.back()))) typed.remove_suffix(1);
    if (typed.size() > 48) return {};
    std::string code;
    for (const char c : typed) code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const auto second = code.rfind('-');
    const auto first = second == std::string::npos || second == 0 ? std::string::npos : code.rfind('-', second - 1);
    if (first == std::string::npos) return {};
    const std::string agency = code.substr(0, first);
    const std::string day = code.substr(first + 1, second - first - 1);
    const std::string sequence = code.substr(second + 1);
    auto digits = [](const std::string& s) {
        return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
    };
    if (agency.size() < 3 || agency.size() > 30 || agency.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.") != std::string::npos ||
        agency.front() == '.' || agency.back() == '.' || agency.find("..") != std::string::npos)
        return {};
    if (day.size() != 6 || !digits(day) || sequence.size() < 4 || sequence.size() > 6 || !digits(sequence)) return {};
    // A real day of this century: a receipt is not dated 30 February.
    const std::chrono::year_month_day date{std::chrono::year(2000 + std::stoi(day.substr(0, 2))),
                                           std::chrono::month(static_cast<unsigned>(std::stoi(day.substr(2, 2)))),
                                           std::chrono::day(static_cast<unsigned>(std::stoi(day.substr(4, 2))))};
    if (!date.ok()) return {};
    return code;
}

std::optional<Dossier> parseDossier(std::string_view text, std::string_view expectedCode, std::string& error) {
    const auto parsed = parse(text, error);
    if (!parsed) return std::nullopt;
    auto dossier = fromJson(*parsed, error);
    if (dossier && !expectedCode.empty() && dossier->code != expectedCode) {
        error = "answered dossier " + dossier->code + " for " + std::string(expectedCode);
        return std::nullopt;
    }
    return dossier;
}

std::optional<std::vector<Dossier>> parseDossierList(std::string_view text, std::size_t& skipped, std::string& error) {
    skipped = 0;
    const auto parsed = parse(text, error);
    if (!parsed) return std::nullopt;
    if (!parsed->is_object() || !parsed->contains("dossiers") || !(*parsed)["dossiers"].is_array()) {
        error = "no \"dossiers\" list";
        return std::nullopt;
    }
    std::vector<Dossier> out;
    for (const auto& item : (*parsed)["dossiers"]) {
        std::string why;
        if (auto d = fromJson(item, why)) out.push_back(std::move(*d));
        else ++skipped;
    }
    return out;
}

DossierClient::DossierClient(std::shared_ptr<HttpClient> http, std::string dvcUrl, std::chrono::seconds timeout)
    : http_(std::move(http)), url_(std::move(dvcUrl)), timeout_(timeout) {
    while (!url_.empty() && url_.back() == '/') url_.pop_back();
}

Lookup DossierClient::byCode(std::string_view typedCode, const std::atomic<bool>* cancel) {
    const std::string code = normalizeCode(typedCode);
    if (code.empty()) return Lookup{Lookup::Kind::InvalidCode, {}, "not a dossier code"};
    HttpRequest request;
    request.url = url_ + "/dossiers/" + code;  // the code's characters need no escaping
    request.timeout = timeout_;
    request.headers.emplace_back("Accept", "application/json");
    const auto result = http_->perform(request, cancel);
    if (auto failure = failed(result)) return *failure;
    const long status = result.response.status;
    if (status == 404) return Lookup{Lookup::Kind::NotFound, {}, "404"};
    if (status != 200) return unavailable("HTTP " + std::to_string(status));
    std::string error;
    auto dossier = parseDossier(result.response.body, code, error);
    if (!dossier) return unavailable("unusable answer: " + error);
    return Lookup{Lookup::Kind::Found, {std::move(*dossier)}, {}};
}

Lookup DossierClient::mine(const std::string& accessToken, const std::atomic<bool>* cancel) {
    if (accessToken.empty()) return Lookup{Lookup::Kind::LoginExpired, {}, "no access token"};
    HttpRequest request;
    request.url = url_ + "/dossiers";
    request.timeout = timeout_;
    request.headers.emplace_back("Accept", "application/json");
    request.headers.emplace_back("Authorization", "Bearer " + accessToken);
    const auto result = http_->perform(request, cancel);
    if (auto failure = failed(result)) return *failure;
    const long status = result.response.status;
    if (status == 401) return Lookup{Lookup::Kind::LoginExpired, {}, "401"};
    if (status != 200) return unavailable("HTTP " + std::to_string(status));
    std::string error;
    std::size_t skipped = 0;
    auto list = parseDossierList(result.response.body, skipped, error);
    if (!list) return unavailable("unusable answer: " + error);
    return Lookup{Lookup::Kind::Found, std::move(*list), skipped ? std::to_string(skipped) + " entries skipped" : ""};
}

DossierService::DossierService(std::shared_ptr<HttpClient> http, std::string dvcUrl)
    : client_(std::move(http), std::move(dvcUrl)), queue_("dossier-net", "dossier") {}

void DossierService::run(Cancel cancel, Callback callback, std::function<Lookup(const std::atomic<bool>*)> lookup) {
    queue_.post([cancel, callback = std::move(callback), lookup = std::move(lookup)] {
        if (cancel && *cancel) return;
        Lookup result = lookup(cancel.get());
        if (cancel && *cancel) return;
        callback(std::move(result));
    });
}

void DossierService::byCode(std::string typedCode, Cancel cancel, Callback callback) {
    run(std::move(cancel), std::move(callback),
        [this, code = std::move(typedCode)](const std::atomic<bool>* stop) { return client_.byCode(code, stop); });
}

void DossierService::mine(std::string accessToken, Cancel cancel, Callback callback) {
    run(std::move(cancel), std::move(callback),
        [this, token = std::move(accessToken)](const std::atomic<bool>* stop) { return client_.mine(token, stop); });
}

}  // namespace kiosk::dossier
