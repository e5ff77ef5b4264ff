#include "net/Url.h"

#include <curl/curl.h>

#include <memory>

namespace kiosk {
namespace {
struct UrlDeleter {
    void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
struct CurlStringDeleter {
    void operator()(char* p) const { curl_free(p); }
};

std::string getPart(CURLU* url, CURLUPart part) {
    char* raw = nullptr;
    if (curl_url_get(url, part, &raw, 0) != CURLUE_OK || raw == nullptr) return {};
    std::unique_ptr<char, CurlStringDeleter> owned(raw);
    return std::string(raw);
}
}  // namespace

std::optional<UrlParts> parseUrl(std::string_view url) {
    std::unique_ptr<CURLU, UrlDeleter> handle(curl_url());
    if (!handle) return std::nullopt;
    const std::string text(url);
    if (curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) return std::nullopt;
    UrlParts parts{getPart(handle.get(), CURLUPART_SCHEME), getPart(handle.get(), CURLUPART_HOST),
                   getPart(handle.get(), CURLUPART_PATH)};
    if (parts.scheme.empty() || parts.host.empty()) return std::nullopt;
    return parts;
}

bool isLoopbackHost(std::string_view host) {
    if (host == "localhost" || host == "[::1]" || host == "::1") return true;
    return host.starts_with("127.") && host.find_first_not_of("0123456789.") == std::string_view::npos;
}

std::string checkCityUrl(std::string_view url) {
    const auto parts = parseUrl(url);
    if (!parts) return "not a valid URL";
    if (parts->scheme == "https") return {};
    if (parts->scheme == "http") {
        if (isLoopbackHost(parts->host)) return {};
        return "plain http is only allowed to a loopback address (127.0.0.1, ::1, localhost); use https";
    }
    return "scheme must be https";
}

std::string percentEncode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const unsigned char c : text) {
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                                c == '_' || c == '.' || c == '~';
        if (unreserved) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::string formBody(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string body;
    for (const auto& [name, value] : fields) {
        if (!body.empty()) body += '&';
        body += percentEncode(name) + '=' + percentEncode(value);
    }
    return body;
}

}  // namespace kiosk
