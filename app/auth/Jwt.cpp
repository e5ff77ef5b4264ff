#include "auth/Jwt.h"

#include <array>
#include <cstdint>
#include <vector>

#include "core/BoundedInput.h"

namespace kiosk {

namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr int kMaxJsonDepth = 32;
// A decoded header or payload is at most 3/4 of kMaxJwsLength; a JWKS read as text is bounded
// like the provider's other answers.
constexpr std::size_t kMaxJoseObjectBytes = 256 * 1024;

// -1 for every byte outside the base64url alphabet.
constexpr std::array<int, 256> makeDecodeTable() {
    std::array<int, 256> table{};
    for (auto& v : table) v = -1;
    for (std::size_t i = 0; i < kAlphabet.size(); ++i) table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
    return table;
}
constexpr std::array<int, 256> kDecodeTable = makeDecodeTable();

}  // namespace

std::string base64UrlEncode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    std::size_t i = 0;
    const auto at = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k])); };
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest == 1) {
        const std::uint32_t v = at(i) << 16;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
    } else if (rest == 2) {
        const std::uint32_t v = (at(i) << 16) | (at(i + 1) << 8);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
    }
    return out;
}

std::optional<std::string> base64UrlDecode(std::string_view text) {
    if (text.size() % 4 == 1) return std::nullopt;
    std::string out;
    out.reserve(text.size() / 4 * 3 + 2);
    std::uint32_t acc = 0;
    int bits = 0;
    for (const char c : text) {
        const int v = kDecodeTable[static_cast<unsigned char>(c)];
        if (v < 0) return std::nullopt;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
        acc &= (1u << bits) - 1;  // keep only the bits not yet emitted
    }
    // Leftover bits (2 or 4) are padding inside the last character: they must be zero.
    if (acc != 0) return std::nullopt;
    return out;
}

std::optional<nlohmann::json> parseJoseObject(std::string_view text, std::string& error) {
    std::string why;
    auto value = readJson(text, JsonLimits{.maxBytes = kMaxJoseObjectBytes, .maxDepth = kMaxJsonDepth,
                                           .rejectDuplicateKeys = true},
                          why);
    if (!value) {
        // "is not valid JSON (malformed JSON at byte 3 of 9)", "nests deeper than 32 levels", …
        error = why.starts_with("malformed") || why.starts_with("empty") ? "is not valid JSON (" + why + ")" : why;
        return std::nullopt;
    }
    if (!value->is_object()) {
        error = "is not a JSON object";
        return std::nullopt;
    }
    return value;
}

std::optional<CompactJws> parseCompactJws(std::string_view token, std::string& error) {
    if (token.empty()) {
        error = "token is empty";
        return std::nullopt;
    }
    if (token.size() > kMaxJwsLength) {
        error = "token is " + std::to_string(token.size()) + " bytes, more than " + std::to_string(kMaxJwsLength);
        return std::nullopt;
    }
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t dot = token.find('.', start);
        parts.push_back(token.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    if (parts.size() != 3) {
        error = "token has " + std::to_string(parts.size()) + " part" + (parts.size() == 1 ? "" : "s") +
                ", expected 3 (header.payload.signature)";
        return std::nullopt;
    }
    if (parts[0].empty()) {
        error = "token header is empty";
        return std::nullopt;
    }
    if (parts[1].empty()) {
        error = "token payload is empty";
        return std::nullopt;
    }
    static constexpr std::array<const char*, 3> kNames = {"header", "payload", "signature"};
    std::array<std::string, 3> decoded;
    for (std::size_t i = 0; i < 3; ++i) {
        auto bytes = base64UrlDecode(parts[i]);
        if (!bytes) {
            error = std::string("token ") + kNames[i] + " is not valid base64url";
            return std::nullopt;
        }
        decoded[i] = std::move(*bytes);
    }
    std::string why;
    auto header = parseJoseObject(decoded[0], why);
    if (!header) {
        error = "token header " + why;
        return std::nullopt;
    }
    CompactJws jws;
    jws.signingInput = std::string(token.substr(0, parts[0].size() + 1 + parts[1].size()));
    jws.header = std::move(*header);
    jws.payload = std::move(decoded[1]);
    jws.signature = std::move(decoded[2]);
    return jws;
}

}  // namespace kiosk
