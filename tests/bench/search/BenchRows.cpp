#include "BenchRows.h"

#include <nlohmann/json.hpp>

namespace kiosk::bench {

DirectoryEntry readEntryRow(const Statement& row) {
    DirectoryEntry e;
    e.id = row.integer(0);
    e.group = groupFromString(row.text(1)).value_or(GroupId::Agencies);
    e.kind = row.text(2);
    e.name = row.text(3);
    e.address = row.text(4);
    e.wardCode = row.text(5);
    e.oldWard = row.text(6);
    if (!row.isNull(7)) e.latitude = row.real(7);
    if (!row.isNull(8)) e.longitude = row.real(8);
    e.phone = row.text(9);
    e.website = row.text(10);
    e.openingHours = row.text(11);
    e.source = row.text(12);
    e.updatedAt = row.text(13);
    e.sample = row.integer(14) != 0;
    const auto attrs = nlohmann::json::parse(row.text(15), nullptr, false);
    if (attrs.is_object())
        for (const auto& [key, value] : attrs.items())
            if (value.is_string()) e.attributes[key] = value.get<std::string>();
    return e;
}

DirectoryPage readPage(Statement& stmt, int limit) {
    DirectoryPage page;
    while (stmt.step()) {
        if (static_cast<int>(page.entries.size()) == limit) {
            page.more = true;
            break;
        }
        page.entries.push_back(readEntryRow(stmt));
    }
    return page;
}

}  // namespace kiosk::bench
