#pragma once
// The simulated VNeID: an OpenID Connect provider for the OAuth 2.0 Device Authorization Grant
// (RFC 8628), served by CitySimServer under <baseUrl>/vneid (see VNEID-SIM.md). It has one
// synthetic test citizen, a "phone" page standing in for the resident's VNeID app, and knobs
// for tests: approve/deny from C++, an injectable steady clock, and ID tokens broken on purpose.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace citysim {

class OidcProvider {
public:
    using SteadyClock = std::function<std::chrono::steady_clock::time_point()>;
    using WallClock = std::function<std::chrono::system_clock::time_point()>;
    using Logger = std::function<void(const std::string& line)>;

    // Defects put into the ID tokens issued after setTokenFault(), one each, for the kiosk's
    // validator to catch. Everything else in such a token is as usual.
    enum class TokenFault {
        None,
        AlgNone,             // header alg "none", empty signature
        Hs256WithPublicKey,  // HS256, the HMAC key being the signing key's public PEM (key confusion)
        WrongIssuer,         // iss = issuer() + "-fake"
        WrongAudience,       // aud = azp = "another-kiosk"
        ExtraAudience,       // aud = [client_id, "another-service"], azp = client_id
        Expired,             // iat 65 minutes ago, exp 60 minutes ago (auth_time = iat)
        FlippedSignature,    // properly signed, then one bit of the signature flipped
        UnknownKid,          // properly signed with the current key, but kid names no published key
    };

    struct Citizen {
        std::string name = "Nguyễn Văn Thử";  // synthetic
        std::string citizenId = "079056000123";  // synthetic, 12 digits
        std::string birthDate = "1956-03-08";    // YYYY-MM-DD
    };

    // `baseUrl` gives "http://127.0.0.1:<port>" when asked (the port is known only once the
    // server is bound); the issuer is that + "/vneid".
    explicit OidcProvider(std::function<std::string()> baseUrl);
    ~OidcProvider();
    OidcProvider(const OidcProvider&) = delete;
    OidcProvider& operator=(const OidcProvider&) = delete;

    // Adds the /vneid routes to a server (CitySimServer does it for every server it starts).
    void registerRoutes(httplib::Server& server);

    std::string issuer() const;

    // --- the resident's side, from C++ (as if approved or denied on the phone) ---
    // User codes are matched case-insensitively, with or without the dash. False when no
    // pending, unexpired authorization has that code.
    bool approve(const std::string& userCode);
    bool deny(const std::string& userCode);
    // The codes ("WDJB-MJHT") still waiting for the resident, oldest first.
    std::vector<std::string> pendingUserCodes();
    // Approve each device authorization issued afterwards this long after it was issued
    // (checked whenever the provider looks at it: a poll, the phone page, pendingUserCodes).
    // std::nullopt (the default): only the phone page or approve() does.
    void setAutoApproveAfter(std::optional<std::chrono::milliseconds> delay);

    // --- settings; each applies to what is issued afterwards ---
    // expires_in and interval of new device authorizations (defaults 600 s and 5 s; both >= 1 s,
    // else std::invalid_argument).
    void setTiming(std::chrono::seconds expiresIn, std::chrono::seconds interval);
    // "RS256" (default) or "ES256"; anything else is std::invalid_argument.
    void setSigningAlg(const std::string& alg);
    std::string signingAlg() const;
    void setTokenFault(TokenFault fault);
    void setCitizen(std::string name, std::string citizenId, std::string birthDate);
    Citizen citizen() const;
    // The client ids the provider knows (default {"ward-kiosk"}); others get invalid_client.
    void setAllowedClients(std::vector<std::string> clientIds);
    std::vector<std::string> allowedClients() const;

    // --- keys ---
    // Generates the RSA 2048 and EC P-256 keys unless done already. Everything that needs them
    // calls this, so it is only worth calling to pay the cost at a chosen moment (start-up).
    void ensureKeys();
    // New keys with new kids ("rsa-2", "ec-2", …); the old ones leave the JWKS at once.
    void rotateKeys();
    nlohmann::json jwks();
    // The kid of the key that signs the next ID token.
    std::string currentKid();

    // --- what the provider saw and did ---
    // True once the access or refresh token has been revoked (a refresh token's revocation also
    // revokes the access tokens issued with it). Unknown tokens: false.
    bool isRevoked(const std::string& token) const;
    // Whose a valid (known, unrevoked, unexpired) access token is: for the simulator's other
    // services that take the VNeID login (the dossier lookup).
    std::optional<Citizen> citizenFor(const std::string& accessToken) const;
    // Device-code token requests naming this device code; "" = all of them.
    int tokenPolls(const std::string& deviceCode = {}) const;
    // The current polling interval of a device code (it grows by 5 s at each slow_down).
    std::optional<std::chrono::seconds> intervalOf(const std::string& deviceCode) const;

    // --- time ---
    // Expiry, intervals and auto-approval follow this clock (default steady_clock::now); it
    // must be safe to call from the server's threads. iat/exp/auth_time follow the wall clock.
    void setClock(SteadyClock clock);
    void setWallClock(WallClock clock);

    // Where issued codes, approvals, denials, token issues and revocations are reported (one
    // line each, never the citizen ID); none by default. Called with the provider's lock held:
    // it must not call the provider. The city-sim executable logs to stderr.
    void setLogger(Logger logger);

private:
    enum class State { Pending, Approved, Denied, Used };
    struct DeviceGrant {
        std::string deviceCode;
        std::string userCode;  // 8 letters, no dash
        std::string clientId;
        std::string scope;
        State state = State::Pending;
        std::chrono::steady_clock::time_point issuedAt;
        std::chrono::steady_clock::time_point expiresAt;
        std::chrono::seconds interval{5};
        std::optional<std::chrono::steady_clock::time_point> lastPoll;
        std::optional<std::chrono::steady_clock::time_point> autoApproveAt;
        std::int64_t authTime = 0;  // wall seconds of the approval
        int polls = 0;
        std::uint64_t order = 0;
    };
    // What an approval gave: its refresh token, the access tokens issued with it.
    struct TokenGrant {
        std::string clientId;
        std::string scope;
        std::int64_t authTime = 0;
        Citizen citizen;
        std::vector<std::string> accessTokens;
        bool revoked = false;
    };
    struct AccessToken {
        std::string refreshToken;  // its grant
        std::int64_t expiresAt = 0;  // wall seconds
        bool revoked = false;
    };
    struct Keys;
    struct Reply;

    // Each of these is called with mutex_ held.
    void ensureKeysLocked();
    const TokenGrant* grantOfAccessTokenLocked(const std::string& token) const;
    std::string issuerLocked() const;
    DeviceGrant* findByUserCode(const std::string& userCode);
    void refresh(DeviceGrant& grant, std::chrono::steady_clock::time_point now);
    bool decide(const std::string& userCode, bool approve, std::string_view how);
    std::string newUserCode() const;
    std::string idToken(const TokenGrant& grant, std::int64_t now);
    nlohmann::json issueTokens(const std::string& refreshToken, const TokenGrant& grant, bool withRefreshToken);
    void log(const std::string& line) const;

    Reply discovery() const;
    Reply deviceAuthorization(const std::map<std::string, std::string>& form);
    Reply token(const std::map<std::string, std::string>& form);
    Reply deviceCodeGrant(const std::map<std::string, std::string>& form, const std::string& clientId);
    Reply refreshTokenGrant(const std::map<std::string, std::string>& form, const std::string& clientId);
    Reply revoke(const std::map<std::string, std::string>& form);
    Reply userinfo(const httplib::Request& req);
    void phonePage(const httplib::Request& req, httplib::Response& res);
    void phoneDecision(const httplib::Request& req, httplib::Response& res);

    std::function<std::string()> baseUrl_;
    mutable std::mutex mutex_;
    SteadyClock clock_;
    WallClock wallClock_;
    Logger logger_;
    std::unique_ptr<Keys> keys_;
    int keyGeneration_ = 0;
    std::string alg_ = "RS256";
    TokenFault fault_ = TokenFault::None;
    Citizen citizen_;
    std::vector<std::string> clients_{"ward-kiosk"};
    std::chrono::seconds expiresIn_{600};
    std::chrono::seconds interval_{5};
    std::optional<std::chrono::milliseconds> autoApprove_;
    std::uint64_t issued_ = 0;
    int polls_ = 0;
    std::map<std::string, DeviceGrant> devices_;      // by device code
    std::map<std::string, TokenGrant> grants_;        // by refresh token
    std::map<std::string, AccessToken> accessTokens_;  // by access token
};

}  // namespace citysim
