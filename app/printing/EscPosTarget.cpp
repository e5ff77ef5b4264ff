#include "printing/EscPosTarget.h"

namespace kiosk {
namespace {

constexpr const char* kForms = "a device path such as /dev/usb/lp0, or tcp://host:port for a network printer (usually port 9100)";

std::optional<EscPosTarget> refuse(std::string* error, std::string reason) {
    if (error) *error = std::move(reason);
    return std::nullopt;
}

bool hostNameOk(const std::string& host) {
    if (host.empty() || host.size() > 253) return false;
    if (host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") != std::string::npos)
        return false;
    return host.front() != '.' && host.front() != '-' && host.back() != '-' && host.find("..") == std::string::npos;
}

bool ipv6Ok(const std::string& host) {
    return !host.empty() && host.size() <= 45 && host.find(':') != std::string::npos &&
           host.find_first_not_of("0123456789abcdefABCDEF:.") == std::string::npos;
}

}  // namespace

std::string EscPosTarget::text() const {
    if (kind == Kind::Device) return path;
    const bool v6 = host.find(':') != std::string::npos;
    return "tcp://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::optional<EscPosTarget> EscPosTarget::parse(const std::string& text, std::string* error) {
    EscPosTarget target;
    if (text.starts_with('/')) {
        if (text.size() > 4095 || text.find('\0') != std::string::npos || text.back() == '/')
            return refuse(error, "\"" + text + "\" is not a device path");
        target.path = text;
        return target;
    }
    if (!text.starts_with("tcp://"))
        return refuse(error, "\"" + text + "\" must be " + kForms);

    const std::string rest = text.substr(6);
    std::string host;
    std::string port;
    if (rest.starts_with('[')) {
        const auto close = rest.find(']');
        if (close == std::string::npos) return refuse(error, "\"" + text + "\": an IPv6 address must end with ']'");
        host = rest.substr(1, close - 1);
        if (!ipv6Ok(host)) return refuse(error, "\"" + text + "\": \"" + host + "\" is not an IPv6 address");
        if (close + 1 >= rest.size() || rest[close + 1] != ':')
            return refuse(error, "\"" + text + "\" needs a port after the address, as in tcp://[" + host + "]:9100");
        port = rest.substr(close + 2);
    } else {
        const auto colon = rest.find(':');
        if (colon == std::string::npos)
            return refuse(error, "\"" + text + "\" needs a port, as in tcp://" + rest + ":9100");
        host = rest.substr(0, colon);
        port = rest.substr(colon + 1);
        if (!hostNameOk(host))
            return refuse(error, "\"" + text + "\": \"" + host + "\" is not a host name or IPv4 address");
    }
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(port) < 1 || std::stoi(port) > 65535)
        return refuse(error, "\"" + text + "\": the port must be a number from 1 to 65535 (nothing after it)");
    target.kind = Kind::Tcp;
    target.host = host;
    target.port = std::stoi(port);
    return target;
}

}  // namespace kiosk
