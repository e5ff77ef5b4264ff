#!/usr/bin/env bash
# Installs the Debian 12 packages that building, running and testing Ward Kiosk need.
# Idempotent: packages already present are skipped, so repeated runs cost seconds.
set -euo pipefail

BUILD_PKGS=(
  build-essential cmake ninja-build pkg-config gettext
  libwxgtk3.2-dev libcurl4-openssl-dev libsqlite3-dev libzxing-dev
  nlohmann-json3-dev libtomlplusplus-dev libspdlog-dev libcli11-dev
  libssl-dev libicu-dev libsystemd-dev libboost-test-dev libcpp-httplib-dev libcups2-dev
  fonts-noto-core fonts-dejavu-core
  espeak-ng libgtk-3-dev file
)
TEST_PKGS=(
  xvfb xauth imagemagick x11-utils
  cups cups-client cups-ipp-utils dbus-daemon poppler-utils
  systemd xinit
)

want=("${BUILD_PKGS[@]}")
if [ "${1:-}" = "--test" ]; then want+=("${TEST_PKGS[@]}"); fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "ward-kiosk: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
