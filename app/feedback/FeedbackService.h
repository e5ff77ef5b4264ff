#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "config/Config.h"
#include "core/Clock.h"
#include "core/TaskQueue.h"
#include "feedback/FeedbackSender.h"
#include "feedback/Open311.h"
#include "feedback/Outbox.h"
#include "feedback/SlipCode.h"
#include "net/HttpClient.h"

namespace kiosk {

// What a slip read at this kiosk (scanned, or its code typed) leads to.
struct ReportLookup {
    enum class Kind {
        Here,            // in this kiosk's outbox: `report`, everything shown as to its sender
        City,            // filed from another kiosk: `status` from the city, no contact details
        SavedElsewhere,  // no city id on the slip and not here: `wardCode` names the kiosk's ward
                         // ("" for a code made before codes named it)
        NotAtCity,       // the city has no report with that id
        Unreachable,     // the city could not be asked now (or this kiosk has no outbox)
    };
    Kind kind = Kind::Unreachable;
    ReportKey key;
    std::optional<OutboxReport> report;
    open311::RequestStatus status;
    std::string wardCode;
    std::string detail;  // for the log
};

// The feedback feature as the screens use it. outbox.db is opened, and every request is
// answered, on the service's own threads, never the caller's: one for the disk (saving,
// listing, finding: quick, never behind a network call) and one for the network (services,
// definitions, tracking). The sender sends in the background on a third. Callbacks run on
// those threads; the UI passes them through its dispatcher. A callback of a request still
// queued when the service is destroyed is not called, except save/amend/reopen, which always
// finish (a resident's report is never dropped on the floor by a shutdown).
class FeedbackService {
public:
    // Constructing touches neither disk nor network: the outbox is opened by the disk thread.
    FeedbackService(std::filesystem::path outboxFile, Config config, std::shared_ptr<HttpClient> http,
                    const Clock& clock, std::string wardName);
    // Returns once the service's threads have ended; never call it from one of its callbacks.
    ~FeedbackService();
    FeedbackService(const FeedbackService&) = delete;
    FeedbackService& operator=(const FeedbackService&) = delete;

    // Starts the background sender once the outbox is open (kiosk start-up, after the first
    // paint). `onChange` gets a snapshot after each of its runs. Without start(), reports are
    // saved but only sent by kioskctl (tests).
    // `housekeeping` (may be empty) runs on the sender's thread at start and every
    // `housekeepingEvery` (FeedbackSender::setHousekeeping): the kiosk's retention rules.
    void start(FeedbackSender::SnapshotCallback onChange, FeedbackSender::Housekeeping housekeeping = {},
               std::chrono::seconds housekeepingEvery = std::chrono::hours(1));
    // A report was just saved or the network is back: send now.
    void requestNow();

    // Why the outbox could not be opened ("" while fine or not yet known); the log has more.
    std::string problem() const;

    struct ServicesAnswer {
        std::vector<open311::Service> services;  // empty: none could be had (error says why)
        std::string fetchedAt;  // of the list given (ISO 8601 UTC)
        bool fromCache = false; // the endpoint could not be reached: the list cached earlier
        std::string error;
    };
    // The services to offer. Refreshed from the endpoint first when there is no cached list
    // or it is older than [feedback] services_refresh_s; otherwise the cached list at once.
    void services(std::function<void(ServicesAnswer)> callback);
    // A service's definition (FeedbackSender::fetchDefinition: the cached one when offline).
    void definition(std::string serviceCode, std::function<void(DefinitionResult)> callback);

    struct SaveResult {
        std::optional<OutboxReport> report;  // the report as stored; nullopt: not saved
        std::string error;                   // why not (for the log; the screen says it plainly)
    };
    // Outbox::save, then wakes the sender.
    void save(open311::ReportDraft draft, std::function<void(SaveResult)> callback);
    // Outbox::amend (a refused report corrected by the resident), then wakes the sender.
    void amend(std::int64_t id, open311::ReportDraft draft, std::function<void(SaveResult)> callback);
    // Outbox::reopen (a closed report that is not fixed), then wakes the sender.
    void reopen(std::int64_t id, open311::ReportDraft draft, std::function<void(SaveResult)> callback);
    void confirmFixed(std::int64_t id, std::function<void(bool)> callback);

    // A dossier rating (DOSSIER.md, "Rating"): saved in the outbox like a report (always
    // finishes), `onSaved` told; then one try at once on the network thread, at most
    // kRatingFirstTry, and `onTried` told how it went (nullopt: not tried now, e.g. the sender
    // has it; it is sent in the background either way). Not sent at once: retried by the sender.
    static constexpr std::chrono::seconds kRatingFirstTry{10};
    struct RatingSaved {
        std::optional<OutboxRating> rating;  // as stored; nullopt: not saved
        std::string error;                   // why not (for the log)
    };
    void rate(RatingDraft draft, std::function<void(RatingSaved)> onSaved,
              std::function<void(std::optional<RatingOutcome>)> onTried);

    void get(std::int64_t id, std::function<void(std::optional<OutboxReport>)> callback);
    void find(std::string trackingCode, std::function<void(std::optional<OutboxReport>)> callback);
    // A slip read here, from any kiosk (OPEN311.md, "Slips"): this outbox first, by tracking
    // code then by the city's id; otherwise GET requests/{id}.json on the network thread when
    // the slip has the city's id, or where the report is kept (the code's ward) when it has not.
    void lookUp(ReportKey key, std::function<void(ReportLookup)> callback);
    // The resident's reports, newest first ("" gives none).
    void reportsFor(std::string accountId, std::function<void(std::vector<OutboxReport>)> callback);
    void markSeen(std::string accountId);
    // Asks the city for the status of every filed report not yet closed now, rather than at the
    // next tracking interval (the resident opened "Phản ánh của tôi").
    void refreshStatus(std::function<void(TrackReport)> callback);

private:
    // Each task is given nullptr when the outbox could not be opened (problem() says why): it
    // must answer its caller all the same, with "not saved", nothing, or an error.
    void onDisk(std::function<void(Outbox*)> task, bool mustRun = false);
    void onNetwork(std::function<void(Outbox*, FeedbackSender*)> task);
    // save, amend and reopen: `store` on the disk thread (always run, see above), then the sender
    // is woken.
    void storeOnDisk(std::function<OutboxReport(Outbox&)> store, std::function<void(SaveResult)> callback);

    std::filesystem::path file_;
    Config config_;
    std::shared_ptr<HttpClient> http_;
    const Clock& clock_;
    std::string wardName_;

    mutable std::mutex mutex_;
    std::string problem_;
    std::unique_ptr<Outbox> outbox_;          // set by the disk thread
    std::unique_ptr<FeedbackSender> sender_;  // made with the outbox
    std::shared_future<bool> opened_;         // true: outbox_ and sender_ are usable
    std::unique_ptr<TaskQueue> disk_;
    std::unique_ptr<TaskQueue> network_;
};

}  // namespace kiosk
