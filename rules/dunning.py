"""Dunning decisions (relances): which level a customer reached and whether to send.

Levels form one ladder per policy; ``rank`` orders them across policies by their kind
(reminder < firm reminder < formal notice < litigation) then by their days. A customer
gets one reminder per run at the highest level any of its overdue items reached,
provided its net balance (overdue items minus open credits) is due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

KIND_ORDER = {"reminder": 0, "firm": 1, "formal_notice": 2, "litigation": 3}


@dataclass(frozen=True)
class Level:
    id: int
    kind: str
    days: int  # relative to the due date; negative: courtesy reminder before it
    min_amount: float = 0.0  # minimum overdue amount of the customer
    repeat_days: int = 0  # 0: sent once; n: may be sent again after n days

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
)


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


def decide(levels, reached, net_due, today, last_sent=None, promise=None):
    """Whether to send a reminder today.

    ``reached``: result of ``reached_level``; ``net_due``: overdue minus open credits;
    ``last_sent``: ``(level, date)`` of the customer's last reminder that was really
    sent (failed ones do not count: the level never advances when sending failed);
    ``promise``: ``(promise date, state)`` of the customer's latest promise to pay,
    state "open", "kept" or "broken".
    """
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


def days_sales_outstanding(receivable_balance, sales_last_365_days):
    """DSO = receivable balance / sales of the last 365 days x 365 (0 without sales)."""
    if sales_last_365_days <= 0:
        return 0.0
    return round(receivable_balance / sales_last_365_days * 365, 1)


def reminder_totals(lines):
    """Totals of a reminder from its items ``(amount_residual, penalty)`` in company
    currency: overdue items are positive, open credits negative. Returns
    ``(overdue, credits, penalty, due)`` with ``due = overdue - credits + penalty``."""
    overdue = sum(amount for amount, _penalty in lines if amount > 0)
    credits = -sum(amount for amount, _penalty in lines if amount <= 0)
    penalty = sum(penalty for _amount, penalty in lines)
    return overdue, credits, penalty, overdue - credits + penalty
