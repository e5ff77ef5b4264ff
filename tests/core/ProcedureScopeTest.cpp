// Issue 18: "Dịch vụ công" opens on the ward's common procedures, chosen by what the national
// catalogue itself says of each (level, applicants, field), read from the bundled crawl.
#include <boost/test/unit_test.hpp>

#include <map>
#include <set>
#include <string>

#include "TestPaths.h"
#include "directory/ProcedureParser.h"
#include "directory/ProcedureScope.h"

using namespace kiosk;

namespace {

const std::map<std::string, Procedure>& byName() {
    static const auto procedures = [] {
        std::map<std::string, Procedure> out;
        for (auto& p : ProcedureParser::loadFile(test::resourcesDir() / "data" / "procedures_cap_xa.jsonl").procedures)
            out.emplace(p.name, p);
        return out;
    }();
    return procedures;
}

std::string scopeOf(const std::string& name) {
    const auto it = byName().find(name);
    BOOST_TEST_REQUIRE((it != byName().end()), "not in the bundled catalogue: " << name);
    return procedureScope(it->second);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(procedure_scope)

BOOST_AUTO_TEST_CASE(the_wards_everyday_procedures_are_common) {
    BOOST_TEST(scopeOf("Thủ tục đăng ký khai sinh") == "common,ho_tich");
    BOOST_TEST(scopeOf("Thủ tục đăng ký kết hôn") == "common,ho_tich");
    BOOST_TEST(scopeOf("Thủ tục đăng ký khai tử") == "common,ho_tich");
    BOOST_TEST(scopeOf("Đăng ký thường trú") == "common,cu_tru");
    BOOST_TEST(scopeOf("Đăng ký tạm trú") == "common,cu_tru");
    BOOST_TEST(scopeOf("Chứng thực di chúc") == "common,chung_thuc");
    const auto& permits = byName();
    std::size_t buildingPermits = 0;
    for (const auto& [name, p] : permits)
        if (name.rfind("Cấp giấy phép xây dựng", 0) == 0) {
            BOOST_TEST(isWardConstructionProcedure(p), name);
            ++buildingPermits;
        }
    BOOST_TEST(buildingPermits >= 2u);
}

BOOST_AUTO_TEST_CASE(what_a_ministry_or_the_province_also_handles_or_residents_do_not_file_is_not) {
    BOOST_TEST(scopeOf("Bán nhà ở cũ thuộc tài sản công").empty());  // Cấp bộ, Cấp tỉnh, Cấp xã
    BOOST_TEST(scopeOf("Thủ tục đăng ký kết hôn có yếu tố nước ngoài tại khu vực biên giới").empty());
    for (const auto& [name, p] : byName()) {
        if (p.field == "Hải quan" || p.field == "Thuế") BOOST_TEST(procedureScope(p).empty(), name);
        if (!procedureScope(p).empty()) {
            BOOST_TEST((p.level == "Cấp xã" || p.level == "Cấp xã, Cơ quan khác"), name);
            BOOST_TEST(p.applicants.find("Công dân Việt Nam") != std::string::npos, name);
        }
    }
}

BOOST_AUTO_TEST_CASE(the_fields_fit_in_a_row_of_chips_and_each_has_procedures) {
    std::map<std::string, std::size_t> perField;
    std::size_t common = 0;
    for (const auto& [name, p] : byName()) {
        const auto scope = procedureScope(p);
        if (scope.empty()) continue;
        ++common;
        BOOST_TEST_REQUIRE(scope.rfind("common,", 0) == 0u, scope);
        ++perField[scope.substr(7)];
    }
    BOOST_TEST_MESSAGE(common << " common procedures of " << byName().size());
    BOOST_TEST(common >= 80u);
    BOOST_TEST(common < byName().size() / 2);  // a short list, not the catalogue again
    std::set<std::string> slugs;
    for (const auto& f : kWardFields) slugs.insert(f.slug);
    BOOST_TEST(slugs.size() <= 9u);  // with "Thường gặp" and "Toàn bộ danh mục": one row of chips
    for (const auto& slug : slugs) BOOST_TEST(perField[slug] > 0u, slug);
}

BOOST_AUTO_TEST_CASE(a_record_is_judged_by_its_own_fields_only) {
    Procedure p;
    p.name = "Thủ tục đăng ký khai sinh";
    p.field = "Hộ tịch";
    p.level = "Cấp xã";
    p.applicants = "Công dân Việt Nam";
    BOOST_TEST(procedureScope(p) == "common,ho_tich");
    p.level = "Cấp tỉnh, Cấp xã";
    BOOST_TEST(procedureScope(p).empty());
    p.level = "Cấp xã, Cơ quan khác";
    BOOST_TEST(procedureScope(p) == "common,ho_tich");
    p.applicants = "Doanh nghiệp";
    BOOST_TEST(procedureScope(p).empty());
    p.applicants = "Doanh nghiệp, Công dân Việt Nam";
    p.field = "Hộ tịch ";  // not the catalogue's words exactly
    BOOST_TEST(procedureScope(p).empty());
    p.field = "Nhà ở và công sở";
    BOOST_TEST(isWardConstructionProcedure(p));
}

BOOST_AUTO_TEST_SUITE_END()
