// The identity provider's answers (OpenID Connect Discovery, RFC 8628, RFC 7517, RFC 7009) as
// OidcClient reads them: the fuzz input is the body of one answer, served by an HttpClient that
// answers every request with it. The first byte picks the exchange, the second the status.
#include "FuzzInput.h"
#include "auth/Jwks.h"
#include "auth/OidcClient.h"
#include "net/HttpClient.h"

#include <string>

namespace {

class OneAnswer final : public kiosk::HttpClient {
public:
    OneAnswer(long status, std::string contentType, std::string_view body)
        : status_(status), contentType_(std::move(contentType)), body_(body) {}
    kiosk::HttpResult perform(const kiosk::HttpRequest&, const std::atomic<bool>*) override {
        kiosk::HttpResult result;
        result.response.status = status_;
        result.response.headers["content-type"] = contentType_;
        result.response.body = std::string(body_);
        return result;
    }

private:
    long status_;
    std::string contentType_;
    std::string_view body_;
};

kiosk::ProviderMetadata provider() {
    kiosk::ProviderMetadata meta;
    meta.issuer = "https://id.example.vn";
    meta.deviceAuthorizationEndpoint = "https://id.example.vn/device";
    meta.tokenEndpoint = "https://id.example.vn/token";
    meta.jwksUri = "https://id.example.vn/jwks";
    meta.revocationEndpoint = "https://id.example.vn/revoke";
    return meta;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    kiosk::fuzz::FuzzInput in(data, size);
    const std::uint8_t which = in.byte();
    const std::uint8_t statusByte = in.byte();
    // Discovery must answer 200; the others also see the provider's errors (400 with a code).
    const long status = (statusByte & 0x80) != 0 ? kiosk::fuzz::statusFrom(statusByte) : 200;
    OneAnswer http(status, (statusByte & 0x40) != 0 ? "application/json; charset=utf-8" : "application/json", in.rest());
    kiosk::OidcClient client(http, "https://id.example.vn", "ward-kiosk", "openid profile");
    std::string error;
    switch (which % 5) {
        case 0: (void)client.discover(error); break;
        case 1: (void)client.authorizeDevice(provider(), error); break;
        case 2: (void)client.poll(provider(), "device-code-1"); break;
        case 3:
            if (const auto document = client.fetchJwks(provider(), error)) {
                if (const auto set = kiosk::Jwks::parse(*document, error)) (void)set->hasKid("k1");
            }
            break;
        default: (void)client.revoke(provider(), "access-token", "access_token", error); break;
    }
    return 0;
}
