#pragma once
#include <chrono>
#include <optional>
#include <string_view>

namespace kiosk::service {

// What the service manager (systemd, through sd_notify) is told of the running kiosk:
// READY=1 once the first screen is up, a STATUS line staff see in `systemctl status`, a
// watchdog ping while the UI thread turns (a UI thread stuck for WatchdogSec gets the kiosk
// restarted), STOPPING=1 on the way out. Started by hand or in tests, without NOTIFY_SOCKET,
// every call does nothing. The messages go out from whichever process the kiosk is, so the
// unit says NotifyAccess=all (the kiosk runs under xinit).
bool managed();  // NOTIFY_SOCKET is set
void ready(std::string_view status);
void status(std::string_view status);
void stopping();
// How often to ping: half of the WatchdogSec the unit asks for, or nullopt when it asks none
// (or asks it of another process).
std::optional<std::chrono::milliseconds> watchdogInterval();
void watchdogPing();

}  // namespace kiosk::service
