#!/usr/bin/env bash
# Every string the sources mark for translation must have a Vietnamese translation that is
# neither missing nor fuzzy, and the catalog must compile with format checks.
set -euo pipefail
src=$1; work=$2
mkdir -p "$work"
"$src/resources/po/update-pot.sh" "$work/current.pot" 2>"$work/xgettext.log"
msgfmt --check --statistics -o /dev/null "$src/resources/po/vi.po"
msgcmp "$src/resources/po/vi.po" "$work/current.pot"
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$src/resources/po/vi.po" | grep -c '^msgid' || true)
if [ "$fuzzy" -ne 0 ]; then echo "vi.po has $fuzzy fuzzy entries"; exit 1; fi
untranslated=$(msgattrib --untranslated --no-obsolete "$src/resources/po/vi.po" | grep -c '^msgid' || true)
if [ "$untranslated" -gt 0 ]; then echo "vi.po has untranslated entries"; exit 1; fi
echo "vi.po covers every translatable string of app/ and ui/"
