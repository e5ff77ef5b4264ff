// Only the OpenSSL 3 APIs: a deprecated call does not compile here.
#define OPENSSL_API_COMPAT 30000
#define OPENSSL_NO_DEPRECATED

#include "JwtSigner.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <memory>
#include <stdexcept>
#include <utility>

#include "auth/Jwt.h"

namespace citysim {

namespace {

struct PkeyCtxFree { void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); } };
struct MdCtxFree { void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); } };
struct BnFree { void operator()(BIGNUM* p) const { BN_free(p); } };
struct BioFree { void operator()(BIO* p) const { BIO_free(p); } };
struct EcdsaSigFree { void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); } };
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using BnPtr = std::unique_ptr<BIGNUM, BnFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, EcdsaSigFree>;

[[noreturn]] void opensslFailed(const std::string& what) {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    std::string detail;
    if (code != 0) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        detail = std::string(": ") + buffer;
    }
    throw std::runtime_error("JwtSigner: " + what + detail);
}

const unsigned char* bytesOf(const std::string& s) { return reinterpret_cast<const unsigned char*>(s.data()); }

std::string bnBytes(const BIGNUM* bn, int width = 0) {
    const int size = width > 0 ? width : BN_num_bytes(bn);
    std::string out(static_cast<std::size_t>(size), '\0');
    if (BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), size) != size)
        opensslFailed("a number does not fit its field");
    return out;
}

BnPtr bnParam(EVP_PKEY* key, const char* name) {
    BIGNUM* bn = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &bn) != 1 || bn == nullptr) opensslFailed(std::string("no key parameter ") + name);
    return BnPtr(bn);
}

std::string signingInput(const nlohmann::json& header, const nlohmann::json& payload) {
    return kiosk::base64UrlEncode(header.dump()) + "." + kiosk::base64UrlEncode(payload.dump());
}

EVP_PKEY* generate(const char* type, int rsaBits) {
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1) opensslFailed(std::string("no ") + type + " key generation");
    if (rsaBits > 0) {
        if (EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), rsaBits) != 1) opensslFailed("RSA key size refused");
    } else {
        if (EVP_PKEY_CTX_set_group_name(ctx.get(), "P-256") != 1) opensslFailed("P-256 refused");
    }
    EVP_PKEY* key = nullptr;
    if (EVP_PKEY_generate(ctx.get(), &key) != 1 || key == nullptr) opensslFailed(std::string(type) + " key generation failed");
    return key;
}

}  // namespace

SigningKey::SigningKey(EVP_PKEY* key, std::string kid, bool rsa) : key_(key), kid_(std::move(kid)), rsa_(rsa) {}

SigningKey::SigningKey(SigningKey&& other) noexcept
    : key_(std::exchange(other.key_, nullptr)), kid_(std::move(other.kid_)), rsa_(other.rsa_) {}

SigningKey& SigningKey::operator=(SigningKey&& other) noexcept {
    if (this != &other) {
        EVP_PKEY_free(key_);
        key_ = std::exchange(other.key_, nullptr);
        kid_ = std::move(other.kid_);
        rsa_ = other.rsa_;
    }
    return *this;
}

SigningKey::~SigningKey() { EVP_PKEY_free(key_); }

SigningKey SigningKey::generateRsa(int bits, std::string kid) { return SigningKey(generate("RSA", bits), std::move(kid), true); }

SigningKey SigningKey::generateEc(std::string kid) { return SigningKey(generate("EC", 0), std::move(kid), false); }

std::string SigningKey::alg() const { return rsa_ ? "RS256" : "ES256"; }

nlohmann::json SigningKey::publicJwk() const {
    if (!key_) throw std::logic_error("JwtSigner: moved-from SigningKey");
    nlohmann::json jwk{{"alg", alg()}, {"use", "sig"}};
    if (!kid_.empty()) jwk["kid"] = kid_;
    if (rsa_) {
        jwk["kty"] = "RSA";
        jwk["n"] = kiosk::base64UrlEncode(bnBytes(bnParam(key_, OSSL_PKEY_PARAM_RSA_N).get()));
        jwk["e"] = kiosk::base64UrlEncode(bnBytes(bnParam(key_, OSSL_PKEY_PARAM_RSA_E).get()));
    } else {
        jwk["kty"] = "EC";
        jwk["crv"] = "P-256";
        jwk["x"] = kiosk::base64UrlEncode(bnBytes(bnParam(key_, OSSL_PKEY_PARAM_EC_PUB_X).get(), 32));
        jwk["y"] = kiosk::base64UrlEncode(bnBytes(bnParam(key_, OSSL_PKEY_PARAM_EC_PUB_Y).get(), 32));
    }
    return jwk;
}

std::string SigningKey::publicPem() const {
    if (!key_) throw std::logic_error("JwtSigner: moved-from SigningKey");
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key_) != 1) opensslFailed("PEM encoding failed");
    std::string pem(BIO_ctrl_pending(bio.get()), '\0');
    if (BIO_read(bio.get(), pem.data(), static_cast<int>(pem.size())) != static_cast<int>(pem.size()))
        opensslFailed("PEM read back failed");
    return pem;
}

std::string SigningKey::sign(const nlohmann::json& header, const nlohmann::json& payload) const {
    if (!key_) throw std::logic_error("JwtSigner: moved-from SigningKey");
    nlohmann::json h = header.is_object() ? header : nlohmann::json::object();
    if (!h.contains("alg")) h["alg"] = alg();
    if (!h.contains("kid") && !kid_.empty()) h["kid"] = kid_;
    const std::string input = signingInput(h, payload);

    MdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
    if (!ctx || EVP_DigestSignInit_ex(ctx.get(), &pctx, "SHA256", nullptr, nullptr, key_, nullptr) != 1)
        opensslFailed("signing set-up failed");
    if (rsa_ && EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1) opensslFailed("PKCS #1 padding refused");
    std::size_t length = 0;
    if (EVP_DigestSign(ctx.get(), nullptr, &length, bytesOf(input), input.size()) != 1) opensslFailed("signing failed");
    std::string signature(length, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, bytesOf(input),
                       input.size()) != 1)
        opensslFailed("signing failed");
    signature.resize(length);

    if (!rsa_) {  // DER ECDSA-Sig-Value -> JWS R || S
        const auto* der = bytesOf(signature);
        EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &der, static_cast<long>(signature.size())));
        if (!sig) opensslFailed("ECDSA signature not DER");
        const BIGNUM* r = nullptr;
        const BIGNUM* s = nullptr;
        ECDSA_SIG_get0(sig.get(), &r, &s);
        signature = bnBytes(r, 32) + bnBytes(s, 32);
    }
    return input + "." + kiosk::base64UrlEncode(signature);
}

std::string signHs256(const nlohmann::json& header, const nlohmann::json& payload, const std::string& secret) {
    nlohmann::json h = header.is_object() ? header : nlohmann::json::object();
    if (!h.contains("alg")) h["alg"] = "HS256";
    const std::string input = signingInput(h, payload);
    unsigned char mac[EVP_MAX_MD_SIZE];
    std::size_t length = 0;
    if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, secret.data(), secret.size(), bytesOf(input),
                  input.size(), mac, sizeof mac, &length) == nullptr)
        opensslFailed("HMAC-SHA256 failed");
    return input + "." + kiosk::base64UrlEncode(std::string(reinterpret_cast<const char*>(mac), length));
}

std::string unsignedToken(const nlohmann::json& payload) {
    return signingInput(nlohmann::json{{"alg", "none"}}, payload) + ".";
}

nlohmann::json jwksOf(const std::vector<const SigningKey*>& keys) {
    nlohmann::json list = nlohmann::json::array();
    for (const SigningKey* key : keys)
        if (key) list.push_back(key->publicJwk());
    return nlohmann::json{{"keys", std::move(list)}};
}

}  // namespace citysim
