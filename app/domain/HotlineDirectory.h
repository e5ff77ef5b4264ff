#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace kiosk {

struct Hotline {
    std::string number;  // "113", "1022"
    std::string nameVi;
    std::string nameEn;
    std::string scope;   // "national" or the city
    std::string descriptionVi;
    std::string sourceUrl;
};

// Emergency and city hotlines from the bundled resources/data/hotlines.csv.
class HotlineDirectory {
public:
    static HotlineDirectory load(const std::filesystem::path& csv);
    const std::vector<Hotline>& all() const { return hotlines_; }
    const Hotline* find(const std::string& number) const;

private:
    std::vector<Hotline> hotlines_;
};

}  // namespace kiosk
