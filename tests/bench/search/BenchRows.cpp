#include "BenchRows.h"


namespace kiosk::bench {

DirectoryPage readPage(Statement& stmt, int limit) {
    DirectoryPage page;
    while (stmt.step()) {
        if (static_cast<int>(page.entries.size()) == limit) {
            page.more = true;
            break;
        }
        page.entries.push_back(DirectoryRepository::entryFromRow(stmt));
    }
    return page;
}

}  // namespace kiosk::bench
