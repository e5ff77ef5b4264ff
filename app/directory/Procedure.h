#pragma once
#include <string>
#include <vector>

namespace kiosk {

// One row of the portal's "Cách thức thực hiện" table: how a procedure can be submitted.
struct ProcedureChannel {
    std::string channel;      // "Trực tiếp", "Trực tuyến" or "Dịch vụ bưu chính"
    std::string time;         // "7 ngày", "4 ngày làm việc", "1 giờ", "Không quy định"; a bare "1" when the
                              // portal lost the unit; "" when not given
    std::string fee;          // "Miễn phí", "25,000 Việt Nam Đồng", "70,000 VNĐ", "10 USD"; "" when not given
    std::string feeNote;      // the text in brackets after the fee ("/trang", "Mức lệ phí cụ thể do HĐND ...")
    std::string description;  // the "Mô tả" column
    // Set only when the time's digits ran straight into the fee amount ("120 VNĐ" may be "1" + "20 VNĐ" or
    // "12" + "0 VNĐ"): the text is kept here whole and `time` and `fee` stay empty.
    std::string timeAndFee;
};

// One row of the portal's "Thành phần hồ sơ" table: a paper the resident brings.
struct ProcedureDocument {
    std::string group;     // the heading the row is listed under ("Giấy tờ phải nộp", "Lưu ý"), "" if none
    std::string name;      // the portal glues any template file name (".doc", ".docx", ".pdf") to the end of
                           // the name with no boundary, so it stays inside `name`
    std::string form;      // template file name, only when it can be told apart from the name (never, so far)
    std::string quantity;  // "1 bản chính", "1 bản chính, 1 bản sao"; "" when it could not be read
    int originals = -1;    // the counts in `quantity`, -1 when unknown
    int copies = -1;
};

struct LegalBasis {
    std::string title;  // "Luật Căn cước"
    std::string code;   // "26/2023/QH15"; the portal sometimes puts the type in front ("Luật 47/2014/QH13");
                        // "" when no code could be separated from the title
};

// An administrative procedure as the national public service portal (dichvucong.gov.vn) describes it,
// with the run-on tables of the scraped record split into rows a resident can read at the kiosk.
// Built by ProcedureParser; strings are NFC UTF-8 with whitespace normalised.
struct Procedure {
    std::string code;           // ma_thu_tuc, e.g. "1.000253"
    std::string name;           // ten_thu_tuc
    std::string field;          // linh_vuc
    std::string level;          // cap_thuc_hien
    std::string kind;           // loai_thu_tuc
    std::string ministry;       // bo_nganh, the portal's slug ("bo-cong-an")
    std::string decision;       // so_quyet_dinh
    std::string applicants;     // doi_tuong_thuc_hien
    std::string agency;         // co_quan_thuc_hien (fallback co_quan_co_tham_quyen)
    std::string whereToSubmit;  // dia_chi_tiep_nhan
    std::string conditions;     // yeu_cau_dieu_kien ("" when "Không có thông tin")
    std::string result;         // ket_qua_xu_ly without the page noise; several results one per line
    std::string detailUrl;
    std::vector<std::string> steps;  // one entry per step, "Bước N:" removed, continuation lines joined
    std::vector<ProcedureChannel> channels;
    std::vector<ProcedureDocument> documents;
    std::vector<LegalBasis> legalBasis;

    // The tables' text, kept whole when it could not be split into rows (then the vector above is empty).
    std::string channelsText;
    std::string documentsText;
    std::string legalBasisText;
    // What the parser could not do cleanly for this record, for logs and data review (English).
    std::vector<std::string> parseNotes;

    // "Trực tiếp: 7 ngày; Trực tuyến: 7 ngày", or "" if unknown. A time the portal gave without a unit
    // ("1") is left out: a number without its unit tells a resident nothing.
    std::string processingTimeSummary() const;
    // "Miễn phí", "Phí, lệ phí: 50.000 đồng", "Trực tiếp: 2.000 đồng/trang; Trực tuyến: Miễn phí", or "" if
    // unknown. The portal says "Miễn phí" whenever no amount was entered, even when its note says the
    // province sets the fee, so screens should show feeNotes() next to it.
    std::string feeSummary() const;
    // The fee notes in table order, each sentence once however many channels repeat it, without the
    // form's placeholders (a "Lệ phí :" label, a currency with no amount, "/trang" units).
    std::vector<std::string> feeNotes() const;
    // What a resident reads under "Phí, lệ phí": feeSummary() then the notes, as the source states them.
    std::string feeText() const;
    // Both summaries are defined in ProcedureParser.cpp, next to the table rules they depend on.
};

}  // namespace kiosk
