#pragma once
// The simulated public-service portal's dossier lookup (app/dossier/DOSSIER.md), served by
// CitySimServer under <baseUrl>/dvc/v1. Every dossier is SYNTHETIC: invented codes, procedures,
// agencies and dates (received a few days before the simulator started), marked "(mô phỏng)".
// The resident's own list needs a VNeID access token from the simulator's OidcProvider; the
// simulated citizen owns some of the dossiers.
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace httplib {
class Server;
}

namespace citysim {

class OidcProvider;

class DossierSim {
public:
    struct Dossier {
        std::string code;
        std::string procedure;
        std::string agency;
        std::string status;  // received | processing | supplement | completed | returned | rejected
        std::string step;
        std::string receivedAt;
        std::string appointmentAt;  // "" for none
        std::string completedAt;    // "" until done
        std::string ownerCitizenId;
    };

    explicit DossierSim(const OidcProvider& oidc,
                        std::chrono::system_clock::time_point now = std::chrono::system_clock::now());
    void registerRoutes(httplib::Server& server);

    // POST /dvc/v1/dossiers/{code}/ratings (DOSSIER.md, "Rating"): one rating per dossier, only
    // of a completed one; a repeated Idempotency-Key gets the first answer again.
    struct Rating {
        std::string id;  // "DG-000001"
        std::string dossierCode;
        int level = 0;
        std::string comment;
        std::string ratedAt;
        std::string kioskId;
        std::string idempotencyKey;
    };
    std::vector<Rating> ratings() const;
    // Tests: every rating request answered 503 (the portal is down) while on.
    void setRatingsFailing(bool failing);
    std::size_t ratingRequests() const;  // POSTs received, answered or not

    std::vector<Dossier> dossiers() const;
    // Tests: change a dossier (by code); false if there is none.
    bool update(const Dossier& dossier);

private:
    const OidcProvider& oidc_;
    mutable std::mutex mutex_;
    std::vector<Dossier> dossiers_;
    struct Answer {
        int status = 0;
        std::string body;
    };
    std::vector<Rating> ratings_;
    std::map<std::string, Answer> answered_;  // by Idempotency-Key
    bool ratingsFailing_ = false;
    std::size_t ratingRequests_ = 0;
};

}  // namespace citysim
