#pragma once
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "auth/OidcClient.h"
#include "config/Config.h"
#include "core/Clock.h"
#include "domain/Session.h"

namespace kiosk {

// What a login tells the screen, in order: the code to show, then exactly one ending.
// What the provider said about the resident at login. The session keeps only its
// ResidentIdentity part; the citizen ID and birth date are read for `kioskctl vneid
// test-login`, which shows staff the claim mapping, and are overwritten with the event.
struct LoginIdentity : ResidentIdentity {
    std::string citizenId;  // số định danh cá nhân
    std::string birthDate;

    LoginIdentity() = default;
    LoginIdentity(const LoginIdentity&) = default;
    LoginIdentity(LoginIdentity&&) = default;
    LoginIdentity& operator=(const LoginIdentity&) = default;
    LoginIdentity& operator=(LoginIdentity&&) = default;
    ~LoginIdentity();
};

struct LoginEvent {
    enum class Kind { ShowCode, Approved, Denied, Expired, Failed };
    Kind kind = Kind::Failed;
    DeviceAuthorization code;     // ShowCode
    LoginIdentity identity;       // Approved
    std::string detail;           // Failed: the cause, for the log (never shown to residents)
};

// Everything a login needs from the config.
struct LoginSettings {
    std::string issuer;
    std::string clientId;
    Config::Vneid vneid;
    static LoginSettings from(const Config& config);
};

// One VNeID login on its own thread (RFC 8628 with OpenID Connect): discovery, device
// authorization, polling at the provider's interval (slow_down adds 5 s, kept), then the ID
// token checked against the provider's JWKS (OpenID Connect Core §3.1.3.7) and its claims
// read through the configured claim names. Events go to `onEvent` on that thread.
// cancel() and the destructor never block (the UI thread calls them): the login stops at
// once and reports nothing more; its thread, once a request in flight returns, is joined by
// a reaper (core/Reaper.h) that waitForAll() waits for.
class DeviceLogin {
public:
    using EventCallback = std::function<void(const LoginEvent&)>;
    DeviceLogin(std::shared_ptr<HttpClient> http, LoginSettings settings, const Clock& clock, EventCallback onEvent);
    ~DeviceLogin();
    DeviceLogin(const DeviceLogin&) = delete;
    DeviceLogin& operator=(const DeviceLogin&) = delete;

    void cancel();
    // The provider as discovered, for revoking this login's tokens later (empty until known).
    std::optional<ProviderMetadata> provider() const;
    // At exit: waits (at most `limit`, and a moment for the last join) for the threads of
    // cancelled logins to end and be joined.
    static bool waitForAll(std::chrono::milliseconds limit);

private:
    struct State;
    std::shared_ptr<State> state_;
    std::thread thread_;  // runs the login; handed to the reaper by the destructor
};

// The resident's identity from validated ID-token claims, through the configured claim names
// (with the standard "name" and "birthdate" as fallbacks).
LoginIdentity identityFromClaims(const nlohmann::json& claims, const Config::Vneid& names);

// Hands the access token back to the provider (RFC 7009) on its own thread, so logging out never waits
// on the network. The tokens are dropped from memory once sent (or given up on).
class TokenRevoker {
public:
    TokenRevoker(std::shared_ptr<HttpClient> http, LoginSettings settings);
    ~TokenRevoker();  // sends what is queued (each request times out), then stops
    void revoke(ResidentIdentity identity, std::optional<ProviderMetadata> provider);
    // Blocks until the queue is empty (tests, kioskctl).
    void drain();

private:
    struct Job {
        ResidentIdentity identity;
        std::optional<ProviderMetadata> provider;
    };
    void run();

    std::shared_ptr<HttpClient> http_;
    LoginSettings settings_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    std::deque<Job> jobs_;
    bool busy_ = false;
    bool stop_ = false;
    std::thread worker_;
};

}  // namespace kiosk
