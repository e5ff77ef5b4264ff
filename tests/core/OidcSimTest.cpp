// The simulated VNeID (tests/city-sim/OidcProvider.h, VNEID-SIM.md) speaks OpenID Connect with
// the Device Authorization Grant (RFC 8628) the way a real provider would, and breaks ID tokens
// on demand. Checked over loopback HTTP with cpp-httplib's client; time moves through the
// provider's injected clock, never by sleeping.
#include <boost/test/unit_test.hpp>

#include <httplib.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "CitySimServer.h"
#include "OidcProvider.h"

using namespace std::chrono_literals;
using citysim::CitySimServer;
using citysim::OidcProvider;
using nlohmann::json;
using TokenFault = citysim::OidcProvider::TokenFault;

namespace {
constexpr const char* kDeviceGrant = "urn:ietf:params:oauth:grant-type:device_code";
constexpr const char* kClient = "ward-kiosk";

// --- base64url and JWS, decoded here independently of the code under test ---

std::optional<std::string> base64UrlDecode(std::string_view text) {
    static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (const char c : text) {
        const auto value = alphabet.find(c);
        if (value == std::string::npos) return std::nullopt;
        buffer = (buffer << 6) | static_cast<unsigned>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xffu);
        }
    }
    if (text.size() % 4 == 1) return std::nullopt;
    return out;
}

struct Jws {
    json header;
    json payload;
    std::string signingInput;
    std::string signature;  // decoded
};

Jws decodeJws(const std::string& token) {
    const auto first = token.find('.');
    const auto second = token.find('.', first + 1);
    BOOST_TEST_REQUIRE(first != std::string::npos);
    BOOST_TEST_REQUIRE(second != std::string::npos);
    BOOST_TEST_REQUIRE(token.find('.', second + 1) == std::string::npos);
    const auto header = base64UrlDecode(std::string_view(token).substr(0, first));
    const auto payload = base64UrlDecode(std::string_view(token).substr(first + 1, second - first - 1));
    const auto signature = base64UrlDecode(std::string_view(token).substr(second + 1));
    BOOST_TEST_REQUIRE(header.has_value());
    BOOST_TEST_REQUIRE(payload.has_value());
    BOOST_TEST_REQUIRE(signature.has_value());
    return {json::parse(*header), json::parse(*payload), token.substr(0, second), *signature};
}

// --- public keys from the JWKS, and signature checks, with OpenSSL directly ---

struct PkeyFree {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

Pkey keyFromJwk(const json& jwk) {
    std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> build(OSSL_PARAM_BLD_new(), OSSL_PARAM_BLD_free);
    std::unique_ptr<BIGNUM, decltype(&BN_free)> n(nullptr, BN_free), e(nullptr, BN_free);
    std::string point;     // these two are only read by OSSL_PARAM_BLD_to_param below
    char group[] = "prime256v1";
    const bool rsa = jwk.at("kty") == "RSA";
    if (rsa) {
        const auto nBytes = base64UrlDecode(jwk.at("n").get<std::string>());
        const auto eBytes = base64UrlDecode(jwk.at("e").get<std::string>());
        BOOST_TEST_REQUIRE((nBytes && eBytes));
        n.reset(BN_bin2bn(reinterpret_cast<const unsigned char*>(nBytes->data()), static_cast<int>(nBytes->size()), nullptr));
        e.reset(BN_bin2bn(reinterpret_cast<const unsigned char*>(eBytes->data()), static_cast<int>(eBytes->size()), nullptr));
        BOOST_TEST_REQUIRE(OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) == 1);
        BOOST_TEST_REQUIRE(OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) == 1);
    } else {
        const auto x = base64UrlDecode(jwk.at("x").get<std::string>());
        const auto y = base64UrlDecode(jwk.at("y").get<std::string>());
        BOOST_TEST_REQUIRE((x && y && x->size() == 32 && y->size() == 32));
        point = "\x04" + *x + *y;
        BOOST_TEST_REQUIRE(OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) == 1);
        BOOST_TEST_REQUIRE(OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) == 1);
    }
    std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(OSSL_PARAM_BLD_to_param(build.get()), OSSL_PARAM_free);
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, rsa ? "RSA" : "EC", nullptr), EVP_PKEY_CTX_free);
    BOOST_TEST_REQUIRE(EVP_PKEY_fromdata_init(ctx.get()) == 1);
    EVP_PKEY* key = nullptr;
    BOOST_TEST_REQUIRE(EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) == 1);
    return Pkey(key);
}

// RS256 or ES256 (raw R || S, RFC 7518 §3.4) over the signing input.
bool verifies(const Jws& jws, const json& jwk) {
    const Pkey key = keyFromJwk(jwk);
    std::string signature = jws.signature;
    if (jwk.at("kty") == "EC") {
        if (signature.size() != 64) return false;
        std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(ECDSA_SIG_new(), ECDSA_SIG_free);
        BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(signature.data()), 32, nullptr);
        BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(signature.data()) + 32, 32, nullptr);
        BOOST_TEST_REQUIRE(ECDSA_SIG_set0(sig.get(), r, s) == 1);
        unsigned char* der = nullptr;
        const int length = i2d_ECDSA_SIG(sig.get(), &der);
        BOOST_TEST_REQUIRE(length > 0);
        signature.assign(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
        OPENSSL_free(der);
    }
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    BOOST_TEST_REQUIRE(EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1);
    return EVP_DigestVerify(md.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                            reinterpret_cast<const unsigned char*>(jws.signingInput.data()), jws.signingInput.size()) == 1;
}

std::string publicPem(const json& jwk) {
    const Pkey key = keyFromJwk(jwk);
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    BOOST_TEST_REQUIRE(PEM_write_bio_PUBKEY(bio.get(), key.get()) == 1);
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(length));
}

std::string hmacSha256(const std::string& key, const std::string& data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    std::size_t length = 0;
    BOOST_TEST_REQUIRE(EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
                                 reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, sizeof out,
                                 &length) != nullptr);
    return std::string(reinterpret_cast<const char*>(out), length);
}

// --- the simulator, with a clock the test moves ---

std::string formEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string body;
    for (const auto& [name, value] : fields) {
        if (!body.empty()) body += '&';
        body += httplib::detail::encode_query_param(name) + "=" + httplib::detail::encode_query_param(value);
    }
    return body;
}

struct Answer {
    int status = 0;
    std::string contentType;
    std::string cacheControl;
    std::string wwwAuthenticate;
    std::string body;
    json object() const { return json::parse(body); }
    std::string error() const { return json::parse(body).value("error", ""); }
};

struct Sim {
    Sim() : server(options()) {
        server.start();
        client = std::make_unique<httplib::Client>("127.0.0.1", server.port());
        client->set_connection_timeout(5);
        client->set_read_timeout(10);
        oidc().setClock([this] { return base + std::chrono::milliseconds(offsetMs.load()); });
    }

    static CitySimServer::Options options() {
        CitySimServer::Options o;
        o.seed = std::make_shared<const std::vector<kiosk::DirectoryEntry>>();  // no directory data needed
        return o;
    }

    OidcProvider& oidc() { return server.oidc(); }
    void advance(std::chrono::milliseconds by) { offsetMs += by.count(); }

    static Answer answerOf(const httplib::Result& result) {
        BOOST_TEST_REQUIRE(static_cast<bool>(result));
        Answer answer;
        answer.status = result->status;
        answer.contentType = result->get_header_value("Content-Type");
        answer.cacheControl = result->get_header_value("Cache-Control");
        answer.wwwAuthenticate = result->get_header_value("WWW-Authenticate");
        answer.body = result->body;
        return answer;
    }
    Answer get(const std::string& path, const httplib::Headers& headers = {}) {
        return answerOf(client->Get(path.c_str(), headers));
    }
    Answer postBody(const std::string& path, const std::string& body,
                    const std::string& type = "application/x-www-form-urlencoded") {
        return answerOf(client->Post(path.c_str(), body, type.c_str()));
    }
    Answer post(const std::string& path, const std::vector<std::pair<std::string, std::string>>& fields) {
        return postBody(path, formEncode(fields));
    }

    json discovery() {
        const auto answer = get("/vneid/.well-known/openid-configuration");
        BOOST_TEST_REQUIRE(answer.status == 200);
        return answer.object();
    }
    json jwks() {
        const auto answer = get("/vneid/jwks");
        BOOST_TEST_REQUIRE(answer.status == 200);
        return answer.object();
    }
    json authorize(const std::string& clientId = kClient, const std::string& scope = "openid profile") {
        const auto answer = post("/vneid/device", {{"client_id", clientId}, {"scope", scope}});
        BOOST_TEST_REQUIRE(answer.status == 200, answer.body);
        return answer.object();
    }
    Answer poll(const std::string& deviceCode, const std::string& clientId = kClient) {
        return post("/vneid/token", {{"grant_type", kDeviceGrant}, {"device_code", deviceCode}, {"client_id", clientId}});
    }
    // A whole login: authorization, approval, tokens.
    json login() {
        const json code = authorize();
        BOOST_TEST_REQUIRE(oidc().approve(code.at("user_code").get<std::string>()));
        const auto answer = poll(code.at("device_code").get<std::string>());
        BOOST_TEST_REQUIRE(answer.status == 200, answer.body);
        return answer.object();
    }
    json keyWithKid(const std::string& kid) {
        const json set = jwks();
        for (const auto& key : set.at("keys"))
            if (key.at("kid") == kid) return key;
        BOOST_FAIL("no key with kid " + kid);
        return {};
    }

    const std::chrono::steady_clock::time_point base = std::chrono::steady_clock::now();
    std::atomic<std::int64_t> offsetMs{0};
    CitySimServer server;
    std::unique_ptr<httplib::Client> client;
};

// The current polling interval of a device code, in seconds (-1: unknown code).
long intervalOf(Sim& sim, const std::string& deviceCode) {
    const auto interval = sim.oidc().intervalOf(deviceCode);
    return interval ? static_cast<long>(interval->count()) : -1;
}

std::int64_t nowSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}
}  // namespace

BOOST_AUTO_TEST_SUITE(discovery_and_keys)

BOOST_AUTO_TEST_CASE(discovery_document_names_the_device_flow_endpoints) {
    Sim sim;
    const auto answer = sim.get("/vneid/.well-known/openid-configuration");
    BOOST_TEST(answer.status == 200);
    BOOST_TEST(answer.contentType == "application/json");
    const json doc = answer.object();
    const std::string issuer = sim.server.baseUrl() + "/vneid";
    BOOST_TEST(sim.oidc().issuer() == issuer);
    BOOST_TEST(doc.at("issuer") == issuer);
    BOOST_TEST(doc.at("device_authorization_endpoint") == issuer + "/device");
    BOOST_TEST(doc.at("token_endpoint") == issuer + "/token");
    BOOST_TEST(doc.at("jwks_uri") == issuer + "/jwks");
    BOOST_TEST(doc.at("revocation_endpoint") == issuer + "/revoke");
    BOOST_TEST(doc.at("grant_types_supported") == json({kDeviceGrant, "refresh_token"}));
    BOOST_TEST(doc.at("response_types_supported") == json({"code"}));
    BOOST_TEST(doc.at("subject_types_supported") == json({"public"}));
    BOOST_TEST(doc.at("id_token_signing_alg_values_supported") == json({"RS256", "ES256"}));
    BOOST_TEST(doc.at("scopes_supported") == json({"openid", "profile"}));
    BOOST_TEST(doc.at("token_endpoint_auth_methods_supported") == json({"none"}));
    std::set<std::string> claims;
    for (const auto& claim : doc.at("claims_supported")) claims.insert(claim.get<std::string>());
    for (const char* claim : {"sub", "iss", "aud", "name", "HoVaTen", "SoDinhDanh", "NgayThangNamSinh"})
        BOOST_TEST(claims.count(claim) == 1u, claim);
}

BOOST_AUTO_TEST_CASE(jwks_publishes_an_rsa_and_an_ec_key_and_rotation_replaces_them) {
    Sim sim;
    const json set = sim.jwks();
    BOOST_TEST_REQUIRE(set.at("keys").size() == 2u);
    const json rsa = sim.keyWithKid("rsa-1");
    BOOST_TEST(rsa.at("kty") == "RSA");
    BOOST_TEST(rsa.at("alg") == "RS256");
    BOOST_TEST(base64UrlDecode(rsa.at("n").get<std::string>())->size() == 256u);
    const json ec = sim.keyWithKid("ec-1");
    BOOST_TEST(ec.at("kty") == "EC");
    BOOST_TEST(ec.at("crv") == "P-256");
    BOOST_TEST(ec.at("alg") == "ES256");
    for (const auto& key : set.at("keys")) {
        BOOST_TEST(!key.contains("d"));  // never the private part
        BOOST_TEST(!key.contains("p"));
    }
    BOOST_TEST(sim.oidc().currentKid() == "rsa-1");

    sim.oidc().rotateKeys();
    std::set<std::string> kids;
    const json rotated = sim.jwks();
    for (const auto& key : rotated.at("keys")) kids.insert(key.at("kid").get<std::string>());
    BOOST_TEST((kids == std::set<std::string>{"rsa-2", "ec-2"}));
    BOOST_TEST(sim.oidc().currentKid() == "rsa-2");
    const auto token = decodeJws(sim.login().at("id_token").get<std::string>());
    BOOST_TEST(token.header.at("kid") == "rsa-2");
    BOOST_TEST(verifies(token, sim.keyWithKid("rsa-2")));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(device_authorization)

BOOST_AUTO_TEST_CASE(answer_has_the_rfc_8628_shape) {
    Sim sim;
    const auto answer = sim.post("/vneid/device", {{"client_id", kClient}, {"scope", "openid profile"}});
    BOOST_TEST_REQUIRE(answer.status == 200);
    BOOST_TEST(answer.contentType == "application/json");
    BOOST_TEST(answer.cacheControl == "no-store");
    const json code = answer.object();
    const std::string deviceCode = code.at("device_code").get<std::string>();
    BOOST_TEST(deviceCode.size() >= 43u);  // 32 random bytes, base64url
    BOOST_TEST(std::regex_match(deviceCode, std::regex("[A-Za-z0-9_-]+")));
    const std::string userCode = code.at("user_code").get<std::string>();
    BOOST_TEST(std::regex_match(userCode, std::regex("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}")), userCode);
    const std::string issuer = sim.oidc().issuer();
    BOOST_TEST(code.at("verification_uri") == issuer + "/phone");
    BOOST_TEST(code.at("verification_uri_complete") == issuer + "/phone?user_code=" + userCode);
    BOOST_TEST(code.at("expires_in") == 600);
    BOOST_TEST(code.at("interval") == 5);

    const json other = sim.authorize();
    BOOST_TEST(other.at("device_code") != code.at("device_code"));
    BOOST_TEST(other.at("user_code") != code.at("user_code"));
    BOOST_TEST((sim.oidc().pendingUserCodes() == std::vector<std::string>{userCode, other.at("user_code").get<std::string>()}));
}

BOOST_AUTO_TEST_CASE(unknown_clients_bad_scopes_and_bad_requests_are_refused) {
    Sim sim;
    auto check = [&sim](const Answer& answer, int status, const std::string& error) {
        BOOST_TEST(answer.status == status, answer.body);
        BOOST_TEST(answer.contentType == "application/json");
        BOOST_TEST(answer.error() == error);
        BOOST_TEST(!answer.object().value("error_description", "").empty());
    };
    check(sim.post("/vneid/device", {{"client_id", "rogue-kiosk"}, {"scope", "openid"}}), 401, "invalid_client");
    check(sim.post("/vneid/device", {{"scope", "openid"}}), 401, "invalid_client");
    check(sim.post("/vneid/device", {{"client_id", kClient}, {"scope", "profile"}}), 400, "invalid_scope");
    check(sim.post("/vneid/device", {{"client_id", kClient}}), 400, "invalid_scope");
    check(sim.post("/vneid/device", {{"client_id", kClient}, {"scope", "openid email"}}), 400, "invalid_scope");
    check(sim.postBody("/vneid/device", "client_id=ward-kiosk&scope=openid&scope=openid"), 400, "invalid_request");
    check(sim.postBody("/vneid/device", R"({"client_id":"ward-kiosk"})", "application/json"), 400, "invalid_request");
    BOOST_TEST(sim.oidc().pendingUserCodes().empty());

    sim.oidc().setAllowedClients({"kiosk-a", "kiosk-b"});
    check(sim.post("/vneid/device", {{"client_id", kClient}, {"scope", "openid"}}), 401, "invalid_client");
    BOOST_TEST(sim.authorize("kiosk-b", "openid").contains("device_code"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(token_polling)

BOOST_AUTO_TEST_CASE(pending_then_approved_gives_tokens_with_the_citizen_claims) {
    Sim sim;
    const json code = sim.authorize();
    const std::string deviceCode = code.at("device_code").get<std::string>();
    const std::string userCode = code.at("user_code").get<std::string>();

    const auto pending = sim.poll(deviceCode);
    BOOST_TEST(pending.status == 400);
    BOOST_TEST(pending.error() == "authorization_pending");
    BOOST_TEST(pending.cacheControl == "no-store");

    sim.advance(5s);
    std::string typed = userCode.substr(0, 4) + userCode.substr(5);  // no dash, lower case
    for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    BOOST_TEST(sim.oidc().approve(typed));
    BOOST_TEST(sim.oidc().pendingUserCodes().empty());
    const auto answer = sim.poll(deviceCode);
    BOOST_TEST_REQUIRE(answer.status == 200, answer.body);
    BOOST_TEST(answer.contentType == "application/json");
    BOOST_TEST(answer.cacheControl == "no-store");
    const json tokens = answer.object();
    BOOST_TEST(tokens.at("token_type") == "Bearer");
    BOOST_TEST(tokens.at("expires_in") == 300);
    BOOST_TEST(tokens.at("scope") == "openid profile");
    BOOST_TEST(!tokens.at("access_token").get<std::string>().empty());
    BOOST_TEST(!tokens.at("refresh_token").get<std::string>().empty());

    const auto id = decodeJws(tokens.at("id_token").get<std::string>());
    BOOST_TEST(id.header.at("alg") == "RS256");
    BOOST_TEST(id.header.at("kid") == "rsa-1");
    BOOST_TEST(id.header.at("typ") == "JWT");
    BOOST_TEST(verifies(id, sim.keyWithKid("rsa-1")));
    const json& claims = id.payload;
    BOOST_TEST(claims.at("iss") == sim.oidc().issuer());
    BOOST_TEST(claims.at("aud") == kClient);
    BOOST_TEST(claims.at("azp") == kClient);
    BOOST_TEST(claims.at("sub").get<std::string>().size() >= 16u);
    BOOST_TEST(claims.at("sub").get<std::string>().find("079056000123") == std::string::npos);
    const auto iat = claims.at("iat").get<std::int64_t>();
    BOOST_TEST(std::abs(iat - nowSeconds()) <= 60);
    BOOST_TEST(claims.at("exp").get<std::int64_t>() == iat + 300);
    BOOST_TEST(std::abs(claims.at("auth_time").get<std::int64_t>() - iat) <= 60);
    BOOST_TEST(claims.at("HoVaTen") == "Nguyễn Văn Thử");
    BOOST_TEST(claims.at("name") == "Nguyễn Văn Thử");
    BOOST_TEST(claims.at("SoDinhDanh") == "079056000123");
    BOOST_TEST(claims.at("NgayThangNamSinh") == "1956-03-08");

    // The device code is used up.
    sim.advance(5s);
    const auto again = sim.poll(deviceCode);
    BOOST_TEST(again.status == 400);
    BOOST_TEST(again.error() == "invalid_grant");
    BOOST_TEST(sim.oidc().tokenPolls(deviceCode) == 3);
    BOOST_TEST(sim.oidc().tokenPolls() == 3);

    // The same citizen gets the same subject at the next login; another citizen another one.
    const auto second = decodeJws(sim.login().at("id_token").get<std::string>());
    BOOST_TEST(second.payload.at("sub") == claims.at("sub"));
    sim.oidc().setCitizen("Trần Thị Mẫu", "079199000456", "1999-12-31");
    const auto third = decodeJws(sim.login().at("id_token").get<std::string>());
    BOOST_TEST(third.payload.at("sub") != claims.at("sub"));
    BOOST_TEST(third.payload.at("HoVaTen") == "Trần Thị Mẫu");
    BOOST_TEST(third.payload.at("SoDinhDanh") == "079199000456");
    BOOST_TEST(third.payload.at("NgayThangNamSinh") == "1999-12-31");
}

BOOST_AUTO_TEST_CASE(openid_scope_alone_gives_no_profile_claims) {
    Sim sim;
    const json code = sim.authorize(kClient, "openid");
    BOOST_TEST_REQUIRE(sim.oidc().approve(code.at("user_code").get<std::string>()));
    const auto answer = sim.poll(code.at("device_code").get<std::string>());
    BOOST_TEST_REQUIRE(answer.status == 200);
    BOOST_TEST(answer.object().at("scope") == "openid");
    const auto id = decodeJws(answer.object().at("id_token").get<std::string>());
    BOOST_TEST(id.payload.contains("sub"));
    BOOST_TEST(!id.payload.contains("HoVaTen"));
    BOOST_TEST(!id.payload.contains("SoDinhDanh"));
}

BOOST_AUTO_TEST_CASE(polling_too_fast_slows_down_and_the_interval_grows_by_five) {
    Sim sim;
    const std::string deviceCode = sim.authorize().at("device_code").get<std::string>();
    BOOST_TEST(sim.poll(deviceCode).error() == "authorization_pending");
    sim.advance(5s);  // exactly the interval: fine
    BOOST_TEST(sim.poll(deviceCode).error() == "authorization_pending");
    sim.advance(4999ms);
    const auto fast = sim.poll(deviceCode);
    BOOST_TEST(fast.status == 400);
    BOOST_TEST(fast.error() == "slow_down");
    BOOST_TEST(intervalOf(sim, deviceCode) == 10);
    sim.advance(9s);  // the old interval is no longer enough
    BOOST_TEST(sim.poll(deviceCode).error() == "slow_down");
    BOOST_TEST(intervalOf(sim, deviceCode) == 15);
    sim.advance(15s);  // the grown interval is kept
    BOOST_TEST(sim.poll(deviceCode).error() == "authorization_pending");
    sim.advance(15s);
    BOOST_TEST(sim.poll(deviceCode).error() == "authorization_pending");
    BOOST_TEST(intervalOf(sim, deviceCode) == 15);
    // Another device code has its own interval.
    const std::string other = sim.authorize().at("device_code").get<std::string>();
    BOOST_TEST(intervalOf(sim, other) == 5);
}

BOOST_AUTO_TEST_CASE(denial_gives_access_denied) {
    Sim sim;
    const json code = sim.authorize();
    const std::string deviceCode = code.at("device_code").get<std::string>();
    BOOST_TEST(sim.oidc().deny(code.at("user_code").get<std::string>()));
    BOOST_TEST(!sim.oidc().approve(code.at("user_code").get<std::string>()));  // too late
    BOOST_TEST(sim.oidc().pendingUserCodes().empty());
    const auto answer = sim.poll(deviceCode);
    BOOST_TEST(answer.status == 400);
    BOOST_TEST(answer.error() == "access_denied");
    sim.advance(5s);
    BOOST_TEST(sim.poll(deviceCode).error() == "access_denied");
}

BOOST_AUTO_TEST_CASE(expiry_gives_expired_token) {
    Sim sim;
    sim.oidc().setTiming(60s, 2s);
    const json code = sim.authorize();
    BOOST_TEST(code.at("expires_in") == 60);
    BOOST_TEST(code.at("interval") == 2);
    const std::string deviceCode = code.at("device_code").get<std::string>();
    BOOST_TEST(sim.poll(deviceCode).error() == "authorization_pending");
    sim.advance(59s);
    BOOST_TEST(sim.poll(deviceCode).error() == "authorization_pending");
    sim.advance(1s);
    const auto answer = sim.poll(deviceCode);
    BOOST_TEST(answer.status == 400);
    BOOST_TEST(answer.error() == "expired_token");
    BOOST_TEST(!sim.oidc().approve(code.at("user_code").get<std::string>()));
    BOOST_TEST(sim.oidc().pendingUserCodes().empty());
    const auto page = sim.get("/vneid/phone?user_code=" + code.at("user_code").get<std::string>());
    BOOST_TEST(page.body.find("hết hạn") != std::string::npos);
    BOOST_CHECK_THROW(sim.oidc().setTiming(0s, 5s), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(bad_token_requests_get_the_rfc_errors) {
    Sim sim;
    sim.oidc().setAllowedClients({kClient, "other-kiosk"});
    const std::string deviceCode = sim.authorize().at("device_code").get<std::string>();
    auto check = [](const Answer& answer, int status, const std::string& error) {
        BOOST_TEST(answer.status == status, answer.body);
        BOOST_TEST(answer.error() == error);
    };
    check(sim.poll("no-such-device-code"), 400, "invalid_grant");
    check(sim.poll(deviceCode, "other-kiosk"), 401, "invalid_client");
    check(sim.poll(deviceCode, "rogue-kiosk"), 401, "invalid_client");
    check(sim.post("/vneid/token", {{"grant_type", kDeviceGrant}, {"device_code", deviceCode}}), 401, "invalid_client");
    check(sim.post("/vneid/token", {{"grant_type", kDeviceGrant}, {"client_id", kClient}}), 400, "invalid_request");
    check(sim.post("/vneid/token", {{"grant_type", "password"}, {"client_id", kClient}}), 400, "unsupported_grant_type");
    check(sim.post("/vneid/token", {{"grant_type", "authorization_code"}, {"client_id", kClient}}), 400,
          "unsupported_grant_type");
    check(sim.post("/vneid/token", {{"device_code", deviceCode}, {"client_id", kClient}}), 400, "invalid_request");
    // None of these counted as a poll of the right client: the first real poll is not too fast.
    check(sim.poll(deviceCode), 400, "authorization_pending");
}

BOOST_AUTO_TEST_CASE(auto_approval_happens_the_set_time_after_authorization) {
    Sim sim;
    sim.oidc().setAutoApproveAfter(1500ms);
    const json code = sim.authorize();
    const std::string deviceCode = code.at("device_code").get<std::string>();
    BOOST_TEST(sim.poll(deviceCode).error() == "authorization_pending");
    sim.advance(1499ms);
    BOOST_TEST((sim.oidc().pendingUserCodes() == std::vector<std::string>{code.at("user_code").get<std::string>()}));
    sim.advance(1ms);
    BOOST_TEST(sim.oidc().pendingUserCodes().empty());
    sim.advance(5s);
    const auto answer = sim.poll(deviceCode);
    BOOST_TEST_REQUIRE(answer.status == 200, answer.body);
    BOOST_TEST(decodeJws(answer.object().at("id_token").get<std::string>()).payload.at("HoVaTen") == "Nguyễn Văn Thử");

    // Off again: the next login waits for the resident.
    sim.oidc().setAutoApproveAfter(std::nullopt);
    const std::string next = sim.authorize().at("device_code").get<std::string>();
    sim.advance(60s);
    BOOST_TEST(sim.poll(next).error() == "authorization_pending");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(revocation_and_refresh)

BOOST_AUTO_TEST_CASE(revoked_tokens_are_remembered_and_refused) {
    Sim sim;
    const json tokens = sim.login();
    const std::string access = tokens.at("access_token").get<std::string>();
    const std::string refresh = tokens.at("refresh_token").get<std::string>();
    BOOST_TEST(!sim.oidc().isRevoked(access));

    const auto info = sim.get("/vneid/userinfo", {{"Authorization", "Bearer " + access}});
    BOOST_TEST_REQUIRE(info.status == 200, info.body);
    BOOST_TEST(info.object().at("HoVaTen") == "Nguyễn Văn Thử");

    const auto revoked = sim.post("/vneid/revoke", {{"token", access}, {"token_type_hint", "access_token"}, {"client_id", kClient}});
    BOOST_TEST(revoked.status == 200);
    BOOST_TEST(revoked.contentType == "application/json");
    BOOST_TEST(sim.oidc().isRevoked(access));
    BOOST_TEST(!sim.oidc().isRevoked(refresh));
    const auto refused = sim.get("/vneid/userinfo", {{"Authorization", "Bearer " + access}});
    BOOST_TEST(refused.status == 401);
    BOOST_TEST(refused.wwwAuthenticate.find("invalid_token") != std::string::npos);

    // Unknown tokens and a wrong hint: still 200.
    BOOST_TEST(sim.post("/vneid/revoke", {{"token", "never-issued"}, {"client_id", kClient}}).status == 200);
    BOOST_TEST(!sim.oidc().isRevoked("never-issued"));
    BOOST_TEST(sim.post("/vneid/revoke", {{"client_id", kClient}}).error() == "invalid_request");
    BOOST_TEST(sim.post("/vneid/revoke", {{"token", refresh}, {"client_id", "rogue"}}).status == 401);

    // The refresh token still works, until it is revoked; then its access tokens go with it.
    const auto renewed = sim.post("/vneid/token", {{"grant_type", "refresh_token"}, {"refresh_token", refresh}, {"client_id", kClient}});
    BOOST_TEST_REQUIRE(renewed.status == 200, renewed.body);
    const std::string access2 = renewed.object().at("access_token").get<std::string>();
    BOOST_TEST(access2 != access);
    BOOST_TEST(decodeJws(renewed.object().at("id_token").get<std::string>()).payload.at("aud") == kClient);
    BOOST_TEST(sim.post("/vneid/revoke", {{"token", refresh}, {"token_type_hint", "access_token"}, {"client_id", kClient}}).status == 200);
    BOOST_TEST(sim.oidc().isRevoked(refresh));
    BOOST_TEST(sim.oidc().isRevoked(access2));
    const auto again = sim.post("/vneid/token", {{"grant_type", "refresh_token"}, {"refresh_token", refresh}, {"client_id", kClient}});
    BOOST_TEST(again.status == 400);
    BOOST_TEST(again.error() == "invalid_grant");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(phone_page)

BOOST_AUTO_TEST_CASE(page_shows_the_code_and_the_kiosk_and_approval_works) {
    Sim sim;
    const json code = sim.authorize();
    const std::string userCode = code.at("user_code").get<std::string>();
    const auto page = sim.get("/vneid/phone?user_code=" + userCode);
    BOOST_TEST(page.status == 200);
    BOOST_TEST(page.contentType == "text/html; charset=utf-8");
    BOOST_TEST(page.body.find(userCode) != std::string::npos);
    BOOST_TEST(page.body.find("Xác nhận") != std::string::npos);
    BOOST_TEST(page.body.find("Từ chối") != std::string::npos);
    BOOST_TEST(page.body.find(kClient) != std::string::npos);
    BOOST_TEST(page.body.find("Mô phỏng VNeID — công dân thử nghiệm, dữ liệu giả") != std::string::npos);
    BOOST_TEST(page.body.find("079056000123") == std::string::npos);  // the ID is not shown on the page
    // Lower case and no dash find the same authorization.
    std::string typed = userCode.substr(0, 4) + userCode.substr(5);
    for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    BOOST_TEST(sim.get("/vneid/phone?user_code=" + typed).body.find("Xác nhận") != std::string::npos);

    const auto done = sim.post("/vneid/phone", {{"user_code", typed}, {"decision", "approve"}});
    BOOST_TEST(done.status == 200);
    BOOST_TEST(done.body.find("Đã xác nhận") != std::string::npos);
    const auto tokens = sim.poll(code.at("device_code").get<std::string>());
    BOOST_TEST(tokens.status == 200, tokens.body);
    // A second decision on the same code is refused.
    const auto twice = sim.post("/vneid/phone", {{"user_code", userCode}, {"decision", "deny"}});
    BOOST_TEST(twice.status == 400);
}

BOOST_AUTO_TEST_CASE(deny_on_the_page_and_forms_for_missing_or_unknown_codes) {
    Sim sim;
    const json code = sim.authorize();
    const auto denied = sim.post("/vneid/phone", {{"user_code", code.at("user_code").get<std::string>()}, {"decision", "deny"}});
    BOOST_TEST(denied.status == 200);
    BOOST_TEST(denied.body.find("Đã từ chối") != std::string::npos);
    BOOST_TEST(sim.poll(code.at("device_code").get<std::string>()).error() == "access_denied");

    const auto empty = sim.get("/vneid/phone");
    BOOST_TEST(empty.status == 200);
    BOOST_TEST(empty.body.find("name=\"user_code\"") != std::string::npos);
    BOOST_TEST(empty.body.find("Mô phỏng VNeID") != std::string::npos);
    const auto unknown = sim.get("/vneid/phone?user_code=ZZZZ-ZZZZ");
    BOOST_TEST(unknown.body.find("không đúng") != std::string::npos);
    BOOST_TEST(unknown.body.find("name=\"user_code\"") != std::string::npos);
    const auto hostile = sim.get("/vneid/phone?user_code=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    BOOST_TEST(hostile.body.find("<script>") == std::string::npos);
    BOOST_TEST(hostile.body.find("&lt;script&gt;") != std::string::npos);
    BOOST_TEST(sim.post("/vneid/phone", {{"user_code", "ZZZZ-ZZZZ"}, {"decision", "maybe"}}).status == 400);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(token_faults)

BOOST_AUTO_TEST_CASE(es256_tokens_verify_with_the_ec_key) {
    Sim sim;
    sim.oidc().setSigningAlg("ES256");
    const auto id = decodeJws(sim.login().at("id_token").get<std::string>());
    BOOST_TEST(id.header.at("alg") == "ES256");
    BOOST_TEST(id.header.at("kid") == "ec-1");
    BOOST_TEST(id.signature.size() == 64u);
    BOOST_TEST(verifies(id, sim.keyWithKid("ec-1")));
    BOOST_CHECK_THROW(sim.oidc().setSigningAlg("HS256"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(each_fault_puts_its_defect_and_only_it_into_the_token) {
    Sim sim;
    const std::string issuer = sim.oidc().issuer();
    const json rsa = sim.keyWithKid("rsa-1");
    auto tokenWith = [&sim](TokenFault fault) {
        sim.oidc().setTokenFault(fault);
        return decodeJws(sim.login().at("id_token").get<std::string>());
    };

    auto none = tokenWith(TokenFault::AlgNone);
    BOOST_TEST(none.header.at("alg") == "none");
    BOOST_TEST(none.signature.empty());
    BOOST_TEST(none.payload.at("iss") == issuer);

    auto hs = tokenWith(TokenFault::Hs256WithPublicKey);
    BOOST_TEST(hs.header.at("alg") == "HS256");
    BOOST_TEST(hs.header.at("kid") == "rsa-1");
    BOOST_TEST((hs.signature == hmacSha256(publicPem(rsa), hs.signingInput)));

    auto issuerFault = tokenWith(TokenFault::WrongIssuer);
    BOOST_TEST(issuerFault.payload.at("iss") != issuer);
    BOOST_TEST(issuerFault.payload.at("aud") == kClient);
    BOOST_TEST(verifies(issuerFault, rsa));

    auto audience = tokenWith(TokenFault::WrongAudience);
    BOOST_TEST(audience.payload.at("aud") != kClient);
    BOOST_TEST(audience.payload.at("iss") == issuer);
    BOOST_TEST(verifies(audience, rsa));

    auto extra = tokenWith(TokenFault::ExtraAudience);
    BOOST_TEST_REQUIRE(extra.payload.at("aud").is_array());
    BOOST_TEST(extra.payload.at("aud").size() == 2u);
    BOOST_TEST(extra.payload.at("aud")[0] == kClient);
    BOOST_TEST(extra.payload.at("azp") == kClient);
    BOOST_TEST(verifies(extra, rsa));

    auto expired = tokenWith(TokenFault::Expired);
    BOOST_TEST(expired.payload.at("exp").get<std::int64_t>() < nowSeconds() - 600);
    BOOST_TEST(expired.payload.at("iat").get<std::int64_t>() < expired.payload.at("exp").get<std::int64_t>());
    BOOST_TEST(verifies(expired, rsa));

    auto flipped = tokenWith(TokenFault::FlippedSignature);
    BOOST_TEST(flipped.header.at("alg") == "RS256");
    BOOST_TEST(flipped.header.at("kid") == "rsa-1");
    BOOST_TEST(flipped.signature.size() == 256u);
    BOOST_TEST(!verifies(flipped, rsa));

    auto unknown = tokenWith(TokenFault::UnknownKid);
    const std::string kid = unknown.header.at("kid").get<std::string>();
    BOOST_TEST(kid != "rsa-1");
    const json published = sim.jwks();
    for (const auto& key : published.at("keys")) BOOST_TEST(key.at("kid") != kid);
    BOOST_TEST(verifies(unknown, rsa));  // a good signature, by a key the JWKS does not name

    sim.oidc().setSigningAlg("ES256");
    auto flippedEc = tokenWith(TokenFault::FlippedSignature);
    BOOST_TEST(flippedEc.header.at("alg") == "ES256");
    BOOST_TEST(!verifies(flippedEc, sim.keyWithKid("ec-1")));

    auto good = tokenWith(TokenFault::None);
    BOOST_TEST(verifies(good, sim.keyWithKid("ec-1")));
    BOOST_TEST(good.payload.at("iss") == issuer);
    BOOST_TEST(good.payload.at("aud") == kClient);
}

BOOST_AUTO_TEST_SUITE_END()
