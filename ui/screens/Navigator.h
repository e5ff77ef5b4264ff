#pragma once
#include <cstdint>

#include "domain/FeatureGroup.h"

namespace kiosk::ui {

// What a screen may ask of the shell. All requests are carried out after the current event
// handler returns, because they destroy the screen that made them.
class Navigator {
public:
    virtual ~Navigator() = default;
    virtual void openGroup(GroupId id) = 0;
    virtual void openEntry(GroupId group, std::int64_t entryId) = 0;  // a directory entry's detail page
    virtual void goBack() = 0;
    virtual void goHome() = 0;
    virtual void refreshScreen() = 0;  // rebuild the current screen (e.g. after pinning)
    virtual void identityChanged() = 0;  // the resident logged in: the header greets them
    virtual void logout() = 0;           // "Not you? Log out": tokens revoked, identity wiped, home
};

}  // namespace kiosk::ui
