#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::scan {

// What the QR code on a citizen ID card (CCCD) says about its holder. The code carries no
// signature, so this only pre-fills forms; it never proves who is at the screen. The card wipes
// its strings when it is destroyed, so no copy outlives its owner in readable memory.
struct CccdCard {
    std::string citizenId;  // 12 digits (số định danh cá nhân); show it through maskCitizenId
    std::string oldId;      // the old 9-digit ID card number (CMND), or ""
    std::string fullName;   // as printed, usually in capitals
    std::string birthDate;  // ISO "YYYY-MM-DD"
    std::string gender;     // "Nam" or "Nữ"
    std::string address;    // place of residence, with its commas
    std::string issueDate;  // ISO "YYYY-MM-DD"
    std::vector<std::string> extraFields;  // what newer cards append: kept, not used

    CccdCard() = default;
    CccdCard(const CccdCard&) = default;
    CccdCard(CccdCard&&) = default;
    CccdCard& operator=(const CccdCard&) = default;
    CccdCard& operator=(CccdCard&&) = default;
    ~CccdCard();
};

// A card, or why the text is not one. The reason is for the log: it names the field and the
// rule, never the text itself.
struct CccdParse {
    std::optional<CccdCard> card;
    std::string refusal;
};

// Reads "ID|old ID or empty|name|ddMMyyyy|Nam or Nữ|address|ddMMyyyy[|more…]". Any text at all
// is answered (a hostile one with a refusal), never with an exception. Rules: SCANNING.md.
CccdParse parseCccdQr(std::string_view text);

// "079123456789" -> "079******789". Anything but 12 digits -> "************", so a malformed
// value shows nothing of itself.
std::string maskCitizenId(std::string_view citizenId);

// Overwrites every string of the card (OPENSSL_cleanse) and empties it.
void wipe(CccdCard& card);
// Overwrites the whole buffer of `text`, its spare capacity included, and empties it.
void wipeString(std::string& text);

// Why `text` is not safe to handle as scanned text: "" when it is valid UTF-8 without control
// characters (C0, DEL, C1, line/paragraph separators, bidirectional overrides and isolates).
std::string_view unsafeTextReason(std::string_view text);

}  // namespace kiosk::scan
