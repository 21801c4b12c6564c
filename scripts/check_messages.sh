#!/usr/bin/env bash
# Regenerate, fill, compile and check the portal's message catalogues (locale/id, locale/en).
#
# Usage:
#   scripts/check_messages.sh            # makemessages + overrides + English fill + compile + checks
#   scripts/check_messages.sh --check    # only compile and check the catalogues as they are (no makemessages)
#   PYTHON=/path/to/python scripts/check_messages.sh   # default: .venv/bin/python, else python3
#
# What it does (default mode):
#   1. makemessages for id and en (--no-obsolete), skipping .venv, staticfiles, bench and tests.
#   2. Re-merges locale/id/overrides.po into the Indonesian catalogue: translations of msgids that
#      are not in our code (e.g. Django's own "%(model_name)s with this %(field_labels)s already
#      exists.", wrong in Django's Indonesian catalogue). makemessages --no-obsolete drops them,
#      so they live in overrides.po and are put back here. Never edit them only in django.po.
#   3. Fills the English catalogue: msgstr = msgid for every entry, plurals included.
#   4. compilemessages.
#   5. Fails (exit 1) if any Indonesian or English entry is untranslated or fuzzy, or if msgfmt
#      --check finds a problem (placeholders, plural forms, header). New msgids in the Indonesian
#      catalogue have to be translated by hand; msgmerge's guesses come out fuzzy and must be
#      reviewed (fix the msgstr, delete the "#, fuzzy" line and any "#|" lines).
#
# Needs GNU gettext (msgcat, msgattrib, msgcmp, msgen, msgfilter, msgfmt).
set -euo pipefail

cd "$(dirname "$0")/.."

if [[ -n "${PYTHON:-}" ]]; then
    PY="$PYTHON"
elif [[ -x .venv/bin/python ]]; then
    PY=.venv/bin/python
else
    PY=python3
fi

ID_PO=locale/id/LC_MESSAGES/django.po
EN_PO=locale/en/LC_MESSAGES/django.po
ID_OVERRIDES=locale/id/overrides.po

for tool in msgcat msgattrib msgcmp msgen msgfilter msgfmt; do
    command -v "$tool" >/dev/null || { echo "check_messages: $tool not found (install GNU gettext)" >&2; exit 2; }
done

if [[ "${1:-}" != "--check" ]]; then
    "$PY" manage.py makemessages -l id -l en --no-obsolete \
        --ignore=.venv --ignore=staticfiles --ignore=bench --ignore=tests

    # Overrides of messages outside our code; the regenerated catalogue comes first (--use-first
    # keeps its header and, for a msgid in both, its translation).
    msgcat --use-first "$ID_PO" "$ID_OVERRIDES" -o "$ID_PO"

    # English: empty every msgstr (a fuzzy guess from msgmerge would otherwise survive), drop the
    # fuzzy flags and previous-msgid comments, then copy each msgid into its msgstr.
    msgfilter --keep-header -i "$EN_PO" -o "$EN_PO" sed -e d
    msgattrib --clear-fuzzy --clear-previous "$EN_PO" -o "$EN_PO"
    msgen "$EN_PO" -o "$EN_PO"
fi

"$PY" manage.py compilemessages --ignore=.venv

status=0
for po in "$ID_PO" "$EN_PO"; do
    untranslated=$(msgattrib --untranslated --no-obsolete "$po")
    if [[ -n "$untranslated" ]]; then
        echo "check_messages: untranslated entries in $po:" >&2
        echo "$untranslated" >&2
        status=1
    fi
    fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po")
    if [[ -n "$fuzzy" ]]; then
        echo "check_messages: fuzzy entries in $po (review, then remove the fuzzy flag):" >&2
        echo "$fuzzy" >&2
        status=1
    fi
    if ! msgfmt --check -o /dev/null "$po"; then
        echo "check_messages: msgfmt --check failed for $po" >&2
        status=1
    fi
done

# Every override must still be in the Indonesian catalogue (e.g. after a plain makemessages run).
# (msgcmp also warns about every catalogue entry that is not an override: that noise is dropped.)
if ! msgcmp "$ID_PO" "$ID_OVERRIDES" 2> >(grep -v 'warning: this message is not used' >&2); then
    echo "check_messages: entries of $ID_OVERRIDES are missing from $ID_PO; run this script without --check" >&2
    status=1
fi

if [[ $status -eq 0 ]]; then
    echo "check_messages: id and en catalogues complete ($(msgfmt --statistics -o /dev/null "$ID_PO" 2>&1))"
fi
exit $status
