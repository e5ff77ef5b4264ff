#include "sync/SyncAnswers.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/BoundedInput.h"

namespace kiosk {
namespace {
using json = nlohmann::json;

std::optional<json> read(std::string_view body, std::size_t maxBytes, std::string& error) {
    return readJson(body, JsonLimits{.maxBytes = maxBytes, .maxDepth = kSyncMaxJsonDepth}, error);
}

// A member that is a string, or nullptr. Never copies the member: a hostile one may be large.
const std::string* stringMember(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

const json* integerMember(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_number_integer() ? &*it : nullptr;
}
}  // namespace

std::optional<std::vector<SyncIndexEntry>> parseSyncIndex(std::string_view body, std::size_t maxBytes,
                                                          const std::vector<std::string>& wanted,
                                                          std::vector<std::string>& ignored, std::string& error) {
    const auto document = read(body, maxBytes, error);
    if (!document) return std::nullopt;
    const auto list = document->is_object() ? document->find("datasets") : document->end();
    if (list == document->end() || !list->is_array()) {
        error = "index has no \"datasets\" list";
        return std::nullopt;
    }
    std::vector<SyncIndexEntry> entries;
    for (const auto& item : *list) {
        if (!item.is_object()) continue;
        const std::string* id = stringMember(item, "id");
        if (!id || std::find(wanted.begin(), wanted.end(), *id) == wanted.end()) continue;
        const json* version = integerMember(item, "version");
        if (!version || version->get<std::int64_t>() <= 0) {
            ignored.push_back(*id);
            continue;
        }
        SyncIndexEntry entry;
        entry.id = *id;
        entry.version = version->get<std::int64_t>();
        if (const json* m = integerMember(item, "min_delta_version")) entry.minDeltaVersion = m->get<std::int64_t>();
        if (const std::string* p = stringMember(item, "published"); p && p->size() <= 64) entry.published = *p;
        if (const json* r = integerMember(item, "records"))
            entry.records = std::max<std::int64_t>(0, r->get<std::int64_t>());
        entries.push_back(std::move(entry));
    }
    return entries;
}

std::optional<SyncPage> parseSyncPage(std::string_view body, std::size_t maxBytes, const std::string& dataset,
                                      GroupId group, std::int64_t expectedVersion, std::string& error) {
    const auto document = read(body, maxBytes, error);
    if (!document) return std::nullopt;
    const auto records = document->is_object() ? document->find("records") : document->end();
    if (records == document->end() || !records->is_array()) {
        error = "page has no \"records\" list";
        return std::nullopt;
    }
    if (const std::string* d = stringMember(*document, "dataset"); !d || *d != dataset) {
        error = "page is for another dataset";
        return std::nullopt;
    }
    const json* version = integerMember(*document, "version");
    if (!version) {
        error = "page has no version";
        return std::nullopt;
    }
    SyncPage page;
    page.version = version->get<std::int64_t>();
    if (page.version != expectedVersion) {
        page.otherVersion = true;
        return page;
    }
    if (const auto it = document->find("next_cursor"); it != document->end() && !it->is_null()) {
        if (!it->is_string() || it->get_ref<const std::string&>().size() > kSyncMaxCursorBytes) {
            error = "next_cursor is not a short string";
            return std::nullopt;
        }
        page.nextCursor = it->get<std::string>();
    }
    page.records.reserve(records->size());
    for (const auto& item : *records) {
        CityRecord record;
        std::string reason;
        if (decodeCityRecord(item, group, record, reason)) {
            page.records.push_back(std::move(record));
        } else if (++page.skipped <= 3) {
            page.skipReasons.push_back(std::move(reason));
        }
    }
    if (const auto it = document->find("deleted"); it != document->end() && it->is_array())
        for (const auto& id : *it)
            if (id.is_string() && !id.get_ref<const std::string&>().empty()) page.deleted.push_back(id.get<std::string>());
    return page;
}

std::string syncGoneCode(std::string_view body, std::size_t maxBytes) {
    std::string ignored;  // a 410 without a readable body is still a 410
    const auto document = read(body, maxBytes, ignored);
    const std::string* code = document && document->is_object() ? stringMember(*document, "error") : nullptr;
    return code ? *code : std::string("gone");
}

}  // namespace kiosk
