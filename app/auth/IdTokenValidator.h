#pragma once
// ID token validation, OpenID Connect Core 1.0 §3.1.3.7, for the tokens the kiosk receives
// from the city's identity provider (VNeID) at the end of the device authorization grant.
// Only RS256 and ES256 signatures are ever accepted, whatever the token or the key set says.
#include <chrono>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "auth/Jwks.h"

namespace kiosk {

struct IdTokenResult {
    bool ok = false;
    // Empty when ok; otherwise one precise sentence for the log, e.g.
    // "iss \"https://evil.example\" is not the expected issuer \"https://id.example\"".
    // It names claims and header fields, never the token itself.
    std::string error;
    // True when the token names a key (kid, or a key type when it has no kid) that the key set
    // does not hold: the caller should fetch the JWKS again, once, and validate again
    // (validateWithRefetch does exactly that).
    bool unknownKey = false;
    // The verified payload; only set when ok (an object), null otherwise.
    nlohmann::json claims;
};

class IdTokenValidator {
public:
    struct Expectations {
        std::string issuer;    // compared byte for byte with "iss" (no trailing-slash leniency)
        std::string clientId;  // must be in "aud", and the only value there
        std::chrono::seconds maxSkew{120};  // allowed clock difference for exp, iat and nbf
        std::optional<std::string> nonce;   // when set, "nonce" must be present and equal
        std::set<std::string> allowedAlgs{"RS256", "ES256"};  // narrowing only: nothing else is ever accepted
        std::chrono::seconds maxAge{std::chrono::hours(24)};  // "iat" older than this is refused
    };

    // Returns the key set to use; refresh = true asks for a fresh download instead of the cached
    // set. std::nullopt when no key set can be had.
    using JwksProvider = std::function<std::optional<Jwks>(bool refresh)>;

    // Validates, in this order: the token's shape, the header (alg, crit), the key (by kid, or
    // the only key of the alg's type when there is no kid; its type and its "alg" must fit the
    // token's alg), the signature, then the claims iss, aud, azp, exp, iat, nbf, nonce, sub.
    // Never throws.
    static IdTokenResult validate(std::string_view token, const Jwks& jwks, const Expectations& expect,
                                  std::chrono::system_clock::time_point now);

    // provider(false), validate; if the key is unknown, provider(true) exactly once and validate
    // again; a key still unknown is refused. At most two provider calls per token.
    static IdTokenResult validateWithRefetch(std::string_view token, const JwksProvider& provider,
                                             const Expectations& expect,
                                             std::chrono::system_clock::time_point now);
};

}  // namespace kiosk
