#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "input/VietnameseInput.h"

using namespace kiosk;
using namespace kiosk::input;

namespace {

// One word (or name) typed from scratch: its Telex keys, its VNI keys, and what both give in the
// classic style and in the modern one (empty: the same as classic). The expected words were written
// out by hand, never produced by the engine.
struct Word {
    std::string_view telex;
    std::string_view vni;
    std::string_view classic;
    std::string_view modern;
};

// Most rows type each letter with its mark right after it and the tone key at the end of the word
// (the usual way); the last rows type the same words in other orders that Unikey also accepts.
const std::vector<Word> kWords = {
    // Every tone on every vowel: a ă â e ê i o ô ơ u ư y, lower case, then upper case.
    {"ba", "ba", "ba", ""},
    {"mas", "ma1", "má", ""},
    {"baf", "ba2", "bà", ""},
    {"car", "ca3", "cả", ""},
    {"max", "ma4", "mã", ""},
    {"taj", "ta5", "tạ", ""},
    {"awn", "a8n", "ăn", ""},
    {"mawts", "ma8t1", "mắt", ""},
    {"bawngf", "ba8ng2", "bằng", ""},
    {"cawngr", "ca8ng3", "cẳng", ""},
    {"Nawngx", "Na8ng4", "Nẵng", ""},
    {"mawtj", "ma8t5", "mặt", ""},
    {"caan", "ca6n", "cân", ""},
    {"caaps", "ca6p1", "cấp", ""},
    {"caanf", "ca6n2", "cần", ""},
    {"caanr", "ca6n3", "cẩn", ""},
    {"laanx", "la6n4", "lẫn", ""},
    {"caanj", "ca6n5", "cận", ""},
    {"em", "em", "em", ""},
    {"xes", "xe1", "xé", ""},
    {"mef", "me2", "mè", ""},
    {"mer", "me3", "mẻ", ""},
    {"vex", "ve4", "vẽ", ""},
    {"mej", "me5", "mẹ", ""},
    {"teen", "te6n", "tên", ""},
    {"teets", "te6t1", "tết", ""},
    {"beenf", "be6n2", "bền", ""},
    {"keer", "ke63", "kể", ""},
    {"deex", "de64", "dễ", ""},
    {"leej", "le65", "lệ", ""},
    {"ddi", "d9i", "đi", ""},
    {"chis", "chi1", "chí", ""},
    {"chif", "chi2", "chì", ""},
    {"chir", "chi3", "chỉ", ""},
    {"nghix", "nghi4", "nghĩ", ""},
    {"chij", "chi5", "chị", ""},
    {"co", "co", "co", ""},
    {"cos", "co1", "có", ""},
    {"cof", "co2", "cò", ""},
    {"cor", "co3", "cỏ", ""},
    {"ngox", "ngo4", "ngõ", ""},
    {"hoj", "ho5", "họ", ""},
    {"coo", "co6", "cô", ""},
    {"coos", "co61", "cố", ""},
    {"hoof", "ho62", "hồ", ""},
    {"coor", "co63", "cổ", ""},
    {"coox", "co64", "cỗ", ""},
    {"coongj", "co6ng5", "cộng", ""},
    {"cow", "co7", "cơ", ""},
    {"cows", "co71", "cớ", ""},
    {"cowf", "co72", "cờ", ""},
    {"owr", "o73", "ở", ""},
    {"cowx", "co74", "cỡ", ""},
    {"bowj", "bo75", "bợ", ""},
    {"tu", "tu", "tu", ""},
    {"tus", "tu1", "tú", ""},
    {"tuf", "tu2", "tù", ""},
    {"tur", "tu3", "tủ", ""},
    {"vux", "vu4", "vũ", ""},
    {"tuj", "tu5", "tụ", ""},
    {"tuw", "tu7", "tư", ""},
    {"tuws", "tu71", "tứ", ""},
    {"tuwf", "tu72", "từ", ""},
    {"tuwr", "tu73", "tử", ""},
    {"giuwx", "giu74", "giữ", ""},
    {"tuwj", "tu75", "tự", ""},
    {"y", "y", "y", ""},
    {"ys", "y1", "ý", ""},
    {"kyf", "ky2", "kỳ", ""},
    {"kyr", "ky3", "kỷ", ""},
    {"kyx", "ky4", "kỹ", ""},
    {"kyj", "ky5", "kỵ", ""},
    // Upper case.
    {"As", "A1", "Á", ""},
    {"Af", "A2", "À", ""},
    {"Ar", "A3", "Ả", ""},
    {"Ax", "A4", "Ã", ""},
    {"Aj", "A5", "Ạ", ""},
    {"AWN", "A8N", "ĂN", ""},
    {"AWTS", "A8T1", "ẮT", ""},
    {"AWNGF", "A8NG2", "ẰNG", ""},
    {"AWNGR", "A8NG3", "ẲNG", ""},
    {"AWNGX", "A8NG4", "ẴNG", ""},
    {"AWTJ", "A8T5", "ẶT", ""},
    {"AA", "A6", "Â", ""},
    {"AAMS", "A6M1", "ẤM", ""},
    {"AAMF", "A6M2", "ẦM", ""},
    {"AAMR", "A6M3", "ẨM", ""},
    {"AANX", "A6N4", "ẪN", ""},
    {"AAMJ", "A6M5", "ẬM", ""},
    {"Es", "E1", "É", ""},
    {"Ef", "E2", "È", ""},
    {"Er", "E3", "Ẻ", ""},
    {"Ex", "E4", "Ẽ", ""},
    {"Ej", "E5", "Ẹ", ""},
    {"EE", "E6", "Ê", ""},
    {"EEs", "E61", "Ế", ""},
    {"EEf", "E62", "Ề", ""},
    {"EEr", "E63", "Ể", ""},
    {"EEx", "E64", "Ễ", ""},
    {"EEj", "E65", "Ệ", ""},
    {"Is", "I1", "Í", ""},
    {"If", "I2", "Ì", ""},
    {"Ir", "I3", "Ỉ", ""},
    {"Ix", "I4", "Ĩ", ""},
    {"Ij", "I5", "Ị", ""},
    {"Os", "O1", "Ó", ""},
    {"Of", "O2", "Ò", ""},
    {"Or", "O3", "Ỏ", ""},
    {"Ox", "O4", "Õ", ""},
    {"Oj", "O5", "Ọ", ""},
    {"OO", "O6", "Ô", ""},
    {"OOs", "O61", "Ố", ""},
    {"OOf", "O62", "Ồ", ""},
    {"OOr", "O63", "Ổ", ""},
    {"OOx", "O64", "Ỗ", ""},
    {"OOj", "O65", "Ộ", ""},
    {"OW", "O7", "Ơ", ""},
    {"OWs", "O71", "Ớ", ""},
    {"OWf", "O72", "Ờ", ""},
    {"OWr", "O73", "Ở", ""},
    {"OWx", "O74", "Ỡ", ""},
    {"OWj", "O75", "Ợ", ""},
    {"Us", "U1", "Ú", ""},
    {"Uf", "U2", "Ù", ""},
    {"Ur", "U3", "Ủ", ""},
    {"Ux", "U4", "Ũ", ""},
    {"Uj", "U5", "Ụ", ""},
    {"UW", "U7", "Ư", ""},
    {"UWs", "U71", "Ứ", ""},
    {"UWf", "U72", "Ừ", ""},
    {"UWr", "U73", "Ử", ""},
    {"UWx", "U74", "Ữ", ""},
    {"UWj", "U75", "Ự", ""},
    {"Ys", "Y1", "Ý", ""},
    {"Yf", "Y2", "Ỳ", ""},
    {"Yr", "Y3", "Ỷ", ""},
    {"Yx", "Y4", "Ỹ", ""},
    {"Yj", "Y5", "Ỵ", ""},
    // ươ.
    {"nguwowif", "ngu7o7i2", "người", ""},
    {"dduwowcj", "d9u7o7c5", "được", ""},
    {"truwowngf", "tru7o7ng2", "trường", ""},
    {"nuwowcs", "nu7o7c1", "nước", ""},
    {"ruwowuj", "ru7o7u5", "rượu", ""},
    {"thuwowng", "thu7o7ng", "thương", ""},
    {"muwowif", "mu7o7i2", "mười", ""},
    {"luwowis", "lu7o7i1", "lưới", ""},
    {"dduwowngf", "d9u7o7ng2", "đường", ""},
    {"tuwowi", "tu7o7i", "tươi", ""},
    {"vuwownf", "vu7o7n2", "vườn", ""},
    {"huwowng", "hu7o7ng", "hương", ""},
    {"suwowng", "su7o7ng", "sương", ""},
    {"buwowir", "bu7o7i3", "bưởi", ""},
    {"cuwowif", "cu7o7i2", "cười", ""},
    {"muwownj", "mu7o7n5", "mượn", ""},
    {"phuwowngf", "phu7o7ng2", "phường", ""},
    {"luwowng", "lu7o7ng", "lương", ""},
    {"thuwowcs", "thu7o7c1", "thước", ""},
    {"uwowcs", "u7o7c1", "ước", ""},
    // qu and gi.
    {"quoocs", "quo6c1", "quốc", ""},
    {"quys", "quy1", "quý", ""},
    {"quyeenf", "quye6n2", "quyền", ""},
    {"quar", "qua3", "quả", ""},
    {"giuwx", "giu74", "giữ", ""},
    {"ginf", "gin2", "gìn", ""},
    {"giuwowngf", "giu7o7ng2", "giường", ""},
    {"giaays", "gia6y1", "giấy", ""},
    {"gif", "gi2", "gì", ""},
    {"quaanj", "qua6n5", "quận", ""},
    {"queen", "que6n", "quên", ""},
    {"quanh", "quanh", "quanh", ""},
    {"quee", "que6", "quê", ""},
    {"quyeets", "quye6t1", "quyết", ""},
    {"gias", "gia1", "giá", ""},
    {"giaf", "gia2", "già", ""},
    {"giups", "giup1", "giúp", ""},
    {"giowf", "gio72", "giờ", ""},
    {"gioir", "gioi3", "giỏi", ""},
    {"gia", "gia", "gia", ""},
    {"gieengs", "gie6ng1", "giếng", ""},
    {"quaj", "qua5", "quạ", ""},
    {"quynhf", "quynh2", "quỳnh", ""},
    // oa, oe, uy: the style decides (classic, modern).
    {"hoaf", "hoa2", "hòa", "hoà"},
    {"hoef", "hoe2", "hòe", "hoè"},
    {"thuyr", "thuy3", "thủy", "thuỷ"},
    {"khoer", "khoe3", "khỏe", "khoẻ"},
    {"hoaj", "hoa5", "họa", "hoạ"},
    {"luyx", "luy4", "lũy", "luỹ"},
    {"toar", "toa3", "tỏa", "toả"},
    {"khoas", "khoa1", "khóa", "khoá"},
    {"xoas", "xoa1", "xóa", "xoá"},
    {"thoar", "thoa3", "thỏa", "thoả"},
    {"xoef", "xoe2", "xòe", "xoè"},
    {"loef", "loe2", "lòe", "loè"},
    {"tuys", "tuy1", "túy", "tuý"},
    {"huyr", "huy3", "hủy", "huỷ"},
    {"Uyr", "Uy3", "Ủy", "Uỷ"},
    {"tuyf", "tuy2", "tùy", "tuỳ"},
    {"luyj", "luy5", "lụy", "luỵ"},
    {"nhoef", "nhoe2", "nhòe", "nhoè"},
    {"ddoas", "d9oa1", "đóa", "đoá"},
    {"hoas", "hoa1", "hóa", "hoá"},
    {"Thuys", "Thuy1", "Thúy", "Thuý"},
    {"HOAF", "HOA2", "HÒA", "HOÀ"},
    {"hoanf", "hoan2", "hoàn", ""},
    // oa, oe, uy with a final consonant, three vowels: the style does not matter.
    {"toans", "toan1", "toán", ""},
    {"khoangr", "khoang3", "khoảng", ""},
    {"hoachj", "hoach5", "hoạch", ""},
    {"loanj", "loan5", "loạn", ""},
    {"hoangf", "hoang2", "hoàng", ""},
    {"huynhf", "huynh2", "huỳnh", ""},
    {"khuynhf", "khuynh2", "khuỳnh", ""},
    {"tuyeenr", "tuye6n3", "tuyển", ""},
    {"khoets", "khoet1", "khoét", ""},
    {"xoawns", "xoa8n1", "xoắn", ""},
    {"hoawcj", "hoa8c5", "hoặc", ""},
    {"huychs", "huych1", "huých", ""},
    {"khoans", "khoan1", "khoán", ""},
    {"ngoawtj", "ngoa8t5", "ngoặt", ""},
    {"hoatj", "hoat5", "hoạt", ""},
    {"thuyeenf", "thuye6n2", "thuyền", ""},
    {"nguyeenj", "nguye6n5", "nguyện", ""},
    {"khuyeets", "khuye6t1", "khuyết", ""},
    {"toanf", "toan2", "toàn", ""},
    {"ngoais", "ngoai1", "ngoái", ""},
    {"ngoaif", "ngoai2", "ngoài", ""},
    {"khuyur", "khuyu3", "khuỷu", ""},
    {"xoays", "xoay1", "xoáy", ""},
    {"ngoays", "ngoay1", "ngoáy", ""},
    {"hoaif", "hoai2", "hoài", ""},
    {"khoai", "khoai", "khoai", ""},
    {"tuooir", "tuo6i3", "tuổi", ""},
    {"chuoois", "chuo6i1", "chuối", ""},
    {"cuoois", "cuo6i1", "cuối", ""},
    {"muoois", "muo6i1", "muối", ""},
    {"yeeus", "ye6u1", "yếu", ""},
    {"hieeur", "hie6u3", "hiểu", ""},
    {"nhieeuf", "nhie6u2", "nhiều", ""},
    {"khuaays", "khua6y1", "khuấy", ""},
    // Other two-vowel words, đ, initials that are also tone keys, words that are only a vowel.
    {"mais", "mai1", "mái", ""},
    {"chaos", "chao1", "cháo", ""},
    {"mias", "mia1", "mía", ""},
    {"muas", "mua1", "múa", ""},
    {"tuis", "tui1", "túi", ""},
    {"guwir", "gu7i3", "gửi", ""},
    {"meof", "meo2", "mèo", ""},
    {"mauf", "mau2", "màu", ""},
    {"maay", "ma6y", "mây", ""},
    {"cais", "cai1", "cái", ""},
    {"hoir", "hoi3", "hỏi", ""},
    {"muaf", "mua2", "mùa", ""},
    {"cuar", "cua3", "của", ""},
    {"buwax", "bu7a4", "bữa", ""},
    {"luwar", "lu7a3", "lửa", ""},
    {"cuwus", "cu7u1", "cứu", ""},
    {"huwu", "hu7u", "hưu", ""},
    {"ddooi", "d9o6i", "đôi", ""},
    {"chiaf", "chia2", "chìa", ""},
    {"nois", "noi1", "nói", ""},
    {"mowis", "mo7i1", "mới", ""},
    {"trowif", "tro7i2", "trời", ""},
    {"ddas", "d9a1", "đá", ""},
    {"ddax", "d9a4", "đã", ""},
    {"ddos", "d9o1", "đó", ""},
    {"ddaay", "d9a6y", "đây", ""},
    {"ddeeuf", "d9e6u2", "đều", ""},
    {"ddungs", "d9ung1", "đúng", ""},
    {"ddaats", "d9a6t1", "đất", ""},
    {"ddoongf", "d9o6ng2", "đồng", ""},
    {"ddeens", "d9e6n1", "đến", ""},
    {"DDuwcs", "D9u7c1", "Đức", ""},
    {"ddepj", "d9ep5", "đẹp", ""},
    {"ddaauf", "d9a6u2", "đầu", ""},
    {"ddocj", "d9oc5", "đọc", ""},
    {"ddieenj", "d9ie6n5", "điện", ""},
    {"sangs", "sang1", "sáng", ""},
    {"xanh", "xanh", "xanh", ""},
    {"raats", "ra6t1", "rất", ""},
    {"rooif", "ro6i2", "rồi", ""},
    {"uwf", "u72", "ừ", ""},
    {"aays", "a6y1", "ấy", ""},
    {"uwowts", "u7o7t1", "ướt", ""},
    {"oong", "o6ng", "ông", ""},
    {"owi", "o7i", "ơi", ""},
    {"aj", "a5", "ạ", ""},
    // Full names.
    {"Nguyeenx Thij Hoaf", "Nguye6n4 Thi5 Hoa2", "Nguyễn Thị Hòa", "Nguyễn Thị Hoà"},
    {"Traanf Vawn DDuwcs", "Tra6n2 Va8n D9u7c1", "Trần Văn Đức", ""},
    {"Lee Thij Huwowng", "Le6 Thi5 Hu7o7ng", "Lê Thị Hương", ""},
    {"Phamj Quoocs Vieetj", "Pham5 Quo6c1 Vie6t5", "Phạm Quốc Việt", ""},
    {"Vox Thij Saus", "Vo4 Thi5 Sau1", "Võ Thị Sáu", ""},
    {"Huynhf Taans Phats", "Huynh2 Ta6n1 Phat1", "Huỳnh Tấn Phát", ""},
    {"DDawngj Thuyf Traam", "D9a8ng5 Thuy2 Tra6m", "Đặng Thùy Trâm", "Đặng Thuỳ Trâm"},
    {"Ngoo Baor Chaau", "Ngo6 Bao3 Cha6u", "Ngô Bảo Châu", ""},
    {"Buif Thij Xuaan", "Bui2 Thi5 Xua6n", "Bùi Thị Xuân", ""},
    {"Hoof Chis Minh", "Ho62 Chi1 Minh", "Hồ Chí Minh", ""},
    {"Lys Thuwowngf Kieetj", "Ly1 Thu7o7ng2 Kie6t5", "Lý Thường Kiệt", ""},
    {"Phan DDinhf Phungf", "Phan D9inh2 Phung2", "Phan Đình Phùng", ""},
    {"Uyr ban nhaan daan", "Uy3 ban nha6n da6n", "Ủy ban nhân dân", "Uỷ ban nhân dân"},
    {"Phuwowngf Saif Gonf", "Phu7o7ng2 Sai2 Gon2", "Phường Sài Gòn", ""},
    {"NGUYEENX VAWN AN", "NGUYE6N4 VA8N AN", "NGUYỄN VĂN AN", ""},
    {"Hoof Thij Thuyr", "Ho62 Thi5 Thuy3", "Hồ Thị Thủy", "Hồ Thị Thuỷ"},
    // Other typing orders: tone before the vowel or the mark, marks after the final consonant.
    {"hofa", "ho2a", "hòa", "hoà"},
    {"Hoaf", "Hoa2", "Hòa", "Hoà"},
    {"hOAF", "hOA2", "hÒA", "hOÀ"},
    {"hoafn", "hoa2n", "hoàn", ""},
    {"doongfd", "do6ng29", "đồng", ""},
    {"ddoongf", "d9o6ng2", "đồng", ""},
    {"tiengse", "tieng16", "tiếng", ""},
    {"nguoiwf", "nguoi72", "người", ""},
    {"ngwowif", "ngu7o7i2", "người", ""},
    {"truongwf", "truong72", "trường", ""},
    {"Nguyenxe", "Nguyen46", "Nguyễn", ""},
    {"dduowngf", "d9uo7ng2", "đường", ""},
    {"duongwfd", "duong729", "đường", ""},
    {"vietej", "viet56", "việt", ""},
    {"giuxw", "giu47", "giữ", ""},
    {"hoacjw", "hoac58", "hoặc", ""},
    {"thury", "thu3y", "thủy", "thuỷ"},
    {"khuyru", "khuy3u", "khuỷu", ""},
    {"quyenfe", "quyen26", "quyền", ""},
    {"nuocws", "nuoc17", "nước", ""},
    {"ruouwj", "ruou75", "rượu", ""},
    {"DDUWOWNGF", "D9U7O7NG2", "ĐƯỜNG", ""},
    {"Dd", "D9", "Đ", ""},
    {"nGUYEENX", "nGUYE6N4", "nGUYỄN", ""},
};

std::string_view expectedFor(const Word& word, ToneStyle style) {
    return style == ToneStyle::Modern && !word.modern.empty() ? word.modern : word.classic;
}

// Decodes UTF-8 for the checks below, independently of the engine.
std::u32string utf32(std::string_view text) {
    std::u32string out;
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        char32_t c = length == 1 ? lead : length == 2 ? lead & 0x1F : length == 3 ? lead & 0x0F : lead & 0x07;
        for (std::size_t k = 1; k < length; ++k) c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        out += c;
        i += length;
    }
    return out;
}

std::string typeAll(VietnameseComposer& composer, std::string text, std::string_view keys) {
    for (const char32_t key : utf32(keys)) text = composer.type(text, key);
    return text;
}

std::string byTelex(std::string_view keys, ToneStyle style = ToneStyle::Classic) {
    return compose(keys, InputMethod::Telex, style);
}

std::string byVni(std::string_view keys, ToneStyle style = ToneStyle::Classic) {
    return compose(keys, InputMethod::Vni, style);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(telex)

BOOST_AUTO_TEST_CASE(table_words_in_both_styles) {
    for (const auto& word : kWords) {
        for (const auto style : {ToneStyle::Classic, ToneStyle::Modern}) {
            const std::string got = byTelex(word.telex, style);
            BOOST_TEST(got == expectedFor(word, style), word.telex << (style == ToneStyle::Modern ? " (modern)" : ""));
        }
    }
}

BOOST_AUTO_TEST_CASE(table_is_large_and_has_all_72_toned_vowels) {
    BOOST_TEST(kWords.size() >= 200u);
    const std::u32string lower = U"aáàảãạăắằẳẵặâấầẩẫậeéèẻẽẹêếềểễệiíìỉĩịoóòỏõọôốồổỗộơớờởỡợuúùủũụưứừửữựyýỳỷỹỵ";
    const std::u32string upper = U"AÁÀẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬEÉÈẺẼẸÊẾỀỂỄỆIÍÌỈĨỊOÓÒỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢUÚÙỦŨỤƯỨỪỬỮỰYÝỲỶỸỴ";
    BOOST_TEST_REQUIRE(lower.size() == 72u);
    BOOST_TEST_REQUIRE(upper.size() == 72u);
    std::u32string seen;
    for (const auto& word : kWords) seen += utf32(word.classic) + utf32(word.modern);
    std::size_t upperSeen = 0;
    for (std::size_t i = 0; i < lower.size(); ++i) {
        const bool hasLower = seen.find(lower[i]) != std::u32string::npos;
        const bool hasUpper = seen.find(upper[i]) != std::u32string::npos;
        BOOST_TEST((hasLower || hasUpper), "vowel form " << i << " of 72 is missing from the table");
        if (hasUpper) ++upperSeen;
    }
    BOOST_TEST(upperSeen >= 60u);
}

BOOST_AUTO_TEST_CASE(the_tone_moves_as_letters_are_typed) {
    VietnameseComposer classic(InputMethod::Telex, ToneStyle::Classic);
    std::string text = typeAll(classic, "", "hoaf");
    BOOST_TEST(text == "hòa");
    text = classic.type(text, U'n');
    BOOST_TEST(text == "hoàn");
    BOOST_TEST(byTelex("khuyr") == "khủy");
    BOOST_TEST(byTelex("khuyru") == "khuỷu");  // a third vowel takes it to the middle
    BOOST_TEST(byTelex("khuyr", ToneStyle::Modern) == "khuỷ");
    BOOST_TEST(byTelex("tuoir") == "tuỏi");    // three plain vowels: the middle one, until the mark
    BOOST_TEST(byTelex("tuoiro") == "tuổi");
}

BOOST_AUTO_TEST_CASE(tone_keys_replace_remove_and_respect_stop_finals) {
    BOOST_TEST(byTelex("asf") == "à");
    BOOST_TEST(byTelex("ajs") == "á");
    BOOST_TEST(byTelex("asz") == "a");
    BOOST_TEST(byTelex("az") == "az");           // z with no tone is a letter
    BOOST_TEST(byTelex("Nguyeenxz") == "Nguyên");
    BOOST_TEST(byTelex("mats") == "mát");
    BOOST_TEST(byTelex("matj") == "mạt");
    BOOST_TEST(byTelex("sachj") == "sạch");
    BOOST_TEST(byTelex("matf") == "matf");       // huyền cannot stand before t
    BOOST_TEST(byTelex("hopr") == "hopr");
    BOOST_TEST(byTelex("s") == "s");             // no vowel: a letter
    BOOST_TEST(byTelex("bus") == "bú");
}

BOOST_AUTO_TEST_CASE(repeating_a_key_undoes_it_and_the_rest_of_the_word_is_literal) {
    BOOST_TEST(byTelex("ass") == "as");
    BOOST_TEST(byTelex("asss") == "ass");
    BOOST_TEST(byTelex("ASS") == "AS");
    BOOST_TEST(byTelex("aaa") == "aa");
    BOOST_TEST(byTelex("aaas") == "aas");        // literal: no sắc on the second try
    BOOST_TEST(byTelex("ooo") == "oo");
    BOOST_TEST(byTelex("eee") == "ee");
    BOOST_TEST(byTelex("ddd") == "dd");
    BOOST_TEST(byTelex("aww") == "aw");
    BOOST_TEST(byTelex("uww") == "uw");
    BOOST_TEST(byTelex("uoww") == "uow");
    BOOST_TEST(byTelex("hoaff") == "hoaf");
    BOOST_TEST(byTelex("ass ass") == "as as");   // a new word starts afresh
    BOOST_TEST(byTelex("ass as") == "as á");
}

BOOST_AUTO_TEST_CASE(w_alone_is_u_horn_and_twice_is_w) {
    BOOST_TEST(byTelex("w") == "ư");
    BOOST_TEST(byTelex("W") == "Ư");
    BOOST_TEST(byTelex("nhw") == "như");
    BOOST_TEST(byTelex("trwf") == "trừ");
    BOOST_TEST(byTelex("ww") == "w");
    BOOST_TEST(byTelex("Ww") == "W");
    BOOST_TEST(byTelex("www") == "ww");
    BOOST_TEST(byTelex("nhww") == "nhw");
    BOOST_TEST(byTelex("blw") == "blw");         // no valid initial: a letter
}

BOOST_AUTO_TEST_CASE(w_targets) {
    BOOST_TEST(byTelex("aw") == "ă");
    BOOST_TEST(byTelex("aaw") == "ă");           // â becomes ă
    BOOST_TEST(byTelex("awa") == "â");           // and back
    BOOST_TEST(byTelex("uow") == "ươ");
    BOOST_TEST(byTelex("uwow") == "ươ");
    BOOST_TEST(byTelex("muaw") == "mưa");        // first of a, o, u
    BOOST_TEST(byTelex("hoawcj") == "hoặc");     // but the a of "oa"
    BOOST_TEST(byTelex("xoawn") == "xoăn");
    BOOST_TEST(byTelex("oiw") == "ơi");
    BOOST_TEST(byTelex("tiw") == "tiw");         // nothing to mark: a letter
    BOOST_TEST(byTelex("muowno") == "muôn");     // a circumflex on the ơ of ươ takes both horns away
}

BOOST_AUTO_TEST_CASE(marks_after_the_final_consonant) {
    BOOST_TEST(byTelex("tieng") == "tieng");
    BOOST_TEST(byTelex("tienge") == "tiêng");
    BOOST_TEST(byTelex("dongd") == "đong");
    BOOST_TEST(byTelex("duongwfd") == "đường");
}

BOOST_AUTO_TEST_CASE(key_case_is_ignored_letter_case_is_kept) {
    BOOST_TEST(byTelex("NGUYEENX") == "NGUYỄN");
    BOOST_TEST(byTelex("DD") == "Đ");
    BOOST_TEST(byTelex("Dd") == "Đ");
    BOOST_TEST(byTelex("dD") == "đ");
    BOOST_TEST(byTelex("Aa") == "Â");
    BOOST_TEST(byTelex("aA") == "â");
    BOOST_TEST(byTelex("AS") == "Á");
    BOOST_TEST(byTelex("aS") == "á");
    BOOST_TEST(byTelex("tHUYR", ToneStyle::Modern) == "tHUỶ");
}

BOOST_AUTO_TEST_CASE(non_syllables_and_digits_stay_as_typed) {
    BOOST_TEST(byTelex("xyz") == "xyz");
    BOOST_TEST(byTelex("class") == "class");
    BOOST_TEST(byTelex("email") == "email");
    BOOST_TEST(byTelex("string") == "string");
    BOOST_TEST(byTelex("http") == "http");
    BOOST_TEST(byTelex("2024") == "2024");
    BOOST_TEST(byTelex("a1s") == "a1s");         // the digit ends the word
    BOOST_TEST(byTelex("ha2s") == "ha2s");
    BOOST_TEST(byTelex("0903123456") == "0903123456");
    BOOST_TEST(byTelex("Q.1, P.Sai Gon") == "Q.1, P.Sai Gon");
}

BOOST_AUTO_TEST_CASE(typing_after_existing_text) {
    VietnameseComposer composer(InputMethod::Telex, ToneStyle::Classic);
    BOOST_TEST(typeAll(composer, "Nguyễn ", "Thij") == "Nguyễn Thị");
    composer.reset();
    BOOST_TEST(composer.type("hòa", U's') == "hóa");
    composer.reset();
    BOOST_TEST(composer.type("Hoà", U'n') == "Hoàn");
    composer.reset();
    BOOST_TEST(composer.type("Hoà", U'j') == "Họa");  // a modern word re-placed in the classic style
    composer.reset();
    BOOST_TEST(composer.type("việ", U't') == "việt");
    composer.reset();
    BOOST_TEST(composer.type("Nguyễn", U'z') == "Nguyên");
    composer.reset();
    BOOST_TEST(composer.type("Nguyễn", U'x') == "Nguyênx");  // the same tone: undo

    VietnameseComposer modern(InputMethod::Telex, ToneStyle::Modern);
    BOOST_TEST(modern.type("hòa", U's') == "hoá");
}

BOOST_AUTO_TEST_CASE(the_text_before_the_word_is_kept_byte_for_byte) {
    VietnameseComposer composer(InputMethod::Telex, ToneStyle::Modern);
    // An invalid byte, a decomposed (NFD) "Hoà" and punctuation: none of it may be touched.
    const std::string prefix = "S\xe1\xbb\x91 1, \xff Hoa\xcc\x80 (";
    const std::string text = typeAll(composer, prefix, "tieengs");
    BOOST_TEST(text == prefix + "tiếng");
    BOOST_TEST(text.compare(0, prefix.size(), prefix) == 0);

    composer.reset();
    // The combining grave is no letter, so the word typed after it starts fresh.
    BOOST_TEST(composer.type("Hoa\xcc\x80", U's') == "Hoa\xcc\x80s");
    composer.reset();
    BOOST_TEST(composer.type("\xff" "a", U's') == "\xff" "\xc3\xa1");
}

BOOST_AUTO_TEST_CASE(reset_forgets_the_word_state) {
    VietnameseComposer composer(InputMethod::Telex, ToneStyle::Classic);
    const std::string u = composer.type("", U'w');
    BOOST_TEST(u == "ư");
    BOOST_TEST(composer.type(u, U'w') == "w");  // remembered: this ư was a bare w

    composer.reset();
    BOOST_TEST(composer.type("", U'w') == "ư");
    composer.reset();                           // e.g. the field was cleared and refilled
    BOOST_TEST(composer.type("ư", U'w') == "uw");  // now an ordinary ư: undo of its horn

    // After backspace the word is read back from the text and typing goes on normally.
    composer.reset();
    std::string text = typeAll(composer, "", "ass");
    BOOST_TEST(text == "as");
    text.pop_back();
    composer.reset();
    BOOST_TEST(composer.type(text, U's') == "á");
}

BOOST_AUTO_TEST_CASE(a_word_changed_elsewhere_is_not_taken_for_the_remembered_one) {
    VietnameseComposer composer(InputMethod::Telex, ToneStyle::Classic);
    BOOST_TEST(typeAll(composer, "", "aaa") == "aa");
    BOOST_TEST(composer.type("aa", U'a') == "aaa");  // still the literal word
    BOOST_TEST(composer.type("ta", U'a') == "tâ");   // another word: no literal state
}

BOOST_AUTO_TEST_CASE(method_switch_simple_and_bad_keys) {
    VietnameseComposer composer(InputMethod::Telex, ToneStyle::Modern);
    BOOST_TEST((composer.method() == InputMethod::Telex));
    BOOST_TEST((composer.style() == ToneStyle::Modern));
    BOOST_TEST(composer.type("a", U's') == "á");
    composer.setMethod(InputMethod::Vni);
    BOOST_TEST((composer.method() == InputMethod::Vni));
    BOOST_TEST(composer.type("a", U's') == "as");
    BOOST_TEST(composer.type("a", U'1') == "á");
    composer.setMethod(InputMethod::Simple);
    BOOST_TEST(composer.type("a", U's') == "as");
    BOOST_TEST(composer.type("a", U'1') == "a1");
    BOOST_TEST(composer.type("b", U'ắ') == "bắ");
    BOOST_TEST(compose("aas1ww", InputMethod::Simple, ToneStyle::Classic) == "aas1ww");
    BOOST_TEST(composer.type("a", static_cast<char32_t>(0xD800)) == "a");  // a surrogate is no key
    BOOST_TEST(composer.type("a", static_cast<char32_t>(0x110000)) == "a");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(vni)

BOOST_AUTO_TEST_CASE(table_words_in_both_styles) {
    for (const auto& word : kWords) {
        for (const auto style : {ToneStyle::Classic, ToneStyle::Modern}) {
            const std::string got = byVni(word.vni, style);
            BOOST_TEST(got == expectedFor(word, style), word.vni << (style == ToneStyle::Modern ? " (modern)" : ""));
        }
    }
}

BOOST_AUTO_TEST_CASE(repeating_a_key_undoes_it) {
    BOOST_TEST(byVni("a11") == "a1");
    BOOST_TEST(byVni("a66") == "a6");
    BOOST_TEST(byVni("a88") == "a8");
    BOOST_TEST(byVni("d99") == "d9");
    BOOST_TEST(byVni("u77") == "u7");
    BOOST_TEST(byVni("uo77") == "uo7");
    BOOST_TEST(byVni("a10") == "a");
    BOOST_TEST(byVni("a12") == "à");
}

BOOST_AUTO_TEST_CASE(mark_targets) {
    BOOST_TEST(byVni("uo6") == "uô");
    BOOST_TEST(byVni("ie6") == "iê");
    BOOST_TEST(byVni("uo7") == "ươ");
    BOOST_TEST(byVni("mua7") == "mưa");
    BOOST_TEST(byVni("a68") == "ă");
    BOOST_TEST(byVni("a86") == "â");
    BOOST_TEST(byVni("hoa8c5") == "hoặc");
    BOOST_TEST(byVni("muo7n6") == "muôn");
    BOOST_TEST(byVni("tieng6") == "tiêng");
    BOOST_TEST(byVni("dong9") == "đong");
}

BOOST_AUTO_TEST_CASE(digits_that_cannot_apply_stay_digits) {
    BOOST_TEST(byVni("0903123456") == "0903123456");
    BOOST_TEST(byVni("Tel: 0283 123") == "Tel: 0283 123");
    BOOST_TEST(byVni("1") == "1");
    BOOST_TEST(byVni("b6") == "b6");
    BOOST_TEST(byVni("ba7") == "ba7");
    BOOST_TEST(byVni("a0") == "a0");
    BOOST_TEST(byVni("mat2") == "mat2");
    BOOST_TEST(byVni("mat1") == "mát");
    BOOST_TEST(byVni("xyz1") == "xyz1");
    BOOST_TEST(byVni("P.12, Q.3") == "P.12, Q.3");
}

BOOST_AUTO_TEST_CASE(letters_are_letters_and_case_is_kept) {
    BOOST_TEST(byVni("as") == "as");
    BOOST_TEST(byVni("w") == "w");
    BOOST_TEST(byVni("dd") == "dd");
    BOOST_TEST(byVni("D9") == "Đ");
    BOOST_TEST(byVni("A1") == "Á");
    BOOST_TEST(byVni("NGUYE6N4") == "NGUYỄN");
}

BOOST_AUTO_TEST_CASE(typing_after_existing_text) {
    VietnameseComposer composer(InputMethod::Vni, ToneStyle::Classic);
    BOOST_TEST(typeAll(composer, "Nguyễn ", "Thi5") == "Nguyễn Thị");
    composer.reset();
    BOOST_TEST(composer.type("hòa", U'1') == "hóa");
    composer.reset();
    BOOST_TEST(composer.type("đường", U'0') == "đương");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(placement)

BOOST_AUTO_TEST_CASE(rule_1_a_marked_vowel_takes_it) {
    BOOST_TEST(placeTone("tuôi", Tone::Hook, ToneStyle::Classic) == "tuổi");
    BOOST_TEST(placeTone("ngươi", Tone::Grave, ToneStyle::Classic) == "người");  // two marked: the last
    BOOST_TEST(placeTone("rươu", Tone::Dot, ToneStyle::Modern) == "rượu");
    BOOST_TEST(placeTone("thuê", Tone::Acute, ToneStyle::Classic) == "thuế");
    BOOST_TEST(placeTone("khuây", Tone::Acute, ToneStyle::Classic) == "khuấy");
    BOOST_TEST(placeTone("gưi", Tone::Hook, ToneStyle::Classic) == "gửi");
    BOOST_TEST(placeTone("xoăn", Tone::Grave, ToneStyle::Modern) == "xoằn");
}

BOOST_AUTO_TEST_CASE(rule_2_a_single_vowel_takes_it) {
    BOOST_TEST(placeTone("ma", Tone::Tilde, ToneStyle::Classic) == "mã");
    BOOST_TEST(placeTone("quy", Tone::Acute, ToneStyle::Classic) == "quý");  // qu is the initial
    BOOST_TEST(placeTone("quy", Tone::Acute, ToneStyle::Modern) == "quý");
    BOOST_TEST(placeTone("qua", Tone::Acute, ToneStyle::Classic) == "quá");
    BOOST_TEST(placeTone("gia", Tone::Acute, ToneStyle::Classic) == "giá");  // gi is the initial
    BOOST_TEST(placeTone("gia", Tone::Grave, ToneStyle::Modern) == "già");
    BOOST_TEST(placeTone("gi", Tone::Grave, ToneStyle::Classic) == "gì");
    BOOST_TEST(placeTone("gin", Tone::Grave, ToneStyle::Classic) == "gìn");
    BOOST_TEST(placeTone("giư", Tone::Tilde, ToneStyle::Classic) == "giữ");
    BOOST_TEST(placeTone("giương", Tone::Grave, ToneStyle::Classic) == "giường");
}

BOOST_AUTO_TEST_CASE(rule_3_with_a_final_consonant_the_last_vowel) {
    for (const auto style : {ToneStyle::Classic, ToneStyle::Modern}) {
        BOOST_TEST(placeTone("hoan", Tone::Grave, style) == "hoàn");
        BOOST_TEST(placeTone("toan", Tone::Acute, style) == "toán");
        BOOST_TEST(placeTone("oach", Tone::Dot, style) == "oạch");
        BOOST_TEST(placeTone("quynh", Tone::Grave, style) == "quỳnh");
        BOOST_TEST(placeTone("khuynh", Tone::Grave, style) == "khuỳnh");
        BOOST_TEST(placeTone("khoet", Tone::Acute, style) == "khoét");
    }
}

BOOST_AUTO_TEST_CASE(rule_4_three_vowels_the_middle_one) {
    for (const auto style : {ToneStyle::Classic, ToneStyle::Modern}) {
        BOOST_TEST(placeTone("ngoai", Tone::Acute, style) == "ngoái");
        BOOST_TEST(placeTone("khuyu", Tone::Hook, style) == "khuỷu");
        BOOST_TEST(placeTone("xoay", Tone::Acute, style) == "xoáy");
    }
}

BOOST_AUTO_TEST_CASE(rule_5_two_vowels_oa_oe_uy_follow_the_style) {
    BOOST_TEST(placeTone("hoa", Tone::Grave, ToneStyle::Classic) == "hòa");
    BOOST_TEST(placeTone("hoa", Tone::Grave, ToneStyle::Modern) == "hoà");
    BOOST_TEST(placeTone("hoe", Tone::Grave, ToneStyle::Classic) == "hòe");
    BOOST_TEST(placeTone("hoe", Tone::Grave, ToneStyle::Modern) == "hoè");
    BOOST_TEST(placeTone("thuy", Tone::Hook, ToneStyle::Classic) == "thủy");
    BOOST_TEST(placeTone("thuy", Tone::Hook, ToneStyle::Modern) == "thuỷ");
    BOOST_TEST(placeTone("Uy", Tone::Hook, ToneStyle::Modern) == "Uỷ");
    for (const auto style : {ToneStyle::Classic, ToneStyle::Modern}) {
        BOOST_TEST(placeTone("mai", Tone::Acute, style) == "mái");
        BOOST_TEST(placeTone("chao", Tone::Acute, style) == "cháo");
        BOOST_TEST(placeTone("mia", Tone::Acute, style) == "mía");
        BOOST_TEST(placeTone("mua", Tone::Acute, style) == "múa");
        BOOST_TEST(placeTone("tui", Tone::Acute, style) == "túi");
    }
}

BOOST_AUTO_TEST_CASE(an_existing_tone_is_moved_replaced_or_removed) {
    BOOST_TEST(placeTone("hoà", Tone::Grave, ToneStyle::Classic) == "hòa");
    BOOST_TEST(placeTone("hòa", Tone::Grave, ToneStyle::Modern) == "hoà");
    BOOST_TEST(placeTone("Thủy", Tone::Acute, ToneStyle::Modern) == "Thuý");
    BOOST_TEST(placeTone("hòa", Tone::None, ToneStyle::Classic) == "hoa");
    BOOST_TEST(placeTone("NGUYỄN", Tone::Dot, ToneStyle::Classic) == "NGUYỆN");
}

BOOST_AUTO_TEST_CASE(non_syllables_are_returned_unchanged) {
    BOOST_TEST(placeTone("xyz", Tone::Acute, ToneStyle::Classic) == "xyz");
    BOOST_TEST(placeTone("hello", Tone::Acute, ToneStyle::Classic) == "hello");
    BOOST_TEST(placeTone("str", Tone::Acute, ToneStyle::Classic) == "str");
    BOOST_TEST(placeTone("", Tone::Acute, ToneStyle::Classic) == "");
    BOOST_TEST(placeTone("ab1", Tone::Acute, ToneStyle::Classic) == "ab1");
    BOOST_TEST(placeTone("hòà", Tone::Acute, ToneStyle::Classic) == "hòà");  // two tones
    BOOST_TEST(placeTone("a\xff", Tone::Acute, ToneStyle::Classic) == "a\xff");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(forms)

BOOST_AUTO_TEST_CASE(a_has_eighteen_forms_in_order) {
    const std::vector<std::string> expected{"a", "á", "à", "ả", "ã", "ạ", "ă", "ắ", "ằ",
                                            "ẳ", "ẵ", "ặ", "â", "ấ", "ầ", "ẩ", "ẫ", "ậ"};
    BOOST_TEST(markedForms(U'a') == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(upper_case_base_gives_upper_case_forms) {
    const std::vector<std::string> expected{"A", "Á", "À", "Ả", "Ã", "Ạ", "Ă", "Ắ", "Ằ",
                                            "Ẳ", "Ẵ", "Ặ", "Â", "Ấ", "Ầ", "Ẩ", "Ẫ", "Ậ"};
    BOOST_TEST(markedForms(U'A') == expected, boost::test_tools::per_element());
    BOOST_TEST(markedForms(U'D') == (std::vector<std::string>{"D", "Đ"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_other_vowels_and_d) {
    using Forms = std::vector<std::string>;
    const Forms e{"e", "é", "è", "ẻ", "ẽ", "ẹ", "ê", "ế", "ề", "ể", "ễ", "ệ"};
    const Forms o{"o", "ó", "ò", "ỏ", "õ", "ọ", "ô", "ố", "ồ", "ổ", "ỗ", "ộ", "ơ", "ớ", "ờ", "ở", "ỡ", "ợ"};
    const Forms u{"u", "ú", "ù", "ủ", "ũ", "ụ", "ư", "ứ", "ừ", "ử", "ữ", "ự"};
    const Forms i{"i", "í", "ì", "ỉ", "ĩ", "ị"};
    const Forms y{"y", "ý", "ỳ", "ỷ", "ỹ", "ỵ"};
    BOOST_TEST(markedForms(U'e') == e, boost::test_tools::per_element());
    BOOST_TEST(markedForms(U'o') == o, boost::test_tools::per_element());
    BOOST_TEST(markedForms(U'u') == u, boost::test_tools::per_element());
    BOOST_TEST(markedForms(U'i') == i, boost::test_tools::per_element());
    BOOST_TEST(markedForms(U'y') == y, boost::test_tools::per_element());
    BOOST_TEST(markedForms(U'd') == (Forms{"d", "đ"}), boost::test_tools::per_element());
    BOOST_TEST(markedForms(U'Y') == (Forms{"Y", "Ý", "Ỳ", "Ỷ", "Ỹ", "Ỵ"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(other_letters_have_none) {
    BOOST_TEST(markedForms(U'b').empty());
    BOOST_TEST(markedForms(U'W').empty());
    BOOST_TEST(markedForms(U'ă').empty());
    BOOST_TEST(markedForms(U'1').empty());
}

BOOST_AUTO_TEST_SUITE_END()
