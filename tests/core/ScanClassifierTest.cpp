// What a scanned text is: our slip's tracking code, a dossier receipt code, a citizen ID card,
// or unknown — and an unknown text never reaches the log, only its length.
// The card samples are SYNTHETIC: invented names, numbers and addresses.
#include <boost/test/unit_test.hpp>

#include <random>
#include <string>
#include <variant>
#include <vector>

#include "feedback/Outbox.h"
#include "scan/ScanClassifier.h"

using namespace kiosk;
using namespace kiosk::scan;

namespace {
const std::string kCard = "079190001234||LÊ VĂN TÁM|01011985|Nam|45 Hẻm 12 Lê Văn Sỹ, Phường 13, Quận 3, TP.HCM|10082021";

// The reason of an Unknown, or a failed test for anything else.
std::string unknownReason(std::string_view text) {
    const ScannedCode code = classifyScan(text);
    const auto* unknown = std::get_if<Unknown>(&code);
    BOOST_TEST_REQUIRE(unknown != nullptr, "classified as a known code (variant index " << code.index() << ")");
    BOOST_TEST(!unknown->reason.empty());
    return unknown->reason;
}

// A tracking code whose check character is wrong: one more step along the alphabet.
std::string withWrongCheck(std::string code) {
    constexpr std::string_view alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    code.back() = alphabet[(alphabet.find(code.back()) + 1) % alphabet.size()];
    return code;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(scan_classifier)

BOOST_AUTO_TEST_CASE(our_slip_gives_its_tracking_code) {
    for (int i = 0; i < 50; ++i) {
        const std::string code = newTrackingCode();
        const ScannedCode scanned = classifyScan(code);
        const auto* report = std::get_if<OurReport>(&scanned);
        BOOST_TEST_REQUIRE(report != nullptr, code);
        BOOST_TEST(report->trackingCode == code);
    }
    const std::string code = newTrackingCode();
    std::string lower = code;
    for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    const ScannedCode scanned = classifyScan(lower);
    BOOST_TEST_REQUIRE(std::holds_alternative<OurReport>(scanned));
    BOOST_TEST(std::get<OurReport>(scanned).trackingCode == code);
    // A code with a wrong check character is no report of ours.
    unknownReason(withWrongCheck(code));
}

BOOST_AUTO_TEST_CASE(a_slip_of_any_kiosk_gives_its_ward_code_and_the_city_id) {
    const std::string code = newTrackingCode("26743");
    ScannedCode scanned = classifyScan(code);  // printed before the city had it
    BOOST_TEST_REQUIRE(std::holds_alternative<OurReport>(scanned));
    BOOST_TEST(std::get<OurReport>(scanned).trackingCode == code);
    BOOST_TEST(std::get<OurReport>(scanned).serviceRequestId.empty());
    scanned = classifyScan("PAKN/1/" + code + "/HCM-000123");
    BOOST_TEST_REQUIRE(std::holds_alternative<OurReport>(scanned));
    BOOST_TEST(std::get<OurReport>(scanned).trackingCode == code);
    BOOST_TEST(std::get<OurReport>(scanned).serviceRequestId == "HCM-000123");
    // A payload that breaks a rule is no report: the reason names the rule, never the text.
    const std::string reason = unknownReason("PAKN/1/" + withWrongCheck(code) + "/HCM-000123");
    BOOST_TEST(reason.find("tracking code") != std::string::npos, reason);
    BOOST_TEST(reason.find("HCM") == std::string::npos, reason);
    unknownReason("PAKN/2/" + code + "/HCM-000123");
    unknownReason("PAKN/1/" + code + "/HCM 000123");
}

BOOST_AUTO_TEST_CASE(dossier_receipt_codes_are_recognised_and_upper_cased) {
    const std::vector<std::pair<std::string, std::string>> good = {
        {"H29.22-241128-0001", "H29.22-241128-0001"},
        {"h29.22-241128-000123", "H29.22-241128-000123"},
        {"000.00.19.H29-240229-00045", "000.00.19.H29-240229-00045"},
        {"UBND-251231-9999", "UBND-251231-9999"},
    };
    for (const auto& [text, canonical] : good) {
        const ScannedCode scanned = classifyScan(text);
        const auto* dossier = std::get_if<Dossier>(&scanned);
        BOOST_TEST_REQUIRE(dossier != nullptr, text);
        BOOST_TEST(dossier->code == canonical);
    }
}

BOOST_AUTO_TEST_CASE(malformed_dossier_codes_are_unknown) {
    for (const std::string bad : {
             "H2-241128-0001",                               // agency of 2 characters
             "ABCDEFGHIJKLMNOPQRSTUVWXYZ12345-241128-0001",  // agency of 31
             ".H29-241128-0001",                             // starts with a dot
             "H29.-241128-0001",                             // ends with a dot
             "H29_22-241128-0001",                           // underscore
             "HỒ29-241128-0001",                             // a letter outside ASCII
             "H29.22-241332-0001",                           // month 13
             "H29.22-241132-0001",                           // day 32
             "H29.22-241128-001",                            // sequence of 3 digits
             "H29.22-241128-0000001",                        // sequence of 7 digits
             "H29.22-24112-80001",                           // date of 5 digits
             "H29.22-241128-0001-2",                         // a fourth part
             "H29.22-241128-00A1",                           // letter in the sequence
             "H29.22 241128 0001",                           // spaces for dashes
             "H29.22--241128-0001",                          // empty date
         })
        BOOST_TEST(!std::holds_alternative<Dossier>(classifyScan(bad)), bad);
}

BOOST_AUTO_TEST_CASE(a_citizen_id_card_is_read) {
    const ScannedCode scanned = classifyScan(kCard);
    const auto* cccd = std::get_if<Cccd>(&scanned);
    BOOST_TEST_REQUIRE(cccd != nullptr);
    BOOST_TEST(cccd->card.citizenId == "079190001234");
    BOOST_TEST(cccd->card.fullName == "LÊ VĂN TÁM");
    BOOST_TEST(cccd->card.birthDate == "1985-01-01");
    BOOST_TEST(cccd->card.issueDate == "2021-08-10");
    BOOST_TEST(maskCitizenId(cccd->card.citizenId) == "079******234");
}

BOOST_AUTO_TEST_CASE(a_broken_card_is_unknown_and_its_reason_holds_none_of_it) {
    const std::string broken = "079190001234||LÊ VĂN TÁM|31021985|Nam|45 Hẻm 12 Lê Văn Sỹ|10082021";
    const std::string reason = unknownReason(broken);
    BOOST_TEST(reason.find("citizen ID card") != std::string::npos, reason);
    BOOST_TEST(reason.find("field 4") != std::string::npos, reason);
    BOOST_TEST(reason.find("079190001234") == std::string::npos);
    BOOST_TEST(reason.find("TÁM") == std::string::npos);
    BOOST_TEST(reason.find("31021985") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(anything_else_is_unknown_with_only_its_length_in_the_reason) {
    const std::vector<std::string> others = {
        "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?ma=H29.22-241128-0001",
        "WIFI:T:WPA;S:PhuongBenThanh;P:secret-password;;",
        "BEGIN:VCARD\nFN:Nguyen Van A\nEND:VCARD",
        "'; DROP TABLE reports; --",
        "<img src=x onerror=alert(1)>",
        "PA-7K3M",  // a tracking code cut short
        "00020101021238570010A000000727012700069704220113VQRQA1234567890",  // a VietQR payment code
        std::string("secret\0tail", 11),
        "secret\xE2\x80\xAEtxt.exe",
        "secret\xC3\x28",
        "secret\x1B[2J",
    };
    for (const std::string& text : others) {
        const std::string reason = unknownReason(text);
        BOOST_TEST(reason.find(std::to_string(text.size()) + " bytes") != std::string::npos, reason);
        BOOST_TEST(reason.find("secret") == std::string::npos, reason);
        BOOST_TEST(reason.find(text.substr(0, 6)) == std::string::npos, reason);
    }
    BOOST_TEST(unknownReason("") == "empty");
}

BOOST_AUTO_TEST_CASE(two_kilobytes_or_more_are_refused_unread) {
    BOOST_TEST(unknownReason(std::string(kScannedBytesLimit, 'A')).find("too long (2048 bytes, more than the limit 2047)") !=
               std::string::npos);
    // One byte less is read (and is still nothing we know).
    BOOST_TEST(unknownReason(std::string(kScannedBytesLimit - 1, 'A')).find("too long") == std::string::npos);
    // A valid card padded past the limit with extra fields is refused before it is parsed.
    const std::string padded = kCard + "|" + std::string(kScannedBytesLimit, 'B');
    BOOST_TEST(unknownReason(padded).find("too long") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(random_bytes_never_crash_nor_reach_the_log) {
    std::mt19937 random(8);
    std::uniform_int_distribution<int> byte(0, 255);
    for (int round = 0; round < 5000; ++round) {
        std::string text(static_cast<std::size_t>(1 + byte(random) * 10), '\0');
        for (char& c : text) c = static_cast<char>(0x21 + byte(random) % 94);  // printable ASCII
        if (round % 2 == 1) text[static_cast<std::size_t>(byte(random)) % text.size()] = static_cast<char>(byte(random));
        ScannedCode scanned;
        BOOST_REQUIRE_NO_THROW(scanned = classifyScan(text));
        if (const auto* unknown = std::get_if<Unknown>(&scanned); unknown && text.size() >= 8)
            BOOST_REQUIRE(unknown->reason.find(text.substr(text.size() / 2 - 4, 8)) == std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()
