#pragma once
// A JSON Web Key Set (RFC 7517 §5) as the identity provider publishes it at its jwks_uri:
// the public keys ID tokens are verified with. Only signature keys the validator can use are
// kept: RSA (modulus 2048..8192 bits) and EC on P-256. Every other key is skipped, and the
// reason is kept for the log.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>
#include <openssl/types.h>

namespace kiosk {

enum class JwkType { Rsa, EcP256 };

// "RSA" or "EC P-256", for messages.
std::string_view toString(JwkType type);

struct Jwk {
    std::string kid;  // may be empty
    JwkType type = JwkType::Rsa;
    std::string alg;  // "" when the JWK has no "alg"
    std::string use;  // "" or "sig"
    int bits = 0;     // RSA modulus size, or 256 for P-256
    std::shared_ptr<EVP_PKEY> key;  // public key only; never null in a parsed Jwks
};

class Jwks {
public:
    // `document` must be an object with a "keys" array; otherwise std::nullopt and `error` says
    // why. Keys that cannot be used are skipped and listed in skipped(), e.g.
    // "keys[2] (kid \"old\"): RSA modulus is 1024 bits, at least 2048 required". A set whose
    // keys were all skipped is still returned (it is empty).
    static std::optional<Jwks> parse(const nlohmann::json& document, std::string& error);
    // The same from the HTTP body (strict JSON: no duplicate member names).
    static std::optional<Jwks> parseText(std::string_view text, std::string& error);

    const std::vector<Jwk>& keys() const { return keys_; }
    const std::vector<std::string>& skipped() const { return skipped_; }
    bool empty() const { return keys_.empty(); }

    // True when some key has this kid (of any type).
    bool hasKid(std::string_view kid) const;
    // The key with this kid and this type, or nullptr. (The same kid may be used by an RSA
    // and an EC key, RFC 7517 §4.5; two keys with the same kid and type are never both kept.)
    const Jwk* find(std::string_view kid, JwkType type) const;
    // For a token without "kid": the only key of this type, or nullptr when there are none or
    // several (`count` tells which).
    const Jwk* onlyKeyOfType(JwkType type, std::size_t* count = nullptr) const;

private:
    std::vector<Jwk> keys_;
    std::vector<std::string> skipped_;
};

}  // namespace kiosk
