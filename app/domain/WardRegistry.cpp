#include "domain/WardRegistry.h"

#include "storage/CsvReader.h"

namespace kiosk {

WardRegistry WardRegistry::load(const std::filesystem::path& csv) {
    const auto table = CsvTable::load(csv);
    WardRegistry registry;
    for (std::size_t r = 0; r < table.size(); ++r) {
        registry.wards_.push_back(
            {table.at(r, "code"), table.at(r, "name"), table.at(r, "full_name"), table.at(r, "full_name_en")});
    }
    return registry;
}

std::optional<Ward> WardRegistry::find(const std::string& code) const {
    for (const auto& ward : wards_)
        if (ward.code == code) return ward;
    return std::nullopt;
}

std::set<std::string> WardRegistry::codes() const {
    std::set<std::string> out;
    for (const auto& ward : wards_) out.insert(ward.code);
    return out;
}

}  // namespace kiosk
