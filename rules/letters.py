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
