// city-sim: a stand-in for the city's services, on loopback only, so the kiosk can be run and
// tested end to end on a machine with no access to the city. It serves the city data API
// (app/sync/CITY-API.md) from the bundled data, with faults on demand (--fault, or
// POST /_sim/fault while it runs), and a simulated VNeID login (OpenID Connect device flow
// under /vneid, tests/city-sim/VNEID-SIM.md) and a simulated 1022 system (Open311 GeoReport v2
// under /open311/v2, tests/city-sim/OPEN311-SIM.md). A later issue adds dossier status here.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <pthread.h>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "CitySimServer.h"
#include "OidcProvider.h"
#include "Open311Sim.h"
#include "net/Url.h"
#include "platform/Paths.h"

namespace {
// "ASSIGN_S,CLOSE_S" of --open311-progress: two whole numbers of seconds, 0 for a step that is off.
std::optional<std::pair<long, long>> parseProgress(const std::string& text) {
    const auto comma = text.find(',');
    if (comma == std::string::npos || text.find(',', comma + 1) != std::string::npos) return std::nullopt;
    auto seconds = [](const std::string& part) -> std::optional<long> {
        if (part.empty() || part.size() > 9 || part.find_first_not_of("0123456789") != std::string::npos)
            return std::nullopt;
        return std::stol(part);
    };
    const auto assign = seconds(text.substr(0, comma));
    const auto close = seconds(text.substr(comma + 1));
    if (!assign || !close || (*assign > 0 && *close > 0 && *close < *assign)) return std::nullopt;
    return std::make_pair(*assign, *close);
}
}  // namespace

int main(int argc, char** argv) {
    CLI::App cli{"city-sim: the city's services simulated on loopback, for development and tests"};
    std::string host = "127.0.0.1";
    int port = 8787;
    std::string dataDir = (kiosk::Paths::resolve(kiosk::Paths::processEnvironment()).resources / "data").string();
    std::size_t replicate = 0;
    int maxPageSize = 5000;
    std::string faultName = "none";
    citysim::FaultSpec fault;
    cli.add_option("--host", host, "Address to listen on (loopback only)");
    cli.add_option("--port", port, "Port to listen on")->check(CLI::Range(1, 65535));
    cli.add_option("--data-dir", dataDir, "The kiosk's bundled data (resources/data)")->capture_default_str();
    cli.add_option("--replicate", replicate, "Serve this many records in all, the real ones repeated (for benchmarks)");
    cli.add_option("--max-page-size", maxPageSize, "Largest page served, whatever limit asks")->check(CLI::Range(1, 1000000));
    cli.add_option("--fault", faultName,
                   "Fault to inject: latency, 500, 503, 429, drop-mid-body, truncated-json, malformed-json, "
                   "wrong-content-type, oversized, slow-drip, redirect-scheme")
        ->check([](const std::string& name) {
            return citysim::faultFromString(name) ? std::string() : "unknown fault " + name;
        });
    std::vector<std::string> mediaTypes;
    cli.add_option("--media-type", mediaTypes,
                   "ENDPOINT=TYPE: serve that endpoint's JSON with this Content-Type (repeatable; endpoints: "
                   "discovery, jwks, device, token, revoke, userinfo, open311, dvc, data)")
        ->check([](const std::string& value) {
            const auto eq = value.find('=');
            const auto& known = citysim::CitySimServer::mediaTypeEndpoints();
            if (eq == std::string::npos || std::find(known.begin(), known.end(), value.substr(0, eq)) == known.end())
                return "expected ENDPOINT=TYPE with a known endpoint, got " + value;
            return std::string();
        });
    cli.add_option("--fault-dataset", fault.dataset, "Only this dataset's records (default: every dataset request and the index)");
    cli.add_option("--fault-count", fault.count, "How many requests get the fault (-1: all)");
    cli.add_option("--fault-skip", fault.skipFirst, "Serve this many matching requests normally first")->check(CLI::NonNegativeNumber);
    cli.add_option("--latency-ms", fault.latencyMs, "Delay of the latency fault (default 2000) and before any other fault")->check(CLI::NonNegativeNumber);
    cli.add_option("--retry-after", fault.retryAfterSeconds, "Retry-After of the 429 fault, in seconds")->check(CLI::NonNegativeNumber);
    cli.add_option("--oversize-bytes", fault.oversizeBytes, "Size of the oversized answer (default 32 MiB)");
    cli.add_option("--redirect-to", fault.redirectTo, "Location of the redirect-scheme fault")->capture_default_str();
    int vneidInterval = 5;
    int vneidExpires = 600;
    std::string vneidAlg = "RS256";
    int vneidAutoApproveMs = -1;
    std::vector<std::string> vneidClients;
    cli.add_option("--vneid-interval", vneidInterval, "VNeID: polling interval of a device authorization, in seconds")
        ->check(CLI::Range(1, 60))
        ->capture_default_str();
    cli.add_option("--vneid-expires", vneidExpires, "VNeID: lifetime of a device authorization (expires_in), in seconds")
        ->check(CLI::Range(1, 3600))
        ->capture_default_str();
    cli.add_option("--vneid-alg", vneidAlg, "VNeID: ID token signature, RS256 or ES256")
        ->check(CLI::IsMember({"RS256", "ES256"}))
        ->capture_default_str();
    cli.add_option("--vneid-auto-approve-ms", vneidAutoApproveMs,
                   "VNeID: approve every login automatically this long after it starts (default: only on the phone page)")
        ->check(CLI::NonNegativeNumber);
    cli.add_option("--vneid-client", vneidClients, "VNeID: a client id allowed to log in (repeatable; default ward-kiosk)");
    std::string open311Style = "id";
    double open311Drop = 0.0;
    cli.add_option("--open311-style", open311Style,
                   "Open311: answer a filed report with its id, or with a token (id later from tokens/{token}.json)")
        ->check(CLI::IsMember({"id", "token"}))
        ->capture_default_str();
    cli.add_option("--open311-fault-store-then-drop", open311Drop,
                   "Open311: probability (0..1) that a filed report's answer is lost: stored, then the connection closed")
        ->check(CLI::Range(0.0, 1.0));
    std::string open311Progress = "0,0";
    cli.add_option("--open311-progress", open311Progress,
                   "Open311: ASSIGN_S,CLOSE_S: a filed report is taken by the ward after ASSIGN_S seconds and "
                   "closed as handled after CLOSE_S (synthetic notes; 0 turns a step off)")
        ->check([](const std::string& text) {
            return parseProgress(text) ? std::string()
                                       : "expected ASSIGN_S,CLOSE_S in whole seconds, closing not before assigning";
        })
        ->capture_default_str();
    CLI11_PARSE(cli, argc, argv);
    if (!kiosk::isLoopbackHost(host)) {
        std::cerr << "city-sim: refusing to listen on " << host << ": only loopback addresses are allowed\n";
        return 64;
    }
    fault.fault = *citysim::faultFromString(faultName);
    if (fault.fault == citysim::Fault::Latency && fault.latencyMs == 0) fault.latencyMs = 2000;
    if (!std::filesystem::is_directory(dataDir)) {
        std::cerr << "city-sim: no data directory " << dataDir << " (--data-dir, or WARD_KIOSK_RESOURCES)\n";
        return 66;
    }

    // SIGINT and SIGTERM are taken by sigwait below, never by a handler: every thread (the
    // server's included, which inherit this mask) leaves them blocked.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    citysim::CitySimServer::Options options;
    options.dataDir = dataDir;
    options.replicate = replicate;
    options.maxPageSize = maxPageSize;
    options.logRequests = true;
    citysim::CitySimServer server(options);
    server.setFault(fault);
    for (const auto& value : mediaTypes) {
        const auto eq = value.find('=');
        server.setMediaType(value.substr(0, eq), value.substr(eq + 1));
        std::cerr << "city-sim: " << value.substr(0, eq) << " answers as " << value.substr(eq + 1) << "\n";
    }
    auto& vneid = server.oidc();
    vneid.setTiming(std::chrono::seconds(vneidExpires), std::chrono::seconds(vneidInterval));
    vneid.setSigningAlg(vneidAlg);
    if (vneidAutoApproveMs >= 0) vneid.setAutoApproveAfter(std::chrono::milliseconds(vneidAutoApproveMs));
    if (!vneidClients.empty()) vneid.setAllowedClients(vneidClients);
    vneid.setLogger([](const std::string& line) { std::cerr << ("city-sim: " + line + "\n"); });
    vneid.ensureKeys();  // the RSA key takes a moment: at start-up, not at the first login
    auto& open311 = server.open311();
    open311.setAnswerStyle(open311Style == "token" ? citysim::Open311Sim::AnswerStyle::Token
                                                   : citysim::Open311Sim::AnswerStyle::Id);
    open311.setStoreThenDrop(open311Drop);
    const auto progress = *parseProgress(open311Progress);
    open311.setProgression(std::chrono::seconds(progress.first), std::chrono::seconds(progress.second));
    try {
        server.start(host, port);
    } catch (const std::exception& error) {
        std::cerr << error.what() << "\n";
        return 69;
    }
    std::cerr << "city-sim: " << server.totalRecords() << " records in " << server.datasetIds().size()
              << " datasets from " << dataDir << "\n";
    if (fault.fault != citysim::Fault::None)
        std::cerr << "city-sim: fault " << citysim::toString(fault.fault) << " on "
                  << (fault.dataset.empty() ? std::string("every dataset request") : fault.dataset) << "\n";
    std::cerr << "city-sim: VNeID issuer " << vneid.issuer() << " (ID tokens " << vneid.signingAlg() << ", interval "
              << vneidInterval << " s, expires in " << vneidExpires << " s"
              << (vneidAutoApproveMs >= 0 ? ", auto-approve after " + std::to_string(vneidAutoApproveMs) + " ms" : "")
              << "; phone page " << vneid.issuer() << "/phone)\n";
    std::cerr << "city-sim: Open311 (1022, synthetic) at " << server.baseUrl() << "/open311/v2 (answers with "
              << (open311Style == "token" ? "a token" : "an id");
    if (open311Drop > 0) std::cerr << ", store-then-drop " << open311Drop;
    if (progress.first > 0) std::cerr << ", taken by the ward after " << progress.first << " s";
    if (progress.second > 0) std::cerr << ", closed after " << progress.second << " s";
    std::cerr << ")\n";
    std::cerr << "city-sim: listening on " << server.baseUrl() << "\n";

    int received = 0;
    sigwait(&stopSignals, &received);
    std::cerr << "city-sim: stopping (signal " << received << ")\n";
    server.stop();
    return 0;
}
