// bench-startup: how long the kiosk takes from exec to a drawn home screen, and how much memory
// it needs to get there, compared with a minimal wxWidgets app (bench-baseline-app) that shows a
// full-screen frame of a dozen buttons. Absolute milliseconds depend on the machine and the X
// server; the ratio kiosk/baseline does not (much), because both pay the same toolkit, font and
// display costs, so the ratio is what tells whether the kiosk's own start-up work is reasonable.
//
// Each program is started N times (alternating, so drifts in machine load hit both alike) with
// fork + execve and its stdout on a pipe. The time is measured on the steady clock from just
// before fork() to the moment the "first-paint" line is read; the peak RSS is ru_maxrss (KiB on
// Linux) of the rusage that wait4() returns. The first run of each program is a warm-up (it fills
// the page cache) and is discarded; medians of the rest are reported. A run that prints no
// first-paint within the timeout is killed and makes the benchmark fail; missing the targets does
// not (the numbers are the result). Plain C++ and POSIX, no wxWidgets.
//
// Every child gets a fresh temporary directory as WARD_KIOSK_STATE_DIR (so the kiosk writes its
// log there, not under $HOME) and as XDG_CONFIG_HOME (so a developer's ~/.config/ward-kiosk and
// GTK settings do not change what is measured: the kiosk runs on its embedded default config);
// WARD_KIOSK_CONFIG is removed for the same reason. Both programs get the same environment.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

extern char** environ;

#ifndef KIOSK_BENCH_KIOSK_PATH
#error "KIOSK_BENCH_KIOSK_PATH must be defined by the build (path of ward-kiosk)"
#endif
#ifndef KIOSK_BENCH_BASELINE_PATH
#error "KIOSK_BENCH_BASELINE_PATH must be defined by the build (path of bench-baseline-app)"
#endif

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr double kTimeRatioTarget = 1.5;
constexpr double kRssRatioTarget = 1.3;
constexpr std::string_view kFirstPaint = "first-paint";

struct Options {
    int runs = 7;
    int timeoutSeconds = 30;
    bool verbose = false;
    std::string kioskPath = KIOSK_BENCH_KIOSK_PATH;
    std::string baselinePath = KIOSK_BENCH_BASELINE_PATH;
};

struct Sample {
    double ms = 0;
    long rssKib = 0;
};

struct Program {
    std::string name;
    std::string path;
    std::vector<Sample> samples;  // in run order, warm-up included
};

// A run that went wrong: the benchmark stops and exits non-zero with this message.
struct RunFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Closes a file descriptor when it goes out of scope.
class Fd {
public:
    explicit Fd(int fd = -1) : fd_(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(); }
    int get() const { return fd_; }
    void reset() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_;
};

std::string errnoText(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

void usage(std::ostream& out) {
    out << "usage: bench-startup [--runs N] [--kiosk PATH] [--baseline PATH] [--timeout SECONDS] [--verbose]\n"
           "  --runs N          runs of each program, the first one discarded as warm-up (default 7, at least 2)\n"
           "  --kiosk PATH      the kiosk executable (default " KIOSK_BENCH_KIOSK_PATH ")\n"
           "  --baseline PATH   the baseline app (default " KIOSK_BENCH_BASELINE_PATH ")\n"
           "  --timeout SECONDS how long a run may take to print first-paint, and then to exit (default 30)\n"
           "  --verbose         print every run, not only the summary\n"
           "Needs an X display (DISPLAY); tests/bench/run-bench-startup.sh runs it under a private Xvfb.\n";
}

bool parseInt(std::string_view text, int& value) {
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    return ec == std::errc() && ptr == end;
}

// Returns -1 to go on, else the exit code.
int parseOptions(int argc, char** argv, Options& options) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const auto value = [&]() -> const char* {
            if (i + 1 >= argc) return nullptr;
            return argv[++i];
        };
        if (arg == "--help" || arg == "-h") {
            usage(std::cout);
            return 0;
        } else if (arg == "--verbose" || arg == "-v") {
            options.verbose = true;
        } else if (arg == "--runs" || arg == "--timeout") {
            const char* text = value();
            int number = 0;
            if (!text || !parseInt(text, number) || number < (arg == "--runs" ? 2 : 1)) {
                std::cerr << "bench-startup: " << arg << " expects a whole number"
                          << (arg == "--runs" ? " >= 2 (the first run is a warm-up)" : " >= 1") << "\n";
                return 64;  // EX_USAGE
            }
            (arg == "--runs" ? options.runs : options.timeoutSeconds) = number;
        } else if (arg == "--kiosk" || arg == "--baseline") {
            const char* text = value();
            if (!text || !*text) {
                std::cerr << "bench-startup: " << arg << " expects a path\n";
                return 64;
            }
            (arg == "--kiosk" ? options.kioskPath : options.baselinePath) = text;
        } else {
            std::cerr << "bench-startup: unknown argument '" << arg << "'\n";
            usage(std::cerr);
            return 64;
        }
    }
    return -1;
}

// The environment of every child: ours, with the variables that would change what is measured
// replaced (see the top of the file).
std::vector<std::string> childEnvironment(const fs::path& scratch) {
    std::vector<std::string> env;
    for (char** entry = environ; *entry; ++entry) {
        const std::string_view text = *entry;
        const auto name = text.substr(0, text.find('='));
        if (name == "WARD_KIOSK_STATE_DIR" || name == "XDG_CONFIG_HOME" || name == "WARD_KIOSK_CONFIG") continue;
        env.emplace_back(text);
    }
    env.push_back("WARD_KIOSK_STATE_DIR=" + scratch.string());
    env.push_back("XDG_CONFIG_HOME=" + (scratch / "config").string());
    return env;
}

std::string describeStatus(int status) {
    std::ostringstream text;
    if (WIFEXITED(status)) {
        text << "exited with status " << WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        text << "was killed by signal " << WTERMSIG(status) << " (" << strsignal(WTERMSIG(status)) << ")";
    } else {
        text << "ended with wait status " << status;
    }
    return text.str();
}

// The last lines the child wrote to stderr, for failure messages.
std::string stderrTail(const fs::path& file, std::size_t maxLines = 15) {
    std::ifstream in(file);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    if (lines.empty()) return "  (its stderr was empty)\n";
    std::string tail = "  last lines of its stderr (" + file.string() + "):\n";
    for (std::size_t i = lines.size() > maxLines ? lines.size() - maxLines : 0; i < lines.size(); ++i)
        tail += "    " + lines[i] + "\n";
    return tail;
}

// Kills the child (and whatever it started in its process group) and reaps it.
void killAndReap(pid_t pid) {
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);  // in case it had not got its own process group yet
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
}

int millisecondsUntil(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1000));
}

Sample runOnce(const Program& program, int run, const Options& options) {
    const std::string label = program.name + " run " + std::to_string(run);
    const auto timeout = std::chrono::seconds(options.timeoutSeconds);

    const char* tmpdir = std::getenv("TMPDIR");
    std::string scratchTemplate = std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/bench-startup.XXXXXX";
    if (!::mkdtemp(scratchTemplate.data())) throw RunFailure(label + ": " + errnoText("mkdtemp"));
    const fs::path scratch = scratchTemplate;
    const fs::path stderrFile = scratch / "stderr.txt";

    // Everything the child needs is prepared before fork(): after it, the child only calls
    // async-signal-safe functions.
    std::vector<std::string> envStrings = childEnvironment(scratch);
    std::vector<char*> envp;
    for (auto& entry : envStrings) envp.push_back(entry.data());
    envp.push_back(nullptr);
    std::string pathArg = program.path;
    std::string flagArg = "--exit-after-first-paint";
    char* childArgv[] = {pathArg.data(), flagArg.data(), nullptr};
    const std::string execFailed = "bench-startup: cannot execute " + program.path + "\n";

    Fd devNull(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    Fd errFile(::open(stderrFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (devNull.get() < 0 || errFile.get() < 0) throw RunFailure(label + ": " + errnoText("open"));
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0) throw RunFailure(label + ": " + errnoText("pipe2"));
    Fd readEnd(pipeFds[0]);
    Fd writeEnd(pipeFds[1]);

    const auto start = Clock::now();
    const pid_t pid = ::fork();
    if (pid < 0) throw RunFailure(label + ": " + errnoText("fork"));
    if (pid == 0) {
        ::setpgid(0, 0);
        ::dup2(devNull.get(), STDIN_FILENO);
        ::dup2(writeEnd.get(), STDOUT_FILENO);
        ::dup2(errFile.get(), STDERR_FILENO);
        ::execve(childArgv[0], childArgv, envp.data());
        [[maybe_unused]] const auto ignored = ::write(STDERR_FILENO, execFailed.data(), execFailed.size());
        ::_exit(127);
    }
    ::setpgid(pid, pid);  // same as the child does; whichever comes first wins
    writeEnd.reset();
    errFile.reset();
    devNull.reset();

    const auto fail = [&](const std::string& what) {
        return RunFailure(label + " (" + program.path + "): " + what + "\n" + stderrTail(stderrFile) +
                          "  its state directory is kept: " + scratch.string());
    };

    // Read stdout until the first-paint line, EOF or the deadline.
    std::string pending;
    Clock::time_point painted{};
    bool seen = false;
    bool eof = false;
    const auto deadline = start + timeout;
    while (!seen) {
        if (Clock::now() >= deadline) {
            killAndReap(pid);
            throw fail("no first-paint within " + std::to_string(options.timeoutSeconds) + " s; killed it");
        }
        pollfd poller{readEnd.get(), POLLIN, 0};
        const int ready = ::poll(&poller, 1, millisecondsUntil(deadline));
        if (ready < 0 && errno != EINTR) {
            killAndReap(pid);
            throw fail(errnoText("poll"));
        }
        if (ready <= 0) continue;
        char buffer[4096];
        const ssize_t got = ::read(readEnd.get(), buffer, sizeof buffer);
        const auto now = Clock::now();
        if (got < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            killAndReap(pid);
            throw fail(errnoText("read"));
        }
        if (got == 0) {
            eof = true;
            break;
        }
        pending.append(buffer, static_cast<std::size_t>(got));
        for (auto newline = pending.find('\n'); newline != std::string::npos; newline = pending.find('\n')) {
            std::string_view line(pending.data(), newline);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (line == kFirstPaint) {
                seen = true;
                painted = now;
                break;
            }
            pending.erase(0, newline + 1);
        }
    }
    if (!seen) {
        // stdout closed without the line: the child is ending (or closed stdout and hangs).
        int status = 0;
        const auto reapDeadline = Clock::now() + timeout;
        pid_t reaped = 0;
        while ((reaped = ::waitpid(pid, &status, WNOHANG)) == 0 && Clock::now() < reapDeadline)
            ::poll(nullptr, 0, 10);
        if (reaped != pid) {
            killAndReap(pid);
            throw fail("closed its stdout without printing first-paint and did not exit; killed it");
        }
        throw fail(std::string("printed no first-paint line: it ") + describeStatus(status) +
                   (eof ? "" : " (stdout still open)"));
    }

    // Wait for it to exit (it should, right after first-paint), draining stdout meanwhile so a
    // chatty child cannot block on a full pipe.
    int status = 0;
    rusage usage{};
    const auto exitDeadline = painted + timeout;
    for (;;) {
        const pid_t reaped = ::wait4(pid, &status, WNOHANG, &usage);
        if (reaped == pid) break;
        if (reaped < 0 && errno != EINTR) {
            killAndReap(pid);
            throw fail(errnoText("wait4"));
        }
        if (Clock::now() >= exitDeadline) {
            killAndReap(pid);
            throw fail("printed first-paint but did not exit within " + std::to_string(options.timeoutSeconds) +
                       " s; killed it");
        }
        if (!eof) {
            pollfd poller{readEnd.get(), POLLIN, 0};
            if (::poll(&poller, 1, 10) > 0) {
                char buffer[4096];
                if (::read(readEnd.get(), buffer, sizeof buffer) == 0) eof = true;
            }
        } else {
            ::poll(nullptr, 0, 5);
        }
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw fail("printed first-paint, but then " + describeStatus(status));

    std::error_code ignored;
    fs::remove_all(scratch, ignored);
    return Sample{std::chrono::duration<double, std::milli>(painted - start).count(), usage.ru_maxrss};
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

struct Summary {
    double medianMs = 0;
    double minMs = 0;
    double medianRssKib = 0;
};

Summary summarize(const Program& program) {
    std::vector<double> times;
    std::vector<double> rss;
    for (std::size_t i = 1; i < program.samples.size(); ++i) {  // sample 0 is the warm-up
        times.push_back(program.samples[i].ms);
        rss.push_back(static_cast<double>(program.samples[i].rssKib));
    }
    return Summary{median(times), *std::min_element(times.begin(), times.end()), median(rss)};
}

double roundTo2(double value) { return std::round(value * 100.0) / 100.0; }

bool checkExecutable(const std::string& name, const std::string& path) {
    if (::access(path.c_str(), X_OK) == 0) return true;
    std::cerr << "bench-startup: the " << name << " executable " << path << " is not there or not executable ("
              << std::strerror(errno) << "); build it first (ninja bench-startup) or pass --" << name << " PATH\n";
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    if (const int code = parseOptions(argc, argv, options); code >= 0) return code;

    const char* display = std::getenv("DISPLAY");
    if (!display || !*display) {
        std::cerr << "bench-startup: DISPLAY is not set; both programs need an X display. "
                     "Run it under X, or via tests/bench/run-bench-startup.sh (a private Xvfb).\n";
        return 1;
    }
    if (!checkExecutable("kiosk", options.kioskPath) || !checkExecutable("baseline", options.baselinePath)) return 1;

    Program kiosk{"kiosk", options.kioskPath, {}};
    Program baseline{"baseline", options.baselinePath, {}};
    std::cout << "bench-startup: " << options.runs << " runs of each program, alternating; the first run of each"
              << " is a warm-up and is discarded. DISPLAY=" << display << "\n"
              << "  kiosk:    " << kiosk.path << "\n"
              << "  baseline: " << baseline.path << "\n";
    std::cout << std::fixed;

    try {
        for (int run = 1; run <= options.runs; ++run) {
            for (Program* program : {&kiosk, &baseline}) {
                const Sample sample = runOnce(*program, run, options);
                program->samples.push_back(sample);
                if (options.verbose) {
                    std::cout << "  run " << std::setw(2) << run << "  " << std::left << std::setw(9)
                              << program->name << std::right << std::setprecision(1) << std::setw(9) << sample.ms
                              << " ms" << std::setw(9) << static_cast<double>(sample.rssKib) / 1024.0 << " MiB"
                              << (run == 1 ? "  (warm-up)" : "") << "\n";
                }
            }
        }
    } catch (const RunFailure& failure) {
        std::cout.flush();
        std::cerr << "bench-startup: FAILED: " << failure.what() << "\n";
        return 1;
    }

    const Summary k = summarize(kiosk);
    const Summary b = summarize(baseline);
    const double timeRatio = roundTo2(k.medianMs / b.medianMs);
    const double rssRatio = roundTo2(k.medianRssKib / b.medianRssKib);

    std::cout << "\n"
              << std::left << std::setw(10) << "program" << std::right << std::setw(12) << "median ms"
              << std::setw(10) << "min ms" << std::setw(17) << "median RSS MiB" << "\n";
    for (const auto& [name, summary] : {std::pair{"kiosk", k}, std::pair{"baseline", b}}) {
        std::cout << std::left << std::setw(10) << name << std::right << std::setprecision(1) << std::setw(12)
                  << summary.medianMs << std::setw(10) << summary.minMs << std::setw(17)
                  << summary.medianRssKib / 1024.0 << "\n";
    }
    std::cout << std::setprecision(2) << "\n"
              << "target: time ratio <= " << kTimeRatioTarget << ": " << timeRatio << "  "
              << (timeRatio <= kTimeRatioTarget ? "met" : "MISSED") << "\n"
              << "target: RSS ratio  <= " << kRssRatioTarget << ": " << rssRatio << "  "
              << (rssRatio <= kRssRatioTarget ? "met" : "MISSED") << "\n"
              << "RESULT startup ratio=" << timeRatio << " rss_ratio=" << rssRatio << std::endl;
    return 0;
}
