// kioskctl: the administrator's command line for Ward Kiosk. Links only the core, which is
// also the proof that the core needs no GUI toolkit.
#include <CLI/CLI.hpp>
#include <curl/curl.h>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <cstdio>
#include <iomanip>
#include <iostream>

#include "cli/FeedbackCommands.h"
#include "cli/PrintCommands.h"
#include "cli/PrivacyCommands.h"
#include "config/KioskSetup.h"
#include "directory/BundledSeed.h"
#include "directory/DirectoryCache.h"
#include "feedback/Outbox.h"
#include "platform/KioskUser.h"

#include <nlohmann/json.hpp>
#include "domain/FeatureCatalog.h"
#include "auth/DeviceLogin.h"
#include "core/IsoTime.h"
#include "printing/QrCode.h"
#include "log/Log.h"
#include "net/ConnectivityMonitor.h"
#include "net/Url.h"
#include "sync/SyncEngine.h"

namespace {
using namespace kiosk;

// Exit codes from sysexits.h, which systemd and admin scripts understand.
constexpr int kExitOk = 0;
constexpr int kExitConfig = 78;  // EX_CONFIG
constexpr int kExitUnavailable = 69;  // EX_UNAVAILABLE
constexpr int kExitNoPerm = 77;  // EX_NOPERM: a command that changes the kiosk's files, run by another user

// How long kioskctl status shows that a damaged outbox was recovered: long enough to be seen
// at the next weekly check. The log keeps it for good, and the moved-aside file stays.
constexpr auto kRecoveryShownFor = std::chrono::hours(24 * 30);

// The command line as typed, to be typed again after "sudo -u ward-kiosk".
// Whether this user may read the kiosk's state (the folder, and the outbox in it, once they exist).
bool readableByCaller(const Paths& paths) {
    std::error_code ec;
    if (!std::filesystem::exists(paths.stateDir, ec)) return true;
    if (::access(paths.stateDir.c_str(), R_OK | X_OK) != 0) return false;
    const auto outbox = paths.stateDir / "outbox.db";
    return !std::filesystem::exists(outbox, ec) || ::access(outbox.c_str(), R_OK) == 0;
}

std::string commandLine(int argc, char** argv) {
    std::string line;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.empty() || arg.find_first_of(" \t\n'\"\\$`*?[]{}()<>|&;#~") != std::string::npos) {
            std::string quoted = "'";
            for (const char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
            arg = quoted + "'";
        }
        line += (line.empty() ? "" : " ") + arg;
    }
    return line;
}

// The outbox as staff should see it at a glance, read-only: counts, and recent recoveries.
void printOutbox(const Paths& paths) {
    const auto file = paths.stateDir / "outbox.db";
    std::unique_ptr<Outbox> outbox;
    try {
        std::string note;
        outbox = Outbox::openReadOnly(file, SystemClock::instance(), &note);
        if (!outbox) {
            std::cout << "  outbox:  none yet (" << file.string() << ")\n";
            return;
        }
        const auto counts = outbox->counts();
        std::int64_t ratingsWaiting = 0;
        for (const auto& r : outbox->ratings())
            ratingsWaiting += (r.state == RatingState::Queued || r.state == RatingState::Sending) ? 1 : 0;
        std::cout << "  outbox:  " << counts.waiting() << " report(s) waiting"
                  << (counts.oldestWaitingSince.empty() ? "" : " (oldest since " + counts.oldestWaitingSince + ")") << ", "
                  << counts.filed << " filed, " << counts.refused << " refused; " << ratingsWaiting << " rating(s) waiting"
                  << (note.empty() ? "" : "; " + note) << "\n";
        for (const auto& r : outbox->recoveries(std::chrono::system_clock::now() - kRecoveryShownFor)) {
            std::error_code ec;
            std::cout << "  outbox:  RECOVERED " << r.at << ": " << r.summary() << "\n";
            if (!r.problem.empty()) std::cout << "           it was set aside because: " << r.problem << "\n";
            if (std::filesystem::exists(r.source, ec))
                std::cout << "           the file is kept there for staff; what was not recovered is only in it\n";
        }
    } catch (const std::exception& error) {
        std::cout << "  outbox:  CANNOT READ " << file.string() << ": " << error.what() << "\n";
    }
}

int printConfigResult(const KioskSetup& setup) {
    if (!setup.config.ok()) {
        std::cerr << formatIssues(setup.config.issues);
        std::cerr << setup.config.issues.size() << " problem(s) in " << setup.configSource << "\n";
        return kExitConfig;
    }
    const auto& config = *setup.config.config;
    const auto ward = setup.wards.find(config.kiosk.wardCode);
    std::cout << "OK: " << setup.configSource << "\n"
              << "  ward:    " << config.kiosk.wardCode << " " << (ward ? ward->fullName : "?") << "\n"
              << "  groups:  " << config.kiosk.enabledGroups.size() << " of " << kFeatureGroupCount << " enabled\n"
              << "  city:    " << config.city.baseUrl << "\n"
              << "  printer: " << config.printer.backend
              << (config.printer.queue.empty() ? "" : " (" + config.printer.queue + ")") << "\n";
    return kExitOk;
}

// "3 min", "2 h", "5 days": how old a time is, for staff.
std::string ageOf(const std::string& iso) {
    const auto when = parseIsoUtc(iso);
    if (!when) return "never";
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now() - *when).count();
    if (seconds < 120) return std::to_string(std::max<long long>(seconds, 0)) + " s ago";
    if (seconds < 7200) return std::to_string(seconds / 60) + " min ago";
    if (seconds < 172800) return std::to_string(seconds / 3600) + " h ago";
    return std::to_string(seconds / 86400) + " days ago";
}

void printSyncStates(const std::vector<DatasetState>& states) {
    std::cout << "  datasets:\n";
    std::cout << "    " << std::left << std::setw(19) << "DATASET" << std::setw(9) << "VERSION" << std::setw(8) << "ROWS"
              << std::setw(16) << "LAST SUCCESS" << "STATE\n";
    for (const auto& s : states) {
        std::string state = s.version == 0 ? "bundled data" : "synced";
        if (s.remoteVersion > s.version) state += ", city has version " + std::to_string(s.remoteVersion);
        if (!s.stagingMode.empty() && s.stagingPages > 0)
            state += ", " + s.stagingMode + " sync interrupted after " + std::to_string(s.stagingPages) + " pages (resumes)";
        if (!s.lastError.empty())
            state += "\n      last error (" + std::to_string(s.failures) + " in a row, " + ageOf(s.lastErrorAt) + "): " + s.lastError;
        if (s.skipped > 0) state += "\n      " + std::to_string(s.skipped) + " records refused at the last sync (see the log)";
        std::cout << "    " << std::left << std::setw(19) << s.dataset << std::setw(9) << s.version << std::setw(8) << s.rows
                  << std::setw(16) << (s.lastSuccess.empty() ? "never" : ageOf(s.lastSuccess)) << state << "\n";
    }
}
}  // namespace

int main(int argc, char** argv) {
    // Like the kiosk: what kioskctl writes into the state folder (outbox, log) is 0640 at most.
    ::umask(027);
    CLI::App app{"kioskctl: check and inspect a Ward Kiosk installation"};
    app.require_subcommand(1);
    std::string configFile;
    app.add_option("--config", configFile, "Config file to use instead of the one the kiosk would find");

    auto* check = app.add_subcommand("check-config", "Validate a config file exactly as the kiosk does at start");
    std::string checkFile;
    check->add_option("FILE", checkFile, "The kiosk.toml to check")->required();

    auto* defaults = app.add_subcommand("default-config", "Print the embedded default config with every key documented");
    auto* paths = app.add_subcommand("paths", "Show where config, data, state and logs live");
    auto* groups = app.add_subcommand("groups", "List the feature groups and whether the config enables them");
    auto* status = app.add_subcommand("status", "Check the config and whether the city's services answer");
    auto* version = app.add_subcommand("version", "Print the version");
    auto* search = app.add_subcommand("search", "Search the offline directory exactly as the kiosk's screens do");
    std::string searchText;
    std::string searchGroup;
    bool searchJson = false;
    int searchLimit = 20;
    search->add_option("QUERY", searchText, "Words to find (accents optional); empty lists the group");
    search->add_option("--group", searchGroup, "education, health, construction, agencies, tourism, public_services");
    search->add_option("--limit", searchLimit, "How many results")->check(CLI::Range(1, 1000));
    search->add_flag("--json", searchJson, "Print JSON instead of a table");

    auto* sync = app.add_subcommand("sync", "Fetch the city's datasets now (see app/sync/CITY-API.md)");
    std::string syncDataset;
    sync->add_option("--dataset", syncDataset, "Only this dataset (e.g. schools, health-facilities)");

    auto* loginTest = app.add_subcommand("login-test", "Log in with VNeID in this terminal, as the kiosk does, and show the validated claims");
    std::string loginIssuer;
    std::string loginClient;
    loginTest->add_option("--issuer", loginIssuer, "OpenID Connect issuer (default: city.oidc_issuer)");
    loginTest->add_option("--client-id", loginClient, "OAuth client id (default: city.client_id)");

    cli::FeedbackCommands feedbackCommands(app);
    cli::PrintCommands printCommands(app);
    cli::PrivacyCommands privacyCommands(app);

    CLI11_PARSE(app, argc, argv);
    curl_global_init(CURL_GLOBAL_DEFAULT);

    const auto env = Paths::processEnvironment();
    if (*version) {
        std::cout << "kioskctl " << KIOSK_VERSION << "\n";
        return kExitOk;
    }
    if (*defaults) {
        std::cout << ConfigLoader::embeddedDefault();
        return kExitOk;
    }
    if (*check) {
        const auto resolved = Paths::resolve(env, checkFile);
        return printConfigResult(KioskSetup::load(resolved));
    }

    const auto resolved = Paths::resolve(env, configFile);
    if (*paths) {
        std::cout << "installed:  " << (resolved.installed ? "yes (FHS paths)" : "no (build tree, XDG paths)") << "\n"
                  << "config:     " << (resolved.configFile.empty() ? "(embedded default)" : resolved.configFile.string()) << "\n"
                  << "resources:  " << resolved.resources.string() << "\n"
                  << "locale:     " << resolved.localeDir.string() << "\n"
                  << "state:      " << resolved.stateDir.string() << "\n"
                  << "cache:      " << resolved.cacheDir.string() << "\n"
                  << "logs:       " << resolved.logDir.string() << "\n";
        return kExitOk;
    }

    // Commands that change the kiosk's files run as its user (root switches to it, anyone else
    // is refused), before anything is opened; the others only read, and create nothing.
    const bool writes = feedbackCommands.writes() || printCommands.writes() || privacyCommands.writes() || *sync || *loginTest;
    if (writes) {
        const auto access = actAsKioskUser(resolved, commandLine(argc, argv));
        if (access.kind == KioskAccess::Kind::Refused) {
            std::cerr << "kioskctl: " << access.message << "\n";
            return kExitNoPerm;
        }
        if (access.kind == KioskAccess::Kind::Dropped) std::cerr << "kioskctl: " << access.message << "\n";
    } else if ((feedbackCommands.chosen() || printCommands.chosen() || privacyCommands.chosen() || *status) && !readableByCaller(resolved)) {
        // The state folder is the kiosk user's alone (0750): residents' reports are not for every
        // account on the machine. Say whose it is rather than "unable to open database file".
        const auto user = kioskUserOf(resolved);
        const std::string name = user ? user->name : "the kiosk's user";
        std::cerr << "kioskctl: " << resolved.stateDir.string() << " is readable only by " << name
                  << " (it holds residents' reports): run it as " << name << ": sudo -u " << name << " kioskctl "
                  << commandLine(argc, argv) << "\n";
        return kExitNoPerm;
    }

    const auto setup = KioskSetup::load(resolved);
    if (!setup.config.ok()) return printConfigResult(setup);
    const auto& config = *setup.config.config;
    if (feedbackCommands.chosen()) return feedbackCommands.run(resolved, setup);
    if (printCommands.chosen()) return printCommands.run(resolved, config);
    if (privacyCommands.chosen()) return privacyCommands.run(resolved, setup);
    if (*groups) {
        for (const auto& group : FeatureCatalog::all()) {
            std::cout << (config.groupEnabled(group.id) ? "  on   " : "  off  ") << toString(group.id) << "\t"
                      << group.name << "\n";
        }
        return kExitOk;
    }
    if (*search) {
        DirectoryQuery query;
        query.text = searchText;
        query.limit = searchLimit;
        if (!searchGroup.empty()) {
            query.group = groupFromString(searchGroup);
            if (!query.group) {
                std::cerr << "kioskctl: unknown group \"" << searchGroup << "\"\n";
                return 64;
            }
        }
        DirectoryCache::OpenReport report;
        const auto dataDir = resolved.resources / "data";
        auto cache =
            DirectoryCache::openReadOnly(resolved.cacheDir / "cache.db", [&] { return loadBundledSeed(dataDir, config.kiosk.sampleData); }, report);
        const auto page = cache->repository().search(query);
        if (searchJson) {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& e : page.entries) {
                nlohmann::json attributes = e.attributes;
                out.push_back({{"id", e.id}, {"group", toString(e.group)}, {"kind", e.kind}, {"name", e.name},
                               {"address", e.address}, {"phone", e.phone}, {"updated_at", e.updatedAt},
                               {"sample", e.sample}, {"attributes", attributes}});
            }
            std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        } else {
            for (const auto& e : page.entries)
                std::cout << e.id << "\t" << toString(e.group) << "\t" << e.name << (e.sample ? " [dữ liệu mẫu]" : "")
                          << "\t" << e.address << "\n";
            std::cout << page.entries.size() << " result(s)" << (page.more ? ", more available" : "") << "\n";
        }
        return kExitOk;
    }
    const auto openCache = [&](DirectoryCache::OpenReport& report) {
        const auto dataDir = resolved.resources / "data";
        return DirectoryCache::open(resolved.cacheDir / "cache.db", [&] { return loadBundledSeed(dataDir, config.kiosk.sampleData); }, report);
    };
    if (*status) {
        printConfigResult(setup);
        std::string detail;
        const auto state = ConnectivityMonitor::probe(config.city, detail);
        std::cout << "  network: " << (state == NetState::Online ? "online" : "OFFLINE") << " (" << detail << ")\n";
        DirectoryCache::OpenReport report;
        const auto dataDir = resolved.resources / "data";
        auto cache =
            DirectoryCache::openReadOnly(resolved.cacheDir / "cache.db", [&] { return loadBundledSeed(dataDir, config.kiosk.sampleData); }, report);
        std::cout << "  cache:   " << (resolved.cacheDir / "cache.db").string() << " (" << report.entries << " entries"
                  << (report.detail.empty() ? "" : "; " + report.detail) << ")\n";
        if (report.origin != DirectoryCache::Origin::InMemory) printSyncStates(SyncStore(cache->database()).states());
        printOutbox(resolved);
        return state == NetState::Online ? kExitOk : kExitUnavailable;
    }
    if (*loginTest) {
        log::init(resolved.logDir / "kioskctl.log", config.log.level, false);
        auto settings = LoginSettings::from(config);
        if (!loginIssuer.empty()) {
            if (auto reason = checkCityUrl(loginIssuer); !reason.empty()) {
                std::cerr << "kioskctl: --issuer " << loginIssuer << ": " << reason << "\n";
                return 64;
            }
            settings.issuer = loginIssuer;
        }
        if (!loginClient.empty()) settings.clientId = loginClient;
        std::mutex mutex;
        std::condition_variable done;
        std::optional<LoginEvent> ending;
        DeviceLogin login(std::make_shared<CurlHttpClient>(config.city, userAgentFor(config)), settings,
                          SystemClock::instance(), [&](const LoginEvent& event) {
                              if (event.kind == LoginEvent::Kind::ShowCode) {
                                  const auto& code = event.code;
                                  if (code.qrAllowed) std::cout << QrCode::encode(code.verificationUriComplete).toText();
                                  else std::cout << "(no QR code: " << code.qrRefusal << ")\n";
                                  std::cout << "user_code: " << code.userCode << "\n"
                                            << "verification_uri_complete: " << code.verificationUriComplete << "\n"
                                            << "verification_uri: " << code.verificationUri << "\n"
                                            << "waiting for approval (the code expires in " << code.expiresIn.count()
                                            << " s; polling every " << code.interval.count() << " s)..." << std::endl;
                                  return;
                              }
                              std::lock_guard lock(mutex);
                              ending = event;
                              done.notify_all();
                          });
        std::unique_lock lock(mutex);
        done.wait(lock, [&] { return ending.has_value(); });
        switch (ending->kind) {
            case LoginEvent::Kind::Approved: {
                const auto& who = ending->identity;
                std::cout << "APPROVED; the ID token is valid (issuer " << settings.issuer << ", client " << settings.clientId
                          << ")\n"
                          << "  sub:        " << who.subject << "\n"
                          << "  name:       " << who.name << "   (claim " << config.vneid.claimName << ")\n"
                          << "  citizen id: " << who.citizenId << "   (claim " << config.vneid.claimCitizenId << ")\n"
                          << "  birth date: " << who.birthDate << "   (claim " << config.vneid.claimBirthDate << ")\n";
                TokenRevoker revoker(std::make_shared<CurlHttpClient>(config.city, userAgentFor(config)), settings);
                revoker.revoke(ending->identity, login.provider());
                revoker.drain();
                std::cout << "tokens revoked\n";
                return kExitOk;
            }
            case LoginEvent::Kind::Denied: std::cout << "DENIED: the login was declined on the phone\n"; return 1;
            case LoginEvent::Kind::Expired: std::cout << "EXPIRED: the code expired before approval\n"; return 2;
            default: std::cout << "FAILED: " << ending->detail << "\n"; return 3;
        }
    }
    if (*sync) {
        log::init(resolved.logDir / "kioskctl.log", config.log.level, false);
        DirectoryCache::OpenReport report;
        auto cache = openCache(report);
        if (report.origin == DirectoryCache::Origin::InMemory || report.origin == DirectoryCache::Origin::ReadOnly) {
            std::cerr << "kioskctl: cache.db cannot be written (" << report.detail << "); nothing to sync into\n";
            return 73;  // EX_CANTCREAT
        }
        cache.reset();  // the engine opens its own connection
        SyncEngine engine(resolved.cacheDir / "cache.db", config,
                          std::make_shared<CurlHttpClient>(config.city, userAgentFor(config)), SystemClock::instance());
        const bool bar = isatty(STDERR_FILENO) != 0;
        const auto started = std::chrono::steady_clock::now();
        const auto result = engine.runOnce(syncDataset, true, [&](const SyncProgress& p) {
            // A bar per dataset pass: the pages received so far (the total is known only at the end).
            const int filled = static_cast<int>(p.pages % 30);
            std::string line = p.dataset + " (" + p.mode + ") [" + std::string(static_cast<std::size_t>(filled), '#') +
                               std::string(static_cast<std::size_t>(30 - filled), '.') + "] " + std::to_string(p.pages) +
                               " pages, " + std::to_string(p.records) + " records";
            if (p.expected > 0)
                line += " of " + std::to_string(p.expected) + " (" + std::to_string(std::min<std::int64_t>(100, p.records * 100 / p.expected)) + "%)";
            if (bar) std::cerr << "\r" << line << "\033[K" << std::flush;
            else if (p.pages % 10 == 1) std::cerr << line << "\n";
        });
        if (bar) std::cerr << "\r\033[K";
        const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (!result.indexOk) {
            std::cout << "FAILED: the city's index: " << result.indexError << "\n";
            return kExitUnavailable;
        }
        if (result.indexNotModified) std::cout << "index: not modified since the last sync (304)\n";
        for (const auto& d : result.datasets) {
            std::cout << "  " << std::left << std::setw(19) << d.dataset;
            switch (d.result) {
                case DatasetOutcome::Result::UpToDate: std::cout << "up to date (version " << d.version << ")"; break;
                case DatasetOutcome::Result::Applied:
                    std::cout << "version " << d.version << " applied (" << d.mode << "): " << d.applied.rows << " rows, "
                              << d.applied.changed << " written, " << d.applied.deleted << " removed";
                    if (d.skipped) std::cout << ", " << d.skipped << " refused";
                    break;
                case DatasetOutcome::Result::Failed:
                    std::cout << "FAILED: " << d.error << " (kept the previous data; retry in " << d.retryIn.count() << " s)";
                    break;
                case DatasetOutcome::Result::Waiting: std::cout << "waiting to retry"; break;
            }
            std::cout << "\n";
        }
        std::cout << (result.allOk() ? "OK" : "INCOMPLETE") << ": sync took " << std::fixed << std::setprecision(1) << seconds
                  << " s\n";
        return result.allOk() ? kExitOk : kExitUnavailable;
    }
    return kExitOk;
}
