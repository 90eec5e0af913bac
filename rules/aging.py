"""Aged balance: open amounts by how long they are overdue.

Buckets by days past the due date on a given day: not due yet (the due date is that day
or later), then 1-30, 31-60, 61-90, 91-120 and more than 120 days with the default
``limits``; the aged balance pivot of dunning uses ``DUNNING_LIMITS`` (1-30, 31-60,
61-90 and more than 90 days). Every aged balance of the addon goes through this module:
in Python (``bucket_index``, ``aged_balance``) or in SQL built from ``buckets``.
"""

from bisect import bisect_left

LIMITS = (30, 60, 90, 120)
DUNNING_LIMITS = (30, 60, 90)
NOT_DUE = "not_due"


def bucket_index(due_date, on_date, limits=LIMITS):
    """The bucket of an amount due on ``due_date`` (None: due now), on ``on_date``."""
    days = (on_date - due_date).days if due_date else 0
    if days <= 0:
        return 0
    return 1 + bisect_left(limits, days)


def aged_balance(items, on_date, limits=LIMITS):
    """Totals per bucket (``len(limits) + 2`` of them) of ``items``, an iterable of
    (due date, amount) pairs; amounts keep their sign (credits reduce)."""
    totals = [0] * (len(limits) + 2)
    for due_date, amount in items:
        totals[bucket_index(due_date, on_date, limits)] += amount
    return totals


def bucket_bounds(limits=LIMITS):
    """(first day, last day or None) of each overdue bucket, after "not due"."""
    bounds, first = [], 1
    for limit in limits:
        bounds.append((first, limit))
        first = limit + 1
    bounds.append((first, None))
    return bounds


def buckets(limits=LIMITS):
    """(key, first day, last day or None) of every bucket, "not due" first, by days
    past the due date: ("not_due", None, 0), ("1_30", 1, 30), ..., ("over_120", 121,
    None) with the default ``limits``. The keys are stable (stored selection values)."""
    result = [(NOT_DUE, None, 0)]
    for first, last in bucket_bounds(limits):
        key = f"{first}_{last}" if last is not None else f"over_{first - 1}"
        result.append((key, first, last))
    return result


def bucket_key(due_date, on_date, limits=LIMITS):
    """The key (``buckets``) of the bucket of an amount due on ``due_date``."""
    return buckets(limits)[bucket_index(due_date, on_date, limits)][0]
