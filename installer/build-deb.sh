#!/usr/bin/env bash
# Builds the Debian package of Ward Kiosk on a Debian 12 machine: installs what the build needs,
# configures a release build for /usr (the FHS paths of an installed kiosk are compiled in),
# builds it and packs it. The .deb lands in build-deb/. On the kiosk:
#   apt install ./ward-kiosk_<version>_amd64.deb
#   edit /etc/ward-kiosk/kiosk.toml; kioskctl check-config /etc/ward-kiosk/kiosk.toml
#   systemctl enable --now ward-kiosk.service
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/installer/deps-debian.sh"
cmake -S "$root" -B "$root/build-deb" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build "$root/build-deb" -j "$(nproc)"
(cd "$root/build-deb" && cpack -G DEB)
ls -1 "$root"/build-deb/*.deb
