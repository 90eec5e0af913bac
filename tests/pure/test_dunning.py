from datetime import date, timedelta

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


def test_credit_controller_order():
    assert dunning.credit_controller("own", "sales", "level", "default") == "own"
    assert dunning.credit_controller(None, "sales", "level", "default") == "sales"
    assert dunning.credit_controller(None, None, "level", "default") == "level"
    assert dunning.credit_controller(None, None, None, "default") == "default"
    assert dunning.credit_controller() is None


# ------------------------------------------------ one customer, mandatory levels

MANDATORY_NOTICE = Level(4, "formal_notice", 30, mandatory=True, payment_delay_days=8)
PROCEDURE = [FRIENDLY, FIRM, MANDATORY_NOTICE, LITIGATION]


def items(*rows, policy=1):
    """Items of (days late, amount) at TODAY."""
    return [
        dunning.Item(n, n, date.fromordinal(TODAY.toordinal() - days), amount, policy)
        for n, (days, amount) in enumerate(rows, start=1)
    ]


def test_decide_customer_highest_level_across_policies_and_netting():
    other = [Level(11, "reminder", 5), Level(12, "litigation", 90)]
    customer = items((40, 1000.0)) + [
        dunning.Item(9, 9, date(2026, 7, 1), 200.0, 2),  # 145 days late, policy 2
        dunning.Item(10, 10, date(2026, 11, 30), 300.0, 1),  # not due: not listed
        dunning.Item(11, 11, date(2026, 1, 1), 50.0, None),  # no policy: ignored
    ]
    decision, listed = dunning.decide_customer(customer, {1: LADDER, 2: other}, TODAY)
    assert (decision.level, decision.reason) == (other[1], "send")
    assert sorted(item.id for item in listed) == [1, 9]
    credits = [dunning.Item(20, 20, date(2026, 11, 1), -1200.0, None)]
    decision, listed = dunning.decide_customer(
        customer + credits, {1: LADDER, 2: other}, TODAY
    )
    assert decision.reason == "not_due", "1200 of credits cover the 1200 listed"
    assert dunning.decide_customer([], {1: LADDER}, TODAY)[0].reason == "no_level"


def test_mandatory_level_first_then_the_next_after_its_days_to_pay():
    customer = items((75, 1000.0))
    ladders = {1: PROCEDURE}
    first, _listed = dunning.decide_customer(customer, ladders, TODAY)
    assert (first.level, first.send, first.reason) == (
        MANDATORY_NOTICE,
        True,
        "mandatory",
    )
    sent = {MANDATORY_NOTICE.id: TODAY}
    last = (MANDATORY_NOTICE, TODAY)
    for wait in range(9):  # the deadline day included: still held
        day = date.fromordinal(TODAY.toordinal() + wait)
        decision, _listed = dunning.decide_customer(
            items((75 + wait, 1000.0)), ladders, day, last, mandatory_sent=sent
        )
        assert (decision.level, decision.send, decision.reason) == (
            MANDATORY_NOTICE,
            False,
            "mandatory_wait",
        ), wait
    day = date.fromordinal(TODAY.toordinal() + 9)
    decision, _listed = dunning.decide_customer(
        items((84, 1000.0)), ladders, day, last, mandatory_sent=sent
    )
    assert (decision.level, decision.reason) == (LITIGATION, "send")


def test_a_mandatory_level_sent_before_the_debt_does_not_count():
    old = {MANDATORY_NOTICE.id: date(2026, 1, 5)}  # before the item fell due
    decision, _listed = dunning.decide_customer(
        items((75, 1000.0)), {1: PROCEDURE}, TODAY, mandatory_sent=old
    )
    assert (decision.level, decision.reason) == (MANDATORY_NOTICE, "mandatory")


def test_mandatory_level_ignores_its_minimum_and_keeps_other_reasons():
    notice = Level(4, "formal_notice", 30, min_amount=5000, mandatory=True)
    ladder = [FRIENDLY, notice, LITIGATION]
    decision = dunning.decide(ladder, LITIGATION, 100, TODAY)
    assert (decision.level, decision.reason) == (notice, "mandatory")
    assert dunning.decide(ladder, LITIGATION, 0, TODAY).reason == "not_due"
    promise = (date(2026, 12, 1), "open")
    assert dunning.decide(ladder, LITIGATION, 10, TODAY, promise=promise).reason == (
        "promise"
    )
    broken = dunning.decide(
        ladder,
        LITIGATION,
        10,
        TODAY,
        last_sent=(FRIENDLY, date(2026, 11, 1)),
        promise=(date(2026, 11, 20), "broken"),
    )
    assert (broken.level, broken.reason, broken.promise_broken) == (
        notice,
        "mandatory",
        True,
    )
    # a level below the mandatory one is not held
    assert dunning.decide(ladder, FRIENDLY, 10, TODAY).level == FRIENDLY


def test_next_action_never_in_the_past():
    assert dunning.next_action(date(2026, 11, 1), TODAY) == (TODAY, "late")
    assert dunning.next_action(TODAY, TODAY) == (TODAY, "today")
    assert dunning.next_action(date(2026, 12, 1), TODAY) == (
        date(2026, 12, 1),
        "planned",
    )
    assert dunning.next_action(False, TODAY) == (False, False)


ladders_st = st.lists(
    st.tuples(st.integers(-10, 120), st.booleans(), st.integers(0, 20)),
    min_size=1,
    max_size=5,
    unique_by=lambda t: t[0],
).map(
    lambda rows: [
        Level(n, kind, days, mandatory=mandatory, payment_delay_days=delay)
        for n, (kind, (days, mandatory, delay)) in enumerate(
            zip(
                ("reminder", "firm", "formal_notice", "litigation", "litigation"),
                sorted(rows),
                strict=False,
            ),
            start=1,
        )
    ]
)


@given(ladders_st, st.integers(0, 400), st.integers(1, 10**6))
def test_daily_runs_never_skip_a_mandatory_level(ladder, days_late, cents):
    """Daily runs over a customer's invoice: every level sent comes after each
    mandatory level below it, sent during this debt and whose days to pay passed."""
    due = date.fromordinal(TODAY.toordinal() - days_late)
    item = [dunning.Item(1, 1, due, cents / 100, 1)]
    sent, last = {}, None
    history = []
    for offset in range(150):
        day = date.fromordinal(TODAY.toordinal() + offset)
        decision, listed = dunning.decide_customer(
            item, {1: ladder}, day, last_sent=last, mandatory_sent=dict(sent)
        )
        if decision.send:
            for level in ladder:
                if level.mandatory and level.rank < decision.level.rank:
                    assert level.id in sent, (level, decision.level)
                    assert day > sent[level.id] + timedelta(
                        days=level.payment_delay_days
                    )
            history.append(decision.level)
            last = (decision.level, day)
            if decision.level.mandatory:
                sent[decision.level.id] = day
        assert listed == item or not listed
    ranks = [level.rank for level in history]
    assert ranks == sorted(ranks), "never goes down the ladder"


@given(ladders_st, st.integers(-10, 400), st.integers(1, 10**6))
def test_without_mandatory_levels_decide_customer_is_the_plain_decision(
    ladder, days_late, cents
):
    plain = [Level(lv.id, lv.kind, lv.days) for lv in ladder]
    due = date.fromordinal(TODAY.toordinal() - days_late)
    item = [dunning.Item(1, 1, due, cents / 100, 1)]
    decision, listed = dunning.decide_customer(item, {1: plain}, TODAY)
    reached = dunning.reached_level(plain, [days_late] if listed else [], cents / 100)
    assert decision == dunning.decide(plain, reached, cents / 100, TODAY)


SECOND_LADDER = [Level(21, "reminder", 10), Level(22, "formal_notice", 45)]

items_st = st.lists(
    st.tuples(
        st.integers(-20, 300),  # days late
        st.integers(-(10**5), 10**5).filter(bool),  # cents, negative: a credit
        st.sampled_from([1, 2, 3, None]),  # policy 3 has no ladder
    ),
    max_size=8,
).map(
    lambda rows: [
        dunning.Item(
            n, n, date.fromordinal(TODAY.toordinal() - days), cents / 100, policy
        )
        for n, (days, cents, policy) in enumerate(rows, start=1)
    ]
)


@given(items_st)
def test_decide_customer_nets_credits_and_takes_the_highest_level(customer):
    ladders = {1: LADDER, 2: SECOND_LADDER}
    decision, listed = dunning.decide_customer(customer, ladders, TODAY)
    credits = -sum(item.amount for item in customer if item.amount < 0)
    for item in listed:
        assert item.amount > 0 and item.policy_id in ladders
        lowest = min(lv.days for lv in ladders[item.policy_id])
        assert (TODAY - item.due_date).days >= lowest
    if decision.send:
        assert sum(item.amount for item in listed) - credits > 0
    for policy_id, ladder in ladders.items():
        late = [i for i in listed if i.policy_id == policy_id]
        reached = dunning.reached_level(
            ladder,
            [(TODAY - i.due_date).days for i in late],
            sum(i.amount for i in late),
        )
        if reached is not None:
            assert decision.level is not None and decision.level.rank >= reached.rank


# ----------------------------------------------------- days to pay (CPC 642)


@pytest.mark.parametrize(
    "day, days, working, scope, deadline",
    [
        # Thu 26 Mar 2026 + 8 days: Fri 3 Apr, a working day in Lyon
        ("2026-03-26", 8, False, "FR", "2026-04-03"),
        # ... Good Friday in Strasbourg: the weekend, Easter Monday -> Tue 7 Apr
        ("2026-03-26", 8, False, "57-67-68", "2026-04-07"),
        # 8 working days: Easter Monday not counted; nor Good Friday in Strasbourg
        ("2026-03-26", 8, True, "FR", "2026-04-08"),
        ("2026-03-26", 8, True, "57-67-68", "2026-04-09"),
        # Mon 6 Jul 2026 + 8 days: Tue 14 July -> Wed 15 July
        ("2026-07-06", 8, False, "FR", "2026-07-15"),
        # Fri 18 Dec 2026 + 8 days: Sat 26 Dec -> Mon 28 Dec
        ("2026-12-18", 8, False, "FR", "2026-12-28"),
        # outside French law: plain calendar days, a Saturday stays
        ("2026-12-18", 8, False, None, "2026-12-26"),
        ("2026-12-18", 0, True, "FR", "2026-12-18"),
    ],
)
def test_payment_deadline(day, days, working, scope, deadline):
    result = dunning.payment_deadline(
        date.fromisoformat(day), days, working_days=working, scope=scope
    )
    assert result == date.fromisoformat(deadline)


def test_payment_deadline_refuses_negative_days():
    with pytest.raises(ValueError):
        dunning.payment_deadline(TODAY, -1)


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31)),
    st.integers(min_value=0, max_value=60),
    st.sampled_from(["FR", "57-67-68", "971", "976"]),
)
def test_payment_deadline_never_earlier_than_the_calendar_days(day, days, scope):
    calendar = dunning.payment_deadline(day, days, scope=scope)
    working = dunning.payment_deadline(day, days, working_days=True, scope=scope)
    plain = dunning.payment_deadline(day, days, scope=None)
    assert plain <= calendar <= working or days == 0
    assert calendar >= plain
