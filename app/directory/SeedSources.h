#pragma once
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "directory/DirectoryEntry.h"

namespace kiosk {

// What one seed source yielded: the entries kept, the rows skipped, and why ("file:row: reason",
// row 1 being the header). Values that could not be read but did not cost the row are listed too.
// How the entries of one source came by their 2025 ward code (events have no place and are not counted).
// Each entry is in exactly one count; see WardMatch for what the last four mean.
struct WardCoverage {
    std::size_t given = 0;     // the source itself names the 2025 ward
    std::size_t resolved = 0;  // read from the pre-2025 address by WardResolver
    std::size_t ambiguous = 0;
    std::size_t unknownWard = 0;
    std::size_t unparseable = 0;
};

struct SeedReport {
    std::string file;  // the source file(s) read, comma-separated
    std::size_t rows = 0;
    std::size_t skipped = 0;
    std::vector<std::string> problems;
    WardCoverage wards;
};

// Reads the bundled data files (resources/data, see SOURCES.md) into directory entries: the offline
// directory's seed, so the kiosk answers before any sync. Never invents a row: every field comes from
// a source row, or is a mechanical reading of one (a prefix, a code looked up by exact name).
// One bad row is skipped and reported; a missing file, a missing column or a row whose field count
// differs from the header (CsvTable refuses such a file whole) throws CsvError naming the file.
//
// Joins are exact, never fuzzy: letter case and the Hòa/Hoà tone placement are the only differences
// ignored (hospital renames by old name, heritage wards by 2025 ward name), and university rows take
// the street address and phone of the tourism-training row with the same website host.
//
// Schools, health facilities and tourism places whose source gives no 2025 ward get one from the old ward
// and district of their address (or, failing that, of oldWard) when WardResolver is certain; its two
// files are an aid, so if they cannot be read the entries load without those codes and the report says so.
class SeedSources {
public:
    explicit SeedSources(std::filesystem::path dataDir);

    // GroupId::Education, kind "school": K-12/GDTX schools (~2023), universities and colleges
    // (level "dai_hoc" / "cao_dang"), tourism-training institutions.
    std::vector<DirectoryEntry> schools(SeedReport& report) const;
    // GroupId::Health, kind "health_facility": the Sở Y tế operating-license register (2024) with the
    // 2025 hospital renames as new_name.
    std::vector<DirectoryEntry> healthFacilities(SeedReport& report) const;
    // GroupId::Tourism: kind "place" (national heritage sites, destinations, shopping, the tourism
    // association) and kind "event" (festival editions).
    std::vector<DirectoryEntry> tourism(SeedReport& report) const;
    // GroupId::Agencies: kind "hotline", and kind "ward" (each 2025 ward's People's Committee, with
    // area_served naming the old wards and districts merged into it).
    std::vector<DirectoryEntry> agencies(SeedReport& report) const;
    // GroupId::Construction: no real data exists, so a few clearly synthetic examples (sample = true).
    std::vector<DirectoryEntry> construction(SeedReport& report) const;
    // Everything above, one report per method, in that order.
    std::vector<DirectoryEntry> all(std::vector<SeedReport>& reports) const;

private:
    std::filesystem::path dataDir_;
};

}  // namespace kiosk
