// An ID token through IdTokenValidator, against a fixed key set (one RS256 key made at start).
// First byte even: the input is the token as received (shape, base64url, header, key choice,
// signature). Odd: the input is "<header JSON>\n<payload bytes>", which the target signs with
// the key, so the validator gets past the signature and reads the claims.
#include "FuzzInput.h"
#include "auth/IdTokenValidator.h"
#include "auth/Jwks.h"
#include "auth/Jwt.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <memory>
#include <string>
#include <vector>

namespace {

struct PkeyFree {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};

std::string bigEndian(EVP_PKEY* key, const char* name) {
    BIGNUM* bn = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) return {};
    std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
    BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
    BN_free(bn);
    return bytes;
}

struct Signer {
    std::unique_ptr<EVP_PKEY, PkeyFree> key{EVP_RSA_gen(2048)};
    std::optional<kiosk::Jwks> jwks;

    Signer() {
        const nlohmann::json set = {
            {"keys",
             {{{"kty", "RSA"}, {"kid", "k1"}, {"use", "sig"}, {"alg", "RS256"},
               {"n", kiosk::base64UrlEncode(bigEndian(key.get(), OSSL_PKEY_PARAM_RSA_N))},
               {"e", kiosk::base64UrlEncode(bigEndian(key.get(), OSSL_PKEY_PARAM_RSA_E))}}}}};
        std::string error;
        jwks = kiosk::Jwks::parse(set, error);
        if (!jwks || jwks->empty()) kiosk::fuzz::broken(__FILE__, __LINE__);
    }

    std::string sign(std::string_view header, std::string_view payload) const {
        std::string input = kiosk::base64UrlEncode(header) + "." + kiosk::base64UrlEncode(payload);
        EVP_MD_CTX* ctx = EVP_MD_CTX_new();
        std::size_t length = 0;
        std::string signature;
        if (EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
            EVP_DigestSign(ctx, nullptr, &length, reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1) {
            signature.resize(length);
            if (EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &length,
                               reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1)
                signature.clear();
            signature.resize(length);
        }
        EVP_MD_CTX_free(ctx);
        return input + "." + kiosk::base64UrlEncode(signature);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Signer signer;
    kiosk::fuzz::FuzzInput in(data, size);
    const bool signHere = (in.byte() & 1) != 0;
    std::string token;
    if (signHere) {
        const std::string_view rest = in.rest();
        const std::size_t newline = rest.find('\n');
        if (newline == std::string_view::npos) return 0;
        token = signer.sign(rest.substr(0, newline), rest.substr(newline + 1));
    } else {
        token = std::string(in.rest());
    }
    kiosk::IdTokenValidator::Expectations expect;
    expect.issuer = "https://id.example.vn";
    expect.clientId = "ward-kiosk";
    expect.nonce = "n-0S6_WzA2Mj";
    // 2026-12-07T08:00:00Z: seeds carry iat/exp around it.
    const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1796630400));
    const auto result = kiosk::IdTokenValidator::validate(token, *signer.jwks, expect, now);
    if (result.ok == !result.error.empty()) kiosk::fuzz::broken(__FILE__, __LINE__);
    if (result.ok && !result.claims.is_object()) kiosk::fuzz::broken(__FILE__, __LINE__);
    return 0;
}
