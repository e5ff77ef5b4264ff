#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "config/Config.h"
#include "domain/FeatureGroup.h"
#include "feedback/Open311.h"
#include "scan/CccdQr.h"

namespace kiosk {

// Who the resident is, once logged in with VNeID, and the token that proves it. Held in memory
// only, in the Session; never written to disk, never logged. Only what a screen uses is kept
// (Law 91/2025, data minimisation): no citizen ID number or birth date (no screen shows them),
// no refresh token (a session never outlives its access token) and no ID token (it carries the
// citizen ID). The strings are overwritten when the identity is destroyed.
struct ResidentIdentity {
    std::string subject;      // the provider's stable id ("sub")
    std::string name;
    std::string accessToken;  // for the city's APIs (the resident's own dossiers)

    ResidentIdentity() = default;
    ResidentIdentity(const ResidentIdentity&) = default;
    ResidentIdentity(ResidentIdentity&&) = default;
    ResidentIdentity& operator=(const ResidentIdentity&) = default;
    ResidentIdentity& operator=(ResidentIdentity&&) = default;
    ~ResidentIdentity();
};
// Overwrites every string of the identity and empties it.
void wipe(ResidentIdentity& identity);

// A report being written at the kiosk. Kept in the session, so that changing the language or
// the text size, or logging in halfway, loses nothing of it; wiped with the session.
struct FeedbackCompose {
    open311::ReportDraft draft;
    int step = 0;
    bool consent = false;
    std::int64_t amendId = 0;   // correcting a report the city refused (its outbox id)
    std::int64_t reopenId = 0;  // reopening a closed report that is not fixed (its outbox id)
    std::string reopenCode;     // its tracking code, to say which report this continues
    std::vector<open311::FieldError> errors;  // shown on their fields until changed
    // The chosen service's questions, once fetched (nullopt: not yet; empty: none asked).
    std::optional<open311::ServiceDefinition> definition;
    // Contact details were filled in from VNeID for this identity (so a later login fills them).
    std::string filledFor;
};

// A dossier being rated (DossierRatingScreen): which one, and what the resident chose so far.
struct DossierRatingCompose {
    std::string code;
    std::string procedure;
    std::string agency;
    int level = 0;  // 0: none chosen yet
    std::string comment;
    // After "Gửi đánh giá": "saving" until the outbox has it, "sending" during the first try,
    // then "sent", "waiting" (saved, sent later), "already" (the portal had a rating), "refused"
    // (with the portal's words in `refusal`) or "unsaved" (the outbox could not take it).
    std::string stage;
    std::vector<std::string> refusal;
};

class Session {
public:
    Session(Language defaultLanguage, TextSize defaultTextSize, bool defaultHighContrast = false);

    Language language() const { return language_; }
    TextSize textSize() const { return textSize_; }
    void setLanguage(Language language) { language_ = language; }
    void setTextSize(TextSize size) { textSize_ = size; }
    bool highContrast() const { return highContrast_; }
    void setHighContrast(bool on) { highContrast_ = on; }
    // A real keyboard was used in this session: the on-screen one stays down ("auto" mode).
    bool hardwareKeyboardSeen() const { return hardwareKeyboardSeen_; }
    void noteHardwareKeyboard() { hardwareKeyboardSeen_ = true; }

    const std::set<GroupId>& pinned() const { return pinned_; }
    bool isPinned(GroupId id) const { return pinned_.contains(id); }
    void togglePin(GroupId id);

    const std::optional<ResidentIdentity>& identity() const { return identity_; }
    void setIdentity(ResidentIdentity identity) { identity_ = std::move(identity); }
    // Logging out: the identity goes (its tokens are handed back to be revoked), the rest stays.
    std::optional<ResidentIdentity> takeIdentity();

    // The report being written, if any.
    FeedbackCompose* compose() { return compose_ ? &*compose_ : nullptr; }
    FeedbackCompose& startCompose(FeedbackCompose compose = {});
    // The report was saved, or given up: its text is overwritten, then dropped.
    void endCompose();
    // Reports saved in this session (outbox ids): their contact details may be shown again to
    // whoever is at the screen, because it is the resident who typed them.
    void noteOwnReport(std::int64_t id) { ownReports_.insert(id); }
    bool ownsReport(std::int64_t id) const { return ownReports_.contains(id); }

    // The dossier being rated, if any.
    DossierRatingCompose* rating() { return rating_ ? &*rating_ : nullptr; }
    DossierRatingCompose& startRating(DossierRatingCompose rating) { return rating_.emplace(std::move(rating)); }
    void endRating();
    // Dossiers rated in this session: their cards say so instead of offering the rating again.
    void noteRated(const std::string& code) { rated_.insert(code); }
    bool rated(const std::string& code) const { return rated_.contains(code); }
    // The last dossier lookup, asked again when the resident comes back to it: a code, or ""
    // for the resident's own dossiers.
    void rememberDossierLookup(std::string codeOrMine) { dossierLookup_ = std::move(codeOrMine); }
    const std::optional<std::string>& dossierLookup() const { return dossierLookup_; }
    // A citizen ID card the resident scanned: it pre-fills forms and is never a login. Kept here
    // only (never logged or written), overwritten when replaced, on logout and with the session.
    const scan::CccdCard* scannedCard() const { return scannedCard_ ? &*scannedCard_ : nullptr; }
    void setScannedCard(scan::CccdCard card);
    void wipeScannedCard();

    // True when nothing differs from a fresh session: the idle timer has nothing to clear.
    // Reports saved in this session count: until the session is wiped, whoever is at the
    // screen may see their contact details.
    bool pristine() const;
    // Nothing typed would be lost by ending the session now: no report or rating being written.
    // "Home" after a finished task ends the session then (ShellFrame::goHome).
    bool nothingUnsaved() const { return !compose_ && !rating_; }
    // A task was finished in this session: a report saved, or a dossier rated. Logging in or
    // looking something up is not one (the resident goes on to use it).
    bool finishedTask() const { return !ownReports_.empty() || !rated_.empty(); }
    // Back to a fresh session: identity, drafts, owned reports, lookups, scanned card, pins,
    // keyboard state and display choices. Personal strings are overwritten, not just freed.
    void wipe();
    // Bumped by every wipe, so work started for an earlier resident can tell it is stale.
    std::uint64_t generation() const { return generation_; }

private:
    Language defaultLanguage_;
    TextSize defaultTextSize_;
    Language language_;
    TextSize textSize_;
    bool defaultHighContrast_;
    bool highContrast_;
    bool hardwareKeyboardSeen_ = false;
    std::set<GroupId> pinned_;
    std::optional<ResidentIdentity> identity_;
    std::optional<FeedbackCompose> compose_;
    std::set<std::int64_t> ownReports_;
    std::optional<DossierRatingCompose> rating_;
    std::set<std::string> rated_;
    std::optional<std::string> dossierLookup_;
    std::optional<scan::CccdCard> scannedCard_;
    std::uint64_t generation_ = 0;
};

}  // namespace kiosk
