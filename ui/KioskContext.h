#pragma once
#include <wx/gdicmn.h>

#include <memory>
#include <optional>
#include <string>

#include "config/Config.h"
#include "core/Clock.h"
#include "directory/DirectoryService.h"
#include "dossier/Dossier.h"
#include "feedback/FeedbackService.h"
#include "domain/HotlineDirectory.h"
#include "domain/WardRegistry.h"
#include "platform/Paths.h"
#include "printing/PrintService.h"

namespace kiosk::ui {

// What main() prepared before the toolkit starts: validated config and the bundled data the
// shell needs. Read once at start-up, never on the UI thread afterwards.
struct KioskContext {
    Paths paths;
    Config config;
    WardRegistry wards;
    HotlineDirectory hotlines;
    // cache.db, opened and queried on its own thread. Started after the first paint (so a first
    // boot, which builds the cache, does not delay the home screen) or by the first screen that
    // needs it, whichever comes first. UI thread only.
    DirectoryService& directory() const;
    void stopDirectory();
    // outbox.db and the sender to 1022, on their own threads. Made by the first screen that
    // needs it or after the first paint (to send what is waiting), whichever comes first.
    FeedbackService& feedback() const;
    bool feedbackStarted() const { return feedback_ != nullptr; }
    void stopFeedback();
    // The public-service portal's dossier lookup, on its own thread (made on first use).
    dossier::DossierService& dossiers() const;
    // Tracking slips to the configured printer, on the print thread (made on first use).
    PrintService& printer() const;
    // What the idle rule measures time with; the GUI tests move it forward instead of waiting
    // out the 20 s countdown.
    const Clock* clock = &SystemClock::instance();
    std::optional<wxSize> windowSize;   // --windowed WxH: a plain window (development, tests)
    bool exitAfterFirstPaint = false;   // bench-startup: print "first-paint" and quit

    std::string wardDisplayName() const;  // "Phường Sài Gòn"

private:
    mutable std::unique_ptr<DirectoryService> directory_;
    mutable std::unique_ptr<FeedbackService> feedback_;
    mutable std::unique_ptr<dossier::DossierService> dossiers_;
    mutable std::unique_ptr<PrintService> printer_;
};

}  // namespace kiosk::ui
