#pragma once
#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "dossier/Dossier.h"
#include "feedback/Outbox.h"

namespace kiosk {

// What a printed tracking slip says, top to bottom, in the resident's language: the paper a
// resident leaves with and comes back with. The UI draws it (80 mm roll, A5, A4); this model
// decides the words, so that every slip carries the same parts: the ward, the title, the code
// in large type with its QR, when it was printed, what happens next and when, how to look it up
// (this kiosk, hotline 1022, the web) and a privacy line. A citizen ID number only ever enters
// through setHolder(), which masks it.
struct Slip {
    std::string header;     // "UBND Phường Sài Gòn"
    std::string subheader;  // "Ki-ốt Công dân số"
    std::string title;      // "PHIẾU THEO DÕI PHẢN ÁNH"
    std::string codeLabel;  // "Mã số phản ánh"
    std::string code;       // large type
    std::string qrText;     // what the QR holds, which any kiosk's scanner reads back: a dossier's code; a report's
                            // slipPayload (the tracking code, and the city's id once it has one)
    std::string printedAt;  // "In lúc 28/11/2026 15:30"
    std::vector<std::pair<std::string, std::string>> facts;  // label, value
    std::string holder;     // "Người gửi: Nguyễn Văn A" (+ masked ID); "" when anonymous
    std::string nextSteps;  // what happens now, and when
    std::string lookupTitle;
    std::vector<std::string> lookup;  // the ways back to this status
    std::string privacy;
    std::string note;  // e.g. synthetic data marked as such; "" when none

    // name may be empty; citizenId, when given, is printed masked ("079******789").
    void setHolder(const std::string& label, const std::string& name, const std::string& citizenId);
    // Every text of the slip, in order: for tests, speech and the log of what was printed.
    std::vector<std::string> lines() const;
};

// Looks a msgid up in the resident's language (the UI passes its catalog; tests and kioskctl
// pass the identity). Placeholders are "%s", filled in order by fillIn().
using Translate = std::function<std::string(const char* msgid)>;

// What every slip of this kiosk shares.
struct SlipSetting {
    std::string wardName;       // "Phường Sài Gòn"
    std::string feedbackWeb;    // where 1022 reports are looked up on the web
    std::string dossierWeb;     // the public-service portal
    std::string hotline = "1022";
    std::chrono::system_clock::time_point now;
    Translate translate;
};

Slip feedbackSlip(const OutboxReport& report, const SlipSetting& setting);
Slip dossierSlip(const dossier::Dossier& dossier, const SlipSetting& setting);

// "28/11/2026 15:30" and "28/11/2026" in Ho Chi Minh City time (UTC+7) from any ISO 8601 time;
// "" when it cannot be read.
std::string cityDateTime(const std::string& iso);
std::string cityDate(const std::string& iso);
std::string cityDateTime(std::chrono::system_clock::time_point when);

// Replaces each "%s" of a translated pattern by the next argument (missing ones by "").
std::string fillIn(const std::string& pattern, const std::vector<std::string>& args);

}  // namespace kiosk
