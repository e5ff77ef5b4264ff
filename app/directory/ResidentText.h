#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "directory/DirectoryEntry.h"

namespace kiosk::resident {

// The words a resident reads about a directory entry (issue 18, "the resident's words only"): no
// internal ids or codes, no web addresses carrying ids or percent-encoding, no commit hashes or
// repository names, no ISO dates and no legal citations. Provenance stays in
// resources/data/SOURCES.md, entry.source (kioskctl, the log) and the raw attributes; the screens
// show only what these functions return. Pure text, no toolkit: tested over every bundled row.

// "2024-07-10" (or an ISO date-time) -> "10/07/2024"; "" when `iso` does not start with a date.
std::string plainDate(std::string_view iso);

// Free text as a resident reads it: legal citations ("Quyết định số 09/2023/QĐ-TTg ngày
// 12/4/2023" -> "Quyết định"; "QĐ 1478/QĐ-UBND" and a clause that only cites one go), web
// addresses with a path or percent-encoding removed and bare ones without "https://", ISO dates
// as dd/mm/yyyy, commit-like tokens and repository references removed, spaces tidied.
std::string plainText(std::string_view text);

// The publisher of `source` in plain words ("Sở Y tế TP.HCM", "Cổng Dịch vụ công quốc gia"):
// the text before any bracketed provenance, address or repository reference.
std::string plainSource(std::string_view source);

// The entry's name and the plain fields of the detail page, cleaned.
std::string name(const DirectoryEntry& entry);
std::string address(const DirectoryEntry& entry);
// The website when a resident can use it: "" for procedures (the portal's addresses carry ids)
// and for any address with an id or percent-encoding in it; a bare host without "https://".
std::string website(const DirectoryEntry& entry);
// Whether the kind of entry is worth naming on its page ("Loại: Thủ tục" says nothing).
bool showsKind(const DirectoryEntry& entry);

// Whether attribute `key` is for residents: never codes, ids, license numbers, legal decisions
// or the JSON tables (those are read through listItems).
bool attributeShown(const DirectoryEntry& entry, const std::string& key);
// The attribute's value as shown: dates as dd/mm/yyyy, text through plainText.
std::string attributeValue(const DirectoryEntry& entry, const std::string& key);

// The lines of a procedure table as shown: "steps_json" (one step a line), "documents_json"
// (name — quantity), "channels_json" (channel — time — fee — description; a time whose unit the
// portal lost is left out). Any other key (the legal basis) yields nothing.
std::vector<std::string> listItems(const DirectoryEntry& entry, const std::string& jsonKey);

// What a screen puts after "Nguồn:": the publisher, and the data's date as dd/mm/yyyy (either may
// be "" when unknown).
struct SourceLine {
    std::string publisher;
    std::string date;
};
SourceLine sourceLine(const DirectoryEntry& entry);

}  // namespace kiosk::resident
