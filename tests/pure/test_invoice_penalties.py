"""Pure tests of rules.penalties.invoice_penalties: the legal choices of one
invoice's penalties (consumer interest only from the formal notice, grace days,
the indemnity from the first late due date, its conversion). Rates here are test
values, not legal figures: the legal tables are tested in test_penalties.py.
Hand-checked amounts carry their arithmetic in a comment."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rate_stubs import b2b, consumer, forty

from rules.penalties import MissingRateError, invoice_penalties

D = Decimal


def compute(on_date, installments, **kw):
    kw.setdefault("professional", True)
    kw.setdefault("b2b_rate_for", b2b)
    kw.setdefault("consumer_rate_for", consumer)
    return invoice_penalties(on_date, installments, **kw)


DUE = date(2025, 1, 31)
ON = date(2025, 3, 2)


def test_professional_from_the_day_after_the_due_date():
    result = compute(ON, [(DUE, D("1000"), [])], indemnity_for=forty)
    # 1 February .. 2 March = 30 days; 1000 x 10 % x 30 / 365 = 8.2191... -> 8.22
    assert result.interest == D("8.22")
    assert result.days_late == 30
    assert [(due, p.date_from, p.days) for due, p in result.periods] == [
        (DUE, date(2025, 2, 1), 30)
    ]
    assert (result.first_late_due, result.indemnity) == (DUE, D("40"))


def test_grace_days():
    result = compute(ON, [(DUE, D("1000"), [])], grace_days=5)
    # from 6 February: 25 days; 1000 x 10 % x 25 / 365 = 6.8493... -> 6.85
    assert result.interest == D("6.85")
    assert result.days_late == 30, "days late count from the due date"
    assert result.indemnity == 0, "not claimed (no indemnity_for)"


def test_consumer_only_from_the_formal_notice():
    installments = [(DUE, D("1000"), [])]
    without = compute(ON, installments, professional=False, indemnity_for=forty)
    assert (without.interest, without.periods, without.indemnity) == (0, [], 0)
    assert without.days_late == 30
    assert without.first_late_due is None
    notice = compute(
        ON,
        installments,
        professional=False,
        notice_date=date(2025, 2, 15),
        indemnity_for=forty,
    )
    # 16 February .. 2 March = 15 days at 4 %: 1000 x 4 % x 15 / 365 = 1.6438 -> 1.64
    assert notice.interest == D("1.64")
    assert notice.indemnity == 0, "no indemnity for a consumer"
    # a notice before the due date: from the day after the due date (+ grace)
    early = compute(
        ON,
        installments,
        professional=False,
        notice_date=date(2025, 1, 10),
        grace_days=5,
    )
    assert (
        early.interest
        == compute(ON, installments, grace_days=5, b2b_rate_for=consumer).interest
    )


def test_professional_ignores_the_notice():
    installments = [(DUE, D("1000"), [])]
    assert compute(ON, installments, notice_date=date(2025, 2, 20)) == compute(
        ON, installments
    )


def test_indemnity_from_the_first_late_due_date_converted_that_day():
    seen = []

    def indemnity_for(day):
        seen.append(day)
        return D("40") if day < date(2025, 2, 1) else D("50")

    def convert(amount, day):
        seen.append(("convert", amount, day))
        return float(amount) * 1.1

    # the first installment paid on time, the second and third late
    installments = [
        (date(2025, 1, 10), D("300"), [(date(2025, 1, 10), D("300"))]),
        (date(2025, 2, 10), D("300"), []),
        (date(2025, 1, 20), D("300"), [(date(2025, 2, 1), D("300"))]),
    ]
    result = compute(
        ON, installments, indemnity_for=indemnity_for, convert=convert, grace_days=0
    )
    # late: 20 January (paid 1 February: 21 -> 1 February, 12 days) and 10 February
    assert result.first_late_due == date(2025, 1, 20)
    assert seen == [date(2025, 1, 20), ("convert", D("40"), date(2025, 1, 20))]
    assert result.indemnity == D("44.0")
    # 300 x 10 % x 12 / 365 = 0.986 -> 0.99; 300 x 10 % x 20 / 365 = 1.643 -> 1.64
    assert result.interest == D("2.63")
    assert result.days_late == 20, "the oldest unpaid installment: 10 February"


def test_paid_on_time_owes_nothing():
    result = compute(ON, [(DUE, D("1000"), [(DUE, D("1000"))])], indemnity_for=forty)
    assert result == (0, D("0.00"), [], None, D("0.00"))


def test_missing_rate_raises():
    def missing(year, half):
        raise MissingRateError(year, half)

    with pytest.raises(MissingRateError):
        compute(ON, [(DUE, D("1000"), [])], b2b_rate_for=missing)
    # a consumer without notice needs no rate
    compute(ON, [(DUE, D("1000"), [])], professional=False, b2b_rate_for=missing)


# ---------------------------------------------------------------- properties

START = date(2024, 1, 1)
days = st.integers(min_value=0, max_value=700).map(lambda n: START + timedelta(n))
money = st.integers(min_value=1, max_value=10**7).map(lambda n: D(n) / 100)
installment = st.tuples(days, money, st.lists(st.tuples(days, money), max_size=3)).map(
    lambda t: (t[0], t[1], t[2])
)
invoices = st.lists(installment, min_size=1, max_size=4)
options = st.fixed_dictionaries(
    {
        "professional": st.booleans(),
        "notice_date": st.none() | days,
        "grace_days": st.integers(min_value=0, max_value=60),
        "indemnity_for": st.sampled_from([None, forty]),
    }
)


@settings(max_examples=200, deadline=None)
@given(days, invoices, options)
def test_breakdown_or_not_same_amounts(on_date, installments, kw):
    full = compute(on_date, installments, **kw)
    fast = compute(on_date, installments, breakdown=False, rates={}, **kw)
    assert fast.periods == []
    assert full._replace(periods=[]) == fast
    assert full.interest == sum((p.amount for _d, p in full.periods), D(0))


@settings(max_examples=200, deadline=None)
@given(days, invoices, options)
def test_indemnity_only_for_a_late_professional(on_date, installments, kw):
    result = compute(on_date, installments, **kw)
    claimed = kw["professional"] and kw["indemnity_for"] is not None
    assert (result.indemnity > 0) == (claimed and result.first_late_due is not None)
    assert (result.first_late_due is not None) == bool(result.periods)
    if result.first_late_due is not None:
        assert result.first_late_due == min(due for due, _p in result.periods)


@settings(max_examples=200, deadline=None)
@given(days, invoices, options, st.integers(min_value=1, max_value=30))
def test_more_grace_or_a_later_notice_never_owes_more(on_date, installments, kw, more):
    result = compute(on_date, installments, **kw)
    graced = compute(
        on_date, installments, **dict(kw, grace_days=kw["grace_days"] + more)
    )
    assert graced.interest <= result.interest
    assert graced.days_late == result.days_late
    if kw["notice_date"] is not None:
        later = dict(kw, notice_date=kw["notice_date"] + timedelta(more))
        assert compute(on_date, installments, **later).interest <= result.interest


@settings(max_examples=200, deadline=None)
@given(days, invoices, options)
def test_consumer_without_notice_owes_nothing(on_date, installments, kw):
    kw = dict(kw, professional=False, notice_date=None)
    result = compute(on_date, installments, **kw)
    assert (result.interest, result.indemnity, result.first_late_due) == (0, 0, None)
    assert result.days_late == compute(on_date, installments).days_late


def test_interest_stops_on_interest_until():
    result = compute(ON, [(DUE, D("1000"), [])], interest_until=date(2025, 2, 10))
    # 1 .. 10 February = 10 days; 1000 x 10 % x 10 / 365 = 2.7397... -> 2.74
    assert result.interest == D("2.74")
    assert result.days_late == 30, "days late still count up to the day computed"
    assert [(p.date_from, p.date_to) for _d, p in result.periods] == [
        (date(2025, 2, 1), date(2025, 2, 10))
    ]


def test_interest_until_before_the_due_date_owes_nothing():
    result = compute(
        ON, [(DUE, D("1000"), [])], interest_until=DUE, indemnity_for=forty
    )
    assert (result.interest, result.periods, result.indemnity) == (D("0.00"), [], 0)


@settings(max_examples=200, deadline=None)
@given(days, invoices, options, days)
def test_interest_until_is_the_interest_of_that_day(on_date, installments, kw, until):
    stopped = compute(on_date, installments, interest_until=until, **kw)
    that_day = compute(min(on_date, until), installments, **kw)
    assert stopped.interest == that_day.interest
    assert stopped.interest <= compute(on_date, installments, **kw).interest
