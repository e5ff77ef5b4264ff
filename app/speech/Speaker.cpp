#include "speech/Speaker.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string_view>

#include "log/Log.h"

extern char** environ;

namespace kiosk {
namespace {
// Enough of a failing program's complaint to say what went wrong; the rest is drained unread.
constexpr std::size_t kStderrKept = 500;
constexpr std::string_view kSpace = " \t\r\n";

// Closes the descriptor it owns, on every way out of a function.
class OwnedFd {
public:
    explicit OwnedFd(int fd = -1) : fd_(fd) {}
    ~OwnedFd() { reset(); }
    OwnedFd(const OwnedFd&) = delete;
    OwnedFd& operator=(const OwnedFd&) = delete;
    int get() const { return fd_; }
    bool open() const { return fd_ >= 0; }
    void reset() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_;
};

std::string errorText(int code) {
    return std::strerror(code);
}

void replaceAll(std::string& text, std::string_view from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

// How many bytes of `text`, at most `limit`, end on a whole UTF-8 character.
std::size_t wholeCharacters(std::string_view text, std::size_t limit) {
    if (text.size() <= limit) return text.size();
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return cut;
}

// At most `limit` bytes, ending before a space so no word is spoken half; a text without any
// space there is cut between characters instead.
std::string cutAtWord(const std::string& text, std::size_t limit) {
    if (text.size() <= limit) return text;
    const auto space = text.find_last_of(kSpace, limit);
    if (space != std::string::npos && space > 0) return text.substr(0, space);
    return text.substr(0, wholeCharacters(text, limit));
}

std::string trimmed(std::string text) {
    const auto end = text.find_last_not_of(kSpace);
    text.erase(end == std::string::npos ? 0 : end + 1);
    const auto begin = text.find_first_not_of(kSpace);
    text.erase(0, begin == std::string::npos ? text.size() : begin);
    return text;
}

std::string joined(const std::vector<std::string>& argv) {
    std::string line;
    for (const auto& arg : argv) {
        if (!line.empty()) line += ' ';
        const bool quote = arg.empty() || arg.find_first_of(" \t\n'\"\\") != std::string::npos;
        line += quote ? "'" + arg + "'" : arg;
    }
    return line;
}

// A SIGPIPE raised by our own write to a child that stopped reading is pending on this thread,
// where it is blocked; take it away so nothing is left to be delivered later.
void discardPendingSigpipe() {
    sigset_t pipeOnly;
    sigemptyset(&pipeOnly);
    sigaddset(&pipeOnly, SIGPIPE);
    const timespec now{};
    while (sigtimedwait(&pipeOnly, nullptr, &now) > 0) {
    }
}

bool setNonBlocking(int fd) {
    const int flags = fcntl(fd, F_GETFL);
    return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

// Appends what the child wrote to stderr, keeping at most kStderrKept bytes; false at the end.
bool readStderr(int fd, std::string& kept) {
    char buffer[4096];
    while (true) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            const auto room = kStderrKept - std::min(kept.size(), kStderrKept);
            kept.append(buffer, std::min(static_cast<std::size_t>(n), room));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        return n < 0 && errno == EAGAIN;
    }
}

// Through syscall(): Debian 12's <sys/pidfd.h> lacks extern "C", so its wrapper cannot be linked from C++.
int openPidfd(pid_t pid) {
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

bool exited(pid_t pid) {
    siginfo_t info{};
    return waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid;
}

std::string statusText(int status) {
    if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) {
        const char* name = sigabbrev_np(WTERMSIG(status));
        return "killed by signal " + std::to_string(WTERMSIG(status)) + (name ? std::string(" (SIG") + name + ")" : "");
    }
    return "ended with wait status " + std::to_string(status);
}
}  // namespace

std::vector<std::string> speechArgv(const Config::Speech& settings, Language language) {
    const std::string& voice = language == Language::English ? settings.voiceEn : settings.voiceVi;
    const std::string rate = std::to_string(settings.rate);
    std::vector<std::string> argv = settings.command;
    for (auto& arg : argv) {
        replaceAll(arg, "{voice}", voice);
        replaceAll(arg, "{rate}", rate);
    }
    return argv;
}

Speaker::Speaker(Config::Speech settings, Done onDone) : settings_(std::move(settings)), onDone_(std::move(onDone)) {
    // A disabled speaker never has anything to run, so it keeps no thread either.
    if (settings_.enabled && !settings_.command.empty()) worker_ = std::thread([this] { run(); });
}

Speaker::~Speaker() {
    {
        std::lock_guard lock(mutex_);
        closing_ = true;
        stopLocked();
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
}

std::uint64_t Speaker::speak(const std::string& text, Language language) {
    if (!settings_.enabled || settings_.command.empty() || text.empty()) return 0;
    auto logger = log::get("speech");
    std::string spoken = cutAtWord(text, kMaxTextBytes);
    if (spoken.size() < text.size())
        logger->info("speech: text of {} bytes cut to {} (at most {})", text.size(), spoken.size(), kMaxTextBytes);
    const auto bytes = spoken.size();
    std::uint64_t id = 0;
    {
        std::lock_guard lock(mutex_);
        if (closing_) return 0;
        stopLocked();
        id = ++lastId_;
        next_ = Request{id, std::move(spoken), language};
    }
    wake_.notify_all();
    // The length only: the text may be a resident's own data.
    logger->info("speech {}: {} bytes in {}", id, bytes, toString(language));
    return id;
}

void Speaker::stop() {
    {
        std::lock_guard lock(mutex_);
        stopLocked();
    }
    wake_.notify_all();
}

bool Speaker::speaking() const {
    std::lock_guard lock(mutex_);
    return next_.has_value() || (active_.id != 0 && !active_.stopped);
}

void Speaker::stopLocked() {
    if (next_) {
        dropped_.push_back(next_->id);
        next_.reset();
    }
    if (active_.id == 0 || active_.stopped) return;
    active_.stopped = true;
    // SIGKILL to the whole group: espeak-ng may be a pipeline or a wrapper script, and a polite
    // SIGTERM could be ignored while the resident waits for the silence they asked for.
    if (active_.pid > 0) ::kill(-active_.pid, SIGKILL);
}

void Speaker::report(std::uint64_t id, Outcome outcome, const std::string& detail) {
    if (onDone_) onDone_(id, outcome, detail);
}

void Speaker::run() {
    // Blocked on this thread only: a child that stops reading its input gives EPIPE here rather
    // than ending the kiosk. Children start with an empty mask (see utter()).
    sigset_t pipeOnly;
    sigemptyset(&pipeOnly);
    sigaddset(&pipeOnly, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipeOnly, nullptr);

    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [this] { return closing_ || next_ || !dropped_.empty(); });
        if (!dropped_.empty()) {
            const auto ids = std::move(dropped_);
            dropped_.clear();
            lock.unlock();
            for (const auto id : ids) {
                log::get("speech")->info("speech {}: stopped before it started", id);
                report(id, Outcome::Stopped, {});
            }
            lock.lock();
            continue;
        }
        if (!next_) break;  // closing, and everything is reported
        const Request request = std::move(*next_);
        next_.reset();
        active_ = Active{request.id, 0, false};
        lock.unlock();
        const Result result = utter(request);
        lock.lock();
        active_ = Active{};
        lock.unlock();
        report(request.id, result.outcome, result.detail);
        lock.lock();
    }
}

Speaker::Result Speaker::utter(const Request& request) {
    auto logger = log::get("speech");
    const auto started = std::chrono::steady_clock::now();
    const auto argv = speechArgv(settings_, request.language);
    const auto command = joined(argv);
    auto fail = [&](const std::string& detail) {
        logger->warn("speech {}: {} (command: {})", request.id, detail, command);
        return Result{Outcome::Failed, detail};
    };
    {
        std::lock_guard lock(mutex_);
        if (active_.stopped) return {Outcome::Stopped, {}};
    }

    // Close-on-exec from the start: other threads of the kiosk may spawn programs meanwhile,
    // and a copy of the write end in one of them would keep our child's input open.
    int inPipe[2];
    int errPipe[2];
    if (pipe2(inPipe, O_CLOEXEC) != 0) return fail("pipe: " + errorText(errno));
    OwnedFd childIn(inPipe[0]);
    OwnedFd textOut(inPipe[1]);
    if (pipe2(errPipe, O_CLOEXEC) != 0) return fail("pipe: " + errorText(errno));
    OwnedFd errIn(errPipe[0]);
    OwnedFd childErr(errPipe[1]);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, childIn.get(), STDIN_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, childErr.get(), STDERR_FILENO);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    // Its own process group, so stop() reaches everything it starts; and the signal state of a
    // fresh program, not this thread's blocked SIGPIPE or any handler of the kiosk's.
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setpgroup(&attributes, 0);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attributes, &none);
    sigset_t all;
    sigfillset(&all);
    posix_spawnattr_setsigdefault(&attributes, &all);

    std::vector<std::string> words = argv;
    std::vector<char*> args;
    for (auto& word : words) args.push_back(word.data());
    args.push_back(nullptr);
    pid_t pid = 0;
    const int spawnError = posix_spawnp(&pid, args.front(), &actions, &attributes, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    childIn.reset();
    childErr.reset();
    if (spawnError == ENOENT) return fail("speech program not found: " + argv.front());
    if (spawnError != 0) return fail("cannot start " + argv.front() + ": " + errorText(spawnError));

    {
        std::lock_guard lock(mutex_);
        active_.pid = pid;
        // stop() came while the program was starting, before it could know the pid.
        if (active_.stopped) ::kill(-pid, SIGKILL);
    }
    logger->debug("speech {}: pid {}: {}", request.id, pid, command);

    // A pidfd wakes poll() the moment the child ends, even when something it started still
    // holds stderr open; without one (old kernel, sandbox) poll() wakes every 20 ms to check.
    OwnedFd exitFd(openPidfd(pid));
    if (!setNonBlocking(textOut.get()) || !setNonBlocking(errIn.get())) {
        logger->warn("speech {}: fcntl: {}", request.id, errorText(errno));
        textOut.reset();
        errIn.reset();
    }
    std::string_view unsent = request.text;
    std::string stderrText;
    while (true) {
        pollfd fds[3];
        nfds_t count = 0;
        const int exitIndex = exitFd.open() ? static_cast<int>(count++) : -1;
        if (exitIndex >= 0) fds[exitIndex] = {exitFd.get(), POLLIN, 0};
        const int errIndex = errIn.open() ? static_cast<int>(count++) : -1;
        if (errIndex >= 0) fds[errIndex] = {errIn.get(), POLLIN, 0};
        const int textIndex = textOut.open() ? static_cast<int>(count++) : -1;
        if (textIndex >= 0) fds[textIndex] = {textOut.get(), POLLOUT, 0};
        const int ready = ::poll(fds, count, exitFd.open() ? -1 : 20);
        if (ready < 0) {
            if (errno == EINTR) continue;
            logger->warn("speech {}: poll: {}; waiting for the program to end", request.id, errorText(errno));
            break;
        }
        if (textIndex >= 0 && fds[textIndex].revents != 0) {
            const ssize_t n = ::write(textOut.get(), unsent.data(), unsent.size());
            if (n > 0) unsent.remove_prefix(static_cast<std::size_t>(n));
            if (n < 0 && errno == EPIPE) discardPendingSigpipe();
            // A program may end without reading all its input (a stopped one always does).
            if (unsent.empty() || (n < 0 && errno != EAGAIN && errno != EINTR)) textOut.reset();
        }
        if (errIndex >= 0 && fds[errIndex].revents != 0 && !readStderr(errIn.get(), stderrText)) errIn.reset();
        if (exitIndex >= 0 ? fds[exitIndex].revents != 0 : exited(pid)) break;
    }
    siginfo_t info{};
    while (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR) {
    }

    bool stopped = false;
    {
        std::lock_guard lock(mutex_);
        // The group still exists while its leader is unreaped, so this reaches only what the
        // program left behind; after this the pid may be reused and must be forgotten.
        ::kill(-pid, SIGKILL);
        active_.pid = 0;
        stopped = active_.stopped;
    }
    if (errIn.open()) readStderr(errIn.get(), stderrText);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    stderrText = trimmed(stderrText.substr(0, wholeCharacters(stderrText, kStderrKept)));
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();

    if (stopped) {
        logger->info("speech {}: stopped after {} ms", request.id, elapsed);
        return {Outcome::Stopped, {}};
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        // espeak-ng exits 0 without a sound card too, complaining about ALSA here.
        if (!stderrText.empty()) logger->debug("speech {}: stderr: {}", request.id, stderrText);
        logger->info("speech {}: finished after {} ms", request.id, elapsed);
        return {Outcome::Finished, {}};
    }
    auto detail = argv.front() + " " + statusText(status);
    if (!stderrText.empty()) detail += ": " + stderrText;
    return fail(detail);
}

}  // namespace kiosk
