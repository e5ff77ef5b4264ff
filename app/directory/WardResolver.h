#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

// Why an address did or did not give a 2025 ward. Counted per seed source so coverage is visible.
enum class WardMatch {
    Resolved,     // one old ward, wholly inside one 2025 ward
    Unparseable,  // no old ward, or no known old district, written in the text
    UnknownWard,  // the ward named is not in the old district (e.g. merged away before 2025, or misspelt)
    Ambiguous,    // several wards or districts named, or an old ward split across several 2025 wards
};

struct WardResolution {
    WardMatch match = WardMatch::Unparseable;
    std::string oldWardCode;  // set once the old ward is identified
    std::string newWardCode;  // set only when Resolved
};

// Most directory sources predate the 1 July 2025 merger: their addresses name an old ward and district
// ("201B Nguyễn Chí Thanh, Phường 12, Quận 5, TP Hồ Chí Minh"). This gives the 2025 ward such an address
// lies in, so "in this ward" can include them, but never by guessing: the text must name exactly one old
// ward and one old district, that pair must be exactly one ward of the pre-2025 list, and the 2025 mapping
// must send that whole ward to a single new ward. Anything else gives no code.
//
// Names compare as foldForSearch folds them (case, tone marks, Hòa/Hoà), with "05" equal to "5"; the
// unit word is not compared, so "Thị xã Bến Cát" finds "Thành phố Bến Cát". Unit words are read with
// their marks where a bare form is also an ordinary word ("xã", not "Xa lộ"); abbreviations need their
// dot ("P.12", "Q. 5", "TT.", "TP." or "TP "). Quận 2, Quận 9 and Quận Thủ Đức have been Thành phố Thủ Đức
// since 2021 with their ward names kept, so those districts are read as Thủ Đức. A "và" after the first ward
// named (a list of places) makes the text ambiguous.
class WardResolver {
public:
    // The pre-2025 ward list (ward_code, ward_full_name, district_full_name) and the old-to-new mapping
    // (old_ward_code, new_ward_code), as shipped in resources/data. Throws CsvError for an unreadable file.
    WardResolver(const std::filesystem::path& preMergerWardsCsv, const std::filesystem::path& mappingCsv);

    WardResolution resolve(std::string_view addressOrOldWard) const;
    std::optional<std::string> newWardFor(std::string_view addressOrOldWard) const;

private:
    std::map<std::string, std::vector<std::string>, std::less<>> oldWards_;  // "ward|district" -> old codes
    std::set<std::string, std::less<>> districts_;                           // folded old district names
    std::map<std::string, std::set<std::string>, std::less<>> newWards_;     // old code -> 2025 codes
};

}  // namespace kiosk
