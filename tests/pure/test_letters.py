from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules import letters

KNOWN = [
    (0, "A"),
    (1, "B"),
    (25, "Z"),
    (26, "AA"),
    (27, "AB"),
    (51, "AZ"),
    (52, "BA"),
    (701, "ZZ"),
    (702, "AAA"),
    (18277, "ZZZ"),
    (18278, "AAAA"),
]


@pytest.mark.parametrize(("index", "code"), KNOWN)
def test_known_codes_both_ways(index, code):
    assert letters.index_to_code(index) == code
    assert letters.code_to_index(code) == index
    assert letters.code_to_index(code.lower()) == index


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (None, "A"),
        ("", "A"),
        ("A", "B"),
        ("Y", "Z"),
        ("Z", "AA"),
        ("AZ", "BA"),
        ("ZZ", "AAA"),
        ("zz", "AAA"),
        ("ZZZ", "AAAA"),
    ],
)
def test_next_code(code, expected):
    assert letters.next_code(code) == expected


@pytest.mark.parametrize("bad", ["", "A1", "É", "A-B", " A", None, 3])
def test_invalid_codes_are_refused(bad):
    with pytest.raises(ValueError):
        letters.code_to_index(bad)


@pytest.mark.parametrize("bad", [-1, 1.5, "3", True, None])
def test_invalid_indexes_are_refused(bad):
    with pytest.raises(ValueError):
        letters.index_to_code(bad)


def test_partial_codes_are_lowercase():
    assert letters.is_partial("ab")
    assert not letters.is_partial("AB")


@given(st.integers(min_value=0, max_value=10**9))
def test_index_code_index_is_identity(index):
    code = letters.index_to_code(index)
    assert code.isupper() and code.isalpha()
    assert letters.code_to_index(code) == index


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=6))
def test_code_index_code_is_identity(code):
    assert letters.index_to_code(letters.code_to_index(code)) == code


@given(
    st.integers(min_value=0, max_value=10**7), st.integers(min_value=1, max_value=10**4)
)
def test_codes_strictly_increase_in_sequence_order(index, step):
    first, later = letters.index_to_code(index), letters.index_to_code(index + step)
    assert letters.sort_key(first) < letters.sort_key(later)
    assert letters.next_code(first) == letters.index_to_code(index + 1)


SCOPE = (1, 411, 0)


def test_keep_letters_unchanged_partial_to_full_and_new():
    assert letters.keep_letters(
        [(10, SCOPE, {4: 2}), (20, SCOPE, {}), (30, (1, 401, 0), {4: 1})]
    ) == {10: 4, 30: 4}


def test_keep_letters_split_most_items_keep_it():
    # group "E" (index 4) of 3 items split in two: 2 items keep E, the single needs one
    assert letters.keep_letters([(10, SCOPE, {4: 1}), (11, SCOPE, {4: 2})]) == {11: 4}
    # equal parts: the smallest key keeps it
    assert letters.keep_letters([(12, SCOPE, {4: 1}), (11, SCOPE, {4: 1})]) == {11: 4}


def test_keep_letters_merge_keeps_the_oldest():
    assert letters.keep_letters([(10, SCOPE, {7: 2, 3: 1})]) == {10: 3}
    # the merged group takes "D"; the other group that still has "H" items keeps "H"
    assert letters.keep_letters([(10, SCOPE, {7: 1, 3: 1}), (50, SCOPE, {7: 3})]) == {
        10: 3,
        50: 7,
    }


@given(
    st.lists(
        st.tuples(
            st.sampled_from([SCOPE, (1, 401, 0), (1, 411, 5)]),
            st.dictionaries(
                st.integers(0, 6), st.integers(1, 4), min_size=0, max_size=3
            ),
        ),
        max_size=12,
    )
)
def test_keep_letters_never_shares_a_letter(groups):
    keyed = [(key, scope, old) for key, (scope, old) in enumerate(groups)]
    kept = letters.keep_letters(keyed)
    scopes = {key: scope for key, scope, _old in keyed}
    pairs = [(scopes[key], index) for key, index in kept.items()]
    assert len(pairs) == len(set(pairs))
    for key, scope, old in keyed:
        if key in kept:
            assert kept[key] in old
        elif old:
            # a group loses its letters only to groups with at least as many items
            assert all((scope, index) in pairs for index in old)


# ---------------------------------------------------------------- relabel

TODAY = date(2026, 3, 10)
EARLIER = date(2026, 1, 5)


def row(line_id, number, full=True, index=None, state=None, day=None, **scope):
    return {
        "id": line_id,
        "matching_number": number,
        "full": full,
        "company": scope.get("company", 1),
        "account": scope.get("account", 411),
        "partner": scope.get("partner", 7),
        "letter_index": index,
        "letter_state": state,
        "letter_date": day,
    }


class Sequence:
    """An allocator as l10n.fr.letter.sequence._l10n_fr_allocate: next free index per
    scope, starting at ``used`` (default 0); records its calls."""

    def __init__(self, used=None):
        self.used = dict(used or {})
        self.calls = []

    def __call__(self, counts):
        self.calls.append(dict(counts))
        starts = {}
        for scope, count in counts.items():
            starts[scope] = self.used.get(scope, 0)
            self.used[scope] = starts[scope] + count
        return starts


def test_relabel_new_groups_get_the_next_letters_in_date_order():
    sequence = Sequence({(1, 411, None): 2})
    rows = [row(5, "1"), row(6, "1"), row(3, "2", full=False), row(4, "2", full=False)]
    updates = letters.relabel(rows, set(), sequence, TODAY, {"2": EARLIER})
    assert sequence.calls == [{(1, 411, None): 2}]
    # group "2" is dated earlier: it takes the first free letter (index 2, "c" partial)
    assert sorted(updates) == [
        (3, "c", 2, "partial", EARLIER),
        (4, "c", 2, "partial", EARLIER),
        (5, "D", 3, "full", TODAY),
        (6, "D", 3, "full", TODAY),
    ]


def test_relabel_partial_becoming_full_keeps_its_letter_dated_today():
    rows = [
        row(1, "A1", index=4, state="partial", day=EARLIER),
        row(2, "A1", index=4, state="partial", day=EARLIER),
        row(3, "A1"),
    ]
    sequence = Sequence()
    updates = letters.relabel(rows, set(), sequence, TODAY)
    assert sequence.calls == []
    assert updates == [
        (1, "E", 4, "full", TODAY),
        (2, "E", 4, "full", TODAY),
        (3, "E", 4, "full", TODAY),
    ]


def test_relabel_unchanged_state_keeps_its_date_and_writes_only_the_new_item():
    rows = [
        row(1, "A1", full=False, index=4, state="partial", day=EARLIER),
        row(3, "A1", full=False),
    ]
    assert letters.relabel(rows, set(), Sequence(), TODAY) == [
        (3, "e", 4, "partial", EARLIER)
    ]


def test_relabel_clears_unmatched_items_and_ignores_the_imbalanced_ones():
    rows = [
        row(1, None, index=4, state="full", day=EARLIER),
        row(2, "I12", index=5, state="partial", day=EARLIER),
        row(3, None),
    ]
    assert letters.relabel(rows, set(), Sequence(), TODAY) == [
        (1, None, None, None, None),
        (2, None, None, None, None),
    ]


def test_relabel_partner_scope_takes_the_most_frequent_partner():
    rows = [
        row(1, "1", partner=9),
        row(2, "1", partner=8),
        row(3, "1", partner=8),
        row(4, "1", partner=None),
    ]
    sequence = Sequence()
    letters.relabel(rows, {1}, sequence, TODAY)
    assert sequence.calls == [{(1, 411, 8): 1}]
    letters.relabel(rows, {2}, sequence, TODAY)
    assert sequence.calls[-1] == {(1, 411, None): 1}


@given(
    st.lists(
        st.tuples(
            st.sampled_from([None, "I1", "1", "2", "3", "4"]),
            st.booleans(),
            st.one_of(st.none(), st.integers(0, 3)),
            st.sampled_from([401, 411]),
        ),
        max_size=14,
    ),
    st.dictionaries(st.sampled_from([401, 411]), st.integers(0, 5)),
)
def test_relabel_every_group_one_letter_no_letter_shared(items, used):
    rows = [
        row(
            line_id,
            number,
            full=full,
            index=index,
            state=None if index is None else "full",
            day=None if index is None else EARLIER,
            account=account,
        )
        for line_id, (number, full, index, account) in enumerate(items)
    ]
    # the sequences are past the letters in use (indexes 0 to 3)
    sequence = Sequence({(1, a, None): 4 + used.get(a, 0) for a in (401, 411)})
    before = dict(sequence.used)
    updates = letters.relabel(rows, set(), sequence, TODAY)
    written = {update[0]: update[1:] for update in updates}
    assert len(written) == len(updates)
    after = {
        r["id"]: written.get(r["id"], (None, r["letter_index"], None, None))
        for r in rows
    }
    groups = {}
    for r in rows:
        number = r["matching_number"]
        if number and not number.startswith("I"):
            groups.setdefault(number, []).append(r)
        else:
            assert after[r["id"]][1] is None  # unmatched items carry no letter
    letters_of = {}
    for lines in groups.values():
        indexes = {after[r["id"]][1] for r in lines}
        assert len(indexes) == 1  # one letter per group
        index = indexes.pop()
        scope = (1, lines[0]["account"], None)
        # a letter is one its items carried, or one allocated now (never reused)
        assert index in {r["letter_index"] for r in lines} or index >= before.get(
            scope, 0
        )
        code = letters.index_to_code(index)
        if not all(r["full"] for r in lines):
            code = code.lower()
        for r in lines:
            if r["id"] in written:
                assert written[r["id"]][0] == code
        letters_of.setdefault(scope, []).append(index)
    for indexes in letters_of.values():
        assert len(indexes) == len(set(indexes))  # never two groups on one letter
