#pragma once
#include <atomic>
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/Config.h"

namespace kiosk {

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::chrono::seconds timeout{30};        // whole transfer
    std::size_t maxBodyBytes = 16u << 20;    // a larger answer is cut off and reported, never buffered
};

struct HttpResponse {
    long status = 0;
    std::map<std::string, std::string> headers;  // names in lower case; a repeated header keeps the last
    std::string body;

    std::string header(const std::string& lowerCaseName) const {
        const auto it = headers.find(lowerCaseName);
        return it == headers.end() ? std::string() : it->second;
    }
    // The city's APIs answer JSON only: true when Content-Type is a JSON media type (below).
    bool isJson() const;
};

// application/json, or any application/<name>+json (RFC 6839: jwk-set+json for a key set,
// problem+json for errors), with or without parameters, in any case. Not JSON: text/html error
// pages, text/plain, a missing Content-Type.
bool isJsonMediaType(std::string_view contentType);
// For logs: why an answer's media type was refused.
constexpr const char* kExpectedJson = "expected application/json or application/<name>+json";

// Why a request produced no usable answer. An HTTP error status is not a failure here: the
// caller decides what a 404 or a 503 means for it.
enum class HttpFailure { None, Refused, Connect, Timeout, TooLarge, Tls, Network, Cancelled };

std::string_view toString(HttpFailure failure);

struct HttpResult {
    HttpFailure failure = HttpFailure::None;
    std::string detail;  // for the log: what curl said, or which rule refused the request
    HttpResponse response;
    bool ok() const { return failure == HttpFailure::None; }
};

// The one way the core talks HTTP. Calls block: they run on worker threads, never on the UI
// thread. Tests substitute fakes; the kiosk uses CurlHttpClient.
class HttpClient {
public:
    virtual ~HttpClient() = default;
    // `cancel`, when given and set (by another thread), aborts the transfer at once.
    virtual HttpResult perform(const HttpRequest& request, const std::atomic<bool>* cancel = nullptr) = 0;
};

// "ward-kiosk/<version> (kiosk <id>; ward <code>)": how the city's servers tell kiosks apart.
std::string userAgentFor(const Config& config);

// libcurl, with the city's rules: https only (plain http to loopback for the simulator),
// certificate verification always on (CA bundle from config), redirects only to https and at
// most three, the configured proxy (and never one from the environment), gzip, connect, total
// and low-speed timeouts, and a cap on the answer's size enforced while it arrives.
class CurlHttpClient final : public HttpClient {
public:
    // `userAgent` "" means "ward-kiosk/<version>"; the kiosk passes userAgentFor(config).
    explicit CurlHttpClient(Config::City city, std::string userAgent = {});
    HttpResult perform(const HttpRequest& request, const std::atomic<bool>* cancel = nullptr) override;

private:
    HttpResult performOnce(const HttpRequest& request, const std::atomic<bool>* cancel, std::string& redirectUrl);

    Config::City city_;
    std::string userAgent_;
    std::mutex handleMutex_;
    std::shared_ptr<void> handle_;  // a CURL easy handle
};

}  // namespace kiosk
