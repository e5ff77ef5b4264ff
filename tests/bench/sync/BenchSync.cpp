// bench-sync: how fast the kiosk brings its directory up to date from the city (issue 4).
//
// The simulator (tests/city-sim) serves 200,000 records on loopback, in this process: the bundled
// rows, repeated. Three things are timed, each --repeats times (median):
//
//  full     SyncEngine::runOnce() on a fresh cache.db (built from the bundled seed, not timed):
//           the index, then every page of all 8 datasets (limit = page size), each staged in its
//           own transaction, then one swap per dataset. The result is checked: every dataset
//           applied, as many entries as the simulator serves, none of the bundled rows left.
//  baseline the same bytes the plain way, in the same run: the `curl` program fetches exactly the
//           URLs the engine fetched (one process, one connection, one URL after another), each
//           page to a file; then the `sqlite3` shell loads them all in one transaction into a fresh
//           database of the same shape (entries with its indexes, and the contentless FTS5 table
//           fed with the name / address / other texts), reading the pages with json_each().
//           Its time is the wall clock of the two processes. It does not fold text with ICU
//           (the FTS5 tokenizer's remove_diacritics 2 stands in for it), does not validate
//           records, keeps no resumable staging: the ratio full / baseline is what all that costs.
//  delta    after each full sync, 1 % of every dataset's records change (and a few are deleted)
//           and runOnce() is timed again: delta passes. delta / full shows that a routine sync
//           costs a fraction of a first one.
//
// Why a baseline: seconds depend on the machine; the ratio to a run of the standard tools on the
// same bytes, in the same run, is a property of the engine's design.
//
// It also says where the engine's time goes: HTTP (as seen by the engine's HttpClient, which this
// program wraps), page handling (JSON parsing, record checks, folding, staging inserts) and the
// swap, from timestamps taken around every request and page; and, with the same pages replayed
// without the network through the same public functions, how page handling splits.
//
// Last line: "RESULT sync ratio=<full / baseline> delta_ratio=<delta / full>". Targets: ratio <=
// 1.5, delta_ratio <= 0.05. Exit status 0 whether or not a target is met; 1 if the benchmark
// failed (a sync did not apply, counts differ, a tool is missing or failed).
#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <spawn.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "CitySimServer.h"
#include "config/Config.h"
#include "core/Clock.h"
#include "directory/BundledSeed.h"
#include "directory/DirectoryCache.h"
#include "directory/DirectoryRepository.h"
#include "log/Log.h"
#include "net/HttpClient.h"
#include "storage/Database.h"
#include "sync/CityRecord.h"
#include "sync/Datasets.h"
#include "sync/SyncEngine.h"
#include "sync/SyncStore.h"

extern char** environ;

namespace {
namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;
using citysim::CitySimServer;

constexpr double kTargetRatio = 1.5;
constexpr double kTargetDeltaRatio = 0.05;
constexpr std::size_t kTargetEntries = 200000;

double secondsBetween(Steady::time_point from, Steady::time_point to) {
    return std::chrono::duration<double>(to - from).count();
}
double secondsSince(Steady::time_point from) { return secondsBetween(from, Steady::now()); }

double median(std::vector<double> values) {
    if (values.empty()) return 0.0;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2.0;
}

// The index of the median run (for odd counts the median itself; else the lower middle one).
std::size_t medianIndex(const std::vector<double>& values) {
    std::vector<std::size_t> order(values.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    return order[(order.size() - 1) / 2];
}

std::string runsOf(const std::vector<double>& values) {
    std::string out;
    char item[32];
    for (double v : values) {
        std::snprintf(item, sizeof item, "%s%.2f", out.empty() ? "" : " ", v);
        out += item;
    }
    return out;
}

double mb(double bytes) { return bytes / 1e6; }

// ---------------------------------------------------------------------------------------------
// Processes and files.

std::optional<fs::path> findProgram(const std::string& name) {
    const char* env = std::getenv("PATH");
    std::string_view rest = env ? env : "/usr/local/bin:/usr/bin:/bin";
    while (true) {
        const auto colon = rest.find(':');
        const auto dir = rest.substr(0, colon);
        if (!dir.empty()) {
            const fs::path candidate = fs::path(std::string(dir)) / name;
            if (::access(candidate.c_str(), X_OK) == 0) return candidate;
        }
        if (colon == std::string_view::npos) break;
        rest.remove_prefix(colon + 1);
    }
    return std::nullopt;
}

// Runs argv[0] (a full path) with stdin from `in` ("" = /dev/null) and stdout / stderr to files;
// returns its exit status (128 + signal if it was killed).
int runProgram(const std::vector<std::string>& argv, const fs::path& in, const fs::path& out, const fs::path& err) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string input = in.empty() ? std::string("/dev/null") : in.string();
    posix_spawn_file_actions_addopen(&actions, 0, input.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv.front().c_str(), &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + argv.front() + ": " + std::strerror(rc));
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) throw std::runtime_error("waitpid: " + std::string(std::strerror(errno)));
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 255;
}

std::string readFile(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void writeFile(const fs::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw std::runtime_error("cannot write " + file.string());
}

std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

// The end of a tool's stderr, for an error message.
std::string tail(const fs::path& file, std::size_t bytes = 600) {
    std::error_code ec;
    if (!fs::exists(file, ec)) return {};
    const std::string text = readFile(file);
    return text.size() <= bytes ? text : "..." + text.substr(text.size() - bytes);
}

std::string sqlQuote(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        out += c;
        if (c == '\'') out += '\'';
    }
    return out + "'";
}

void removeDatabase(const fs::path& file) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(file.string() + suffix, ec);
}

// VmHWM (peak resident set) or VmRSS of this process, KiB. `resetPeak` starts a new peak now.
long statusKiB(const char* field, bool resetPeak = false) {
    if (resetPeak) std::ofstream("/proc/self/clear_refs") << "5";
    std::ifstream status("/proc/self/status");
    std::string line;
    const std::string prefix = std::string(field) + ":";
    while (std::getline(status, line))
        if (line.starts_with(prefix)) return std::stol(line.substr(prefix.size()));
    return -1;
}

// ---------------------------------------------------------------------------------------------
// The engine's HTTP, timed: every request's URL, start, end and body size.

struct Fetch {
    std::string url;
    Steady::time_point start;
    Steady::time_point end;
    std::size_t bytes = 0;
    long status = 0;
};

struct PageEvent {
    std::string dataset;
    std::int64_t pages = 0;
    std::int64_t records = 0;
    Steady::time_point at;
};

class TimingHttpClient final : public kiosk::HttpClient {
public:
    explicit TimingHttpClient(std::shared_ptr<kiosk::HttpClient> inner) : inner_(std::move(inner)) {}
    kiosk::HttpResult perform(const kiosk::HttpRequest& request, const std::atomic<bool>* cancel = nullptr) override {
        Fetch fetch;
        fetch.url = request.url;
        fetch.start = Steady::now();
        auto result = inner_->perform(request, cancel);
        fetch.end = Steady::now();
        fetch.bytes = result.response.body.size();
        fetch.status = result.ok() ? result.response.status : -1;
        fetches_.push_back(std::move(fetch));
        return result;
    }
    const std::vector<Fetch>& fetches() const { return fetches_; }
    void clear() { fetches_.clear(); }

private:
    std::shared_ptr<kiosk::HttpClient> inner_;
    std::vector<Fetch> fetches_;
};

// Where one runOnce() spent its time, from the request and page timestamps.
struct Timeline {
    double total = 0;
    double http = 0;      // inside HttpClient::perform: request, server, transfer
    double pages = 0;     // answer received -> next page asked for: JSON parse, record checks, folding,
                          // staging inserts and commits, freeing the page
    double apply = 0;     // last page staged -> next pass's first request (or the end): the swap, and
                          // the next pass's bookkeeping
    double other = 0;     // opening cache.db, the index's JSON and state, the first pass's bookkeeping
    std::size_t requests = 0;
    std::size_t bytes = 0;
    std::int64_t records = 0;
};

Timeline analyse(Steady::time_point begin, Steady::time_point end, const std::vector<Fetch>& fetches,
                 const std::vector<PageEvent>& events) {
    Timeline t;
    t.total = secondsBetween(begin, end);
    t.requests = fetches.size();
    for (const auto& f : fetches) {
        t.http += secondsBetween(f.start, f.end);
        t.bytes += f.bytes;
    }
    std::map<std::string, std::int64_t> perDataset;
    for (const auto& e : events) perDataset[e.dataset] = e.records;  // cumulative within a pass
    for (const auto& [dataset, records] : perDataset) t.records += records;
    std::size_t next = 0;  // the first fetch not before the event
    for (const auto& e : events) {
        while (next < fetches.size() && fetches[next].start < e.at) ++next;
        if (next == 0) continue;
        t.pages += secondsBetween(fetches[next - 1].end, e.at);
        // After a page: the next page's request (freeing this one on the way), or the swap.
        const bool last = next == fetches.size() || fetches[next].url.find("cursor=") == std::string::npos;
        const double after = secondsBetween(e.at, next == fetches.size() ? end : fetches[next].start);
        (last ? t.apply : t.pages) += after;
    }
    t.other = std::max(0.0, t.total - t.http - t.pages - t.apply);
    return t;
}

// ---------------------------------------------------------------------------------------------
// The pages a full pass asks for, known in advance: the simulator's cursors are
// "v<version>.o<offset>" (CitySimServer.cpp). The engine's own requests are compared with this list.

struct Page {
    std::string dataset;  // "" = the index
    std::string url;
    fs::path file;
};

std::vector<Page> plannedPages(const CitySimServer& sim, const kiosk::Config& config, const fs::path& dir) {
    std::vector<Page> pages;
    std::string base = config.city.baseUrl;
    while (!base.empty() && base.back() == '/') base.pop_back();
    const std::string index = base + config.sync.indexPath;
    pages.push_back({"", index, dir / "index.json"});
    const auto size = static_cast<std::size_t>(config.sync.pageSize);
    for (const auto& id : config.sync.datasets) {
        const std::size_t records = sim.recordCount(id);
        const auto version = sim.version(id);
        std::size_t offset = 0;
        do {
            std::string url = index + "/" + id + "/records?limit=" + std::to_string(size);
            if (offset > 0) url += "&cursor=v" + std::to_string(version) + ".o" + std::to_string(offset);
            char name[64];
            std::snprintf(name, sizeof name, "page-%04zu.json", pages.size());
            pages.push_back({id, url, dir / name});
            offset += size;
        } while (offset < records);
    }
    return pages;
}

// ---------------------------------------------------------------------------------------------
// The baseline: curl, then the sqlite3 shell.

struct Tools {
    fs::path curl;
    fs::path sqlite3;
    std::string curlVersion;
    std::string sqliteVersion;
};

Tools findTools(const fs::path& work) {
    Tools tools;
    const auto curl = findProgram("curl");
    const auto sqlite = findProgram("sqlite3");
    if (!curl || !sqlite) {
        std::string missing = !curl && !sqlite ? "curl and sqlite3 are" : !curl ? "curl is" : "sqlite3 is";
        throw std::runtime_error(missing + " not installed (the baseline runs them); on Debian: "
                                 "sudo apt-get install curl sqlite3");
    }
    tools.curl = *curl;
    tools.sqlite3 = *sqlite;
    const fs::path out = work / "tool.out";
    const fs::path err = work / "tool.err";
    if (runProgram({tools.curl.string(), "--version"}, {}, out, err) != 0)
        throw std::runtime_error("curl --version failed: " + tail(err));
    tools.curlVersion = firstLine(readFile(out));
    if (runProgram({tools.sqlite3.string(), "--version"}, {}, out, err) != 0)
        throw std::runtime_error("sqlite3 --version failed: " + tail(err));
    tools.sqliteVersion = firstLine(readFile(out)).substr(0, 40);
    // What the baseline needs of the shell: JSON functions, readfile(), FTS5 with remove_diacritics 2.
    const fs::path probe = work / "probe.sql";
    writeFile(probe, "SELECT json_extract('{\"a\":[1]}', '$.a[0]') + length(readfile(" + sqlQuote(probe.string()) +
                         ")) > 0;\nCREATE VIRTUAL TABLE t USING fts5(a, content='', "
                         "tokenize='unicode61 remove_diacritics 2', prefix='1 2');\n");
    if (runProgram({tools.sqlite3.string(), "-batch", "-bail", ":memory:"}, probe, out, err) != 0 ||
        firstLine(readFile(out)) != "1")
        throw std::runtime_error("this sqlite3 shell lacks json_extract, readfile() or FTS5 with remove_diacritics 2 "
                                 "(SQLite >= 3.27 is needed): " + tail(err));
    return tools;
}

// The shape of cache.db's directory (entries, its indexes, entries_fts) as SQL, taken from the
// file itself so the baseline follows the schema; FTS5 folds diacritics itself (no ICU in the shell).
std::string baselineSchema(const fs::path& cacheFile) {
    auto db = kiosk::Database::open(cacheFile);  // read-write: closing it leaves no -wal / -shm behind
    auto stmt = db.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND (tbl_name = 'entries' OR "
                           "name = 'entries_fts') ORDER BY type = 'index', name");
    std::string sql;
    bool fts = false;
    while (stmt.step()) {
        std::string statement = stmt.text(0);
        if (statement.find("entries_fts") != std::string::npos) {
            fts = true;
            const auto at = statement.find("remove_diacritics 0");
            if (at != std::string::npos) statement.replace(at, 19, "remove_diacritics 2");
        }
        sql += statement + ";\n";
    }
    if (!fts || sql.find("CREATE TABLE entries") == std::string::npos)
        throw std::runtime_error("cache.db has no entries / entries_fts table: the schema changed under the benchmark");
    return sql;
}

// One INSERT ... SELECT per page: every record of the page, its fields by json_extract; the
// "other" text as DirectoryRepository makes it (old ward, phone, kind, attribute values but *_json).
std::string loadScript(const std::vector<Page>& pages) {
    std::string sql = "PRAGMA synchronous = NORMAL;\nBEGIN;\n";
    for (const auto& page : pages) {
        if (page.dataset.empty()) continue;
        sql += "INSERT INTO entries(dataset, ext_id, grp, kind, name, address, ward_code, old_ward, lat, lon, phone, "
               "website, hours, source, updated_at, sample, attrs, name_folded, address_folded, other_folded)\n"
               " SELECT " + sqlQuote(page.dataset) + ", id, grp, kind, name, address, ward_code, old_ward, lat, lon, "
               "phone, website, hours, source, updated_at, sample, attrs, lower(name), lower(address), lower(other)\n"
               " FROM (SELECT json_extract(r.value, '$.id') AS id, json_extract(r.value, '$.group') AS grp,"
               " json_extract(r.value, '$.kind') AS kind, json_extract(r.value, '$.name') AS name,"
               " coalesce(json_extract(r.value, '$.address'), '') AS address,"
               " coalesce(json_extract(r.value, '$.ward_code'), '') AS ward_code,"
               " coalesce(json_extract(r.value, '$.old_ward'), '') AS old_ward,"
               " json_extract(r.value, '$.lat') AS lat, json_extract(r.value, '$.lon') AS lon,"
               " coalesce(json_extract(r.value, '$.phone'), '') AS phone,"
               " coalesce(json_extract(r.value, '$.website'), '') AS website,"
               " coalesce(json_extract(r.value, '$.hours'), '') AS hours,"
               " coalesce(json_extract(r.value, '$.source'), '') AS source,"
               " coalesce(json_extract(r.value, '$.updated_at'), '') AS updated_at,"
               " coalesce(json_extract(r.value, '$.sample'), 0) AS sample,"
               " coalesce(json_extract(r.value, '$.attributes'), '{}') AS attrs,"
               " coalesce(json_extract(r.value, '$.old_ward'), '') || ' ' || coalesce(json_extract(r.value, '$.phone'), '')"
               " || ' ' || json_extract(r.value, '$.kind') || coalesce((SELECT ' ' || group_concat(a.value, ' ')"
               " FROM json_each(r.value, '$.attributes') AS a WHERE a.key NOT LIKE '%\\_json' ESCAPE '\\'), '') AS other\n"
               " FROM json_each(readfile(" + sqlQuote(page.file.string()) + "), '$.records') AS r);\n";
    }
    sql += "INSERT INTO entries_fts(rowid, name, address, other) "
           "SELECT id, name_folded, address_folded, other_folded FROM entries;\nCOMMIT;\n";
    return sql;
}

struct BaselineRun {
    double curlSeconds = 0;
    double sqliteSeconds = 0;
    double wireBytes = 0;   // as curl counted them (compressed if the server compressed)
    double bodyBytes = 0;   // the files
    std::int64_t rows = 0;
    double total() const { return curlSeconds + sqliteSeconds; }
};

BaselineRun runBaseline(const Tools& tools, const std::vector<Page>& pages, const fs::path& dir, const std::string& schema,
                        std::size_t expectedRows) {
    BaselineRun run;
    const fs::path db = dir / "baseline.db";
    removeDatabase(db);
    const fs::path out = dir / "tool.out";
    const fs::path err = dir / "tool.err";
    // Untimed: the empty database (the engine's cache.db exists before its sync too), the curl
    // config and the SQL script.
    writeFile(dir / "schema.sql", schema);
    if (runProgram({tools.sqlite3.string(), "-batch", "-bail", db.string()}, dir / "schema.sql", out, err) != 0)
        throw std::runtime_error("sqlite3 could not create the baseline's schema: " + tail(err));
    std::string config;
    for (const auto& page : pages) config += "url = \"" + page.url + "\"\noutput = \"" + page.file.string() + "\"\n";
    writeFile(dir / "curl.conf", config);
    writeFile(dir / "load.sql", loadScript(pages));

    // Timed: curl (one process, URLs in order on one connection; it asks for compression as the
    // engine's libcurl does), then the shell, one transaction.
    auto start = Steady::now();
    const int curlStatus = runProgram({tools.curl.string(), "--silent", "--show-error", "--fail", "--compressed",
                                       "--header", "Accept: application/json", "--user-agent", "bench-sync-baseline",
                                       "--write-out", "%{http_code} %{size_download}\\n", "--config",
                                       (dir / "curl.conf").string()},
                                      {}, dir / "curl.out", err);
    run.curlSeconds = secondsSince(start);
    if (curlStatus != 0) throw std::runtime_error("curl failed (exit " + std::to_string(curlStatus) + "): " + tail(err));
    start = Steady::now();
    const int sqliteStatus = runProgram({tools.sqlite3.string(), "-batch", "-bail", db.string()}, dir / "load.sql", out, err);
    run.sqliteSeconds = secondsSince(start);
    if (sqliteStatus != 0)
        throw std::runtime_error("sqlite3 failed to load the pages (exit " + std::to_string(sqliteStatus) + "): " + tail(err));

    // Checked, untimed: every answer 200, every record in.
    std::istringstream lines(readFile(dir / "curl.out"));
    std::string code;
    double size = 0;
    std::size_t answers = 0;
    while (lines >> code >> size) {
        if (code != "200") throw std::runtime_error("curl got HTTP " + code + " for one of the pages");
        run.wireBytes += size;
        ++answers;
    }
    if (answers != pages.size())
        throw std::runtime_error("curl fetched " + std::to_string(answers) + " of " + std::to_string(pages.size()) + " URLs");
    std::error_code ec;
    for (const auto& page : pages) run.bodyBytes += static_cast<double>(fs::file_size(page.file, ec));
    auto check = kiosk::Database::open(db, kiosk::Database::Mode::ReadOnly);
    auto count = check.prepare("SELECT count(*) FROM entries");
    run.rows = count.step() ? count.integer(0) : -1;
    if (run.rows != static_cast<std::int64_t>(expectedRows))
        throw std::runtime_error("the baseline loaded " + std::to_string(run.rows) + " rows, not " +
                                 std::to_string(expectedRows));
    return run;
}

// ---------------------------------------------------------------------------------------------
// The engine's runs.

std::int64_t countRows(const fs::path& db, const std::string& sql) {
    auto conn = kiosk::Database::open(db, kiosk::Database::Mode::ReadOnly);
    auto stmt = conn.prepare(sql);
    return stmt.step() ? stmt.integer(0) : -1;
}

struct EngineRun {
    Timeline timeline;
    kiosk::SyncReport report;
    long peakKiB = 0;
    long startKiB = 0;
    std::int64_t changed = 0;
    std::int64_t deleted = 0;
    std::vector<std::string> urls;
    std::vector<Fetch> fetches;
};

EngineRun timeRun(kiosk::SyncEngine& engine, TimingHttpClient& http) {
    EngineRun run;
    std::vector<PageEvent> events;
    events.reserve(4096);
    http.clear();
    run.startKiB = statusKiB("VmRSS", true);
    const auto begin = Steady::now();
    run.report = engine.runOnce({}, false, [&](const kiosk::SyncProgress& p) {
        events.push_back({p.dataset, p.pages, p.records, Steady::now()});
    });
    const auto end = Steady::now();
    run.peakKiB = statusKiB("VmHWM");
    run.timeline = analyse(begin, end, http.fetches(), events);
    for (const auto& f : http.fetches()) run.urls.push_back(f.url);
    run.fetches = http.fetches();
    for (const auto& d : run.report.datasets) {
        run.changed += d.applied.changed;
        run.deleted += d.applied.deleted;
    }
    return run;
}

std::string describeFailure(const kiosk::SyncReport& report) {
    if (!report.indexOk) return "index: " + report.indexError;
    std::string out;
    for (const auto& d : report.datasets)
        if (d.result != kiosk::DatasetOutcome::Result::Applied)
            out += (out.empty() ? "" : "; ") + d.dataset + ": " +
                   (d.error.empty() ? std::string("not applied") : d.error);
    return out;
}

void verify(const EngineRun& run, const std::string& mode, const CitySimServer& sim, const fs::path& cacheFile,
            const std::vector<std::string>& datasets) {
    const auto& report = run.report;
    std::string problem = report.allOk() ? std::string() : describeFailure(report);
    if (problem.empty() && report.datasets.size() != datasets.size())
        problem = std::to_string(report.datasets.size()) + " datasets in the report, not " + std::to_string(datasets.size());
    for (const auto& d : report.datasets) {
        if (!problem.empty()) break;
        if (d.result != kiosk::DatasetOutcome::Result::Applied || d.mode != mode)
            problem = d.dataset + ": not applied as a " + mode + " pass (" + d.mode + ")";
        else if (d.applied.rows != static_cast<std::int64_t>(sim.recordCount(d.dataset)))
            problem = d.dataset + ": " + std::to_string(d.applied.rows) + " rows after the swap, the city has " +
                      std::to_string(sim.recordCount(d.dataset));
        else if (d.skipped != 0)
            problem = d.dataset + ": " + std::to_string(d.skipped) + " records skipped";
    }
    if (problem.empty()) {
        const auto rows = countRows(cacheFile, "SELECT count(*) FROM entries");
        const auto seedRows = countRows(cacheFile, "SELECT count(*) FROM entries WHERE ext_id LIKE 'seed-%'");
        if (rows != static_cast<std::int64_t>(sim.totalRecords()))
            problem = "cache.db has " + std::to_string(rows) + " entries, the city " + std::to_string(sim.totalRecords());
        else if (seedRows != 0)
            problem = std::to_string(seedRows) + " bundled rows are still in cache.db";
    }
    if (!problem.empty()) throw std::runtime_error("the " + mode + " sync failed its check: " + problem);
}

// ---------------------------------------------------------------------------------------------
// Page handling, taken apart: the same pages replayed without the network through the same
// public functions the engine calls (nlohmann::json::parse, decodeCityRecord, foldedText,
// SyncStore::stagePage, SyncStore::applyPass) on a fresh cache.db.

struct Replay {
    double parse = 0;
    double decode = 0;
    double fold = 0;
    double stage = 0;  // SyncStore::stagePage, folding included
    double apply = 0;  // SyncStore::applyPass, all datasets
    std::size_t records = 0;
};

Replay replay(const std::vector<Page>& pages, const fs::path& cacheFile) {
    Replay r;
    auto db = kiosk::Database::open(cacheFile);
    db.exec("PRAGMA busy_timeout = 15000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");  // as the engine
    kiosk::SyncStore store(db);
    std::string current;
    const auto finish = [&] {
        if (current.empty()) return;
        const auto t = Steady::now();
        store.applyPass(current, "2026-01-01T00:00:00Z");
        r.apply += secondsSince(t);
    };
    for (std::size_t i = 0; i < pages.size(); ++i) {
        const auto& page = pages[i];
        if (page.dataset.empty()) continue;
        if (page.dataset != current) {
            finish();
            current = page.dataset;
            store.beginPass(current, "full", 1, 0);
        }
        const std::string body = readFile(page.file);
        auto t = Steady::now();
        const auto json = nlohmann::json::parse(body);
        r.parse += secondsSince(t);
        const auto group = kiosk::datasetInfo(page.dataset)->group;
        std::vector<kiosk::CityRecord> records;
        records.reserve(json["records"].size());
        t = Steady::now();
        for (const auto& item : json["records"]) {
            kiosk::CityRecord record;
            std::string reason;
            if (kiosk::decodeCityRecord(item, group, record, reason)) records.push_back(std::move(record));
        }
        r.decode += secondsSince(t);
        t = Steady::now();
        for (const auto& record : records) kiosk::DirectoryRepository::foldedText(record.entry);
        r.fold += secondsSince(t);
        r.records += records.size();
        const bool last = i + 1 == pages.size() || pages[i + 1].dataset != page.dataset;
        const std::string next = last ? std::string() : std::string("more");
        t = Steady::now();
        store.stagePage(page.dataset, records, {}, 0, next);
        r.stage += secondsSince(t);
    }
    finish();
    return r;
}

// ---------------------------------------------------------------------------------------------

struct Options {
    std::size_t entries = kTargetEntries;
    int repeats = 3;
    int pageSize = 1000;
    double changed = 0.01;
    std::size_t deletions = 2;
    std::string work;
    std::string dataDir;
    bool keep = false;
    bool breakdown = true;
    bool verbose = false;
};

void printTimeline(const char* label, const Timeline& t) {
    const auto share = [&](double part) { return t.total > 0 ? 100.0 * part / t.total : 0.0; };
    std::printf("  %s %.2f s = HTTP %.2f s (%.0f %%) + page handling %.2f s (%.0f %%) + swap %.2f s (%.0f %%)"
                " + other %.2f s (%.0f %%)\n",
                label, t.total, t.http, share(t.http), t.pages, share(t.pages), t.apply, share(t.apply), t.other,
                share(t.other));
}

int run(const Options& options) {
    const fs::path work = options.work.empty()
                              ? fs::temp_directory_path() / ("bench-sync-" + std::to_string(::getpid()))
                              : fs::path(options.work);
    fs::create_directories(work);
    struct Cleanup {
        fs::path dir;
        bool keep;
        ~Cleanup() {
            std::error_code ec;
            if (!keep) fs::remove_all(dir, ec);
        }
    } cleanup{work, options.keep};
    if (!options.verbose) kiosk::log::get("sync")->set_level(spdlog::level::warn);

    std::printf("bench-sync: SyncEngine::runOnce (full, then delta) against curl + the sqlite3 shell on the same bytes\n");
    const Tools tools = findTools(work);
    std::printf("tools: %s\n       sqlite3 %s\n", tools.curlVersion.c_str(), tools.sqliteVersion.c_str());

    // --- the city ---
    const fs::path dataDir = options.dataDir.empty() ? fs::path(KIOSK_BENCH_DATA_DIR) : fs::path(options.dataDir);
    auto start = Steady::now();
    const auto seed = std::make_shared<const std::vector<kiosk::DirectoryEntry>>(kiosk::loadBundledSeed(dataDir));
    if (seed->empty()) throw std::runtime_error("no bundled rows in " + dataDir.string());
    CitySimServer::Options simOptions;
    simOptions.seed = seed;
    simOptions.replicate = options.entries;
    CitySimServer sim(simOptions);
    sim.start();
    std::printf("city: the simulator in this process at %s: %zu records in %zu datasets (the %zu bundled rows "
                "repeated; built in %.1f s)\n",
                sim.baseUrl().c_str(), sim.totalRecords(), sim.datasetIds().size(), seed->size(), secondsSince(start));

    kiosk::Config config;
    config.kiosk.id = "kiosk-bench";
    config.kiosk.wardCode = "26740";
    config.city.baseUrl = sim.baseUrl();
    for (const auto& info : kiosk::knownDatasets()) config.sync.datasets.emplace_back(info.id);
    config.sync.pageSize = options.pageSize;
    config.sync.maxPageBytes = 256u << 20;
    config.sync.requestTimeout = std::chrono::seconds(300);

    // --- cache.db as a kiosk has it before its first sync: built once, copied for every run ---
    const fs::path templateFile = work / "template-cache.db";
    start = Steady::now();
    std::size_t seedEntries = 0;
    {
        kiosk::DirectoryCache::OpenReport report;
        auto cache = kiosk::DirectoryCache::open(templateFile, [&] { return *seed; }, report);
        seedEntries = report.entries;
    }
    std::printf("cache.db: built from the bundled seed (%zu entries) in %.1f s, copied fresh for every full sync "
                "(not timed)\n", seedEntries, secondsSince(start));
    const std::string schema = baselineSchema(templateFile);
    std::printf("work files: %s%s\n\n", work.string().c_str(), options.keep ? " (kept)" : " (removed at exit)");

    std::vector<double> fullTimes, baseTimes, curlTimes, sqliteTimes, deltaTimes;
    std::vector<EngineRun> fulls, deltas;
    std::vector<BaselineRun> baselines;
    std::vector<Page> lastPages;
    long peakKiB = 0;
    long beforeKiB = 0;
    for (int r = 0; r < options.repeats; ++r) {
        const fs::path dir = work / ("run-" + std::to_string(r + 1));
        std::error_code ec;
        fs::remove_all(dir, ec);
        fs::create_directories(dir);
        const fs::path cacheFile = dir / "cache.db";
        for (const char* suffix : {"", "-wal"})
            if (fs::exists(templateFile.string() + suffix))
                fs::copy_file(templateFile.string() + suffix, cacheFile.string() + suffix,
                              fs::copy_options::overwrite_existing);
        const auto pages = plannedPages(sim, config, dir);
        const std::size_t expected = sim.totalRecords();

        auto http = std::make_shared<TimingHttpClient>(
            std::make_shared<kiosk::CurlHttpClient>(config.city, kiosk::userAgentFor(config)));
        kiosk::SyncEngine engine(cacheFile, config, http, kiosk::SystemClock::instance());

        // Which goes first alternates, so that neither always finds the other's pages warm.
        EngineRun full;
        BaselineRun base;
        if (r % 2 == 0) {
            full = timeRun(engine, *http);
            base = runBaseline(tools, pages, dir, schema, expected);
        } else {
            base = runBaseline(tools, pages, dir, schema, expected);
            full = timeRun(engine, *http);
        }
        verify(full, "full", sim, cacheFile, config.sync.datasets);
        std::vector<std::string> planned;
        for (const auto& p : pages) planned.push_back(p.url);
        if (full.urls != planned) {
            std::size_t i = 0;
            while (i < full.urls.size() && i < planned.size() && full.urls[i] == planned[i]) ++i;
            throw std::runtime_error("the engine fetched other URLs than the baseline (" + std::to_string(full.urls.size()) +
                                     " vs " + std::to_string(planned.size()) + "; first difference at #" +
                                     std::to_string(i) + ": " + (i < full.urls.size() ? full.urls[i] : "-") + " vs " +
                                     (i < planned.size() ? planned[i] : "-") + ")");
        }
        if (std::abs(static_cast<double>(full.timeline.bytes) - base.bodyBytes) > 0.5)
            throw std::runtime_error("the engine received " + std::to_string(full.timeline.bytes) + " bytes, curl " +
                                     std::to_string(static_cast<std::size_t>(base.bodyBytes)));
        if (full.peakKiB - full.startKiB > peakKiB - beforeKiB) {
            peakKiB = full.peakKiB;
            beforeKiB = full.startKiB;
        }

        // --- delta: 1 % changed in every dataset, a few deleted ---
        for (const auto& id : config.sync.datasets) sim.mutate(id, options.changed, options.deletions);
        const auto delta = timeRun(engine, *http);
        verify(delta, "delta", sim, cacheFile, config.sync.datasets);

        fullTimes.push_back(full.timeline.total);
        baseTimes.push_back(base.total());
        curlTimes.push_back(base.curlSeconds);
        sqliteTimes.push_back(base.sqliteSeconds);
        deltaTimes.push_back(delta.timeline.total);
        std::printf("run %d/%d%s: full %.2f s | baseline %.2f s (curl %.2f + sqlite3 %.2f) | delta %.3f s "
                    "(%lld written, %lld removed)\n",
                    r + 1, options.repeats, r % 2 == 0 ? " (engine first)" : " (baseline first)", full.timeline.total,
                    base.total(), base.curlSeconds, base.sqliteSeconds, delta.timeline.total,
                    static_cast<long long>(delta.changed), static_cast<long long>(delta.deleted));
        std::fflush(stdout);
        fulls.push_back(std::move(full));
        deltas.push_back(delta);
        baselines.push_back(base);

        // The last run's pages stay for the replay; the rest goes now (they are large).
        if (r + 1 < options.repeats && !options.keep) {
            fs::remove_all(dir, ec);
        } else {
            lastPages = pages;
        }
    }

    const double full = median(fullTimes);
    const double baseline = median(baseTimes);
    const double delta = median(deltaTimes);
    const double ratio = baseline > 0 ? full / baseline : 0.0;
    const double deltaRatio = full > 0 ? delta / full : 0.0;
    const auto& mf = fulls[medianIndex(fullTimes)];
    const auto& md = deltas[medianIndex(deltaTimes)];
    const auto& mb0 = baselines[medianIndex(baseTimes)];

    std::printf("\nfull sync, SyncEngine::runOnce, all %zu datasets as full passes, page size %d:\n",
                config.sync.datasets.size(), options.pageSize);
    std::printf("  %zu requests (index + %zu pages), %.1f MB of JSON, %lld rows\n", mf.timeline.requests,
                mf.timeline.requests - 1, mb(static_cast<double>(mf.timeline.bytes)),
                static_cast<long long>(mf.timeline.records));
    std::printf("  median %.2f s (runs %s): %.0f rows/s, %.1f MB/s\n", full, runsOf(fullTimes).c_str(),
                static_cast<double>(mf.timeline.records) / full, mb(static_cast<double>(mf.timeline.bytes)) / full);
    printTimeline("median run:", mf.timeline);
    std::printf("  peak RSS of this process during a full sync: %.1f MB (VmHWM), %.1f MB over the %.1f MB resident "
                "before it (the simulator's records, in the same process)\n",
                static_cast<double>(peakKiB) / 1024.0, static_cast<double>(peakKiB - beforeKiB) / 1024.0,
                static_cast<double>(beforeKiB) / 1024.0);

    std::printf("\nbaseline, same URLs and bytes: curl (one process, sequential, --compressed) + sqlite3 shell "
                "(one transaction, same entries shape + contentless FTS5):\n");
    std::printf("  %.1f MB on the wire, %.1f MB of JSON, %lld rows\n", mb(mb0.wireBytes), mb(mb0.bodyBytes),
                static_cast<long long>(mb0.rows));
    std::printf("  median %.2f s (runs %s) = curl %.2f s (runs %s) + sqlite3 %.2f s (runs %s)\n", baseline,
                runsOf(baseTimes).c_str(), median(curlTimes), runsOf(curlTimes).c_str(), median(sqliteTimes),
                runsOf(sqliteTimes).c_str());
    std::printf("  %.0f rows/s; engine / baseline: HTTP %.2f s vs curl %.2f s, the rest %.2f s vs sqlite3 %.2f s\n",
                static_cast<double>(mb0.rows) / baseline, mf.timeline.http, median(curlTimes),
                mf.timeline.total - mf.timeline.http, median(sqliteTimes));

    std::printf("\ndelta sync: %.1f %% of each dataset's records changed and %zu deleted per dataset, then runOnce:\n",
                100.0 * options.changed, options.deletions);
    std::printf("  %zu requests, %.2f MB of JSON, %lld rows written, %lld removed\n", md.timeline.requests,
                mb(static_cast<double>(md.timeline.bytes)), static_cast<long long>(md.changed),
                static_cast<long long>(md.deleted));
    std::printf("  median %.3f s (runs %s)\n", delta, runsOf(deltaTimes).c_str());
    printTimeline("median run:", md.timeline);
    if (options.verbose) {
        std::printf("  its requests:\n");
        for (const auto& f : md.fetches)
            std::printf("    %7.1f ms %9zu B  HTTP %ld  %s\n", 1000.0 * secondsBetween(f.start, f.end), f.bytes, f.status,
                        f.url.c_str());
    }

    if (options.breakdown && !lastPages.empty()) {
        const fs::path replayFile = work / "replay-cache.db";
        removeDatabase(replayFile);
        fs::copy_file(templateFile, replayFile, fs::copy_options::overwrite_existing);
        const auto r = replay(lastPages, replayFile);
        removeDatabase(replayFile);
        const double total = r.parse + r.decode + r.stage + r.apply;
        const auto share = [&](double part) { return total > 0 ? 100.0 * part / total : 0.0; };
        std::printf("\nthe full sync's work without the network (the last run's pages replayed through the engine's "
                    "own functions, one run, %zu records):\n", r.records);
        std::printf("  JSON parse (nlohmann)     %6.2f s  %3.0f %%\n", r.parse, share(r.parse));
        std::printf("  record checks (decode)    %6.2f s  %3.0f %%\n", r.decode, share(r.decode));
        std::printf("  folding (ICU, in stage)   %6.2f s  %3.0f %%\n", r.fold, share(r.fold));
        std::printf("  staging inserts + commits %6.2f s  %3.0f %%  (SyncStore::stagePage minus folding)\n",
                    std::max(0.0, r.stage - r.fold), share(std::max(0.0, r.stage - r.fold)));
        std::printf("  swap (applyPass)          %6.2f s  %3.0f %%\n", r.apply, share(r.apply));
        std::printf("  total                     %6.2f s  (the engine's full run minus HTTP: %.2f s)\n", total,
                    mf.timeline.total - mf.timeline.http);
    }

    std::printf("\ntargets%s:\n", options.entries == kTargetEntries ? "" : " (NOTE: this run is not at 200000 entries)");
    std::printf("  full / baseline <= %.1f      %6.2f   %s\n", kTargetRatio, ratio, ratio <= kTargetRatio ? "met" : "MISSED");
    std::printf("  delta / full <= %.2f        %6.3f   %s\n", kTargetDeltaRatio, deltaRatio,
                deltaRatio <= kTargetDeltaRatio ? "met" : "MISSED");
    sim.stop();
    std::printf("RESULT sync ratio=%.2f delta_ratio=%.3f\n", ratio, deltaRatio);
    std::fflush(stdout);
    return 0;
}
}  // namespace

int main(int argc, char** argv) {
    Options options;
    CLI::App cli{"bench-sync: a full and a delta sync of 200,000 records from the city simulator, against curl + sqlite3"};
    cli.add_option("--entries", options.entries, "Records the simulator serves in all (default 200000)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{20000000}));
    cli.add_option("--repeats", options.repeats, "Runs of each measurement; the median counts (default 3)")
        ->check(CLI::Range(1, 100));
    cli.add_option("--page-size", options.pageSize, "[sync] page_size (default 1000)")->check(CLI::Range(1, 5000));
    cli.add_option("--changed", options.changed, "Delta: share of each dataset's records changed (default 0.01)")
        ->check(CLI::Range(0.0, 1.0));
    cli.add_option("--deletions", options.deletions, "Delta: records deleted per dataset (default 2)");
    cli.add_option("--work", options.work, "Folder for cache.db, the pages and the baseline (default: a temporary one)");
    cli.add_flag("--keep", options.keep, "Keep the work folder");
    cli.add_option("--data", options.dataDir, "The bundled data (default: resources/data of the source tree)");
    cli.add_flag("!--no-breakdown", options.breakdown, "Skip the replay that splits the engine's page handling");
    cli.add_flag("--verbose", options.verbose, "The engine's log at info level");
    CLI11_PARSE(cli, argc, argv);
    try {
        return run(options);
    } catch (const std::exception& error) {
        std::fflush(stdout);
        std::fprintf(stderr, "bench-sync: %s\n", error.what());
        return 1;
    }
}
