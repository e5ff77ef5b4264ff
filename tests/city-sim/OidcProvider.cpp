#include "OidcProvider.h"

#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <utility>

#include "JwtSigner.h"

namespace citysim {
namespace {
using namespace std::chrono_literals;

constexpr const char* kJson = "application/json";
constexpr const char* kHtml = "text/html; charset=utf-8";
constexpr const char* kDeviceGrant = "urn:ietf:params:oauth:grant-type:device_code";
constexpr const char* kRefreshGrant = "refresh_token";
// Letters a resident cannot misread or mistype: no vowels (no words), no I/O/U/Y (RFC 8628 §6.1).
constexpr std::string_view kUserCodeLetters = "BCDFGHJKLMNPQRSTVWXZ";
constexpr std::size_t kUserCodeLength = 8;
constexpr std::int64_t kTokenLifetime = 300;  // seconds: access and ID tokens
constexpr std::chrono::seconds kSlowDownStep{5};
constexpr std::chrono::hours kForgetAfter{1};  // device codes this long past expiry are dropped
const std::vector<std::string> kScopes = {"openid", "profile"};

std::string randomBytes(std::size_t count) {
    std::string bytes(count, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count)) != 1)
        throw std::runtime_error("vneid: RAND_bytes failed");
    return bytes;
}

constexpr std::string_view kBase64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64Url(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    std::uint32_t buffer = 0;
    int bits = 0;
    for (const unsigned char c : bytes) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kBase64Url[(buffer >> bits) & 0x3f];
        }
    }
    if (bits > 0) out += kBase64Url[(buffer << (6 - bits)) & 0x3f];
    return out;
}

std::optional<std::string> unBase64Url(std::string_view text) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (const char c : text) {
        const auto value = kBase64Url.find(c);
        if (value == std::string_view::npos) return std::nullopt;
        buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xff);
        }
    }
    return out;
}

std::string randomToken() { return base64Url(randomBytes(32)); }

std::string sha256Hex(std::string_view text) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("vneid: SHA-256 failed");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) {
        hex += kHex[digest[i] >> 4];
        hex += kHex[digest[i] & 0xf];
    }
    return hex;
}

std::int64_t epochSeconds(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// "WDJBMJHT" -> "WDJB-MJHT".
std::string formatUserCode(const std::string& code) { return code.substr(0, 4) + "-" + code.substr(4); }

// What a resident typed: upper case, without dashes and blanks.
std::string normaliseUserCode(std::string_view typed) {
    std::string code;
    for (const char c : typed) {
        if (c == '-' || c == ' ' || c == '\t') continue;
        code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return code;
}

std::vector<std::string> splitScope(std::string_view scope) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= scope.size()) {
        const auto end = std::min(scope.find(' ', start), scope.size());
        if (end > start) {
            const std::string item(scope.substr(start, end - start));
            if (std::find(items.begin(), items.end(), item) == items.end()) items.push_back(item);
        }
        start = end + 1;
    }
    return items;
}

bool hasScope(const std::string& scope, std::string_view item) {
    const auto items = splitScope(scope);
    return std::find(items.begin(), items.end(), item) != items.end();
}

std::string htmlEscape(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> formDecode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            const int high = hexValue(text[i + 1]);
            const int low = hexValue(text[i + 2]);
            if (high < 0 || low < 0) return std::nullopt;
            out += static_cast<char>(high * 16 + low);
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// An application/x-www-form-urlencoded body. Empty names are skipped; a name given twice makes
// the request invalid (RFC 6749 §3.1), as does a bad percent escape.
std::optional<std::map<std::string, std::string>> parseForm(std::string_view body, std::string& error) {
    std::map<std::string, std::string> form;
    std::size_t start = 0;
    while (start <= body.size()) {
        const auto end = std::min(body.find('&', start), body.size());
        const auto pair = body.substr(start, end - start);
        start = end + 1;
        if (pair.empty()) continue;
        const auto equals = pair.find('=');
        const auto name = formDecode(pair.substr(0, equals));
        const auto value = formDecode(equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1));
        if (!name || !value) {
            error = "malformed percent-encoding in the request body";
            return std::nullopt;
        }
        if (name->empty()) continue;
        if (!form.emplace(*name, *value).second) {
            error = "parameter " + *name + " is repeated";
            return std::nullopt;
        }
    }
    return form;
}

std::string field(const std::map<std::string, std::string>& form, const std::string& name) {
    const auto it = form.find(name);
    return it == form.end() ? std::string() : it->second;
}

bool isForm(const httplib::Request& req) {
    std::string type = req.get_header_value("Content-Type");
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
    return type.starts_with("application/x-www-form-urlencoded");
}

// A small page in the style of an identity app, clearly marked as a simulation.
std::string htmlPage(std::string_view title, std::string_view body) {
    std::string page = R"(<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>)";
    page += htmlEscape(title);
    page += R"( – Mô phỏng VNeID</title>
<style>
body{font-family:system-ui,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f4f4;color:#222}
.sim{background:#ffd54f;color:#000;padding:10px 16px;font-weight:600;text-align:center}
header{background:#b71c1c;color:#fff;padding:14px 16px;font-size:20px;font-weight:700}
main{max-width:440px;margin:16px auto;background:#fff;border-radius:10px;padding:20px;box-shadow:0 1px 4px rgba(0,0,0,.15)}
h1{font-size:20px;margin-top:0}
.code{font-family:ui-monospace,monospace;font-size:26px;letter-spacing:3px;text-align:center;margin:12px 0}
.msg{background:#fff3e0;border-left:4px solid #ef6c00;padding:8px 12px;margin:12px 0}
dl{margin:12px 0}dt{color:#666;font-size:14px}dd{margin:0 0 8px 0;font-weight:600}
.buttons{display:flex;gap:12px;margin-top:18px}
button{flex:1;font-size:18px;padding:12px;border-radius:8px;border:0;cursor:pointer}
.ok{background:#b71c1c;color:#fff}.no{background:#e0e0e0;color:#222}
input{font-size:22px;padding:10px;width:100%;box-sizing:border-box;text-transform:uppercase;letter-spacing:2px}
</style>
</head>
<body>
<div class="sim">Mô phỏng VNeID — công dân thử nghiệm, dữ liệu giả</div>
<header>VNeID (mô phỏng)</header>
<main>
)";
    page += body;
    page += "\n</main>\n</body>\n</html>\n";
    return page;
}

std::string codeForm(std::string_view message) {
    std::string body = "<h1>Đăng nhập ki-ốt bằng mã</h1>\n";
    if (!message.empty()) body += "<p class=\"msg\">" + std::string(message) + "</p>\n";
    body += R"(<form method="get" action="/vneid/phone">
<p><label for="user_code">Nhập mã gồm 8 chữ cái hiển thị trên màn hình ki-ốt:</label></p>
<p><input id="user_code" name="user_code" autocomplete="off" autofocus placeholder="ABCD-EFGH" maxlength="16"></p>
<div class="buttons"><button class="ok" type="submit">Tiếp tục</button></div>
</form>)";
    return body;
}

void sendHtml(httplib::Response& res, int status, std::string_view title, const std::string& body) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
    res.set_header("X-Frame-Options", "DENY");
    res.set_content(htmlPage(title, body), kHtml);
}
}  // namespace

struct OidcProvider::Keys {
    SigningKey rsa;
    SigningKey ec;
};

struct OidcProvider::Reply {
    int status = 200;
    nlohmann::json body;
    bool noStore = true;
    std::vector<std::pair<std::string, std::string>> headers;

    static Reply error(int status, std::string code, std::string description) {
        Reply reply;
        reply.status = status;
        reply.body = {{"error", std::move(code)}, {"error_description", std::move(description)}};
        return reply;
    }
    static Reply badRequest(std::string code, std::string description) {
        return error(400, std::move(code), std::move(description));
    }
    static Reply invalidClient(std::string description) {
        return error(401, "invalid_client", std::move(description));
    }
    void send(httplib::Response& res) const {
        res.status = status;
        if (noStore) {
            res.set_header("Cache-Control", "no-store");
            res.set_header("Pragma", "no-cache");
        }
        for (const auto& [name, value] : headers) res.set_header(name, value);
        res.set_content(body.dump(), kJson);
    }
};

OidcProvider::OidcProvider(std::function<std::string()> baseUrl)
    : baseUrl_(std::move(baseUrl)),
      clock_([] { return std::chrono::steady_clock::now(); }),
      wallClock_([] { return std::chrono::system_clock::now(); }) {}

OidcProvider::~OidcProvider() = default;

// --- settings ---

std::string OidcProvider::issuer() const {
    std::lock_guard lock(mutex_);
    return issuerLocked();
}

std::string OidcProvider::issuerLocked() const { return baseUrl_() + "/vneid"; }

void OidcProvider::setTiming(std::chrono::seconds expiresIn, std::chrono::seconds interval) {
    if (expiresIn < 1s || interval < 1s) throw std::invalid_argument("vneid: expires_in and interval must be >= 1 s");
    std::lock_guard lock(mutex_);
    expiresIn_ = expiresIn;
    interval_ = interval;
}

void OidcProvider::setSigningAlg(const std::string& alg) {
    if (alg != "RS256" && alg != "ES256") throw std::invalid_argument("vneid: unsupported signing alg " + alg);
    std::lock_guard lock(mutex_);
    alg_ = alg;
}

std::string OidcProvider::signingAlg() const {
    std::lock_guard lock(mutex_);
    return alg_;
}

void OidcProvider::setTokenFault(TokenFault fault) {
    std::lock_guard lock(mutex_);
    fault_ = fault;
}

void OidcProvider::setCitizen(std::string name, std::string citizenId, std::string birthDate) {
    std::lock_guard lock(mutex_);
    citizen_ = Citizen{std::move(name), std::move(citizenId), std::move(birthDate)};
}

OidcProvider::Citizen OidcProvider::citizen() const {
    std::lock_guard lock(mutex_);
    return citizen_;
}

void OidcProvider::setAllowedClients(std::vector<std::string> clientIds) {
    std::lock_guard lock(mutex_);
    clients_ = std::move(clientIds);
}

std::vector<std::string> OidcProvider::allowedClients() const {
    std::lock_guard lock(mutex_);
    return clients_;
}

void OidcProvider::setAutoApproveAfter(std::optional<std::chrono::milliseconds> delay) {
    std::lock_guard lock(mutex_);
    autoApprove_ = delay;
}

void OidcProvider::setClock(SteadyClock clock) {
    std::lock_guard lock(mutex_);
    clock_ = clock ? std::move(clock) : SteadyClock([] { return std::chrono::steady_clock::now(); });
}

void OidcProvider::setWallClock(WallClock clock) {
    std::lock_guard lock(mutex_);
    wallClock_ = clock ? std::move(clock) : WallClock([] { return std::chrono::system_clock::now(); });
}

void OidcProvider::setLogger(Logger logger) {
    std::lock_guard lock(mutex_);
    logger_ = std::move(logger);
}

void OidcProvider::log(const std::string& line) const {
    if (logger_) logger_("vneid: " + line);
}

// --- keys ---

void OidcProvider::ensureKeys() {
    std::lock_guard lock(mutex_);
    ensureKeysLocked();
}

void OidcProvider::ensureKeysLocked() {
    if (keys_) return;
    ++keyGeneration_;
    const std::string n = std::to_string(keyGeneration_);
    keys_ = std::make_unique<Keys>(Keys{SigningKey::generateRsa(2048, "rsa-" + n), SigningKey::generateEc("ec-" + n)});
}

void OidcProvider::rotateKeys() {
    std::lock_guard lock(mutex_);
    keys_.reset();
    ensureKeysLocked();
    log("keys rotated: now " + keys_->rsa.kid() + " and " + keys_->ec.kid());
}

nlohmann::json OidcProvider::jwks() {
    std::lock_guard lock(mutex_);
    ensureKeysLocked();
    return jwksOf({&keys_->rsa, &keys_->ec});
}

std::string OidcProvider::currentKid() {
    std::lock_guard lock(mutex_);
    ensureKeysLocked();
    return alg_ == "ES256" ? keys_->ec.kid() : keys_->rsa.kid();
}

// --- device authorizations ---

std::string OidcProvider::newUserCode() const {
    for (;;) {
        std::string code;
        while (code.size() < kUserCodeLength) {
            // 240 = 12 * 20: bytes above it are dropped so that every letter is equally likely.
            for (const unsigned char byte : randomBytes(16)) {
                if (byte >= 240 || code.size() == kUserCodeLength) continue;
                code += kUserCodeLetters[byte % kUserCodeLetters.size()];
            }
        }
        const bool taken = std::any_of(devices_.begin(), devices_.end(),
                                       [&code](const auto& entry) { return entry.second.userCode == code; });
        if (!taken) return code;
    }
}

OidcProvider::DeviceGrant* OidcProvider::findByUserCode(const std::string& userCode) {
    const std::string code = normaliseUserCode(userCode);
    if (code.size() != kUserCodeLength) return nullptr;
    for (auto& [deviceCode, grant] : devices_)
        if (grant.userCode == code) return &grant;
    return nullptr;
}

void OidcProvider::refresh(DeviceGrant& grant, std::chrono::steady_clock::time_point now) {
    if (grant.state != State::Pending || !grant.autoApproveAt || now < *grant.autoApproveAt || now >= grant.expiresAt)
        return;
    grant.state = State::Approved;
    grant.authTime = epochSeconds(wallClock_());
    log(formatUserCode(grant.userCode) + " approved automatically (client " + grant.clientId + ")");
}

bool OidcProvider::decide(const std::string& userCode, bool approve, std::string_view how) {
    const auto now = clock_();
    DeviceGrant* grant = findByUserCode(userCode);
    if (!grant) return false;
    refresh(*grant, now);
    if (grant->state != State::Pending || now >= grant->expiresAt) return false;
    grant->state = approve ? State::Approved : State::Denied;
    if (approve) grant->authTime = epochSeconds(wallClock_());
    log(formatUserCode(grant->userCode) + (approve ? " approved" : " denied") + " " + std::string(how) + " (client " +
        grant->clientId + ")");
    return true;
}

bool OidcProvider::approve(const std::string& userCode) {
    std::lock_guard lock(mutex_);
    return decide(userCode, true, "through the test API");
}

bool OidcProvider::deny(const std::string& userCode) {
    std::lock_guard lock(mutex_);
    return decide(userCode, false, "through the test API");
}

std::vector<std::string> OidcProvider::pendingUserCodes() {
    std::lock_guard lock(mutex_);
    const auto now = clock_();
    std::vector<const DeviceGrant*> pending;
    for (auto& [deviceCode, grant] : devices_) {
        refresh(grant, now);  // an auto-approval that is due happens whoever looks
        if (grant.state == State::Pending && now < grant.expiresAt) pending.push_back(&grant);
    }
    std::sort(pending.begin(), pending.end(), [](const auto* a, const auto* b) { return a->order < b->order; });
    std::vector<std::string> codes;
    for (const auto* grant : pending) codes.push_back(formatUserCode(grant->userCode));
    return codes;
}

int OidcProvider::tokenPolls(const std::string& deviceCode) const {
    std::lock_guard lock(mutex_);
    if (deviceCode.empty()) return polls_;
    const auto it = devices_.find(deviceCode);
    return it == devices_.end() ? 0 : it->second.polls;
}

std::optional<std::chrono::seconds> OidcProvider::intervalOf(const std::string& deviceCode) const {
    std::lock_guard lock(mutex_);
    const auto it = devices_.find(deviceCode);
    if (it == devices_.end()) return std::nullopt;
    return it->second.interval;
}

bool OidcProvider::isRevoked(const std::string& token) const {
    std::lock_guard lock(mutex_);
    if (const auto grant = grants_.find(token); grant != grants_.end()) return grant->second.revoked;
    const auto access = accessTokens_.find(token);
    if (access == accessTokens_.end()) return false;
    if (access->second.revoked) return true;
    const auto grant = grants_.find(access->second.refreshToken);
    return grant != grants_.end() && grant->second.revoked;
}

// --- tokens ---

std::string OidcProvider::idToken(const TokenGrant& grant, std::int64_t now) {
    ensureKeysLocked();
    const SigningKey& key = alg_ == "ES256" ? keys_->ec : keys_->rsa;
    nlohmann::json payload = {
        {"iss", issuerLocked()},
        {"sub", sha256Hex("vneid-sim subject:" + grant.citizen.citizenId).substr(0, 32)},
        {"aud", grant.clientId},
        {"azp", grant.clientId},
        {"iat", now},
        {"exp", now + kTokenLifetime},
        {"auth_time", grant.authTime},
    };
    if (hasScope(grant.scope, "profile")) {
        payload["name"] = grant.citizen.name;
        payload["birthdate"] = grant.citizen.birthDate;
        payload["HoVaTen"] = grant.citizen.name;
        payload["SoDinhDanh"] = grant.citizen.citizenId;
        payload["NgayThangNamSinh"] = grant.citizen.birthDate;
    }
    nlohmann::json header = {{"alg", key.alg()}, {"kid", key.kid()}, {"typ", "JWT"}};
    switch (fault_) {
    case TokenFault::None:
        break;
    case TokenFault::AlgNone:
        return unsignedToken(payload);
    case TokenFault::Hs256WithPublicKey:
        header["alg"] = "HS256";
        return signHs256(header, payload, key.publicPem());
    case TokenFault::WrongIssuer:
        payload["iss"] = issuerLocked() + "-fake";
        break;
    case TokenFault::WrongAudience:
        payload["aud"] = "another-kiosk";
        payload["azp"] = "another-kiosk";
        break;
    case TokenFault::ExtraAudience:
        payload["aud"] = nlohmann::json::array({grant.clientId, "another-service"});
        break;
    case TokenFault::Expired:
        payload["iat"] = now - 3900;
        payload["exp"] = now - 3600;
        payload["auth_time"] = now - 3900;
        break;
    case TokenFault::FlippedSignature: {
        const std::string token = key.sign(header, payload);
        const auto dot = token.rfind('.');
        auto signature = unBase64Url(std::string_view(token).substr(dot + 1));
        if (!signature || signature->empty()) throw std::runtime_error("vneid: cannot decode the signature just made");
        (*signature)[signature->size() / 2] = static_cast<char>((*signature)[signature->size() / 2] ^ 0x01);
        return token.substr(0, dot + 1) + base64Url(*signature);
    }
    case TokenFault::UnknownKid:
        header["kid"] = "kid-not-published-" + base64Url(randomBytes(6));
        break;
    }
    return key.sign(header, payload);
}

nlohmann::json OidcProvider::issueTokens(const std::string& refreshToken, const TokenGrant& grant, bool withRefreshToken) {
    const std::int64_t now = epochSeconds(wallClock_());
    const std::string accessToken = randomToken();
    accessTokens_[accessToken] = AccessToken{refreshToken, now + kTokenLifetime, false};
    grants_[refreshToken].accessTokens.push_back(accessToken);
    nlohmann::json body = {
        {"access_token", accessToken},
        {"token_type", "Bearer"},
        {"expires_in", kTokenLifetime},
        {"id_token", idToken(grant, now)},
        {"scope", grant.scope},
    };
    if (withRefreshToken) body["refresh_token"] = refreshToken;
    return body;
}

// --- endpoints ---

OidcProvider::Reply OidcProvider::discovery() const {
    std::lock_guard lock(mutex_);
    const std::string iss = issuerLocked();
    Reply reply;
    reply.noStore = false;
    reply.body = {
        {"issuer", iss},
        {"authorization_endpoint", iss + "/authorize"},
        {"device_authorization_endpoint", iss + "/device"},
        {"token_endpoint", iss + "/token"},
        {"userinfo_endpoint", iss + "/userinfo"},
        {"jwks_uri", iss + "/jwks"},
        {"revocation_endpoint", iss + "/revoke"},
        {"grant_types_supported", {kDeviceGrant, kRefreshGrant}},
        {"response_types_supported", {"code"}},
        {"subject_types_supported", {"public"}},
        {"id_token_signing_alg_values_supported", {"RS256", "ES256"}},
        {"scopes_supported", kScopes},
        {"token_endpoint_auth_methods_supported", {"none"}},
        {"revocation_endpoint_auth_methods_supported", {"none"}},
        {"claims_supported",
         {"iss", "sub", "aud", "azp", "iat", "exp", "auth_time", "name", "birthdate", "HoVaTen", "SoDinhDanh",
          "NgayThangNamSinh"}},
        {"request_uri_parameter_supported", false},
        {"ui_locales_supported", {"vi"}},
        {"service_documentation", iss + "/phone"},
    };
    return reply;
}

OidcProvider::Reply OidcProvider::deviceAuthorization(const std::map<std::string, std::string>& form) {
    std::lock_guard lock(mutex_);
    const std::string clientId = field(form, "client_id");
    if (clientId.empty()) return Reply::invalidClient("client_id is missing");
    if (std::find(clients_.begin(), clients_.end(), clientId) == clients_.end())
        return Reply::invalidClient("unknown client " + clientId);
    const auto scopes = splitScope(field(form, "scope"));
    if (std::find(scopes.begin(), scopes.end(), "openid") == scopes.end())
        return Reply::badRequest("invalid_scope", "scope must include openid");
    std::string scope;
    for (const auto& item : scopes) {
        if (std::find(kScopes.begin(), kScopes.end(), item) == kScopes.end())
            return Reply::badRequest("invalid_scope", "unknown scope " + item);
        scope += (scope.empty() ? "" : " ") + item;
    }

    const auto now = clock_();
    std::erase_if(devices_, [now](const auto& entry) { return now >= entry.second.expiresAt + kForgetAfter; });
    DeviceGrant grant;
    grant.deviceCode = randomToken();
    grant.userCode = newUserCode();
    grant.clientId = clientId;
    grant.scope = scope;
    grant.issuedAt = now;
    grant.expiresAt = now + expiresIn_;
    grant.interval = interval_;
    if (autoApprove_) grant.autoApproveAt = now + *autoApprove_;
    grant.order = ++issued_;

    const std::string iss = issuerLocked();
    const std::string shown = formatUserCode(grant.userCode);
    Reply reply;
    reply.body = {
        {"device_code", grant.deviceCode},
        {"user_code", shown},
        {"verification_uri", iss + "/phone"},
        {"verification_uri_complete", iss + "/phone?user_code=" + shown},
        {"expires_in", expiresIn_.count()},
        {"interval", interval_.count()},
    };
    log("user code " + shown + " issued to " + clientId + " (expires in " + std::to_string(expiresIn_.count()) +
        " s" + (autoApprove_ ? ", auto-approved after " + std::to_string(autoApprove_->count()) + " ms" : "") + ")");
    devices_.emplace(grant.deviceCode, std::move(grant));
    return reply;
}

OidcProvider::Reply OidcProvider::token(const std::map<std::string, std::string>& form) {
    std::lock_guard lock(mutex_);
    const std::string grantType = field(form, "grant_type");
    if (grantType.empty()) return Reply::badRequest("invalid_request", "grant_type is missing");
    if (grantType != kDeviceGrant && grantType != kRefreshGrant)
        return Reply::badRequest("unsupported_grant_type", "grant_type " + grantType + " is not supported");
    if (grantType == kDeviceGrant) ++polls_;
    const std::string clientId = field(form, "client_id");
    if (clientId.empty()) return Reply::invalidClient("client_id is missing");
    if (std::find(clients_.begin(), clients_.end(), clientId) == clients_.end())
        return Reply::invalidClient("unknown client " + clientId);
    return grantType == kDeviceGrant ? deviceCodeGrant(form, clientId) : refreshTokenGrant(form, clientId);
}

OidcProvider::Reply OidcProvider::deviceCodeGrant(const std::map<std::string, std::string>& form, const std::string& clientId) {
    const std::string deviceCode = field(form, "device_code");
    if (deviceCode.empty()) return Reply::badRequest("invalid_request", "device_code is missing");
    const auto it = devices_.find(deviceCode);
    if (it == devices_.end()) return Reply::badRequest("invalid_grant", "unknown device_code");
    DeviceGrant& grant = it->second;
    ++grant.polls;
    if (grant.clientId != clientId) return Reply::invalidClient("device_code was issued to another client");
    if (grant.state == State::Used) return Reply::badRequest("invalid_grant", "device_code has already been used");
    const auto now = clock_();
    if (now >= grant.expiresAt) return Reply::badRequest("expired_token", "device_code has expired");
    refresh(grant, now);
    if (grant.lastPoll && now - *grant.lastPoll < grant.interval) {
        grant.lastPoll = now;
        grant.interval += kSlowDownStep;
        return Reply::badRequest("slow_down", "polled sooner than the interval; it is now " +
                                                  std::to_string(grant.interval.count()) + " s");
    }
    grant.lastPoll = now;
    switch (grant.state) {
    case State::Pending:
        return Reply::badRequest("authorization_pending", "the resident has not answered yet");
    case State::Denied:
        return Reply::badRequest("access_denied", "the resident declined");
    case State::Used:
    case State::Approved:
        break;
    }
    grant.state = State::Used;
    const std::string refreshToken = randomToken();
    TokenGrant& tokens = grants_[refreshToken];
    tokens.clientId = grant.clientId;
    tokens.scope = grant.scope;
    tokens.authTime = grant.authTime;
    tokens.citizen = citizen_;
    Reply reply;
    reply.body = issueTokens(refreshToken, tokens, true);
    log("tokens issued to " + clientId + " for " + formatUserCode(grant.userCode) + " (ID token " + alg_ +
        (fault_ == TokenFault::None ? "" : ", with a deliberate fault") + ")");
    return reply;
}

OidcProvider::Reply OidcProvider::refreshTokenGrant(const std::map<std::string, std::string>& form,
                                                    const std::string& clientId) {
    const std::string refreshToken = field(form, "refresh_token");
    if (refreshToken.empty()) return Reply::badRequest("invalid_request", "refresh_token is missing");
    const auto it = grants_.find(refreshToken);
    if (it == grants_.end() || it->second.revoked)
        return Reply::badRequest("invalid_grant", "unknown or revoked refresh_token");
    if (it->second.clientId != clientId)
        return Reply::badRequest("invalid_grant", "refresh_token was issued to another client");
    if (form.count("scope")) {
        for (const auto& item : splitScope(field(form, "scope")))
            if (!hasScope(it->second.scope, item))
                return Reply::badRequest("invalid_scope", "scope " + item + " was not granted");
    }
    Reply reply;
    reply.body = issueTokens(refreshToken, it->second, false);  // the refresh token stays the same
    return reply;
}

OidcProvider::Reply OidcProvider::revoke(const std::map<std::string, std::string>& form) {
    std::lock_guard lock(mutex_);
    const std::string token = field(form, "token");
    if (token.empty()) return Reply::badRequest("invalid_request", "token is missing");
    const std::string clientId = field(form, "client_id");
    if (clientId.empty()) return Reply::invalidClient("client_id is missing");
    if (std::find(clients_.begin(), clients_.end(), clientId) == clients_.end())
        return Reply::invalidClient("unknown client " + clientId);
    // The hint only says where to look first (RFC 7009 §2.1); both kinds are searched.
    if (const auto grant = grants_.find(token); grant != grants_.end()) {
        if (grant->second.clientId != clientId)
            return Reply::badRequest("invalid_request", "the token was issued to another client");
        grant->second.revoked = true;  // and with it every access token issued with it
        log("refresh token revoked by " + clientId);
    } else if (const auto access = accessTokens_.find(token); access != accessTokens_.end()) {
        const auto owner = grants_.find(access->second.refreshToken);
        if (owner != grants_.end() && owner->second.clientId != clientId)
            return Reply::badRequest("invalid_request", "the token was issued to another client");
        access->second.revoked = true;
        log("access token revoked by " + clientId);
    }
    Reply reply;  // unknown tokens too: 200 (RFC 7009 §2.2)
    reply.body = nlohmann::json::object();
    return reply;
}

OidcProvider::Reply OidcProvider::userinfo(const httplib::Request& req) {
    std::lock_guard lock(mutex_);
    const std::string authorization = req.get_header_value("Authorization");
    auto refuse = [](std::string challenge, std::string code, std::string description) {
        Reply reply = Reply::error(401, std::move(code), std::move(description));
        reply.headers.emplace_back("WWW-Authenticate", std::move(challenge));
        return reply;
    };
    if (authorization.size() < 8 || !std::equal(authorization.begin(), authorization.begin() + 7, "bearer ",
                                                [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; }))
        return refuse("Bearer realm=\"vneid\"", "invalid_request", "no Bearer access token");
    const TokenGrant* grant = grantOfAccessTokenLocked(authorization.substr(7));
    if (!grant)
        return refuse("Bearer realm=\"vneid\", error=\"invalid_token\"", "invalid_token",
                      "the access token is unknown, revoked or expired");
    const auto& who = grant->citizen;
    Reply reply;
    reply.body = {{"sub", sha256Hex("vneid-sim subject:" + who.citizenId).substr(0, 32)}};
    if (hasScope(grant->scope, "profile")) {
        reply.body["name"] = who.name;
        reply.body["birthdate"] = who.birthDate;
        reply.body["HoVaTen"] = who.name;
        reply.body["SoDinhDanh"] = who.citizenId;
        reply.body["NgayThangNamSinh"] = who.birthDate;
    }
    return reply;
}

const OidcProvider::TokenGrant* OidcProvider::grantOfAccessTokenLocked(const std::string& token) const {
    const auto access = accessTokens_.find(token);
    if (access == accessTokens_.end()) return nullptr;
    const auto grant = grants_.find(access->second.refreshToken);
    const bool valid = grant != grants_.end() && !access->second.revoked && !grant->second.revoked &&
                       epochSeconds(wallClock_()) < access->second.expiresAt;
    return valid ? &grant->second : nullptr;
}

std::optional<OidcProvider::Citizen> OidcProvider::citizenFor(const std::string& accessToken) const {
    std::lock_guard lock(mutex_);
    const TokenGrant* grant = grantOfAccessTokenLocked(accessToken);
    if (!grant) return std::nullopt;
    return grant->citizen;
}

// --- the phone ---

void OidcProvider::phonePage(const httplib::Request& req, httplib::Response& res) {
    const std::string typed = req.get_param_value("user_code");
    if (normaliseUserCode(typed).empty()) {
        sendHtml(res, 200, "Nhập mã", codeForm({}));
        return;
    }
    std::lock_guard lock(mutex_);
    const auto now = clock_();
    DeviceGrant* grant = findByUserCode(typed);
    if (grant) refresh(*grant, now);
    const std::string echo = htmlEscape(typed.substr(0, 32));
    if (!grant) {
        sendHtml(res, 200, "Mã không đúng",
                 codeForm("Mã «" + echo + "» không đúng. Vui lòng kiểm tra lại mã trên màn hình ki-ốt."));
        return;
    }
    if (now >= grant->expiresAt) {
        sendHtml(res, 200, "Mã đã hết hạn",
                 codeForm("Mã «" + echo + "» đã hết hạn. Vui lòng bắt đầu lại trên ki-ốt để nhận mã mới."));
        return;
    }
    if (grant->state != State::Pending) {
        sendHtml(res, 200, "Mã đã được xử lý",
                 codeForm("Mã «" + echo + "» đã được xác nhận hoặc từ chối trước đó. Ki-ốt sẽ hiển thị kết quả."));
        return;
    }
    const std::string shown = formatUserCode(grant->userCode);
    std::string body = "<h1>Yêu cầu đăng nhập</h1>\n";
    body += "<p>Ki-ốt <strong>" + htmlEscape(grant->clientId) +
            "</strong> đề nghị đăng nhập bằng tài khoản định danh điện tử của bạn.</p>\n";
    body += "<p class=\"code\">" + shown + "</p>\n";
    body += "<p>Hãy chắc chắn mã này trùng với mã trên màn hình ki-ốt.</p>\n<dl>\n";
    body += "<dt>Tài khoản</dt><dd>" + htmlEscape(citizen_.name) + " (công dân thử nghiệm)</dd>\n";
    body += "<dt>Thông tin được chia sẻ</dt><dd>";
    body += hasScope(grant->scope, "profile") ? "Họ và tên, số định danh cá nhân, ngày tháng năm sinh"
                                              : "Mã định danh tài khoản (không kèm thông tin cá nhân)";
    body += "</dd>\n</dl>\n";
    body += "<form method=\"post\" action=\"/vneid/phone\">\n";
    body += "<input type=\"hidden\" name=\"user_code\" value=\"" + shown + "\">\n";
    body += "<div class=\"buttons\">\n";
    body += "<button class=\"no\" type=\"submit\" name=\"decision\" value=\"deny\">Từ chối</button>\n";
    body += "<button class=\"ok\" type=\"submit\" name=\"decision\" value=\"approve\">Xác nhận</button>\n";
    body += "</div>\n</form>";
    sendHtml(res, 200, "Yêu cầu đăng nhập", body);
}

void OidcProvider::phoneDecision(const httplib::Request& req, httplib::Response& res) {
    std::string error;
    const auto form = isForm(req) ? parseForm(req.body, error) : std::nullopt;
    const std::string decision = form ? field(*form, "decision") : std::string();
    if (!form || (decision != "approve" && decision != "deny")) {
        sendHtml(res, 400, "Yêu cầu không hợp lệ", codeForm("Yêu cầu không hợp lệ. Vui lòng nhập lại mã."));
        return;
    }
    const std::string typed = field(*form, "user_code");
    std::lock_guard lock(mutex_);
    if (!decide(typed, decision == "approve", "on the phone page")) {
        sendHtml(res, 400, "Không thực hiện được",
                 codeForm("Mã «" + htmlEscape(typed.substr(0, 32)) +
                          "» không đúng, đã hết hạn hoặc đã được xử lý. Vui lòng kiểm tra lại mã trên ki-ốt."));
        return;
    }
    const bool approved = decision == "approve";
    std::string body = approved ? "<h1>Đã xác nhận đăng nhập</h1>\n<p>Bạn có thể quay lại ki-ốt: ki-ốt sẽ tự động "
                                  "đăng nhập trong giây lát.</p>"
                                : "<h1>Đã từ chối đăng nhập</h1>\n<p>Ki-ốt sẽ không nhận được thông tin của bạn.</p>";
    body += "\n<p class=\"code\">" + formatUserCode(normaliseUserCode(typed)) + "</p>";
    sendHtml(res, 200, approved ? "Đã xác nhận" : "Đã từ chối", body);
}

// --- routes ---

void OidcProvider::registerRoutes(httplib::Server& server) {
    // POST endpoints take their parameters from an application/x-www-form-urlencoded body only.
    auto formEndpoint = [this](Reply (OidcProvider::*endpoint)(const std::map<std::string, std::string>&)) {
        return [this, endpoint](const httplib::Request& req, httplib::Response& res) {
            std::string error = "the body must be application/x-www-form-urlencoded";
            const auto form = isForm(req) ? parseForm(req.body, error) : std::nullopt;
            (form ? (this->*endpoint)(*form) : Reply::badRequest("invalid_request", error)).send(res);
        };
    };
    server.Get("/vneid/.well-known/openid-configuration",
               [this](const httplib::Request&, httplib::Response& res) { discovery().send(res); });
    server.Get("/vneid/jwks", [this](const httplib::Request&, httplib::Response& res) {
        Reply reply;
        reply.noStore = false;
        reply.body = jwks();
        reply.send(res);
    });
    server.Post("/vneid/device", formEndpoint(&OidcProvider::deviceAuthorization));
    server.Post("/vneid/token", formEndpoint(&OidcProvider::token));
    server.Post("/vneid/revoke", formEndpoint(&OidcProvider::revoke));
    server.Get("/vneid/userinfo", [this](const httplib::Request& req, httplib::Response& res) { userinfo(req).send(res); });
    server.Post("/vneid/userinfo", [this](const httplib::Request& req, httplib::Response& res) { userinfo(req).send(res); });
    server.Get("/vneid/phone", [this](const httplib::Request& req, httplib::Response& res) { phonePage(req, res); });
    server.Post("/vneid/phone", [this](const httplib::Request& req, httplib::Response& res) { phoneDecision(req, res); });
    server.Get("/vneid/authorize", [](const httplib::Request&, httplib::Response& res) {
        sendHtml(res, 400, "Không hỗ trợ",
                 "<h1>Không hỗ trợ</h1>\n<p>VNeID mô phỏng chỉ hỗ trợ đăng nhập bằng mã trên ki-ốt "
                 "(OAuth 2.0 Device Authorization Grant). Mở <a href=\"/vneid/phone\">trang nhập mã</a>.</p>");
    });
}

}  // namespace citysim
