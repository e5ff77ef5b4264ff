#include "feedback/SlipCode.h"

#include <vector>

#include "feedback/Outbox.h"
#include "net/Url.h"
#include "scan/CccdQr.h"  // unsafeTextReason

namespace kiosk {
namespace {
constexpr std::string_view kPayloadPrefix = "PAKN/";
constexpr std::string_view kPayloadVersion = "1";

bool startsWithAnyCase(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = text[i];
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c != prefix[i]) return false;
    }
    return true;
}

bool isUnreserved(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == '~';
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// Strict RFC 3986 decoding of one field: nullopt on a reserved character left bare or a broken %XX.
std::optional<std::string> percentDecode(std::string_view field) {
    std::string out;
    for (std::size_t i = 0; i < field.size(); ++i) {
        const char c = field[i];
        if (isUnreserved(c)) {
            out += c;
        } else if (c == '%' && i + 2 < field.size() && hexValue(field[i + 1]) >= 0 && hexValue(field[i + 2]) >= 0) {
            out += static_cast<char>(hexValue(field[i + 1]) * 16 + hexValue(field[i + 2]));
            i += 2;
        } else {
            return std::nullopt;
        }
    }
    return out;
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// A service_request_id the kiosk will carry or ask the city for.
bool usableRequestId(std::string_view id) {
    return !id.empty() && id.size() <= kMaxRequestIdBytes && scan::unsafeTextReason(id).empty();
}
}  // namespace

std::string slipPayload(std::string_view trackingCode, std::string_view serviceRequestId) {
    if (serviceRequestId.empty()) return std::string(trackingCode);
    return std::string("PAKN/") + std::string(kPayloadVersion) + "/" + std::string(trackingCode) + "/" +
           percentEncode(serviceRequestId);
}

std::optional<ReportKey> parseSlipPayload(std::string_view text, std::string* refusal) {
    auto refuse = [refusal](std::string why) -> std::optional<ReportKey> {
        if (refusal) *refusal = std::move(why);
        return std::nullopt;
    };
    if (refusal) refusal->clear();
    if (!startsWithAnyCase(text, kPayloadPrefix)) return std::nullopt;
    std::vector<std::string_view> fields;
    std::string_view rest = text.substr(kPayloadPrefix.size());
    while (true) {
        const auto slash = rest.find('/');
        fields.push_back(rest.substr(0, slash));
        if (slash == std::string_view::npos) break;
        rest.remove_prefix(slash + 1);
    }
    if (fields.size() != 3) return refuse("slip payload: " + std::to_string(fields.size() + 1) + " fields, not 4");
    if (fields[0] != kPayloadVersion) return refuse("slip payload: version is not " + std::string(kPayloadVersion));
    ReportKey key;
    key.trackingCode = normalizeTrackingCode(fields[1]);
    // The code as printed, dashes and all: the payload is made by kiosks, not typed.
    if (key.trackingCode.empty() || fields[1].size() != key.trackingCode.size())
        return refuse("slip payload: not a valid tracking code");
    const auto id = percentDecode(fields[2]);
    if (!id) return refuse("slip payload: the id is not percent-encoded");
    if (!usableRequestId(*id)) return refuse("slip payload: the id is empty, too long or not plain text");
    key.serviceRequestId = *id;
    return key;
}

TypedReportCode readTypedReportCode(std::string_view typed) {
    TypedReportCode out;
    const std::string_view text = trimmed(typed);
    if (text.empty()) return out;
    if (auto slip = parseSlipPayload(text)) {
        out.kind = TypedReportCode::Kind::Slip;
        out.key = std::move(*slip);
        return out;
    }
    if (std::string code = normalizeTrackingCode(text); !code.empty()) {
        out.kind = TypedReportCode::Kind::TrackingCode;
        out.key.trackingCode = std::move(code);
        return out;
    }
    if (looksLikeTrackingCode(text)) {
        out.kind = TypedReportCode::Kind::BadTrackingCode;
        return out;
    }
    if (!usableRequestId(text) || startsWithAnyCase(text, kPayloadPrefix)) {
        out.kind = TypedReportCode::Kind::Invalid;
        return out;
    }
    out.kind = TypedReportCode::Kind::RequestId;
    out.key.serviceRequestId = std::string(text);
    return out;
}

}  // namespace kiosk
