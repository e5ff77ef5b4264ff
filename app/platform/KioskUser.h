#pragma once
#include <sys/types.h>

#include <optional>
#include <string>

#include "platform/Paths.h"

namespace kiosk {

// The user whose files the kiosk's state is: the owner of the state directory when it exists
// (installed, systemd's StateDirectory= makes /var/lib/ward-kiosk the service user's; in a build
// tree it is the developer's); else, installed, the system user `ward-kiosk` (the service has
// not run yet); else nobody in particular (nullopt: whoever runs first makes the directory).
struct KioskUser {
    uid_t uid = 0;
    gid_t gid = 0;
    std::string name;  // from the password database; "uid N" when it has no entry
};
std::optional<KioskUser> kioskUserOf(const Paths& paths);

// kioskctl commands that change the kiosk's files (outbox retry/recover, feedback submit, sync,
// print reprint, login-test's log) call this before they open anything, so every file they
// create or rewrite keeps the kiosk's owner and the service can still write it:
// - run as the kiosk's user (or where there is none yet): Same, nothing changes;
// - run as root: this process becomes the kiosk's user for good (its supplementary groups from
//   the group database, then its gid, then its uid, in that order, each checked, and root
//   checked to be gone): Dropped. `sudo kioskctl sync` then simply works;
// - run as any other user: Refused, with a message naming the user to run it as (exit 77,
//   EX_NOPERM). Acting as that user is not this user's to decide.
// `command` is the command line to show in the message ("outbox retry").
struct KioskAccess {
    enum class Kind { Same, Dropped, Refused } kind = Kind::Same;
    std::string message;  // Dropped: what was done; Refused: what to run instead
};
KioskAccess actAsKioskUser(const Paths& paths, const std::string& command);

}  // namespace kiosk
