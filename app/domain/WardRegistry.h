#pragma once
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kiosk {

struct Ward {
    std::string code;      // 5-digit GSO code (2025)
    std::string name;      // "Sài Gòn"
    std::string fullName;  // "Phường Sài Gòn"
    std::string fullNameEn;  // "Sai Gon Ward"
};

// The 168 wards and communes of Ho Chi Minh City after 1 July 2025, from the bundled
// resources/data/wards_2025.csv (official GSO codes; see resources/data/SOURCES.md).
class WardRegistry {
public:
    static WardRegistry load(const std::filesystem::path& csv);

    std::optional<Ward> find(const std::string& code) const;
    std::set<std::string> codes() const;
    std::size_t size() const { return wards_.size(); }

private:
    std::vector<Ward> wards_;
};

}  // namespace kiosk
