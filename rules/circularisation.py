"""Circularisation (confirmation directe des tiers, french-law.md §11): which third
parties the auditor asks to confirm their balance, when to remind them, and what is
left of a difference once explained.

Selection, the auditor's usual mix: every third party with a balance, or the union of
those whose balance (in absolute value) is at least ``min_amount``, the ``top``
largest, and a random sample of ``sample`` among the rest, drawn with ``seed`` so that
the audit file can reproduce it.
"""

import random
from collections import namedtuple

Selected = namedtuple("Selected", "key balance reason")

ALL, THRESHOLD, TOP, SAMPLE = "all", "threshold", "top", "sample"


def select(balances, select_all=False, min_amount=0, top=0, sample=0, seed=0):
    """[Selected] from ``balances``, {key: balance} (keys sortable: partner ids), in
    descending order of absolute balance then key. Zero balances are never selected.
    A third party selected for several reasons keeps the first of threshold, top,
    sample."""
    ranked = sorted(
        ((key, balance) for key, balance in balances.items() if balance),
        key=lambda kv: (-abs(kv[1]), kv[0]),
    )
    if select_all:
        return [Selected(key, balance, ALL) for key, balance in ranked]
    reasons = {}
    if min_amount and min_amount > 0:
        for key, balance in ranked:
            if abs(balance) >= min_amount:
                reasons[key] = THRESHOLD
    for key, _balance in ranked[: max(top, 0)]:
        reasons.setdefault(key, TOP)
    rest = sorted(key for key, _balance in ranked if key not in reasons)
    if sample > 0 and rest:
        for key in random.Random(seed).sample(rest, min(sample, len(rest))):
            reasons[key] = SAMPLE
    return [
        Selected(key, balance, reasons[key])
        for key, balance in ranked
        if key in reasons
    ]


def coverage(selected, balances):
    """Share (0 to 1) of the total absolute balance covered by ``selected``."""
    total = sum(abs(balance) for balance in balances.values())
    if not total:
        return 0.0
    return sum(abs(s.balance) for s in selected) / total


def reminder_due(sent_on, last_reminder_on, reminders, today, delay, max_reminders):
    """Whether a request sent on ``sent_on`` without a reply gets a reminder on
    ``today``: ``delay`` days after the request or the last reminder, at most
    ``max_reminders`` times."""
    if not sent_on or reminders >= max_reminders or delay <= 0:
        return False
    since = last_reminder_on or sent_on
    return (today - since).days >= delay


def residual(our_balance, stated, explained):
    """Difference between our balance and the amount the third party states, less
    the explained amounts (each signed as the part of our balance it explains)."""
    return our_balance - stated - sum(explained)
