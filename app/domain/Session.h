#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "config/Config.h"
#include "domain/FeatureGroup.h"

namespace kiosk {

// Everything one resident has done at the kiosk, in memory only. Wiped on logout and on the
// idle timeout so the next person at the screen finds nothing of the previous one.
// Who the resident is, once logged in with VNeID, and the tokens that prove it. Held in memory
// only, in the Session; never written to disk, never logged.
struct ResidentIdentity {
    std::string subject;    // the provider's stable id ("sub")
    std::string name;
    std::string citizenId;  // số định danh cá nhân
    std::string birthDate;
    std::string accessToken;
    std::string refreshToken;
    std::string idToken;
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

    // True when nothing differs from a fresh session: the idle timer has nothing to clear.
    bool pristine() const;
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
    std::uint64_t generation_ = 0;
};

}  // namespace kiosk
