#include "feedback/FeedbackService.h"

#include <pthread.h>

#include <atomic>
#include <deque>
#include <stdexcept>

#include "core/IsoTime.h"
#include "core/TaskQueue.h"
#include "log/Log.h"

namespace kiosk {
namespace {
std::shared_ptr<spdlog::logger> logger() {
    return log::get("feedback");
}

std::string noOutbox(const std::string& problem) {
    return "outbox.db could not be opened" + (problem.empty() ? std::string() : ": " + problem);
}

template <typename Answer>
void reply(const std::function<void(Answer)>& callback, Answer answer) {
    if (callback) callback(std::move(answer));
}

// A read or a small write on the outbox; `none` when there is no outbox or it fails (logged):
// a screen shows "nothing" rather than the kiosk stopping.
template <typename Answer, typename Query>
Answer query(Outbox* outbox, Answer none, Query&& run) {
    if (!outbox) return none;
    try {
        return run(*outbox);
    } catch (const SqliteError& error) {
        logger()->error("outbox.db: {}", error.what());
        return none;
    }
}

// The cached list of services, if there is one the kiosk can read and it names any service.
std::optional<FeedbackService::ServicesAnswer> cachedList(Outbox& outbox) {
    auto cached = query(&outbox, std::optional<CachedAnswer>(), [](Outbox& o) { return o.services(); });
    if (!cached) return std::nullopt;
    auto parsed = open311::parseServices(cached->json);
    if (!parsed.ok() || parsed.value.empty()) return std::nullopt;
    FeedbackService::ServicesAnswer answer;
    answer.services = std::move(parsed.value);
    answer.fetchedAt = cached->fetchedAt;
    return answer;
}

// A time in the future counts as stale: after the clock was set back, a list would otherwise
// never be refreshed.
bool isFresh(const std::string& fetchedAt, std::chrono::system_clock::time_point now, std::chrono::seconds maxAge) {
    const auto at = parseIsoUtc(fetchedAt);
    return at && *at <= now && now - *at < maxAge;
}
}  // namespace

FeedbackService::FeedbackService(std::filesystem::path outboxFile, Config config, std::shared_ptr<HttpClient> http,
                                 const Clock& clock, std::string wardName)
    : file_(std::move(outboxFile)), config_(std::move(config)), http_(std::move(http)), clock_(clock),
      wardName_(std::move(wardName)) {
    auto opened = std::make_shared<std::promise<bool>>();
    opened_ = opened->get_future().share();
    disk_ = std::make_unique<TaskQueue>("feedback-disk", "feedback");
    network_ = std::make_unique<TaskQueue>("feedback-net", "feedback");
    // First on the disk thread, so every request finds the outbox settled; mustRun, because the
    // saves queued behind it always run.
    disk_->post(
        [this, opened] {
            std::unique_ptr<Outbox> outbox;
            std::unique_ptr<FeedbackSender> sender;
            std::string problem;
            try {
                Outbox::OpenReport report;
                outbox = Outbox::open(file_, clock_, &report);
                if (!report.movedAside.empty())
                    logger()->error("the unusable outbox ({}) is kept at {}; residents' reports go to a new one{}",
                                    report.problem, report.movedAside.string(),
                                    report.recovered ? " (" + report.recovered->summary() + ")" : std::string());
                setOutboxWard(*outbox, config_.kiosk.wardCode);
                sender = std::make_unique<FeedbackSender>(*outbox, config_, http_, clock_, wardName_);
                logger()->info("outbox {} open", file_.string());
            } catch (const std::exception& error) {
                // SqliteError (busy, read-only, no such folder …) or the file system: the kiosk
                // goes on serving everything else, and every save says it was not saved.
                problem = error.what();
                sender.reset();
                outbox.reset();
                logger()->critical("OUTBOX UNAVAILABLE: {} cannot be opened ({}); reports cannot be saved",
                                   file_.string(), problem);
            }
            const bool usable = outbox != nullptr;
            {
                std::lock_guard lock(mutex_);
                problem_ = problem;
                outbox_ = std::move(outbox);
                sender_ = std::move(sender);
                // The service is being destroyed: the new sender must not reach the network
                // either (its stop flag also cancels the network thread's transfers).
                if (sender_ && network_->closing()) sender_->stop();
            }
            opened->set_value(usable);
        },
        true);
}

FeedbackService::~FeedbackService() {
    // From here on no queued network request runs or answers, and no sender starts.
    network_->close();
    FeedbackSender* sender = nullptr;
    {
        std::lock_guard lock(mutex_);
        sender = sender_.get();
    }
    // Ends the sender's thread, and cancels a transfer in progress on the network thread: both
    // use the sender's stop flag.
    if (sender) sender->stop();
    network_->join();
    // Saves still queued are written first; other disk requests are dropped.
    disk_->close();
    disk_->join();
}

void FeedbackService::onDisk(std::function<void(Outbox*)> task, bool mustRun) {
    disk_->post(
        [this, task = std::move(task)] {
            // The open ran first on this thread: opened_ is ready, and outbox_ no longer changes.
            task(opened_.get() ? outbox_.get() : nullptr);
        },
        mustRun);
}

void FeedbackService::onNetwork(std::function<void(Outbox*, FeedbackSender*)> task) {
    network_->post(
        [this, task = std::move(task)] {
            const bool usable = opened_.get();  // waits for the disk thread to open the outbox
            if (network_->closing()) return;
            task(usable ? outbox_.get() : nullptr, usable ? sender_.get() : nullptr);
        },
        false);
}

void FeedbackService::start(FeedbackSender::SnapshotCallback onChange, FeedbackSender::Housekeeping housekeeping,
                            std::chrono::seconds housekeepingEvery) {
    onDisk([this, onChange = std::move(onChange), housekeeping = std::move(housekeeping),
            housekeepingEvery](Outbox* outbox) mutable {
        if (!outbox) {
            logger()->error("the feedback sender is not started: {}", noOutbox(problem()));
            return;
        }
        std::lock_guard lock(mutex_);
        // Not once destruction has begun: the sender was stopped for good then.
        if (network_->closing()) return;
        if (housekeeping) sender_->setHousekeeping(housekeepingEvery, std::move(housekeeping));
        sender_->start(onChange);
    });
}

void FeedbackService::requestNow() {
    std::lock_guard lock(mutex_);
    if (sender_) sender_->requestNow();
}

std::string FeedbackService::problem() const {
    std::lock_guard lock(mutex_);
    return problem_;
}

void FeedbackService::services(std::function<void(ServicesAnswer)> callback) {
    onDisk([this, callback = std::move(callback)](Outbox* outbox) {
        if (!outbox) {
            ServicesAnswer none;
            none.error = noOutbox(problem());
            reply(callback, std::move(none));
            return;
        }
        auto cached = cachedList(*outbox);
        if (cached && isFresh(cached->fetchedAt, clock_.wallNow(), config_.feedback.servicesRefresh)) {
            reply(callback, std::move(*cached));
            return;
        }
        onNetwork([this, callback](Outbox* current, FeedbackSender* sender) {
            const auto refresh = sender->refreshServices();
            // The list just stored, or on failure the one cached before (if any).
            auto answer = cachedList(*current).value_or(ServicesAnswer{});
            if (!refresh.ok) {
                answer.fromCache = !answer.services.empty();
                answer.error = refresh.error;
            } else if (answer.services.empty()) {
                answer.error = "the endpoint lists no services";
            }
            if (!network_->closing()) reply(callback, std::move(answer));
        });
    });
}

void FeedbackService::definition(std::string serviceCode, std::function<void(DefinitionResult)> callback) {
    onNetwork([this, code = std::move(serviceCode), callback = std::move(callback)](Outbox*, FeedbackSender* sender) {
        DefinitionResult result;
        if (sender) result = sender->fetchDefinition(code);
        else result.error = noOutbox(problem());
        if (!network_->closing()) reply(callback, std::move(result));
    });
}

void FeedbackService::refreshStatus(std::function<void(TrackReport)> callback) {
    onNetwork([this, callback = std::move(callback)](Outbox*, FeedbackSender* sender) {
        TrackReport report;
        if (sender) report = sender->track();
        else report.error = noOutbox(problem());
        if (!network_->closing()) reply(callback, std::move(report));
    });
}

void FeedbackService::storeOnDisk(std::function<OutboxReport(Outbox&)> store, std::function<void(SaveResult)> callback) {
    onDisk(
        [this, store = std::move(store), callback = std::move(callback)](Outbox* outbox) {
            SaveResult result;
            if (!outbox) {
                result.error = noOutbox(problem());
            } else {
                try {
                    result.report = store(*outbox);
                } catch (const std::invalid_argument& error) {
                    result.error = error.what();
                } catch (const SqliteError& error) {
                    result.error = std::string("outbox.db: ") + error.what();
                    logger()->error("a report was not saved: {}", result.error);
                }
            }
            if (result.report) requestNow();
            reply(callback, std::move(result));
        },
        true);
}

void FeedbackService::save(open311::ReportDraft draft, std::function<void(SaveResult)> callback) {
    storeOnDisk([draft = std::move(draft)](Outbox& outbox) { return outbox.save(draft); }, std::move(callback));
}

void FeedbackService::amend(std::int64_t id, open311::ReportDraft draft, std::function<void(SaveResult)> callback) {
    storeOnDisk(
        [id, draft = std::move(draft)](Outbox& outbox) {
            if (!outbox.amend(id, draft))
                throw std::invalid_argument("report " + std::to_string(id) +
                                            " cannot be amended: it is not in the outbox or was not refused");
            auto amended = outbox.get(id);
            if (!amended) throw SqliteError(SQLITE_INTERNAL, "an amended report is not in the outbox");
            return *amended;
        },
        std::move(callback));
}

void FeedbackService::reopen(std::int64_t id, open311::ReportDraft draft, std::function<void(SaveResult)> callback) {
    storeOnDisk([id, draft = std::move(draft)](Outbox& outbox) { return outbox.reopen(id, draft); },
                std::move(callback));
}

void FeedbackService::rate(RatingDraft draft, std::function<void(RatingSaved)> onSaved,
                           std::function<void(std::optional<RatingOutcome>)> onTried) {
    onDisk(
        [this, draft = std::move(draft), onSaved = std::move(onSaved), onTried = std::move(onTried)](Outbox* outbox) {
            RatingSaved saved;
            if (!outbox) {
                saved.error = noOutbox(problem());
            } else {
                try {
                    saved.rating = outbox->saveRating(draft);
                } catch (const std::invalid_argument& error) {
                    saved.error = error.what();
                } catch (const SqliteError& error) {
                    saved.error = std::string("outbox.db: ") + error.what();
                    logger()->error("a rating was not saved: {}", saved.error);
                }
            }
            const auto id = saved.rating ? saved.rating->id : 0;
            reply(onSaved, std::move(saved));
            if (id == 0) return;
            // Not requestNow(): the background run would take it from under this first try.
            onNetwork([this, id, onTried](Outbox*, FeedbackSender* sender) {
                std::optional<RatingOutcome> outcome;
                if (sender) outcome = sender->ratings().sendNow(id, kRatingFirstTry);
                // Not sent: the sender, asleep until its next report or poll, learns when this is due.
                if (!outcome || outcome->result == RatingAnswer::Kind::Retry) requestNow();
                if (!network_->closing()) reply(onTried, std::move(outcome));
            });
        },
        true);
}

void FeedbackService::confirmFixed(std::int64_t id, std::function<void(bool)> callback) {
    onDisk([id, callback = std::move(callback)](Outbox* outbox) {
        reply(callback, query(outbox, false, [id](Outbox& o) { return o.confirmFixed(id); }));
    });
}

void FeedbackService::get(std::int64_t id, std::function<void(std::optional<OutboxReport>)> callback) {
    onDisk([id, callback = std::move(callback)](Outbox* outbox) {
        reply(callback, query(outbox, std::optional<OutboxReport>(), [id](Outbox& o) { return o.get(id); }));
    });
}

void FeedbackService::find(std::string trackingCode, std::function<void(std::optional<OutboxReport>)> callback) {
    onDisk([code = std::move(trackingCode), callback = std::move(callback)](Outbox* outbox) {
        reply(callback, query(outbox, std::optional<OutboxReport>(), [&code](Outbox& o) { return o.find(code); }));
    });
}

void FeedbackService::lookUp(ReportKey key, std::function<void(ReportLookup)> callback) {
    onDisk([this, key = std::move(key), callback = std::move(callback)](Outbox* outbox) mutable {
        ReportLookup out;
        out.key = key;
        if (!key.trackingCode.empty())
            out.report = query(outbox, std::optional<OutboxReport>(), [&key](Outbox& o) { return o.find(key.trackingCode); });
        if (!out.report && !key.serviceRequestId.empty())
            out.report = query(outbox, std::optional<OutboxReport>(),
                               [&key](Outbox& o) { return o.findByRequestId(key.serviceRequestId); });
        if (out.report) {
            out.kind = ReportLookup::Kind::Here;
            reply(callback, std::move(out));
            return;
        }
        if (key.serviceRequestId.empty()) {
            out.kind = ReportLookup::Kind::SavedElsewhere;
            out.wardCode = trackingCodeWard(key.trackingCode);
            logger()->info("report {} is not in this outbox and its slip has no city id (kept at the kiosk of ward {})",
                           key.trackingCode, out.wardCode.empty() ? "unknown" : out.wardCode);
            reply(callback, std::move(out));
            return;
        }
        onNetwork([this, out = std::move(out), callback](Outbox*, FeedbackSender* sender) mutable {
            if (!sender) {
                out.detail = noOutbox(problem());
            } else {
                auto found = sender->fetchRequest(out.key.serviceRequestId);
                out.detail = found.detail;
                switch (found.result) {
                    case RequestLookup::Result::Found:
                        out.kind = ReportLookup::Kind::City;
                        out.status = std::move(found.status);
                        break;
                    case RequestLookup::Result::Unknown: out.kind = ReportLookup::Kind::NotAtCity; break;
                    case RequestLookup::Result::Failed: out.kind = ReportLookup::Kind::Unreachable; break;
                }
            }
            if (!network_->closing()) reply(callback, std::move(out));
        });
    });
}

void FeedbackService::reportsFor(std::string accountId, std::function<void(std::vector<OutboxReport>)> callback) {
    onDisk([account = std::move(accountId), callback = std::move(callback)](Outbox* outbox) {
        reply(callback, query(outbox, std::vector<OutboxReport>(), [&account](Outbox& o) {
                  return o.listForAccount(account);
              }));
    });
}

void FeedbackService::markSeen(std::string accountId) {
    onDisk([account = std::move(accountId)](Outbox* outbox) {
        query(outbox, false, [&account](Outbox& o) {
            o.markSeen(account);
            return true;
        });
    });
}

}  // namespace kiosk
