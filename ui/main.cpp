// ward-kiosk: the full-screen kiosk. Config and bundled data are read and validated before the
// toolkit starts, so a wrong config stops with a precise message even on a machine with no
// display, and exits with EX_CONFIG (78) for systemd and scripts.
#include <curl/curl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <wx/app.h>

#include "KioskApp.h"

namespace {
// A crash must not write the resident's session (name, phone, token, scanned ID card) to a core
// file (issue 17, Law 91/2025). RLIMIT_CORE 0 stops the kernel writing one; PR_SET_DUMPABLE 0
// also stops systemd-coredump (a core_pattern pipe ignores the limit) and ptrace attaches by
// other users. It makes /proc/self/* root-owned, which the kiosk only reads as itself (Paths
// reads /proc/self/exe, still allowed to the process itself); staff debug with a build that
// skips this, or as root. The GUI tests run the shell in their own process, not through here.
void disableCoreDumps() {
    const rlimit none{0, 0};
    setrlimit(RLIMIT_CORE, &none);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    // What the kiosk writes (log, outbox, cache, kept slips) is for its own user and group only:
    // files 0640, folders 0750, whatever umask the session that started it had.
    ::umask(027);
}
}  // namespace

int main(int argc, char** argv) {
    disableCoreDumps();
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
