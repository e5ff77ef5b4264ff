#include "CitySimServer.h"

#include "OidcProvider.h"
#include "DossierSim.h"
#include "Open311Sim.h"

#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "directory/BundledSeed.h"
#include "net/Url.h"
#include "sync/CityRecord.h"
#include "sync/Datasets.h"

namespace citysim {
namespace {
constexpr const char* kJson = "application/json; charset=utf-8";
constexpr const char* kIndexPath = "/api/v1/datasets";
constexpr std::size_t kDefaultOversize = 32u << 20;
constexpr std::size_t kChunkBytes = 64u << 10;
constexpr int kDripIntervalMs = 200;

struct FaultName {
    Fault fault;
    std::string_view name;
};
constexpr FaultName kFaultNames[] = {
    {Fault::None, "none"},
    {Fault::Latency, "latency"},
    {Fault::ServerError, "503"},
    {Fault::InternalError, "500"},
    {Fault::TooManyRequests, "429"},
    {Fault::DropMidBody, "drop-mid-body"},
    {Fault::TruncatedJson, "truncated-json"},
    {Fault::MalformedJson, "malformed-json"},
    {Fault::WrongContentType, "wrong-content-type"},
    {Fault::Oversized, "oversized"},
    {Fault::SlowDrip, "slow-drip"},
    {Fault::RedirectScheme, "redirect-scheme"},
};

std::string prefixOf(std::string_view dataset) {
    static const std::unordered_map<std::string_view, std::string> prefixes = {
        {"schools", "sch"},     {"health-facilities", "hf"}, {"tourism-places", "tp"}, {"tourism-events", "te"},
        {"ward-offices", "wo"}, {"hotlines", "hl"},          {"procedures", "prc"},    {"construction", "con"},
    };
    const auto it = prefixes.find(dataset);
    return it == prefixes.end() ? std::string(dataset.substr(0, 3)) : it->second;
}

std::string padded(std::size_t n, std::size_t width) {
    std::string digits = std::to_string(n);
    if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
    return digits;
}

std::string nowIso() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

std::string errorBody(std::string_view error) { return std::string(R"({"error":")") + std::string(error) + "\"}"; }

// A non-negative decimal integer and nothing else.
template <typename T>
bool parseNumber(std::string_view text, T& out) {
    if (text.empty() || text.size() > 18) return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc() || end != text.data() + text.size()) return false;
    if constexpr (std::is_signed_v<T>) return out >= 0;
    return true;
}

// "v42.o1000" (full snapshot) or "v42.s40.o1000" (delta since 40).
struct Cursor {
    std::int64_t version = 0;
    std::optional<std::int64_t> since;
    std::size_t offset = 0;
};

std::optional<Cursor> parseCursor(std::string_view text) {
    Cursor cursor;
    auto take = [&text](char tag, auto& out) {
        if (text.empty() || text.front() != tag) return false;
        const auto dot = text.find('.');
        const auto number = text.substr(1, dot == std::string_view::npos ? std::string_view::npos : dot - 1);
        if (!parseNumber(number, out)) return false;
        text = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
        return true;
    };
    if (!take('v', cursor.version)) return std::nullopt;
    if (!text.empty() && text.front() == 's') {
        std::int64_t since = 0;
        if (!take('s', since)) return std::nullopt;
        cursor.since = since;
    }
    if (!take('o', cursor.offset) || !text.empty()) return std::nullopt;
    return cursor;
}

std::string formatCursor(std::int64_t version, std::optional<std::int64_t> since, std::size_t offset) {
    std::string text = "v" + std::to_string(version);
    if (since) text += ".s" + std::to_string(*since);
    return text + ".o" + std::to_string(offset);
}

bool etagMatches(const std::string& ifNoneMatch, const std::string& etag) {
    std::string_view rest = ifNoneMatch;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        auto item = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
        if (item.starts_with("W/")) item.remove_prefix(2);
        if (item == "*" || item == etag) return true;
    }
    return false;
}

// A body made of pieces repeated, produced a chunk at a time: an oversized answer is never
// held in memory, whatever its size.
class RepeatedBody {
public:
    void add(std::string piece, std::size_t times) {
        if (!piece.empty() && times > 0) parts_.push_back({std::move(piece), times});
    }
    std::size_t size() const {
        std::size_t total = 0;
        for (const auto& part : parts_) total += part.piece.size() * part.times;
        return total;
    }
    // Copies up to `max` bytes from position `pos`; returns how many.
    std::size_t read(std::size_t pos, char* out, std::size_t max) const {
        std::size_t written = 0;
        std::size_t start = 0;
        for (const auto& part : parts_) {
            const std::size_t length = part.piece.size() * part.times;
            if (pos >= start + length) {
                start += length;
                continue;
            }
            while (written < max && pos < start + length) {
                const std::size_t inPiece = (pos - start) % part.piece.size();
                const std::size_t n = std::min({part.piece.size() - inPiece, max - written, start + length - pos});
                std::copy_n(part.piece.data() + inPiece, n, out + written);
                written += n;
                pos += n;
            }
            if (written == max) break;
            start += length;
        }
        return written;
    }

private:
    struct Part {
        std::string piece;
        std::size_t times;
    };
    std::vector<Part> parts_;
};
}  // namespace

std::string_view toString(Fault fault) {
    for (const auto& entry : kFaultNames)
        if (entry.fault == fault) return entry.name;
    return "unknown";
}

std::optional<Fault> faultFromString(std::string_view name) {
    for (const auto& entry : kFaultNames)
        if (entry.name == name) return entry.fault;
    return std::nullopt;
}

struct CitySimServer::Answer {
    int status = 200;
    std::string body;
    std::string contentType = kJson;
    std::vector<std::pair<std::string, std::string>> headers;
};

CitySimServer::CitySimServer(Options options)
    : options_(std::move(options)),
      oidc_(std::make_unique<OidcProvider>([this] { return baseUrl(); })),
      open311_(std::make_unique<Open311Sim>()),
      dossiers_(std::make_unique<DossierSim>(*oidc_)) {
    if (options_.maxPageSize < 1) options_.maxPageSize = 1;
    options_.defaultPageSize = std::clamp(options_.defaultPageSize, 1, options_.maxPageSize);
    seed_ = options_.seed ? options_.seed
                          : std::make_shared<const std::vector<kiosk::DirectoryEntry>>(kiosk::loadBundledSeed(options_.dataDir, true));
    buildDatasets();
}

CitySimServer::~CitySimServer() { stop(); }

void CitySimServer::buildDatasets() {
    const std::string published = nowIso();
    for (const auto& info : kiosk::knownDatasets()) {
        Dataset dataset;
        dataset.id = std::string(info.id);
        dataset.prefix = prefixOf(info.id);
        dataset.published = published;
        datasets_.push_back(std::move(dataset));
    }
    // The rows that belong to a known dataset, each with its place in that dataset.
    struct Usable {
        std::uint32_t seedIndex;
        std::size_t dataset;
        std::size_t ordinal;
    };
    std::vector<Usable> usable;
    std::vector<std::size_t> perDataset(datasets_.size(), 0);
    for (std::size_t i = 0; i < seed_->size(); ++i) {
        const auto name = kiosk::datasetOf((*seed_)[i]);
        for (std::size_t d = 0; d < datasets_.size(); ++d) {
            if (datasets_[d].id != name) continue;
            usable.push_back({static_cast<std::uint32_t>(i), d, perDataset[d]++});
            break;
        }
    }
    if (usable.empty()) return;
    const std::size_t total = options_.replicate > 0 ? options_.replicate : usable.size();
    for (std::size_t k = 0; k < total; ++k) {
        const auto& u = usable[k % usable.size()];
        auto& dataset = datasets_[u.dataset];
        Record record;
        record.seedIndex = u.seedIndex;
        record.copy = static_cast<std::uint32_t>(k / usable.size());
        record.id = dataset.prefix + "-" + padded(u.ordinal, 6);
        if (record.copy > 0) record.id += "-r" + std::to_string(record.copy);
        record.json = encode(record);
        dataset.live.push_back(dataset.records.size());
        dataset.records.push_back(std::move(record));
    }
}

std::string CitySimServer::encode(const Record& record) const {
    kiosk::DirectoryEntry entry = (*seed_)[record.seedIndex];
    if (record.copy > 0) {
        entry.name += " (bản sao " + std::to_string(record.copy) + ")";
        entry.sample = true;
    }
    if (!record.addressNote.empty()) entry.address += (entry.address.empty() ? "" : " – ") + record.addressNote;
    return kiosk::encodeCityRecord(record.id, entry).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

CitySimServer::Dataset* CitySimServer::find(const std::string& id) {
    for (auto& dataset : datasets_)
        if (dataset.id == id) return &dataset;
    return nullptr;
}

const CitySimServer::Dataset* CitySimServer::find(const std::string& id) const {
    for (const auto& dataset : datasets_)
        if (dataset.id == id) return &dataset;
    return nullptr;
}

// --- life ---

int CitySimServer::start(const std::string& host, int port) {
    if (!kiosk::isLoopbackHost(host))
        throw std::runtime_error("city-sim: refusing to listen on " + host + ": only loopback addresses are allowed");
    std::lock_guard lock(lifeMutex_);
    if (server_) throw std::runtime_error("city-sim: already started");
    auto server = std::make_unique<httplib::Server>();
    // Idle keep-alive connections are closed soon, so that stop() never waits long for them.
    server->set_keep_alive_timeout(1);
    // Small answers go out at once (no Nagle delay waiting for the client's delayed ACK), as a
    // production server's would; Linux hands the option on to every accepted connection.
    server->set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    });
    server->set_keep_alive_max_count(1000);
    routes(*server);
    stopping_ = false;
    const int bound = port == 0 ? server->bind_to_any_port(host) : (server->bind_to_port(host, port) ? port : -1);
    if (bound <= 0) throw std::runtime_error("city-sim: cannot listen on " + host + ":" + std::to_string(port) + " (in use?)");
    host_ = host;
    port_ = bound;
    server_ = std::move(server);
    thread_ = std::thread([s = server_.get()] { s->listen_after_bind(); });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!server_->is_running() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return port_;
}

void CitySimServer::stop() {
    std::lock_guard lock(lifeMutex_);
    if (!server_) return;
    stopping_ = true;  // ends latency pauses, slow drips and oversized streams at their next step
    server_->stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
}

bool CitySimServer::running() const {
    std::lock_guard lock(lifeMutex_);
    return server_ && server_->is_running();
}

std::string CitySimServer::baseUrl() const {
    const bool v6 = host_.find(':') != std::string::npos && !host_.starts_with("[");
    return "http://" + (v6 ? "[" + host_ + "]" : host_) + ":" + std::to_string(port_);
}

bool CitySimServer::pause(int milliseconds) const {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(milliseconds);
    while (std::chrono::steady_clock::now() < until) {
        if (stopping_) return false;
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
            std::chrono::milliseconds(10), until - std::chrono::steady_clock::now()));
    }
    return !stopping_;
}

// --- datasets ---

std::vector<std::string> CitySimServer::datasetIds() const {
    std::shared_lock lock(dataMutex_);
    std::vector<std::string> ids;
    for (const auto& dataset : datasets_) ids.push_back(dataset.id);
    return ids;
}

std::int64_t CitySimServer::version(const std::string& dataset) const {
    std::shared_lock lock(dataMutex_);
    const auto* d = find(dataset);
    if (!d) throw std::invalid_argument("unknown dataset " + dataset);
    return d->version;
}

std::int64_t CitySimServer::minDeltaVersion(const std::string& dataset) const {
    std::shared_lock lock(dataMutex_);
    const auto* d = find(dataset);
    if (!d) throw std::invalid_argument("unknown dataset " + dataset);
    return d->minDeltaVersion;
}

std::size_t CitySimServer::recordCount(const std::string& dataset) const {
    std::shared_lock lock(dataMutex_);
    const auto* d = find(dataset);
    if (!d) throw std::invalid_argument("unknown dataset " + dataset);
    return d->live.size();
}

std::size_t CitySimServer::totalRecords() const {
    std::shared_lock lock(dataMutex_);
    std::size_t total = 0;
    for (const auto& dataset : datasets_) total += dataset.live.size();
    return total;
}

std::string CitySimServer::recordId(const std::string& dataset, std::size_t index) const {
    std::shared_lock lock(dataMutex_);
    const auto* d = find(dataset);
    if (!d) throw std::invalid_argument("unknown dataset " + dataset);
    return d->records.at(index).id;
}

std::string CitySimServer::indexEtag() const {
    std::shared_lock lock(dataMutex_);
    return etagOf(datasets_);
}

std::string CitySimServer::etagOf(const std::vector<Dataset>& datasets) {
    // FNV-1a over what the index says: any change of version, floor or count changes it.
    std::uint64_t hash = 14695981039346656037ull;
    auto mix = [&hash](const std::string& text) {
        for (const unsigned char c : text) {
            hash ^= c;
            hash *= 1099511628211ull;
        }
    };
    for (const auto& dataset : datasets)
        mix(dataset.id + ":" + std::to_string(dataset.version) + ":" + std::to_string(dataset.minDeltaVersion) + ":" +
            std::to_string(dataset.live.size()) + ";");
    char text[24];
    const auto [end, ec] = std::to_chars(text, text + sizeof text, hash, 16);
    return "\"" + std::string(text, end) + "\"";
}

std::int64_t CitySimServer::mutate(const std::string& datasetId, double changedFraction, std::size_t deletions) {
    std::unique_lock lock(dataMutex_);
    auto* dataset = find(datasetId);
    if (!dataset) throw std::invalid_argument("unknown dataset " + datasetId);
    const std::int64_t version = ++dataset->version;
    const std::size_t live = dataset->live.size();
    const double fraction = std::clamp(std::isfinite(changedFraction) ? changedFraction : 0.0, 0.0, 1.0);
    std::size_t changes = fraction > 0 ? static_cast<std::size_t>(std::llround(fraction * static_cast<double>(live))) : 0;
    if (fraction > 0 && changes == 0 && live > 0) changes = 1;
    changes = std::min(changes, live);
    for (std::size_t i = 0; i < changes; ++i) {
        auto& record = dataset->records[dataset->live[i * live / changes]];
        record.addressNote = "cập nhật v" + std::to_string(version);
        record.json = encode(record);
        record.changedIn = version;
    }
    std::vector<std::size_t> candidates;
    for (const auto index : dataset->live)
        if (dataset->records[index].changedIn != version) candidates.push_back(index);
    const std::size_t deleted = std::min(deletions, candidates.size());
    for (std::size_t j = 0; j < deleted; ++j) {
        const std::size_t pos = j * candidates.size() / deleted + candidates.size() / (2 * deleted);
        dataset->records[candidates[pos]].deletedIn = version;
    }
    dataset->live.clear();
    for (std::size_t i = 0; i < dataset->records.size(); ++i)
        if (dataset->records[i].deletedIn == 0) dataset->live.push_back(i);
    dataset->published = nowIso();
    return version;
}

void CitySimServer::setMinDeltaVersion(const std::string& datasetId, std::int64_t v) {
    std::unique_lock lock(dataMutex_);
    auto* dataset = find(datasetId);
    if (!dataset) throw std::invalid_argument("unknown dataset " + datasetId);
    dataset->minDeltaVersion = std::max<std::int64_t>(1, v);
}

// --- faults and observation ---

void CitySimServer::setFault(FaultSpec spec) {
    std::lock_guard lock(faultMutex_);
    fault_ = std::move(spec);
    faultSeen_ = 0;
    faultApplied_ = 0;
}

void CitySimServer::clearFault() { setFault(FaultSpec{}); }

FaultSpec CitySimServer::fault() const {
    std::lock_guard lock(faultMutex_);
    return fault_;
}

int CitySimServer::faultsApplied() const {
    std::lock_guard lock(faultMutex_);
    return faultApplied_;
}

std::optional<FaultSpec> CitySimServer::takeFault(FaultTarget target, const std::string& datasetId) {
    std::lock_guard lock(faultMutex_);
    if (fault_.fault == Fault::None) return std::nullopt;
    if (!fault_.dataset.empty() && (target != FaultTarget::Records || fault_.dataset != datasetId)) return std::nullopt;
    if (faultSeen_ < fault_.skipFirst) {
        ++faultSeen_;
        return std::nullopt;
    }
    if (fault_.count >= 0 && faultApplied_ >= fault_.count) return std::nullopt;
    ++faultApplied_;
    return fault_;
}

std::vector<std::string> CitySimServer::requests() const {
    std::lock_guard lock(requestsMutex_);
    return requests_;
}

void CitySimServer::clearRequests() {
    std::lock_guard lock(requestsMutex_);
    requests_.clear();
}

std::string CitySimServer::lastUserAgent() const {
    std::lock_guard lock(requestsMutex_);
    return lastUserAgent_;
}

// --- answers ---

CitySimServer::Answer CitySimServer::indexAnswer(const httplib::Request& req, bool conditional) const {
    Answer answer;
    std::shared_lock lock(dataMutex_);
    const std::string etag = etagOf(datasets_);
    answer.headers.emplace_back("ETag", etag);
    if (conditional && req.has_header("If-None-Match") && etagMatches(req.get_header_value("If-None-Match"), etag)) {
        answer.status = 304;
        return answer;
    }
    nlohmann::json list = nlohmann::json::array();
    for (const auto& dataset : datasets_)
        list.push_back({{"id", dataset.id},
                        {"version", dataset.version},
                        {"records", dataset.live.size()},
                        {"published", dataset.published},
                        {"min_delta_version", dataset.minDeltaVersion}});
    lock.unlock();
    answer.body = nlohmann::json{{"datasets", list}}.dump();
    return answer;
}

CitySimServer::Answer CitySimServer::recordsAnswer(const httplib::Request& req, const std::string& datasetId) const {
    Answer answer;
    auto fail = [&answer](int status, std::string_view error) {
        answer.status = status;
        answer.body = errorBody(error);
        return answer;
    };
    std::size_t limit = static_cast<std::size_t>(options_.defaultPageSize);
    if (req.has_param("limit") && (!parseNumber(req.get_param_value("limit"), limit) || limit == 0))
        return fail(400, "bad_limit");
    limit = std::min(limit, static_cast<std::size_t>(options_.maxPageSize));
    std::optional<std::int64_t> since;
    if (req.has_param("since")) {
        std::int64_t value = 0;
        if (!parseNumber(req.get_param_value("since"), value)) return fail(400, "bad_since");
        since = value;
    }
    std::optional<Cursor> cursor;
    if (req.has_param("cursor")) {
        cursor = parseCursor(req.get_param_value("cursor"));
        if (!cursor) return fail(400, "bad_cursor");
    }

    std::shared_lock lock(dataMutex_);
    const auto* dataset = find(datasetId);
    if (!dataset) return fail(404, "unknown_dataset");
    std::size_t offset = 0;
    if (cursor) {
        if (cursor->version != dataset->version) return fail(410, "cursor_expired");
        if (since && since != cursor->since) return fail(400, "bad_cursor");
        since = cursor->since;
        offset = cursor->offset;
    }
    if (since && (*since < dataset->minDeltaVersion || *since > dataset->version)) return fail(410, "delta_unavailable");

    // The pass: every live record (full), or the records changed after `since` then the
    // tombstones after `since` (delta). Offsets count positions in that sequence.
    std::vector<std::size_t> deltaItems;
    if (since) {
        for (std::size_t i = 0; i < dataset->records.size(); ++i) {
            const auto& r = dataset->records[i];
            if (r.deletedIn == 0 && r.changedIn > *since) deltaItems.push_back(i);
        }
        for (std::size_t i = 0; i < dataset->records.size(); ++i)
            if (dataset->records[i].deletedIn > *since) deltaItems.push_back(i);
    }
    const auto& items = since ? deltaItems : dataset->live;
    if (offset > items.size()) return fail(400, "bad_cursor");
    const std::size_t end = std::min(items.size(), offset + limit);

    std::size_t bytes = 256;
    for (std::size_t i = offset; i < end; ++i) bytes += dataset->records[items[i]].json.size() + 1;
    std::string& body = answer.body;
    body.reserve(bytes);
    body += R"({"dataset":")";
    body += dataset->id;
    body += R"(","version":)";
    body += std::to_string(dataset->version);
    body += R"(,"since":)";
    body += since ? std::to_string(*since) : "null";
    body += R"(,"records":[)";
    bool first = true;
    for (std::size_t i = offset; i < end; ++i) {
        const auto& r = dataset->records[items[i]];
        if (r.deletedIn != 0) continue;
        if (!first) body += ',';
        body += r.json;
        first = false;
    }
    body += R"(],"deleted":[)";
    first = true;
    for (std::size_t i = offset; i < end; ++i) {
        const auto& r = dataset->records[items[i]];
        if (r.deletedIn == 0) continue;
        if (!first) body += ',';
        body += '"';
        body += r.id;
        body += '"';
        first = false;
    }
    body += R"(],"next_cursor":)";
    body += end < items.size() ? "\"" + formatCursor(dataset->version, since, end) + "\"" : std::string("null");
    body += '}';
    return answer;
}

void CitySimServer::respond(const httplib::Request& req, httplib::Response& res, FaultTarget target,
                            const std::string& datasetId) {
    const auto spec = takeFault(target, datasetId);
    if (spec && spec->latencyMs > 0 && !pause(spec->latencyMs)) {
        res.status = 503;
        res.set_content(errorBody("stopping"), kJson);
        return;
    }
    const bool faulty = spec && spec->fault != Fault::Latency;
    Answer answer = target == FaultTarget::Index ? indexAnswer(req, !faulty) : recordsAnswer(req, datasetId);
    if (faulty) {
        applyFault(*spec, std::move(answer), datasetId, res);
        return;
    }
    res.status = answer.status;
    for (const auto& [name, value] : answer.headers) res.set_header(name, value);
    if (!answer.body.empty()) res.set_content(answer.body, answer.contentType);
}

void CitySimServer::applyFault(const FaultSpec& spec, Answer answer, const std::string& datasetId, httplib::Response& res) {
    switch (spec.fault) {
    case Fault::None:
    case Fault::Latency:
        break;
    case Fault::ServerError:
        res.status = 503;
        res.set_content(errorBody("unavailable"), kJson);
        break;
    case Fault::InternalError:
        res.status = 500;
        res.set_content(errorBody("internal"), kJson);
        break;
    case Fault::TooManyRequests:
        res.status = 429;
        res.set_header("Retry-After", std::to_string(spec.retryAfterSeconds));
        res.set_content(errorBody("rate_limited"), kJson);
        break;
    case Fault::DropMidBody: {
        // The whole length is announced; half of it is sent, then the provider fails, which
        // makes the server close the connection.
        res.status = answer.status;
        for (const auto& [name, value] : answer.headers) res.set_header(name, value);
        if (answer.body.size() < 2) answer.body = errorBody("dropped");
        auto body = std::make_shared<const std::string>(std::move(answer.body));
        res.set_content_provider(body->size(), kJson, [body](std::size_t offset, std::size_t, httplib::DataSink& sink) {
            const std::size_t half = body->size() / 2;
            if (offset < half) sink.write(body->data() + offset, half - offset);
            return false;
        });
        break;
    }
    case Fault::TruncatedJson: {
        res.status = 200;
        const std::size_t cut = std::max<std::size_t>(1, answer.body.size() / 2);
        res.set_content(answer.body.substr(0, cut), kJson);
        break;
    }
    case Fault::MalformedJson:
        res.status = 200;
        res.set_content("{\"dataset\":\"" + datasetId + "\",\"records\":[{\"id\":\xff\xfe\x01 <<garbage>> ]]}}{", kJson);
        break;
    case Fault::WrongContentType:
        res.status = 200;
        res.set_content("<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>"
                        "<body><h1>Hệ thống đang bảo trì</h1><p>Vui lòng thử lại sau.</p></body></html>\n",
                        "text/html; charset=utf-8");
        break;
    case Fault::Oversized: {
        // A page of real records repeated (valid JSON when it fits), padded to the exact size.
        const std::size_t total = spec.oversizeBytes > 0 ? spec.oversizeBytes : kDefaultOversize;
        std::string sample;
        std::string name = datasetId.empty() ? std::string("schools") : datasetId;
        {
            std::shared_lock lock(dataMutex_);
            const auto* dataset = find(name);
            if (!dataset) dataset = &datasets_.front();
            name = dataset->id;
            if (!dataset->live.empty()) sample = dataset->records[dataset->live.front()].json;
        }
        const std::string head = R"({"dataset":")" + name + R"(","version":1,"since":null,"records":[)" + sample;
        const std::string tail = R"(],"deleted":[],"next_cursor":null})";
        auto body = std::make_shared<RepeatedBody>();
        if (total >= head.size() + tail.size()) {
            const std::string unit = sample.empty() ? std::string(" ") : "," + sample;
            const std::size_t room = total - head.size() - tail.size();
            body->add(head, 1);
            body->add(unit, room / unit.size());
            body->add(" ", room % unit.size());
            body->add(tail, 1);
        } else {
            body->add(" ", total);
        }
        const std::size_t size = body->size();
        res.status = 200;
        res.set_chunked_content_provider(kJson, [this, body, size](std::size_t offset, httplib::DataSink& sink) {
            if (stopping_) return false;
            if (offset >= size) {
                sink.done();
                return true;
            }
            std::string chunk(std::min(kChunkBytes, size - offset), '\0');
            chunk.resize(body->read(offset, chunk.data(), chunk.size()));
            if (!sink.write(chunk.data(), chunk.size())) return false;
            if (offset + chunk.size() >= size) sink.done();
            return true;
        });
        break;
    }
    case Fault::SlowDrip: {
        const std::string start = R"({"dataset":")" + (datasetId.empty() ? std::string("index") : datasetId) +
                                  R"(","version":1,"since":null,"records":[)";
        res.status = 200;
        res.set_chunked_content_provider(kJson, [this, start](std::size_t offset, httplib::DataSink& sink) {
            // The first byte at once, then one every 200 ms: headers arrive, the body never ends.
            if (offset > 0 && !pause(kDripIntervalMs)) return false;
            const char byte = offset < start.size() ? start[offset] : ' ';
            return sink.write(&byte, 1);
        });
        break;
    }
    case Fault::RedirectScheme:
        res.status = 302;
        res.set_header("Location", spec.redirectTo);
        res.set_content(errorBody("moved"), kJson);
        break;
    }
}

// --- media types ---

const std::vector<std::string>& CitySimServer::mediaTypeEndpoints() {
    static const std::vector<std::string> endpoints{"discovery", "jwks",    "device", "token", "revoke",
                                                    "userinfo",  "open311", "dvc",    "data"};
    return endpoints;
}

namespace {
// Which switch of setMediaType() a request path falls under ("" for none).
std::string mediaTypeEndpointOf(const std::string& path) {
    if (path.starts_with("/vneid/")) {
        if (path.find("/.well-known/openid-configuration") != std::string::npos) return "discovery";
        for (const char* name : {"jwks", "device", "token", "revoke", "userinfo"})
            if (path == std::string("/vneid/") + name) return name;
        return {};
    }
    if (path.starts_with("/open311/")) return "open311";
    if (path.starts_with("/dvc/")) return "dvc";
    if (path.starts_with(kIndexPath)) return "data";
    return {};
}
}  // namespace

void CitySimServer::setMediaType(const std::string& endpoint, const std::string& type) {
    const auto& known = mediaTypeEndpoints();
    if (std::find(known.begin(), known.end(), endpoint) == known.end())
        throw std::invalid_argument("unknown endpoint " + endpoint);
    std::lock_guard lock(mediaTypesMutex_);
    if (type.empty()) mediaTypes_.erase(endpoint);
    else mediaTypes_[endpoint] = type;
}

void CitySimServer::clearMediaTypes() {
    std::lock_guard lock(mediaTypesMutex_);
    mediaTypes_.clear();
}

// --- routes ---

void CitySimServer::routes(httplib::Server& server) {
    server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response&) {
        std::lock_guard lock(requestsMutex_);
        requests_.push_back(req.method + " " + req.target);
        lastUserAgent_ = req.get_header_value("User-Agent");
        return httplib::Server::HandlerResponse::Unhandled;
    });
    // Every JSON answer of an endpoint whose media type was switched goes out with that type
    // (the body stays as it is); HTML pages and other answers keep theirs.
    server.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
        const auto endpoint = mediaTypeEndpointOf(req.path);
        if (endpoint.empty()) return;
        std::string type;
        {
            std::lock_guard lock(mediaTypesMutex_);
            const auto it = mediaTypes_.find(endpoint);
            if (it == mediaTypes_.end()) return;
            type = it->second;
        }
        if (!res.get_header_value("Content-Type").starts_with("application/json")) return;
        res.headers.erase("Content-Type");
        res.set_header("Content-Type", type);
    });
    server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (res.body.empty() && !res.is_chunked_content_provider_ && res.content_length_ == 0)
            res.set_content(errorBody(res.status == 404 ? "not_found" : "http_" + std::to_string(res.status)), kJson);
        return httplib::Server::HandlerResponse::Handled;
    }));
    if (options_.logRequests) {
        server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
            std::cerr << ("city-sim: " + req.method + " " + req.target + " -> " + std::to_string(res.status) + "\n");
        });
    }

    server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(R"({"status":"ok","service":"city-sim"})", kJson);
    });
    server.Get(kIndexPath, [this](const httplib::Request& req, httplib::Response& res) {
        respond(req, res, FaultTarget::Index, {});
    });
    server.Get(std::string(kIndexPath) + "/([^/]+)/records", [this](const httplib::Request& req, httplib::Response& res) {
        respond(req, res, FaultTarget::Records, req.matches[1].str());
    });

    // Runtime control, for manual testing with the executable (loopback only, like the rest).
    auto control = [](const httplib::Request& req, httplib::Response& res) {
        if (kiosk::isLoopbackHost(req.remote_addr)) return true;
        res.status = 403;
        res.set_content(errorBody("forbidden"), kJson);
        return false;
    };
    server.Post("/_sim/fault", [this, control](const httplib::Request& req, httplib::Response& res) {
        if (!control(req, res)) return;
        FaultSpec spec;
        const auto kind = faultFromString(req.get_param_value("fault"));
        bool ok = kind.has_value();
        if (kind) spec.fault = *kind;
        spec.dataset = req.get_param_value("dataset");
        auto number = [&req, &ok](const char* key, auto& out) {
            if (!req.has_param(key)) return;
            const auto text = req.get_param_value(key);
            if (text == "-1") {
                out = -1;
                return;
            }
            ok = ok && parseNumber(std::string_view(text), out);
        };
        number("count", spec.count);
        number("skip", spec.skipFirst);
        number("latency_ms", spec.latencyMs);
        number("retry_after", spec.retryAfterSeconds);
        number("oversize_bytes", spec.oversizeBytes);
        if (req.has_param("redirect_to")) spec.redirectTo = req.get_param_value("redirect_to");
        if (spec.fault == Fault::Latency && !req.has_param("latency_ms")) spec.latencyMs = 2000;
        if (!ok) {
            res.status = 400;
            res.set_content(errorBody("bad_fault"), kJson);
            return;
        }
        setFault(spec);
        res.set_content(nlohmann::json{{"fault", toString(spec.fault)},
                                       {"dataset", spec.dataset},
                                       {"count", spec.count},
                                       {"skip", spec.skipFirst}}
                            .dump(),
                        kJson);
    });
    server.Post("/_sim/media-type", [this, control](const httplib::Request& req, httplib::Response& res) {
        if (!control(req, res)) return;
        try {
            setMediaType(req.get_param_value("endpoint"), req.get_param_value("type"));
        } catch (const std::invalid_argument&) {
            res.status = 400;
            res.set_content(errorBody("unknown_endpoint"), kJson);
            return;
        }
        res.set_content(nlohmann::json{{"endpoint", req.get_param_value("endpoint")},
                                       {"type", req.get_param_value("type")}}.dump(), kJson);
    });
    server.Post("/_sim/fault/clear", [this, control](const httplib::Request& req, httplib::Response& res) {
        if (!control(req, res)) return;
        clearFault();
        res.set_content(R"({"fault":"none"})", kJson);
    });
    server.Post("/_sim/datasets/([^/]+)/mutate", [this, control](const httplib::Request& req, httplib::Response& res) {
        if (!control(req, res)) return;
        double changed = 0;
        std::size_t deleted = 0;
        try {
            if (req.has_param("changed")) changed = std::stod(req.get_param_value("changed"));
        } catch (const std::exception&) {
            changed = -1;
        }
        if (!(changed >= 0 && changed <= 1) || (req.has_param("deleted") && !parseNumber(req.get_param_value("deleted"), deleted))) {
            res.status = 400;
            res.set_content(errorBody("bad_mutation"), kJson);
            return;
        }
        try {
            const auto v = mutate(req.matches[1].str(), changed, deleted);
            res.set_content(nlohmann::json{{"dataset", req.matches[1].str()}, {"version", v}}.dump(), kJson);
        } catch (const std::invalid_argument&) {
            res.status = 404;
            res.set_content(errorBody("unknown_dataset"), kJson);
        }
    });
    server.Post("/_sim/datasets/([^/]+)/min-delta", [this, control](const httplib::Request& req, httplib::Response& res) {
        if (!control(req, res)) return;
        std::int64_t v = 0;
        if (!parseNumber(req.get_param_value("version"), v)) {
            res.status = 400;
            res.set_content(errorBody("bad_version"), kJson);
            return;
        }
        try {
            setMinDeltaVersion(req.matches[1].str(), v);
            res.set_content(nlohmann::json{{"dataset", req.matches[1].str()}, {"min_delta_version", v}}.dump(), kJson);
        } catch (const std::invalid_argument&) {
            res.status = 404;
            res.set_content(errorBody("unknown_dataset"), kJson);
        }
    });

    // The simulated VNeID (OidcProvider.h): /vneid/...
    oidc_->registerRoutes(server);
    // The simulated 1022 system (Open311Sim.h): /open311/v2/...
    open311_->registerRoutes(server);
    // The simulated dossier lookup (DossierSim.h): /dvc/v1/...
    dossiers_->registerRoutes(server);
}

}  // namespace citysim
