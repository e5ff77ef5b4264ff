#pragma once
#include <atomic>
#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "net/HttpClient.h"

namespace kiosk {

// What the provider's discovery document says (OpenID Connect Discovery 1.0), as far as the
// device flow needs it.
struct ProviderMetadata {
    std::string issuer;
    std::string deviceAuthorizationEndpoint;
    std::string tokenEndpoint;
    std::string jwksUri;
    std::string revocationEndpoint;  // "" when the provider offers no RFC 7009 revocation
};

// The answer to a device authorization request (RFC 8628 §3.2).
struct DeviceAuthorization {
    std::string deviceCode;
    std::string userCode;
    std::string verificationUri;
    std::string verificationUriComplete;  // may be empty: the resident then types the code
    std::chrono::seconds expiresIn{600};
    std::chrono::seconds interval{5};
    // Whether verificationUriComplete may become a QR code: https on the issuer's host, or
    // http to loopback when the issuer itself is on loopback (a development config).
    bool qrAllowed = false;
    std::string qrRefusal;  // why not, for the log
    std::chrono::steady_clock::time_point answeredAt{};  // when the provider's answer arrived
};

struct TokenSet {
    std::string accessToken;
    std::string idToken;
    std::string refreshToken;
};

// One poll of the token endpoint (RFC 8628 §3.4–3.5).
struct PollResult {
    enum class Status { Pending, SlowDown, Approved, Denied, Expired, Failed };
    Status status = Status::Failed;
    TokenSet tokens;      // Approved
    std::string detail;   // Failed: why (for the log)
    bool transient = false;  // Failed because the provider could not be reached: worth another poll
};

// The kiosk's side of an OpenID Connect provider: discovery, device authorization, token
// polling, JWKS and revocation. Each call is one blocking HTTP exchange: worker threads only.
// Every answer is checked for shape; every URL it names must pass the city's URL rule.
class OidcClient {
public:
    OidcClient(HttpClient& http, std::string issuer, std::string clientId, std::string scope);

    // Empty optional and `error` set on failure.
    std::optional<ProviderMetadata> discover(std::string& error, const std::atomic<bool>* cancel = nullptr);
    std::optional<DeviceAuthorization> authorizeDevice(const ProviderMetadata& provider, std::string& error,
                                                       const std::atomic<bool>* cancel = nullptr);
    PollResult poll(const ProviderMetadata& provider, const std::string& deviceCode,
                    const std::atomic<bool>* cancel = nullptr);
    std::optional<nlohmann::json> fetchJwks(const ProviderMetadata& provider, std::string& error);
    // RFC 7009. False (with error) if the provider refused or could not be reached; a provider
    // without a revocation endpoint is not an error (the tokens just expire).
    bool revoke(const ProviderMetadata& provider, const std::string& token, const std::string& hint, std::string& error);

    const std::string& issuer() const { return issuer_; }
    const std::string& clientId() const { return clientId_; }

    // The QR rule above, exposed for tests.
    static std::string checkVerificationUri(const std::string& uri, const std::string& issuer);

private:
    std::optional<nlohmann::json> postForm(const std::string& url,
                                           const std::vector<std::pair<std::string, std::string>>& fields,
                                           long& status, std::string& error, const std::atomic<bool>* cancel);

    HttpClient& http_;
    std::string issuer_;
    std::string clientId_;
    std::string scope_;
};

}  // namespace kiosk
