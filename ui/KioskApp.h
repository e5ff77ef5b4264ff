#pragma once
#include <wx/app.h>
#include <wx/timer.h>

#include "KioskContext.h"
#include "WxDispatcher.h"
#include "widgets/DragScroll.h"

namespace kiosk::ui {

class ShellFrame;

// The wx application: owns the dispatcher and the shell window, and reports every touch to the
// shell's idle rule through FilterEvent, whichever widget receives it.
class KioskApp : public wxApp {
public:
    explicit KioskApp(KioskContext context);

    bool OnInit() override;
    int OnExit() override;
    int FilterEvent(wxEvent& event) override;

    ShellFrame* shell() const { return shell_; }
    WxDispatcher& dispatcher() { return dispatcher_; }
    const KioskContext& context() const { return context_; }

private:
    KioskContext context_;
    WxDispatcher dispatcher_;
    ShellFrame* shell_ = nullptr;
    DragScroll dragScroll_;
    bool firstPaintSeen_ = false;
    bool readyTold_ = false;
    // Pings systemd's watchdog from the UI thread: if that thread stops turning, the pings stop
    // and the service is restarted.
    wxTimer watchdog_;
};

// Builds the KioskContext from the command line: config, bundled data, logging. Returns an
// exit code to stop with (78 for a config error) or -1 to go on. Used by main() and the tests.
int prepareContext(int argc, char** argv, KioskContext& context);

}  // namespace kiosk::ui
