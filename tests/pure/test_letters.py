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
