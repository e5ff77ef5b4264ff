// Only the OpenSSL 3 APIs: a deprecated call does not compile here.
#define OPENSSL_API_COMPAT 30000
#define OPENSSL_NO_DEPRECATED

#include "auth/IdTokenValidator.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <cmath>
#include <memory>
#include <vector>

#include "auth/Jwt.h"
#include "core/IsoTime.h"

namespace kiosk {

namespace {

constexpr std::size_t kEs256SignatureBytes = 64;
constexpr std::size_t kMaxSubLength = 255;        // OIDC Core §2: at most 255 ASCII characters
constexpr double kLatestNumericDate = 253402300799.0;  // 9999-12-31T23:59:59Z

struct MdCtxFree { void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); } };
struct EcdsaSigFree { void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); } };
struct BnFree { void operator()(BIGNUM* p) const { BN_free(p); } };
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, EcdsaSigFree>;
using BnPtr = std::unique_ptr<BIGNUM, BnFree>;

const unsigned char* bytesOf(const std::string& s) { return reinterpret_cast<const unsigned char*>(s.data()); }

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

IdTokenResult fail(std::string error) {
    IdTokenResult r;
    r.error = std::move(error);
    return r;
}

// JWS ES256 signatures are R || S, 32 bytes each (RFC 7518 §3.4); OpenSSL wants DER.
std::optional<std::string> rawEcdsaToDer(const std::string& raw) {
    const std::size_t half = raw.size() / 2;
    BnPtr r(BN_bin2bn(bytesOf(raw), static_cast<int>(half), nullptr));
    BnPtr s(BN_bin2bn(bytesOf(raw) + half, static_cast<int>(half), nullptr));
    EcdsaSigPtr sig(ECDSA_SIG_new());
    if (!r || !s || !sig) return std::nullopt;
    if (ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) return std::nullopt;
    r.release();  // owned by sig now
    s.release();
    const int length = i2d_ECDSA_SIG(sig.get(), nullptr);
    if (length <= 0) return std::nullopt;
    std::string der(static_cast<std::size_t>(length), '\0');
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    if (i2d_ECDSA_SIG(sig.get(), &out) != length) return std::nullopt;
    return der;
}

// EVP_DigestVerify with SHA-256; for RSA with PKCS #1 v1.5 padding (RS256), never PSS.
bool verifySha256(EVP_PKEY* key, bool rsa, const std::string& input, const std::string& signature) {
    MdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
    bool ok = ctx && EVP_DigestVerifyInit_ex(ctx.get(), &pctx, "SHA256", nullptr, nullptr, key, nullptr) == 1;
    if (ok && rsa) ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1;
    if (ok)
        ok = EVP_DigestVerify(ctx.get(), bytesOf(signature), signature.size(), bytesOf(input), input.size()) == 1;
    ERR_clear_error();  // a failed verification leaves entries; they must not leak into curl's TLS
    return ok;
}

// A NumericDate claim (RFC 7519 §2), as seconds since the epoch. Sets `error` when the claim is
// present but unusable, or absent and required.
std::optional<double> numericDate(const nlohmann::json& claims, const char* name, bool required, std::string& error) {
    const auto it = claims.find(name);
    if (it == claims.end()) {
        if (required) error = std::string("token has no \"") + name + "\"";
        return std::nullopt;
    }
    if (!it->is_number()) {
        error = std::string("\"") + name + "\" is not a number";
        return std::nullopt;
    }
    const double value = it->get<double>();
    if (!std::isfinite(value) || value < 0 || value > kLatestNumericDate) {
        error = std::string("\"") + name + "\" is out of range";
        return std::nullopt;
    }
    return value;
}

std::string isoOf(double seconds) {
    return formatIsoUtc(std::chrono::system_clock::time_point(std::chrono::seconds(static_cast<long long>(seconds))));
}

// OIDC Core §3.1.3.7 steps 2-5 and 9-11, plus sub (§2) and nbf (RFC 7519 §4.1.5).
std::string checkClaims(const nlohmann::json& claims, const IdTokenValidator::Expectations& expect,
                        std::chrono::system_clock::time_point now) {
    // iss: exactly the issuer of the discovery document.
    const auto iss = claims.find("iss");
    if (iss == claims.end()) return "token has no \"iss\"";
    if (!iss->is_string()) return "\"iss\" is not a string";
    if (iss->get<std::string>() != expect.issuer)
        return "iss " + quoted(iss->get<std::string>()) + " is not the expected issuer " + quoted(expect.issuer);

    // aud: this client, and nobody else.
    const auto aud = claims.find("aud");
    if (aud == claims.end()) return "token has no \"aud\"";
    std::vector<std::string> audiences;
    if (aud->is_string()) {
        audiences.push_back(aud->get<std::string>());
    } else if (aud->is_array()) {
        for (const auto& a : *aud) {
            if (!a.is_string()) return "\"aud\" has a value that is not a string";
            audiences.push_back(a.get<std::string>());
        }
        if (audiences.empty()) return "\"aud\" is an empty array";
    } else {
        return "\"aud\" is neither a string nor an array";
    }
    bool forUs = false;
    for (const auto& a : audiences) forUs = forUs || a == expect.clientId;
    if (!forUs) {
        std::string list;
        for (const auto& a : audiences) list += (list.empty() ? "" : ", ") + quoted(a);
        return "aud [" + list + "] does not contain the client_id " + quoted(expect.clientId);
    }
    for (const auto& a : audiences)
        if (a != expect.clientId) return "aud also names " + quoted(a) + ", an untrusted audience";
    const auto azp = claims.find("azp");
    if (audiences.size() > 1 && azp == claims.end()) return "aud has several values and there is no \"azp\"";
    if (azp != claims.end()) {
        if (!azp->is_string()) return "\"azp\" is not a string";
        if (azp->get<std::string>() != expect.clientId)
            return "azp " + quoted(azp->get<std::string>()) + " is not the client_id " + quoted(expect.clientId);
    }

    // exp, iat, nbf against our clock, with the allowed skew.
    const double nowS = std::chrono::duration<double>(now.time_since_epoch()).count();
    const auto skew = static_cast<double>(expect.maxSkew.count());
    std::string error;
    const auto exp = numericDate(claims, "exp", true, error);
    if (!exp) return error;
    if (nowS >= *exp + skew)
        return "token expired at " + isoOf(*exp) + " (now " + formatIsoUtc(now) + ", allowed skew " +
               std::to_string(expect.maxSkew.count()) + " s)";
    const auto iat = numericDate(claims, "iat", true, error);
    if (!iat) return error;
    if (*iat > nowS + skew)
        return "iat " + isoOf(*iat) + " is in the future (now " + formatIsoUtc(now) + ", allowed skew " +
               std::to_string(expect.maxSkew.count()) + " s)";
    if (nowS - *iat > static_cast<double>(expect.maxAge.count()) + skew)
        return "iat " + isoOf(*iat) + " is more than " + std::to_string(expect.maxAge.count()) + " s ago";
    const auto nbf = numericDate(claims, "nbf", false, error);
    if (!error.empty()) return error;
    if (nbf && *nbf > nowS + skew) return "token is not valid before " + isoOf(*nbf) + " (now " + formatIsoUtc(now) + ")";

    // nonce: the value this login sent, when it sent one.
    if (expect.nonce) {
        const auto nonce = claims.find("nonce");
        if (nonce == claims.end()) return "token has no \"nonce\" but one was sent";
        if (!nonce->is_string() || nonce->get<std::string>() != *expect.nonce)
            return "nonce does not match the one sent";
    }

    // sub: who signed in.
    const auto sub = claims.find("sub");
    if (sub == claims.end()) return "token has no \"sub\"";
    if (!sub->is_string()) return "\"sub\" is not a string";
    if (sub->get<std::string>().empty()) return "\"sub\" is empty";
    if (sub->get<std::string>().size() > kMaxSubLength) return "\"sub\" is longer than 255 characters";
    return {};
}

}  // namespace

IdTokenResult IdTokenValidator::validate(std::string_view token, const Jwks& jwks, const Expectations& expect,
                                         std::chrono::system_clock::time_point now) {
    try {
        std::string error;
        auto jws = parseCompactJws(token, error);
        if (!jws) return fail(error);
        const nlohmann::json& header = jws->header;

        // alg: only what we implement, and only what the configuration allows.
        const auto algIt = header.find("alg");
        if (algIt == header.end()) return fail("token header has no \"alg\"");
        if (!algIt->is_string()) return fail("token header \"alg\" is not a string");
        const std::string alg = algIt->get<std::string>();
        if (alg == "none") return fail("alg \"none\" (an unsigned token) is never accepted");
        if (alg != "RS256" && alg != "ES256") return fail("alg " + quoted(alg) + " is not accepted (only RS256, ES256)");
        if (!expect.allowedAlgs.contains(alg)) return fail("alg " + quoted(alg) + " is not allowed by the configuration");
        if (header.contains("crit")) return fail("token header has \"crit\", and no extension is understood here");
        // jku, x5u, jwk and x5c in the header are ignored: keys come from the configured JWKS only.

        // The key: by kid, or the only key of the right type.
        const JwkType type = alg == "RS256" ? JwkType::Rsa : JwkType::EcP256;
        const Jwk* key = nullptr;
        std::string keyName;
        if (const auto kidIt = header.find("kid"); kidIt != header.end()) {
            if (!kidIt->is_string()) return fail("token header \"kid\" is not a string");
            const std::string kid = kidIt->get<std::string>();
            keyName = "kid " + quoted(kid);
            if (!jwks.hasKid(kid)) {
                IdTokenResult r = fail("unknown kid " + quoted(kid) + ": not in the key set (" +
                                       std::to_string(jwks.keys().size()) + " usable keys)");
                r.unknownKey = true;
                return r;
            }
            key = jwks.find(kid, type);
            if (!key) {
                const JwkType other = type == JwkType::Rsa ? JwkType::EcP256 : JwkType::Rsa;
                return fail("key type mismatch: " + keyName + " is an " + std::string(toString(other)) +
                            " key, alg " + alg + " needs an " + std::string(toString(type)) + " key");
            }
        } else {
            std::size_t count = 0;
            key = jwks.onlyKeyOfType(type, &count);
            keyName = "the only " + std::string(toString(type)) + " key";
            if (count == 0) {
                IdTokenResult r = fail("token has no kid and the key set has no " + std::string(toString(type)) + " key");
                r.unknownKey = true;
                return r;
            }
            if (!key)
                return fail("token has no kid and the key set has " + std::to_string(count) + " " +
                            std::string(toString(type)) + " keys to choose from");
        }
        if (!key->alg.empty() && key->alg != alg)
            return fail(keyName + " is for alg " + quoted(key->alg) + ", the token says " + quoted(alg));

        // The signature over "<header>.<payload>" as received.
        std::string signature = jws->signature;
        if (type == JwkType::Rsa) {
            const auto expected = static_cast<std::size_t>(EVP_PKEY_get_size(key->key.get()));
            if (signature.size() != expected)
                return fail("RS256 signature is " + std::to_string(signature.size()) + " bytes, " + keyName +
                            " needs " + std::to_string(expected));
        } else {
            if (signature.size() != kEs256SignatureBytes)
                return fail("ES256 signature is " + std::to_string(signature.size()) +
                            " bytes, expected 64 (R || S)");
            auto der = rawEcdsaToDer(signature);
            if (!der) return fail("ES256 signature could not be converted for OpenSSL");
            signature = std::move(*der);
        }
        if (!verifySha256(key->key.get(), type == JwkType::Rsa, jws->signingInput, signature))
            return fail(alg + " signature verification failed with " + keyName);

        // Only now is the payload worth reading.
        auto claims = parseJoseObject(jws->payload, error);
        if (!claims) return fail("token payload " + error);
        error = checkClaims(*claims, expect, now);
        if (!error.empty()) return fail(error);

        IdTokenResult ok;
        ok.ok = true;
        ok.claims = std::move(*claims);
        return ok;
    } catch (const std::exception& e) {  // allocation failure, or a json type error missed above
        return fail(std::string("token could not be validated: ") + e.what());
    }
}

IdTokenResult IdTokenValidator::validateWithRefetch(std::string_view token, const JwksProvider& provider,
                                                    const Expectations& expect,
                                                    std::chrono::system_clock::time_point now) {
    if (!provider) return fail("no key set provider");
    std::optional<Jwks> jwks;
    try {
        jwks = provider(false);
    } catch (const std::exception& e) {
        return fail(std::string("key set could not be had: ") + e.what());
    }
    if (!jwks) return fail("key set could not be had");
    IdTokenResult result = validate(token, *jwks, expect, now);
    if (!result.unknownKey) return result;

    try {
        jwks = provider(true);
    } catch (const std::exception& e) {
        jwks.reset();
        result.error += "; key set refetch failed: " + std::string(e.what());
        return result;
    }
    if (!jwks) {
        result.error += "; key set refetch failed";
        return result;
    }
    result = validate(token, *jwks, expect, now);
    if (result.unknownKey) result.error += " (also after fetching the key set again)";
    return result;
}

}  // namespace kiosk
