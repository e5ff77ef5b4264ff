// Every Open311 answer the kiosk reads (OPEN311.md): services, a service definition, request
// statuses, the answer to a POST, a token lookup, and the outbox's own JSON columns. The first
// byte picks the parser, the second the HTTP status where there is one.
#include "FuzzInput.h"
#include "feedback/Open311.h"

#include <string>
#include <vector>

using namespace kiosk::open311;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    kiosk::fuzz::FuzzInput in(data, size);
    const std::uint8_t which = in.byte();
    const long status = kiosk::fuzz::statusFrom(in.byte());
    const std::string_view body = in.rest();
    static const std::vector<std::string> codes = {"LOCATION", "SEVERITY", "PHOTO_URL"};
    switch (which % 8) {
        case 0: (void)parseServices(body); break;
        case 1: (void)parseServiceDefinition(body); break;
        case 2: (void)parseServiceDefinition(body, "VSMT-01"); break;
        case 3: (void)parseRequests(body); break;
        case 4: {
            const SubmitAnswer answer = parseSubmitAnswer(status, body, codes);
            // What is kept in the outbox must read back as it was written.
            const auto again = errorsFromJson(errorsToJson(answer.errors));
            if (again.size() != answer.errors.size()) kiosk::fuzz::broken(__FILE__, __LINE__);
            break;
        }
        case 5: (void)parseTokenAnswer(status, body, "tok-1"); break;
        case 6: (void)errorsFromJson(body); break;
        default: {
            const auto attributes = attributesFromJson(body);
            (void)attributesFromJson(attributesToJson(attributes));
            break;
        }
    }
    return 0;
}
