"""Dunning decisions (relances): which level a customer reached and whether to send.

Levels form one ladder per policy; ``rank`` orders them across policies by their kind
(reminder < firm reminder < formal notice < litigation) then by their days. A customer
gets one reminder per run at the highest level any of its overdue items reached,
provided its net balance (overdue items minus open credits) is due. A mandatory level
is never skipped: it is sent before any level above it, which waits for its days to pay.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from .holidays import SCOPE_FR, add_working_days, extend_deadline

KIND_ORDER = {"reminder": 0, "firm": 1, "formal_notice": 2, "litigation": 3}


@dataclass(frozen=True)
class Level:
    id: int
    kind: str
    days: int  # relative to the due date; negative: courtesy reminder before it
    min_amount: float = 0.0  # minimum overdue amount of the customer
    repeat_days: int = 0  # 0: sent once; n: may be sent again after n days
    mandatory: bool = False  # never skipped: sent before any higher level
    payment_delay_days: int = 0  # days given to pay (the wait after a mandatory level)

    @property
    def rank(self):
        return (KIND_ORDER[self.kind], self.days, self.id)


@dataclass(frozen=True)
class Decision:
    level: Level | None
    send: bool
    reason: str  # machine code: see REASONS
    promise_broken: bool = False


REASONS = (
    "no_level",  # no item reached a level (or amounts under the minimum)
    "not_due",  # the net balance is not due (credits cover the overdue items)
    "promise",  # a promise to pay suspends escalation
    "already_sent",  # this level was sent and may not be repeated yet
    "send",
    "escalate_broken_promise",
    "mandatory",  # a mandatory level below the one reached, sent first
    "mandatory_wait",  # the mandatory level was sent; its days to pay run
)


class Item(NamedTuple):
    """An open receivable item of a customer, in company currency."""

    id: int
    move_id: int
    due_date: date
    amount: float  # open amount: positive overdue or not yet due, negative credit
    policy_id: int | None  # the policy of its invoice (None: no policy)


def reached_level(levels, days_late_by_item, overdue_total):
    """Highest level reached: some item is at least ``level.days`` past its due date
    and the customer's overdue total is at least ``level.min_amount``."""
    best = None
    for level in levels:
        if overdue_total < level.min_amount:
            continue
        reached = any(days >= level.days for days in days_late_by_item)
        if reached and (best is None or level.rank > best.rank):
            best = level
    return best


def next_level(levels, current):
    """The level right above ``current`` in its ladder (itself when it is the top)."""
    above = [lv for lv in levels if lv.rank > current.rank]
    return min(above, key=lambda lv: lv.rank) if above else current


def decide(
    levels,
    reached,
    net_due,
    today,
    last_sent=None,
    promise=None,
    mandatory_sent=None,
    since=None,
):
    """Whether to send a reminder today.

    ``reached``: result of ``reached_level``; ``net_due``: overdue minus open credits;
    ``last_sent``: ``(level, date)`` of the customer's last reminder that was really
    sent (failed ones do not count: the level never advances when sending failed);
    ``promise``: ``(promise date, state)`` of the customer's latest promise to pay,
    state "open", "kept" or "broken"; ``mandatory_sent``: ``{level id: date}`` of the
    last sending of the customer's mandatory levels, which count from ``since`` (the
    due date of its oldest listed item) on: see ``mandatory_step``.
    """
    decision = _decide(levels, reached, net_due, today, last_sent, promise)
    if not decision.send:
        return decision
    level, reason = mandatory_step(
        levels, decision.level, today, mandatory_sent or {}, since
    )
    if reason is None:
        return decision
    return Decision(
        level, reason == "mandatory", reason, promise_broken=decision.promise_broken
    )


def mandatory_step(levels, target, today, sent_dates, since=None):
    """The procedure: no mandatory level below ``target`` is skipped.

    Going up the ladder, the first mandatory level below ``target`` that was not sent
    on or after ``since`` is sent instead (reason "mandatory"), whatever its days and
    minimum amount; one that was sent holds the customer until its days to pay have
    passed (reason "mandatory_wait": nothing is sent). Returns ``(level, reason)``:
    ``(target, None)`` when the procedure allows ``target``."""
    for level in sorted(levels, key=lambda lv: lv.rank):
        if not level.mandatory or level.rank >= target.rank:
            continue
        sent = sent_dates.get(level.id)
        if sent is None or (since is not None and sent < since):
            return level, "mandatory"
        if today <= sent + timedelta(days=level.payment_delay_days):
            return level, "mandatory_wait"
    return target, None


def decide_customer(
    items, ladders, today, last_sent=None, promise=None, mandatory_sent=None
):
    """The decision of one customer and the items its reminder lists.

    ``items``: its open ``Item`` list; ``ladders``: ``{policy id: [Level]}``. Each
    debit item counts in the ladder of its policy; the customer reaches the highest
    level any policy's items reached; the items listed are those at least as late as
    the lowest level of their ladder; open credits (negative items) are netted from
    them. ``last_sent``, ``promise``, ``mandatory_sent``: as in ``decide``. Returns
    ``(Decision, listed items)``."""
    credits = -sum(item.amount for item in items if item.amount < 0)
    per_policy = defaultdict(list)
    for item in items:
        if item.amount >= 0 and item.policy_id is not None:
            per_policy[item.policy_id].append(item)
    reached, ladder, listed = None, [], []
    for policy_id, policy_items in per_policy.items():
        levels = ladders.get(policy_id)
        if not levels:
            continue
        lowest = min(lv.days for lv in levels)
        late = [i for i in policy_items if (today - i.due_date).days >= lowest]
        level = reached_level(
            levels,
            [(today - i.due_date).days for i in late],
            sum(i.amount for i in late),
        )
        if level and (reached is None or level.rank > reached.rank):
            reached, ladder = level, levels
        listed += late
    net_due = sum(item.amount for item in listed) - credits
    since = min((item.due_date for item in listed), default=None)
    decision = decide(
        ladder,
        reached,
        net_due,
        today,
        last_sent=last_sent,
        promise=promise,
        mandatory_sent=mandatory_sent,
        since=since,
    )
    return decision, listed


def _decide(levels, reached, net_due, today, last_sent, promise):
    """``decide`` before the procedure of mandatory levels."""
    if reached is None:
        return Decision(None, False, "no_level")
    if net_due <= 0:
        return Decision(reached, False, "not_due")
    if promise and promise[1] == "open" and promise[0] >= today:
        return Decision(reached, False, "promise")
    if promise and promise[1] == "broken" and last_sent:
        # a broken promise escalates one step above the last reminder, and says so
        target = max(reached, next_level(levels, last_sent[0]), key=lambda lv: lv.rank)
        return Decision(target, True, "escalate_broken_promise", promise_broken=True)
    if last_sent is None or reached.rank > last_sent[0].rank:
        return Decision(reached, True, "send")
    repeat = reached.repeat_days
    if repeat > 0 and today - last_sent[1] >= timedelta(days=repeat):
        return Decision(reached, True, "send")
    return Decision(reached, False, "already_sent")


def next_action(planned, today):
    """``(date, state)`` of a customer's next action, never in the past: an action
    planned before today is due today, state "late"; "today" or "planned" otherwise
    (``(False, False)`` without one)."""
    if not planned:
        return False, False
    if planned < today:
        return today, "late"
    return planned, "today" if planned == today else "planned"


def after_failed_attempt(failures, limit):
    """State of a reminder after its ``failures``-th failed sending attempt: "failed"
    (its failed channels are retried alone the next day) until ``limit`` failures,
    then "stopped" (the credit controller is told; no more retries)."""
    return "stopped" if failures >= max(limit, 1) else "failed"


def promise_state(promise_date, amount, paid_since_promise, today):
    """A promise is kept once the customer paid the promised amount by its date,
    broken when its date passed without that, open otherwise."""
    if paid_since_promise >= amount:
        return "kept"
    return "broken" if today > promise_date else "open"


def reminder_totals(lines):
    """Totals of a reminder from its items ``(amount_residual, penalty)`` in company
    currency: overdue items are positive, open credits negative. Returns
    ``(overdue, credits, penalty, due)`` with ``due = overdue - credits + penalty``."""
    overdue = sum(amount for amount, _penalty in lines if amount > 0)
    credits = -sum(amount for amount, _penalty in lines if amount <= 0)
    penalty = sum(penalty for _amount, penalty in lines)
    return overdue, credits, penalty, overdue - credits + penalty


def credit_controller(
    own=None, salesperson=None, level_user=None, company_default=None
):
    """Who chases a customer (activities, calls, disputes): the customer's own credit
    controller, else its salesperson, else the level's responsible user, else the
    company's default collector (None when none is set)."""
    for user in (own, salesperson, level_user, company_default):
        if user:
            return user
    return None


def payment_deadline(
    day: date,
    days: int,
    working_days: bool = False,
    scope: str | None = SCOPE_FR,
) -> date:
    """The last day to pay that a letter of ``day`` gives: ``days`` working days
    after it (``working_days``: Saturdays, Sundays and public holidays not
    counted) or ``days`` calendar days, the end moved past a Saturday, a Sunday
    or a public holiday to the next working day, as CPC 642 moves a deadline.
    The calendar is the sender's (``scope``, ``rules.holidays.holiday_scope`` of
    the company's postal code: its local holidays give the debtor the later
    day); ``scope`` None: plain calendar days, nothing moved (a company outside
    French law)."""
    if days < 0:
        raise ValueError("days must not be negative")
    if scope is None:
        return day + timedelta(days=days)
    if working_days:
        return add_working_days(day, days, scope)
    return extend_deadline(day + timedelta(days=days), scope).local
