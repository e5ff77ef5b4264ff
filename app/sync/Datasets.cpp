#include "sync/Datasets.h"

namespace kiosk {

const std::vector<DatasetInfo>& knownDatasets() {
    static const std::vector<DatasetInfo> datasets = {
        {"schools", GroupId::Education},
        {"health-facilities", GroupId::Health},
        {"tourism-places", GroupId::Tourism},
        {"tourism-events", GroupId::Tourism},
        {"ward-offices", GroupId::Agencies},
        {"hotlines", GroupId::Agencies},
        {"procedures", GroupId::PublicServices},
        {"construction", GroupId::Construction},
    };
    return datasets;
}

std::optional<DatasetInfo> datasetInfo(std::string_view id) {
    for (const auto& info : knownDatasets())
        if (info.id == id) return info;
    return std::nullopt;
}

std::string_view datasetOf(const DirectoryEntry& entry) {
    switch (entry.group) {
    case GroupId::Education: return "schools";
    case GroupId::Health: return "health-facilities";
    case GroupId::Tourism: return entry.kind == kinds::kEvent ? "tourism-events" : "tourism-places";
    case GroupId::Agencies: return entry.kind == kinds::kHotline ? "hotlines" : "ward-offices";
    case GroupId::PublicServices: return "procedures";
    case GroupId::Construction: return "construction";
    default: return "other";
    }
}

}  // namespace kiosk
