#pragma once
#include <optional>
#include <string_view>

namespace kiosk {

// The 12 feature groups of the city's "Công dân số" app, in the app's own order, plus the
// resident's own page of pinned groups. The string ids are the ones used in kiosk.toml.
enum class GroupId {
    Feedback,
    Education,
    Health,
    Tourism,
    Transport,
    Construction,
    Agencies,
    PublicServices,
    Map,
    Account,
    Vneid,
    News,
    MyServices,
};

inline constexpr int kFeatureGroupCount = 12;

std::string_view toString(GroupId id);
std::optional<GroupId> groupFromString(std::string_view id);

}  // namespace kiosk
