#!/usr/bin/env bash
# Installs the Debian 12 packages that building, running and testing Ward Kiosk need, and brings
# those already installed to the current Debian 12 versions: a machine with older packages than
# a fresh one would get hides breakage (a CUPS security update once made the print tests' config
# fatal). Says what it installed and what it upgraded, from which version to which.
set -euo pipefail

BUILD_PKGS=(
  build-essential cmake ninja-build pkg-config gettext
  libwxgtk3.2-dev libcurl4-openssl-dev libsqlite3-dev libzxing-dev
  nlohmann-json3-dev libtomlplusplus-dev libspdlog-dev libcli11-dev
  libssl-dev libicu-dev libsystemd-dev libboost-test-dev libcpp-httplib-dev libcups2-dev
  fonts-noto-core fonts-dejavu-core
  espeak-ng libgtk-3-dev file curl
)
TEST_PKGS=(
  xvfb xauth imagemagick x11-utils
  cups cups-daemon cups-client cups-ipp-utils dbus-daemon poppler-utils
  systemd xinit
)

want=("${BUILD_PKGS[@]}")
if [ "${1:-}" = "--test" ]; then want+=("${TEST_PKGS[@]}"); fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

versions() { dpkg-query -W -f='${Package} ${db:Status-Status} ${Version}\n' 2>/dev/null | awk '$2 == "installed" {print $1, $3}' | sort; }
before=$(versions)
$SUDO apt-get update -qq
# Naming a package that is installed upgrades it to the candidate version (and whatever of its
# dependencies that version needs); a missing one is installed.
$SUDO apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
after=$(versions)

installed=() upgraded=()
while read -r pkg version; do
  old=$(awk -v p="$pkg" '$1 == p {print $2}' <<<"$before")
  if [ -z "$old" ]; then installed+=("$pkg"); else upgraded+=("$pkg $old -> $version"); fi
done < <(comm -13 <(echo "$before") <(echo "$after"))
[ "${#installed[@]}" -eq 0 ] || echo "ward-kiosk: installed ${#installed[@]} packages: ${installed[*]}"
if [ "${#upgraded[@]}" -gt 0 ]; then
  echo "ward-kiosk: upgraded ${#upgraded[@]} packages to the current Debian 12 versions:"
  printf '  %s\n' "${upgraded[@]}"
else
  echo "ward-kiosk: the ${#want[@]} packages named here are at their current Debian 12 versions"
fi
