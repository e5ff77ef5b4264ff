// The VNeID login end to end against the simulator's OpenID provider: every polling outcome,
// every defective ID token the provider can be made to issue, cancellation, revocation on
// logout, and that nothing of the resident is left on disk afterwards.
#include <boost/test/unit_test.hpp>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <vector>

#include "../city-sim/CitySimServer.h"
#include "../city-sim/OidcProvider.h"
#include "../support/TestPaths.h"
#include "auth/DeviceLogin.h"
#include "auth/OidcClient.h"
#include "core/Clock.h"
#include "directory/BundledSeed.h"
#include "directory/DirectoryCache.h"
#include "log/Log.h"
#include "sync/Datasets.h"
#include "sync/SyncEngine.h"

using namespace kiosk;
using citysim::CitySimServer;
using citysim::OidcProvider;
using Kind = LoginEvent::Kind;

namespace {
std::shared_ptr<const std::vector<DirectoryEntry>> smallSeed() {
    static const auto seed = [] {
        auto all = loadBundledSeed(test::resourcesDir() / "data", true);
        auto entries = std::make_shared<std::vector<DirectoryEntry>>();
        for (const auto& e : all)
            if (datasetOf(e) == "hotlines" || datasetOf(e) == "ward-offices") entries->push_back(e);
        return std::shared_ptr<const std::vector<DirectoryEntry>>(entries);
    }();
    return seed;
}

// Records every token request's time, so tests can see the polling interval.
class RecordingHttp final : public HttpClient {
public:
    explicit RecordingHttp(Config::City city) : inner_(std::move(city)) {}
    HttpResult perform(const HttpRequest& request, const std::atomic<bool>* cancel) override {
        if (request.url.ends_with("/token")) {
            std::lock_guard lock(mutex_);
            polls_.push_back(std::chrono::steady_clock::now());
        }
        return inner_.perform(request, cancel);
    }
    std::vector<std::chrono::steady_clock::time_point> polls() {
        std::lock_guard lock(mutex_);
        return polls_;
    }

private:
    CurlHttpClient inner_;
    std::mutex mutex_;
    std::vector<std::chrono::steady_clock::time_point> polls_;
};

struct LoginFixture {
    CitySimServer sim{[] {
        CitySimServer::Options options;
        options.seed = smallSeed();
        return options;
    }()};
    Config config;
    std::shared_ptr<RecordingHttp> http;
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<LoginEvent> events;

    ~LoginFixture() {
        // Logins cancelled by their tests end their last request before the simulator goes.
        DeviceLogin::waitForAll(std::chrono::seconds(5));
    }
    LoginFixture() {
        sim.start();
        sim.oidc().setTiming(std::chrono::seconds(60), std::chrono::seconds(1));
        config.kiosk.wardCode = "26740";
        config.kiosk.id = "kiosk-test";
        config.city.baseUrl = sim.baseUrl();
        config.city.oidcIssuer = sim.oidc().issuer();
        config.city.clientId = "ward-kiosk";
        http = std::make_shared<RecordingHttp>(config.city);
    }
    std::unique_ptr<DeviceLogin> login() {
        return std::make_unique<DeviceLogin>(http, LoginSettings::from(config), SystemClock::instance(),
                                             [this](const LoginEvent& event) {
                                                 std::lock_guard lock(mutex);
                                                 events.push_back(event);
                                                 changed.notify_all();
                                             });
    }
    // Waits for the n-th event (1-based).
    std::optional<LoginEvent> event(std::size_t n, std::chrono::seconds limit = std::chrono::seconds(20)) {
        std::unique_lock lock(mutex);
        if (!changed.wait_for(lock, limit, [&] { return events.size() >= n; })) return std::nullopt;
        return events[n - 1];
    }
    std::string waitForCode() {
        const auto shown = event(1);
        BOOST_REQUIRE(shown.has_value());
        BOOST_REQUIRE((shown->kind == Kind::ShowCode));
        return shown->code.userCode;
    }
};
}  // namespace

BOOST_AUTO_TEST_CASE(approved_login_gives_the_validated_identity) {
    LoginFixture f;
    auto login = f.login();
    const auto shown = f.event(1);
    BOOST_REQUIRE(shown.has_value());
    BOOST_REQUIRE((shown->kind == Kind::ShowCode));
    const auto& code = shown->code;
    BOOST_TEST(code.qrAllowed, code.qrRefusal);  // loopback issuer in a dev config
    BOOST_TEST(code.verificationUriComplete.find(f.sim.oidc().issuer() + "/phone?user_code=") == 0u);
    BOOST_TEST(code.interval.count() == 1);
    BOOST_TEST(f.sim.oidc().approve(code.userCode));
    const auto done = f.event(2);
    BOOST_REQUIRE(done.has_value());
    BOOST_TEST_REQUIRE((done->kind == Kind::Approved), done->detail);
    BOOST_TEST(done->identity.name == "Nguyễn Văn Thử");
    BOOST_TEST(done->identity.citizenId == "079056000123");
    BOOST_TEST(done->identity.birthDate == "1956-03-08");
    BOOST_TEST(!done->identity.accessToken.empty());
    BOOST_TEST(!done->identity.subject.empty());
    // Polls came at the provider's interval, not faster.
    const auto polls = f.http->polls();
    for (std::size_t i = 1; i < polls.size(); ++i)
        BOOST_TEST((polls[i] - polls[i - 1] >= std::chrono::milliseconds(990)));
}

BOOST_AUTO_TEST_CASE(a_claim_mapping_reads_the_providers_names) {
    LoginFixture f;
    f.config.vneid.claimName = "name";  // the standard claim instead of HoVaTen
    f.config.vneid.claimCitizenId = "no_such_claim";
    auto login = f.login();
    f.sim.oidc().approve(f.waitForCode());
    const auto done = f.event(2);
    BOOST_REQUIRE((done && done->kind == Kind::Approved));
    BOOST_TEST(done->identity.name == "Nguyễn Văn Thử");
    BOOST_TEST(done->identity.citizenId.empty());
}

BOOST_AUTO_TEST_CASE(declined_and_expired_codes_end_the_login) {
    {
        LoginFixture f;
        auto login = f.login();
        f.sim.oidc().deny(f.waitForCode());
        const auto done = f.event(2);
        BOOST_REQUIRE(done.has_value());
        BOOST_TEST((done->kind == Kind::Denied));
    }
    {
        LoginFixture f;
        f.sim.oidc().setTiming(std::chrono::seconds(2), std::chrono::seconds(1));
        auto login = f.login();
        f.waitForCode();
        const auto done = f.event(2);
        BOOST_REQUIRE(done.has_value());
        BOOST_TEST((done->kind == Kind::Expired));
    }
}

BOOST_AUTO_TEST_CASE(slow_down_adds_five_seconds_and_keeps_them) {
    LoginFixture f;
    // The provider's clock stands still: every poll after the first looks too early to it.
    const auto frozen = std::chrono::steady_clock::now();
    f.sim.oidc().setClock([frozen] { return frozen; });
    auto login = f.login();
    const auto userCode = f.waitForCode();
    // Wait for three polls: the second gets slow_down, so the third comes 6 s after it.
    for (int i = 0; i < 120 && f.http->polls().size() < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto polls = f.http->polls();
    BOOST_REQUIRE(polls.size() >= 3u);
    BOOST_TEST((polls[1] - polls[0] < std::chrono::seconds(2)));
    BOOST_TEST((polls[2] - polls[1] >= std::chrono::milliseconds(5990)));
    login->cancel();
}

BOOST_AUTO_TEST_CASE(every_defective_id_token_is_refused) {
    using Fault = OidcProvider::TokenFault;
    const std::vector<std::pair<Fault, std::string>> cases = {
        {Fault::AlgNone, "alg"},
        {Fault::Hs256WithPublicKey, "HS256"},
        {Fault::WrongIssuer, "iss"},
        {Fault::WrongAudience, "aud"},
        {Fault::ExtraAudience, "aud"},
        {Fault::Expired, "exp"},
        {Fault::FlippedSignature, "signature"},
        {Fault::UnknownKid, "kid"},
    };
    for (const auto& [fault, reason] : cases) {
        BOOST_TEST_CONTEXT("fault " << static_cast<int>(fault)) {
            LoginFixture f;
            f.sim.oidc().setTokenFault(fault);
            f.sim.clearRequests();
            auto login = f.login();
            f.sim.oidc().approve(f.waitForCode());
            const auto done = f.event(2);
            BOOST_REQUIRE(done.has_value());
            BOOST_TEST((done->kind == Kind::Failed));
            BOOST_TEST(done->identity.name.empty());
            BOOST_TEST(done->detail.find("ID token rejected") == 0u, done->detail);
            BOOST_TEST(done->detail.find(reason) != std::string::npos, done->detail);
            if (fault == Fault::UnknownKid) {
                int jwksFetches = 0;
                for (const auto& r : f.sim.requests()) jwksFetches += r.find("/vneid/jwks") != std::string::npos;
                BOOST_TEST(jwksFetches == 2);  // once, then once more for the unknown kid, then refused
            }
        }
    }
}

// A standards-conformant provider labels its answers in other ways than the simulator does by
// default: the key set as application/jwk-set+json (RFC 7517 §8.5.1), JSON with parameters as
// Keycloak writes it. The login goes through with each, on each endpoint; not JSON is refused.
BOOST_AUTO_TEST_CASE(logins_go_through_whatever_json_media_type_each_endpoint_uses) {
    const std::vector<std::pair<std::string, std::string>> variants = {
        {"jwks", "application/jwk-set+json"},
        {"jwks", "application/jwk-set+json; charset=utf-8"},
        {"discovery", "application/json;charset=UTF-8"},
        {"device", "Application/JSON"},
        {"token", "application/json;charset=UTF-8"},
        {"revoke", "application/json; charset=utf-8"},
        {"token", "application/vnd.vneid.token+json"},
    };
    for (const auto& [endpoint, type] : variants) {
        BOOST_TEST_CONTEXT(endpoint << " as " << type) {
            LoginFixture f;
            f.sim.setMediaType(endpoint, type);
            auto login = f.login();
            f.sim.oidc().approve(f.waitForCode());
            const auto done = f.event(2);
            BOOST_REQUIRE(done.has_value());
            BOOST_TEST((done->kind == Kind::Approved), done->detail);
            BOOST_TEST(done->identity.name == "Nguyễn Văn Thử");
            std::string error;
            BOOST_TEST(OidcClient(*f.http, f.config.city.oidcIssuer, "ward-kiosk", "openid")
                           .revoke(*login->provider(), done->identity.accessToken, "access_token", error), error);
            BOOST_TEST(f.sim.oidc().isRevoked(done->identity.accessToken));
        }
    }
    // Every endpoint at once, as a Keycloak realm answers.
    LoginFixture f;
    for (const auto& endpoint : CitySimServer::mediaTypeEndpoints()) f.sim.setMediaType(endpoint, "application/json;charset=UTF-8");
    auto login = f.login();
    f.sim.oidc().approve(f.waitForCode());
    const auto done = f.event(2);
    BOOST_REQUIRE(done.has_value());
    BOOST_TEST((done->kind == Kind::Approved), done->detail);
}

BOOST_AUTO_TEST_CASE(answers_that_are_not_json_are_refused_whatever_they_hold) {
    for (const std::string endpoint : {"discovery", "jwks", "token"}) {
        BOOST_TEST_CONTEXT(endpoint) {
            LoginFixture f;
            f.sim.setMediaType(endpoint, "text/plain; charset=utf-8");
            auto login = f.login();
            auto first = f.event(1);
            BOOST_REQUIRE(first.has_value());
            if (first->kind == Kind::ShowCode) {
                f.sim.oidc().approve(first->code.userCode);
                first = f.event(2);
                BOOST_REQUIRE(first.has_value());
            }
            BOOST_TEST((first->kind != Kind::Approved));
            BOOST_TEST(first->identity.name.empty());
            BOOST_TEST(first->detail.find("text/plain") != std::string::npos, first->detail);
        }
    }
}

BOOST_AUTO_TEST_CASE(keys_rotated_at_the_provider_are_fetched_again) {
    LoginFixture f;
    f.sim.oidc().setSigningAlg("ES256");
    auto login = f.login();
    const auto userCode = f.waitForCode();
    f.sim.oidc().rotateKeys();
    f.sim.oidc().approve(userCode);
    const auto done = f.event(2);
    BOOST_REQUIRE(done.has_value());
    BOOST_TEST((done->kind == Kind::Approved), done->detail);
}

BOOST_AUTO_TEST_CASE(a_provider_that_is_not_the_configured_issuer_is_refused) {
    LoginFixture f;
    f.config.city.oidcIssuer = f.sim.oidc().issuer() + "/";  // one byte off
    auto login = f.login();
    const auto done = f.event(1);
    BOOST_REQUIRE(done.has_value());
    BOOST_TEST((done->kind == Kind::Failed));
    BOOST_TEST(done->detail.find("issuer") != std::string::npos, done->detail);
}

BOOST_AUTO_TEST_CASE(cancel_stops_polling_at_once_and_reports_nothing_more) {
    LoginFixture f;
    auto login = f.login();
    f.waitForCode();
    login->cancel();
    const auto pollsAtCancel = f.http->polls().size();
    f.sim.oidc().approve(f.sim.oidc().pendingUserCodes().at(0));
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    BOOST_TEST(f.http->polls().size() <= pollsAtCancel + 1);  // at most one already in flight
    {
        std::lock_guard lock(f.mutex);
        BOOST_TEST(f.events.size() == 1u);
    }
    login.reset();
    BOOST_TEST(DeviceLogin::waitForAll(std::chrono::seconds(3)));
}

BOOST_AUTO_TEST_CASE(verification_uris_become_qr_codes_only_on_the_issuers_https_host) {
    BOOST_TEST(OidcClient::checkVerificationUri("https://id.vneid.gov.vn/device?c=1", "https://id.vneid.gov.vn/realms/c").empty());
    BOOST_TEST(!OidcClient::checkVerificationUri("https://evil.example/device", "https://id.vneid.gov.vn/realms/c").empty());
    BOOST_TEST(!OidcClient::checkVerificationUri("http://id.vneid.gov.vn/device", "https://id.vneid.gov.vn").empty());
    BOOST_TEST(!OidcClient::checkVerificationUri("javascript:alert(1)", "https://id.vneid.gov.vn").empty());
    BOOST_TEST(OidcClient::checkVerificationUri("http://127.0.0.1:8787/vneid/phone", "http://127.0.0.1:8787/vneid").empty());
    BOOST_TEST(!OidcClient::checkVerificationUri("http://127.0.0.1:8787/vneid/phone", "https://id.vneid.gov.vn").empty());
}

namespace {
// Every file under `dir` whose bytes contain one of `secrets`.
std::vector<std::string> filesContaining(const std::filesystem::path& dir, const std::vector<std::string>& secrets) {
    std::vector<std::string> found;
    for (const auto& item : std::filesystem::recursive_directory_iterator(dir)) {
        if (!item.is_regular_file()) continue;
        std::ifstream in(item.path(), std::ios::binary);
        std::stringstream bytes;
        bytes << in.rdbuf();
        const std::string content = bytes.str();
        for (const auto& secret : secrets)
            if (!secret.empty() && content.find(secret) != std::string::npos)
                found.push_back(item.path().string() + " holds \"" + secret.substr(0, 16) + "\"");
    }
    return found;
}
}  // namespace

BOOST_AUTO_TEST_CASE(after_logout_the_access_token_is_revoked_and_nothing_of_the_resident_is_on_disk) {
    LoginFixture f;
    // The kiosk's files as they are while it serves: cache.db (WAL) being synced, the log.
    const auto state = test::scratchDir("login-wipe");
    const auto temp = state / "tmp";
    std::filesystem::create_directories(temp);
    setenv("TMPDIR", temp.c_str(), 1);
    log::init(state / "log" / "ward-kiosk.log", "debug", false);
    DirectoryCache::OpenReport report;
    auto cache = DirectoryCache::open(state / "cache.db", [] { return *smallSeed(); }, report);
    f.config.sync.datasets = {"hotlines", "ward-offices"};
    SyncEngine sync(state / "cache.db", f.config, std::make_shared<CurlHttpClient>(f.config.city), SystemClock::instance());

    ResidentIdentity identity;
    std::optional<ProviderMetadata> provider;
    {
        auto login = f.login();
        f.sim.oidc().approve(f.waitForCode());
        const auto done = f.event(2);
        BOOST_REQUIRE((done && done->kind == Kind::Approved));
        identity = done->identity;
        provider = login->provider();
    }
    BOOST_TEST(sync.runOnce().allOk());  // the kiosk keeps working while the resident is logged in
    // The session keeps no citizen ID, birth date, refresh or ID token (issue 17): the test's
    // citizen's are searched for by value.
    const std::vector<std::string> secrets = {identity.name, "079056000123", identity.accessToken, "1956-03-08"};
    {
        TokenRevoker revoker(f.http, LoginSettings::from(f.config));
        revoker.revoke(identity, provider);
        revoker.drain();
    }
    BOOST_TEST(f.sim.oidc().isRevoked(identity.accessToken));
    log::get("auth")->flush();
    const auto leaks = filesContaining(state, secrets);
    BOOST_TEST(leaks.empty(), [&] {
        std::string all;
        for (const auto& l : leaks) all += "\n  " + l;
        return all;
    }());
    unsetenv("TMPDIR");
    log::shutdown();
}
