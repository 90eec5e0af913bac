"""Merge i18n/l10n_fr_credit_collection.pot into i18n/fr.po, keeping translations.

Usage: python scripts/i18n_merge.py [--check [POT]]
--check: exit 1 when fr.po lacks a translation of a term of the .pot, or of POT
(make test exports the terms of the installed addon to a POT and checks it).
"""

import os
import sys

import polib

I18N = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "i18n")
POT = os.path.join(I18N, "l10n_fr_credit_collection.pot")
PO = os.path.join(I18N, "fr.po")


def missing_translations(pot_path=POT):
    pot, po = polib.pofile(pot_path), polib.pofile(PO)
    translated = {(e.msgctxt, e.msgid) for e in po if e.msgstr and not e.obsolete}
    return [e.msgid for e in pot if (e.msgctxt, e.msgid) not in translated]


def merge():
    pot = polib.pofile(POT)
    po = polib.pofile(PO) if os.path.exists(PO) else polib.POFile()
    po.merge(pot)
    po.metadata.update(
        {
            "Project-Id-Version": "Odoo Server 18.0",
            "Language": "fr",
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "",
            "Plural-Forms": "nplurals=2; plural=(n > 1);",
        }
    )
    for entry in po.obsolete_entries():
        po.remove(entry)
    po.save(PO)


if __name__ == "__main__":
    check = "--check" in sys.argv
    if not check:
        merge()
    args = sys.argv[sys.argv.index("--check") + 1 :] if check else []
    missing = missing_translations(*args)
    for msgid in missing:
        sys.stdout.write(f"untranslated: {msgid!r}\n")
    sys.exit(1 if missing and check else 0)
