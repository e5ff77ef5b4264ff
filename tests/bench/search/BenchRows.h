#pragma once
// Reading a page of directory rows the way DirectoryRepository::search does, for the LIKE baseline
// and the prototype: they materialise the same DirectoryPage as ours, so the benchmark compares
// finding the rows, not reading them.
#include "directory/DirectoryEntry.h"
#include "directory/DirectoryQuery.h"
#include "directory/DirectoryRepository.h"
#include "storage/Database.h"

namespace kiosk::bench {

// The columns DirectoryRepository::search selects, in its order, from `entries e`.
inline constexpr const char* kEntryColumns = DirectoryRepository::kEntryColumns;
// Up to `limit` rows; `more` if a further row exists (the statement asks for limit + 1).
DirectoryPage readPage(Statement& stmt, int limit);

}  // namespace kiosk::bench
