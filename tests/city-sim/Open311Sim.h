#pragma once
// The simulated 1022 system: an Open311 GeoReport v2 endpoint (app/feedback/OPEN311.md), served
// by CitySimServer under <baseUrl>/open311/v2 (see OPEN311-SIM.md). Its services are modelled on
// the city's 1022 categories, but every service, attribute and answer is synthetic. It honours
// the Idempotency-Key extension, answers with an id or with a token, and breaks on demand: 5xx,
// latency, garbled answers and "store then drop" (the report is filed, the answer is lost), the
// fault the kiosk's outbox must survive without filing a report twice.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace citysim {

class Open311Sim {
public:
    using SteadyClock = std::function<std::chrono::steady_clock::time_point()>;
    using WallClock = std::function<std::chrono::system_clock::time_point()>;

    // How an accepted POST is answered: with the request's id, or with a token whose id comes
    // later from tokens/{token}.json (see setTokenReadiness).
    enum class AnswerStyle { Id, Token };

    // Answers given instead of the real one. None of them stores anything: they stand for a
    // gateway or a server failing before the report reaches the 1022 system. (Store-then-drop,
    // which does store, is separate: setStoreThenDrop.)
    enum class Fault {
        None,
        InternalError,     // 500 [{code:500, description}]
        Unavailable,       // 503 [{code:503, description}]
        MalformedJson,     // 200 application/json, a body that is not JSON
        WrongContentType,  // 200 text/html, a maintenance page
    };
    enum class FaultCalls { Post, Get, All };  // which calls a fault hits

    // A report as the simulator stored it.
    struct StoredRequest {
        std::string serviceRequestId;  // "HCM-000001"
        std::string token;             // "" unless answered in token style
        std::string idempotencyKey;    // "" when the POST had none
        // Every form field as received (percent-decoded), in order, api_key included.
        std::vector<std::pair<std::string, std::string>> fields;
        // attribute[CODE]=v and attribute[CODE][]=v, by code, values in order (extensions too).
        std::map<std::string, std::vector<std::string>> attributes;
        std::string serviceCode;
        std::string serviceName;
        std::string description;
        std::string address;  // address_string
        std::optional<double> lat;
        std::optional<double> lon;
        std::string status = "open";  // "open" or "closed"
        std::string statusNotes;
        std::string agencyResponsible;
        std::string requestedDatetime;  // ISO 8601, +07:00
        std::string updatedDatetime;
        std::string expectedDatetime;  // "" until set with setExpectedDatetime
        std::string serviceNotice;
        std::string answer;  // the body of the POST's 201, replayed for the same Idempotency-Key
        // account_id as posted ("" when none): it names a person, so no GET answer shows it.
        std::string accountId;

        // The first value of a form field, "" when absent.
        std::string field(const std::string& name) const;
    };

    Open311Sim();
    ~Open311Sim();
    Open311Sim(const Open311Sim&) = delete;
    Open311Sim& operator=(const Open311Sim&) = delete;

    // Adds the /open311/v2 routes to a server (CitySimServer does it for every server it starts).
    void registerRoutes(httplib::Server& server);

    // --- settings ---
    void setAnswerStyle(AnswerStyle style);
    AnswerStyle answerStyle() const;
    // Token style: the first `pollsWithoutId` polls of a token answer without the id, and the id
    // is never given before `delay` has passed since the report was filed. Defaults 0 ms, 1 poll.
    void setTokenReadiness(std::chrono::milliseconds delay, int pollsWithoutId);
    // The api_key accepted on POST; "" (the default) accepts any non-empty key.
    void setApiKey(std::string key);
    // "" (the default): any jurisdiction_id, or none. Otherwise a call naming another one gets
    // 404 [{code:404, ...}]; a call naming none is served.
    void setJurisdiction(std::string jurisdictionId);
    std::string jurisdiction() const;

    // true: every GET answer about a report also carries the contact details it was filed with
    // (first_name, last_name, phone, email), as a careless city might; off by default. For tests
    // that a kiosk never shows them for a report filed elsewhere.
    void setEchoContact(bool echo);

    // --- faults; each can be changed while the server runs ---
    // `count` calls get the fault (-1 = until cleared); replaces the current fault.
    void setFault(Fault fault, FaultCalls calls = FaultCalls::Post, int count = -1);
    // Every /open311 call waits this long first (0 = none; changing it ends the waits in progress).
    void setLatency(std::chrono::milliseconds latency);
    // With this probability (0..1, else std::invalid_argument) a POST that would be answered 201
    // (a new report, or the replay of a stored one) is answered with nothing at all: the report
    // is stored, then the connection is closed before a single byte of the answer is sent.
    void setStoreThenDrop(double probability);
    double storeThenDrop() const;
    // Seeds the generator that decides the drops (default 1022), so a run can be repeated.
    void setSeed(std::uint64_t seed);
    // The next `count` reports that would be filed are refused instead, 400 with `problems` (each
    // "CODE: text", as the city writes them): a rule of the city's the kiosk cannot know, for
    // testing how a refusal reaches the resident's form. Cleared by clearFaults().
    void refuseNext(std::vector<std::string> problems, int count = 1);
    void clearFaults();  // fault, latency, store-then-drop and refusals off
    int faultsApplied() const;  // calls answered with the fault since setFault
    int drops() const;          // answers dropped since the last reset()

    // --- what was filed ---
    std::size_t requestCount() const;
    std::vector<StoredRequest> requests() const;  // in the order they were filed
    std::optional<StoredRequest> request(const std::string& serviceRequestId) const;
    std::size_t countByIdempotencyKey(const std::string& key) const;
    int posts() const;  // POST requests.json received, refused and faulty ones included
    // Forgets the reports, tokens, Idempotency-Keys and counters, and clears the faults. The
    // settings stay, and so does the id sequence, so an id is never handed out twice.
    void reset();

    // --- the city's side: what the ward does with a report (each also sets updated_datetime) ---
    // false for an unknown id; std::invalid_argument for a status other than "open"/"closed".
    bool setStatus(const std::string& serviceRequestId, const std::string& status, const std::string& notes = {});
    bool setAgencyResponsible(const std::string& serviceRequestId, const std::string& agency);
    bool setExpectedDatetime(const std::string& serviceRequestId, const std::string& isoDatetime);

    // --- the city's side on its own, for the local demo (OPEN311-SIM.md, "Progression") ---
    // Once a filed report is `assignAfter` old, the ward takes it (a synthetic agency, notes and
    // an expected date); once it is `closeAfter` old, it is closed as handled. Applied when
    // reports are read (GET, requests(), request()), following the steady clock. 0 turns a step
    // off; both 0 (the default) is no progression. std::invalid_argument for a negative time,
    // or a closeAfter before assignAfter when both are on.
    void setProgression(std::chrono::seconds assignAfter, std::chrono::seconds closeAfter);

    // --- the catalogue ---
    std::vector<std::string> serviceCodes() const;  // in services.json order

    // --- time ---
    // Token readiness follows the steady clock; requested/updated datetimes the wall clock.
    // Both must be safe to call from the server's threads, with the simulator's lock held.
    void setClock(SteadyClock clock);
    void setWallClock(WallClock clock);

private:
    struct Reply;
    struct Entry {
        StoredRequest request;
        std::string fingerprint;  // of the form minus api_key, for Idempotency-Key reuse checks
        std::chrono::steady_clock::time_point filedAt;
        int polls = 0;  // token polls answered so far
        int progressed = 0;  // progression steps applied: 1 assigned, 2 closed
    };

    // Each of these is called with mutex_ held.
    bool jurisdictionMatches(const std::string& given) const;
    Entry* findLocked(const std::string& serviceRequestId);
    const Entry* findLocked(const std::string& serviceRequestId) const;
    std::string nowIso() const;
    std::string isoAt(std::chrono::system_clock::time_point when) const;
    // Moves every report along the progression as far as its age says (see setProgression).
    void progressLocked() const;
    bool drawDrop();

    std::optional<Reply> takeFault(bool post);
    void pause() const;
    Reply services(const httplib::Request& req) const;
    Reply definition(const httplib::Request& req, const std::string& code) const;
    Reply submit(const httplib::Request& req, const std::string& body, bool& drop);
    // `single`: requests/{id}.json, where an unknown id is 404 rather than an empty list.
    Reply tracking(const httplib::Request& req, const std::vector<std::string>& ids, bool single) const;
    Reply token(const httplib::Request& req, const std::string& token);

    mutable std::mutex mutex_;
    SteadyClock clock_;
    WallClock wallClock_;
    AnswerStyle style_ = AnswerStyle::Id;
    std::chrono::milliseconds tokenDelay_{0};
    int tokenPolls_ = 1;
    bool echoContact_ = false;
    std::string apiKey_;
    std::string jurisdiction_;

    Fault fault_ = Fault::None;
    FaultCalls faultCalls_ = FaultCalls::Post;
    int faultCount_ = -1;
    int faultApplied_ = 0;
    std::chrono::milliseconds latency_{0};
    std::uint64_t latencyGeneration_ = 0;  // bumped to end the waits in progress
    double dropProbability_ = 0.0;
    std::mt19937_64 dropRng_{1022};
    int drops_ = 0;
    int posts_ = 0;
    std::vector<std::string> refusal_;
    int refusals_ = 0;

    std::chrono::seconds assignAfter_{0};
    std::chrono::seconds closeAfter_{0};

    std::uint64_t sequence_ = 0;               // the last id handed out
    // In filing order. Mutable: reading the reports is what moves them along the progression.
    mutable std::vector<Entry> entries_;
    std::map<std::string, std::size_t> byKey_;    // Idempotency-Key -> index in entries_
    std::map<std::string, std::size_t> byToken_;  // token -> index in entries_
    std::mt19937_64 tokenRng_;
};

}  // namespace citysim
