#include "domain/FeatureGroup.h"

#include <array>
#include <utility>

namespace kiosk {
namespace {
constexpr std::array<std::pair<GroupId, std::string_view>, 13> kIds{{
    {GroupId::Feedback, "feedback"},
    {GroupId::Education, "education"},
    {GroupId::Health, "health"},
    {GroupId::Tourism, "tourism"},
    {GroupId::Transport, "transport"},
    {GroupId::Construction, "construction"},
    {GroupId::Agencies, "agencies"},
    {GroupId::PublicServices, "public_services"},
    {GroupId::Map, "map"},
    {GroupId::Account, "account"},
    {GroupId::Vneid, "vneid"},
    {GroupId::News, "news"},
    {GroupId::MyServices, "my_services"},
}};
}  // namespace

std::string_view toString(GroupId id) {
    for (const auto& [g, name] : kIds)
        if (g == id) return name;
    return "unknown";
}

std::optional<GroupId> groupFromString(std::string_view id) {
    for (const auto& [g, name] : kIds)
        if (name == id) return g;
    return std::nullopt;
}

}  // namespace kiosk
