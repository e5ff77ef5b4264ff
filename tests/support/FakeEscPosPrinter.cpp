#include "FakeEscPosPrinter.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace kiosk::test {
namespace {

std::string hex(std::uint8_t byte) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02x", byte);
    return text;
}

}  // namespace

FakeEscPosPrinter::FakeEscPosPrinter() {
    listenFd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listenFd_ < 0) throw std::runtime_error("fake printer: socket failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (::bind(listenFd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(listenFd_, 8) != 0 ||
        ::getsockname(listenFd_, reinterpret_cast<sockaddr*>(&address), &size) != 0)
        throw std::runtime_error("fake printer: cannot listen on 127.0.0.1");
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { run(); });
}

FakeEscPosPrinter::FakeEscPosPrinter(Pty) {
    ptyFd_ = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    char name[128];
    if (ptyFd_ < 0 || ::grantpt(ptyFd_) != 0 || ::unlockpt(ptyFd_) != 0 || ::ptsname_r(ptyFd_, name, sizeof name) != 0)
        throw std::runtime_error("fake printer: no pseudo-terminal");
    ptyPath_ = name;
    ::fcntl(ptyFd_, F_SETFL, ::fcntl(ptyFd_, F_GETFL) | O_NONBLOCK);
    thread_ = std::thread([this] { run(); });
}

FakeEscPosPrinter::~FakeEscPosPrinter() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    thread_.join();
    if (listenFd_ >= 0) ::close(listenFd_);
    if (ptyFd_ >= 0) ::close(ptyFd_);
}

std::string FakeEscPosPrinter::target() const {
    return ptyPath_.empty() ? "tcp://127.0.0.1:" + std::to_string(port_) : ptyPath_;
}

void FakeEscPosPrinter::setState(State state) {
    std::lock_guard lock(mutex_);
    state_ = state;
}

void FakeEscPosPrinter::setStateAfterRows(int rows, State state) {
    std::lock_guard lock(mutex_);
    switchAfterRows_ = rows;
    switchTo_ = state;
}

void FakeEscPosPrinter::dropAfterBytes(std::size_t bytes) {
    std::lock_guard lock(mutex_);
    dropAfter_ = bytes;
}

void FakeEscPosPrinter::pauseReading(bool paused) {
    std::lock_guard lock(mutex_);
    paused_ = paused;
}

FakeEscPosPrinter::Record FakeEscPosPrinter::record() const {
    std::lock_guard lock(mutex_);
    return record_;
}

bool FakeEscPosPrinter::waitFor(const std::function<bool(const Record&)>& done, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return done(record_); });
}

void FakeEscPosPrinter::run() {
    if (!ptyPath_.empty()) {
        serve(ptyFd_, false);
        return;
    }
    while (true) {
        {
            std::lock_guard lock(mutex_);
            if (stop_) return;
        }
        pollfd entry{listenFd_, POLLIN, 0};
        if (::poll(&entry, 1, 20) <= 0) continue;
        const int fd = ::accept4(listenFd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        serve(fd, true);
        ::close(fd);
    }
}

// One TCP connection until it ends, or the pseudo-terminal until the fake stops (its "connections"
// are the kiosk's opens of the other side: the first bytes after a hang-up start one).
void FakeEscPosPrinter::serve(int fd, bool socket) {
    std::size_t received = 0;
    std::size_t dropAfter = 0;
    bool open = false;
    auto begin = [&] {
        std::lock_guard lock(mutex_);
        ++record_.connections;
        pending_.clear();
        broken_ = false;
        dropAfter = dropAfter_;
        dropAfter_ = 0;
        open = true;
        received = 0;
        changed_.notify_all();
    };
    auto end = [&] {
        std::lock_guard lock(mutex_);
        ++record_.closed;
        open = false;
        changed_.notify_all();
    };
    if (socket) begin();
    while (true) {
        bool paused = false;
        {
            std::lock_guard lock(mutex_);
            if (stop_) break;
            paused = paused_;
        }
        if (paused) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            continue;
        }
        pollfd entry{fd, POLLIN, 0};
        if (::poll(&entry, 1, 20) <= 0) continue;
        std::uint8_t buffer[4096];
        std::size_t want = sizeof buffer;
        if (dropAfter > 0) want = std::min(want, dropAfter - received);
        const ssize_t n = ::read(fd, buffer, want);
        if (n > 0) {
            if (!open) begin();
            received += static_cast<std::size_t>(n);
            consume(fd, socket, buffer, static_cast<std::size_t>(n));
            if (dropAfter > 0 && received >= dropAfter) {
                if (!socket) {  // the pseudo-terminal goes away for good
                    std::lock_guard lock(mutex_);
                    ::close(ptyFd_);
                    ptyFd_ = -1;
                }
                break;  // a socket is closed by run() with the rest unread: a reset
            }
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (socket) break;
        // The pseudo-terminal's other side is closed (EIO): wait for the next open.
        if (open) end();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (open) end();
}

std::optional<std::uint8_t> FakeEscPosPrinter::answer(int n) const {
    const std::uint8_t ok = 0x12;  // bits 1 and 4: the fixed bits of every answer
    switch (state_) {
        case State::Online: return ok;
        case State::Offline: return n == 1 ? 0x1A : ok;
        case State::CoverOpen: return n == 1 ? 0x1A : n == 2 ? 0x16 : ok;
        case State::PaperEnd: return n == 1 ? 0x1A : n == 2 ? 0x32 : n == 4 ? 0x7E : ok;
        case State::PaperNearEnd: return n == 4 ? 0x1E : ok;
        case State::Error: return n == 1 ? 0x1A : n == 2 ? 0x52 : n == 3 ? 0x1A : ok;
        case State::Silent: return std::nullopt;
        case State::Garbage: return 0xFF;
    }
    return std::nullopt;
}

void FakeEscPosPrinter::consume(int fd, bool socket, const std::uint8_t* data, std::size_t size) {
    std::lock_guard lock(mutex_);
    record_.bytes += size;
    if (broken_) return;
    pending_.insert(pending_.end(), data, data + size);
    std::size_t at = 0;
    auto fail = [&](const std::string& what) {
        record_.errors.push_back(what + " at byte " + std::to_string(record_.bytes - pending_.size() + at));
        broken_ = true;
    };
    auto cut = [&] {
        ++record_.cuts;
        record_.pages.push_back(record_.current);
        record_.current = MonoBitmap{};
    };
    while (!broken_ && at < pending_.size()) {
        const std::size_t left = pending_.size() - at;
        const std::uint8_t* c = pending_.data() + at;
        std::size_t used = 0;  // 0: the command is not complete yet
        if (c[0] == 0x0A) {
            ++record_.feedLines;
            used = 1;
        } else if (c[0] == 0x1B) {
            if (left < 2) break;
            if (c[1] == '@') {
                ++record_.inits;
                used = 2;
            } else if (c[1] == 'd') {
                if (left < 3) break;
                record_.feedLines += c[2];
                used = 3;
            } else {
                fail("unknown command ESC " + hex(c[1]));
            }
        } else if (c[0] == 0x1D) {
            if (left < 2) break;
            if (c[1] == 'v') {
                if (left < 8) break;
                const int widthBytes = c[4] | (c[5] << 8);
                const int rows = c[6] | (c[7] << 8);
                if (c[2] != '0' || c[3] != 0) {
                    fail("GS v with " + hex(c[2]) + " " + hex(c[3]) + " (only GS v 0 at normal size)");
                } else if (widthBytes == 0 || rows == 0) {
                    fail("GS v 0 of " + std::to_string(widthBytes) + " bytes by " + std::to_string(rows) + " rows");
                } else if (record_.current.height > 0 && record_.current.stride() != widthBytes) {
                    fail("GS v 0 band " + std::to_string(widthBytes) + " bytes wide after bands of " +
                         std::to_string(record_.current.stride()));
                } else {
                    const auto bytes = static_cast<std::size_t>(widthBytes) * static_cast<std::size_t>(rows);
                    if (left < 8 + bytes) break;
                    auto& page = record_.current;
                    page.width = widthBytes * 8;
                    page.height += rows;
                    page.bits.insert(page.bits.end(), c + 8, c + 8 + bytes);
                    record_.rasterRows += rows;
                    if (switchAfterRows_ >= 0 && record_.rasterRows >= switchAfterRows_) {
                        state_ = switchTo_;
                        switchAfterRows_ = -1;
                    }
                    used = 8 + bytes;
                }
            } else if (c[1] == 'V') {
                if (left < 3) break;
                if (c[2] == 65 || c[2] == 66) {
                    if (left < 4) break;
                    cut();
                    used = 4;
                } else if (c[2] == 0 || c[2] == 1 || c[2] == 48 || c[2] == 49) {
                    cut();
                    used = 3;
                } else {
                    fail("GS V with mode " + hex(c[2]));
                }
            } else {
                fail("unknown command GS " + hex(c[1]));
            }
        } else if (c[0] == 0x10) {
            if (left < 3) break;
            if (c[1] != 0x04 || c[2] < 1 || c[2] > 4) {
                fail("DLE " + hex(c[1]) + " " + hex(c[2]) + " (only DLE EOT 1-4)");
            } else {
                record_.queries.push_back(c[2]);
                if (const auto byte = answer(c[2])) {
                    const ssize_t sent = socket ? ::send(fd, &*byte, 1, MSG_NOSIGNAL) : ::write(fd, &*byte, 1);
                    if (sent != 1) record_.errors.push_back("could not answer DLE EOT");
                }
                used = 3;
            }
        } else {
            fail("unknown byte " + hex(c[0]));
        }
        if (used == 0) break;
        at += used;
    }
    if (broken_) pending_.clear();
    else pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(at));
    changed_.notify_all();
}

}  // namespace kiosk::test
