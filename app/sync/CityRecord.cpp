#include "sync/CityRecord.h"

#include <nlohmann/json.hpp>

namespace kiosk {
namespace {
constexpr std::size_t kMaxIdBytes = 128;
constexpr std::size_t kMaxFieldBytes = 4096;
constexpr std::size_t kMaxAttributeBytes = 1024 * 1024;  // procedures carry their documents as JSON text
constexpr std::size_t kMaxAttributes = 64;

// Reads an optional string field; false (with reason) if present and not a sensible string.
bool readText(const nlohmann::json& json, const char* key, std::string& out, std::string& reason,
              std::size_t maxBytes = kMaxFieldBytes) {
    const auto it = json.find(key);
    if (it == json.end() || it->is_null()) return true;
    if (!it->is_string()) {
        reason = std::string(key) + " is not a string";
        return false;
    }
    const auto& text = it->get_ref<const std::string&>();
    if (text.size() > maxBytes) {
        reason = std::string(key) + " is longer than " + std::to_string(maxBytes) + " bytes";
        return false;
    }
    out = text;
    return true;
}

bool readCoordinate(const nlohmann::json& json, const char* key, double limit, std::optional<double>& out,
                    std::string& reason) {
    const auto it = json.find(key);
    if (it == json.end() || it->is_null()) return true;
    if (!it->is_number()) {
        reason = std::string(key) + " is not a number";
        return false;
    }
    const double value = it->get<double>();
    if (!(value >= -limit && value <= limit)) {
        reason = std::string(key) + " is out of range";
        return false;
    }
    out = value;
    return true;
}
}  // namespace

nlohmann::json encodeCityRecord(const std::string& id, const DirectoryEntry& e) {
    nlohmann::json json = {{"id", id},          {"group", toString(e.group)}, {"kind", e.kind},
                           {"name", e.name},    {"address", e.address},       {"ward_code", e.wardCode},
                           {"old_ward", e.oldWard}, {"phone", e.phone},       {"website", e.website},
                           {"hours", e.openingHours}, {"source", e.source},   {"updated_at", e.updatedAt},
                           {"sample", e.sample}};
    if (e.latitude) json["lat"] = *e.latitude;
    if (e.longitude) json["lon"] = *e.longitude;
    json["attributes"] = nlohmann::json::object();
    for (const auto& [key, value] : e.attributes) json["attributes"][key] = value;
    return json;
}

bool decodeCityRecord(const nlohmann::json& json, GroupId expectedGroup, CityRecord& out, std::string& reason) {
    out = CityRecord{};
    if (!json.is_object()) {
        reason = "record is not an object";
        return false;
    }
    if (!readText(json, "id", out.id, reason, kMaxIdBytes)) return false;
    if (out.id.empty()) {
        reason = "record has no id";
        return false;
    }
    std::string group;
    if (!readText(json, "group", group, reason, 32)) return false;
    const auto groupId = groupFromString(group);
    if (!groupId) {
        reason = "unknown group \"" + group + "\"";
        return false;
    }
    if (*groupId != expectedGroup) {
        reason = "group " + group + " does not belong to this dataset";
        return false;
    }
    auto& e = out.entry;
    e.group = *groupId;
    if (!readText(json, "kind", e.kind, reason, 64) || !readText(json, "name", e.name, reason) ||
        !readText(json, "address", e.address, reason) || !readText(json, "ward_code", e.wardCode, reason, 16) ||
        !readText(json, "old_ward", e.oldWard, reason) || !readText(json, "phone", e.phone, reason) ||
        !readText(json, "website", e.website, reason) || !readText(json, "hours", e.openingHours, reason) ||
        !readText(json, "source", e.source, reason) || !readText(json, "updated_at", e.updatedAt, reason, 64) ||
        !readCoordinate(json, "lat", 90.0, e.latitude, reason) ||
        !readCoordinate(json, "lon", 180.0, e.longitude, reason))
        return false;
    if (e.kind.empty() || e.name.empty()) {
        reason = e.kind.empty() ? "record has no kind" : "record has no name";
        return false;
    }
    if (const auto it = json.find("sample"); it != json.end() && !it->is_null()) {
        if (!it->is_boolean()) {
            reason = "sample is not true or false";
            return false;
        }
        e.sample = it->get<bool>();
    }
    if (const auto it = json.find("attributes"); it != json.end() && !it->is_null()) {
        if (!it->is_object()) {
            reason = "attributes is not an object";
            return false;
        }
        if (it->size() > kMaxAttributes) {
            reason = "more than " + std::to_string(kMaxAttributes) + " attributes";
            return false;
        }
        for (const auto& [key, value] : it->items()) {
            if (key.empty() || key.size() > 64 || key.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
                reason = "attribute name \"" + key.substr(0, 64) + "\" is not allowed";
                return false;
            }
            if (!value.is_string() || value.get_ref<const std::string&>().size() > kMaxAttributeBytes) {
                reason = "attribute " + key + " is not a string of at most 1 MiB";
                return false;
            }
            e.attributes[key] = value.get<std::string>();
        }
    }
    return true;
}

}  // namespace kiosk
