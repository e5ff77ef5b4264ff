#include "platform/ServiceManager.h"

#include <systemd/sd-daemon.h>

#include <cstdlib>
#include <string>

#include "log/Log.h"

namespace kiosk::service {
namespace {
void notify(const std::string& message) {
    if (!managed()) return;
    // 0 = no socket, < 0 = the manager is gone or refused: neither stops the kiosk.
    if (const int rc = sd_notify(0, message.c_str()); rc < 0)
        log::get("app")->warn("sd_notify failed ({}): {}", rc, message.substr(0, message.find('\n')));
}

// A STATUS= value is one line.
std::string oneLine(std::string_view text) {
    std::string line(text);
    for (auto& c : line)
        if (c == '\n' || c == '\r') c = ' ';
    return line;
}
}  // namespace

bool managed() {
    const char* socket = std::getenv("NOTIFY_SOCKET");
    return socket != nullptr && *socket != '\0';
}

void ready(std::string_view text) {
    notify("READY=1\nSTATUS=" + oneLine(text));
}

void status(std::string_view text) {
    notify("STATUS=" + oneLine(text));
}

void stopping() {
    notify("STOPPING=1");
}

std::optional<std::chrono::milliseconds> watchdogInterval() {
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::microseconds(usec / 2));
}

void watchdogPing() {
    notify("WATCHDOG=1");
}

}  // namespace kiosk::service
