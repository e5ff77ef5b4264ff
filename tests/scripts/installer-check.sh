#!/usr/bin/env bash
# What an administrator installs, checked from the build: `cmake --install` into a staging
# root, every file where the FHS and the unit expect it, the unit through systemd's own
# checker, the system user through systemd-sysusers (dry run), the shipped config through the
# installed kioskctl, and the Debian package CPack makes (conffile, dependencies, maintainer
# scripts). Usage: installer-check.sh BUILD_DIR
set -euo pipefail
build=$1
work=$(mktemp -d /tmp/kiosk-install.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "installer-check: $*" >&2; exit 1; }

prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")
[ -n "$prefix" ] || fail "no CMAKE_INSTALL_PREFIX in $build/CMakeCache.txt"
if [ "$prefix" = /usr ]; then etc=/etc; else etc="$prefix/etc"; fi
root="$work/root"
DESTDIR="$root" cmake --install "$build" >/dev/null

for f in "$prefix/bin/ward-kiosk" "$prefix/bin/kioskctl" "$prefix/libexec/ward-kiosk/ward-kiosk-session"; do
  [ -x "$root$f" ] || fail "$f is missing or not executable"
done
for f in "$etc/ward-kiosk/kiosk.toml" "$prefix/lib/systemd/system/ward-kiosk.service" \
         "$prefix/lib/sysusers.d/ward-kiosk.conf" "$prefix/share/locale/vi/LC_MESSAGES/ward-kiosk.mo" \
         "$prefix/share/ward-kiosk/icons/print.svg" "$prefix/share/doc/ward-kiosk/README.md"; do
  [ -f "$root$f" ] || fail "$f is missing"
done
[ -n "$(ls "$root$prefix/share/ward-kiosk/data")" ] || fail "no bundled data installed"

# The unit, as systemd reads it; then the programs it names are the ones installed.
unit="$root$prefix/lib/systemd/system/ward-kiosk.service"
systemd-analyze verify "$unit" || fail "systemd-analyze verify refused the unit"
session=$(sed -n 's|^ExecStart=/usr/bin/xinit \([^ ]*\) -- .*|\1|p' "$unit")
[ "$session" = "$prefix/libexec/ward-kiosk/ward-kiosk-session" ] || fail "ExecStart runs '$session'"
sh -n "$root$session" || fail "the session script does not parse"
kiosk=$(sed -n 's|^exec \([^ ]*\) .*|\1|p' "$root$session")
[ "$kiosk" = "$prefix/bin/ward-kiosk" ] || fail "the session script runs '$kiosk'"
for key in Type=notify NotifyAccess=all WatchdogSec= User=ward-kiosk StateDirectory=ward-kiosk \
           LogsDirectory=ward-kiosk CacheDirectory=ward-kiosk "SupplementaryGroups=lp video"; do
  grep -q "^$key" "$unit" || fail "the unit has no $key"
done

# The system user: what systemd-sysusers would create, in the staging root only.
users=$(systemd-sysusers --root="$root" --dry-run "$root$prefix/lib/sysusers.d/ward-kiosk.conf" 2>&1) ||
  fail "systemd-sysusers refused ward-kiosk.conf: $users"
grep -q "ward-kiosk" <<<"$users" || fail "systemd-sysusers would create no ward-kiosk user: $users"

# The config an administrator starts from passes the installed kioskctl's check.
checked=$("$root$prefix/bin/kioskctl" check-config "$root$etc/ward-kiosk/kiosk.toml" 2>&1) || true
grep -q '^OK: ' <<<"$checked" || fail "the installed kiosk.toml does not pass kioskctl check-config: $checked"

# The Debian package.
(cd "$build" && cpack -G DEB -B "$work/deb" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log" >&2; fail "cpack failed"; }
deb=$(ls "$work"/deb/*.deb)
# (Whole outputs to files first: grep -q leaving early would break the pipe under pipefail.)
dpkg-deb -I "$deb" conffiles > "$work/conffiles"
grep -qx "$etc/ward-kiosk/kiosk.toml" "$work/conffiles" || fail "kiosk.toml is not a conffile"
dpkg-deb -c "$deb" > "$work/contents"
grep -q "\./${prefix#/}/lib/systemd/system/ward-kiosk.service" "$work/contents" || fail "the package has no unit"
depends=$(dpkg-deb -f "$deb" Depends)
for dep in xinit xserver-xorg-core fonts-noto-core libwxgtk3.2 libcups2 libsystemd0; do
  grep -q "$dep" <<<"$depends" || fail "the package does not depend on $dep: $depends"
done
mkdir "$work/control"
dpkg-deb -e "$deb" "$work/control"
for script in postinst prerm postrm; do
  [ -x "$work/control/$script" ] || fail "$script is missing or not executable"
  sh -n "$work/control/$script" || fail "$script does not parse"
done
grep -q "systemd-sysusers ward-kiosk.conf" "$work/control/postinst" || fail "postinst makes no user"
echo "OK: installed under $prefix, unit verified, package $(basename "$deb")"
