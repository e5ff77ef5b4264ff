#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kiosk {

// The parts of a URL the kiosk makes decisions on, parsed by libcurl's own URL parser so that
// what we validate is exactly what curl will later connect to.
struct UrlParts {
    std::string scheme;
    std::string host;
    std::string path;
};

std::optional<UrlParts> parseUrl(std::string_view url);

// True for 127.0.0.0/8, ::1 and "localhost": the only hosts plain HTTP is allowed to reach.
bool isLoopbackHost(std::string_view host);

// Empty when the URL may be used for city traffic, otherwise the reason it may not.
std::string checkCityUrl(std::string_view url);

// RFC 3986 percent-encoding of everything but the unreserved characters.
std::string percentEncode(std::string_view text);
// An application/x-www-form-urlencoded body from name/value pairs.
std::string formBody(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace kiosk
