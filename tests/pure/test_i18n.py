"""Every term of the addon (i18n/*.pot, exported from Odoo by scripts/i18n.sh) has its
French translation in i18n/fr.po."""

import os

import polib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_fr_po_translates_every_term():
    pot = polib.pofile(os.path.join(ROOT, "i18n", "l10n_fr_credit_collection.pot"))
    po = polib.pofile(os.path.join(ROOT, "i18n", "fr.po"))
    translated = {(e.msgctxt, e.msgid) for e in po if e.msgstr and not e.obsolete}
    missing = [e.msgid for e in pot if (e.msgctxt, e.msgid) not in translated]
    assert not missing, f"untranslated in i18n/fr.po: {missing}"
    assert len(pot) > 10


def test_fr_po_keeps_placeholders():
    po = polib.pofile(os.path.join(ROOT, "i18n", "fr.po"))
    for entry in po:
        for token in ("%s", "%(", "{"):
            assert entry.msgid.count(token) == entry.msgstr.count(token), entry.msgid
