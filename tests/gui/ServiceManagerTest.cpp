// The kiosk as a systemd service: what it says on $NOTIFY_SOCKET (READY and STATUS once the
// first screen is up, watchdog pings from the UI thread, STOPPING on the way out) and how it
// takes `systemctl stop` (SIGTERM: a clean exit). The test plays systemd: it owns the socket,
// starts ward-kiosk on the Xvfb display ctest gives it and reads the datagrams.
#define BOOST_TEST_MODULE ServiceManager
#include <boost/test/unit_test.hpp>

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "TestPaths.h"
#include "platform/ServiceManager.h"

extern char** environ;

namespace {
using namespace std::chrono_literals;

// The manager's end: a datagram socket like systemd's notify socket.
struct NotifySocket {
    std::filesystem::path path;
    int fd = -1;

    explicit NotifySocket(const std::string& name) {
        path = kiosk::test::scratchDir(name) / "notify";
        fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        BOOST_TEST_REQUIRE(fd >= 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        BOOST_TEST_REQUIRE(path.string().size() < sizeof address.sun_path);
        std::strcpy(address.sun_path, path.c_str());
        BOOST_TEST_REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    }
    ~NotifySocket() {
        ::close(fd);
        std::filesystem::remove(path);
    }
    std::optional<std::string> receive(std::chrono::milliseconds timeout) {
        pollfd waiting{fd, POLLIN, 0};
        if (::poll(&waiting, 1, static_cast<int>(timeout.count())) <= 0) return std::nullopt;
        char buffer[4096];
        const auto n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n < 0) return std::nullopt;
        return std::string(buffer, static_cast<std::size_t>(n));
    }
    // Messages until one contains `what` (kept in `seen`), or the deadline.
    bool waitFor(const std::string& what, std::chrono::milliseconds within, std::vector<std::string>& seen) {
        const auto deadline = std::chrono::steady_clock::now() + within;
        while (std::chrono::steady_clock::now() < deadline) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            const auto message = receive(std::max(left, 1ms));
            if (!message) continue;
            seen.push_back(*message);
            if (message->find(what) != std::string::npos) return true;
        }
        return false;
    }
};

struct Environment {
    std::vector<std::pair<std::string, std::optional<std::string>>> saved;
    void set(const std::string& name, const std::optional<std::string>& value) {
        const char* old = std::getenv(name.c_str());
        saved.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
        if (value) ::setenv(name.c_str(), value->c_str(), 1);
        else ::unsetenv(name.c_str());
    }
    ~Environment() {
        for (auto it = saved.rbegin(); it != saved.rend(); ++it) {
            if (it->second) ::setenv(it->first.c_str(), it->second->c_str(), 1);
            else ::unsetenv(it->first.c_str());
        }
    }
};
}  // namespace

BOOST_AUTO_TEST_SUITE(service_manager)

BOOST_AUTO_TEST_CASE(without_a_manager_nothing_is_sent_and_no_watchdog_is_asked) {
    Environment env;
    env.set("NOTIFY_SOCKET", std::nullopt);
    env.set("WATCHDOG_USEC", std::nullopt);
    BOOST_TEST(!kiosk::service::managed());
    BOOST_TEST(!kiosk::service::watchdogInterval().has_value());
    kiosk::service::ready("x");  // nowhere to go: nothing happens, nothing throws
}

BOOST_AUTO_TEST_CASE(ready_status_pings_and_stopping_reach_the_socket) {
    NotifySocket manager("notify-unit");
    Environment env;
    env.set("NOTIFY_SOCKET", manager.path.string());
    BOOST_TEST(kiosk::service::managed());
    kiosk::service::ready("Serving residents\n(ward 26740)");
    BOOST_TEST(manager.receive(2s).value_or("") == "READY=1\nSTATUS=Serving residents (ward 26740)");
    kiosk::service::status("Printer out of paper");
    BOOST_TEST(manager.receive(2s).value_or("") == "STATUS=Printer out of paper");
    kiosk::service::watchdogPing();
    BOOST_TEST(manager.receive(2s).value_or("") == "WATCHDOG=1");
    kiosk::service::stopping();
    BOOST_TEST(manager.receive(2s).value_or("") == "STOPPING=1");
}

BOOST_AUTO_TEST_CASE(the_watchdog_is_pinged_at_half_the_interval_and_only_by_the_process_it_names) {
    Environment env;
    env.set("WATCHDOG_USEC", "3000000");
    env.set("WATCHDOG_PID", std::nullopt);
    BOOST_TEST(kiosk::service::watchdogInterval().value_or(0ms).count() == 1500);
    env.set("WATCHDOG_PID", std::to_string(::getpid()));
    BOOST_TEST(kiosk::service::watchdogInterval().value_or(0ms).count() == 1500);
    env.set("WATCHDOG_PID", std::to_string(::getpid() + 1));  // meant for another process
    BOOST_TEST(!kiosk::service::watchdogInterval().has_value());
    env.set("WATCHDOG_PID", std::nullopt);
    env.set("WATCHDOG_USEC", "soon");
    BOOST_TEST(!kiosk::service::watchdogInterval().has_value());
}

// The real kiosk, as systemd runs it: ready once the home screen is up, pinging its watchdog
// from the UI thread, and out cleanly (exit 0, STOPPING=1) on SIGTERM.
BOOST_AUTO_TEST_CASE(ward_kiosk_tells_systemd_it_is_ready_pings_its_watchdog_and_stops_on_sigterm) {
    BOOST_TEST_REQUIRE(std::getenv("DISPLAY") != nullptr, "run under Xvfb (ctest does)");
    NotifySocket manager("notify-kiosk");
    const auto state = kiosk::test::scratchDir("notify-kiosk-state");
    const auto config = state / "kiosk.toml";
    // A city that does not answer (the discard port): the kiosk starts and serves offline.
    std::ofstream(config) << "[kiosk]\nward_code = \"26740\"\nfullscreen = false\n[city]\nbase_url = "
                             "\"http://127.0.0.1:9\"\n[sync]\nenabled = false\n[log]\nlevel = \"info\"\n";
    Environment env;
    env.set("NOTIFY_SOCKET", manager.path.string());
    env.set("WATCHDOG_USEC", "1000000");  // WatchdogSec=1: a ping every 500 ms
    env.set("WATCHDOG_PID", std::nullopt);
    env.set("WARD_KIOSK_STATE_DIR", state.string());
    std::vector<std::string> args{KIOSK_BINARY_PATH, "--config", config.string(), "--windowed", "1024x768"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    BOOST_TEST_REQUIRE(::posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) == 0);
    struct Reaper {
        pid_t pid;
        ~Reaper() {
            if (pid > 0 && ::kill(pid, 0) == 0) {
                ::kill(pid, SIGKILL);
                ::waitpid(pid, nullptr, 0);
            }
        }
    } reaper{pid};

    std::vector<std::string> seen;
    BOOST_TEST_REQUIRE(manager.waitFor("READY=1", 60s, seen), "no READY=1 from ward-kiosk");
    BOOST_TEST(seen.back().find("STATUS=Serving residents (ward 26740)") != std::string::npos, seen.back());
    // Pings keep coming while the kiosk is idle: at least 3 in 2.5 s (one every 500 ms).
    int pings = 0;
    const auto until = std::chrono::steady_clock::now() + 2500ms;
    while (std::chrono::steady_clock::now() < until)
        if (const auto m = manager.receive(100ms); m && *m == "WATCHDOG=1") ++pings;
    BOOST_TEST(pings >= 3, pings << " pings in 2.5 s");

    BOOST_TEST_REQUIRE(::kill(pid, SIGTERM) == 0);
    BOOST_TEST(manager.waitFor("STOPPING=1", 20s, seen), "no STOPPING=1 after SIGTERM");
    int status = 0;
    bool reaped = false;
    for (int i = 0; i < 200 && !reaped; ++i) {
        reaped = ::waitpid(pid, &status, WNOHANG) == pid;
        if (!reaped) std::this_thread::sleep_for(100ms);
    }
    BOOST_TEST_REQUIRE((reaped && WIFEXITED(status)), "ward-kiosk did not exit by itself after SIGTERM");
    BOOST_TEST(WEXITSTATUS(status) == 0);
    reaper.pid = 0;
}

BOOST_AUTO_TEST_SUITE_END()
