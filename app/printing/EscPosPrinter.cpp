#include "printing/EscPosPrinter.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <span>
#include <stdexcept>

#include "log/Log.h"

namespace kiosk {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::string errnoText(int error) {
    return std::strerror(error);
}

int remainingMs(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
    return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 60'000));
}

// poll() for one fd until `deadline`, riding out signals. The revents, or 0 at the deadline.
short pollUntil(int fd, short events, Clock::time_point deadline) {
    while (true) {
        pollfd entry{fd, events, 0};
        const int ms = remainingMs(deadline);
        const int ready = ::poll(&entry, 1, ms);
        if (ready > 0) return entry.revents;
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) return POLLERR;
        if (ms == 0 || Clock::now() >= deadline) return 0;
    }
}

// Writes to a device node that is a pipe raise SIGPIPE when the reader is gone; sockets are
// written with MSG_NOSIGNAL. While a guard lives, SIGPIPE is blocked on this thread, and one our
// write raised is taken away before the old mask returns, so EPIPE is all that is left of it.
class SigpipeGuard {
public:
    SigpipeGuard() {
        sigemptyset(&pipeOnly_);
        sigaddset(&pipeOnly_, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipeOnly_, &old_);
    }
    ~SigpipeGuard() {
        const timespec now{};
        while (sigtimedwait(&pipeOnly_, nullptr, &now) > 0) {
        }
        pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    }
    SigpipeGuard(const SigpipeGuard&) = delete;
    SigpipeGuard& operator=(const SigpipeGuard&) = delete;

private:
    sigset_t pipeOnly_;
    sigset_t old_;
};

bool definite(PrinterProblem problem) {
    return problem != PrinterProblem::None;
}

}  // namespace

// One open device or connection, for one status() or print(). Closed when it goes.
class EscPosPrinter::Link {
public:
    enum class Write { Done, Stalled, Lost };

    static std::unique_ptr<Link> open(const EscPosTarget& target, milliseconds connectTimeout, std::string& error) {
        return target.kind == EscPosTarget::Kind::Tcp ? connect(target, connectTimeout, error)
                                                      : openDevice(target.path, error);
    }

    ~Link() {
        if (tty_ && failed_) tcflush(fd_, TCOFLUSH);  // else close() waits for a stuck line to drain
        if (socket_) {
            drain();  // unread input would make close() reset the connection and lose our tail
            ::shutdown(fd_, SHUT_WR);
        }
        ::close(fd_);
    }
    Link(const Link&) = delete;
    Link& operator=(const Link&) = delete;

    bool lost() const { return !lostReason_.empty(); }
    const std::string& lostReason() const { return lostReason_; }
    void markFailed() { failed_ = true; }

    // All of `data`, or as much as went before the printer took nothing for `stall`, the whole
    // took longer than `total`, or the device went away (then lostReason()).
    Write writeAll(std::span<const std::uint8_t> data, milliseconds stall, milliseconds total, std::size_t& written) {
        written = 0;
        const auto end = Clock::now() + total;
        auto progress = Clock::now();
        while (written < data.size()) {
            const auto* from = data.data() + written;
            const std::size_t size = data.size() - written;
            const ssize_t n = socket_ ? ::send(fd_, from, size, MSG_NOSIGNAL) : ::write(fd_, from, size);
            if (n > 0) {
                written += static_cast<std::size_t>(n);
                progress = Clock::now();
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
                lose(errnoText(errno));
                return Write::Lost;
            }
            const auto deadline = std::min(progress + stall, end);
            if (Clock::now() >= deadline) {
                failed_ = true;
                return Write::Stalled;
            }
            const short revents = pollUntil(fd_, POLLOUT, deadline);
            if (revents & (POLLERR | POLLHUP | POLLNVAL)) {
                // The next write says why (EPIPE, ECONNRESET, EIO …); POLLHUP alone may still
                // accept it on some devices.
                if (!(revents & POLLOUT)) {
                    const ssize_t probe = socket_ ? ::send(fd_, from, size, MSG_NOSIGNAL) : ::write(fd_, from, size);
                    if (probe > 0) {
                        written += static_cast<std::size_t>(probe);
                        progress = Clock::now();
                        continue;
                    }
                    if (probe < 0 && errno == EINTR) continue;
                    lose(probe < 0 && errno != EAGAIN ? errnoText(errno) : "the device hung up");
                    return Write::Lost;
                }
            }
        }
        return Write::Done;
    }

    // One byte the printer sends within `timeout`; nullopt when none comes (or the link is lost,
    // or the device cannot be read).
    std::optional<std::uint8_t> readByte(milliseconds timeout) {
        const auto deadline = Clock::now() + timeout;
        while (!lost() && readable()) {
            std::uint8_t byte = 0;
            const ssize_t n = ::read(fd_, &byte, 1);
            if (n == 1) return byte;
            if (n < 0 && errno == EINTR) continue;
            if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
                cannotRead(n == 0 ? 0 : errno);
                return std::nullopt;
            }
            if (Clock::now() >= deadline) return std::nullopt;
            const short revents = pollUntil(fd_, POLLIN, deadline);
            if (revents == 0) return std::nullopt;
            // POLLHUP or POLLERR: the read above says what happened on the next turn.
        }
        return std::nullopt;
    }

    // Whatever the printer sent that nobody asked for (a late answer, an answer set off by
    // picture bytes that look like DLE EOT): read and dropped, so it is not taken for the
    // answer to the next query. At most 64 KiB, so a printer that chatters cannot hold us here.
    // The number of bytes dropped.
    std::size_t drain() {
        std::size_t dropped = 0;
        std::uint8_t buffer[256];
        while (!lost() && readable() && dropped < 65536) {
            const ssize_t n = ::read(fd_, buffer, sizeof buffer);
            if (n > 0) {
                dropped += static_cast<std::size_t>(n);
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) cannotRead(n == 0 ? 0 : errno);
            break;
        }
        return dropped;
    }

    // A device that cannot be read has no return channel: a USB printer without one makes the
    // kernel refuse reads (EINVAL), some nodes give end of file. That is no status, not a lost
    // printer: only a failed write says the device is gone. On a connection, the end of input or
    // a reset is the printer gone.
    bool readable() const { return readProblem_.empty(); }
    const std::string& readProblem() const { return readProblem_; }

private:
    Link(int fd, bool socket, bool tty) : fd_(fd), socket_(socket), tty_(tty) {}

    void cannotRead(int error) {
        if (socket_) lose(error == 0 ? "the printer closed the connection" : errnoText(error));
        else readProblem_ = "the device cannot be read: " + (error == 0 ? std::string("end of file") : errnoText(error));
    }

    void lose(std::string reason) {
        failed_ = true;
        if (lostReason_.empty()) lostReason_ = std::move(reason);
    }

    static std::unique_ptr<Link> openDevice(const std::string& path, std::string& error) {
        // O_NONBLOCK: neither open() (a serial line waiting for carrier) nor any read or write
        // may wait without a timeout; every wait is a poll() with one.
        const int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
            const int e = errno;
            error = "cannot open " + path + ": " + errnoText(e);
            if (e == EACCES) error += " (is the kiosk's user in the group that owns it, usually lp or dialout?)";
            return nullptr;
        }
        // A serial printer (or a pseudo-terminal): raw bytes both ways. A terminal's defaults
        // would turn every 0x0a in the picture into 0x0d 0x0a and echo the printer's answers
        // back to it. The line speed is left as udev or stty set it.
        const bool tty = ::isatty(fd);
        if (tty) {
            termios mode{};
            if (tcgetattr(fd, &mode) == 0) {
                cfmakeraw(&mode);
                mode.c_cflag |= CLOCAL | CREAD;
                tcsetattr(fd, TCSANOW, &mode);
            }
        }
        struct stat info{};
        const bool socket = ::fstat(fd, &info) == 0 && S_ISSOCK(info.st_mode);
        return std::unique_ptr<Link>(new Link(fd, socket, tty));
    }

    static std::unique_ptr<Link> connect(const EscPosTarget& target, milliseconds timeout, std::string& error) {
        const auto deadline = Clock::now() + timeout;
        addrinfo hints{};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_flags = AI_NUMERICSERV;
        addrinfo* found = nullptr;
        // A host name is looked up with the resolver's own timeouts (/etc/resolv.conf); an
        // address is not looked up at all. ESCPOS.md recommends an address.
        const std::string port = std::to_string(target.port);
        if (const int rc = ::getaddrinfo(target.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
            error = "cannot resolve " + target.host + ": " + ::gai_strerror(rc);
            return nullptr;
        }
        std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(found, &::freeaddrinfo);
        error = "no address for " + target.host;
        for (const addrinfo* at = found; at; at = at->ai_next) {
            const int fd = ::socket(at->ai_family, at->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, at->ai_protocol);
            if (fd < 0) {
                error = "socket: " + errnoText(errno);
                continue;
            }
            int result = ::connect(fd, at->ai_addr, at->ai_addrlen) == 0 ? 0 : errno;
            if (result == EINPROGRESS) {
                const short revents = pollUntil(fd, POLLOUT, deadline);
                if (revents == 0) {
                    ::close(fd);
                    error = "no connection to " + target.text() + " within " + std::to_string(timeout.count()) + " ms";
                    return nullptr;
                }
                socklen_t size = sizeof result;
                if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &result, &size) != 0) result = errno;
            }
            if (result == 0) {
                const int one = 1;
                ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // queries go at once
                return std::unique_ptr<Link>(new Link(fd, true, false));
            }
            ::close(fd);
            error = "cannot connect to " + target.text() + ": " + errnoText(result);
            if (Clock::now() >= deadline) break;
        }
        return nullptr;
    }

    int fd_;
    bool socket_;
    bool tty_;
    bool failed_ = false;
    std::string lostReason_;
    std::string readProblem_;
};

EscPosPrinter::EscPosPrinter(const std::string& target, int widthDots) : EscPosPrinter(target, widthDots, Options{}) {}

EscPosPrinter::EscPosPrinter(const std::string& target, int widthDots, Options options)
    : target_(EscPosTarget::parse(target, &targetError_)), text_(target), widthDots_(widthDots), options_(options) {
    if (widthDots_ <= 0) throw std::invalid_argument("EscPosPrinter: widthDots must be positive");
}

std::string EscPosPrinter::describe() const {
    return "escpos:" + text_ + " (" + std::to_string(widthDots_) + " dots)";
}

// DLE EOT 1, then (when 1 was a status byte) 2 and 4, and 3 when 2 says an error occurred.
// A printer that does not answer 1 is not asked more: each silent query costs answerTimeout.
PrinterStatus EscPosPrinter::query(Link& link) {
    auto log = log::get("print");
    auto ask = [&](EscPos::Query which) -> std::optional<std::uint8_t> {
        if (const auto stray = link.drain(); stray > 0)
            log->debug("{}: dropped {} unasked byte(s) from the printer", text_, stray);
        if (link.lost() || !link.readable()) return std::nullopt;
        const auto bytes = EscPos::statusQuery(which);
        std::size_t written = 0;
        if (link.writeAll(bytes, options_.answerTimeout, options_.answerTimeout, written) != Link::Write::Done)
            return std::nullopt;
        return link.readByte(options_.answerTimeout);
    };

    EscPos::StatusAnswers answers;
    answers.printer = ask(EscPos::Query::Printer);
    if (answers.printer && EscPos::isStatusByte(*answers.printer)) {
        answers.offlineCause = ask(EscPos::Query::OfflineCause);
        if (answers.offlineCause && EscPos::isStatusByte(*answers.offlineCause) && (*answers.offlineCause & 0x40))
            answers.errorCause = ask(EscPos::Query::ErrorCause);  // bit 6 of the offline cause: which error
        answers.rollPaper = ask(EscPos::Query::RollPaper);
    }
    if (link.lost()) {
        PrinterStatus status;
        status.problem = PrinterProblem::Unreachable;
        status.answered = false;
        status.detail = text_ + ": " + link.lostReason();
        return status;
    }
    auto status = EscPos::parseStatus(answers);
    if (!answers.printer && !link.readable()) status.detail += " (" + link.readProblem() + ")";
    if (!status.answered && status.detail.starts_with("not a status answer")) {
        if (status.detail != lastOddity_)
            log->warn("{}: {}; its status is ignored and slips are still sent", text_, status.detail);
        else
            log->debug("{}: {}", text_, status.detail);
        lastOddity_ = status.detail;
    } else {
        lastOddity_.clear();
    }
    return status;
}

PrinterStatus EscPosPrinter::status() {
    PrinterStatus status;
    if (!target_) {
        status.problem = PrinterProblem::NotConfigured;
        status.detail = "escpos printer \"" + text_ + "\": " + targetError_;
    } else {
        const SigpipeGuard guard;
        std::string error;
        if (const auto link = Link::open(*target_, options_.connectTimeout, error)) {
            status = query(*link);
        } else {
            status.problem = PrinterProblem::Unreachable;
            status.answered = false;
            status.detail = error;
        }
    }
    // Said once when it changes: status() may be asked every few seconds.
    auto log = log::get("print");
    if (lastProblem_ != status.problem) {
        if (status.ready()) log->info("{} ready: {}", text_, status.detail);
        else log->warn("{}: {} ({})", text_, problemName(status.problem), status.detail);
        lastProblem_ = status.problem;
    } else {
        log->debug("{} status: {} ({})", text_, problemName(status.problem), status.detail);
    }
    return status;
}

PrintResult EscPosPrinter::print(const PrintJob& job) {
    auto log = log::get("print");
    PrintResult result;
    result.reference = text_;
    auto fail = [&](PrinterProblem problem, std::string detail) {
        result.printed = false;
        result.problem = problem;
        result.detail = std::move(detail);
        log->error("slip {} not printed on {}: {} ({})", job.code, text_, result.detail, problemName(problem));
        return result;
    };

    if (!target_) return fail(PrinterProblem::NotConfigured, "escpos printer \"" + text_ + "\": " + targetError_);
    if (job.raster.empty())
        return fail(PrinterProblem::JobFailed,
                    "the job has no raster: an ESC/POS printer prints only a bitmap (the slip must be rendered "
                    "as one when wantsRaster() is true)");
    if (job.raster.width > widthDots_)
        return fail(PrinterProblem::JobFailed, "the raster is " + std::to_string(job.raster.width) +
                                                   " dots wide; this printer prints " + std::to_string(widthDots_));
    std::vector<std::uint8_t> bytes;
    try {
        bytes = EscPos::encodeRaster(job.raster, options_.raster);
    } catch (const std::invalid_argument& error) {
        return fail(PrinterProblem::JobFailed, std::string("cannot encode the raster: ") + error.what());
    }

    const SigpipeGuard guard;
    const auto started = Clock::now();
    std::string error;
    const auto link = Link::open(*target_, options_.connectTimeout, error);
    if (!link) return fail(PrinterProblem::Unreachable, error);

    const auto before = query(*link);
    if (definite(before.problem)) return fail(before.problem, "not sent: " + before.detail);

    std::size_t written = 0;
    const auto writing = Clock::now();
    const auto sent = link->writeAll(bytes, options_.stallTimeout, options_.jobTimeout, written);
    const auto progress = std::to_string(written) + " of " + std::to_string(bytes.size()) + " bytes";
    if (sent == Link::Write::Lost)
        return fail(PrinterProblem::Unreachable, "lost the printer after " + progress + ": " + link->lostReason());
    if (sent == Link::Write::Stalled) {
        const bool overall = Clock::now() - writing >= options_.jobTimeout;
        return fail(PrinterProblem::JobFailed,
                    "the printer took " + progress + ", then " +
                        (overall ? "the job ran past " + std::to_string(options_.jobTimeout.count()) + " ms"
                                 : "nothing for " + std::to_string(options_.stallTimeout.count()) + " ms") +
                        " (out of paper, jammed or switched off?)");
    }

    result.acceptedAt = Clock::now();  // every byte is with the printer (or the kernel, over TCP)
    const auto after = query(*link);
    if (after.problem == PrinterProblem::Unreachable) {
        link->markFailed();
        return fail(PrinterProblem::Unreachable,
                    "all " + std::to_string(bytes.size()) + " bytes sent, but the printer was lost before it confirmed the slip (" +
                        link->lostReason() + "): the slip may be incomplete");
    }
    if (definite(after.problem)) {
        const std::string what = after.problem == PrinterProblem::MediaEmpty ? "the paper ran out during the slip"
                                                                             : "the printer stopped during the slip";
        return fail(after.problem, what + ": " + after.detail);
    }

    result.printed = true;
    const auto ms = std::chrono::duration_cast<milliseconds>(Clock::now() - started).count();
    result.detail = std::to_string(bytes.size()) + " bytes in " + std::to_string(ms) + " ms; " +
                    (after.answered ? "status after: " + after.detail
                                    : "the printer gave no status (" + after.detail + "), so the slip is assumed printed");
    log->info("slip {} printed on {}: {}", job.code, text_, result.detail);
    if (after.mediaLow) log->warn("{}: paper near its end: change the roll soon", text_);
    return result;
}

}  // namespace kiosk
