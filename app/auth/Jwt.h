#pragma once
// The compact JWS serialisation (RFC 7515 §7.1) as far as an ID token needs it: strict
// base64url, the three parts, and the header and payload as JSON objects. Nothing here checks
// a signature or a claim; that is IdTokenValidator's job.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace kiosk {

// Tokens longer than this are refused before any decoding (an ID token is a few KiB).
inline constexpr std::size_t kMaxJwsLength = 64 * 1024;

// base64url without padding (RFC 7515 §2, RFC 4648 §5).
std::string base64UrlEncode(std::string_view bytes);

// Strict: only A-Z a-z 0-9 - _, no '=' padding, no whitespace, no length that cannot come from
// an encoder (length % 4 == 1), and the unused low bits of the last character must be zero, so
// that every byte string has exactly one accepted spelling. std::nullopt when any rule fails.
std::optional<std::string> base64UrlDecode(std::string_view text);

// Parses a JSON object as JOSE requires it: a single object, valid UTF-8, no duplicate member
// names (RFC 7515 §5.2), nesting no deeper than 32. On failure returns std::nullopt and says
// why in `error`.
std::optional<nlohmann::json> parseJoseObject(std::string_view text, std::string& error);

// A compact JWS split and decoded. The payload is kept as bytes: parse it only after the
// signature has been verified.
struct CompactJws {
    std::string signingInput;  // "<header b64>.<payload b64>", exactly as received
    nlohmann::json header;     // always an object
    std::string payload;       // decoded bytes
    std::string signature;     // decoded bytes (may be empty)
};

// Splits "<header>.<payload>.<signature>" (exactly two dots; header and payload non-empty),
// decodes the three parts and parses the header. On failure returns std::nullopt and says why
// in `error` ("token has 2 parts, expected 3", "signature is not valid base64url", ...).
std::optional<CompactJws> parseCompactJws(std::string_view token, std::string& error);

}  // namespace kiosk
