#include "platform/KioskUser.h"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace kiosk {
namespace {
constexpr const char* kServiceUser = "ward-kiosk";  // installer/systemd/ward-kiosk.sysusers

std::string nameOf(uid_t uid) {
    // getpwuid_r with a buffer of the size sysconf suggests (grown when it says ERANGE).
    long size = sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buffer(static_cast<std::size_t>(size > 0 ? size : 4096));
    passwd entry{};
    passwd* found = nullptr;
    while (getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == ERANGE) buffer.resize(buffer.size() * 2);
    return found ? std::string(found->pw_name) : "uid " + std::to_string(uid);
}

std::string why(const char* call) {
    return std::string(call) + ": " + std::strerror(errno);
}
}  // namespace

std::optional<KioskUser> kioskUserOf(const Paths& paths) {
    struct stat st{};
    if (::stat(paths.stateDir.c_str(), &st) == 0) return KioskUser{st.st_uid, st.st_gid, nameOf(st.st_uid)};
    if (!paths.installed) return std::nullopt;
    long size = sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buffer(static_cast<std::size_t>(size > 0 ? size : 4096));
    passwd entry{};
    passwd* found = nullptr;
    while (getpwnam_r(kServiceUser, &entry, buffer.data(), buffer.size(), &found) == ERANGE)
        buffer.resize(buffer.size() * 2);
    if (!found) return std::nullopt;
    return KioskUser{found->pw_uid, found->pw_gid, found->pw_name};
}

KioskAccess actAsKioskUser(const Paths& paths, const std::string& command) {
    KioskAccess access;
    const auto user = kioskUserOf(paths);
    const uid_t self = ::geteuid();
    if (!user || user->uid == self) return access;
    const std::string runAs = user->name.starts_with("uid ") ? "#" + std::to_string(user->uid) : user->name;
    const std::string instead = "run it as " + user->name + ": sudo -u " + runAs + " kioskctl " + command;
    if (self != 0) {
        access.kind = KioskAccess::Kind::Refused;
        access.message = "kioskctl " + command + " changes the kiosk's files in " + paths.stateDir.string() +
                         ", which belong to " + user->name + "; " + instead;
        return access;
    }
    // Groups first (they need root), then the gid, then the uid (after which nothing else can).
    std::string failed;
    if (!user->name.starts_with("uid ")) {
        if (::initgroups(user->name.c_str(), user->gid) != 0) failed = why("initgroups");
    } else if (::setgroups(1, &user->gid) != 0) {
        failed = why("setgroups");
    }
    if (failed.empty() && ::setgid(user->gid) != 0) failed = why("setgid");
    if (failed.empty() && ::setuid(user->uid) != 0) failed = why("setuid");
    if (failed.empty() && (::getuid() != user->uid || ::geteuid() != user->uid || ::getgid() != user->gid ||
                           ::getegid() != user->gid))
        failed = "the ids did not change as asked";
    if (failed.empty() && user->uid != 0 && ::setuid(0) == 0) failed = "root could be regained";
    if (!failed.empty()) {
        access.kind = KioskAccess::Kind::Refused;
        access.message = "kioskctl " + command + " must run as " + user->name + ", the owner of " +
                         paths.stateDir.string() + ", and could not switch to it (" + failed + "); " + instead;
        return access;
    }
    access.kind = KioskAccess::Kind::Dropped;
    access.message = "running as " + user->name + " (uid " + std::to_string(user->uid) + "), the owner of " +
                     paths.stateDir.string() + ", so that the kiosk can still write what this command changes";
    return access;
}

}  // namespace kiosk
