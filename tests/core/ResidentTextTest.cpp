// Issue 18, item 4: what a resident reads about a directory entry carries none of the system's
// words. Every builder of resident text runs over every bundled row.
// The sanitizer build's GCC 12 warns falsely inside libstdc++'s <regex> (see ResidentText.cpp).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cctype>
#include <regex>
#include <string>
#include <vector>

#include "TestPaths.h"
#include "directory/BundledSeed.h"
#include "directory/ResidentText.h"
#include "domain/HotlineDirectory.h"

using namespace kiosk;

namespace {
// Why `text` must not be shown to a resident, or "" when it may.
std::string systemWords(const std::string& text) {
    static const std::regex iso("\\d{4}-\\d{2}-\\d{2}");
    static const std::regex uuid("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static const std::regex hexToken("(^|[^0-9A-Za-z])([0-9a-f]{7,40})($|[^0-9A-Za-z])");
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower.find("github") != std::string::npos) return "a repository name (github)";
    if (text.find("http://") != std::string::npos || text.find("https://") != std::string::npos)
        return "a web address";
    if (text.find("%2") != std::string::npos) return "percent-encoding";
    if (text.find("QĐ") != std::string::npos) return "a legal citation (QĐ)";
    if (text.find("không rõ đơn vị") != std::string::npos) return "a parser placeholder";
    if (std::regex_search(text, iso)) return "an ISO date";
    if (std::regex_search(text, uuid)) return "a UUID";
    for (auto it = std::sregex_iterator(text.begin(), text.end(), hexToken); it != std::sregex_iterator(); ++it) {
        const std::string token = (*it)[2].str();
        const bool letters = token.find_first_of("abcdef") != std::string::npos;
        const bool digits = token.find_first_of("0123456789") != std::string::npos;
        if (letters && digits) return "a commit-like token " + token;
    }
    return {};
}

// Every text the detail page, the result rows and the source line are made of.
std::vector<std::pair<std::string, std::string>> residentTexts(const DirectoryEntry& e) {
    std::vector<std::pair<std::string, std::string>> out{
        {"name", resident::name(e)},   {"address", resident::address(e)}, {"website", resident::website(e)},
        {"old ward", resident::plainText(e.oldWard)}, {"phone", resident::plainText(e.phone)},
        {"hours", resident::plainText(e.openingHours)}};
    const auto source = resident::sourceLine(e);
    out.emplace_back("source", source.publisher);
    out.emplace_back("source date", source.date);
    for (const auto& [key, value] : e.attributes)
        if (resident::attributeShown(e, key)) out.emplace_back(key, resident::attributeValue(e, key));
    for (const char* list : {"steps_json", "documents_json", "channels_json", "legal_basis_json"})
        for (const auto& line : resident::listItems(e, list)) out.emplace_back(list, line);
    return out;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(resident_text)

BOOST_AUTO_TEST_CASE(no_bundled_row_shows_the_systems_words) {
    const auto entries = loadBundledSeed(test::resourcesDir() / "data");
    BOOST_TEST_REQUIRE(entries.size() > 5000u);
    std::size_t checked = 0, failures = 0, procedures = 0;
    for (const auto& entry : entries) {
        if (entry.kind == kinds::kProcedure) ++procedures;
        for (const auto& [what, text] : residentTexts(entry)) {
            ++checked;
            const auto why = systemWords(text);
            if (why.empty()) continue;
            if (++failures <= 40) BOOST_ERROR(entry.name << " (" << entry.kind << ") " << what << ": " << why << " in \"" << text.substr(0, 300) << "\"");
        }
        // Every source line names a publisher and gives its date as dd/mm/yyyy.
        const auto source = resident::sourceLine(entry);
        BOOST_TEST(!source.publisher.empty(), entry.name << ": " << entry.source);
        static const std::regex day("(\\d{2}/)?\\d{2}/\\d{4}");  // 05/11/2026, or 10/2020 for a month
        BOOST_TEST(std::regex_match(source.date, day), entry.name << ": " << entry.updatedAt);
    }
    BOOST_TEST(failures == 0u);
    BOOST_TEST(procedures == 588u);
    BOOST_TEST_MESSAGE("resident texts checked: " << checked);
}

// The hotline cards of "Cơ quan" (the 1022 card cited "QĐ 1478/QĐ-UBND").
BOOST_AUTO_TEST_CASE(no_hotline_card_shows_the_systems_words) {
    const auto hotlines = HotlineDirectory::load(test::resourcesDir() / "data" / "hotlines.csv");
    BOOST_TEST_REQUIRE(!hotlines.all().empty());
    bool saw1022 = false;
    for (const auto& h : hotlines.all()) {
        for (const auto& text : {resident::plainText(h.descriptionVi), resident::plainText(h.nameVi)})
            BOOST_TEST(systemWords(text).empty(), h.number << ": " << systemWords(text) << " in \"" << text << "\"");
        if (h.number == "1022") {
            saw1022 = true;
            BOOST_TEST(resident::plainText(h.descriptionVi).find("1022.tphcm.gov.vn") != std::string::npos);
        }
    }
    BOOST_TEST(saw1022);
}

// The checker itself finds what it is there to find (a test that cannot fail proves nothing).
BOOST_AUTO_TEST_CASE(the_checker_finds_each_kind_of_system_word) {
    for (const char* bad : {"whynotkimhari/DBproject on GitHub", "https://dichvucong.gov.vn/p/home",
                            "https%3A%2F%2Fa.vn", "theo QĐ 1478/QĐ-UBND", "1 (không rõ đơn vị)", "dữ liệu 2026-11-05",
                            "id 3fa85f64-5717-4562-b3fc-2c963f66afa6", "@4d0696e", "commit 0e5dc00"})
        BOOST_TEST(!systemWords(bad).empty(), bad);
    for (const char* fine : {"Sở Y tế TP.HCM", "Gọi 1022 hoặc 028 3829 1234", "dữ liệu ngày 05/11/2026",
                             "Trực tiếp: 7 ngày làm việc"})
        BOOST_TEST(systemWords(fine).empty(), fine);
}

BOOST_AUTO_TEST_CASE(plain_words_from_real_sources) {
    // The 1022 card of hotlines.csv.
    const std::string card = "Tiếp nhận 24/7 phản ánh của người dân, doanh nghiệp; gọi 1022, ứng dụng \"Tổng đài 1022\", "
                             "cổng https://1022.tphcm.gov.vn; quy chế theo QĐ 1478/QĐ-UBND ngày 04/5/2020";
    BOOST_TEST(resident::plainText(card) == "Tiếp nhận 24/7 phản ánh của người dân, doanh nghiệp; gọi 1022, ứng dụng "
                                            "\"Tổng đài 1022\", cổng 1022.tphcm.gov.vn");
    BOOST_TEST(resident::plainText("Đơn (mẫu TK07) ban hành kèm theo Quyết định số 09/2023/QĐ-TTg ngày 12/4/2023 của "
                                   "Thủ tướng Chính phủ.") ==
               "Đơn (mẫu TK07) ban hành kèm theo Quyết định của Thủ tướng Chính phủ.");
    BOOST_TEST(resident::plainText("Luật 49/2019/QH14 và Thông tư số 25/2021/TT-BTC") == "Luật và Thông tư");
    BOOST_TEST(resident::plainText("Tờ khai (Mẫu số 01/ĐK-TCT)") == "Tờ khai (Mẫu số 01/ĐK-TCT)");  // a form, not a law
    BOOST_TEST(resident::plainText("Tờ trình 01/TTr-UBND") == "Tờ trình 01/TTr-UBND");
    BOOST_TEST(resident::plainText("Xem https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1") ==
               "Xem");
    BOOST_TEST(resident::plainSource("Tin bài về lễ hội: https://vnexpress.net/le-hoi-4567.html") == "Tin bài về lễ hội");
    BOOST_TEST(resident::plainText("Hồ sơ gồm:") == "Hồ sơ gồm:");  // a list follows: the colon stays
    BOOST_TEST(resident::plainDate("2024-07-10") == "10/07/2024");
    BOOST_TEST(resident::plainDate("2026-11-05T08:30:00Z") == "05/11/2026");
    BOOST_TEST(resident::plainDate("2020-10") == "10/2020");
    BOOST_TEST(resident::plainDate("không rõ") == "");
    // Form numbers glued to "QĐ" are codes, not words.
    BOOST_TEST(resident::plainText("Đơn đề nghị (Mẫu số 01- QĐ613)") == "Đơn đề nghị (Mẫu số 01)");
    BOOST_TEST(resident::plainText("theo Mẫu 03-QĐTD/SHTT/2020") == "theo Mẫu 03");

    BOOST_TEST(resident::plainSource("Sở Y tế TP.HCM, sổ giấy phép hoạt động khám bệnh, chữa bệnh (thu thập 2024, "
                                     "AliceeLe/HealthcareScraper @567e0c3): https://example.org/x; tên mới 2025") ==
               "Sở Y tế TP.HCM, sổ giấy phép hoạt động khám bệnh, chữa bệnh");
    BOOST_TEST(resident::plainSource("Danh sách đại học, cao đẳng, xuuanthuc/rank_your_uni @0e5dc00: https://a.vn/b") ==
               "Danh sách đại học, cao đẳng");
    BOOST_TEST(resident::plainSource("Cổng Dịch vụ công quốc gia (dichvucong.gov.vn), "
                                     "https://dichvucong.gov.vn/p/home/x.html?ma=3fa85f64-5717-4562-b3fc-2c963f66afa6") ==
               "Cổng Dịch vụ công quốc gia");
}

BOOST_AUTO_TEST_CASE(procedures_show_no_code_no_portal_address_and_no_legal_basis) {
    DirectoryEntry e;
    e.kind = kinds::kProcedure;
    e.website = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=3fa85f64";
    e.attributes = {{"code", "1.000656"}, {"field", "Hộ tịch"},
                    {"legal_basis_json", R"([{"code":"26/2023/QH15","title":"Luật Căn cước"}])"},
                    {"channels_json", R"([{"channel":"Trực tiếp","time":"1","fee":"Miễn phí","description":""}])"}};
    BOOST_TEST(!resident::showsKind(e));
    BOOST_TEST(resident::website(e) == "");
    BOOST_TEST(!resident::attributeShown(e, "code"));
    BOOST_TEST(resident::attributeShown(e, "field"));
    BOOST_TEST(resident::listItems(e, "legal_basis_json").empty());
    const auto channels = resident::listItems(e, "channels_json");
    BOOST_TEST_REQUIRE(channels.size() == 1u);
    BOOST_TEST(channels[0] == "Trực tiếp \u2014 Miễn phí");  // no bare "1" without its unit
}

BOOST_AUTO_TEST_SUITE_END()
