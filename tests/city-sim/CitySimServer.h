#pragma once
// The city's data API (app/sync/CITY-API.md) served on loopback from the bundled seed, with
// versions, deltas and fault injection: the stand-in for the city in tests, benchmarks and the
// city-sim executable. Every record's JSON is made once, when the server is built (and again
// only for the records a mutation changes); a page is the concatenation of those strings.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "directory/DirectoryEntry.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace citysim {

class OidcProvider;
class Open311Sim;
class DossierSim;

enum class Fault {
    None,
    Latency,           // the answer is held back latencyMs, then served normally
    ServerError,       // 503, no Retry-After
    InternalError,     // 500
    TooManyRequests,   // 429 with Retry-After: retryAfterSeconds
    DropMidBody,       // Content-Length announced, half the body sent, connection closed
    TruncatedJson,     // 200 application/json, the body cut in the middle (Content-Length matches the cut)
    MalformedJson,     // 200 application/json, a body that is not JSON (garbage bytes)
    WrongContentType,  // 200 text/html, an HTML error page
    Oversized,         // 200 application/json, chunked, oversizeBytes long, never held in memory
    SlowDrip,          // 200 application/json, chunked, one byte every 200 ms until the client goes away
    RedirectScheme,    // 302 to redirectTo (file:///etc/passwd, ftp://…)
};

// The names the CLI and POST /_sim/fault use: latency, 500, 503, 429, drop-mid-body,
// truncated-json, malformed-json, wrong-content-type, oversized, slow-drip, redirect-scheme
// (and none).
std::string_view toString(Fault fault);
std::optional<Fault> faultFromString(std::string_view name);

struct FaultSpec {
    Fault fault = Fault::None;
    std::string dataset;  // "" = every dataset request, the index included; else that dataset's records
    int count = -1;       // how many matching requests get the fault (after skipFirst); -1 = until cleared
    int skipFirst = 0;    // the first N matching requests are served normally
    int latencyMs = 0;    // also applied before any other fault when > 0
    int retryAfterSeconds = 1;
    std::size_t oversizeBytes = 0;  // 0 = 32 MiB
    std::string redirectTo = "file:///etc/passwd";
};

class CitySimServer {
public:
    struct Options {
        std::filesystem::path dataDir;  // resources/data
        // > 0: serve this many records in all, the real rows repeated with ids suffixed "-r<N>"
        // and names suffixed " (bản sao N)", every replica marked sample (for benchmarks).
        std::size_t replicate = 0;
        int maxPageSize = 5000;   // a larger limit is capped to this
        int defaultPageSize = 1000;
        bool logRequests = false;  // one line per request on stderr ("city-sim: GET … -> 200")
        // When set, used instead of loading dataDir (tests that build several servers load once).
        std::shared_ptr<const std::vector<kiosk::DirectoryEntry>> seed;
    };

    explicit CitySimServer(Options options);
    ~CitySimServer();
    CitySimServer(const CitySimServer&) = delete;
    CitySimServer& operator=(const CitySimServer&) = delete;

    // Binds (port 0 = an ephemeral port), listens on a background thread and returns the port
    // once the server accepts connections. Throws std::runtime_error for a host that is not
    // loopback, when the port cannot be bound, or when already started.
    int start(const std::string& host = "127.0.0.1", int port = 0);
    // Stops listening, ends every answer in progress (slow drips included) and joins the thread.
    void stop();
    bool running() const;
    int port() const { return port_; }
    std::string baseUrl() const;  // "http://127.0.0.1:<port>"

    // --- datasets ---
    std::vector<std::string> datasetIds() const;  // the 8 known datasets, in CITY-API order
    std::int64_t version(const std::string& dataset) const;
    std::int64_t minDeltaVersion(const std::string& dataset) const;
    std::size_t recordCount(const std::string& dataset) const;  // live records
    std::size_t totalRecords() const;
    std::string indexEtag() const;  // quoted, as sent in the ETag header
    // The record id of the index-th record (seed order) of a dataset, deleted ones included.
    std::string recordId(const std::string& dataset, std::size_t index) const;

    // A new version: changedFraction of the live records change (evenly spread; the address
    // gets " – cập nhật v<version>") and `deletions` others are deleted (tombstones of that
    // version). Returns the new version. Throws std::invalid_argument for an unknown dataset.
    std::int64_t mutate(const std::string& dataset, double changedFraction, std::size_t deletions);
    // Deltas from versions below v answer 410 delta_unavailable.
    void setMinDeltaVersion(const std::string& dataset, std::int64_t v);

    // --- faults ---
    void setFault(FaultSpec spec);  // replaces the current one and resets its counters
    void clearFault();
    FaultSpec fault() const;
    int faultsApplied() const;  // how many requests the current fault has hit

    // --- media types ---
    // The Content-Type an endpoint serves its JSON answers with, to try the kiosk against what
    // other servers send: "application/json;charset=UTF-8" (Keycloak), "application/jwk-set+json"
    // (RFC 7517 §8.5.1), "application/problem+json" (RFC 9457), "text/plain" (not JSON: refused).
    // Endpoints: discovery, jwks, device, token, revoke, userinfo (VNeID), open311, dvc (dossiers),
    // data (the city's datasets and index). An empty type goes back to the default. Throws
    // std::invalid_argument for an unknown endpoint. Also --media-type and POST /_sim/media-type.
    static const std::vector<std::string>& mediaTypeEndpoints();
    void setMediaType(const std::string& endpoint, const std::string& type);
    void clearMediaTypes();

    // --- what the server saw ---
    std::vector<std::string> requests() const;  // "GET /api/v1/datasets/schools/records?limit=10", in order
    void clearRequests();
    std::string lastUserAgent() const;

    // --- the simulated VNeID (OpenID Connect device flow under /vneid; VNEID-SIM.md) ---
    OidcProvider& oidc() { return *oidc_; }

    // --- the simulated 1022 system (Open311 GeoReport v2 under /open311/v2; OPEN311-SIM.md) ---
    Open311Sim& open311() { return *open311_; }
    // The simulated dossier lookup (DossierSim.h): /dvc/v1/...
    DossierSim& dossiers() { return *dossiers_; }

private:
    struct Record {
        std::string id;
        std::uint32_t seedIndex = 0;
        std::uint32_t copy = 0;      // 0 = the real row, N = replica N
        std::string addressNote;     // appended to the address by mutations
        std::string json;            // the record as served
        std::int64_t changedIn = 1;  // version of the last change
        std::int64_t deletedIn = 0;  // 0 = live
    };
    struct Dataset {
        std::string id;
        std::string prefix;
        std::int64_t version = 1;
        std::int64_t minDeltaVersion = 1;
        std::string published;
        std::vector<Record> records;
        std::vector<std::size_t> live;  // indexes into records of the live ones, in order
    };
    struct Answer;
    enum class FaultTarget { Index, Records };

    Dataset* find(const std::string& id);
    const Dataset* find(const std::string& id) const;
    std::string encode(const Record& record) const;
    static std::string etagOf(const std::vector<Dataset>& datasets);
    void buildDatasets();

    void routes(httplib::Server& server);
    Answer indexAnswer(const httplib::Request& req, bool conditional) const;
    Answer recordsAnswer(const httplib::Request& req, const std::string& datasetId) const;
    std::optional<FaultSpec> takeFault(FaultTarget target, const std::string& datasetId);
    void respond(const httplib::Request& req, httplib::Response& res, FaultTarget target, const std::string& datasetId);
    void applyFault(const FaultSpec& spec, Answer answer, const std::string& datasetId, httplib::Response& res);
    bool pause(int milliseconds) const;  // false when the server stopped meanwhile

    Options options_;
    std::shared_ptr<const std::vector<kiosk::DirectoryEntry>> seed_;
    mutable std::shared_mutex dataMutex_;
    std::vector<Dataset> datasets_;

    mutable std::mutex faultMutex_;
    FaultSpec fault_;
    int faultSeen_ = 0;
    int faultApplied_ = 0;

    mutable std::mutex requestsMutex_;
    mutable std::mutex mediaTypesMutex_;
    std::map<std::string, std::string> mediaTypes_;  // endpoint -> Content-Type
    std::vector<std::string> requests_;
    std::string lastUserAgent_;

    mutable std::mutex lifeMutex_;
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
    std::atomic<bool> stopping_{false};
    std::string host_ = "127.0.0.1";
    int port_ = 0;

    std::unique_ptr<OidcProvider> oidc_;  // its routes are added by routes()
    std::unique_ptr<Open311Sim> open311_;  // likewise
    std::unique_ptr<DossierSim> dossiers_;  // likewise
};

}  // namespace citysim
