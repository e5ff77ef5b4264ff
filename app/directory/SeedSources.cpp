#include "directory/SeedSources.h"

#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <system_error>
#include <utility>

#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/unistr.h>

#include "directory/TextFold.h"
#include "directory/WardResolver.h"
#include "storage/CsvReader.h"

namespace kiosk {
namespace {

// The bundled files keep the names they have in the shared data set (see resources/data/SOURCES.md).
constexpr const char* kSchoolsFile = "hcmc_schools_directory_mn_th_thcs_thpt_gdtx.csv";
constexpr const char* kUniversitiesFile = "hcmc_universities_colleges_rank_your_uni.csv";
constexpr const char* kTourismTrainingFile = "hcmc_tourism_training_institutions_vietnamtourism_db.csv";
constexpr const char* kLicensesFile = "hcmc_medical_facility_operating_licenses.csv";
constexpr const char* kRenamesFile = "hcmc_public_hospital_renames_2025.csv";
constexpr const char* kHeritageFile = "hcmc_nationally_ranked_heritage_sites.csv";
constexpr const char* kDestinationsFile = "hcmc_tourist_destinations_vietnamtourism_db.csv";
constexpr const char* kShoppingFile = "hcmc_shopping_venues_vietnamtourism_db.csv";
constexpr const char* kAssociationFile = "hcmc_tourism_association_vietnamtourism_db.csv";
constexpr const char* kEventsFile = "hcmc_festivals_events.csv";
constexpr const char* kHotlinesFile = "hotlines.csv";
constexpr const char* kWardsFile = "wards_2025.csv";
constexpr const char* kWardMappingFile = "hcmc_ward_mapping_old_to_new_2025.csv";
constexpr const char* kPreMergerWardsFile = "hcmc_bd_brvt_wards_pre2025.csv";

// Data dates from shared/data/MANIFEST.md (commit dates of the snapshots). Where the manifest gives
// none, the comment says which date stands in and why.
constexpr const char* kSchoolsDate = "2023-05-01";       // whynotkimhari/DBproject 4d0696e
constexpr const char* kUniversitiesDate = "2023-12-16";  // xuuanthuc/rank_your_uni 0e5dc00
constexpr const char* kTourismDbDate = "2025-05-26";     // Ti4nL4/Vietnamese-Travel-Chatbot 0d72d71
constexpr const char* kLicensesDate = "2024-07-10";      // AliceeLe/HealthcareScraper 567e0c3 (scraped Jun-Jul 2024)
// No date given; the file's addresses are post-merger ones, so it describes the city of 1 July 2025 or later.
constexpr const char* kHeritageDate = "2025-07-01";
// thanglequoc/vietnamese-provinces-database v4.2.0, the snapshot whose 2025 codes and names the manifest checked.
constexpr const char* kWardsDate = "2026-08-02";
// Compiled by hand with Part A of the shared data (no date given); v4.2.0 is that part's newest snapshot.
constexpr const char* kHotlinesDate = "2026-08-02";
constexpr const char* kSampleDate = "2026-11-27";  // the day the synthetic construction sample was written

// Each source: the publisher in plain words first (what residents read, resident::plainSource), then
// the provenance in brackets or after a comma (repository, commit, address) for staff.
constexpr std::string_view kSchoolsSource = "Danh sách cơ sở giáo dục TP.HCM (~2023), whynotkimhari/DBproject @4d0696e";
constexpr std::string_view kUniversitiesSource = "Danh sách đại học, cao đẳng, xuuanthuc/rank_your_uni @0e5dc00";
constexpr std::string_view kTourismDbSource =
    "Cơ sở dữ liệu ngành du lịch, Cục Du lịch Quốc gia Việt Nam (vietnamtourism.gov.vn, qua "
    "Ti4nL4/Vietnamese-Travel-Chatbot @0d72d71)";
constexpr std::string_view kLicensesSource =
    "Sở Y tế TP.HCM, sổ giấy phép hoạt động khám bệnh, chữa bệnh (thu thập 2024, AliceeLe/HealthcareScraper "
    "@567e0c3)";
constexpr std::string_view kRenamesSource = "tên mới 2025 theo quyết định UBND TP.HCM (báo Dân trí 09/08/2025)";
constexpr std::string_view kHeritageSource =
    "Di sản số TP.HCM, di tích cấp quốc gia (maithidien131985-vn/di-san-so-tphcm @52c1c9b)";
constexpr std::string_view kEventsSource = "Tin bài về lễ hội";
constexpr std::string_view kHotlinesSource = "Tổng đài do dự án tổng hợp từ trang web công khai";
constexpr std::string_view kWardsSource =
    "Danh mục phường, xã TP.HCM từ 01/07/2025 (GSO; thanglequoc/vietnamese-provinces-database v4.2.0) và bảng "
    "sáp nhập dvhcvn/20250701 @dd94887: https://github.com/dvhcvn/20250701";
constexpr std::string_view kSampleSource = "dữ liệu mẫu (synthetic)";

constexpr std::string_view kSpaces = " \t\r\n";

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(kSpaces);
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(kSpaces);
    return std::string(s.substr(first, last - first + 1));
}

// Runs of whitespace (the register has stray line breaks inside license numbers) become one space.
std::string collapseSpaces(std::string_view s) {
    std::string out;
    bool pending = false;
    for (const char c : s) {
        if (kSpaces.find(c) != std::string_view::npos) {
            pending = !out.empty();
            continue;
        }
        if (pending) out += ' ';
        pending = false;
        out += c;
    }
    return out;
}

std::string withUrl(std::string_view description, std::string_view url) {
    std::string out(description);
    const std::string link = trim(url);
    if (!link.empty()) out.append(": ").append(link);
    return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (const auto& part : parts) {
        if (!out.empty()) out += separator;
        out += part;
    }
    return out;
}

void addOnce(std::vector<std::string>& list, std::string value) {
    if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(std::move(value));
}

// One source file with the report its rows are accounted in. Rows are numbered as in a spreadsheet:
// the header is row 1.
struct Sheet {
    CsvTable table;
    std::string name;
    SeedReport* report = nullptr;

    std::size_t size() const { return table.size(); }
    std::string value(std::size_t row, std::string_view column) const {
        return collapseSpaces(table.at(row, column));
    }
    std::string where(std::size_t row) const { return name + ":" + std::to_string(row + 2); }
    void skip(std::size_t row, const std::string& reason) const {
        ++report->skipped;
        report->problems.push_back(where(row) + ": " + reason);
    }
    void note(std::size_t row, const std::string& reason) const {
        report->problems.push_back(where(row) + ": " + reason);
    }
};

// Loads a file and checks its header up front, so a renamed column fails loudly instead of row by row.
Sheet openSheet(const std::filesystem::path& dir, const char* file, std::initializer_list<std::string_view> columns,
                SeedReport& report) {
    const auto path = dir / file;
    Sheet sheet{CsvTable::load(path), file, &report};
    const auto& header = sheet.table.header();
    for (const auto column : columns) {
        if (std::find(header.begin(), header.end(), column) == header.end())
            throw CsvError(path.string() + ": no column \"" + std::string(column) + "\"");
    }
    if (!report.file.empty()) report.file += ", ";
    report.file += file;
    return sheet;
}

void beginReport(SeedReport& report) { report = SeedReport{}; }

// The administrative part of an address as written: its "Phường …", "Xã …", "Thị trấn …", "Quận …",
// "Huyện …", "Thị xã …", "Thành phố …" (except the city itself) and "Tỉnh …" segments, abbreviations included.
std::string oldAreaOf(std::string_view address) {
    static const std::vector<std::string> prefixes = {"phuong", "p", "xa", "thi tran", "tt", "t t", "quan", "q",
                                                      "huyen", "h", "thi xa", "thanh pho", "tp", "tinh"};
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= address.size()) {
        auto end = address.find(',', start);
        if (end == std::string_view::npos) end = address.size();
        std::string segment = trim(address.substr(start, end - start));
        start = end + 1;
        while (!segment.empty() && segment.back() == '.') segment = trim(segment.substr(0, segment.size() - 1));
        const std::string folded = foldForSearch(segment) + ' ';
        if (folded.find("ho chi minh") != std::string::npos || folded.find("hcm") != std::string::npos) continue;
        const bool administrative = std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& prefix) {
            return folded.size() > prefix.size() + 1 && folded.starts_with(prefix + ' ');
        });
        if (administrative) addOnce(parts, segment);
    }
    return join(parts, ", ");
}

// Key for names that must match exactly: NFC, case-folded, and the newer "oà/uý" tone placement written
// the older way ("òa/úy"); the 2025 ward list and other sources differ only in these (Hoà/Hòa).
std::string matchKey(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    icu::UnicodeString s =
        icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    if (U_SUCCESS(status)) {
        icu::UnicodeString normalized = nfc->normalize(s, status);
        if (U_SUCCESS(status)) s = normalized;
    }
    s.foldCase();
    std::string out;
    s.toUTF8String(out);
    static const std::pair<std::string_view, std::string_view> placements[] = {
        {"oà", "òa"}, {"oá", "óa"}, {"oả", "ỏa"}, {"oã", "õa"}, {"oạ", "ọa"}, {"oè", "òe"}, {"oé", "óe"},
        {"oẻ", "ỏe"}, {"oẽ", "õe"}, {"oẹ", "ọe"}, {"uỳ", "ùy"}, {"uý", "úy"}, {"uỷ", "ủy"}, {"uỹ", "ũy"},
        {"uỵ", "ụy"}};
    for (const auto& [newer, older] : placements) {
        for (auto at = out.find(newer); at != std::string::npos; at = out.find(newer, at + older.size()))
            out.replace(at, newer.size(), older);
    }
    return collapseSpaces(out);
}

// "https://www.ueh.edu.vn/" -> "ueh.edu.vn": two sources name the same institution by the same site.
std::string websiteHost(std::string_view url) {
    std::string host = trim(url);
    std::transform(host.begin(), host.end(), host.begin(), [](char c) {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    });
    for (const std::string_view scheme : {"https://", "http://"}) {
        if (host.starts_with(scheme)) {
            host.erase(0, scheme.size());
            break;
        }
    }
    if (host.starts_with("www.")) host.erase(0, 4);
    return host.substr(0, host.find('/'));
}

// The tourism database's scraper put "028 " before numbers that were already complete ("028 0918…",
// "028 (028) 3829…", "028 1900…"). That prefix is dropped; any other value is kept as given.
std::string cleanPhone(std::string_view given) {
    std::string phone = collapseSpaces(given);
    if (phone.starts_with("028 ")) {
        std::string rest = phone.substr(4);
        if (rest.starts_with('0') || rest.starts_with('(') || rest.starts_with('+') || rest.starts_with("1900") ||
            rest.starts_with("1800"))
            return rest;
    }
    return phone;
}

// The kind of facility its licensed name starts with; nothing is guessed beyond the prefix.
std::string facilityType(std::string_view name) {
    static const std::pair<std::string_view, const char*> prefixes[] = {
        {"benh vien", "benh_vien"},
        {"trung tam y te", "trung_tam_y_te"},
        {"tram y te", "tram_y_te"},
        {"phong kham nha khoa", "nha_khoa"},
        {"phong kham chuyen khoa rang ham mat", "nha_khoa"},
        {"nha khoa", "nha_khoa"},
        {"phong chan tri y hoc co truyen", "y_hoc_co_truyen"},
        {"phong kham chuyen khoa y hoc co truyen", "y_hoc_co_truyen"},
        {"phong kham y hoc co truyen", "y_hoc_co_truyen"},
        {"phong kham", "phong_kham"},
    };
    const std::string folded = foldForSearch(name) + ' ';
    for (const auto& [prefix, type] : prefixes) {
        if (folded.size() > prefix.size() && folded.starts_with(prefix) && folded[prefix.size()] == ' ') return type;
    }
    return "other";
}

std::optional<double> parseNumber(std::string_view text) {
    double value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
    return value;
}

bool isDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "2025-01-27 19:00" -> "2025-01-27", "2020-10" -> "2020-10" (ISO 8601 month); anything else -> "".
std::string isoDatePrefix(std::string_view text) {
    const auto shape = [&](std::size_t length) {
        if (text.size() < length || (text.size() > length && text[length] != ' ')) return false;
        for (std::size_t i = 0; i < length; ++i) {
            const bool dash = i == 4 || i == 7;
            if (dash ? text[i] != '-' : (text[i] < '0' || text[i] > '9')) return false;
        }
        return true;
    };
    if (shape(10)) return std::string(text.substr(0, 10));
    if (shape(7)) return std::string(text.substr(0, 7));
    return {};
}

DirectoryEntry makeEntry(GroupId group, const char* kind, std::string name) {
    DirectoryEntry entry;
    entry.group = group;
    entry.kind = kind;
    entry.name = std::move(name);
    return entry;
}

void setAttribute(DirectoryEntry& entry, const char* key, std::string value) {
    if (!value.empty()) entry.attributes[key] = std::move(value);
}

// --- education -----------------------------------------------------------------------------------

std::string levelCode(std::string_view listedIn) {
    static const std::map<std::string, std::string, std::less<>> codes = {
        {"mầm non", "mam_non"}, {"tiểu học", "tieu_hoc"}, {"THCS", "thcs"}, {"THPT", "thpt"},
        {"GDTX/GDNN-GDTX", "gdtx"}};
    const auto it = codes.find(listedIn);
    return it == codes.end() ? std::string() : it->second;
}

void readSchoolDirectory(const std::filesystem::path& dir, SeedReport& report, std::vector<DirectoryEntry>& out) {
    const auto sheet = openSheet(dir, kSchoolsFile,
                                 {"school_code", "name", "address", "managing_department", "district_education_office",
                                  "ownership_type", "school_category", "levels_listed_in", "source_url"},
                                 report);
    static const std::map<std::string, std::string, std::less<>> ownerships = {
        {"Công lập", "cong_lap"}, {"Tư thục", "tu_thuc"}, {"Dân lập", "dan_lap"}};
    for (std::size_t r = 0; r < sheet.size(); ++r) {
        auto entry = makeEntry(GroupId::Education, kinds::kSchool, sheet.value(r, "name"));
        if (entry.name.empty()) {
            sheet.skip(r, "empty name");
            continue;
        }
        entry.address = sheet.value(r, "address");
        const std::string office = sheet.value(r, "district_education_office");
        entry.oldWard = oldAreaOf(entry.address);
        constexpr std::string_view officePrefix = "Phòng GDĐT ";
        if (entry.oldWard.empty() && office.starts_with(officePrefix))
            entry.oldWard = office.substr(officePrefix.size());
        entry.source = withUrl(kSchoolsSource, sheet.value(r, "source_url"));
        entry.updatedAt = kSchoolsDate;

        std::vector<std::string> levels;
        const std::string listed = sheet.value(r, "levels_listed_in");
        std::size_t start = 0;
        while (start < listed.size()) {
            auto end = listed.find(';', start);
            if (end == std::string::npos) end = listed.size();
            const std::string token = trim(std::string_view(listed).substr(start, end - start));
            start = end + 1;
            if (token.empty()) continue;
            const std::string code = levelCode(token);
            if (code.empty()) sheet.note(r, "unknown level \"" + token + "\" left out");
            else addOnce(levels, code);
        }
        setAttribute(entry, "level", join(levels, ","));
        const std::string ownership = sheet.value(r, "ownership_type");
        if (const auto it = ownerships.find(ownership); it != ownerships.end())
            setAttribute(entry, "ownership", it->second);
        else if (!ownership.empty()) sheet.note(r, "unknown ownership \"" + ownership + "\" left out");
        setAttribute(entry, "school_code", sheet.value(r, "school_code"));
        setAttribute(entry, "category", sheet.value(r, "school_category"));
        setAttribute(entry, "education_office", office.empty() ? sheet.value(r, "managing_department") : office);
        out.push_back(std::move(entry));
    }
}

void readHigherEducation(const std::filesystem::path& dir, SeedReport& report, std::vector<DirectoryEntry>& out) {
    const auto universities = openSheet(
        dir, kUniversitiesFile, {"name", "address_as_given", "type_from_name", "website", "source_url"}, report);
    std::map<std::string, std::size_t> byHost;  // website host -> index in out
    for (std::size_t r = 0; r < universities.size(); ++r) {
        auto entry = makeEntry(GroupId::Education, kinds::kSchool, universities.value(r, "name"));
        if (entry.name.empty()) {
            universities.skip(r, "empty name");
            continue;
        }
        const std::string type = universities.value(r, "type_from_name");
        if (type.starts_with("cao đẳng")) setAttribute(entry, "level", "cao_dang");
        else if (type.starts_with("đại học") || type.starts_with("học viện") || type.starts_with("nhạc viện"))
            setAttribute(entry, "level", "dai_hoc");
        else universities.note(r, "unknown institution type \"" + type + "\": no level");
        entry.address = universities.value(r, "address_as_given");
        entry.oldWard = oldAreaOf(entry.address);
        entry.website = universities.value(r, "website");
        entry.source = withUrl(kUniversitiesSource, universities.value(r, "source_url"));
        entry.updatedAt = kUniversitiesDate;
        const std::string host = websiteHost(entry.website);
        if (!host.empty()) byHost.emplace(host, out.size());
        out.push_back(std::move(entry));
    }

    // The tourism database lists some of the same universities with street address and phone: those
    // complete the university's entry (same website host), the others become entries of their own.
    const auto training = openSheet(dir, kTourismTrainingFile,
                                    {"name", "address", "phone_as_given", "email", "website", "source_url"}, report);
    for (std::size_t r = 0; r < training.size(); ++r) {
        const std::string name = training.value(r, "name");
        if (name.empty()) {
            training.skip(r, "empty name");
            continue;
        }
        const std::string website = training.value(r, "website");
        const auto known = byHost.find(websiteHost(website));
        DirectoryEntry* entry = nullptr;
        if (known != byHost.end()) {
            entry = &out[known->second];
            entry->source += "; địa chỉ, điện thoại: " + withUrl(kTourismDbSource, training.value(r, "source_url"));
        } else {
            out.push_back(makeEntry(GroupId::Education, kinds::kSchool, name));
            entry = &out.back();
            entry->website = website;
            entry->source = withUrl(kTourismDbSource, training.value(r, "source_url"));
            const std::string folded = foldForSearch(name);
            if (folded.starts_with("truong cao dang ")) setAttribute(*entry, "level", "cao_dang");
            else if (folded.starts_with("truong dai hoc ")) setAttribute(*entry, "level", "dai_hoc");
            else training.note(r, "name names no institution type: no level");
        }
        entry->address = training.value(r, "address");
        entry->oldWard = oldAreaOf(entry->address);
        entry->phone = cleanPhone(training.value(r, "phone_as_given"));
        entry->updatedAt = kTourismDbDate;
        setAttribute(*entry, "email", training.value(r, "email"));
    }
}

// --- health --------------------------------------------------------------------------------------

struct Rename {
    std::string newName;
    std::string url;
};

std::map<std::string, Rename> readRenames(const std::filesystem::path& dir, SeedReport& report) {
    const auto sheet = openSheet(dir, kRenamesFile, {"old_name", "new_name", "source_url"}, report);
    std::map<std::string, Rename> renames;
    for (std::size_t r = 0; r < sheet.size(); ++r) {
        const std::string oldName = sheet.value(r, "old_name");
        const std::string newName = sheet.value(r, "new_name");
        if (oldName.empty() || newName.empty()) {
            sheet.skip(r, "empty old or new name");
            continue;
        }
        renames.emplace(matchKey(oldName), Rename{newName, sheet.value(r, "source_url")});
    }
    return renames;
}

// --- tourism -------------------------------------------------------------------------------------

// 2025 ward codes by matchKey of the full name ("Phường Sài Gòn").
std::map<std::string, std::string> wardCodesByName(const std::filesystem::path& dir) {
    const auto table = CsvTable::load(dir / kWardsFile);
    std::map<std::string, std::string> codes;
    for (std::size_t r = 0; r < table.size(); ++r)
        codes.emplace(matchKey(table.at(r, "full_name")), table.at(r, "code"));
    return codes;
}

// The 2025 ward a post-merger address names, when it names exactly one that exists: "…, phường Sài Gòn,
// TP.HCM" -> 26740. An address naming two wards, or a name that is not a 2025 ward, gives nothing.
std::string wardCodeOf(std::string_view address, const std::map<std::string, std::string>& codes) {
    static const std::pair<std::string_view, std::string_view> units[] = {
        {"phường ", "Phường "}, {"p. ", "Phường "}, {"p.", "Phường "}, {"xã ", "Xã "}, {"đặc khu ", "Đặc khu "}};
    std::set<std::string> found;
    std::size_t start = 0;
    while (start <= address.size()) {
        auto end = address.find(',', start);
        if (end == std::string_view::npos) end = address.size();
        std::string segment = trim(address.substr(start, end - start));
        start = end + 1;
        while (!segment.empty() && segment.back() == '.') segment = trim(segment.substr(0, segment.size() - 1));
        const std::string lower = matchKey(segment);
        for (const auto& [prefix, unit] : units) {
            if (!lower.starts_with(prefix)) continue;
            const auto code = codes.find(matchKey(std::string(unit) + trim(lower.substr(prefix.size()))));
            if (code != codes.end()) found.insert(code->second);
            break;
        }
    }
    return found.size() == 1 ? *found.begin() : std::string();
}

void readHeritage(const std::filesystem::path& dir, SeedReport& report, std::vector<DirectoryEntry>& out) {
    const auto codes = wardCodesByName(dir);
    const auto sheet = openSheet(dir, kHeritageFile,
                                 {"name", "heritage_type", "ranking_level", "ranking_decision",
                                  "address_before_2025_merger", "address_after_2025_merger", "latitude", "longitude",
                                  "source_url"},
                                 report);
    for (std::size_t r = 0; r < sheet.size(); ++r) {
        auto entry = makeEntry(GroupId::Tourism, kinds::kPlace, sheet.value(r, "name"));
        if (entry.name.empty()) {
            sheet.skip(r, "empty name");
            continue;
        }
        const std::string latText = sheet.value(r, "latitude");
        const std::string lonText = sheet.value(r, "longitude");
        if (!latText.empty() || !lonText.empty()) {
            const auto lat = parseNumber(latText);
            const auto lon = parseNumber(lonText);
            if (!lat || !lon || *lat < -90 || *lat > 90 || *lon < -180 || *lon > 180) {
                sheet.skip(r, "bad coordinates \"" + latText + "\", \"" + lonText + "\"");
                continue;
            }
            entry.latitude = lat;
            entry.longitude = lon;
        }
        const std::string before = sheet.value(r, "address_before_2025_merger");
        const std::string after = sheet.value(r, "address_after_2025_merger");
        entry.address = after.empty() ? before : after;
        entry.oldWard = oldAreaOf(before);
        if (entry.oldWard.empty()) entry.oldWard = before;
        entry.wardCode = wardCodeOf(after, codes);
        entry.source = withUrl(kHeritageSource, sheet.value(r, "source_url"));
        entry.updatedAt = kHeritageDate;
        setAttribute(entry, "category", "di_tich");
        setAttribute(entry, "heritage_type", sheet.value(r, "heritage_type"));
        setAttribute(entry, "ranking_level", sheet.value(r, "ranking_level"));
        setAttribute(entry, "ranking_decision", sheet.value(r, "ranking_decision"));
        out.push_back(std::move(entry));
    }
}

// Destinations, shopping and the tourism association: one table shape from the national tourism database.
void readTourismDb(const std::filesystem::path& dir, const char* file, const char* category, SeedReport& report,
                   std::vector<DirectoryEntry>& out) {
    const auto sheet =
        openSheet(dir, file, {"name", "address", "phone_as_given", "email", "website", "source_url"}, report);
    for (std::size_t r = 0; r < sheet.size(); ++r) {
        auto entry = makeEntry(GroupId::Tourism, kinds::kPlace, sheet.value(r, "name"));
        if (entry.name.empty()) {
            sheet.skip(r, "empty name");
            continue;
        }
        entry.address = sheet.value(r, "address");
        entry.oldWard = oldAreaOf(entry.address);
        entry.phone = cleanPhone(sheet.value(r, "phone_as_given"));
        entry.website = sheet.value(r, "website");
        entry.source = withUrl(kTourismDbSource, sheet.value(r, "source_url"));
        entry.updatedAt = kTourismDbDate;
        setAttribute(entry, "category", category);
        setAttribute(entry, "email", sheet.value(r, "email"));
        out.push_back(std::move(entry));
    }
}

void readEvents(const std::filesystem::path& dir, SeedReport& report, std::vector<DirectoryEntry>& out) {
    const auto sheet = openSheet(dir, kEventsFile,
                                 {"event_name", "edition", "start_date", "end_date", "timing_note", "venue",
                                  "organizer", "source_url", "notes"},
                                 report);
    for (std::size_t r = 0; r < sheet.size(); ++r) {
        const std::string eventName = sheet.value(r, "event_name");
        if (eventName.empty()) {
            sheet.skip(r, "empty event name");
            continue;
        }
        const std::string edition = sheet.value(r, "edition");
        const std::string start = sheet.value(r, "start_date");
        // An edition is dated by its start; a recurring ritual by the dataset it was read from.
        std::string date = isoDatePrefix(start);
        if (date.empty() && start.empty() && sheet.value(r, "notes").starts_with("from heritage dataset"))
            date = kHeritageDate;
        if (date.empty()) {
            sheet.skip(r, start.empty() ? "no date: neither a start date nor a dated source"
                                        : "start date \"" + start + "\" is not an ISO date");
            continue;
        }
        const bool namedEdition = !edition.empty() && !edition.starts_with('(');
        auto entry =
            makeEntry(GroupId::Tourism, kinds::kEvent, namedEdition ? eventName + " (" + edition + ")" : eventName);
        entry.source = withUrl(kEventsSource, sheet.value(r, "source_url"));
        entry.updatedAt = date;
        setAttribute(entry, "start_date", start);
        setAttribute(entry, "end_date", sheet.value(r, "end_date"));
        setAttribute(entry, "place", sheet.value(r, "venue"));
        setAttribute(entry, "edition", edition);
        setAttribute(entry, "timing_note", sheet.value(r, "timing_note"));
        setAttribute(entry, "organizer", sheet.value(r, "organizer"));
        out.push_back(std::move(entry));
    }
}

// --- agencies ------------------------------------------------------------------------------------

void readHotlines(const std::filesystem::path& dir, SeedReport& report, std::vector<DirectoryEntry>& out) {
    const auto sheet =
        openSheet(dir, kHotlinesFile, {"number", "name_vi", "scope", "description_vi", "source_url"}, report);
    for (std::size_t r = 0; r < sheet.size(); ++r) {
        const std::string number = sheet.value(r, "number");
        auto entry = makeEntry(GroupId::Agencies, kinds::kHotline, sheet.value(r, "name_vi"));
        if (!isDigits(number) || entry.name.empty()) {
            sheet.skip(r, "not a telephone number or no name: \"" + number + "\"");
            continue;
        }
        entry.phone = number;
        entry.source = withUrl(kHotlinesSource, sheet.value(r, "source_url"));
        entry.updatedAt = kHotlinesDate;
        setAttribute(entry, "number", number);
        setAttribute(entry, "area_served", sheet.value(r, "scope"));
        setAttribute(entry, "description", sheet.value(r, "description_vi"));
        out.push_back(std::move(entry));
    }
}

struct OldUnit {
    std::string area;      // "Phường Bến Nghé, Quận 1" (province added outside the old HCMC)
    std::string district;  // "Quận 1"
};

// Old ward codes (and, for Côn Đảo, which had no wards, the district code) to their place before 2025.
std::map<std::string, OldUnit> readPreMergerUnits(const std::filesystem::path& dir, SeedReport& report) {
    const auto sheet = openSheet(dir, kPreMergerWardsFile,
                                 {"province_code", "province_full_name", "district_code", "district_full_name",
                                  "ward_code", "ward_full_name"},
                                 report);
    std::map<std::string, OldUnit> units;
    for (std::size_t r = 0; r < sheet.size(); ++r) {
        const std::string district = sheet.value(r, "district_full_name");
        const std::string wardCode = sheet.value(r, "ward_code");
        const std::string ward = sheet.value(r, "ward_full_name");
        const std::string code = wardCode.empty() ? sheet.value(r, "district_code") : wardCode;
        if (district.empty() || !isDigits(code) || (!wardCode.empty() && ward.empty())) {
            sheet.skip(r, "incomplete unit");
            continue;
        }
        std::string area = ward.empty() ? district : ward + ", " + district;
        if (sheet.value(r, "province_code") != "79") area += ", " + sheet.value(r, "province_full_name");
        units.emplace(code, OldUnit{std::move(area), district});
    }
    return units;
}

struct MergedArea {
    std::vector<std::string> areas;
    std::vector<std::string> districts;
};

std::map<std::string, MergedArea> readWardMapping(const std::filesystem::path& dir,
                                                  const std::map<std::string, OldUnit>& oldUnits, SeedReport& report) {
    const auto sheet = openSheet(dir, kWardMappingFile,
                                 {"new_ward_code", "old_ward_code", "old_ward_name", "merge_type"}, report);
    std::map<std::string, MergedArea> merged;
    for (std::size_t r = 0; r < sheet.size(); ++r) {
        const std::string newCode = sheet.value(r, "new_ward_code");
        const std::string oldCode = sheet.value(r, "old_ward_code");
        const std::string mergeType = sheet.value(r, "merge_type");
        const auto old = oldUnits.find(oldCode);
        if (!isDigits(newCode) || old == oldUnits.end() || (mergeType != "full" && mergeType != "partial")) {
            sheet.skip(r, "unknown old unit \"" + oldCode + "\" or bad row");
            continue;
        }
        auto& area = merged[newCode];
        addOnce(area.areas, old->second.area + (mergeType == "partial" ? " (một phần)" : ""));
        addOnce(area.districts, old->second.district);
    }
    return merged;
}

void readWards(const std::filesystem::path& dir, SeedReport& report, std::vector<DirectoryEntry>& out) {
    const auto oldUnits = readPreMergerUnits(dir, report);
    const auto merged = readWardMapping(dir, oldUnits, report);
    const auto sheet = openSheet(dir, kWardsFile, {"code", "full_name"}, report);
    for (std::size_t r = 0; r < sheet.size(); ++r) {
        const std::string code = sheet.value(r, "code");
        const std::string fullName = sheet.value(r, "full_name");
        if (code.size() != 5 || !isDigits(code) || fullName.empty()) {
            sheet.skip(r, "bad ward code \"" + code + "\" or empty name");
            continue;
        }
        auto entry = makeEntry(GroupId::Agencies, kinds::kWard, "Ủy ban nhân dân " + fullName);
        entry.wardCode = code;
        entry.source = std::string(kWardsSource);
        entry.updatedAt = kWardsDate;
        if (const auto it = merged.find(code); it != merged.end()) {
            setAttribute(entry, "area_served", join(it->second.areas, "; "));
            entry.oldWard = join(it->second.districts, ", ");
        } else {
            sheet.note(r, "no old ward is mapped to " + code);
        }
        out.push_back(std::move(entry));
    }
}

// --- 2025 ward codes from old addresses -----------------------------------------------------------

// Entries whose source named no 2025 ward get the one their old address lies in, when that is certain.
// The lookup files are read after the entries so that a missing source file is still the error reported.
void assignWardCodes(const std::filesystem::path& dir, std::vector<DirectoryEntry>& entries, SeedReport& report) {
    std::optional<WardResolver> resolver;
    try {
        resolver.emplace(dir / kPreMergerWardsFile, dir / kWardMappingFile);
    } catch (const CsvError& error) {
        report.problems.push_back(std::string("no 2025 ward codes from old addresses: ") + error.what());
        return;
    }
    report.file += std::string(", ") + kPreMergerWardsFile + ", " + kWardMappingFile;
    auto& counts = report.wards;
    for (auto& entry : entries) {
        if (entry.kind == kinds::kEvent) continue;
        if (!entry.wardCode.empty()) {
            ++counts.given;
            continue;
        }
        auto result = resolver->resolve(entry.address);
        if (result.match == WardMatch::Unparseable && !entry.oldWard.empty() && entry.oldWard != entry.address)
            result = resolver->resolve(entry.oldWard);
        switch (result.match) {
        case WardMatch::Resolved:
            entry.wardCode = std::move(result.newWardCode);
            ++counts.resolved;
            break;
        case WardMatch::Ambiguous: ++counts.ambiguous; break;
        case WardMatch::UnknownWard: ++counts.unknownWard; break;
        case WardMatch::Unparseable: ++counts.unparseable; break;
        }
    }
}

}  // namespace

SeedSources::SeedSources(std::filesystem::path dataDir) : dataDir_(std::move(dataDir)) {}

std::vector<DirectoryEntry> SeedSources::schools(SeedReport& report) const {
    beginReport(report);
    std::vector<DirectoryEntry> out;
    readSchoolDirectory(dataDir_, report, out);
    readHigherEducation(dataDir_, report, out);
    assignWardCodes(dataDir_, out, report);
    report.rows = out.size();
    return out;
}

std::vector<DirectoryEntry> SeedSources::healthFacilities(SeedReport& report) const {
    beginReport(report);
    const auto renames = readRenames(dataDir_, report);
    const auto sheet = openSheet(dataDir_, kLicensesFile,
                                 {"license_no", "license_issuer_code", "facility_name", "address",
                                  "district_in_address", "source_url"},
                                 report);
    std::vector<DirectoryEntry> out;
    out.reserve(sheet.size());
    for (std::size_t r = 0; r < sheet.size(); ++r) {
        auto entry = makeEntry(GroupId::Health, kinds::kHealthFacility, sheet.value(r, "facility_name"));
        if (entry.name.empty()) {
            sheet.skip(r, "empty facility name");
            continue;
        }
        entry.address = sheet.value(r, "address");
        entry.oldWard = oldAreaOf(entry.address);
        if (entry.oldWard.empty()) entry.oldWard = sheet.value(r, "district_in_address");
        entry.source = withUrl(kLicensesSource, sheet.value(r, "source_url"));
        entry.updatedAt = kLicensesDate;
        setAttribute(entry, "facility_type", facilityType(entry.name));
        setAttribute(entry, "license_no", sheet.value(r, "license_no"));
        setAttribute(entry, "license_issuer", sheet.value(r, "license_issuer_code"));
        if (entry.attribute("facility_type") == "benh_vien") {
            if (const auto rename = renames.find(matchKey(entry.name)); rename != renames.end()) {
                setAttribute(entry, "new_name", rename->second.newName);
                entry.source += "; " + withUrl(kRenamesSource, rename->second.url);
            }
        }
        out.push_back(std::move(entry));
    }
    assignWardCodes(dataDir_, out, report);
    report.rows = out.size();
    return out;
}

std::vector<DirectoryEntry> SeedSources::tourism(SeedReport& report) const {
    beginReport(report);
    std::vector<DirectoryEntry> out;
    readHeritage(dataDir_, report, out);
    readTourismDb(dataDir_, kDestinationsFile, "diem_den", report, out);
    readTourismDb(dataDir_, kShoppingFile, "mua_sam", report, out);
    readTourismDb(dataDir_, kAssociationFile, "hiep_hoi", report, out);
    readEvents(dataDir_, report, out);
    assignWardCodes(dataDir_, out, report);
    report.rows = out.size();
    return out;
}

std::vector<DirectoryEntry> SeedSources::agencies(SeedReport& report) const {
    beginReport(report);
    std::vector<DirectoryEntry> out;
    readHotlines(dataDir_, report, out);
    readWards(dataDir_, report, out);
    report.rows = out.size();
    return out;
}

std::vector<DirectoryEntry> SeedSources::construction(SeedReport& report) const {
    beginReport(report);
    report.file = "(none: synthetic sample)";
    std::vector<DirectoryEntry> out;
    for (int i = 1; i <= 3; ++i) {
        const std::string n = std::to_string(i);
        auto project = makeEntry(GroupId::Construction, kinds::kHousingProject, "Dự án nhà ở mẫu " + n);
        project.address = "Địa chỉ mẫu " + n + " (không có thật)";
        setAttribute(project, "developer", "Chủ đầu tư mẫu " + n);
        setAttribute(project, "status", "Ví dụ minh họa, không phải dự án thật");
        setAttribute(project, "location", "Khu vực mẫu " + n);
        out.push_back(std::move(project));

        auto broker = makeEntry(GroupId::Construction, kinds::kBrokerCertificate, "Chứng chỉ môi giới mẫu " + n);
        setAttribute(broker, "certificate_no", "MAU-000" + n);
        setAttribute(broker, "holder", "Người môi giới mẫu " + n);
        setAttribute(broker, "expiry", "2099-12-31");
        out.push_back(std::move(broker));
    }
    for (auto& entry : out) {
        entry.sample = true;
        entry.source = std::string(kSampleSource);
        entry.updatedAt = kSampleDate;
    }
    report.rows = out.size();
    return out;
}

std::vector<DirectoryEntry> SeedSources::all(std::vector<SeedReport>& reports) const {
    using Reader = std::vector<DirectoryEntry> (SeedSources::*)(SeedReport&) const;
    static constexpr Reader readers[] = {&SeedSources::schools, &SeedSources::healthFacilities,
                                         &SeedSources::tourism, &SeedSources::agencies, &SeedSources::construction};
    reports.clear();
    std::vector<DirectoryEntry> out;
    for (const Reader reader : readers) {
        SeedReport report;
        auto entries = (this->*reader)(report);
        out.insert(out.end(), std::make_move_iterator(entries.begin()), std::make_move_iterator(entries.end()));
        reports.push_back(std::move(report));
    }
    return out;
}

}  // namespace kiosk
