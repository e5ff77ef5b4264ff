// ID token validation (OIDC Core §3.1.3.7) against tokens minted by citysim's JwtSigner: the
// good ones pass with their claims, every forgery and every broken rule fails with an error
// that names what was wrong.
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "JwtSigner.h"
#include "auth/IdTokenValidator.h"
#include "auth/Jwks.h"
#include "auth/Jwt.h"

using namespace kiosk;
using citysim::SigningKey;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const std::string kIssuer = "https://sso.vneid.example/realms/citizen";
const std::string kClient = "ward-kiosk-27343";
const std::chrono::system_clock::time_point kNow{std::chrono::seconds(1'800'000'000)};
constexpr long long kNowS = 1'800'000'000;

// Generated once for the whole module: RSA key generation is the slow part.
struct Keys {
    SigningKey rsa = SigningKey::generateRsa(2048, "rsa-1");
    SigningKey ec = SigningKey::generateEc("ec-1");
    SigningKey ecRotated = SigningKey::generateEc("ec-2");
    SigningKey ecNoKid = SigningKey::generateEc("");
    SigningKey rsaWeak = SigningKey::generateRsa(1024, "rsa-weak");
};
const Keys& keys() {
    static const Keys k;
    return k;
}

json claims() {
    return json{{"iss", kIssuer}, {"aud", kClient}, {"sub", "079201001234"}, {"exp", kNowS + 600},
                {"iat", kNowS - 5}, {"name", "Nguyễn Văn An"}};
}

IdTokenValidator::Expectations expect() {
    IdTokenValidator::Expectations e;
    e.issuer = kIssuer;
    e.clientId = kClient;
    return e;
}

Jwks jwksFrom(const json& document) {
    std::string error;
    auto set = Jwks::parse(document, error);
    BOOST_REQUIRE_MESSAGE(set.has_value(), error);
    return std::move(*set);
}

const Jwks& publishedKeys() {
    static const Jwks set = jwksFrom(citysim::jwksOf({&keys().rsa, &keys().ec}));
    return set;
}

std::string rs256(const json& payload, const json& header = json::object()) { return keys().rsa.sign(header, payload); }
std::string es256(const json& payload, const json& header = json::object()) { return keys().ec.sign(header, payload); }

// The three dot-separated parts of a token.
std::vector<std::string> partsOf(const std::string& token) {
    const auto a = token.find('.');
    const auto b = token.find('.', a + 1);
    return {token.substr(0, a), token.substr(a + 1, b - a - 1), token.substr(b + 1)};
}
std::string join(const std::vector<std::string>& p) { return p[0] + "." + p[1] + "." + p[2]; }

// Decodes part `index`, lets `change` edit the bytes, and encodes it back (validly).
template <typename F>
std::string editPart(const std::string& token, std::size_t index, F change) {
    auto p = partsOf(token);
    auto bytes = base64UrlDecode(p[index]);
    BOOST_REQUIRE(bytes.has_value());
    change(*bytes);
    p[index] = base64UrlEncode(*bytes);
    return join(p);
}

IdTokenResult check(const std::string& token, const IdTokenValidator::Expectations& e = expect(),
                    const Jwks& set = publishedKeys()) {
    return IdTokenValidator::validate(token, set, e, kNow);
}

void accepted(const std::string& token, const IdTokenValidator::Expectations& e = expect(),
              const Jwks& set = publishedKeys()) {
    const auto r = check(token, e, set);
    BOOST_TEST(r.ok, "expected acceptance, got: " << r.error);
    BOOST_TEST(r.error.empty());
    BOOST_TEST(!r.unknownKey);
}

void rejected(const std::string& token, const std::string& expectedError,
              const IdTokenValidator::Expectations& e = expect(), const Jwks& set = publishedKeys()) {
    const auto r = check(token, e, set);
    BOOST_TEST(!r.ok, "expected rejection with \"" << expectedError << "\", but the token was accepted");
    BOOST_TEST(r.error.find(expectedError) != std::string::npos,
               "expected an error containing \"" << expectedError << "\", got \"" << r.error << "\"");
    BOOST_TEST(r.claims.is_null(), "claims must not be handed out for a rejected token");
}

}  // namespace

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(base64url_and_jws)

BOOST_AUTO_TEST_CASE(base64url_round_trips_and_is_strict) {
    for (const std::string s : {"", "A", "AB", "ABC", "ABCD", "\xff\xfe\x00\x01", "Phường Sài Gòn"}) {
        const auto encoded = base64UrlEncode(s);
        BOOST_TEST(encoded.find('=') == std::string::npos);
        const auto back = base64UrlDecode(encoded);
        BOOST_TEST((back && *back == s), "round trip of " << encoded);
    }
    BOOST_TEST(base64UrlEncode("\xfb\xff") == "-_8");
    BOOST_TEST(*base64UrlDecode("QQ") == "A");
    BOOST_TEST(!base64UrlDecode("QQ=="));  // padding
    BOOST_TEST(!base64UrlDecode("QQ="));
    BOOST_TEST(!base64UrlDecode("Q"));     // 6 bits cannot come from an encoder
    BOOST_TEST(!base64UrlDecode("QR"));    // non-zero unused bits: a second spelling of "A"
    BOOST_TEST(!base64UrlDecode("+/8"));   // plain base64 alphabet
    BOOST_TEST(!base64UrlDecode("QU JD"));
    BOOST_TEST(!base64UrlDecode("QUJD\n"));
    BOOST_TEST(!base64UrlDecode(std::string("QU\0D", 4)));
}

BOOST_AUTO_TEST_CASE(jose_json_is_strict) {
    std::string error;
    BOOST_TEST(parseJoseObject(R"({"a":1,"b":{"a":2}})", error).has_value(), error);
    BOOST_TEST(!parseJoseObject(R"({"sub":"a","sub":"b"})", error));
    BOOST_TEST(error.find("\"sub\" twice") != std::string::npos, error);
    BOOST_TEST(!parseJoseObject(R"(["not","an","object"])", error));
    BOOST_TEST(error == "is not a JSON object");
    BOOST_TEST(!parseJoseObject(R"({"a":)", error));
    BOOST_TEST(error == "is not valid JSON (malformed JSON: it ends at byte 5, before the value is complete)");
    BOOST_TEST(!parseJoseObject(R"({"a":1}x)", error));
    BOOST_TEST(error == "is not valid JSON (malformed JSON at byte 8 of 8)");
    BOOST_TEST(!parseJoseObject(std::string(40, '[') + std::string(40, ']'), error));
    BOOST_TEST(error == "nests deeper than 32 levels");
    // A duplicate deep inside counts too, and the same name in sibling objects does not.
    BOOST_TEST(parseJoseObject(R"({"a":{"x":1},"b":{"x":2}})", error).has_value(), error);
    BOOST_TEST(!parseJoseObject(R"({"a":[{"x":1,"x":2}]})", error));
    BOOST_TEST(error == "has the member \"x\" twice");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(accepted_tokens)

BOOST_AUTO_TEST_CASE(valid_rs256_token_is_accepted_with_its_claims) {
    const auto r = check(rs256(claims()));
    BOOST_TEST(r.ok, r.error);
    BOOST_TEST(r.claims.value("sub", "") == "079201001234");
    BOOST_TEST(r.claims.value("name", "") == "Nguyễn Văn An");
    BOOST_TEST(r.claims.value("iss", "") == kIssuer);
}

BOOST_AUTO_TEST_CASE(valid_es256_token_is_accepted_with_its_claims) {
    const auto r = check(es256(claims()));
    BOOST_TEST(r.ok, r.error);
    BOOST_TEST(r.claims.value("sub", "") == "079201001234");
}

BOOST_AUTO_TEST_CASE(aud_as_array_with_only_the_client_and_azp) {
    auto c = claims();
    c["aud"] = json::array({kClient});
    accepted(rs256(c));
    c["azp"] = kClient;
    accepted(rs256(c));
}

BOOST_AUTO_TEST_CASE(nonce_is_checked_when_one_was_sent) {
    auto e = expect();
    e.nonce = "n-0S6_WzA2Mj";
    auto c = claims();
    c["nonce"] = "n-0S6_WzA2Mj";
    accepted(rs256(c), e);
    c["nonce"] = "n-other";
    rejected(rs256(c), "nonce does not match", e);
    c.erase("nonce");
    rejected(rs256(c), "token has no \"nonce\"", e);
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(algorithms)

BOOST_AUTO_TEST_CASE(alg_none_is_rejected) {
    rejected(citysim::unsignedToken(claims()), "alg \"none\" (an unsigned token) is never accepted");
    auto e = expect();
    e.allowedAlgs.insert("none");  // configuration cannot open the door either
    rejected(citysim::unsignedToken(claims()), "alg \"none\"", e);
}

BOOST_AUTO_TEST_CASE(hs256_keyed_with_the_rsa_public_key_is_rejected) {
    const auto pem = keys().rsa.publicPem();
    BOOST_TEST(pem.find("BEGIN PUBLIC KEY") != std::string::npos);
    const auto forged = citysim::signHs256(json{{"kid", "rsa-1"}}, claims(), pem);
    BOOST_TEST(partsOf(forged)[2].size() == 43u);  // a real 32-byte HMAC
    rejected(forged, "alg \"HS256\" is not accepted");
    auto e = expect();
    e.allowedAlgs.insert("HS256");
    rejected(forged, "alg \"HS256\" is not accepted", e);
    rejected(citysim::signHs256(json::object(), claims(), pem), "alg \"HS256\"");  // without kid too
}

BOOST_AUTO_TEST_CASE(other_algs_are_rejected) {
    for (const std::string alg : {"RS512", "RS384", "PS256", "ES384", "ES512", "HS512", "EdDSA", "rs256", ""})
        rejected(rs256(claims(), json{{"alg", alg}}), "alg \"" + alg + "\" is not accepted");
    rejected(rs256(claims(), json{{"alg", 256}}), "\"alg\" is not a string");
}

BOOST_AUTO_TEST_CASE(algs_can_be_narrowed_by_configuration) {
    auto e = expect();
    e.allowedAlgs = {"RS256"};
    accepted(rs256(claims()), e);
    rejected(es256(claims()), "alg \"ES256\" is not allowed by the configuration", e);
}

BOOST_AUTO_TEST_CASE(header_without_alg_or_with_crit_is_rejected) {
    const auto token = rs256(claims());
    auto p = partsOf(token);
    p[0] = base64UrlEncode(json{{"kid", "rsa-1"}}.dump());
    rejected(join(p), "token header has no \"alg\"");
    rejected(rs256(claims(), json{{"crit", json::array({"exp"})}, {"exp", 1}}), "\"crit\"");
}

BOOST_AUTO_TEST_CASE(key_type_must_match_alg) {
    // RS256 token (really RSA-signed) whose kid points at the EC key.
    rejected(rs256(claims(), json{{"kid", "ec-1"}}), "key type mismatch: kid \"ec-1\" is an EC P-256 key");
    rejected(es256(claims(), json{{"kid", "rsa-1"}}), "key type mismatch: kid \"rsa-1\" is an RSA key");
}

BOOST_AUTO_TEST_CASE(jwk_alg_must_match_token_alg) {
    auto document = citysim::jwksOf({&keys().rsa});
    document["keys"][0]["alg"] = "RS512";
    const auto set = jwksFrom(document);
    rejected(rs256(claims()), "kid \"rsa-1\" is for alg \"RS512\", the token says \"RS256\"", expect(), set);
    document["keys"][0].erase("alg");  // a JWK without alg fits any alg of its type
    accepted(rs256(claims()), expect(), jwksFrom(document));
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(claims_rules)

BOOST_AUTO_TEST_CASE(wrong_issuer_is_rejected) {
    auto c = claims();
    c["iss"] = "https://sso.evil.example/realms/citizen";
    rejected(rs256(c), "iss \"https://sso.evil.example/realms/citizen\" is not the expected issuer");
    c["iss"] = kIssuer + "/";
    rejected(rs256(c), "is not the expected issuer");
    c.erase("iss");
    rejected(rs256(c), "token has no \"iss\"");
    auto e = expect();
    e.issuer = kIssuer + "/";
    rejected(rs256(claims()), "is not the expected issuer", e);
}

BOOST_AUTO_TEST_CASE(wrong_audience_is_rejected) {
    auto c = claims();
    c["aud"] = "another-client";
    rejected(rs256(c), "aud [\"another-client\"] does not contain the client_id \"ward-kiosk-27343\"");
    c["aud"] = json::array({"another-client"});
    rejected(rs256(c), "does not contain the client_id");
    c["aud"] = json::array();
    rejected(rs256(c), "\"aud\" is an empty array");
    c["aud"] = 42;
    rejected(rs256(c), "\"aud\" is neither a string nor an array");
    c.erase("aud");
    rejected(rs256(c), "token has no \"aud\"");
}

BOOST_AUTO_TEST_CASE(an_extra_untrusted_audience_is_rejected) {
    auto c = claims();
    c["aud"] = json::array({kClient, "https://api.other.example"});
    c["azp"] = kClient;  // even with a correct azp
    rejected(rs256(c), "aud also names \"https://api.other.example\", an untrusted audience");
}

BOOST_AUTO_TEST_CASE(azp_must_be_the_client) {
    auto c = claims();
    c["azp"] = "another-client";
    rejected(rs256(c), "azp \"another-client\" is not the client_id \"ward-kiosk-27343\"");
    c["aud"] = json::array({kClient, kClient});  // several values: azp becomes mandatory
    c.erase("azp");
    rejected(rs256(c), "there is no \"azp\"");
}

BOOST_AUTO_TEST_CASE(expiry_is_enforced_with_skew) {
    auto c = claims();
    c["exp"] = kNowS - 121;
    rejected(rs256(c), "token expired at");
    c["exp"] = kNowS - 119;  // within the 120 s skew
    accepted(rs256(c));
    auto e = expect();
    e.maxSkew = 0s;
    c["exp"] = kNowS;
    rejected(rs256(c), "token expired at", e);
}

BOOST_AUTO_TEST_CASE(exp_is_required_and_numeric) {
    auto c = claims();
    c.erase("exp");
    rejected(rs256(c), "token has no \"exp\"");
    c["exp"] = std::to_string(kNowS + 600);
    rejected(rs256(c), "\"exp\" is not a number");
    c["exp"] = 1e300;
    rejected(rs256(c), "\"exp\" is out of range");
}

BOOST_AUTO_TEST_CASE(iat_in_the_future_beyond_skew_is_rejected) {
    auto c = claims();
    c["iat"] = kNowS + 121;
    rejected(rs256(c), "is in the future");
    c["iat"] = kNowS + 119;
    accepted(rs256(c));
    c.erase("iat");
    rejected(rs256(c), "token has no \"iat\"");
}

BOOST_AUTO_TEST_CASE(iat_too_old_is_rejected) {
    auto c = claims();
    c["iat"] = kNowS - 25 * 3600;
    rejected(rs256(c), "is more than 86400 s ago");
}

BOOST_AUTO_TEST_CASE(nbf_in_the_future_is_rejected) {
    auto c = claims();
    c["nbf"] = kNowS + 600;
    rejected(rs256(c), "token is not valid before");
    c["nbf"] = kNowS - 1;
    accepted(rs256(c));
}

BOOST_AUTO_TEST_CASE(sub_is_required) {
    auto c = claims();
    c.erase("sub");
    rejected(rs256(c), "token has no \"sub\"");
    c["sub"] = "";
    rejected(rs256(c), "\"sub\" is empty");
    c["sub"] = 79201001234;
    rejected(rs256(c), "\"sub\" is not a string");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(tampering)

BOOST_AUTO_TEST_CASE(flipped_bit_in_the_signature_is_rejected) {
    const std::vector<std::pair<std::string, std::string>> tokens = {{rs256(claims()), "RS256"},
                                                                     {es256(claims()), "ES256"}};
    for (const auto& [token, alg] : tokens) {
        accepted(token);
        for (const std::size_t at : {std::size_t{0}, std::size_t{31}, std::size_t{63}}) {
            const auto tampered =
                editPart(token, 2, [at](std::string& sig) { sig[at] = static_cast<char>(sig[at] ^ 0x01); });
            rejected(tampered, alg + " signature verification failed");
        }
    }
}

BOOST_AUTO_TEST_CASE(flipped_bit_in_the_payload_is_rejected) {
    for (const std::string& token : {rs256(claims()), es256(claims())}) {
        const auto tampered = editPart(token, 1, [](std::string& payload) {
            const auto at = payload.find("079201001234");
            BOOST_REQUIRE(at != std::string::npos);
            payload[at + 11] = static_cast<char>(payload[at + 11] ^ 0x01);  // ...1234 -> ...1235
        });
        std::string error;
        const auto jws = parseCompactJws(tampered, error);
        BOOST_REQUIRE(jws.has_value());
        BOOST_TEST(json::parse(jws->payload)["sub"] == "079201001235");  // still a well-formed token
        rejected(tampered, "signature verification failed");
    }
}

BOOST_AUTO_TEST_CASE(flipped_bit_in_the_header_is_rejected) {
    // "typ" added so that the header can change without changing alg or kid.
    const auto token = rs256(claims(), json{{"typ", "JWT"}});
    const auto tampered = editPart(token, 0, [](std::string& header) {
        const auto at = header.find("JWT");
        header[at] = static_cast<char>(header[at] ^ 0x20);  // "jWT"
    });
    rejected(tampered, "signature verification failed");
}

BOOST_AUTO_TEST_CASE(truncated_token_is_rejected) {
    const auto token = rs256(claims());
    const auto p = partsOf(token);
    rejected(p[0] + "." + p[1], "token has 2 parts, expected 3");
    rejected(p[0] + "." + p[1] + ".", "RS256 signature is 0 bytes");
    rejected(token.substr(0, p[0].size() + 10), "token has 2 parts");
    rejected(p[0], "token has 1 part,");
    rejected(token.substr(0, token.size() - 4), "signature");
    rejected(token.substr(0, token.size() - 5), "signature");
    rejected("", "token is empty");
    rejected(token + ".", "token has 4 parts");
    rejected("." + p[1] + "." + p[2], "token header is empty");
}

BOOST_AUTO_TEST_CASE(bad_base64url_is_rejected) {
    const auto token = rs256(claims());
    auto p = partsOf(token);
    rejected("+" + token.substr(1), "token header is not valid base64url");
    rejected(p[0] + "." + p[1] + "=." + p[2], "token payload is not valid base64url");
    rejected(p[0] + "." + p[1] + "." + p[2] + "==", "token signature is not valid base64url");
    rejected(p[0] + " ." + p[1] + "." + p[2], "token header is not valid base64url");
    p[0] = base64UrlEncode("{\"alg\":\"RS256\",");
    rejected(join(p), "token header is not valid JSON");
    p[0] = base64UrlEncode("[\"RS256\"]");
    rejected(join(p), "token header is not a JSON object");
}

BOOST_AUTO_TEST_CASE(es256_signature_of_the_wrong_length_is_rejected) {
    const auto token = es256(claims());
    rejected(editPart(token, 2, [](std::string& sig) { sig.push_back('\0'); }), "ES256 signature is 65 bytes, expected 64");
    rejected(editPart(token, 2, [](std::string& sig) { sig.pop_back(); }), "ES256 signature is 63 bytes, expected 64");
    // What a signer that forgot the JOSE format would send: the signature DER-wrapped.
    rejected(editPart(token, 2, [](std::string& sig) { sig = "\x30\x44\x02\x20" + sig.substr(0, 32) + "\x02\x20" + sig.substr(32); }),
             "ES256 signature is 70 bytes");
    // The right length, but R || S of zeros is not a signature.
    rejected(editPart(token, 2, [](std::string& sig) { sig.assign(64, '\0'); }), "ES256 signature verification failed");
}

BOOST_AUTO_TEST_CASE(rs256_signature_of_the_wrong_length_is_rejected) {
    const auto token = rs256(claims());
    rejected(editPart(token, 2, [](std::string& sig) { sig.pop_back(); }), "RS256 signature is 255 bytes");
}

BOOST_AUTO_TEST_CASE(oversized_token_is_rejected_before_decoding) {
    rejected(std::string(kMaxJwsLength + 1, 'A'), "more than");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(key_lookup)

BOOST_AUTO_TEST_CASE(unknown_kid_refetches_once_then_rejects) {
    int calls = 0;
    int refreshes = 0;
    const IdTokenValidator::JwksProvider provider = [&](bool refresh) -> std::optional<Jwks> {
        ++calls;
        if (refresh) ++refreshes;
        return publishedKeys();
    };
    const auto token = rs256(claims(), json{{"kid", "rsa-9"}});
    const auto r = IdTokenValidator::validateWithRefetch(token, provider, expect(), kNow);
    BOOST_TEST(!r.ok);
    BOOST_TEST(r.unknownKey);
    BOOST_TEST(r.error.find("unknown kid \"rsa-9\"") != std::string::npos, r.error);
    BOOST_TEST(calls == 2);
    BOOST_TEST(refreshes == 1);
    BOOST_TEST(r.claims.is_null());
}

BOOST_AUTO_TEST_CASE(unknown_kid_that_appears_after_refetch_is_accepted) {
    int calls = 0;
    int refreshes = 0;
    const auto before = publishedKeys();
    const auto after = jwksFrom(citysim::jwksOf({&keys().rsa, &keys().ec, &keys().ecRotated}));
    const IdTokenValidator::JwksProvider provider = [&](bool refresh) -> std::optional<Jwks> {
        ++calls;
        if (refresh) ++refreshes;
        return refresh ? after : before;
    };
    const auto token = keys().ecRotated.sign(json::object(), claims());
    BOOST_TEST(check(token).unknownKey);
    const auto r = IdTokenValidator::validateWithRefetch(token, provider, expect(), kNow);
    BOOST_TEST(r.ok, r.error);
    BOOST_TEST(r.claims.value("sub", "") == "079201001234");
    BOOST_TEST(calls == 2);
    BOOST_TEST(refreshes == 1);
}

BOOST_AUTO_TEST_CASE(known_kid_and_other_failures_do_not_refetch) {
    int calls = 0;
    const IdTokenValidator::JwksProvider provider = [&](bool) -> std::optional<Jwks> {
        ++calls;
        return publishedKeys();
    };
    BOOST_TEST(IdTokenValidator::validateWithRefetch(rs256(claims()), provider, expect(), kNow).ok);
    BOOST_TEST(calls == 1);
    calls = 0;
    const auto tampered = editPart(rs256(claims()), 2, [](std::string& sig) { sig[5] = static_cast<char>(sig[5] ^ 4); });
    const auto r = IdTokenValidator::validateWithRefetch(tampered, provider, expect(), kNow);
    BOOST_TEST(!r.ok);
    BOOST_TEST(calls == 1);
    calls = 0;
    BOOST_TEST(!IdTokenValidator::validateWithRefetch(citysim::unsignedToken(claims()), provider, expect(), kNow).ok);
    BOOST_TEST(calls == 1);
}

BOOST_AUTO_TEST_CASE(provider_without_keys_is_a_rejection) {
    int calls = 0;
    const IdTokenValidator::JwksProvider none = [&](bool) -> std::optional<Jwks> {
        ++calls;
        return std::nullopt;
    };
    const auto r = IdTokenValidator::validateWithRefetch(rs256(claims()), none, expect(), kNow);
    BOOST_TEST(!r.ok);
    BOOST_TEST(r.error == "key set could not be had");
    BOOST_TEST(calls == 1);
}

BOOST_AUTO_TEST_CASE(token_without_kid_uses_the_only_key_of_its_type) {
    const auto& noKid = keys().ecNoKid;  // its tokens and its JWK carry no kid
    const auto token = noKid.sign(json::object(), claims());
    std::string error;
    BOOST_TEST(!parseCompactJws(token, error)->header.contains("kid"));
    BOOST_TEST(!noKid.publicJwk().contains("kid"));
    accepted(token, expect(), jwksFrom(citysim::jwksOf({&keys().rsa, &noKid})));
    rejected(token, "token has no kid and the key set has 2 EC P-256 keys to choose from", expect(),
             jwksFrom(citysim::jwksOf({&keys().ec, &noKid})));
    const auto r = check(token, expect(), jwksFrom(citysim::jwksOf({&keys().rsa})));
    BOOST_TEST(!r.ok);
    BOOST_TEST(r.unknownKey);
    BOOST_TEST(r.error == "token has no kid and the key set has no EC P-256 key");
    // The only EC key, but not the one that signed.
    rejected(token, "ES256 signature verification failed with the only EC P-256 key", expect(),
             jwksFrom(citysim::jwksOf({&keys().ec})));
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(jwks_parsing)

BOOST_AUTO_TEST_CASE(unusable_keys_are_skipped_with_a_reason) {
    auto document = citysim::jwksOf({&keys().rsa, &keys().ec, &keys().rsaWeak});
    json enc = keys().ecRotated.publicJwk();
    enc["use"] = "enc";
    document["keys"].push_back(enc);
    json badBase64 = keys().rsa.publicJwk();
    badBase64["kid"] = "rsa-bad";
    badBase64["n"] = "not base64url!";
    document["keys"].push_back(badBase64);
    document["keys"].push_back(json{{"kty", "oct"}, {"kid", "hmac"}, {"k", "c2VjcmV0"}});
    json p384 = keys().ec.publicJwk();
    p384["kid"] = "ec-384";
    p384["crv"] = "P-384";
    document["keys"].push_back(p384);
    json offCurve = keys().ec.publicJwk();
    offCurve["kid"] = "ec-off";
    auto y = *base64UrlDecode(offCurve["y"].get<std::string>());
    y[31] = static_cast<char>(y[31] ^ 1);
    offCurve["y"] = base64UrlEncode(y);
    document["keys"].push_back(offCurve);
    document["keys"].push_back("not an object");
    json leaked = keys().ec.publicJwk();
    leaked["kid"] = "ec-leaked";
    leaked["d"] = base64UrlEncode(std::string(32, '\x01'));
    document["keys"].push_back(leaked);
    document["keys"].push_back(keys().rsa.publicJwk());  // duplicate kid and type

    const auto set = jwksFrom(document);
    for (const auto& reason : set.skipped()) BOOST_TEST_MESSAGE(reason);
    BOOST_TEST(set.keys().size() == 2u);
    BOOST_TEST(set.find("rsa-1", JwkType::Rsa) != nullptr);
    BOOST_TEST(set.find("ec-1", JwkType::EcP256) != nullptr);
    BOOST_TEST(set.find("rsa-1", JwkType::Rsa)->bits == 2048);
    BOOST_TEST(set.find("ec-1", JwkType::EcP256)->use == "sig");
    const std::vector<std::string> expected = {
        "keys[2] (kid \"rsa-weak\"): RSA modulus is 1024 bits, at least 2048 required",
        "keys[3] (kid \"ec-2\"): \"use\" is \"enc\", not \"sig\"",
        "keys[4] (kid \"rsa-bad\"): \"n\" is not valid base64url",
        "keys[5] (kid \"hmac\"): key type \"oct\" is not supported",
        "keys[6] (kid \"ec-384\"): curve \"P-384\" is not supported",
        "keys[7] (kid \"ec-off\"): OpenSSL refused the key",
        "keys[8]: is not a JSON object",
        "keys[9] (kid \"ec-leaked\"): publishes private key material",
        "keys[10] (kid \"rsa-1\"): another RSA key has the same kid",
    };
    BOOST_REQUIRE(set.skipped().size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        BOOST_TEST(set.skipped()[i].starts_with(expected[i]), set.skipped()[i] << " vs " << expected[i]);

    // A token signed with a skipped key is a token with an unknown key.
    const auto r = check(keys().rsaWeak.sign(json::object(), claims()), expect(), set);
    BOOST_TEST(!r.ok);
    BOOST_TEST(r.unknownKey);
}

BOOST_AUTO_TEST_CASE(the_set_itself_must_be_well_formed) {
    std::string error;
    BOOST_TEST(!Jwks::parse(json::array(), error));
    BOOST_TEST(error == "JWKS is not a JSON object");
    BOOST_TEST(!Jwks::parse(json{{"keys", "none"}}, error));
    BOOST_TEST(error == "JWKS has no \"keys\" array");
    BOOST_TEST(!Jwks::parseText("{\"keys\": [", error));
    BOOST_TEST(error.starts_with("JWKS is not valid JSON"), error);
    const auto fromText = Jwks::parseText(citysim::jwksOf({&keys().ec}).dump(), error);
    BOOST_REQUIRE(fromText.has_value());
    BOOST_TEST(fromText->keys().size() == 1u);
    const auto empty = Jwks::parse(json{{"keys", json::array()}}, error);
    BOOST_REQUIRE(empty.has_value());
    BOOST_TEST(empty->empty());
}

BOOST_AUTO_TEST_CASE(rsa_key_with_leading_zero_in_the_modulus_is_accepted) {
    json jwk = keys().rsa.publicJwk();
    jwk["n"] = base64UrlEncode(std::string(1, '\0') + *base64UrlDecode(jwk["n"].get<std::string>()));
    const auto set = jwksFrom(json{{"keys", json::array({jwk})}});
    BOOST_REQUIRE(set.keys().size() == 1u);
    BOOST_TEST(set.keys()[0].bits == 2048);
    accepted(rs256(claims()), expect(), set);
}

BOOST_AUTO_TEST_SUITE_END()
