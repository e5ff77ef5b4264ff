#include "printing/CupsPrinter.h"

#include <cups/cups.h>

#include <memory>
#include <thread>

#include "log/Log.h"

namespace kiosk {
namespace {
using Clock = std::chrono::steady_clock;

struct HttpClose {
    void operator()(http_t* http) const { httpClose(http); }
};
struct IppDelete {
    void operator()(ipp_t* ipp) const { ippDelete(ipp); }
};
using Http = std::unique_ptr<http_t, HttpClose>;
using Ipp = std::unique_ptr<ipp_t, IppDelete>;

// IPP job-state values (RFC 8011 §5.3.7).
constexpr int kJobPending = 3, kJobHeld = 4, kJobProcessing = 5, kJobCanceled = 7, kJobAborted = 8,
              kJobCompleted = 9;

std::string rootOf(const std::string& reason, std::string& suffix) {
    for (const char* s : {"-error", "-warning", "-report"}) {
        const std::string end(s);
        if (reason.size() > end.size() && reason.compare(reason.size() - end.size(), end.size(), end) == 0) {
            suffix = end;
            return reason.substr(0, reason.size() - end.size());
        }
    }
    suffix.clear();
    return reason;
}

int rank(PrinterProblem problem) {
    // The most useful to tell first: what the resident or staff can see and fix.
    switch (problem) {
        case PrinterProblem::MediaEmpty: return 6;
        case PrinterProblem::CoverOpen: return 5;
        case PrinterProblem::Offline: return 4;
        case PrinterProblem::Stopped: return 3;
        case PrinterProblem::NotAccepting: return 2;
        default: return problem == PrinterProblem::None ? 0 : 1;
    }
}

void raise(PrinterStatus& status, PrinterProblem problem) {
    if (rank(problem) > rank(status.problem)) status.problem = problem;
}

class Connection {
public:
    explicit Connection(const CupsPrinter::Options& options) : options_(options) {}

    // Connects on first use; "" when it worked, else why not.
    std::string open() {
        if (http_) return {};
        std::string host = options_.server.empty() ? std::string(cupsServer()) : options_.server;
        int port = ippPort();
        if (!host.empty() && host.front() != '/') {
            if (const auto colon = host.rfind(':'); colon != std::string::npos && host.find(']', colon) == std::string::npos) {
                try {
                    port = std::stoi(host.substr(colon + 1));
                } catch (const std::exception&) {
                    return "bad CUPS server address " + host;
                }
                host.resize(colon);
            }
        }
        int cancel = 0;
        http_.reset(httpConnect2(host.c_str(), port, nullptr, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, 1,
                                 static_cast<int>(options_.connectTimeout.count()), &cancel));
        if (!http_) return "cannot connect to CUPS at " + host + (host.front() == '/' ? "" : ":" + std::to_string(port)) +
                           ": " + cupsLastErrorString();
        httpSetTimeout(http_.get(), static_cast<double>(options_.connectTimeout.count()) / 1000.0 + 2.0, nullptr, nullptr);
        return {};
    }
    http_t* get() { return http_.get(); }

    std::string printerUri() const {
        char uri[HTTP_MAX_URI];
        httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", nullptr, "localhost", ippPort(), "/printers/%s",
                         options_.queue.c_str());
        return uri;
    }

    Ipp request(ipp_op_t op) const {
        Ipp req(ippNewRequest(op));
        ippAddString(req.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, printerUri().c_str());
        ippAddString(req.get(), IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, cupsUser());
        return req;
    }

    // Sends a request without a document; the answer, or null with `error` set.
    Ipp exchange(Ipp req, std::string& error) {
        if (error = open(); !error.empty()) return nullptr;
        Ipp answer(cupsDoRequest(http_.get(), req.release(), "/"));
        if (!answer || ippGetStatusCode(answer.get()) > IPP_STATUS_OK_EVENTS_COMPLETE) {
            error = cupsLastErrorString();
            return nullptr;
        }
        return answer;
    }

private:
    const CupsPrinter::Options& options_;
    Http http_;
};

struct QueueState {
    PrinterStatus status;
    bool stopped = false;   // printer-state 5, or not accepting jobs: a job sent now would wait
};

QueueState readQueue(Connection& cups);

PrinterStatus readStatus(Connection& cups) {
    return readQueue(cups).status;
}

QueueState readQueue(Connection& cups) {
    static const char* const wanted[] = {"printer-state", "printer-state-reasons", "printer-is-accepting-jobs",
                                         "printer-state-message"};
    auto req = cups.request(IPP_OP_GET_PRINTER_ATTRIBUTES);
    ippAddStrings(req.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 4, nullptr, wanted);
    std::string error;
    const auto answer = cups.exchange(std::move(req), error);
    if (!answer) {
        QueueState queue;
        queue.status.problem = PrinterProblem::Unreachable;
        queue.status.detail = error;
        queue.stopped = true;
        return queue;
    }
    int state = 3;
    if (auto* a = ippFindAttribute(answer.get(), "printer-state", IPP_TAG_ENUM)) state = ippGetInteger(a, 0);
    std::vector<std::string> reasons;
    if (auto* a = ippFindAttribute(answer.get(), "printer-state-reasons", IPP_TAG_KEYWORD))
        for (int i = 0; i < ippGetCount(a); ++i)
            if (const char* r = ippGetString(a, i, nullptr)) reasons.emplace_back(r);
    bool accepting = true;
    if (auto* a = ippFindAttribute(answer.get(), "printer-is-accepting-jobs", IPP_TAG_BOOLEAN))
        accepting = ippGetBoolean(a, 0) != 0;
    std::string message;
    if (auto* a = ippFindAttribute(answer.get(), "printer-state-message", IPP_TAG_TEXT))
        if (const char* m = ippGetString(a, 0, nullptr)) message = m;
    return {interpretPrinterState(state, reasons, accepting, message), state == 5 || !accepting};
}

struct JobState {
    int state = 0;
    std::string reasons;
    std::string backendMessage;  // job-printer-state-message: what the backend last said
};

JobState readJob(Connection& cups, int jobId, std::string& error) {
    static const char* const wanted[] = {"job-state", "job-state-reasons", "job-printer-state-message"};
    auto req = cups.request(IPP_OP_GET_JOB_ATTRIBUTES);
    ippAddInteger(req.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", jobId);
    ippAddStrings(req.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 3, nullptr, wanted);
    JobState job;
    const auto answer = cups.exchange(std::move(req), error);
    if (!answer) return job;
    if (auto* a = ippFindAttribute(answer.get(), "job-state", IPP_TAG_ENUM)) job.state = ippGetInteger(a, 0);
    if (auto* a = ippFindAttribute(answer.get(), "job-state-reasons", IPP_TAG_KEYWORD))
        for (int i = 0; i < ippGetCount(a); ++i)
            if (const char* r = ippGetString(a, i, nullptr)) job.reasons += (job.reasons.empty() ? "" : ",") + std::string(r);
    if (auto* a = ippFindAttribute(answer.get(), "job-printer-state-message", IPP_TAG_TEXT))
        if (const char* m = ippGetString(a, 0, nullptr)) job.backendMessage = m;
    return job;
}

void cancelJob(Connection& cups, int jobId) {
    auto req = cups.request(IPP_OP_CANCEL_JOB);
    ippAddInteger(req.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", jobId);
    std::string error;
    if (!cups.exchange(std::move(req), error))
        log::get("print")->warn("could not cancel CUPS job {}: {}", jobId, error);
}
}  // namespace

PrinterStatus interpretPrinterState(int printerState, const std::vector<std::string>& reasons, bool acceptingJobs,
                                    const std::string& message) {
    PrinterStatus status;
    std::string detail = "printer-state=" + std::to_string(printerState) + " reasons=";
    for (std::size_t i = 0; i < reasons.size(); ++i) detail += (i ? "," : "") + reasons[i];
    if (!acceptingJobs) detail += " not-accepting-jobs";
    if (!message.empty()) detail += " message=\"" + message + "\"";
    status.detail = detail;
    for (const auto& reason : reasons) {
        std::string suffix;
        const std::string root = rootOf(reason, suffix);
        if (root == "media-low" || (suffix == "-warning" && (root == "media-empty" || root == "media-needed"))) {
            status.mediaLow = true;
            continue;
        }
        if (suffix == "-warning") continue;
        if (root == "media-empty" || root == "media-needed" || root == "media-jam")
            raise(status, PrinterProblem::MediaEmpty);
        else if (root == "offline" || root == "shutdown" || root == "connecting-to-device")
            raise(status, PrinterProblem::Offline);
        else if (root == "cover-open" || root == "door-open" || root == "interlock-open")
            raise(status, PrinterProblem::CoverOpen);
        else if (root == "paused" || root == "moving-to-paused" || root == "stopped-partly" || root == "stopping")
            raise(status, PrinterProblem::Stopped);
    }
    if (printerState == 5) raise(status, PrinterProblem::Stopped);  // IPP printer-state "stopped"
    if (!acceptingJobs) raise(status, PrinterProblem::NotAccepting);
    return status;
}

CupsPrinter::CupsPrinter(Options options) : options_(std::move(options)) {}

std::string CupsPrinter::describe() const {
    return "cups:" + options_.queue + (options_.server.empty() ? "" : " at " + options_.server);
}

PrinterStatus CupsPrinter::status() {
    Connection cups(options_);
    return readStatus(cups);
}

PrintResult CupsPrinter::print(const PrintJob& job) {
    auto logger = log::get("print");
    PrintResult result;
    if (job.pdf.empty()) {
        result.problem = PrinterProblem::JobFailed;
        result.detail = "the job has no PDF";
        return result;
    }
    Connection cups(options_);
    const QueueState before = readQueue(cups);
    if (before.stopped) {
        // Sending it would only queue a slip that comes out later, for nobody.
        result.problem = before.status.problem;
        result.detail = "before the job: " + before.status.detail;
        return result;
    }
    // A fault reason on a queue that still runs may be stale (backends clear theirs when the next
    // job starts): the job goes, and the state after it decides.
    if (!before.status.ready() || before.status.mediaLow)
        logger->warn("{}: before job: {}", describe(), before.status.detail);

    auto req = cups.request(IPP_OP_PRINT_JOB);
    ippAddString(req.get(), IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", nullptr, job.title.c_str());
    ippAddString(req.get(), IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", nullptr, "application/pdf");
    if (!options_.media.empty())
        ippAddString(req.get(), IPP_TAG_JOB, IPP_TAG_KEYWORD, "media", nullptr, options_.media.c_str());
    int jobId = 0;
    {
        if (const auto error = cups.open(); !error.empty()) {
            result.problem = PrinterProblem::Unreachable;
            result.detail = error;
            return result;
        }
        // The length is the whole body: the IPP request and the document after it.
        http_status_t sent = cupsSendRequest(cups.get(), req.get(), "/", ippLength(req.get()) + job.pdf.size());
        if (sent == HTTP_STATUS_CONTINUE) sent = cupsWriteRequestData(cups.get(), job.pdf.data(), job.pdf.size());
        Ipp answer(cupsGetResponse(cups.get(), "/"));
        if (sent != HTTP_STATUS_CONTINUE || !answer || ippGetStatusCode(answer.get()) > IPP_STATUS_OK_EVENTS_COMPLETE) {
            result.problem = PrinterProblem::JobFailed;
            result.detail = std::string("CUPS refused the job: ") + cupsLastErrorString();
            const auto after = readStatus(cups);
            if (!after.ready()) result.problem = after.problem;
            return result;
        }
        if (auto* a = ippFindAttribute(answer.get(), "job-id", IPP_TAG_INTEGER)) jobId = ippGetInteger(a, 0);
    }
    result.acceptedAt = Clock::now();
    result.reference = options_.queue + "-" + std::to_string(jobId);
    logger->info("{}: job {} accepted ({} bytes, {})", describe(), result.reference, job.pdf.size(), job.code);

    // Followed to its end: a slip that cannot come out now must not come out later.
    const auto deadline = result.acceptedAt + options_.jobTimeout;
    Clock::time_point faultSince{};  // zero: no fault seen on the last poll
    JobState state;
    for (;;) {
        std::string error;
        state = readJob(cups, jobId, error);
        if (!error.empty()) logger->warn("{}: job {}: {}", describe(), result.reference, error);
        if (state.state == kJobCompleted) {
            result.printed = true;
            const auto after = readStatus(cups);
            if (after.mediaLow || !after.ready())
                logger->warn("{}: after job {}: {}", describe(), result.reference, after.detail);
            return result;
        }
        if (state.state == kJobCanceled || state.state == kJobAborted) {
            const auto after = readStatus(cups);
            result.problem = after.ready() ? PrinterProblem::JobFailed : after.problem;
            result.detail = "job " + std::to_string(state.state) + " (" + state.reasons + "); after: " + after.detail;
            return result;
        }
        // A fault that lasts a second while the job waits: the slip will not come out now.
        const auto after = readQueue(cups);
        const bool fault = !after.status.ready() && after.status.problem != PrinterProblem::NotAccepting;
        if (!fault) {
            faultSince = {};
        } else if (faultSince == Clock::time_point{}) {
            faultSince = Clock::now();
        }
        if (fault && (after.stopped || Clock::now() - faultSince >= std::chrono::seconds(1))) {
            cancelJob(cups, jobId);
            result.problem = after.status.problem;
            result.detail = "job stuck (" + state.reasons + "); after: " + after.status.detail;
            return result;
        }
        if (Clock::now() >= deadline) break;
        std::this_thread::sleep_for(options_.pollInterval);
    }
    cancelJob(cups, jobId);
    if (state.state == kJobProcessing) {
        // Still "printing" when a one-page slip should long be out: CUPS's network backends
        // keep a job processing, with no state reason, while they fail to reach the printer
        // (pulled plug, no network). A slip that comes out later would be for nobody; the
        // resident gets its QR code now and staff a kept slip (at worst, one slip too many).
        result.problem = PrinterProblem::Unreachable;
        result.detail = "job not finished after " + std::to_string(options_.jobTimeout.count()) + " ms (" +
                        state.reasons + ")" +
                        (state.backendMessage.empty() ? "" : ", the backend says \"" + state.backendMessage + "\"");
        return result;
    }
    result.problem = PrinterProblem::JobFailed;
    result.detail = "job not started after " + std::to_string(options_.jobTimeout.count()) + " ms (state " +
                    std::to_string(state.state) + (state.state == kJobPending || state.state == kJobHeld ? ", waiting" : "") +
                    ")";
    return result;
}

}  // namespace kiosk
