#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::open311 {

// The Open311 GeoReport v2 dialect the kiosk speaks (contract: app/feedback/OPEN311.md). Every
// parser here takes text straight from the network: it throws nothing, and anything it cannot
// use comes back as a sentence for the log, never as a crash or a half-read value.

// A parse that may fail. `warnings` lists what was skipped from an answer otherwise used.
template <typename T>
struct Parsed {
    T value{};
    std::string error;  // empty: `value` is usable
    std::vector<std::string> warnings;
    bool ok() const { return error.empty(); }
};

struct Service {
    std::string code;
    std::string name;
    std::string description;
    std::string group;
    std::string keywords;
    bool metadata = false;     // true: has a definition (services/{code}.json) with extra fields
    std::string type;          // realtime | batch | blackbox
};

enum class Datatype { String, Number, Datetime, Text, SingleValueList, MultiValueList };

std::string_view toString(Datatype datatype);
std::optional<Datatype> datatypeFromString(std::string_view text);

struct AttributeValueChoice {
    std::string key;   // what is sent
    std::string name;  // what is shown
};

struct ServiceAttribute {
    std::string code;
    Datatype datatype = Datatype::String;
    bool variable = true;   // false: information for the resident, nothing to answer
    bool required = false;
    std::int64_t order = 0;
    std::string description;
    std::string datatypeDescription;
    std::vector<AttributeValueChoice> values;  // the lists only; never empty for them
    bool isList() const { return datatype == Datatype::SingleValueList || datatype == Datatype::MultiValueList; }
};

struct ServiceDefinition {
    std::string code;
    std::vector<ServiceAttribute> attributes;  // sorted by order (ties keep the city's order)
};

// A definition the kiosk refused still says whether the service may be offered without its
// extra fields: only when nothing in it was required (and unreadable text counts as required).
struct DefinitionParse : Parsed<ServiceDefinition> {
    bool requiresFields = true;
};

// One answer the resident has given to a service attribute. A multivaluelist keeps every
// chosen key and is sent as attribute[CODE][]=key once per key.
struct AttributeAnswer {
    std::string code;
    std::vector<std::string> values;
    bool multiple = false;
};

// What the resident filled in: the body of a report before the outbox gives it its keys.
struct ReportDraft {
    std::string serviceCode;
    std::string serviceName;  // as the resident saw it; kept for the receipt, not sent
    std::string description;  // at most kMaxDescriptionChars characters
    std::string address;      // formBody adds the kiosk's ward when it is not part of it
    std::optional<double> lat;
    std::optional<double> lon;
    std::string firstName;
    std::string lastName;
    std::string phone;
    std::string email;
    bool anonymous = false;  // true: no name, phone or e-mail is kept or sent
    std::vector<AttributeAnswer> attributes;
    std::string consentVersion;   // of the consent text the resident agreed to
    std::string consentAt;        // ISO 8601 UTC; empty: when the report is saved
    std::string parentRequestId;  // a report that reopens a closed one
    // The VNeID subject of the resident who was logged in, so "Phản ánh của tôi" finds the
    // report; sent as Open311's account_id. Never kept or sent for an anonymous report.
    std::string accountId;
};
// Overwrites the resident's words and contact details in a draft (the session calls it when
// the draft is released), so they do not linger in freed memory (Law 91/2025).
void wipe(ReportDraft& draft);

constexpr std::size_t kMaxDescriptionChars = 4000;
// The longest personal details the kiosk takes, in characters. The screen's fields stop there
// and checkContact / checkReportText refuse more, so nothing longer is held or sent.
constexpr std::size_t kMaxNameChars = 100;     // first and last name together
constexpr std::size_t kMaxPhoneChars = 20;     // as typed, spaces and "+84" included
constexpr std::size_t kMaxEmailChars = 254;    // RFC 5321 §4.5.3.1.3 (a path of 256 with its < >)
constexpr std::size_t kMaxAddressChars = 250;

// A refusal from the city (400) or a problem with a draft. `field` is the attribute code or
// standard field (service_code, description, address_string, first_name, …) the description
// names, or "" when it names none: the form shows the message on that field.
struct FieldError {
    std::int64_t code = 0;
    std::string description;
    std::string field;
    // The field as residents know it: the attribute's `description` from the service definition
    // the outbox caches ("Mốc gần nhất …"), set when the city's error names one of its codes.
    std::string fieldLabel;
};

// The city's refusal as a resident reads it: the attribute's code ("LANDMARK: bắt buộc",
// "attribute[LANDMARK] is required") replaced by its description, or dropped when there is none.
std::string residentWords(const FieldError& error);
// Sets fieldLabel on each error whose field is one of `attributes`.
void labelFields(std::vector<FieldError>& errors, const std::vector<ServiceAttribute>& attributes);

// Problems that keep a draft from being saved (empty: none).
std::vector<FieldError> checkDraft(const ReportDraft& draft);

// What POST requests.json (or GET tokens/{token}.json) answered.
struct SubmitAnswer {
    enum class Kind {
        Filed,    // requestId: the city's id for the report
        Token,    // token: accepted; the id comes later from tokens/{token}.json
        Refused,  // errors: the city will not take the report as it is; not retried
        Retry,    // reason: no usable answer (403, 5xx, 429, garbage …); kept and retried
    };
    Kind kind = Kind::Retry;
    std::string requestId;
    std::string token;
    std::string notice;  // service_notice, when the city gave one
    std::vector<FieldError> errors;
    std::string reason;
};

std::string_view toString(SubmitAnswer::Kind kind);

// `attributeCodes`: the codes of the service's attributes, so that an error naming one is put
// on its field.
SubmitAnswer parseSubmitAnswer(long status, std::string_view body, const std::vector<std::string>& attributeCodes = {});
// For GET tokens/{token}.json: Filed once the city has an id, Token while it has none yet.
SubmitAnswer parseTokenAnswer(long status, std::string_view body, std::string_view token);
// The attribute code or standard field an error description names, or "".
std::string fieldNamedIn(std::string_view description, const std::vector<std::string>& attributeCodes = {});

// GET services.json. Entries that break a rule are skipped (with a warning); an answer that is
// not a list of services at all is an error.
Parsed<std::vector<Service>> parseServices(std::string_view json);
// GET services/{code}.json. All or nothing: any broken attribute refuses the whole definition.
// `expectedCode`, when given, must be the definition's service_code.
DefinitionParse parseServiceDefinition(std::string_view json, std::string_view expectedCode = {});

// Tracking: one entry of GET requests.json?service_request_id=….
struct RequestStatus {
    std::string serviceRequestId;
    std::string status;  // "open" | "closed" (closed is not fixed: the resident confirms)
    std::string statusNotes;
    std::string serviceName;
    std::string agencyResponsible;
    std::string requestedAt;  // as the city wrote them (ISO 8601 with offset)
    std::string updatedAt;
    std::string expectedAt;
    std::string address;
};

Parsed<std::vector<RequestStatus>> parseRequests(std::string_view json);

// What goes with every report besides the resident's own words.
struct FormSettings {
    std::string apiKey;
    std::string jurisdictionId;  // "" sends none
    std::string deviceId;        // the kiosk id
    std::string wardName;        // "Phường Bến Thành": added to address_string when missing
};

// The application/x-www-form-urlencoded body of POST requests.json (OPEN311.md, "Submitting").
std::string formBody(const ReportDraft& report, std::string_view trackingCode, const FormSettings& settings);

// The attributes as kept in the outbox: {"CODE": "key", "MULTI": ["a", "b"]}.
std::string attributesToJson(const std::vector<AttributeAnswer>& attributes);
std::vector<AttributeAnswer> attributesFromJson(std::string_view json);
std::string errorsToJson(const std::vector<FieldError>& errors);
std::vector<FieldError> errorsFromJson(std::string_view json);

}  // namespace kiosk::open311
