#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "domain/FeatureGroup.h"

namespace kiosk {

// One thing a resident can look up: a school, a health facility, a housing project, an agency
// or hotline, a heritage site or event, an administrative procedure. The common fields are
// columns of cache.db; what only one group needs goes in `attributes` (stored as JSON), with
// the keys listed below so screens and filters agree on them.
struct DirectoryEntry {
    std::int64_t id = 0;
    GroupId group = GroupId::Education;
    std::string kind;       // see the kinds below
    std::string name;
    std::string address;
    std::string wardCode;   // 2025 ward code when known
    std::string oldWard;    // pre-2025 ward/district as written in the source
    std::optional<double> latitude;
    std::optional<double> longitude;
    std::string phone;
    std::string website;
    std::string openingHours;
    std::string source;     // where the row comes from (dataset and URL)
    std::string updatedAt;  // ISO date the source was taken
    bool sample = false;    // synthetic example data: the screen labels it "dữ liệu mẫu"
    std::map<std::string, std::string> attributes;

    std::string attribute(const std::string& key) const {
        const auto it = attributes.find(key);
        return it == attributes.end() ? std::string() : it->second;
    }
};

// Kinds and attribute keys per group. Any group may also carry: email.
namespace kinds {
// Education: level = "mam_non" | "tieu_hoc" | "thcs" | "thpt" | "gdtx" | "nghe" | "cao_dang" | "dai_hoc"
//            (comma-separated when a school teaches several; "dai_hoc" also for học viện and nhạc viện),
//            ownership = "cong_lap" | "tu_thuc" | "dan_lap", school_code, category, education_office
inline constexpr const char* kSchool = "school";
// Health: facility_type ("benh_vien", "phong_kham", "nha_khoa", "y_hoc_co_truyen", "trung_tam_y_te", "tram_y_te",
//         "other": from the name's prefix), license_no, license_issuer, license_date (when known),
//         new_name (2025 rename)
inline constexpr const char* kHealthFacility = "health_facility";
// Construction: developer, status, location (housing project); certificate_no, holder, expiry (broker)
inline constexpr const char* kHousingProject = "housing_project";
inline constexpr const char* kBrokerCertificate = "broker_certificate";
// Agencies: number, area_served, description
inline constexpr const char* kHotline = "hotline";
inline constexpr const char* kAgency = "agency";
inline constexpr const char* kWard = "ward";  // area_served: the old wards merged into it
// Tourism: heritage_type, ranking_level, ranking_decision (places); start_date, end_date, place (events);
//          category = "di_tich" | "diem_den" | "mua_sam" | "hiep_hoi" (places);
//          edition, timing_note, organizer (events)
inline constexpr const char* kPlace = "place";
inline constexpr const char* kEvent = "event";
// Public services: code, field, processing_time, fees (the full record is in the procedures table)
inline constexpr const char* kProcedure = "procedure";
}  // namespace kinds

}  // namespace kiosk
