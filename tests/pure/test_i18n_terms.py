"""The French of the screens (issue 16 point 8): no English word left in a French
term, no number with a decimal point, lettering never translated as a postal letter."""

import os
import re

import polib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# English words seen in the French screens; case-sensitive, whole words
ENGLISH = (
    "Run",
    "Runs",
    "Letter",
    "Channel",
    "Handover",
    "Move",
    "Reminder",
    "Invoice",
    "Manual Payment",
    "unchanged",
    "not found",
)
ENGLISH_RE = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH) + r")\b")
DECIMAL_POINT = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")
LETTERING_MODELS = ("l10n_fr_lettering", "lettering_wizard", "lettering_proposal")


def entries():
    po = polib.pofile(os.path.join(ROOT, "i18n", "fr.po"))
    return [e for e in po if e.msgstr and not e.obsolete]


def test_no_english_word_in_french_terms():
    bad = [(e.msgid, e.msgstr) for e in entries() if ENGLISH_RE.search(e.msgstr)]
    assert not bad, bad


def test_no_decimal_point_in_french_terms():
    bad = [(e.msgid, e.msgstr) for e in entries() if DECIMAL_POINT.search(e.msgstr)]
    assert not bad, bad


def test_lettering_is_lettrer_not_courrier():
    """One English word, two French meanings: "Letter" (to letter = lettrer) has
    source strings of its own, never shared with the postal letter."""
    bad = []
    for entry in entries():
        places = " ".join(place for place, _line in entry.occurrences)
        lettering = any(m in places for m in LETTERING_MODELS)
        if "Letter" in entry.msgid and lettering and "ourrier" in entry.msgstr:
            bad.append((entry.msgid, entry.msgstr, places))
    assert not bad, bad


def test_the_checks_catch_what_they_should():
    assert ENGLISH_RE.search("Exécuter le Run")
    assert not ENGLISH_RE.search("Campagne de relance")
    assert DECIMAL_POINT.search("12.4 %")
    assert DECIMAL_POINT.search("(+1176.00)")
    assert not DECIMAL_POINT.search("art. 1405 CPC, 12,40 %")


def test_legal_references_of_the_data_in_french():
    bad = []
    for name in os.listdir(os.path.join(ROOT, "data")):
        with open(os.path.join(ROOT, "data", name), encoding="utf-8") as file:
            for line in file:
                if "legal_ref" in line and re.search(r"not found|unchanged", line):
                    bad.append((name, line.strip()))
    assert not bad, bad


# mistranslations seen on the screens: English source -> wrong French
WRONG = {
    "Run": "Exécuter",  # a dunning run is a noun: campagne
    "Channel": "Chaîne",  # canal
    "Move": "Mouvement",  # a journal entry: écriture comptable
}


def test_known_mistranslations_are_gone():
    bad = [
        (e.msgid, e.msgstr)
        for e in entries()
        if e.msgid in WRONG and e.msgstr == WRONG[e.msgid]
    ]
    assert not bad, bad


def test_years_are_shown_without_thousands_separator():
    """A year is an integer field: Odoo 18 writes it "2 026" in French unless its
    widget has ``enable_formatting`` off (the option of Odoo 18's IntegerField;
    ``format`` was the option of older versions)."""
    from xml.etree import ElementTree

    bad = []
    for folder in ("views", "wizards"):
        for name in sorted(os.listdir(os.path.join(ROOT, folder))):
            if not name.endswith(".xml"):
                continue
            tree = ElementTree.parse(os.path.join(ROOT, folder, name))
            for view in tree.iter("field"):
                if view.get("type") != "xml":
                    continue
                for form in view:
                    if form.tag == "search":
                        continue
                    for field in form.iter("field"):
                        options = (field.get("options") or "").replace(" ", "")
                        if field.get("name") == "year" and (
                            "'enable_formatting':false" not in options
                        ):
                            bad.append((name, field.get("options")))
    assert not bad, bad


def test_years_are_not_summed_in_grouped_lists():
    """An integer field is summed in the group rows of a list ("6 078" under a
    category): the year fields have no aggregator."""
    bad = []
    for name in sorted(os.listdir(os.path.join(ROOT, "models"))):
        if name.endswith(".py"):
            with open(os.path.join(ROOT, "models", name), encoding="utf-8") as file:
                for line in file:
                    if re.match(r"\s+year = fields\.Integer\(", line) and (
                        "aggregator=None" not in line
                    ):
                        bad.append((name, line.strip()))
    assert not bad, bad
