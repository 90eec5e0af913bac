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
