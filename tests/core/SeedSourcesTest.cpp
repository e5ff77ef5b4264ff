#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "TestPaths.h"
#include "directory/SeedSources.h"
#include "storage/CsvReader.h"

using namespace kiosk;

namespace {

std::filesystem::path dataDir() { return test::resourcesDir() / "data"; }

const DirectoryEntry* findByName(const std::vector<DirectoryEntry>& entries, const std::string& name) {
    const auto it =
        std::find_if(entries.begin(), entries.end(), [&](const DirectoryEntry& e) { return e.name == name; });
    return it == entries.end() ? nullptr : &*it;
}

const DirectoryEntry* findByAttribute(const std::vector<DirectoryEntry>& entries, const std::string& key,
                                      const std::string& value) {
    const auto it = std::find_if(entries.begin(), entries.end(),
                                 [&](const DirectoryEntry& e) { return e.attribute(key) == value; });
    return it == entries.end() ? nullptr : &*it;
}

std::size_t countWith(const std::vector<DirectoryEntry>& entries, const std::string& key, const std::string& value) {
    return static_cast<std::size_t>(std::count_if(entries.begin(), entries.end(), [&](const DirectoryEntry& e) {
        return value.empty() ? !e.attribute(key).empty() : e.attribute(key) == value;
    }));
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void write(const std::filesystem::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary) << text;
}

void copyData(const std::filesystem::path& to, std::initializer_list<const char*> files) {
    for (const char* file : files) std::filesystem::copy_file(dataDir() / file, to / file);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(seed_sources)

// Counts measured on the bundled files. Schools: 4,227 K-12/GDTX rows + 60 universities and colleges +
// 1 tourism-training institution (Kent) that is not in the university list; the other 12 complete the
// university row with the same website. Health: 9,340 register rows, 78 of them with no facility name.
// Tourism: 103 heritage sites + 24 destinations + 55 shopping venues + 1 association + 24 of the 25 festival
// rows (the recurring Nghinh Ông row has no date and its article is undated). Agencies: 6 hotlines + 168 wards.
BOOST_AUTO_TEST_CASE(exact_counts_per_source) {
    const SeedSources seed(dataDir());
    SeedReport report;

    const auto schools = seed.schools(report);
    BOOST_TEST(schools.size() == 4288u);
    BOOST_TEST(report.rows == 4288u);
    BOOST_TEST(report.skipped == 0u);
    BOOST_TEST(report.problems.empty());

    const auto health = seed.healthFacilities(report);
    BOOST_TEST(health.size() == 9262u);
    BOOST_TEST(report.skipped == 78u);
    BOOST_TEST(report.problems.size() == 78u);
    for (const auto& problem : report.problems) BOOST_TEST(contains(problem, ": empty facility name"), problem);
    BOOST_TEST(report.problems.front().starts_with("hcmc_medical_facility_operating_licenses.csv:"));

    const auto tourism = seed.tourism(report);
    BOOST_TEST(tourism.size() == 207u);
    BOOST_TEST(report.skipped == 1u);
    BOOST_TEST_REQUIRE(report.problems.size() == 1u);
    BOOST_TEST(report.problems[0] == "hcmc_festivals_events.csv:12: no date: neither a start date nor a dated source");

    const auto agencies = seed.agencies(report);
    BOOST_TEST(agencies.size() == 174u);
    BOOST_TEST(report.skipped == 0u);
    BOOST_TEST(report.problems.empty());

    const auto construction = seed.construction(report);
    BOOST_TEST(construction.size() == 6u);

    std::vector<SeedReport> reports;
    const auto everything = seed.all(reports);
    BOOST_TEST(everything.size() == 4288u + 9262u + 207u + 174u + 6u);
    BOOST_TEST(reports.size() == 5u);
}

BOOST_AUTO_TEST_CASE(schools_keep_code_level_and_ownership) {
    SeedReport report;
    const auto schools = SeedSources(dataDir()).schools(report);

    const auto* tdn = findByAttribute(schools, "school_code", "79000F02");
    BOOST_TEST_REQUIRE(tdn != nullptr);
    BOOST_TEST(tdn->name == "THPT chuyên Trần Đại Nghĩa");
    BOOST_TEST((tdn->group == GroupId::Education));
    BOOST_TEST(tdn->kind == kinds::kSchool);
    BOOST_TEST(tdn->address == "53 Nguyễn Du");
    BOOST_TEST(tdn->attribute("level") == "thcs,thpt");
    BOOST_TEST(tdn->attribute("ownership") == "cong_lap");
    BOOST_TEST(tdn->attribute("category") == "Trường chuyên");
    BOOST_TEST(tdn->attribute("education_office") == "Sở Giáo dục và Đào tạo Hồ Chí Minh");
    BOOST_TEST(tdn->updatedAt == "2023-05-01");
    BOOST_TEST(!tdn->sample);

    // A street-only address: the district comes from the district education office, as written.
    const auto* kindergarten = findByAttribute(schools, "school_code", "79771320");
    BOOST_TEST_REQUIRE(kindergarten != nullptr);
    BOOST_TEST(kindergarten->attribute("level") == "mam_non");
    BOOST_TEST(kindergarten->attribute("ownership") == "tu_thuc");
    BOOST_TEST(kindergarten->attribute("education_office") == "Phòng GDĐT quận 10");
    BOOST_TEST(kindergarten->oldWard == "quận 10");

    // Coverage: every K-12 row has a level, all but one an ownership (the source leaves it empty).
    BOOST_TEST(countWith(schools, "school_code", "") == 4227u);
    BOOST_TEST(countWith(schools, "level", "") == 4288u);
    BOOST_TEST(countWith(schools, "ownership", "") == 4226u);
    BOOST_TEST(countWith(schools, "level", "mam_non") == 3205u);
    BOOST_TEST(countWith(schools, "level", "gdtx") == 34u);
    BOOST_TEST(countWith(schools, "level", "tieu_hoc,thcs,thpt") == 35u);
    BOOST_TEST(countWith(schools, "level", "dai_hoc") == 45u);  // 43 universities, 1 academy, 1 conservatory
    BOOST_TEST(countWith(schools, "level", "cao_dang") == 16u);

    // A university row completed by the tourism database (same website): street address and phone.
    const auto* ueh = findByName(schools, "Trường Đại học Kinh tế TP. Hồ Chí Minh");
    BOOST_TEST_REQUIRE(ueh != nullptr);
    BOOST_TEST(ueh->attribute("level") == "dai_hoc");
    BOOST_TEST(ueh->address == "59C Nguyễn Đình Chiểu, Phường 06, Quận 3, Thành phố Hồ Chí Minh");
    BOOST_TEST(ueh->oldWard == "Phường 06, Quận 3");
    BOOST_TEST(ueh->phone == "028 3829 5299");
    BOOST_TEST(ueh->website == "https://www.ueh.edu.vn/");
    BOOST_TEST(ueh->updatedAt == "2025-05-26");
    BOOST_TEST(contains(ueh->source, "rank_your_uni"));
    BOOST_TEST(contains(ueh->source, "Vietnamese-Travel-Chatbot"));
    // The scraper's "028 " before an already complete number is dropped.
    BOOST_TEST(findByName(schools, "Trường Đại học Nguyễn Tất Thành")->phone == "1900 2039");
    const auto* kent = findByName(schools, "Trường Cao đẳng Quốc tế Kent");
    BOOST_TEST_REQUIRE(kent != nullptr);
    BOOST_TEST(kent->attribute("level") == "cao_dang");
    BOOST_TEST(findByName(schools, "Nhạc viện TP. Hồ Chí Minh")->attribute("level") == "dai_hoc");
}

BOOST_AUTO_TEST_CASE(hospitals_keep_their_license_and_get_the_2025_name) {
    SeedReport report;
    const auto health = SeedSources(dataDir()).healthFacilities(report);

    const auto* q7 = findByName(health, "Bệnh viện Quận 7");
    BOOST_TEST_REQUIRE(q7 != nullptr);
    BOOST_TEST(q7->kind == kinds::kHealthFacility);
    BOOST_TEST(q7->attribute("license_no") == "01368/HCM-GPHĐ");
    BOOST_TEST(q7->attribute("license_issuer") == "HCM");
    BOOST_TEST(q7->attribute("facility_type") == "benh_vien");
    BOOST_TEST(q7->attribute("new_name") == "Bệnh viện đa khoa Nguyễn Thị Thập");
    BOOST_TEST(q7->address == "Số 101 Nguyễn Thị Thập, Phường Tân Phú, Quận 7, TP Hồ Chí Minh");
    BOOST_TEST(q7->oldWard == "Phường Tân Phú, Quận 7");
    BOOST_TEST(q7->updatedAt == "2024-07-10");
    BOOST_TEST(contains(q7->source, "thongtin.medinet.org.vn"));
    BOOST_TEST(contains(q7->source, "dantri.com.vn"));

    // Renames join on the exact old name (letter case aside): a branch campus keeps no new name.
    BOOST_TEST(findByName(health, "Bệnh viện Quận 1 (Cơ sở 2)")->attribute("new_name").empty());
    BOOST_TEST(findByName(health, "Bệnh viện quận Gò Vấp")->attribute("new_name") == "Bệnh viện đa khoa Gò Vấp");
    BOOST_TEST(countWith(health, "new_name", "") == 17u);

    // Facility types come from the name prefix only.
    BOOST_TEST(countWith(health, "facility_type", "benh_vien") == 229u);
    BOOST_TEST(countWith(health, "facility_type", "tram_y_te") == 380u);
    BOOST_TEST(countWith(health, "facility_type", "trung_tam_y_te") == 34u);
    BOOST_TEST(countWith(health, "facility_type", "nha_khoa") == 1770u);
    BOOST_TEST(countWith(health, "facility_type", "y_hoc_co_truyen") == 580u);
    BOOST_TEST(countWith(health, "facility_type", "phong_kham") == 4471u);
    BOOST_TEST(countWith(health, "facility_type", "other") == 1798u);
    BOOST_TEST(countWith(health, "license_no", "") == 9262u);
}

BOOST_AUTO_TEST_CASE(heritage_sites_keep_coordinates_and_get_a_ward_only_when_certain) {
    SeedReport report;
    const auto tourism = SeedSources(dataDir()).tourism(report);

    const auto palace = std::find_if(tourism.begin(), tourism.end(),
                                     [](const DirectoryEntry& e) { return e.name.starts_with("Dinh Độc Lập – "); });
    BOOST_TEST_REQUIRE((palace != tourism.end()));
    BOOST_TEST(palace->kind == kinds::kPlace);
    BOOST_TEST_REQUIRE(palace->latitude.has_value());
    BOOST_TEST_REQUIRE(palace->longitude.has_value());
    BOOST_TEST(*palace->latitude == 10.777152445580176);
    BOOST_TEST(*palace->longitude == 106.6953370089775);
    BOOST_TEST(palace->attribute("heritage_type") == "Lịch sử");
    BOOST_TEST(palace->attribute("ranking_level") == "Quốc gia đặc biệt");
    BOOST_TEST(palace->attribute("ranking_decision") == "Quyết định số 1272/QĐ-TTg ngày 12/8/2009.");
    BOOST_TEST(palace->address == "135 Nam Kỳ Khởi Nghĩa, P. Bến Thành, Tp. Hồ Chí Minh");
    BOOST_TEST(palace->oldWard == "Quận 1");
    BOOST_TEST(palace->wardCode == "26743");  // Phường Bến Thành

    // Two communes named in one address: no ward code rather than a guess.
    const auto* tunnels = findByName(tourism, "Di tích lịch sử Địa đạo Củ Chi");
    BOOST_TEST_REQUIRE(tunnels != nullptr);
    BOOST_TEST(tunnels->wardCode.empty());
    // "xã Long Hòa" is "Xã Long Hoà" in the 2025 list: the same name in the other tone placement.
    const auto* command = findByName(tourism, "Địa điểm Sở chỉ huy tiền phương chiến dịch Hồ Chí Minh");
    BOOST_TEST_REQUIRE(command != nullptr);
    BOOST_TEST(command->wardCode == "25792");
    // A post-merger address naming an old ward ("phường Linh Chiểu" no longer exists) gives no code; the
    // pre-merger one ("phường Linh Chiểu, thành phố Thủ Đức") does, through the 2025 mapping: Phường Thủ Đức.
    BOOST_TEST(findByName(tourism, "Đình Thần Linh Đông")->wardCode == "26824");

    std::size_t heritage = 0, withWard = 0, withCoordinates = 0;
    for (const auto& e : tourism) {
        if (e.attribute("category") != "di_tich") continue;
        ++heritage;
        if (!e.wardCode.empty()) ++withWard;
        if (e.latitude && e.longitude) ++withCoordinates;
    }
    BOOST_TEST(heritage == 103u);
    BOOST_TEST(withCoordinates == 103u);
    BOOST_TEST(withWard == 102u);  // 99 from the post-merger address, 3 from the pre-merger one

    const auto* market = findByName(tourism, "Chợ Bến Thành");
    BOOST_TEST_REQUIRE(market != nullptr);
    BOOST_TEST(market->attribute("category") == "diem_den");
    BOOST_TEST(market->oldWard == "Phường Bến Thành, Quận 1");
    BOOST_TEST(market->phone == "028 3829 9274");
    BOOST_TEST(countWith(tourism, "category", "mua_sam") == 55u);

    const auto* aoDai = findByName(tourism, "Lễ hội Áo dài TP.HCM (2016)");
    BOOST_TEST_REQUIRE(aoDai != nullptr);
    BOOST_TEST(aoDai->kind == kinds::kEvent);
    BOOST_TEST(aoDai->attribute("start_date") == "2016-03-05");
    BOOST_TEST(aoDai->attribute("end_date") == "2016-03-20");
    BOOST_TEST(aoDai->updatedAt == "2016-03-05");
    BOOST_TEST(contains(aoDai->attribute("place"), "Bảo tàng thành phố"));
    const auto* dinhCo = findByName(tourism, "Lễ hội Nghinh Cô (Dinh Cô)");
    BOOST_TEST_REQUIRE(dinhCo != nullptr);
    BOOST_TEST(dinhCo->attribute("timing_note") == "hằng năm mồng 10–12 tháng 2 âm lịch");
    BOOST_TEST(dinhCo->updatedAt == "2025-07-01");
    BOOST_TEST(static_cast<std::size_t>(std::count_if(tourism.begin(), tourism.end(), [](const DirectoryEntry& e) {
                   return e.kind == kinds::kEvent;
               })) == 24u);
}

BOOST_AUTO_TEST_CASE(each_2025_ward_names_the_old_wards_merged_into_it) {
    SeedReport report;
    const auto agencies = SeedSources(dataDir()).agencies(report);

    const auto* saigon = findByName(agencies, "Ủy ban nhân dân Phường Sài Gòn");
    BOOST_TEST_REQUIRE(saigon != nullptr);
    BOOST_TEST(saigon->kind == kinds::kWard);
    BOOST_TEST(saigon->wardCode == "26740");
    BOOST_TEST(saigon->attribute("area_served") ==
               "Phường Đa Kao, Quận 1 (một phần); Phường Bến Nghé, Quận 1; Phường Nguyễn Thái Bình, Quận 1 (một phần)");
    BOOST_TEST(saigon->oldWard == "Quận 1");

    const auto* conDao = findByName(agencies, "Ủy ban nhân dân Đặc khu Côn Đảo");
    BOOST_TEST_REQUIRE(conDao != nullptr);
    BOOST_TEST(conDao->wardCode == "26732");
    BOOST_TEST(conDao->attribute("area_served") == "Huyện Côn Đảo, Tỉnh Bà Rịa - Vũng Tàu");

    std::set<std::string> codes;
    for (const auto& e : agencies) {
        if (e.kind != kinds::kWard) continue;
        codes.insert(e.wardCode);
        BOOST_TEST(!e.attribute("area_served").empty(), e.name);
    }
    BOOST_TEST(codes.size() == 168u);

    const auto* police = findByAttribute(agencies, "number", "113");
    BOOST_TEST_REQUIRE(police != nullptr);
    BOOST_TEST(police->kind == kinds::kHotline);
    BOOST_TEST(police->phone == "113");
    BOOST_TEST(contains(police->source, "ancotnam.vn"));
}

BOOST_AUTO_TEST_CASE(every_entry_is_named_sourced_and_dated_and_only_construction_is_sample) {
    std::vector<SeedReport> reports;
    const auto started = std::chrono::steady_clock::now();
    const auto entries = SeedSources(dataDir()).all(reports);
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    BOOST_TEST_MESSAGE("loaded " << entries.size() << " entries in " << elapsed.count() << " ms");

    std::map<GroupId, std::size_t> perGroup;
    for (const auto& e : entries) {
        ++perGroup[e.group];
        BOOST_TEST(!e.name.empty());
        BOOST_TEST(!e.source.empty(), e.name);
        BOOST_TEST((e.updatedAt.size() == 10u || e.updatedAt.size() == 7u), e.name << ": " << e.updatedAt);
        BOOST_TEST(e.sample == (e.group == GroupId::Construction), e.name);
    }
    BOOST_TEST(perGroup[GroupId::Education] == 4288u);
    BOOST_TEST(perGroup[GroupId::Health] == 9262u);
    BOOST_TEST(perGroup[GroupId::Tourism] == 207u);
    BOOST_TEST(perGroup[GroupId::Agencies] == 174u);
    BOOST_TEST(perGroup[GroupId::Construction] == 6u);

    SeedReport report;
    for (const auto& e : SeedSources(dataDir()).construction(report)) {
        BOOST_TEST(e.source == "dữ liệu mẫu (synthetic)");
        BOOST_TEST(contains(e.name, "mẫu"), e.name);
        BOOST_TEST((e.kind == kinds::kHousingProject || e.kind == kinds::kBrokerCertificate));
    }
}

BOOST_AUTO_TEST_CASE(a_missing_file_or_column_or_a_ragged_table_throws_naming_the_file) {
    const auto dir = test::scratchDir("seed");
    try {
        SeedReport report;
        (void)SeedSources(dir).schools(report);
        BOOST_FAIL("expected an error");
    } catch (const CsvError& e) {
        BOOST_TEST(contains(e.what(), "hcmc_schools_directory_mn_th_thcs_thpt_gdtx.csv"));
    }

    // Renames file fine, register missing its license column.
    write(dir / "hcmc_public_hospital_renames_2025.csv", "old_name,new_name,source_url\n");
    write(dir / "hcmc_medical_facility_operating_licenses.csv",
          "license_issuer_code,facility_name,address,district_in_address,source_url\n"
          "SYT,Phòng khám A,\"1 Lê Lợi, Quận 1\",Quận 1,http://x\n");
    try {
        SeedReport report;
        (void)SeedSources(dir).healthFacilities(report);
        BOOST_FAIL("expected an error");
    } catch (const CsvError& e) {
        BOOST_TEST(contains(e.what(), "hcmc_medical_facility_operating_licenses.csv"));
        BOOST_TEST(contains(e.what(), "license_no"));
    }

    // A row with a field too many: the reader refuses the file whole rather than guess its columns.
    write(dir / "hcmc_medical_facility_operating_licenses.csv",
          "license_no,license_issuer_code,facility_name,address,district_in_address,source_url\n"
          "1/SYT-GPHĐ,SYT,Phòng khám A,1 Lê Lợi,Quận 1,http://x,extra\n");
    SeedReport report;
    BOOST_CHECK_THROW((void)SeedSources(dir).healthFacilities(report), CsvError);
}

BOOST_AUTO_TEST_CASE(bad_rows_are_skipped_and_reported_and_the_rest_kept) {
    const auto dir = test::scratchDir("seed");
    copyData(dir, {"hcmc_bd_brvt_wards_pre2025.csv", "hcmc_ward_mapping_old_to_new_2025.csv"});
    write(dir / "hcmc_public_hospital_renames_2025.csv",
          "old_name,new_name,source_url\n"
          "Bệnh viện quận 99,Bệnh viện đa khoa Mẫu,https://example.org/a\n"
          ",Không tên cũ,https://example.org/b\n");
    write(dir / "hcmc_medical_facility_operating_licenses.csv",
          "license_no,license_issuer_code,facility_name,address,district_in_address,source_url\n"
          "1/SYT-GPHĐ,SYT,BỆNH VIỆN QUẬN 99,\"1 Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh\",Quận 1,http://x\n"
          "2/SYT-GPHĐ,SYT,,\"2 Lê Lợi, Quận 1\",Quận 1,http://x\n"
          "3/HCM-GPHĐ,HCM,Phòng chẩn trị y học cổ truyền B,3 Lê Lợi,Quận 3,http://x\n");
    SeedReport report;
    const auto health = SeedSources(dir).healthFacilities(report);
    BOOST_TEST_REQUIRE(health.size() == 2u);
    BOOST_TEST(report.rows == 2u);
    BOOST_TEST(report.skipped == 2u);
    BOOST_TEST_REQUIRE(report.problems.size() == 2u);
    BOOST_TEST(report.problems[0] == "hcmc_public_hospital_renames_2025.csv:3: empty old or new name");
    BOOST_TEST(report.problems[1] == "hcmc_medical_facility_operating_licenses.csv:3: empty facility name");
    BOOST_TEST(report.file == "hcmc_public_hospital_renames_2025.csv, hcmc_medical_facility_operating_licenses.csv, "
                              "hcmc_bd_brvt_wards_pre2025.csv, hcmc_ward_mapping_old_to_new_2025.csv");
    BOOST_TEST(health[0].attribute("new_name") == "Bệnh viện đa khoa Mẫu");
    BOOST_TEST(health[0].oldWard == "Phường Bến Nghé, Quận 1");
    BOOST_TEST(health[0].wardCode == "26740");  // Phường Bến Nghé went wholly into Phường Sài Gòn
    BOOST_TEST(health[1].wardCode.empty());
    BOOST_TEST(report.wards.resolved == 1u);
    BOOST_TEST(report.wards.unparseable == 1u);
    BOOST_TEST(health[1].attribute("facility_type") == "y_hoc_co_truyen");
    BOOST_TEST(health[1].oldWard == "Quận 3");  // no ward in the address: the register's district

    // Tourism: a heritage row with broken coordinates is skipped, the other files still read.
    copyData(dir, {"wards_2025.csv", "hcmc_tourist_destinations_vietnamtourism_db.csv",
                   "hcmc_shopping_venues_vietnamtourism_db.csv", "hcmc_tourism_association_vietnamtourism_db.csv",
                   "hcmc_festivals_events.csv"});
    write(dir / "hcmc_nationally_ranked_heritage_sites.csv",
          "source_row_no,name,heritage_type,ranking_level,ranking_decision,address_before_2025_merger,"
          "address_after_2025_merger,latitude,longitude,source_url\n"
          "1,Đình A,Lịch sử,Quốc gia,QĐ 1,\"1 Đường A, Phường 1, Quận 5\",\"1 Đường A, phường Chợ Lớn, TP.HCM\","
          "10.75,106.66,https://example.org\n"
          "2,Đình B,Lịch sử,Quốc gia,QĐ 2,Quận 5,Phường Chợ Lớn,10.7a,106.6,https://example.org\n"
          "3,Đình C,Lịch sử,Quốc gia,QĐ 3,Quận 5,Phường Chợ Lớn,95,106.6,https://example.org\n");
    const auto tourism = SeedSources(dir).tourism(report);
    BOOST_TEST(tourism.size() == 1u + 24u + 55u + 1u + 24u);
    BOOST_TEST(report.skipped == 3u);
    BOOST_TEST(report.problems[0] ==
               "hcmc_nationally_ranked_heritage_sites.csv:3: bad coordinates \"10.7a\", \"106.6\"");
    BOOST_TEST(contains(report.problems[1], "hcmc_nationally_ranked_heritage_sites.csv:4: bad coordinates"));
    const auto* dinhA = findByName(tourism, "Đình A");
    BOOST_TEST_REQUIRE(dinhA != nullptr);
    BOOST_TEST(dinhA->wardCode == "27343");
    BOOST_TEST(dinhA->oldWard == "Phường 1, Quận 5");

    // Agencies: a hotline that is no number, a mapping row to an unknown old ward, a ward with a bad code.
    write(dir / "hotlines.csv",
          "number,name_vi,name_en,scope,description_vi,source_url\n"
          "113,Công an,Police,national,Gọi công an,https://example.org/113\n"
          "call us,Sai,Wrong,national,x,https://example.org/x\n");
    write(dir / "hcmc_bd_brvt_wards_pre2025.csv",
          "province_code,province_full_name,district_code,district_full_name,ward_code,ward_full_name\n"
          "79,Thành phố Hồ Chí Minh,760,Quận 1,26740,Phường Bến Nghé\n"
          "74,Tỉnh Bình Dương,718,Thành phố Thủ Dầu Một,25747,Phường Phú Cường\n");
    write(dir / "hcmc_ward_mapping_old_to_new_2025.csv",
          "new_ward_code,new_ward_name,old_ward_code,old_ward_name,merge_type\n"
          "26740,Phường Sài Gòn,26740,Phường Bến Nghé,full\n"
          "26740,Phường Sài Gòn,99999,Phường Không Có,full\n"
          "25747,Phường Thủ Dầu Một,25747,Phường Phú Cường,partial\n");
    write(dir / "wards_2025.csv",
          "code,name,full_name\n"
          "26740,Sài Gòn,Phường Sài Gòn\n"
          "25747,Thủ Dầu Một,Phường Thủ Dầu Một\n"
          "7,Sai,Phường Sai\n");
    const auto agencies = SeedSources(dir).agencies(report);
    BOOST_TEST_REQUIRE(agencies.size() == 3u);
    BOOST_TEST(report.skipped == 3u);
    BOOST_TEST(report.problems.size() == 3u);
    BOOST_TEST(contains(report.problems[0], "hotlines.csv:3: "));
    BOOST_TEST(contains(report.problems[1], "hcmc_ward_mapping_old_to_new_2025.csv:3: "));
    BOOST_TEST(contains(report.problems[2], "wards_2025.csv:4: "));
    BOOST_TEST(agencies[1].attribute("area_served") == "Phường Bến Nghé, Quận 1");
    BOOST_TEST(agencies[2].attribute("area_served") ==
               "Phường Phú Cường, Thành phố Thủ Dầu Một, Tỉnh Bình Dương (một phần)");
}

// The old-ward lookup is an aid: without its files the entries still load, without those codes, and the
// report says why.
BOOST_AUTO_TEST_CASE(without_the_ward_lookup_files_entries_load_without_codes) {
    const auto dir = test::scratchDir("seed");
    write(dir / "hcmc_public_hospital_renames_2025.csv", "old_name,new_name,source_url\n");
    write(dir / "hcmc_medical_facility_operating_licenses.csv",
          "license_no,license_issuer_code,facility_name,address,district_in_address,source_url\n"
          "1/SYT-GPHĐ,SYT,Phòng khám A,\"1 Lê Lợi, Phường Bến Nghé, Quận 1\",Quận 1,http://x\n");
    SeedReport report;
    const auto health = SeedSources(dir).healthFacilities(report);
    BOOST_TEST_REQUIRE(health.size() == 1u);
    BOOST_TEST(health[0].wardCode.empty());
    BOOST_TEST(report.skipped == 0u);
    BOOST_TEST_REQUIRE(report.problems.size() == 1u);
    BOOST_TEST(contains(report.problems[0], "no 2025 ward codes from old addresses: "));
    BOOST_TEST(contains(report.problems[0], "hcmc_bd_brvt_wards_pre2025.csv"));
}

BOOST_AUTO_TEST_SUITE_END()
