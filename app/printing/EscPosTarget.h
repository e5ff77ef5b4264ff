#pragma once
#include <optional>
#include <string>

namespace kiosk {

// Where a raw ESC/POS printer is, as written in [printer] queue: a device node (/dev/usb/lp0 for
// USB, /dev/ttyUSB0 for serial) or a network printer's raw port, "tcp://host:port" (usually
// 9100). Parsed in one place so the config check and the printer agree on what is valid.
struct EscPosTarget {
    enum class Kind { Device, Tcp };
    Kind kind = Kind::Device;
    std::string path;  // Device: an absolute path
    std::string host;  // Tcp: a host name, IPv4 address, or IPv6 address (written in [] in the text)
    int port = 0;      // Tcp: 1–65535

    std::string text() const;  // back to "tcp://host:port" or the path

    // nullopt, and the reason in *error, for anything else (a CUPS queue name, "usb://…", a
    // tcp:// without a port …).
    static std::optional<EscPosTarget> parse(const std::string& text, std::string* error = nullptr);
};

}  // namespace kiosk
