// Only the OpenSSL 3 APIs: a deprecated call does not compile here.
#define OPENSSL_API_COMPAT 30000
#define OPENSSL_NO_DEPRECATED

#include "auth/Jwks.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <nlohmann/json.hpp>

#include "auth/Jwt.h"

namespace kiosk {

namespace {

constexpr int kMinRsaBits = 2048;
constexpr int kMaxRsaBits = 8192;
constexpr std::size_t kMaxRsaExponentBytes = 8;
constexpr std::size_t kP256CoordinateBytes = 32;

struct PkeyCtxFree { void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); } };
struct PkeyFree { void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); } };
struct BnFree { void operator()(BIGNUM* p) const { BN_free(p); } };
struct ParamBldFree { void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); } };
struct ParamFree { void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); } };
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
using BnPtr = std::unique_ptr<BIGNUM, BnFree>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, ParamFree>;

// Thrown inside this file only, to skip one key with a reason.
struct Skip {
    std::string reason;
};

const unsigned char* bytesOf(const std::string& s) { return reinterpret_cast<const unsigned char*>(s.data()); }

std::string stringMember(const nlohmann::json& key, const char* name, bool required) {
    const auto it = key.find(name);
    if (it == key.end()) {
        if (required) throw Skip{std::string("has no \"") + name + "\""};
        return {};
    }
    if (!it->is_string()) throw Skip{std::string("\"") + name + "\" is not a string"};
    return it->get<std::string>();
}

std::string decodedMember(const nlohmann::json& key, const char* name) {
    auto bytes = base64UrlDecode(stringMember(key, name, true));
    if (!bytes) throw Skip{std::string("\"") + name + "\" is not valid base64url"};
    if (bytes->empty()) throw Skip{std::string("\"") + name + "\" is empty"};
    return std::move(*bytes);
}

std::string stripLeadingZeros(std::string bytes) {
    const auto first = bytes.find_first_not_of('\0');
    return first == std::string::npos ? std::string() : bytes.substr(first);
}

// Builds a public key of `type` ("RSA" or "EC") from OSSL_PARAMs and runs OpenSSL's public key
// check on it (for EC: the point is on the curve and not the point at infinity).
std::shared_ptr<EVP_PKEY> keyFromParams(const char* type, OSSL_PARAM_BLD* bld) {
    ParamPtr params(OSSL_PARAM_BLD_to_param(bld));
    if (!params) throw Skip{"OpenSSL could not build the key parameters"};
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) throw Skip{"OpenSSL has no " + std::string(type) + " support"};
    EVP_PKEY* raw = nullptr;
    if (EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1 || raw == nullptr)
        throw Skip{"OpenSSL refused the key"};
    std::shared_ptr<EVP_PKEY> key(raw, PkeyFree{});
    PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
    if (!check || EVP_PKEY_public_check(check.get()) != 1) throw Skip{"the public key fails OpenSSL's check"};
    return key;
}

void loadRsa(const nlohmann::json& json, Jwk& jwk) {
    const std::string n = stripLeadingZeros(decodedMember(json, "n"));
    const std::string e = stripLeadingZeros(decodedMember(json, "e"));
    BnPtr bnN(BN_bin2bn(bytesOf(n), static_cast<int>(n.size()), nullptr));
    BnPtr bnE(BN_bin2bn(bytesOf(e), static_cast<int>(e.size()), nullptr));
    if (!bnN || !bnE) throw Skip{"OpenSSL could not hold the modulus or exponent"};
    const int bits = BN_num_bits(bnN.get());
    if (bits < kMinRsaBits)
        throw Skip{"RSA modulus is " + std::to_string(bits) + " bits, at least " + std::to_string(kMinRsaBits) +
                   " required"};
    if (bits > kMaxRsaBits)
        throw Skip{"RSA modulus is " + std::to_string(bits) + " bits, more than " + std::to_string(kMaxRsaBits)};
    if (!BN_is_odd(bnN.get())) throw Skip{"RSA modulus is even"};
    if (e.size() > kMaxRsaExponentBytes) throw Skip{"RSA exponent is longer than 64 bits"};
    if (!BN_is_odd(bnE.get()) || BN_is_one(bnE.get())) throw Skip{"RSA exponent is not an odd number >= 3"};

    ParamBldPtr bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bnN.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bnE.get()) != 1)
        throw Skip{"OpenSSL could not build the key parameters"};
    jwk.type = JwkType::Rsa;
    jwk.bits = bits;
    jwk.key = keyFromParams("RSA", bld.get());
}

void loadEc(const nlohmann::json& json, Jwk& jwk) {
    const std::string crv = stringMember(json, "crv", true);
    if (crv != "P-256") throw Skip{"curve \"" + crv + "\" is not supported (only P-256)"};
    const std::string x = decodedMember(json, "x");
    const std::string y = decodedMember(json, "y");
    if (x.size() != kP256CoordinateBytes || y.size() != kP256CoordinateBytes)
        throw Skip{"P-256 coordinates must be 32 bytes each, got " + std::to_string(x.size()) + " and " +
                   std::to_string(y.size())};
    const std::string point = std::string(1, '\x04') + x + y;  // SEC 1 uncompressed point
    ParamBldPtr bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1)
        throw Skip{"OpenSSL could not build the key parameters"};
    jwk.type = JwkType::EcP256;
    jwk.bits = 256;
    jwk.key = keyFromParams("EC", bld.get());
}

Jwk loadKey(const nlohmann::json& json) {
    if (!json.is_object()) throw Skip{"is not a JSON object"};
    Jwk jwk;
    jwk.kid = stringMember(json, "kid", false);
    const std::string kty = stringMember(json, "kty", true);
    jwk.use = stringMember(json, "use", false);
    if (!jwk.use.empty() && jwk.use != "sig") throw Skip{"\"use\" is \"" + jwk.use + "\", not \"sig\""};
    if (const auto ops = json.find("key_ops"); ops != json.end()) {
        bool verify = false;
        if (!ops->is_array()) throw Skip{"\"key_ops\" is not an array"};
        for (const auto& op : *ops) verify = verify || (op.is_string() && op.get<std::string>() == "verify");
        if (!verify) throw Skip{"\"key_ops\" does not allow \"verify\""};
    }
    jwk.alg = stringMember(json, "alg", false);
    if (kty != "RSA" && kty != "EC") throw Skip{"key type \"" + kty + "\" is not supported (only RSA and EC)"};
    // A public key set that carries a private key is a leaked key: nothing it signed is proof.
    for (const char* secret : {"d", "p", "q", "dp", "dq", "qi", "oth"})
        if (json.contains(secret)) throw Skip{std::string("publishes private key material (\"") + secret + "\")"};
    if (kty == "RSA")
        loadRsa(json, jwk);
    else
        loadEc(json, jwk);
    return jwk;
}

std::string describe(std::size_t index, const nlohmann::json& key) {
    std::string s = "keys[" + std::to_string(index) + "]";
    if (key.is_object()) {
        if (const auto kid = key.find("kid"); kid != key.end() && kid->is_string())
            s += " (kid \"" + kid->get<std::string>() + "\")";
    }
    return s;
}

}  // namespace

std::string_view toString(JwkType type) {
    switch (type) {
        case JwkType::Rsa: return "RSA";
        case JwkType::EcP256: return "EC P-256";
    }
    return "?";
}

std::optional<Jwks> Jwks::parse(const nlohmann::json& document, std::string& error) {
    if (!document.is_object()) {
        error = "JWKS is not a JSON object";
        return std::nullopt;
    }
    const auto keys = document.find("keys");
    if (keys == document.end() || !keys->is_array()) {
        error = "JWKS has no \"keys\" array";
        return std::nullopt;
    }
    Jwks set;
    for (std::size_t i = 0; i < keys->size(); ++i) {
        const nlohmann::json& json = (*keys)[i];
        try {
            Jwk jwk = loadKey(json);
            for (const Jwk& kept : set.keys_)
                if (kept.kid == jwk.kid && kept.type == jwk.type)
                    throw Skip{"another " + std::string(toString(jwk.type)) + " key has the same kid"};
            set.keys_.push_back(std::move(jwk));
        } catch (const Skip& skip) {
            set.skipped_.push_back(describe(i, json) + ": " + skip.reason);
        }
    }
    return set;
}

std::optional<Jwks> Jwks::parseText(std::string_view text, std::string& error) {
    std::string why;
    auto document = parseJoseObject(text, why);
    if (!document) {
        error = "JWKS " + why;
        return std::nullopt;
    }
    return parse(*document, error);
}

bool Jwks::hasKid(std::string_view kid) const {
    for (const Jwk& k : keys_)
        if (k.kid == kid) return true;
    return false;
}

const Jwk* Jwks::find(std::string_view kid, JwkType type) const {
    for (const Jwk& k : keys_)
        if (k.kid == kid && k.type == type) return &k;
    return nullptr;
}

const Jwk* Jwks::onlyKeyOfType(JwkType type, std::size_t* count) const {
    const Jwk* found = nullptr;
    std::size_t n = 0;
    for (const Jwk& k : keys_) {
        if (k.type != type) continue;
        found = &k;
        ++n;
    }
    if (count) *count = n;
    return n == 1 ? found : nullptr;
}

}  // namespace kiosk
