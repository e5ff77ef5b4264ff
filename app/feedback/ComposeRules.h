#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "feedback/Open311.h"

namespace kiosk::open311 {

// What the kiosk checks while a resident writes a report, before it is saved: the answers a
// service's definition asks for, the contact details, and the forms people type dates and
// names in. Pure functions, so they are tested without a screen. A FieldError made here has
// code 0 and an English description that is a gettext msgid (the screen shows it translated);
// errors from the city have the city's code and words.

// Required answers present; numbers, dates and list choices valid. Attributes the definition
// does not have are reported too (a draft carried over from another service).
std::vector<FieldError> checkAnswers(const ServiceDefinition& definition, const ReportDraft& draft);
// The description and the address (Open311 needs a location; the kiosk's ward is added to it).
std::vector<FieldError> checkReportText(const ReportDraft& draft);
// Name and phone when the report is not anonymous.
std::vector<FieldError> checkContact(const ReportDraft& draft);

// "28/11/2026 08:30" (also "28/11/2026 8:30", "28-11-2026 08:30", or a date alone, as midnight)
// → "2026-11-28T08:30:00+07:00": the city's time, which is the kiosk's. nullopt if not a real
// date and time.
std::optional<std::string> cityDateTimeFromTyped(std::string_view typed);
// The reverse, for showing a stored answer: "2026-11-28T08:30:00+07:00" → "28/11/2026 08:30";
// text it cannot read comes back unchanged.
std::string typedFromCityDateTime(std::string_view iso);

// A Vietnamese phone number as people write it ("0909 123 456", "+84 909.123.456"), in the
// form the city is sent ("0909123456"); nullopt if it cannot be one (mobile: 10 digits from 0;
// landline: 11 digits from 02).
std::optional<std::string> normalizePhone(std::string_view typed);

// Vietnamese names are written family name first: "Nguyễn Văn An" is last_name "Nguyễn" and
// first_name "Văn An". Spaces are tidied.
std::pair<std::string, std::string> splitFullName(std::string_view fullName);  // {first, last}
std::string fullName(const ReportDraft& draft);                              // "Nguyễn Văn An"

// The answer to one attribute in a draft ("" / empty when none).
const AttributeAnswer* answerFor(const ReportDraft& draft, std::string_view code);
// Sets (or, with no values, removes) the answer to one attribute.
void setAnswer(ReportDraft& draft, const ServiceAttribute& attribute, std::vector<std::string> values);

}  // namespace kiosk::open311
