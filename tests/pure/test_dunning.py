from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules import dunning
from rules.dunning import Level

COURTESY = Level(1, "reminder", -3)
FRIENDLY = Level(2, "reminder", 8, repeat_days=15)
FIRM = Level(3, "firm", 15, min_amount=100)
NOTICE = Level(4, "formal_notice", 30, min_amount=500)
LITIGATION = Level(5, "litigation", 60)
LADDER = [COURTESY, FRIENDLY, FIRM, NOTICE, LITIGATION]
TODAY = date(2026, 11, 23)


def test_reached_level_is_the_highest_of_any_item():
    assert dunning.reached_level(LADDER, [2, 40], 1000) == NOTICE
    assert dunning.reached_level(LADDER, [-2], 1000) == COURTESY
    assert dunning.reached_level(LADDER, [-10], 1000) is None
    assert dunning.reached_level(LADDER, [75], 1000) == LITIGATION


def test_minimum_amount_of_a_level():
    assert dunning.reached_level(LADDER, [40], 400) == FIRM
    assert dunning.reached_level(LADDER, [40], 50) == FRIENDLY


def test_decide_netting_promise_and_repeat():
    assert dunning.decide(LADDER, FIRM, 0, TODAY).reason == "not_due"
    assert dunning.decide(LADDER, FIRM, 10, TODAY).send
    open_promise = (date(2026, 11, 30), "open")
    assert (
        dunning.decide(LADDER, FIRM, 10, TODAY, promise=open_promise).reason
        == "promise"
    )
    sent = (FRIENDLY, date(2026, 11, 1))
    assert dunning.decide(LADDER, FIRM, 10, TODAY, last_sent=sent).reason == "send"
    same = (FIRM, date(2026, 11, 20))
    assert (
        dunning.decide(LADDER, FIRM, 10, TODAY, last_sent=same).reason == "already_sent"
    )
    recent = (FRIENDLY, date(2026, 11, 10))
    assert not dunning.decide(LADDER, FRIENDLY, 10, TODAY, last_sent=recent).send
    old = (FRIENDLY, date(2026, 11, 8))
    assert dunning.decide(LADDER, FRIENDLY, 10, TODAY, last_sent=old).send


def test_broken_promise_escalates_one_step():
    broken = (date(2026, 11, 20), "broken")
    decision = dunning.decide(
        LADDER,
        FRIENDLY,
        10,
        TODAY,
        last_sent=(FRIENDLY, date(2026, 11, 1)),
        promise=broken,
    )
    assert (decision.level, decision.send, decision.promise_broken) == (
        FIRM,
        True,
        True,
    )
    top = dunning.decide(
        LADDER, LITIGATION, 10, TODAY, last_sent=(LITIGATION, TODAY), promise=broken
    )
    assert top.level == LITIGATION


def test_promise_state():
    assert dunning.promise_state(date(2026, 11, 30), 500, 0, TODAY) == "open"
    assert dunning.promise_state(date(2026, 11, 20), 500, 499.99, TODAY) == "broken"
    assert dunning.promise_state(date(2026, 11, 20), 500, 500, TODAY) == "kept"


def test_dso():
    assert dunning.days_sales_outstanding(10000, 120000) == 30.4
    assert dunning.days_sales_outstanding(10000, 0) == 0.0


@given(
    st.lists(st.integers(-30, 400), min_size=1, max_size=8),
    st.integers(0, 5000),
    st.integers(0, 400),
)
def test_level_never_decreases_with_more_days_late(days, total, extra):
    before = dunning.reached_level(LADDER, days, total)
    after = dunning.reached_level(LADDER, [d + extra for d in days], total)
    if before is not None:
        assert after is not None and after.rank >= before.rank


def test_reminder_totals_net_credits_and_add_penalties():
    lines = [(1000.0, 51.98), (500.0, 43.5), (-200.0, 0.0)]
    assert dunning.reminder_totals(lines) == pytest.approx((1500, 200, 95.48, 1395.48))
    assert dunning.reminder_totals([]) == (0, 0, 0, 0)


@given(
    st.lists(
        st.tuples(
            st.integers(-(10**6), 10**6).map(lambda c: c / 100),
            st.integers(0, 10**5).map(lambda c: c / 100),
        ),
        max_size=20,
    )
)
def test_reminder_totals_balance(lines):
    overdue, credits, penalty, due = dunning.reminder_totals(lines)
    assert overdue >= 0 and credits >= 0 and penalty >= 0
    assert due == pytest.approx(sum(a for a, _p in lines) + penalty)


def test_after_failed_attempt_stops_at_the_limit():
    assert dunning.after_failed_attempt(1, 3) == "failed"
    assert dunning.after_failed_attempt(2, 3) == "failed"
    assert dunning.after_failed_attempt(3, 3) == "stopped"
    assert dunning.after_failed_attempt(1, 0) == "stopped", "at least one attempt"


@given(st.integers(min_value=1, max_value=50), st.integers(min_value=1, max_value=50))
def test_after_failed_attempt_retries_exactly_limit_times(failures, limit):
    expected = "stopped" if failures >= limit else "failed"
    assert dunning.after_failed_attempt(failures, limit) == expected
