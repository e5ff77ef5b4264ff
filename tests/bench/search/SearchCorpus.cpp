#include "SearchCorpus.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <set>
#include <stdexcept>

#include "directory/TextFold.h"
#include "storage/CsvReader.h"

namespace kiosk::bench {
namespace fs = std::filesystem;

namespace {
constexpr const char* kTakenAt = "2025-01-01";

std::optional<fs::path> findFile(const std::vector<fs::path>& dirs, const std::string& name) {
    std::error_code ec;
    for (const auto& dir : dirs) {
        if (fs::is_regular_file(dir / name, ec)) return dir / name;
        if (!fs::is_directory(dir, ec)) continue;
        std::vector<fs::path> subdirs;
        for (const auto& item : fs::directory_iterator(dir, ec))
            if (item.is_directory(ec)) subdirs.push_back(item.path());
        std::sort(subdirs.begin(), subdirs.end());  // deterministic choice
        for (const auto& sub : subdirs)
            if (fs::is_regular_file(sub / name, ec)) return sub / name;
    }
    return std::nullopt;
}

std::string column(const CsvTable& table, std::size_t row, std::string_view name) {
    const auto& header = table.header();
    if (std::find(header.begin(), header.end(), name) == header.end()) return {};
    return table.at(row, name);
}

bool contains(const std::string& folded, std::string_view word) {
    return (" " + folded + " ").find(" " + std::string(word) + " ") != std::string::npos;
}

// Mechanical readings of a row, as the seed loader makes them (see DirectoryEntry.h).
std::string facilityType(const std::string& name) {
    const std::string f = foldForSearch(name);
    if (f.starts_with("benh vien")) return "benh_vien";
    if (f.find("nha khoa") != std::string::npos || f.find("rang ham mat") != std::string::npos) return "nha_khoa";
    if (f.find("y hoc co truyen") != std::string::npos) return "y_hoc_co_truyen";
    if (f.starts_with("phong kham")) return "phong_kham";
    if (f.starts_with("trung tam y te")) return "trung_tam_y_te";
    if (f.starts_with("tram y te")) return "tram_y_te";
    return "other";
}

std::string schoolLevels(const std::string& listed) {
    const std::string f = foldForSearch(listed);
    std::string levels;
    const auto add = [&](const char* level) { levels += (levels.empty() ? "" : ",") + std::string(level); };
    if (f.find("mam non") != std::string::npos) add("mam_non");
    if (f.find("tieu hoc") != std::string::npos) add("tieu_hoc");
    if (contains(f, "thcs")) add("thcs");
    if (contains(f, "thpt")) add("thpt");
    if (contains(f, "gdtx")) add("gdtx");
    return levels;
}

std::string ownership(const std::string& value) {
    const std::string f = foldForSearch(value);
    if (f == "cong lap") return "cong_lap";
    if (f == "tu thuc") return "tu_thuc";
    if (f == "dan lap") return "dan_lap";
    return {};
}

DirectoryEntry entry(GroupId group, const char* kind, std::string name, std::string address, const fs::path& file,
                     std::size_t row) {
    DirectoryEntry e;
    e.group = group;
    e.kind = kind;
    e.name = std::move(name);
    e.address = std::move(address);
    e.source = file.filename().string() + " row " + std::to_string(row + 2);  // +2: header, 1-based
    e.updatedAt = kTakenAt;
    return e;
}

void setIf(DirectoryEntry& e, const char* key, const std::string& value) {
    if (!value.empty()) e.attributes[key] = value;
}

// The street of an address: the text before its first comma without the house number, kept only
// if it looks like a street name ("10 Trương Định" -> "Trương Định").
std::string streetOf(const std::string& address) {
    std::string part = address.substr(0, address.find(','));
    std::vector<std::string> words;
    size_t start = 0;
    while (start < part.size()) {
        size_t end = part.find(' ', start);
        if (end == std::string::npos) end = part.size();
        if (end > start) words.push_back(part.substr(start, end - start));
        start = end + 1;
    }
    size_t first = 0;
    while (first < words.size() && (words[first].find_first_of("0123456789/") != std::string::npos ||
                                    foldForSearch(words[first]) == "so"))
        ++first;
    if (first == 0 || words.size() - first < 2 || words.size() - first > 4) return {};
    std::string street;
    for (size_t i = first; i < words.size(); ++i) {
        if (words[i].find_first_of("0123456789()&-.;:\"") != std::string::npos) return {};
        const unsigned char lead = static_cast<unsigned char>(words[i][0]);
        if (lead < 0x80 && !(lead >= 'A' && lead <= 'Z')) return {};  // a street name is capitalised
        street += (street.empty() ? "" : " ") + words[i];
    }
    const std::string folded = foldForSearch(street);
    for (const char* notStreet : {"phuong", "quan", "huyen", "xa ", "tp", "thanh pho", "khu", "lo ", "ap "})
        if (folded.starts_with(notStreet)) return {};
    return street;
}

struct Loader {
    const char* file;
    std::function<void(const CsvTable&, const fs::path&, Corpus&)> read;
};

std::vector<Loader> loaders() {
    return {
        {"wards_2025.csv",
         [](const CsvTable& t, const fs::path& p, Corpus& c) {
             for (size_t r = 0; r < t.size(); ++r) {
                 const std::string ward = t.at(r, "full_name");
                 if (ward.empty()) continue;
                 c.wardNames.push_back(ward);
                 auto e = entry(GroupId::Agencies, kinds::kWard, "Ủy ban nhân dân " + ward, ward + ", TP. Hồ Chí Minh", p, r);
                 e.wardCode = t.at(r, "code");
                 c.real.push_back(std::move(e));
             }
         }},
        {"hotlines.csv",
         [](const CsvTable& t, const fs::path& p, Corpus& c) {
             for (size_t r = 0; r < t.size(); ++r) {
                 auto e = entry(GroupId::Agencies, kinds::kHotline, t.at(r, "name_vi"), "", p, r);
                 e.phone = t.at(r, "number");
                 setIf(e, "number", e.phone);
                 setIf(e, "description", t.at(r, "description_vi"));
                 c.real.push_back(std::move(e));
             }
         }},
        {"hcmc_medical_facility_operating_licenses.csv",
         [](const CsvTable& t, const fs::path& p, Corpus& c) {
             for (size_t r = 0; r < t.size(); ++r) {
                 auto e = entry(GroupId::Health, kinds::kHealthFacility, t.at(r, "facility_name"), t.at(r, "address"), p, r);
                 if (e.name.empty()) continue;
                 e.oldWard = t.at(r, "district_in_address");
                 setIf(e, "facility_type", facilityType(e.name));
                 setIf(e, "license_no", t.at(r, "license_no"));
                 c.real.push_back(std::move(e));
             }
         }},
        {"hcmc_schools_directory_mn_th_thcs_thpt_gdtx.csv",
         [](const CsvTable& t, const fs::path& p, Corpus& c) {
             for (size_t r = 0; r < t.size(); ++r) {
                 auto e = entry(GroupId::Education, kinds::kSchool, t.at(r, "name"), t.at(r, "address"), p, r);
                 if (e.name.empty()) continue;
                 setIf(e, "level", schoolLevels(t.at(r, "levels_listed_in")));
                 setIf(e, "ownership", ownership(t.at(r, "ownership_type")));
                 setIf(e, "school_code", t.at(r, "school_code"));
                 setIf(e, "education_office", t.at(r, "district_education_office"));
                 c.real.push_back(std::move(e));
             }
         }},
        {"hcmc_universities_colleges_rank_your_uni.csv",
         [](const CsvTable& t, const fs::path& p, Corpus& c) {
             for (size_t r = 0; r < t.size(); ++r) {
                 auto e = entry(GroupId::Education, kinds::kSchool, t.at(r, "name"), t.at(r, "address_as_given"), p, r);
                 e.website = column(t, r, "website");
                 setIf(e, "level", foldForSearch(t.at(r, "type_from_name")).starts_with("cao dang") ? "cao_dang" : "dai_hoc");
                 c.real.push_back(std::move(e));
             }
         }},
        {"hcmc_tourism_training_institutions_vietnamtourism_db.csv",
         [](const CsvTable& t, const fs::path& p, Corpus& c) {
             for (size_t r = 0; r < t.size(); ++r) {
                 auto e = entry(GroupId::Education, kinds::kSchool, t.at(r, "name"), t.at(r, "address"), p, r);
                 e.phone = column(t, r, "phone_as_given");
                 e.website = column(t, r, "website");
                 c.real.push_back(std::move(e));
             }
         }},
        {"hcmc_nationally_ranked_heritage_sites.csv",
         [](const CsvTable& t, const fs::path& p, Corpus& c) {
             for (size_t r = 0; r < t.size(); ++r) {
                 auto e = entry(GroupId::Tourism, kinds::kPlace, t.at(r, "name"), t.at(r, "address_after_2025_merger"), p, r);
                 e.oldWard = column(t, r, "address_before_2025_merger");
                 setIf(e, "category", "di_tich");
                 setIf(e, "heritage_type", column(t, r, "heritage_type"));
                 setIf(e, "ranking_level", column(t, r, "ranking_level"));
                 c.real.push_back(std::move(e));
             }
         }},
        {"hcmc_tourist_destinations_vietnamtourism_db.csv",
         [](const CsvTable& t, const fs::path& p, Corpus& c) {
             for (size_t r = 0; r < t.size(); ++r) {
                 auto e = entry(GroupId::Tourism, kinds::kPlace, t.at(r, "name"), t.at(r, "address"), p, r);
                 e.phone = column(t, r, "phone_as_given");
                 setIf(e, "category", "diem_den");
                 c.real.push_back(std::move(e));
             }
         }},
        {"hcmc_shopping_venues_vietnamtourism_db.csv",
         [](const CsvTable& t, const fs::path& p, Corpus& c) {
             for (size_t r = 0; r < t.size(); ++r) {
                 auto e = entry(GroupId::Tourism, kinds::kPlace, t.at(r, "name"), t.at(r, "address"), p, r);
                 e.phone = column(t, r, "phone_as_given");
                 e.website = column(t, r, "website");
                 setIf(e, "category", "mua_sam");
                 c.real.push_back(std::move(e));
             }
         }},
        {"hcmc_tourism_association_vietnamtourism_db.csv",
         [](const CsvTable& t, const fs::path& p, Corpus& c) {
             for (size_t r = 0; r < t.size(); ++r) {
                 auto e = entry(GroupId::Tourism, kinds::kPlace, t.at(r, "name"), t.at(r, "address"), p, r);
                 e.phone = column(t, r, "phone_as_given");
                 setIf(e, "category", "hiep_hoi");
                 c.real.push_back(std::move(e));
             }
         }},
        {"hcmc_festivals_events.csv",
         [](const CsvTable& t, const fs::path& p, Corpus& c) {
             for (size_t r = 0; r < t.size(); ++r) {
                 auto e = entry(GroupId::Tourism, kinds::kEvent, t.at(r, "event_name"), column(t, r, "venue"), p, r);
                 setIf(e, "edition", column(t, r, "edition"));
                 setIf(e, "organizer", column(t, r, "organizer"));
                 setIf(e, "start_date", column(t, r, "start_date"));
                 setIf(e, "end_date", column(t, r, "end_date"));
                 c.real.push_back(std::move(e));
             }
         }},
    };
}
}  // namespace

Corpus loadCorpus(const std::vector<fs::path>& dataDirs) {
    Corpus corpus;
    for (const auto& loader : loaders()) {
        const auto path = findFile(dataDirs, loader.file);
        // wards_2025.csv is also kept in the shared data folder under its upstream name.
        const auto found = path ? path
                                : (std::string(loader.file) == "wards_2025.csv" ? findFile(dataDirs, "hcmc_wards_2025_new.csv")
                                                                                 : std::nullopt);
        if (!found) {
            corpus.missing.push_back(loader.file);
            continue;
        }
        const std::size_t before = corpus.real.size();
        loader.read(CsvTable::load(*found), *found, corpus);
        corpus.files.push_back({loader.file, *found, corpus.real.size() - before});
    }
    std::erase_if(corpus.real, [](const DirectoryEntry& e) { return e.name.empty(); });

    std::set<std::string> streets;
    for (const auto& e : corpus.real)
        if (auto street = streetOf(e.address); !street.empty()) streets.insert(street);
    corpus.streetNames.assign(streets.begin(), streets.end());

    if (corpus.wardNames.empty()) throw std::runtime_error("no ward list found (wards_2025.csv) in the data directories");
    if (corpus.real.size() < 1000)
        throw std::runtime_error("only " + std::to_string(corpus.real.size()) +
                                 " real rows found in the data directories; the benchmark needs at least 1,000");
    if (corpus.streetNames.empty()) corpus.streetNames.push_back("Nguyễn Huệ");  // never reached with the real data
    return corpus;
}

std::vector<DirectoryEntry> replicate(const Corpus& corpus, std::size_t count) {
    std::vector<DirectoryEntry> out;
    out.reserve(count);
    const std::size_t base = corpus.real.size();
    const std::size_t wards = corpus.wardNames.size();
    const std::size_t streets = corpus.streetNames.size();
    for (std::size_t i = 0; i < count; ++i) {
        const DirectoryEntry& real = corpus.real[i % base];
        const std::size_t copy = i / base;  // 0: the real row itself
        if (copy == 0) {
            out.push_back(real);
            continue;
        }
        DirectoryEntry e = real;
        // A multiplicative hash spreads consecutive rows over the wards and streets.
        const std::size_t mix = (i * 2654435761u) ^ (copy * 40503u);
        std::string name = real.name + " cơ sở " + std::to_string(copy + 1);
        if (copy % 2 == 1) name += " " + corpus.streetNames[mix % streets];
        e.name = std::move(name);
        const std::string street = real.address.substr(0, real.address.find(','));
        e.address = (street.empty() ? corpus.streetNames[(mix / 7) % streets] : street) + ", " +
                    corpus.wardNames[(mix / 3) % wards] + ", TP. Hồ Chí Minh";
        e.wardCode.clear();
        e.oldWard.clear();
        e.latitude.reset();
        e.longitude.reset();
        e.sample = true;
        e.source = "bench-search synthetic replica " + std::to_string(copy) + " of " + real.source;
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<std::size_t> codePointEnds(const std::string& utf8) {
    std::vector<std::size_t> ends;
    for (std::size_t i = 1; i <= utf8.size(); ++i)
        if (i == utf8.size() || (static_cast<unsigned char>(utf8[i]) & 0xC0) != 0x80) ends.push_back(i);
    return ends;
}

}  // namespace kiosk::bench
