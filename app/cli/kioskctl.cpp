// kioskctl: the administrator's command line for Ward Kiosk. Links only the core, which is
// also the proof that the core needs no GUI toolkit.
#include <CLI/CLI.hpp>
#include <curl/curl.h>

#include <iostream>

#include "config/KioskSetup.h"
#include "directory/BundledSeed.h"
#include "directory/DirectoryCache.h"

#include <nlohmann/json.hpp>
#include "domain/FeatureCatalog.h"
#include "net/ConnectivityMonitor.h"

namespace {
using namespace kiosk;

// Exit codes from sysexits.h, which systemd and admin scripts understand.
constexpr int kExitOk = 0;
constexpr int kExitConfig = 78;  // EX_CONFIG
constexpr int kExitUnavailable = 69;  // EX_UNAVAILABLE

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
}  // namespace

int main(int argc, char** argv) {
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

    const auto setup = KioskSetup::load(resolved);
    if (!setup.config.ok()) return printConfigResult(setup);
    const auto& config = *setup.config.config;
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
        auto cache = DirectoryCache::open(resolved.cacheDir / "cache.db", [&] { return loadBundledSeed(dataDir); }, report);
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
    if (*status) {
        printConfigResult(setup);
        std::string detail;
        const auto state = ConnectivityMonitor::probe(config.city, detail);
        std::cout << "  network: " << (state == NetState::Online ? "online" : "OFFLINE") << " (" << detail << ")\n";
        return state == NetState::Online ? kExitOk : kExitUnavailable;
    }
    return kExitOk;
}
