#include "auth/OidcClient.h"

#include <algorithm>

#include "core/BoundedInput.h"
#include "net/Url.h"

namespace kiosk {
namespace {
constexpr std::size_t kMaxAnswerBytes = 256 * 1024;
constexpr std::chrono::seconds kTimeout{20};
constexpr int kMaxJsonDepth = 32;  // discovery, JWKS and token answers are a few levels deep

std::optional<nlohmann::json> parseObject(const HttpResult& result, std::string& error) {
    if (!result.ok()) {
        error = std::string(toString(result.failure)) + ": " + result.detail;
        return std::nullopt;
    }
    if (!result.response.isJson()) {
        error = "HTTP " + std::to_string(result.response.status) + " with content type \"" +
                result.response.header("content-type") + "\" (" + kExpectedJson + ")";
        return std::nullopt;
    }
    std::string why;
    auto json = readJson(result.response.body, JsonLimits{.maxBytes = kMaxAnswerBytes, .maxDepth = kMaxJsonDepth}, why);
    if (!json) {
        error = "HTTP " + std::to_string(result.response.status) + ": the answer cannot be read (" + why + ")";
        return std::nullopt;
    }
    if (!json->is_object()) {
        error = "HTTP " + std::to_string(result.response.status) + ": the answer is not a JSON object";
        return std::nullopt;
    }
    return json;
}

std::string text(const nlohmann::json& json, const char* key) {
    const auto it = json.find(key);
    return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A positive whole number of seconds, or the default when absent; nullopt when present but wrong.
std::optional<std::chrono::seconds> seconds(const nlohmann::json& json, const char* key, std::chrono::seconds fallback,
                                            std::int64_t max) {
    const auto it = json.find(key);
    if (it == json.end() || it->is_null()) return fallback;
    if (!it->is_number_integer() || it->get<std::int64_t>() <= 0 || it->get<std::int64_t>() > max) return std::nullopt;
    return std::chrono::seconds(it->get<std::int64_t>());
}
}  // namespace

OidcClient::OidcClient(HttpClient& http, std::string issuer, std::string clientId, std::string scope)
    : http_(http), issuer_(std::move(issuer)), clientId_(std::move(clientId)), scope_(std::move(scope)) {}

std::optional<ProviderMetadata> OidcClient::discover(std::string& error, const std::atomic<bool>* cancel) {
    HttpRequest request;
    std::string base = issuer_;
    while (!base.empty() && base.back() == '/') base.pop_back();
    request.url = base + "/.well-known/openid-configuration";
    request.timeout = kTimeout;
    request.maxBodyBytes = kMaxAnswerBytes;
    request.headers.push_back({"Accept", "application/json"});
    const auto result = http_.perform(request, cancel);
    auto json = parseObject(result, error);
    if (!json) return std::nullopt;
    if (result.response.status != 200) {
        error = "discovery: HTTP " + std::to_string(result.response.status);
        return std::nullopt;
    }
    ProviderMetadata meta;
    meta.issuer = text(*json, "issuer");
    meta.deviceAuthorizationEndpoint = text(*json, "device_authorization_endpoint");
    meta.tokenEndpoint = text(*json, "token_endpoint");
    meta.jwksUri = text(*json, "jwks_uri");
    meta.revocationEndpoint = text(*json, "revocation_endpoint");
    // OpenID Connect Discovery §4.3: the issuer in the document is exactly the one asked for.
    if (meta.issuer != issuer_) {
        error = "discovery: issuer \"" + meta.issuer + "\" is not the configured \"" + issuer_ + "\"";
        return std::nullopt;
    }
    for (const auto& [name, url] : {std::pair<const char*, const std::string*>{"device_authorization_endpoint", &meta.deviceAuthorizationEndpoint},
                                    {"token_endpoint", &meta.tokenEndpoint},
                                    {"jwks_uri", &meta.jwksUri}}) {
        if (url->empty()) {
            error = std::string("discovery: no ") + name + " (the provider does not offer the device flow)";
            return std::nullopt;
        }
        if (auto reason = checkCityUrl(*url); !reason.empty()) {
            error = std::string("discovery: ") + name + " " + *url + ": " + reason;
            return std::nullopt;
        }
    }
    if (!meta.revocationEndpoint.empty() && !checkCityUrl(meta.revocationEndpoint).empty()) meta.revocationEndpoint.clear();
    return meta;
}

std::string OidcClient::checkVerificationUri(const std::string& uri, const std::string& issuer) {
    const auto target = parseUrl(uri);
    const auto home = parseUrl(issuer);
    if (!target || !home) return "not a URL";
    if (target->scheme == "https") {
        if (target->host != home->host) return "host " + target->host + " is not the issuer's " + home->host;
        return {};
    }
    if (target->scheme == "http" && isLoopbackHost(target->host) && home->scheme == "http" && isLoopbackHost(home->host))
        return {};
    return "scheme " + target->scheme + " is not https";
}

std::optional<nlohmann::json> OidcClient::postForm(const std::string& url,
                                                   const std::vector<std::pair<std::string, std::string>>& fields,
                                                   long& status, std::string& error, const std::atomic<bool>* cancel) {
    HttpRequest request;
    request.method = "POST";
    request.url = url;
    request.timeout = kTimeout;
    request.maxBodyBytes = kMaxAnswerBytes;
    request.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    request.headers.push_back({"Accept", "application/json"});
    request.body = formBody(fields);
    const auto result = http_.perform(request, cancel);
    status = result.response.status;
    return parseObject(result, error);
}

std::optional<DeviceAuthorization> OidcClient::authorizeDevice(const ProviderMetadata& provider, std::string& error,
                                                               const std::atomic<bool>* cancel) {
    long status = 0;
    const auto json = postForm(provider.deviceAuthorizationEndpoint, {{"client_id", clientId_}, {"scope", scope_}},
                               status, error, cancel);
    if (!json) return std::nullopt;
    if (status != 200) {
        error = "device authorization: HTTP " + std::to_string(status) + " " + text(*json, "error") + " " +
                text(*json, "error_description");
        return std::nullopt;
    }
    DeviceAuthorization auth;
    auth.answeredAt = std::chrono::steady_clock::now();
    auth.deviceCode = text(*json, "device_code");
    auth.userCode = text(*json, "user_code");
    auth.verificationUri = text(*json, "verification_uri");
    auth.verificationUriComplete = text(*json, "verification_uri_complete");
    const auto expires = seconds(*json, "expires_in", std::chrono::seconds(600), 3600);
    const auto interval = seconds(*json, "interval", std::chrono::seconds(5), 60);
    if (auth.deviceCode.empty() || auth.deviceCode.size() > 1024 || auth.userCode.empty() || auth.userCode.size() > 32 ||
        auth.verificationUri.empty() || !expires || !interval) {
        error = "device authorization: the answer lacks device_code, user_code or verification_uri, or has a bad "
                "expires_in/interval";
        return std::nullopt;
    }
    auth.expiresIn = *expires;
    auth.interval = *interval;
    const std::string qrTarget = auth.verificationUriComplete.empty() ? auth.verificationUri : auth.verificationUriComplete;
    auth.qrRefusal = checkVerificationUri(qrTarget, issuer_);
    auth.qrAllowed = auth.qrRefusal.empty();
    if (auth.verificationUriComplete.empty()) auth.verificationUriComplete = auth.verificationUri;
    return auth;
}

PollResult OidcClient::poll(const ProviderMetadata& provider, const std::string& deviceCode,
                            const std::atomic<bool>* cancel) {
    PollResult result;
    long status = 0;
    std::string error;
    const auto json = postForm(provider.tokenEndpoint,
                               {{"grant_type", "urn:ietf:params:oauth:grant-type:device_code"},
                                {"device_code", deviceCode},
                                {"client_id", clientId_}},
                               status, error, cancel);
    if (!json) {
        result.detail = "token: " + error;
        result.transient = status == 0 || status >= 500;
        return result;
    }
    if (status == 200) {
        result.tokens.accessToken = text(*json, "access_token");
        result.tokens.idToken = text(*json, "id_token");
        result.tokens.refreshToken = text(*json, "refresh_token");
        if (result.tokens.idToken.empty()) {
            result.detail = "token: the answer has no id_token (is \"openid\" in the scope?)";
            return result;
        }
        result.status = PollResult::Status::Approved;
        return result;
    }
    const std::string code = text(*json, "error");
    if (code == "authorization_pending") result.status = PollResult::Status::Pending;
    else if (code == "slow_down") result.status = PollResult::Status::SlowDown;
    else if (code == "access_denied") result.status = PollResult::Status::Denied;
    else if (code == "expired_token") result.status = PollResult::Status::Expired;
    else result.detail = "token: HTTP " + std::to_string(status) + " " + code + " " + text(*json, "error_description");
    return result;
}

std::optional<nlohmann::json> OidcClient::fetchJwks(const ProviderMetadata& provider, std::string& error) {
    HttpRequest request;
    request.url = provider.jwksUri;
    request.timeout = kTimeout;
    request.maxBodyBytes = kMaxAnswerBytes;
    const auto result = http_.perform(request);
    auto json = parseObject(result, error);
    if (json && result.response.status != 200) {
        error = "jwks: HTTP " + std::to_string(result.response.status);
        return std::nullopt;
    }
    return json;
}

bool OidcClient::revoke(const ProviderMetadata& provider, const std::string& token, const std::string& hint,
                        std::string& error) {
    if (provider.revocationEndpoint.empty() || token.empty()) return true;
    HttpRequest request;
    request.method = "POST";
    request.url = provider.revocationEndpoint;
    request.timeout = kTimeout;
    request.maxBodyBytes = kMaxAnswerBytes;
    request.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    request.body = formBody({{"token", token}, {"token_type_hint", hint}, {"client_id", clientId_}});
    const auto result = http_.perform(request);
    if (!result.ok()) {
        error = std::string(toString(result.failure)) + ": " + result.detail;
        return false;
    }
    if (result.response.status != 200) {
        error = "revocation: HTTP " + std::to_string(result.response.status);
        return false;
    }
    return true;
}

}  // namespace kiosk
