#pragma once
#include <sys/types.h>

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "config/Config.h"

namespace kiosk {

// Read-aloud: runs the configured speech command (espeak-ng by default) on a worker thread, one
// utterance at a time, with the text on its standard input and never through a shell. Each
// utterance runs in its own process group, so stopping it kills whatever the command started.
// speak(), stop() and speaking() may be called from any thread and never wait for the child.
class Speaker {
public:
    enum class Outcome { Finished, Stopped, Failed };
    // Called exactly once for every id speak() returned, on the speaker's own thread (the UI
    // marshals it to its thread), also for utterances stopped by the destructor. `detail` is
    // empty, or on Failed the cause for the log (never shown to residents). It may call speak()
    // or stop(), but must not destroy the Speaker.
    using Done = std::function<void(std::uint64_t id, Outcome outcome, std::string detail)>;

    // Texts longer than this are cut at a word boundary: about ten minutes of speech, and no
    // screen of the kiosk holds more.
    static constexpr std::size_t kMaxTextBytes = 8000;

    explicit Speaker(Config::Speech settings, Done onDone = {});
    // Stops what is speaking (SIGKILL, so a child ignoring SIGTERM cannot hold it up), reports
    // it, reaps the child and joins the worker.
    ~Speaker();
    Speaker(const Speaker&) = delete;
    Speaker& operator=(const Speaker&) = delete;

    // Starts speaking `text` (UTF-8) in the language's voice, stopping anything already speaking
    // (which reports Stopped). Returns an id (> 0), or 0 when speech is disabled or the text is
    // empty; then no Done follows.
    std::uint64_t speak(const std::string& text, Language language);
    // Kills the current utterance's process group at once; its Done reports Stopped.
    void stop();
    // From speak() until the utterance ends by itself or stop() is called.
    bool speaking() const;

private:
    struct Request {
        std::uint64_t id = 0;
        std::string text;
        Language language = Language::Vietnamese;
    };
    // The utterance the worker has taken. pid stays set until the worker is about to reap the
    // child, so killing -pid can never reach a process group that is no longer ours.
    struct Active {
        std::uint64_t id = 0;
        pid_t pid = 0;
        bool stopped = false;
    };
    struct Result {
        Outcome outcome = Outcome::Failed;
        std::string detail;
    };

    void run();
    Result utter(const Request& request);
    void stopLocked();
    void report(std::uint64_t id, Outcome outcome, const std::string& detail);

    Config::Speech settings_;
    Done onDone_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<Request> next_;
    std::vector<std::uint64_t> dropped_;  // replaced before they started: report Stopped
    Active active_;
    std::uint64_t lastId_ = 0;
    bool closing_ = false;
    std::thread worker_;
};

// The argv for one utterance: {voice} and {rate} replaced in every argument.
std::vector<std::string> speechArgv(const Config::Speech& settings, Language language);

}  // namespace kiosk
