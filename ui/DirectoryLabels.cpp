#include "DirectoryLabels.h"

#include <wx/intl.h>

#include <algorithm>

#include "Translations.h"
#include "core/LabelTable.h"

namespace kiosk::ui {

namespace {
constexpr LabelTable kFilterValues({
        {"level:mam_non", wxTRANSLATE("Kindergarten")},
        {"level:tieu_hoc", wxTRANSLATE("Primary")},
        {"level:thcs", wxTRANSLATE("Lower secondary")},
        {"level:thpt", wxTRANSLATE("Upper secondary")},
        {"level:gdtx", wxTRANSLATE("Continuing education")},
        {"level:nghe", wxTRANSLATE("Vocational")},
        {"level:cao_dang", wxTRANSLATE("College")},
        {"level:dai_hoc", wxTRANSLATE("University")},
        {"facility_type:benh_vien", wxTRANSLATE("Hospitals")},
        {"facility_type:phong_kham", wxTRANSLATE("Clinics")},
        {"facility_type:nha_khoa", wxTRANSLATE("Dental")},
        {"facility_type:y_hoc_co_truyen", wxTRANSLATE("Traditional medicine")},
        {"facility_type:trung_tam_y_te", wxTRANSLATE("Health centres")},
        {"facility_type:tram_y_te", wxTRANSLATE("Health stations")},
        {"facility_type:other", wxTRANSLATE("Other facilities")},
        {"ownership:cong_lap", wxTRANSLATE("Public")},
        {"ownership:tu_thuc", wxTRANSLATE("Private")},
        {"ownership:dan_lap", wxTRANSLATE("Community-run")},
        {"category:di_tich", wxTRANSLATE("Heritage site")},
        {"category:diem_den", wxTRANSLATE("Destination")},
        {"category:mua_sam", wxTRANSLATE("Shopping")},
        {"category:hiep_hoi", wxTRANSLATE("Association")},
        // The ward's common procedures by field (app/directory/ProcedureScope.h).
        {"scope:common", wxTRANSLATE("Common at the ward")},
        {"scope:ho_tich", wxTRANSLATE("Birth, marriage, death")},
        {"scope:cu_tru", wxTRANSLATE("Residence")},
        {"scope:chung_thuc", wxTRANSLATE("Certified copies")},
        {"scope:can_cuoc", wxTRANSLATE("Citizen ID card")},
        {"scope:dat_dai", wxTRANSLATE("Land")},
        {"scope:xay_dung", wxTRANSLATE("Building and housing")},
        {"scope:nuoi_con_nuoi", wxTRANSLATE("Adoption")},
        {"scope:giam_ngheo", wxTRANSLATE("Poverty support")},
});

constexpr LabelTable kKinds({
        {"school", wxTRANSLATE("School")},
        {"health_facility", wxTRANSLATE("Health facility")},
        {"housing_project", wxTRANSLATE("Housing project")},
        {"broker_certificate", wxTRANSLATE("Broker certificate")},
        {"hotline", wxTRANSLATE("Hotline")},
        {"agency", wxTRANSLATE("Agency")},
        {"ward", wxTRANSLATE("Ward People's Committee")},
        {"place", wxTRANSLATE("Places to visit")},
        {"event", wxTRANSLATE("Festivals and events")},
        {"procedure", wxTRANSLATE("Procedure")},
});

// Attribute names that mean something different for one kind of entry, keyed "kind:attribute";
// looked up before the general table below.
constexpr LabelTable kKindAttributes({
        {"school:category", wxTRANSLATE("Type of school")},
        {"place:category", wxTRANSLATE("Category")},
        {"procedure:code", wxTRANSLATE("Procedure code")},
        {"housing_project:status", wxTRANSLATE("Status")},
});

constexpr LabelTable kAttributes({
        {"level", wxTRANSLATE("Level")},
        {"ownership", wxTRANSLATE("Public or private")},
        {"school_code", wxTRANSLATE("School code")},
        {"education_office", wxTRANSLATE("Education office")},
        {"facility_type", wxTRANSLATE("Type of facility")},
        {"license_no", wxTRANSLATE("Operating license")},
        {"license_issuer", wxTRANSLATE("License issued by")},
        {"license_date", wxTRANSLATE("License date")},
        {"new_name", wxTRANSLATE("Name since 2025")},
        {"developer", wxTRANSLATE("Developer")},
        {"location", wxTRANSLATE("Location")},
        {"certificate_no", wxTRANSLATE("Certificate number")},
        {"holder", wxTRANSLATE("Holder")},
        {"expiry", wxTRANSLATE("Valid until")},
        {"number", wxTRANSLATE("Number")},
        {"area_served", wxTRANSLATE("Area served (wards before 2025)")},
        {"description", wxTRANSLATE("Description")},
        {"heritage_type", wxTRANSLATE("Type of heritage")},
        {"ranking_level", wxTRANSLATE("Ranking")},
        {"ranking_decision", wxTRANSLATE("Ranking decision")},
        {"start_date", wxTRANSLATE("From")},
        {"end_date", wxTRANSLATE("Until")},
        {"place", wxTRANSLATE("Place")},
        {"field", wxTRANSLATE("Field")},
        {"processing_time", wxTRANSLATE("Processing time")},
        {"fees", wxTRANSLATE("Fees")},
        {"agency", wxTRANSLATE("Handled by")},
        {"where_to_submit", wxTRANSLATE("Where to submit")},
        {"applicants", wxTRANSLATE("Who can apply")},
        {"conditions", wxTRANSLATE("Conditions")},
        {"result", wxTRANSLATE("Result")},
        {"category", wxTRANSLATE("Category")},
        {"status", wxTRANSLATE("Status")},
        {"edition", wxTRANSLATE("Edition")},
        {"timing_note", wxTRANSLATE("When")},
        {"organizer", wxTRANSLATE("Organiser")},
        {"email", wxTRANSLATE("Email")},
});
}  // namespace

wxString filterValueLabel(const std::string& key, const std::string& value) {
    if (const char* text = kFilterValues.find(key + ":" + value)) return wxGetTranslation(text);
    return utf8(value);
}

wxString filterValuesLabel(const std::string& key, const std::string& commaList, const wxString& separator) {
    wxString out;
    size_t start = 0;
    while (start < commaList.size()) {
        const size_t comma = std::min(commaList.find(',', start), commaList.size());
        if (comma > start) {
            if (!out.empty()) out += separator;
            out += filterValueLabel(key, commaList.substr(start, comma - start));
        }
        start = comma + 1;
    }
    return out;
}

wxString kindLabel(const std::string& kind) {
    if (const char* text = kKinds.find(kind)) return wxGetTranslation(text);
    return utf8(kind);
}

wxString attributeLabel(const std::string& kind, const std::string& key) {
    if (const char* text = kKindAttributes.find(kind + ":" + key)) return wxGetTranslation(text);
    if (const char* text = kAttributes.find(key)) return wxGetTranslation(text);
    return {};
}

wxString displayDate(const std::string& isoDate) {
    if (isoDate.size() == 10 && isoDate[4] == '-' && isoDate[7] == '-')
        return utf8(isoDate.substr(8, 2) + "/" + isoDate.substr(5, 2) + "/" + isoDate.substr(0, 4));
    return utf8(isoDate);
}

}  // namespace kiosk::ui
