#pragma once
#include <string>
#include <string_view>

#include "directory/Procedure.h"

namespace kiosk {

// Which procedures "Dịch vụ công" opens on (issue 18): the ward's common ones, as the national
// catalogue marks them, not the whole A–Z catalogue of everything any ward may be asked.
//
// A procedure is common at the ward when the catalogue says
//   - the ward handles it ("cap_thuc_hien" is "Cấp xã", alone or with "Cơ quan khác"; not one a
//     ministry or the province also handles, such as selling state-owned housing);
//   - residents file it ("doi_tuong_thuc_hien" names "Công dân Việt Nam");
//   - it is in one of the fields residents come to the ward for (kWardFields);
//   - it is not one of the border-area procedures for residents beside a neighbouring
//     country's border, which Ho Chi Minh City does not have.
// Nothing is invented: every test reads a field of the catalogue's own record.
struct WardField {
    const char* slug;            // the filter value ("ho_tich"); the screen labels it
    const char* catalogueField;  // "linh_vuc" exactly as the catalogue writes it
};
inline constexpr WardField kWardFields[] = {
    {"ho_tich", "Hộ tịch"},
    {"chung_thuc", "Chứng thực"},
    {"cu_tru", "Đăng ký, quản lý cư trú"},
    {"can_cuoc", "Cấp, quản lý căn cước"},
    {"dat_dai", "Đất đai"},
    {"xay_dung", "Hoạt động xây dựng"},
    {"xay_dung", "Nhà ở và công sở"},
    {"nuoi_con_nuoi", "Nuôi con nuôi"},
    {"giam_ngheo", "Giảm nghèo"},
};

inline constexpr std::string_view kCommonScope = "common";

// "common,ho_tich" for a common procedure (the attribute "scope", filtered as a comma list),
// "" for the others.
std::string procedureScope(const Procedure& procedure);

// A common procedure of building and housing: also listed under "Xây dựng".
bool isWardConstructionProcedure(const Procedure& procedure);

}  // namespace kiosk
