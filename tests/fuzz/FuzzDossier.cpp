// The public-service portal's answers (DOSSIER.md): one dossier, a resident's list, the answer
// to a rating; and a dossier code as typed or scanned. The first byte picks which.
#include "FuzzInput.h"
#include "dossier/Dossier.h"
#include "feedback/Rating.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    kiosk::fuzz::FuzzInput in(data, size);
    const std::uint8_t which = in.byte();
    const long status = kiosk::fuzz::statusFrom(in.byte());
    const std::string_view body = in.rest();
    std::string error;
    switch (which % 4) {
        case 0: (void)kiosk::dossier::parseDossier(body, "H29.22-261120-0001", error); break;
        case 1: {
            std::size_t skipped = 0;
            (void)kiosk::dossier::parseDossierList(body, skipped, error);
            break;
        }
        case 2: (void)kiosk::parseRatingAnswer(status, body); break;
        default: {
            // A canonical code is its own canonical form.
            const std::string code = kiosk::dossier::normalizeCode(body);
            if (!code.empty() && kiosk::dossier::normalizeCode(code) != code) kiosk::fuzz::broken(__FILE__, __LINE__);
            break;
        }
    }
    return 0;
}
