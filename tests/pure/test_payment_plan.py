"""Pure tests of rules/payment_plan.py: schedule, matching, states, break, interest."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules import injonction
from rules import payment_plan as plan
from rules.payment_plan import Instalment, PlanError

D = Decimal


def test_schedule_cents_go_to_the_last_instalment():
    lines = plan.schedule(D("100.00"), 3, date(2026, 1, 31))
    assert [line.amount for line in lines] == [D("33.33"), D("33.33"), D("33.34")]
    assert [line.date for line in lines] == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
    ]


def test_schedule_with_a_down_payment():
    lines = plan.schedule(D("1000.00"), 3, date(2026, 12, 15), down_payment=D("100"))
    assert [(line.date, line.amount) for line in lines] == [
        (date(2026, 12, 15), D("100")),
        (date(2027, 1, 15), D("300.00")),
        (date(2027, 2, 15), D("300.00")),
        (date(2027, 3, 15), D("300.00")),
    ]
    earlier = plan.schedule(
        D("1000"), 2, date(2027, 1, 10), "weekly", D("200"), date(2027, 1, 3)
    )
    assert [line.date for line in earlier] == [
        date(2027, 1, 3),
        date(2027, 1, 10),
        date(2027, 1, 17),
    ]


@pytest.mark.parametrize(
    ("frequency", "second"),
    [
        ("weekly", date(2026, 1, 8)),
        ("biweekly", date(2026, 1, 15)),
        ("monthly", date(2026, 2, 1)),
        ("quarterly", date(2026, 4, 1)),
    ],
)
def test_schedule_frequencies(frequency, second):
    assert plan.schedule(D(10), 2, date(2026, 1, 1), frequency)[1].date == second


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ((D(0), 3), "total"),
        ((D(100), 0), "count"),
        ((D(100), 121), "count"),
        ((D("100.001"), 2), "rounding"),
    ],
)
def test_schedule_refuses_bad_input(args, code):
    with pytest.raises(PlanError) as error:
        plan.schedule(*args, date(2026, 1, 1))
    assert error.value.code == code
    with pytest.raises(PlanError):
        plan.schedule(D(100), 2, date(2026, 1, 1), down_payment=D(100))
    with pytest.raises(PlanError):
        plan.schedule(D(100), 2, date(2026, 1, 1), "daily")


def test_payments_match_oldest_first():
    assert plan.match([D(30), D(30), D(40)], D(45)) == [D(30), D(15), D(0)]
    assert plan.match([D(30), D(30)], D(70)) == [D(30), D(40)]
    assert plan.match([D(30)], D(-5)) == [D(0)]


LINES = [
    Instalment(date(2026, 10, 1), D(100)),
    Instalment(date(2026, 11, 1), D(100)),
    Instalment(date(2026, 12, 1), D(100)),
]


def test_states_on_a_date():
    result = plan.states(LINES, D(150), date(2026, 11, 10))
    assert [line.state for line in result] == ["paid", "late", "due"]
    assert [line.paid for line in result] == [D(100), D(50), D(0)]
    assert result[1].residual == D(50)
    # due on its day, late the day after
    assert plan.states(LINES, D(100), date(2026, 11, 1))[1].state == "due"
    assert plan.states(LINES, D(100), date(2026, 11, 2))[1].state == "late"


def test_break_after_the_grace_period():
    assert plan.broken_on(LINES, D(100), date(2026, 11, 9), 8) is None
    assert plan.broken_on(LINES, D(100), date(2026, 11, 10), 8) == date(2026, 11, 1)
    assert plan.broken_on(LINES, D(200), date(2026, 11, 10), 8) is None
    assert plan.broken_on(LINES, D(0), date(2026, 10, 2), 0) == date(2026, 10, 1)
    with pytest.raises(PlanError):
        plan.broken_on(LINES, D(0), date(2026, 10, 2), -1)


def test_completed():
    assert not plan.completed(LINES, D("299.99"))
    assert plan.completed(LINES, D(300))


def test_reminders_before_and_after():
    assert plan.reminders(LINES, D(100), date(2026, 10, 27), 5) == [
        ("before", date(2026, 11, 1))
    ]
    assert plan.reminders(LINES, D(100), date(2026, 11, 2), 5) == [
        ("missed", date(2026, 11, 1))
    ]
    assert plan.reminders(LINES, D(200), date(2026, 11, 2), 5) == []
    assert plan.reminders(LINES, D(0), date(2026, 11, 3), 0) == []


def test_interest_until_follows_the_waiver_and_the_state():
    day = date(2026, 9, 15)
    assert plan.interest_until("running", True, day) == day
    assert plan.interest_until("completed", True, day) == day
    assert plan.interest_until("broken", True, day) is None
    assert plan.interest_until("cancelled", True, day) is None
    assert plan.interest_until("running", False, day) is None
    assert plan.interest_until("running", True, None) is None


class _Tables:
    def value(self, name, day):
        return D(2) if name == "prescription_consumer_years" else D(5)


def test_signed_plan_interrupts_limitation():
    base = injonction.limitation(date(2020, 1, 10), date(2020, 2, 9), False, _Tables())
    assert base.end == date(2025, 1, 10)
    again = injonction.limitation(
        date(2020, 1, 10), date(2020, 2, 9), False, _Tables(), date(2024, 6, 1)
    )
    assert again.end == date(2029, 6, 1)
    assert "2240" in again.legal_ref
    older = injonction.limitation(
        date(2020, 1, 10), date(2020, 2, 9), False, _Tables(), date(2019, 6, 1)
    )
    assert older == base


# ------------------------------------------------------------------ properties

amounts = st.decimals(min_value=D("0.01"), max_value=D("10000000"), places=2)
frequencies = st.sampled_from(plan.FREQUENCIES)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


@given(amounts, st.integers(1, plan.MAX_INSTALMENTS), days, frequencies, st.data())
def test_schedule_adds_up_and_is_ordered(total, count, first, frequency, data):
    down = data.draw(st.decimals(min_value=0, max_value=total, places=2))
    if down >= total:
        down = D(0)
    if (total - down) / count < D("0.01"):
        return
    lines = plan.schedule(total, count, first, frequency, down)
    assert sum(line.amount for line in lines) == total
    assert len(lines) == count + (1 if down else 0)
    dates = [line.date for line in lines]
    assert dates == sorted(dates) and len(set(dates)) == len(dates)
    regular = lines[1:] if down else lines
    assert all(line.amount > 0 for line in lines)
    # equal instalments except the last, which takes the cents
    assert len({line.amount for line in regular[:-1]}) <= 1
    assert D(0) <= regular[-1].amount - regular[0].amount < D("0.01") * count


@given(st.lists(amounts, min_size=1, max_size=20), st.decimals(0, 10**9, places=2))
def test_matching_never_loses_a_cent(lines, paid):
    matched = plan.match(lines, paid)
    assert sum(matched) == paid
    # oldest first: an instalment gets money only when the older ones are full
    for index, took in enumerate(matched[1:], 1):
        if took:
            assert all(
                m >= a for m, a in zip(matched[:index], lines[:index], strict=True)
            )


@given(
    st.lists(amounts, min_size=1, max_size=12),
    st.decimals(0, 10**8, places=2),
    days,
    st.integers(0, 60),
)
def test_break_is_monotonic(lines, paid, day, grace):
    instalments = [
        Instalment(date(2030, 1, 1) + timedelta(days=30 * i), a)
        for i, a in enumerate(lines)
    ]
    broke = plan.broken_on(instalments, paid, day, grace)
    if broke:
        # still broken later, and a longer grace period never breaks earlier
        assert plan.broken_on(instalments, paid, day + timedelta(days=1), grace)
        assert day > broke + timedelta(days=grace)
    if plan.completed(instalments, paid):
        assert broke is None
        assert all(s.state == "paid" for s in plan.states(instalments, paid, day))
