#pragma once
// Mints JWTs for the city simulator's identity provider and for the tests: RS256 and ES256
// with freshly generated keys, and the bad tokens an attacker would try (alg "none", HS256 keyed
// with the RSA public key). Not for production: keys live only in memory.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <openssl/types.h>

namespace citysim {

class SigningKey {
public:
    // Throws std::runtime_error when OpenSSL cannot generate the key.
    static SigningKey generateRsa(int bits = 2048, std::string kid = "rsa-1");
    static SigningKey generateEc(std::string kid = "ec-1");  // P-256

    SigningKey(SigningKey&& other) noexcept;
    SigningKey& operator=(SigningKey&& other) noexcept;
    SigningKey(const SigningKey&) = delete;
    SigningKey& operator=(const SigningKey&) = delete;
    ~SigningKey();

    const std::string& kid() const { return kid_; }
    std::string alg() const;  // "RS256" / "ES256"
    bool isRsa() const { return rsa_; }

    // {"kty", "kid", "alg", "use": "sig", and n/e or crv/x/y}: never the private part. A key
    // made with an empty kid has no "kid" here, and sign() puts none in its tokens.
    nlohmann::json publicJwk() const;
    // "-----BEGIN PUBLIC KEY-----..." (SubjectPublicKeyInfo), what a naive verifier would use as
    // an HMAC secret in the HS256 key-confusion attack.
    std::string publicPem() const;

    // A compact JWS. The header's "alg" and "kid" are filled in from this key when absent (so a
    // test may set a different kid, or a wrong alg, on purpose); "typ" is left as given. The
    // signature is made with this key's algorithm whatever the header says: RSASSA-PKCS1-v1_5
    // SHA-256, or ECDSA P-256 SHA-256 as raw R || S (64 bytes).
    std::string sign(const nlohmann::json& header, const nlohmann::json& payload) const;

private:
    SigningKey(EVP_PKEY* key, std::string kid, bool rsa);

    EVP_PKEY* key_ = nullptr;  // owned
    std::string kid_;
    bool rsa_ = true;
};

// HMAC-SHA256 over the compact header.payload with `secret`; header "alg" set to "HS256" when
// absent.
std::string signHs256(const nlohmann::json& header, const nlohmann::json& payload, const std::string& secret);

// header {"alg":"none"}, the payload, and an empty signature ("xxx.yyy.").
std::string unsignedToken(const nlohmann::json& payload);

// {"keys": [publicJwk of each]}.
nlohmann::json jwksOf(const std::vector<const SigningKey*>& keys);

}  // namespace citysim
