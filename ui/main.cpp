// ward-kiosk: the full-screen kiosk. Config and bundled data are read and validated before the
// toolkit starts, so a wrong config stops with a precise message even on a machine with no
// display, and exits with EX_CONFIG (78) for systemd and scripts.
#include <curl/curl.h>
#include <wx/app.h>

#include "KioskApp.h"

int main(int argc, char** argv) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    kiosk::ui::KioskContext context;
    if (const int code = kiosk::ui::prepareContext(argc, argv, context); code >= 0) return code;
    wxApp::SetInstance(new kiosk::ui::KioskApp(std::move(context)));
    int wxArgc = 1;
    char* wxArgv[] = {argv[0], nullptr};
    const int code = wxEntry(wxArgc, wxArgv);
    curl_global_cleanup();
    return code;
}
