#pragma once
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "printing/Printer.h"

namespace kiosk::test {

// A thermal receipt printer for tests, on its own thread: a raw TCP port on 127.0.0.1 (like a
// network printer's port 9100), or the master side of a pseudo-terminal whose other side the
// kiosk opens as its "device". It reads ESC/POS strictly (ESC @, ESC d, LF, GS v 0, GS V, DLE EOT
// 1–4; anything else is an error the test sees), puts the picture back together, and answers
// DLE EOT as its state says.
class FakeEscPosPrinter {
public:
    enum class State {
        Online,
        Offline,       // offline with no cause given
        CoverOpen,
        PaperEnd,
        PaperNearEnd,  // online, near-end sensor on
        Error,         // offline, autocutter error
        Silent,        // never answers DLE EOT
        Garbage,       // answers every DLE EOT with 0xff
    };

    // What the printer received and did, copied out under the lock.
    struct Record {
        std::vector<MonoBitmap> pages;  // one per cut
        MonoBitmap current;             // rows received since the last cut
        std::vector<int> queries;       // the n of every DLE EOT, in order
        int inits = 0;                  // ESC @
        int feedLines = 0;              // ESC d n and LF
        int cuts = 0;                   // GS V
        int rasterRows = 0;             // all rows of all GS v 0 bands
        std::size_t bytes = 0;          // every byte received
        int connections = 0;            // accepted (TCP) or opened (pseudo-terminal, counted on first data)
        int closed = 0;                 // connections that ended
        std::vector<std::string> errors;  // what it could not parse
    };

    FakeEscPosPrinter();  // TCP
    struct Pty {};
    explicit FakeEscPosPrinter(Pty);  // a new pseudo-terminal; target() is its device path
    ~FakeEscPosPrinter();
    FakeEscPosPrinter(const FakeEscPosPrinter&) = delete;
    FakeEscPosPrinter& operator=(const FakeEscPosPrinter&) = delete;

    std::string target() const;  // "tcp://127.0.0.1:PORT" or "/dev/pts/N"

    void setState(State state);
    void setStateAfterRows(int rows, State state);  // switch once this many raster rows arrived in all
    // TCP: end the next connection after this many bytes. Pseudo-terminal: close it for good
    // after this many more bytes (the kiosk's writes then fail with EIO, like an unplugged printer).
    void dropAfterBytes(std::size_t bytes);
    void pauseReading(bool paused);                 // stop taking bytes (a jammed printer)

    Record record() const;
    // Waits up to `timeout` for `done(record)`; the last record either way.
    bool waitFor(const std::function<bool(const Record&)>& done,
                 std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) const;

private:
    void run();
    void serve(int fd, bool socket);
    void consume(int fd, bool socket, const std::uint8_t* data, std::size_t size);
    std::optional<std::uint8_t> answer(int n) const;  // under mutex_

    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    Record record_;
    State state_ = State::Online;
    int switchAfterRows_ = -1;
    State switchTo_ = State::Online;
    std::size_t dropAfter_ = 0;  // 0: never
    bool paused_ = false;
    bool stop_ = false;

    std::vector<std::uint8_t> pending_;  // bytes of a command not complete yet
    bool broken_ = false;                // an error stopped parsing this connection

    int listenFd_ = -1;
    int ptyFd_ = -1;
    int port_ = 0;
    std::string ptyPath_;
    std::thread thread_;
};

}  // namespace kiosk::test
