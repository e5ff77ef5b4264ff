#include "directory/ProcedureScope.h"

namespace kiosk {
namespace {

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

const char* fieldSlug(const std::string& field) {
    for (const auto& f : kWardFields)
        if (field == f.catalogueField) return f.slug;
    return nullptr;
}

}  // namespace

std::string procedureScope(const Procedure& p) {
    const bool atTheWard = p.level == "Cấp xã" || p.level == "Cấp xã, Cơ quan khác";
    const bool forResidents = contains(p.applicants, "Công dân Việt Nam");
    const bool borderArea = contains(p.name, "khu vực biên giới");
    const char* slug = fieldSlug(p.field);
    if (!atTheWard || !forResidents || borderArea || !slug) return {};
    return std::string(kCommonScope) + "," + slug;
}

bool isWardConstructionProcedure(const Procedure& p) {
    return procedureScope(p) == std::string(kCommonScope) + ",xay_dung";
}

}  // namespace kiosk
