#pragma once
#include <cstdint>
#include <string>

#include "domain/FeatureGroup.h"
#include "net/ConnectivityMonitor.h"
#include "scan/ScanClassifier.h"

namespace kiosk::ui {

// What a screen may ask of the shell. All requests are carried out after the current event
// handler returns, because they destroy the screen that made them.
class Navigator {
public:
    virtual ~Navigator() = default;
    virtual void openGroup(GroupId id) = 0;
    virtual void openEntry(GroupId group, std::int64_t entryId) = 0;  // a directory entry's detail page
    // A page of a group other than its main screen ("compose", "report", "mine"); `entry` is
    // what the page shows (a report's outbox id). `replace`: the current screen is left out of
    // Back's history (a form that was sent is not gone back to).
    virtual void openPage(GroupId group, const std::string& page, std::int64_t entry = 0, bool replace = false) = 0;
    virtual void goBack() = 0;
    virtual void goHome() = 0;
    virtual void refreshScreen() = 0;  // rebuild the current screen (e.g. after pinning)
    virtual void identityChanged() = 0;  // the resident logged in: the header greets them
    virtual void logout() = 0;           // "Not you? Log out": tokens revoked, identity wiped, home
    virtual NetState netState() const = 0;
    // A code was read (camera or handheld scanner): a slip opens its report, a receipt its
    // dossier, a CCCD fills the open form; anything else says "Không nhận ra mã này".
    virtual void openScanned(scan::ScannedCode code) = 0;  // whether the city can be reached, as last probed
};

}  // namespace kiosk::ui
