#!/usr/bin/env bash
# Extracts every translatable string of app/ and ui/ into a .pot file (default:
# resources/po/ward-kiosk.pot). Then: msgmerge --update resources/po/vi.po resources/po/ward-kiosk.pot
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/resources/po/ward-kiosk.pot}
cd "$root"
find app ui -name '*.cpp' -o -name '*.h' | LC_ALL=C sort | xargs xgettext --from-code=UTF-8 --language=C++ \
  --keyword=_ --keyword=N_ --keyword=wxTRANSLATE --keyword=wxPLURAL:1,2 --add-comments=TRANSLATORS: \
  --package-name=ward-kiosk --sort-by-file --omit-header -o "$out"
