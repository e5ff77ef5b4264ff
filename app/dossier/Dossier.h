#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/TaskQueue.h"
#include "net/HttpClient.h"

namespace kiosk::dossier {

// Dossier status lookup (contract: app/dossier/DOSSIER.md). The parsers take text straight from
// the network: they throw nothing, and whatever breaks the contract is refused whole.

enum class Status { Received, Processing, Supplement, Completed, Returned, Rejected, Other };

std::string_view toString(Status status);

struct Dossier {
    std::string code;
    std::string procedure;
    std::string agency;
    Status status = Status::Other;
    std::string step;
    std::string receivedAt;     // ISO 8601 as the portal wrote them
    std::string appointmentAt;  // "" when none
    std::string completedAt;    // "" until done
};

// What the resident must be told first about a dossier (issue 18): whether it waits for them,
// or whether its promised date passed with no result. The rule lives here, not on a screen, so
// every screen and the slip agree.
struct Attention {
    // The portal waits for the resident: the status is "supplement", or the step says "Cần bổ
    // sung …" while the status still reads "processing" (some agencies only change the step).
    bool needsResident = false;
    // The promised date has passed and there is no result. Not set while the dossier waits for
    // the resident: the processing time restarts once the missing papers are in.
    bool overdue = false;
    std::string what;   // the portal's words for what to bring (its step), "" when it gave none
    std::string where;  // the agency that asks for it, "" when unknown
    bool any() const { return needsResident || overdue; }
};
Attention attentionFor(const Dossier& dossier, std::chrono::system_clock::time_point now);

// The canonical form ("H29.22-261120-0001") of a code as typed, or "" if it is not one.
std::string normalizeCode(std::string_view typed);

// One dossier; `expectedCode` (canonical) must be the one answered.
std::optional<Dossier> parseDossier(std::string_view json, std::string_view expectedCode, std::string& error);
// {"dossiers": […]}: entries that break the rules are skipped (counted in `skipped`).
std::optional<std::vector<Dossier>> parseDossierList(std::string_view json, std::size_t& skipped, std::string& error);

struct Lookup {
    enum class Kind {
        Found,         // dossiers: the one asked for, or the resident's own (maybe none)
        NotFound,      // 404: no dossier with this code
        InvalidCode,   // not a dossier code: nothing was asked
        LoginExpired,  // 401 for the resident's own: log in again
        Unavailable,   // no usable answer; `detail` says why (for the log)
    };
    Kind kind = Kind::Unavailable;
    std::vector<Dossier> dossiers;
    std::string detail;
};

// Asks the portal. Calls block: run them on a worker thread.
class DossierClient {
public:
    DossierClient(std::shared_ptr<HttpClient> http, std::string dvcUrl,
                  std::chrono::seconds timeout = std::chrono::seconds(15));
    Lookup byCode(std::string_view typedCode, const std::atomic<bool>* cancel = nullptr);
    Lookup mine(const std::string& accessToken, const std::atomic<bool>* cancel = nullptr);

private:
    std::shared_ptr<HttpClient> http_;
    std::string url_;
    std::chrono::seconds timeout_;
};

// The lookups for screens, on a thread of their own. A screen passes a cancel flag it sets when
// it goes away: the request in progress ends at once and its callback is not called. Callbacks
// run on the service's thread; the UI passes them through its dispatcher.
class DossierService {
public:
    using Cancel = std::shared_ptr<std::atomic<bool>>;
    using Callback = std::function<void(Lookup)>;
    DossierService(std::shared_ptr<HttpClient> http, std::string dvcUrl);
    void byCode(std::string typedCode, Cancel cancel, Callback callback);
    void mine(std::string accessToken, Cancel cancel, Callback callback);

private:
    void run(Cancel cancel, Callback callback, std::function<Lookup(const std::atomic<bool>*)> lookup);
    DossierClient client_;
    TaskQueue queue_;  // last: its thread ends before the client goes
};

}  // namespace kiosk::dossier
