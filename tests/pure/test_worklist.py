import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules import worklist


def test_score_is_amount_times_days_times_factor():
    assert worklist.score(1000, 30) == 30000
    assert worklist.score(1000, 30, 0.5) == 15000
    assert worklist.score(500, 0) == 500  # not late yet: ranks by its amount
    assert worklist.score(-200, 40) == 0  # in credit
    assert worklist.score(None, None) == 0


def test_factor_defaults_and_settings():
    assert worklist.factor_of("case") == 2.0
    assert worklist.factor_of("case", {"case": 3}) == 3.0
    assert worklist.factor_of("dispute", {"dispute": 0}) == 0.0
    with pytest.raises(ValueError):
        worklist.factor_of("lunch")


def test_sql_expression_names_its_parameters():
    sql = worklist.score_sql("t.amount", "t.days", "t.factor")
    assert "t.amount" in sql and "t.days" in sql and "t.factor" in sql
    assert str(worklist.MIN_DAYS) in sql


@given(
    st.floats(min_value=0, max_value=1e7),
    st.integers(min_value=0, max_value=3000),
    st.integers(min_value=0, max_value=3000),
    st.floats(min_value=0, max_value=10),
)
def test_more_late_never_ranks_lower(amount, days, more, factor):
    assert worklist.score(amount, days + more, factor) >= worklist.score(
        amount, days, factor
    )


@given(st.floats(min_value=-1e7, max_value=1e7), st.integers(-100, 3000))
def test_never_negative(amount, days):
    assert worklist.score(amount, days, 1.0) >= 0
