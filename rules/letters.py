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


def relabel(rows, partner_scoped, allocate, today, dates=None):
    """The letters to write after Odoo (re)numbered reconciliation groups.

    ``rows``: one mapping per journal item concerned (the items changed and every item
    of their groups), with the keys ``id``, ``matching_number`` (Odoo's number of the
    group; None or starting with "I" when the item is not matched), ``full`` (the item
    is in a full reconciliation), ``company`` (the root company), ``account``,
    ``partner`` (commercial partner), and the item's current ``letter_index``,
    ``letter_state`` ("partial"/"full") and ``letter_date``.
    ``partner_scoped``: the root companies whose letters run per account and partner
    (the others per account). ``allocate``: called once with {scope: how many new
    letters} for the groups that keep no letter, returns {scope: first free index}
    (scope = (company, account, partner or None)). ``today``: the lettering date of
    changed groups; ``dates``: {matching number: date} of groups lettered afresh.

    Groups keep the letters of their items when they can (keep_letters); new groups get
    the next letters of their scope, the earliest dated (then smallest item id) first;
    items no longer matched lose theirs. A kept letter keeps its date unless the group's
    state changed. Returns the items to write as (id, code, index, state, date), the
    cleared ones as (id, None, None, None, None); items already right are left out."""
    dates = dates or {}
    groups, cleared = {}, []
    for row in rows:
        number = row["matching_number"]
        if number and not number.startswith("I"):
            groups.setdefault(number, []).append(row)
        elif row["letter_index"] is not None:
            cleared.append(row["id"])
    described = [  # (number, key, scope, full, old {index: count}, lines)
        (number, *_describe(lines, partner_scoped), lines)
        for number, lines in groups.items()
    ]
    kept = keep_letters((key, scope, old) for _n, key, scope, _f, old, _l in described)
    fresh = sorted(
        (group for group in described if group[1] not in kept),
        key=lambda group: (dates.get(group[0]) or today, group[1]),
    )
    counts = {}
    for group in fresh:
        counts[group[2]] = counts.get(group[2], 0) + 1
    starts = dict(allocate(counts)) if counts else {}
    new_index = {}
    for _number, key, scope, *_rest in fresh:
        new_index[key] = starts[scope]
        starts[scope] += 1
    updates = [(line_id, None, None, None, None) for line_id in cleared]
    for number, key, _scope, full, _old, lines in described:
        state = "full" if full else "partial"
        if key in kept:
            index = kept[key]
            day = _kept_day(lines, index, state, today)
        else:
            index = new_index[key]
            day = dates.get(number) or today
        code = index_to_code(index)
        if not full:
            code = code.lower()
        for line in lines:
            current = (line["letter_index"], line["letter_state"], line["letter_date"])
            if current != (index, state, day):
                updates.append((line["id"], code, index, state, day))
    return updates


def _describe(lines, partner_scoped):
    """(key, scope, full, old {index: count}) of a group of items (``relabel``)."""
    company, account = lines[0]["company"], lines[0]["account"]
    partner = None
    if company in partner_scoped:
        partners = {}
        for line in lines:
            if line["partner"]:
                partners[line["partner"]] = partners.get(line["partner"], 0) + 1
        if partners:
            partner = min(partners, key=lambda p: (-partners[p], p))
    old = {}
    for line in lines:
        if line["letter_index"] is not None:
            old[line["letter_index"]] = old.get(line["letter_index"], 0) + 1
    key = min(line["id"] for line in lines)
    full = all(line["full"] for line in lines)
    return key, (company, account, partner), full, old


def _kept_day(lines, index, state, today):
    """The date of a kept letter: its latest date if the group's state did not
    change, else ``today``."""
    carriers = [line for line in lines if line["letter_index"] == index]
    same_state = all(line["letter_state"] == state for line in carriers)
    day = max(
        (line["letter_date"] for line in carriers if line["letter_date"]),
        default=None,
    )
    return (same_state and day) or today
