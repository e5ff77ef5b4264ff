#include "domain/HotlineDirectory.h"

#include "storage/CsvReader.h"

namespace kiosk {

HotlineDirectory HotlineDirectory::load(const std::filesystem::path& csv) {
    const auto table = CsvTable::load(csv);
    HotlineDirectory directory;
    for (std::size_t r = 0; r < table.size(); ++r) {
        Hotline h{table.at(r, "number"),         table.at(r, "name_vi"),    table.at(r, "name_en"),
                  table.at(r, "scope"),          table.at(r, "description_vi"), table.at(r, "source_url")};
        if (h.number.empty() || h.number.find_first_not_of("0123456789") != std::string::npos)
            throw CsvError(csv.string() + ": row " + std::to_string(r + 2) + ": \"" + h.number + "\" is not a phone number");
        directory.hotlines_.push_back(std::move(h));
    }
    return directory;
}

const Hotline* HotlineDirectory::find(const std::string& number) const {
    for (const auto& h : hotlines_)
        if (h.number == number) return &h;
    return nullptr;
}

}  // namespace kiosk
