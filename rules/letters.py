"""Letter codes of French lettering (lettrage).

Each group of matched journal items gets a code from the sequence
A, B, ..., Z, AA, AB, ..., ZZ, AAA, ... (bijective base 26: no "zero" letter).
The index of a code is its position in the sequence, starting at 0 for "A".
Codes are uppercase once a group is fully reconciled and lowercase while it is
partial: both cases denote the same position.
"""

import string

ALPHABET = string.ascii_uppercase
BASE = len(ALPHABET)


def index_to_code(index):
    """The code at ``index`` (0 -> "A", 25 -> "Z", 26 -> "AA", 701 -> "ZZ")."""
    if not isinstance(index, int) or isinstance(index, bool) or index < 0:
        raise ValueError(f"A letter index is an integer >= 0, not {index!r}")
    letters = []
    number = index + 1
    while number:
        number, rest = divmod(number - 1, BASE)
        letters.append(ALPHABET[rest])
    return "".join(reversed(letters))


def code_to_index(code):
    """The position of ``code`` in the sequence; lowercase (partial) codes count too."""
    if (
        not isinstance(code, str)
        or not code
        or not code.isascii()
        or not code.isalpha()
    ):
        raise ValueError(f"A letter code is made of letters A to Z, not {code!r}")
    number = 0
    for letter in code.upper():
        number = number * BASE + ALPHABET.index(letter) + 1
    return number - 1


def next_code(code=None):
    """The code that follows ``code`` ("A" when there is none yet), in uppercase."""
    if not code:
        return ALPHABET[0]
    return index_to_code(code_to_index(code) + 1)


def sort_key(code):
    """Key ordering codes as the sequence does: shorter first, then alphabetically."""
    upper = code.upper()
    return (len(upper), upper)


def is_partial(code):
    """Whether ``code`` marks a partially reconciled group (lowercase)."""
    return code.islower()


def keep_letters(groups):
    """Which group keeps which letter when reconciliations change.

    ``groups``: iterable of ``(key, scope, old)``, one per group of journal items as it
    is now: ``key`` identifies the group (e.g. its smallest item id), ``scope`` the
    letter sequence it belongs to (e.g. company, account and partner), ``old`` maps the
    indexes of the letters its items carried before to how many items carried them.
    Returns {key: index} for the groups that keep a letter; the others need a new one.

    A group keeps a letter of its items, the smallest index first, so that a partial
    group becoming full, or gaining or losing an item, keeps its letter. When a group
    splits, the part with the most items carrying the letter keeps it (then the
    smallest key); when groups merge, the merged group keeps the oldest letter and the
    others are retired. A letter is never kept by two groups of one scope."""
    claims = sorted(
        (scope, index, -count, key)
        for key, scope, old in groups
        for index, count in old.items()
    )
    kept, taken = {}, set()
    for scope, index, _count, key in claims:
        if key not in kept and (scope, index) not in taken:
            kept[key] = index
            taken.add((scope, index))
    return kept
