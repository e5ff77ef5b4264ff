#include "directory/BundledSeed.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "directory/ProcedureParser.h"
#include "directory/ProcedureScope.h"
#include "directory/SeedSources.h"
#include "log/Log.h"
#include "storage/CsvReader.h"

namespace kiosk {
namespace {
// The crawl of the national portal that the bundled procedures come from (see SOURCES.md).
constexpr const char* kProceduresDate = "2026-07-20";

DirectoryEntry toEntry(const Procedure& p) {
    DirectoryEntry e;
    e.group = GroupId::PublicServices;
    e.kind = kinds::kProcedure;
    e.name = p.name;
    e.address = p.agency;
    e.website = p.detailUrl;
    e.source = "Cổng Dịch vụ công quốc gia (dichvucong.gov.vn), " + p.detailUrl;
    e.updatedAt = kProceduresDate;
    auto set = [&e](const char* key, const std::string& value) {
        if (!value.empty()) e.attributes[key] = value;
    };
    set("code", p.code);
    set("field", p.field);
    set("scope", procedureScope(p));  // "common,ho_tich": what "Dịch vụ công" opens on
    set("processing_time", p.processingTimeSummary());
    // "Miễn phí" on the portal often means "set by the provincial council": the notes say so.
    set("fees", p.feeText());
    set("where_to_submit", p.whereToSubmit);
    set("applicants", p.applicants);
    set("conditions", p.conditions);
    set("result", p.result);
    nlohmann::json steps = p.steps;
    nlohmann::json documents = nlohmann::json::array();
    for (const auto& d : p.documents) documents.push_back({{"name", d.name}, {"form", d.form}, {"quantity", d.quantity}});
    nlohmann::json channels = nlohmann::json::array();
    for (const auto& c : p.channels)
        channels.push_back({{"channel", c.channel}, {"time", c.time}, {"fee", c.fee}, {"description", c.description}});
    nlohmann::json legal = nlohmann::json::array();
    for (const auto& l : p.legalBasis) legal.push_back({{"code", l.code}, {"title", l.title}});
    const auto dump = [](const nlohmann::json& j) {
        return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    if (!p.steps.empty()) e.attributes["steps_json"] = dump(steps);
    if (!p.documents.empty()) e.attributes["documents_json"] = dump(documents);
    if (!p.channels.empty()) e.attributes["channels_json"] = dump(channels);
    if (!p.legalBasis.empty()) e.attributes["legal_basis_json"] = dump(legal);
    return e;
}
}  // namespace

std::vector<DirectoryEntry> loadBundledSeed(const std::filesystem::path& dataDir, bool withSamples) {
    auto logger = log::get("data");
    std::vector<DirectoryEntry> entries;
    // Each source on its own: a damaged file costs that group, never the whole directory.
    const SeedSources sources(dataDir);
    using Loader = std::vector<DirectoryEntry> (SeedSources::*)(SeedReport&) const;
    std::vector<Loader> loaders{&SeedSources::schools, &SeedSources::healthFacilities, &SeedSources::tourism,
                                &SeedSources::agencies};
    // Invented rows only where a development config asks for them ([kiosk] sample_data).
    if (withSamples) loaders.push_back(&SeedSources::construction);
    for (Loader load : loaders) {
        SeedReport report;
        try {
            auto part = (sources.*load)(report);
            entries.insert(entries.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
        } catch (const CsvError& error) {
            logger->error("bundled directory data unreadable: {}", error.what());
        }
        if (report.skipped) logger->warn("{}: {} rows skipped", report.file, report.skipped);
        for (const auto& problem : report.problems) logger->debug("{}", problem);
    }
    try {
        const auto procedures = ProcedureParser::loadFile(dataDir / "procedures_cap_xa.jsonl");
        for (const auto& skipped : procedures.skipped) logger->warn("procedure skipped: {}", skipped);
        for (const auto& p : procedures.procedures) entries.push_back(toEntry(p));
    } catch (const ProcedureParseError& error) {
        logger->error("bundled procedures unreadable: {}", error.what());
    }
    logger->info("bundled directory data: {} entries", entries.size());
    return entries;
}

}  // namespace kiosk
