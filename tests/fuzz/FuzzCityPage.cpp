// A page of city records (CITY-API.md) and each record in it, as SyncEngine stages them; the
// first byte picks the dataset (and so the group the records must belong to).
#include "FuzzInput.h"
#include "sync/Datasets.h"
#include "sync/SyncAnswers.h"

#include <nlohmann/json.hpp>

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const char* const kDatasets[] = {"schools", "health-facilities", "tourism-places", "tourism-events",
                                            "ward-offices", "hotlines", "procedures", "construction"};
    kiosk::fuzz::FuzzInput in(data, size);
    const std::string dataset = kDatasets[in.byte() % 8];
    const auto info = kiosk::datasetInfo(dataset);
    if (!info) kiosk::fuzz::broken(__FILE__, __LINE__);
    std::string error;
    const auto page = kiosk::parseSyncPage(in.rest(), 1u << 20, dataset, info->group, 7, error);
    if (!page) return 0;
    // What was accepted goes back out as the API writes it and reads in again the same.
    for (const auto& record : page->records) {
        kiosk::CityRecord again;
        std::string reason;
        if (!kiosk::decodeCityRecord(kiosk::encodeCityRecord(record.id, record.entry), info->group, again, reason))
            kiosk::fuzz::broken(__FILE__, __LINE__);
        if (again.id != record.id || again.entry.name != record.entry.name ||
            again.entry.attributes != record.entry.attributes)
            kiosk::fuzz::broken(__FILE__, __LINE__);
    }
    return 0;
}
