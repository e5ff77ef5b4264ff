#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kiosk {

// What a report slip tells any kiosk of the city about the report it was printed for: the
// kiosk's tracking code (which names the kiosk's ward) and, once the city has filed it, the
// city's service_request_id. Contract: app/feedback/OPEN311.md, "Slips".
struct ReportKey {
    std::string trackingCode;      // canonical ("PA-26734-7K3M-Q9R"); may be "" for a typed 1022 number
    std::string serviceRequestId;  // as the city gave it; "" before the city filed the report
};

// The longest service_request_id a slip carries or a resident may type (the Open311 parser's
// own limit for ids).
inline constexpr std::size_t kMaxRequestIdBytes = 128;

// What a slip's QR code holds: the tracking code alone while the city has no id for the report
// (what every slip held before version 1), else "PAKN/1/<tracking code>/<percent-encoded id>".
std::string slipPayload(std::string_view trackingCode, std::string_view serviceRequestId);

// Reads a versioned slip payload, strictly: "PAKN" (any case), "/", version "1", "/", a valid
// tracking code, "/", the id percent-encoded (RFC 3986: unreserved characters as they are, any
// other byte as %XX), decoding to 1-128 bytes of UTF-8 without control characters. nullopt when
// the text is not one; `refusal` (if given) then says why for a text that starts like one, and
// is left empty for any other text.
std::optional<ReportKey> parseSlipPayload(std::string_view text, std::string* refusal = nullptr);

// What a resident typed into the lookup field.
struct TypedReportCode {
    enum class Kind {
        Empty,
        TrackingCode,     // key.trackingCode
        BadTrackingCode,  // shaped like a tracking code, but its check character is wrong
        RequestId,        // the city's number as printed on the slip: key.serviceRequestId
        Slip,             // a slip payload (a scanner typing into the field): both
        Invalid,          // control characters, or too long for a 1022 number
    };
    Kind kind = Kind::Empty;
    ReportKey key;
};
TypedReportCode readTypedReportCode(std::string_view typed);

}  // namespace kiosk
