#include "net/HttpClient.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

#include "net/Url.h"

namespace kiosk {

std::string_view toString(HttpFailure failure) {
    switch (failure) {
        case HttpFailure::None: return "none";
        case HttpFailure::Refused: return "refused";
        case HttpFailure::Connect: return "connect";
        case HttpFailure::Timeout: return "timeout";
        case HttpFailure::TooLarge: return "too-large";
        case HttpFailure::Tls: return "tls";
        case HttpFailure::Network: return "network";
        case HttpFailure::Cancelled: return "cancelled";
    }
    return "unknown";
}

bool isJsonMediaType(std::string_view contentType) {
    // type "/" subtype *( OWS ";" OWS parameter ), case-insensitive (RFC 9110 §8.3.1); the
    // parameters (charset=UTF-8, …) say nothing about whether it is JSON.
    std::string_view type = contentType.substr(0, contentType.find(';'));
    const auto isSpace = [](char c) { return c == ' ' || c == '\t'; };
    while (!type.empty() && isSpace(type.front())) type.remove_prefix(1);
    while (!type.empty() && isSpace(type.back())) type.remove_suffix(1);
    std::string lower(type);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    constexpr std::string_view kApplication = "application/";
    if (!lower.starts_with(kApplication)) return false;
    const std::string_view subtype = std::string_view(lower).substr(kApplication.size());
    if (subtype == "json") return true;
    // A structured syntax suffix (RFC 6839 §3.1): a registered name before "+json", made of
    // RFC 6838 restricted-name characters.
    constexpr std::string_view kSuffix = "+json";
    if (subtype.size() <= kSuffix.size() || !subtype.ends_with(kSuffix)) return false;
    const std::string_view name = subtype.substr(0, subtype.size() - kSuffix.size());
    if (!std::isalnum(static_cast<unsigned char>(name.front()))) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$&-^_.+").find(c) != std::string_view::npos;
    });
}

bool HttpResponse::isJson() const { return isJsonMediaType(header("content-type")); }

namespace {
struct Transfer {
    HttpResponse* response;
    std::size_t maxBody;
    bool tooLarge = false;
    const std::atomic<bool>* cancel;
};

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    const std::size_t bytes = size * count;
    if (transfer->response->body.size() + bytes > transfer->maxBody) {
        transfer->tooLarge = true;
        return 0;  // makes curl stop with CURLE_WRITE_ERROR: nothing more is read or kept
    }
    transfer->response->body.append(data, bytes);
    return bytes;
}

std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    const std::size_t bytes = size * count;
    std::string line(data, bytes);
    if (line.starts_with("HTTP/")) transfer->response->headers.clear();  // a new response (after a redirect)
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        std::string value = line.substr(colon + 1);
        const auto first = value.find_first_not_of(" \t");
        const auto last = value.find_last_not_of(" \t\r\n");
        value = first == std::string::npos ? std::string() : value.substr(first, last - first + 1);
        transfer->response->headers[name] = value;
    }
    return bytes;
}

int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* transfer = static_cast<Transfer*>(user);
    return transfer->cancel && transfer->cancel->load() ? 1 : 0;
}

struct EasyDeleter {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct ListDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

std::string defaultUserAgent() {
    return "ward-kiosk/" KIOSK_VERSION;
}

std::string userAgentFor(const Config& config) {
    return defaultUserAgent() + " (kiosk " + config.kiosk.id + "; ward " + config.kiosk.wardCode + ")";
}

CurlHttpClient::CurlHttpClient(Config::City city, std::string userAgent)
    : city_(std::move(city)), userAgent_(userAgent.empty() ? defaultUserAgent() : std::move(userAgent)) {
    // curl_global_init is not thread-safe in every libcurl build: do it once, before any
    // thread makes a handle.
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    handle_ = std::shared_ptr<void>(curl_easy_init(), [](void* h) { curl_easy_cleanup(h); });
}

HttpResult CurlHttpClient::perform(const HttpRequest& request, const std::atomic<bool>* cancel) {
    // Redirects are followed here, not by curl, so every hop passes the same rule as the first
    // URL (https, or http to loopback) and never reaches another scheme or a plain-http host.
    static constexpr int kMaxRedirects = 3;
    HttpRequest current = request;
    for (int hop = 0;; ++hop) {
        std::string location;
        HttpResult result = performOnce(current, cancel, location);
        const long status = result.response.status;
        if (!result.ok() || status < 300 || status > 399 || status == 304 || location.empty()) return result;
        auto refuse = [&](const std::string& why) {
            HttpResult refused;
            refused.failure = HttpFailure::Refused;
            refused.response.status = status;
            refused.detail = request.url + ": " + why;
            return refused;
        };
        if (hop == kMaxRedirects) return refuse("more than " + std::to_string(kMaxRedirects) + " redirects");
        if (auto reason = checkCityUrl(location); !reason.empty())
            return refuse("redirected to " + location + ", refused: " + reason);
        const auto from = parseUrl(current.url);
        const auto to = parseUrl(location);
        if (!from || !to || from->host != to->host || from->scheme != to->scheme) {
            // Credentials are for the host they were meant for.
            std::erase_if(current.headers, [](const auto& header) {
                std::string name = header.first;
                std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
                return name == "authorization" || name == "cookie";
            });
        }
        if ((status == 301 || status == 302 || status == 303) && current.method != "GET" && current.method != "HEAD") {
            current.method = "GET";
            current.body.clear();
        }
        current.url = location;
    }
}

HttpResult CurlHttpClient::performOnce(const HttpRequest& request, const std::atomic<bool>* cancel,
                                       std::string& redirectUrl) {
    HttpResult result;
    if (auto reason = checkCityUrl(request.url); !reason.empty()) {
        result.failure = HttpFailure::Refused;
        result.detail = request.url + ": " + reason;
        return result;
    }
    // The client's own handle, reset between requests, keeps curl's connection cache, so the
    // pages of a sync reuse one connection. A second thread using the same client at the same
    // moment gets a handle of its own for that request.
    std::unique_lock lock(handleMutex_, std::try_to_lock);
    std::unique_ptr<CURL, EasyDeleter> spare;
    CURL* h = nullptr;
    if (lock.owns_lock() && handle_) {
        h = handle_.get();
        curl_easy_reset(h);
    } else {
        spare.reset(curl_easy_init());
        h = spare.get();
    }
    if (!h) {
        result.failure = HttpFailure::Network;
        result.detail = "curl_easy_init failed";
        return result;
    }
    const auto parts = parseUrl(request.url);
    const bool loopbackHttp = parts && parts->scheme == "http";  // checkCityUrl allowed it: loopback
    Transfer transfer{&result.response, request.maxBodyBytes, false, cancel};
    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, loopbackHttp ? "http,https" : "https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);  // see perform()
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!city_.caBundle.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, city_.caBundle.c_str());
    curl_easy_setopt(h, CURLOPT_PROXY, city_.proxy.c_str());  // "" also ignores proxy variables
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");         // gzip/deflate/br, decoded by curl
    curl_easy_setopt(h, CURLOPT_USERAGENT, userAgent_.c_str());
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(city_.connectTimeout.count()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(request.timeout.count()));
    // A connection that trickles (under 100 bytes/s for 15 s) is as good as dead.
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 100L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, 15L);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.maxBodyBytes));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, onProgress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    std::unique_ptr<curl_slist, ListDeleter> headers;
    for (const auto& [name, value] : request.headers) {
        const std::string line = name + ": " + value;
        headers.reset(curl_slist_append(headers.release(), line.c_str()));
    }
    if (headers) curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    if (request.method == "GET") {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        if (request.method == "POST" || !request.body.empty()) {
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        }
    }

    const CURLcode code = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &result.response.status);
    if (code == CURLE_OK) {
        const char* location = nullptr;
        if (curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &location) == CURLE_OK && location) redirectUrl = location;
        return result;
    }
    result.detail = request.url + ": " + curl_easy_strerror(code);
    if (transfer.tooLarge || code == CURLE_FILESIZE_EXCEEDED) {
        result.failure = HttpFailure::TooLarge;
        result.detail = request.url + ": answer larger than " + std::to_string(request.maxBodyBytes) + " bytes";
        result.response.body.clear();
        result.response.body.shrink_to_fit();
    } else if (code == CURLE_ABORTED_BY_CALLBACK) {
        result.failure = HttpFailure::Cancelled;
    } else if (code == CURLE_OPERATION_TIMEDOUT) {
        result.failure = HttpFailure::Timeout;
    } else if (code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_COULDNT_RESOLVE_PROXY) {
        result.failure = HttpFailure::Connect;
    } else if (code == CURLE_SSL_CONNECT_ERROR || code == CURLE_PEER_FAILED_VERIFICATION ||
               code == CURLE_SSL_CACERT_BADFILE || code == CURLE_SSL_CERTPROBLEM) {
        result.failure = HttpFailure::Tls;
    } else if (code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_TOO_MANY_REDIRECTS) {
        result.failure = HttpFailure::Refused;
    } else {
        result.failure = HttpFailure::Network;
    }
    return result;
}

}  // namespace kiosk
