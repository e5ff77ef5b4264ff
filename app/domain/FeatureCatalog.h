#pragma once
#include <string>
#include <vector>

#include "domain/FeatureGroup.h"

namespace kiosk {

// What the kiosk says about each feature group: its name in the city app, what it offers, and
// how a resident gets that service today. Strings are gettext msgids (English), marked with
// N_() and translated by the UI; resources/po/vi.po holds the city app's Vietnamese names.
struct FeatureGroupInfo {
    GroupId id;
    const char* name;      // the city app's name for the group
    const char* summary;   // one line under the title
    std::vector<const char*> offers;
    std::vector<const char*> today;  // where to get it now: counter, hotline, web, app
    std::string icon;      // file stem in resources/icons
};

class FeatureCatalog {
public:
    // The 12 groups in the city app's order, then "My services".
    static const std::vector<FeatureGroupInfo>& all();
    static const FeatureGroupInfo& get(GroupId id);
    // What "Dịch vụ của tôi" offers a resident who pinned nothing (issue 18): the services people
    // come to the ward office for, most asked first (reports to 1022, procedures and dossiers,
    // health), those among `enabled` only. The dossier lookup is inside PublicServices.
    static std::vector<GroupId> commonlyUsed(const std::vector<GroupId>& enabled);
};

}  // namespace kiosk
