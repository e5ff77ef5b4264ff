// Must NOT compile: a label table with a key written twice (the CTest label-table-refuses-duplicates
// builds this file and passes only when the compiler refuses it).
#include "core/LabelTable.h"

constexpr kiosk::LabelTable kTable({{"category", "Type of school"}, {"level", "Level"}, {"category", "Category"}});

int main() { return kTable.find("category") != nullptr ? 0 : 1; }
