#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "TestPaths.h"
#include "directory/ProcedureParser.h"

using namespace kiosk;

namespace {
std::filesystem::path bundledFile() { return test::resourcesDir() / "data" / "procedures_cap_xa.jsonl"; }

// The bundled JSONL line of one procedure, by its code.
std::string recordLine(const std::string& code) {
    static const std::map<std::string, std::string> lines = [] {
        std::map<std::string, std::string> byCode;
        std::ifstream in(bundledFile(), std::ios::binary);
        const std::string prefix = "{\"ma_thu_tuc\": \"";
        for (std::string line; std::getline(in, line);) {
            if (!line.starts_with(prefix)) continue;
            const auto end = line.find('"', prefix.size());
            byCode.emplace(line.substr(prefix.size(), end - prefix.size()), line);
        }
        return byCode;
    }();
    const auto it = lines.find(code);
    BOOST_TEST_REQUIRE((it != lines.end()), "record " << code << " is in the bundled file");
    return it->second;
}

Procedure record(const std::string& code) { return ProcedureParser::parseLine(recordLine(code)); }

bool hasNote(const Procedure& p, std::string_view text) {
    return std::any_of(p.parseNotes.begin(), p.parseNotes.end(),
                       [&](const std::string& note) { return note.find(text) != std::string::npos; });
}

bool validUtf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto lead = static_cast<unsigned char>(s[i]);
        const std::size_t length = lead < 0x80           ? 1
                                   : (lead >> 5) == 0x6  ? 2
                                   : (lead >> 4) == 0xE  ? 3
                                   : (lead >> 3) == 0x1E ? 4
                                                         : 0;
        if (length == 0 || i + length > s.size()) return false;
        for (std::size_t k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += length;
    }
    return true;
}

// Every string of a procedure, for the checks that apply to all of them.
std::vector<std::string> allText(const Procedure& p) {
    std::vector<std::string> text = {p.code,       p.name,       p.field,         p.level,        p.kind,
                                     p.ministry,   p.decision,   p.applicants,    p.agency,       p.whereToSubmit,
                                     p.conditions, p.result,     p.detailUrl,     p.channelsText, p.documentsText,
                                     p.legalBasisText, p.processingTimeSummary(), p.feeSummary()};
    text.insert(text.end(), p.steps.begin(), p.steps.end());
    for (const auto& c : p.channels)
        text.insert(text.end(), {c.channel, c.time, c.fee, c.feeNote, c.description, c.timeAndFee});
    for (const auto& d : p.documents) text.insert(text.end(), {d.group, d.name, d.form, d.quantity});
    for (const auto& l : p.legalBasis) text.insert(text.end(), {l.title, l.code});
    return text;
}

double share(std::size_t part, std::size_t whole) {
    return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(procedures)

BOOST_AUTO_TEST_CASE(a_known_record_field_by_field) {
    const Procedure p = record("1.000253");
    BOOST_TEST(p.code == "1.000253");
    BOOST_TEST(p.name == "Khai báo tạm trú cho người nước ngoài tại Việt Nam bằng Phiếu khai báo tạm trú");
    BOOST_TEST(p.field == "Quản lý xuất nhập cảnh");
    BOOST_TEST(p.level == "Cấp xã");
    BOOST_TEST(p.kind == "TTHC được giao luật quy định chi tiết");
    BOOST_TEST(p.ministry == "bo-cong-an");
    BOOST_TEST(p.decision == "QĐ/0001-BCA");
    BOOST_TEST(p.agency == "Công an cấp Xã");
    BOOST_TEST(p.whereToSubmit == "Công an Xã");
    BOOST_TEST(p.conditions == "Thực hiện khai báo ngay khi người nước ngoài đến đăng ký tạm trú.");
    BOOST_TEST(p.result == "Phiếu khai báo tạm trú được cơ quan Công an xác nhận và các thông tin khai báo tạm trú "
                           "đã được tiếp nhận ghi vào sổ trực ban của Công an cấp xã.");
    BOOST_TEST(p.detailUrl == "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bf7-4fc4-7716-bab8-167242b3fcda");

    // Steps: "Bước N:" removed, the three lines under step 2 joined to it.
    BOOST_TEST_REQUIRE(p.steps.size() == 3u);
    BOOST_TEST(p.steps[0] == "Người khai báo tạm trú tiếp nhận thông tin tạm trú của người nước ngoài.");
    BOOST_TEST(p.steps[1].starts_with("Khai, nộp Phiếu khai báo tạm trú cho trực ban Công an xã, phường, thị trấn"));
    BOOST_TEST(p.steps[1].find("\nCán bộ trực ban Công an cấp xã tiếp nhận hồ sơ") != std::string::npos);
    BOOST_TEST(p.steps[1].ends_with("thì yêu cầu người khai báo tạm trú sửa đổi, bổ sung."));
    BOOST_TEST(p.steps[2] ==
               "Người khai báo tạm trú nhận lại Phiếu khai báo tạm trú đã có xác nhận của Công an cấp xã.");

    // "Trực tiếp7 NgàyKhông có thông tinNộp trực tiếp tại trụ sở Công an cấp xã"
    BOOST_TEST_REQUIRE(p.channels.size() == 1u);
    BOOST_TEST(p.channels[0].channel == "Trực tiếp");
    BOOST_TEST(p.channels[0].time == "7 ngày");
    BOOST_TEST(p.channels[0].fee == "");
    BOOST_TEST(p.channels[0].feeNote == "");
    BOOST_TEST(p.channels[0].description == "Nộp trực tiếp tại trụ sở Công an cấp xã");
    BOOST_TEST(p.channels[0].timeAndFee == "");
    BOOST_TEST(p.processingTimeSummary() == "Trực tiếp: 7 ngày");
    BOOST_TEST(p.feeSummary() == "");
    BOOST_TEST(p.channelsText == "");

    // The template file name is glued to the name with no boundary, so it stays in the name.
    BOOST_TEST_REQUIRE(p.documents.size() == 1u);
    BOOST_TEST(p.documents[0].name == "Phiếu khai báo tạm trú cho người nước ngoài (mẫu NA17)"
                                      "101-Mau A17 tam tru cho nguoi nuoc ngoai.doc");
    BOOST_TEST(p.documents[0].form == "");
    BOOST_TEST(p.documents[0].quantity == "1 bản chính");
    BOOST_TEST(p.documents[0].originals == 1);
    BOOST_TEST(p.documents[0].copies == 0);
    BOOST_TEST(p.documents[0].group == "");
    BOOST_TEST(hasNote(p, "template file name glued on"));

    // The code cell carries the type word: "…tại Việt NamLuật 47/2014/QH13".
    BOOST_TEST_REQUIRE(p.legalBasis.size() == 2u);
    BOOST_TEST(p.legalBasis[0].title ==
               "Luật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam");
    BOOST_TEST(p.legalBasis[0].code == "Luật 47/2014/QH13");
    BOOST_TEST(p.legalBasis[1].title == "Thông tư quy định cách thức thực hiện khai báo, tiếp nhận thông tin tạm trú "
                                        "của người nước ngoài tại Việt Nam");
    BOOST_TEST(p.legalBasis[1].code == "53/2016/TT-BCA");
}

BOOST_AUTO_TEST_CASE(civil_status_record_with_three_channels_and_document_groups) {
    const Procedure p = record("1.000656");  // Thủ tục đăng ký khai tử
    BOOST_TEST(p.name == "Thủ tục đăng ký khai tử");
    BOOST_TEST(p.field == "Hộ tịch");
    BOOST_TEST_REQUIRE(p.channels.size() == 3u);
    const char* expected[] = {"Trực tuyến", "Dịch vụ bưu chính", "Trực tiếp"};
    for (std::size_t i = 0; i < 3; ++i) {
        BOOST_TEST(p.channels[i].channel == expected[i]);
        BOOST_TEST(p.channels[i].time == "1");  // the portal lost the unit
        BOOST_TEST(p.channels[i].fee == "Miễn phí");
        BOOST_TEST(p.channels[i].feeNote.starts_with("Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh"));
        BOOST_TEST(p.channels[i].description == "");
    }
    // A number without its unit tells a resident nothing: no time rather than "1 (không rõ đơn vị)".
    BOOST_TEST(p.processingTimeSummary() == "");
    BOOST_TEST(p.feeSummary() == "Miễn phí");
    BOOST_TEST_REQUIRE(p.feeNotes().size() == 1u);  // the same note on all three rows
    BOOST_TEST(hasNote(p, "3 time(s) without a unit"));

    BOOST_TEST_REQUIRE(p.documents.size() == 27u);
    BOOST_TEST(p.documents[0].group == "Giấy tờ phải nộp");
    BOOST_TEST(p.documents[0].name.starts_with("- Giấy báo tử hoặc giấy tờ thay Giấy báo tử"));
    BOOST_TEST(p.documents[0].quantity == "1 bản chính");
    BOOST_TEST(p.documents[3].group == "Giấy tờ phải xuất trình");
    BOOST_TEST(p.documents[10].group == "Lưu ý");
    BOOST_TEST(p.documents[10].quantity == "0 bản chính");
    BOOST_TEST(p.documents[10].originals == 0);
    BOOST_TEST(p.steps.size() == 15u);  // no "Bước": one entry per line, wrapped lines joined
}

BOOST_AUTO_TEST_CASE(fees_with_amounts_per_unit) {
    const Procedure p = record("2.000815");  // chứng thực bản sao: per page at the ward, per copy abroad
    BOOST_TEST_REQUIRE(p.channels.size() == 2u);
    BOOST_TEST(p.channels[0].channel == "Trực tiếp");
    BOOST_TEST(p.channels[0].time == "");
    BOOST_TEST(p.channels[0].fee == "2,000 Việt Nam Đồng");
    BOOST_TEST(p.channels[0].feeNote == "/trang");
    BOOST_TEST(p.channels[0].description.starts_with("Tại Ủy ban nhân dân cấp xã, Tổ chức hành nghề công chứng"));
    BOOST_TEST(p.channels[1].channel == "Trực tiếp");
    BOOST_TEST(p.channels[1].fee == "10 USD");
    BOOST_TEST(p.channels[1].feeNote == "/bản");
    BOOST_TEST(p.channels[1].description == "Tại cơ quan đại diện: 10 USD/bản.");
    BOOST_TEST(p.feeSummary() == "Trực tiếp: 2.000 đồng/trang, 10 USD/bản");
    BOOST_TEST(p.processingTimeSummary() == "");

    const Procedure same = record("1.009444");  // three channels, one fee; the note's brackets never close
    BOOST_TEST(same.feeSummary() == "Phí, lệ phí: 100.000 đồng");
    BOOST_TEST(same.channels.at(0).feeNote == "Phí Thẩm tra, thẩm định");
    BOOST_TEST(hasNote(same, "unbalanced brackets"));
}

BOOST_AUTO_TEST_CASE(time_and_fee_run_together_are_not_guessed) {
    // "Trực tuyến120 VNĐ(20.000 vnđ /tờ khai)": "1" + "20 VNĐ"? "12" + "0 VNĐ"? Kept whole.
    const Procedure p = record("1.000014");
    BOOST_TEST_REQUIRE(p.channels.size() == 2u);
    for (const auto& channel : p.channels) {
        BOOST_TEST(channel.timeAndFee == "120 VNĐ");
        BOOST_TEST(channel.time == "");
        BOOST_TEST(channel.fee == "");
        BOOST_TEST(channel.feeNote == "20.000 vnđ /tờ khai");
    }
    BOOST_TEST(p.processingTimeSummary() == "");
    BOOST_TEST(p.feeSummary() == "");
    BOOST_TEST(hasNote(p, "2 row(s) with time and fee run together"));

    // A time written as free text, and "(1)" numbering the description rather than noting the fee.
    BOOST_TEST(record("1.007689").channels.at(0).time == "Không phải trả kết quả cho người nộp thuế");
    const Procedure mining = record("1.014258");
    BOOST_TEST(mining.channels.at(0).feeNote == "");
    BOOST_TEST(mining.channels.at(0).description.starts_with("(1) Trường hợp tổ chức, cá nhân đề nghị cấp giấy"));
}

BOOST_AUTO_TEST_CASE(steps_cut_into_the_documents_field_are_joined_back) {
    // The crawler cut trinh_tu_thuc_hien at its link "(Thành phần hồ sơ)" and put the rest in
    // thanh_phan_ho_so; the lost link text is marked "…".
    const Procedure p = record("1.001521");
    BOOST_TEST(p.documents.empty());
    BOOST_TEST(p.documentsText == "");
    BOOST_TEST(hasNote(p, "holds the end of trinh_tu_thuc_hien"));
    BOOST_TEST_REQUIRE(p.steps.size() == 3u);
    BOOST_TEST(p.steps[0].find("theo quy định tại mục 5.3 (…); nộp hồ sơ cho cơ quan BHXH") != std::string::npos);
    BOOST_TEST(p.steps[1] == "Cơ quan BHXH tiếp nhận hồ sơ và giải quyết theo quy định.");

    const Procedure q = record("2.000717");  // here the cut-off part starts a new step
    BOOST_TEST_REQUIRE(q.steps.size() == 3u);
    BOOST_TEST(q.steps[0].ends_with("theo quy định tại mục …"));
    BOOST_TEST(q.steps[1] == "Cơ quan BHXH tiếp nhận hồ sơ và giải quyết theo quy định.");
}

BOOST_AUTO_TEST_CASE(document_quantities_glued_to_digits) {
    // "…theo Mẫu số 181 bản chính,1 bản sao": "18" + "1"? "1" + "81"? Kept in the name.
    const Procedure p = record("1.012796");
    BOOST_TEST_REQUIRE(!p.documents.empty());
    const auto& glued = p.documents.back();
    BOOST_TEST(glued.name.ends_with("theo Mẫu số 181 bản chính,1 bản sao"));
    BOOST_TEST(glued.quantity == "");
    BOOST_TEST(glued.originals == -1);
    BOOST_TEST(glued.copies == -1);
    BOOST_TEST(hasNote(p, "glued to digits of the name"));

    // A date's year has four digits, so "ngày 28/8/20201 bản chính" splits for certain.
    const Procedure q = record("1.009069");
    BOOST_TEST_REQUIRE(q.documents.size() == 3u);
    BOOST_TEST(q.documents[1].name.ends_with("Nghị định 100/2020/NĐ-CP ngày 28/8/2020"));
    BOOST_TEST(q.documents[1].quantity == "1 bản chính");
    BOOST_TEST(q.documents[2].name == "Văn bản thông báo về kế hoạch tiêu hủy");
}

BOOST_AUTO_TEST_CASE(legal_basis_codes) {
    const Procedure p = record("1.003677");
    BOOST_TEST_REQUIRE(p.legalBasis.size() == 7u);
    BOOST_TEST(p.legalBasis[0].code == "66/2023/TT-BCA");
    // "Luật Cư trú 202068/2020/QH14": "2020" + "68"? The row ends there for sure; the code stays in the title.
    BOOST_TEST(p.legalBasis[1].title == "Luật Cư trú 202068/2020/QH14");
    BOOST_TEST(p.legalBasis[1].code == "");
    BOOST_TEST(p.legalBasis[2].title == "Thông tư 57/2021/TT-BCA");
    BOOST_TEST(p.legalBasis[2].code == "57/2021/TT-BCA");
    // A code inside a title ("Thông tư số 53/2025/TT-BCAngày 01/7/2025 …") does not end the row.
    BOOST_TEST(p.legalBasis[3].title.starts_with("Thông tư số 53/2025/TT-BCAngày 01/7/2025 của Bộ Công an"));
    BOOST_TEST(p.legalBasis[3].code == "53/2025/TT-BCA");

    const auto dated = record("1.004478").legalBasis.at(2);  // "ngày 29/6/202443/2024/QH15"
    BOOST_TEST(dated.title == "Luật số 43/2024/QH15 ngày 29/6/2024");
    BOOST_TEST(dated.code == "43/2024/QH15");
    BOOST_TEST(record("1.004194").legalBasis.at(4).code == "66.7/2025/NQ-CP");

    // The court records end with a copy of the next page section; one has no legal basis at all.
    const Procedure court = record("3.000165");
    BOOST_TEST(court.legalBasis.empty());
    BOOST_TEST(court.legalBasisText == "");
    const Procedure court2 = record("3.000163");
    BOOST_TEST_REQUIRE(court2.legalBasis.size() == 4u);
    BOOST_TEST(court2.legalBasis[0].code == "02/2014/TTLT-TANDTC-VKSNDTC-BTP-BTC");
    BOOST_TEST(court2.legalBasis[3].title == "Nghị quyết 56/2010/QH12");
    BOOST_TEST(court2.legalBasis[3].code == "56/2010/QH12");
}

BOOST_AUTO_TEST_CASE(whole_bundled_file) {
    const auto loaded = ProcedureParser::loadFile(bundledFile());
    BOOST_TEST(loaded.skipped.empty());
    for (const auto& reason : loaded.skipped) BOOST_TEST_MESSAGE(reason);
    const auto& all = loaded.procedures;
    BOOST_TEST_REQUIRE(all.size() == 588u);

    std::set<std::string> codes;
    std::size_t withChannels = 0, withDocuments = 0, withLegal = 0, withTime = 0, withFee = 0, idCards = 0;
    std::size_t channelRows = 0, runTogether = 0, documentRows = 0, documentsWithQuantity = 0, laws = 0,
                lawsWithCode = 0;
    for (const auto& p : all) {
        codes.insert(p.code);
        BOOST_TEST(!p.name.empty(), p.code);
        BOOST_TEST(!p.field.empty(), p.code);
        BOOST_TEST(!p.steps.empty(), p.code);
        for (const auto& step : p.steps) BOOST_TEST(!step.empty(), p.code);
        for (const auto& text : allText(p)) BOOST_TEST(validUtf8(text), p.code);
        withChannels += p.channels.empty() ? 0 : 1;
        withDocuments += p.documents.empty() ? 0 : 1;
        withLegal += p.legalBasis.empty() ? 0 : 1;
        withTime += p.processingTimeSummary().empty() ? 0 : 1;
        withFee += p.feeSummary().empty() ? 0 : 1;
        idCards += p.field == "Cấp, quản lý căn cước" ? 1 : 0;  // 17 records spell it decomposed (NFD)
        for (const auto& c : p.channels) {
            ++channelRows;
            runTogether += c.timeAndFee.empty() ? 0 : 1;
            BOOST_TEST((c.channel == "Trực tiếp" || c.channel == "Trực tuyến" || c.channel == "Dịch vụ bưu chính"));
        }
        for (const auto& d : p.documents) {
            ++documentRows;
            documentsWithQuantity += d.quantity.empty() ? 0 : 1;
            BOOST_TEST(!d.name.empty(), p.code);
        }
        for (const auto& l : p.legalBasis) {
            ++laws;
            lawsWithCode += l.code.empty() ? 0 : 1;
        }
    }
    BOOST_TEST(codes.size() == all.size());
    BOOST_TEST(idCards == 17u);
    BOOST_TEST_MESSAGE("channels: " << withChannels << " procedures, " << channelRows << " rows, " << runTogether
                                    << " with time and fee run together");
    BOOST_TEST_MESSAGE("documents: " << withDocuments << " procedures, " << documentRows << " rows, "
                                     << documentsWithQuantity << " with a quantity");
    BOOST_TEST_MESSAGE("legal basis: " << withLegal << " procedures, " << laws << " rows, " << lawsWithCode
                                       << " with a code");
    BOOST_TEST_MESSAGE("summaries: time " << withTime << ", fee " << withFee);
    // Floors measured on the 588 records (the actual values are in the messages above).
    BOOST_TEST(share(withChannels, all.size()) >= 0.99);         // 588/588
    BOOST_TEST(share(runTogether, channelRows) <= 0.03);         // 40/1490
    BOOST_TEST(share(withDocuments, all.size()) >= 0.96);        // 566/588; 22 records hold steps instead
    BOOST_TEST(share(documentsWithQuantity, documentRows) >= 0.995);  // 3805/3811
    BOOST_TEST(share(withLegal, all.size()) >= 0.97);            // 573/588; 14 say "Không có thông tin"
    BOOST_TEST(share(lawsWithCode, laws) >= 0.98);               // 3288/3348
    BOOST_TEST(share(withTime, all.size()) >= 0.67);             // 401/588; 134 more give only a number, no unit
    BOOST_TEST(share(withFee, all.size()) >= 0.84);              // 495/588
}

BOOST_AUTO_TEST_CASE(whitespace_and_unicode_are_normalised) {
    // NFD "Cấp", no-break spaces, a tab, a left-to-right mark, wrapped lines, "Không có thông tin".
    const Procedure p = ProcedureParser::parseLine(
        R"({"ma_thu_tuc": " 9.000001 ", "ten_thu_tuc": "Đăng\u00a0ký\tkhai   sinh\u200e",)"
        R"( "linh_vuc": "C\u00e2\u0301p, qu\u1ea3n l\u00fd c\u0103n c\u01b0\u1edbc",)"
        R"( "yeu_cau_dieu_kien": "Không có thông tin",)"
        R"( "dia_chi_tiep_nhan": "- Trung tâm (số 02, đường Nguyễn Chí Thanh,\nphường Thành Sen)\n\n- Bưu điện",)"
        R"( "trinh_tu_thuc_hien": "Bước 1:\nNộp hồ sơ\nBước 2. Nhận kết quả\ntrong ngày",)"
        R"( "cach_thuc_thuc_hien": "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyếnKhông Không có thông tinQua Cổng)"
        R"(Trực tiếp3 GiờMiễn phí(Không)+ Trực tiếp: nộp tại xã"})");
    BOOST_TEST(p.code == "9.000001");
    BOOST_TEST(p.name == "Đăng ký khai sinh");
    BOOST_TEST(p.field == "Cấp, quản lý căn cước");
    BOOST_TEST(p.conditions == "");
    BOOST_TEST(p.whereToSubmit == "- Trung tâm (số 02, đường Nguyễn Chí Thanh, phường Thành Sen)\n- Bưu điện");
    BOOST_TEST_REQUIRE(p.steps.size() == 2u);
    BOOST_TEST(p.steps[0] == "Nộp hồ sơ");
    BOOST_TEST(p.steps[1] == "Nhận kết quả trong ngày");
    BOOST_TEST_REQUIRE(p.channels.size() == 2u);
    BOOST_TEST(p.channels[0].time == "Không");
    BOOST_TEST(p.channels[0].fee == "");
    BOOST_TEST(p.channels[0].description == "Qua Cổng");
    BOOST_TEST(p.channels[1].time == "3 giờ");
    BOOST_TEST(p.channels[1].feeNote == "Không");
    BOOST_TEST(p.channels[1].description == "+ Trực tiếp: nộp tại xã");  // a channel named inside a description
    BOOST_TEST(p.feeSummary() == "Miễn phí");
}

BOOST_AUTO_TEST_CASE(hostile_lines_are_skipped_with_a_reason) {
    const auto dir = test::scratchDir("procedures-hostile");
    const auto file = dir / "hostile.jsonl";
    const std::string huge(2 * 1024 * 1024, 'a');
    std::string longButFine;
    for (int i = 0; i < 300000; ++i) longButFine += "ư";  // 600 KB of two-byte characters
    {
        std::ofstream out(file, std::ios::binary);
        out << recordLine("1.000253") << "\n"                                                      // 1 ok
            << R"({"ma_thu_tuc": "9.000001", "ten_thu_tuc": "Hỏng)" << "\n"                        // 2
            << R"(["ma_thu_tuc", "9.000002"])" << "\n"                                             // 3
            << R"({"ten_thu_tuc": "Không có mã"})" << "\n"                                         // 4
            << R"({"ma_thu_tuc": "   ", "ten_thu_tuc": "Mã rỗng"})" << "\n"                        // 5
            << R"({"ma_thu_tuc": "9.000003", "ten_thu_tuc": ")" << huge << "\"}\n"                 // 6
            << "{\"ma_thu_tuc\": \"9.000004\", \"ten_thu_tuc\": \"\xC3\x28 \xFF\"}\n"              // 7
            << R"({"ma_thu_tuc": "9.000005", "ten_thu_tuc": "x", "extra": )" << std::string(100, '[')
            << std::string(100, ']') << "}\n"                                                     // 8
            << R"({"ma_thu_tuc": 9.000006, "ten_thu_tuc": "Số"})" << "\n"                         // 9
            << "   \n"                                                                             // 10 blank
            << R"({"ma_thu_tuc": "9.000007", "ten_thu_tuc": "\ud800"})" << "\n"                    // 11
            << recordLine("1.000253") << "\n"                                                      // 12 duplicate
            << recordLine("2.000815") << "\r\n"                                                    // 13 ok, CRLF
            << R"({"ma_thu_tuc": "9.000008"})" << "\n"                                             // 14
            << R"({"ma_thu_tuc": "9.000009", "ten_thu_tuc": "Dài", "yeu_cau_dieu_kien": ")" << longButFine
            << "\"}\n"                                                                             // 15 ok
            << recordLine("1.000656");                                                             // 16 ok, no newline
    }
    const auto loaded = ProcedureParser::loadFile(file);
    BOOST_TEST_REQUIRE(loaded.procedures.size() == 4u);
    BOOST_TEST(loaded.procedures[0].code == "1.000253");
    BOOST_TEST(loaded.procedures[1].code == "2.000815");
    BOOST_TEST(loaded.procedures[1].channels.size() == 2u);
    BOOST_TEST(loaded.procedures[2].code == "9.000009");
    BOOST_TEST(loaded.procedures[2].conditions.size() == 600000u);
    BOOST_TEST(loaded.procedures[3].code == "1.000656");

    const std::vector<std::pair<int, std::string>> expected = {
        {2, "invalid JSON"},
        {3, "a JSON array, not an object"},
        {4, "missing or empty ma_thu_tuc"},
        {5, "missing or empty ma_thu_tuc"},
        {6, "over the 1048576-byte limit"},
        {7, "invalid JSON"},
        {8, "nests deeper than"},
        {9, "field ma_thu_tuc is number, not a string"},
        {11, "invalid JSON"},
        {12, "duplicate ma_thu_tuc 1.000253 (first on line 1)"},
        {14, "missing or empty ten_thu_tuc"},
    };
    BOOST_TEST_REQUIRE(loaded.skipped.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto& reason = loaded.skipped[i];
        const std::string where = file.string() + ":" + std::to_string(expected[i].first) + ": ";
        BOOST_TEST(reason.starts_with(where), reason);
        BOOST_TEST(reason.find(expected[i].second) != std::string::npos, reason);
        BOOST_TEST(validUtf8(reason), reason);
        BOOST_TEST(reason.size() < 600u);
    }
}

BOOST_AUTO_TEST_CASE(parse_line_and_load_file_errors) {
    BOOST_CHECK_THROW(ProcedureParser::parseLine("{not json"), ProcedureParseError);
    BOOST_CHECK_THROW(ProcedureParser::parseLine("[]"), ProcedureParseError);
    BOOST_CHECK_THROW(ProcedureParser::parseLine("\"text\""), ProcedureParseError);
    BOOST_CHECK_THROW(ProcedureParser::parseLine(R"({"ten_thu_tuc": "x"})"), ProcedureParseError);
    BOOST_CHECK_THROW(ProcedureParser::parseLine(R"({"ma_thu_tuc": "1", "ten_thu_tuc": ""})"), ProcedureParseError);
    BOOST_CHECK_THROW(ProcedureParser::parseLine(R"({"ma_thu_tuc": "1", "ten_thu_tuc": "x", "linh_vuc": []})"),
                      ProcedureParseError);
    const std::string longCode = R"({"ma_thu_tuc": ")" + std::string(65, '9') + R"(", "ten_thu_tuc": "x"})";
    BOOST_CHECK_THROW(ProcedureParser::parseLine(longCode), ProcedureParseError);
    BOOST_CHECK_THROW(ProcedureParser::parseLine(std::string(ProcedureParser::kMaxLineBytes + 1, ' ')),
                      ProcedureParseError);
    try {
        (void)ProcedureParser::parseLine("{\"ma_thu_tuc\": \"1\", \"ten_thu_tuc\": \"\xFF\"}");
        BOOST_FAIL("expected an error");
    } catch (const ProcedureParseError& e) {
        BOOST_TEST(std::string(e.what()).starts_with("invalid JSON"));
    }
    // Null is "not given", like an absent field.
    const auto minimal = ProcedureParser::parseLine(R"({"ma_thu_tuc": "1", "ten_thu_tuc": "x", "linh_vuc": null})");
    BOOST_TEST(minimal.field == "");
    BOOST_TEST(minimal.steps.empty());
    BOOST_TEST(minimal.channels.empty());

    const auto dir = test::scratchDir("procedures-missing");
    BOOST_CHECK_THROW(ProcedureParser::loadFile(dir / "absent.jsonl"), ProcedureParseError);
    BOOST_CHECK_THROW(ProcedureParser::loadFile(dir), ProcedureParseError);
}

// Issue 18: the fee as the source states it, each sentence once, without the form's placeholders
// ("Miễn phí. Đồng (Mức lệ phí …" with the paragraph repeated per channel), on real rows.
BOOST_AUTO_TEST_CASE(fee_text_says_each_sentence_once_without_placeholders) {
    auto count = [](const std::string& text, const std::string& part) {
        std::size_t n = 0;
        for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
        return n;
    };
    const Procedure birth = record("1.001695");  // khai sinh kết hợp nhận cha, mẹ, con: "Đồng (Mức lệ phí…"
    const std::string birthFee = birth.feeText();
    BOOST_TEST(birthFee.starts_with("Miễn phí. Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh"), birthFee);
    BOOST_TEST(birthFee.find("Đồng (") == std::string::npos);
    BOOST_TEST(count(birthFee, "Miễn lệ phí cho người thuộc gia đình có công") == 1u, birthFee);

    const Procedure adoption = record("2.001263");  // "Lệ phí : 400.000 Đồng (Mức thu lệ phí…" on each channel
    const std::string adoptionFee = adoption.feeText();
    BOOST_TEST(adoptionFee.starts_with("Phí, lệ phí: 400.000 đồng. Mức thu lệ phí: 400.000đ/trường hợp."), adoptionFee);
    BOOST_TEST(adoptionFee.find("Lệ phí :") == std::string::npos);
    BOOST_TEST(count(adoptionFee, "Miễn lệ phí đăng ký nuôi con nuôi trong nước") == 1u, adoptionFee);

    const Procedure cooperative = record("1.004901");  // the same long paragraph on three channels
    const std::string cooperativeFee = cooperative.feeText();
    BOOST_TEST(count(cooperativeFee, "Người nộp hồ sơ đăng ký nộp lệ phí") == 1u, cooperativeFee);

    const Procedure waterway = record("1.005040");  // "Phí : Đồng Từ ngày 01/7/2025…"
    BOOST_TEST(waterway.feeText().find("Đồng Từ") == std::string::npos, waterway.feeText());
    BOOST_TEST(waterway.feeText().find("Phí :") == std::string::npos, waterway.feeText());
}

// No time is ever shown with a placeholder, on any bundled row.
BOOST_AUTO_TEST_CASE(no_processing_time_reads_unknown_unit) {
    const auto all = ProcedureParser::loadFile(bundledFile());
    std::size_t withTime = 0;
    for (const auto& p : all.procedures) {
        const auto time = p.processingTimeSummary();
        BOOST_TEST(time.find("không rõ") == std::string::npos, p.code << ": " << time);
        for (const auto& row : p.channels)
            if (!row.time.empty() && row.time.find_first_not_of("0123456789") == std::string::npos)
                BOOST_TEST(time.find(row.channel + ": " + row.time + ";") == std::string::npos, p.code);
        if (!time.empty()) ++withTime;
    }
    BOOST_TEST(withTime > 300u);  // most rows still say how long it takes
}

BOOST_AUTO_TEST_SUITE_END()
