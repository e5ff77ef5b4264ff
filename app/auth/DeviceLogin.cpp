#include "auth/DeviceLogin.h"

#include <algorithm>

#include "auth/IdTokenValidator.h"
#include "core/Reaper.h"
#include "log/Log.h"

namespace kiosk {
namespace {
std::string claimText(const nlohmann::json& claims, const std::string& name) {
    const auto it = claims.find(name);
    if (it == claims.end()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
    return {};
}

// Tokens and citizen data should not linger in freed heap memory any longer than needed.
void scrub(ResidentIdentity& identity) {
    wipe(identity);
}

void scrub(TokenSet& tokens) {
    for (auto* field : {&tokens.accessToken, &tokens.idToken, &tokens.refreshToken}) scan::wipeString(*field);
}
}  // namespace

LoginIdentity::~LoginIdentity() {
    scan::wipeString(citizenId);
    scan::wipeString(birthDate);
}

LoginSettings LoginSettings::from(const Config& config) {
    return {config.city.oidcIssuer, config.city.clientId, config.vneid};
}

LoginIdentity identityFromClaims(const nlohmann::json& claims, const Config::Vneid& names) {
    LoginIdentity identity;
    identity.subject = claimText(claims, "sub");
    identity.name = claimText(claims, names.claimName);
    if (identity.name.empty()) identity.name = claimText(claims, "name");
    identity.citizenId = claimText(claims, names.claimCitizenId);
    identity.birthDate = claimText(claims, names.claimBirthDate);
    if (identity.birthDate.empty()) identity.birthDate = claimText(claims, "birthdate");
    return identity;
}

namespace {
std::mutex gLiveMutex;
std::condition_variable gLiveChanged;
int gLive = 0;

// Ends the threads of logins whose owners are gone; joins them all at exit at the latest.
Reaper& reaper() {
    static Reaper instance("login-reaper");
    return instance;
}
}  // namespace

struct DeviceLogin::State {
    State(std::shared_ptr<HttpClient> httpClient, LoginSettings loginSettings, const Clock& timeSource,
          EventCallback callback)
        : http(std::move(httpClient)), settings(std::move(loginSettings)), clock(timeSource), onEvent(std::move(callback)),
          client(*http, settings.issuer, settings.clientId, settings.vneid.scope) {}

    std::shared_ptr<HttpClient> http;
    LoginSettings settings;
    const Clock& clock;
    EventCallback onEvent;
    OidcClient client;
    std::atomic<bool> cancelled{false};
    mutable std::mutex mutex;
    std::condition_variable wake;
    std::optional<ProviderMetadata> provider;

    void emit(const LoginEvent& event) {
        // Under the lock, so that once cancel() has returned no event can start.
        std::lock_guard lock(mutex);
        if (!cancelled) onEvent(event);
    }
    bool sleepFor(std::chrono::seconds duration) {
        std::unique_lock lock(mutex);
        wake.wait_for(lock, duration, [this] { return cancelled.load(); });
        return !cancelled;
    }
    LoginEvent finish(const ProviderMetadata& at, const TokenSet& tokens);
    void run();
};

DeviceLogin::DeviceLogin(std::shared_ptr<HttpClient> http, LoginSettings settings, const Clock& clock,
                         EventCallback onEvent)
    : state_(std::make_shared<State>(std::move(http), std::move(settings), clock, std::move(onEvent))) {
    {
        std::lock_guard lock(gLiveMutex);
        ++gLive;
    }
    thread_ = std::thread([state = state_] {
        state->run();
        std::lock_guard lock(gLiveMutex);
        --gLive;
        gLiveChanged.notify_all();
    });
}

DeviceLogin::~DeviceLogin() {
    cancel();
    // Joined by the reaper, not here: the UI thread destroys logins, and a request in flight
    // ends only at its timeout.
    reaper().adopt(std::move(thread_));
}

void DeviceLogin::cancel() {
    {
        std::lock_guard lock(state_->mutex);
        state_->cancelled = true;
    }
    state_->wake.notify_all();
}

std::optional<ProviderMetadata> DeviceLogin::provider() const {
    std::lock_guard lock(state_->mutex);
    return state_->provider;
}

bool DeviceLogin::waitForAll(std::chrono::milliseconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    {
        std::unique_lock lock(gLiveMutex);
        if (!gLiveChanged.wait_until(lock, until, [] { return gLive == 0; })) return false;
    }
    // Every login has returned: what is left is its thread's join, a moment however little of
    // `limit` remains.
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    return reaper().waitIdle(std::max(left, std::chrono::milliseconds(50)));
}

LoginEvent DeviceLogin::State::finish(const ProviderMetadata& at, const TokenSet& tokens) {
    LoginEvent event;
    IdTokenValidator::Expectations expect;
    expect.issuer = at.issuer;
    expect.clientId = settings.clientId;
    expect.maxSkew = settings.vneid.maxClockSkew;
    std::string jwksError;
    const auto result = IdTokenValidator::validateWithRefetch(
        tokens.idToken,
        [&](bool) -> std::optional<Jwks> {
            // Keys are fetched for each login (and once more for an unknown kid): a rotation at
            // the provider is always seen.
            auto json = client.fetchJwks(at, jwksError);
            if (!json) return std::nullopt;
            return Jwks::parse(*json, jwksError);
        },
        expect, clock.wallNow());
    if (!result.ok) {
        event.kind = LoginEvent::Kind::Failed;
        event.detail = "ID token rejected: " + result.error + (jwksError.empty() ? "" : " (jwks: " + jwksError + ")");
        return event;
    }
    event.kind = LoginEvent::Kind::Approved;
    event.identity = identityFromClaims(result.claims, settings.vneid);
    // Only the access token is kept: a kiosk session never outlives it, so the refresh token
    // would only be something more to leak, and the ID token carries the citizen ID.
    event.identity.accessToken = tokens.accessToken;
    return event;
}

void DeviceLogin::State::run() {
    auto logger = log::get("auth");
    auto fail = [&](const std::string& detail) {
        if (cancelled) return;
        logger->warn("VNeID login failed: {}", detail);
        LoginEvent event;
        event.kind = LoginEvent::Kind::Failed;
        event.detail = detail;
        emit(event);
    };
    std::string error;
    auto discovered = client.discover(error, &cancelled);
    if (cancelled) return;
    if (!discovered) return fail("discovery of " + settings.issuer + ": " + error);
    {
        std::lock_guard lock(mutex);
        provider = discovered;
    }
    auto code = client.authorizeDevice(*discovered, error, &cancelled);
    if (cancelled) return;
    if (!code) return fail(error);
    if (!code->qrAllowed) logger->warn("VNeID login: no QR code for {}: {}", code->verificationUriComplete, code->qrRefusal);
    logger->info("VNeID login: code shown, expires in {} s, polling every {} s", code->expiresIn.count(),
                 code->interval.count());
    LoginEvent show;
    show.kind = LoginEvent::Kind::ShowCode;
    show.code = *code;
    emit(show);
    const auto expiresAt = clock.now() + code->expiresIn;
    auto interval = code->interval;
    while (!cancelled) {
        if (!sleepFor(interval)) return;
        if (clock.now() >= expiresAt) {
            logger->info("VNeID login: the code expired");
            emit({LoginEvent::Kind::Expired, {}, {}, {}});
            return;
        }
        auto poll = client.poll(*discovered, code->deviceCode, &cancelled);
        if (cancelled) return;
        switch (poll.status) {
            case PollResult::Status::Pending: break;
            case PollResult::Status::SlowDown:
                interval += std::chrono::seconds(5);  // RFC 8628 §3.5: and kept for later polls
                logger->info("VNeID login: slow_down; polling every {} s", interval.count());
                break;
            case PollResult::Status::Denied:
                logger->info("VNeID login: the resident declined");
                emit({LoginEvent::Kind::Denied, {}, {}, {}});
                return;
            case PollResult::Status::Expired:
                logger->info("VNeID login: the provider says the code expired");
                emit({LoginEvent::Kind::Expired, {}, {}, {}});
                return;
            case PollResult::Status::Approved: {
                auto event = finish(*discovered, poll.tokens);
                scrub(poll.tokens);
                if (event.kind == LoginEvent::Kind::Approved) {
                    logger->info("VNeID login: approved; the ID token is valid");
                    emit(event);
                    scrub(event.identity);
                } else {
                    fail(event.detail);
                }
                return;
            }
            case PollResult::Status::Failed:
                if (poll.transient) {
                    // The network may come back before the code expires: keep polling until then.
                    logger->warn("VNeID login: poll failed ({}); trying again", poll.detail);
                    break;
                }
                return fail(poll.detail);
        }
    }
}

TokenRevoker::TokenRevoker(std::shared_ptr<HttpClient> http, LoginSettings settings)
    : http_(std::move(http)), settings_(std::move(settings)) {
    worker_ = std::thread([this] { run(); });
}

TokenRevoker::~TokenRevoker() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
}

void TokenRevoker::revoke(ResidentIdentity identity, std::optional<ProviderMetadata> provider) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back({std::move(identity), std::move(provider)});
    }
    scrub(identity);
    wake_.notify_all();
}

void TokenRevoker::drain() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return jobs_.empty() && !busy_; });
}

void TokenRevoker::run() {
    auto logger = log::get("auth");
    OidcClient client(*http_, settings_.issuer, settings_.clientId, settings_.vneid.scope);
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        Job job = std::move(jobs_.front());
        jobs_.pop_front();
        busy_ = true;
        lock.unlock();
        std::string error;
        auto provider = job.provider;
        if (!provider) provider = client.discover(error);
        if (!provider) {
            logger->warn("token revocation skipped: {} (the tokens expire on their own)", error);
        } else {
            // The refresh token was never kept (finish()): the access token is all there is.
            if (job.identity.accessToken.empty() ||
                client.revoke(*provider, job.identity.accessToken, "access_token", error))
                logger->info("the logged-out resident's access token handed back to the provider");
            else
                logger->warn("token revocation (access_token) failed: {} (it expires on its own)", error);
        }
        scrub(job.identity);
        lock.lock();
        busy_ = false;
        idle_.notify_all();
    }
}

}  // namespace kiosk
