from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules import aging

DAY = date(2026, 3, 31)
TODAY = date(2026, 11, 23)


def test_buckets_by_days_overdue():
    def due(days):
        return DAY - timedelta(days=days)

    items = [
        (due(-5), Decimal(100)),  # not due yet
        (due(0), Decimal(10)),  # due today: not late
        (due(1), Decimal(1)),
        (due(30), Decimal(30)),
        (due(31), Decimal(31)),
        (due(90), Decimal(90)),
        (due(120), Decimal(120)),
        (due(121), Decimal(121)),
        (due(400), Decimal(-400)),  # an old credit note
        (None, Decimal(7)),
    ]
    assert aging.aged_balance(items, DAY) == [
        Decimal(117),
        Decimal(31),
        Decimal(31),
        Decimal(90),
        Decimal(120),
        Decimal(-279),
    ]


def test_bounds():
    assert aging.bucket_bounds() == [
        (1, 30),
        (31, 60),
        (61, 90),
        (91, 120),
        (121, None),
    ]
    assert aging.bucket_bounds((15,)) == [(1, 15), (16, None)]


@given(st.lists(st.tuples(st.integers(-100, 500), st.integers(-10_000, 10_000))))
def test_buckets_sum_to_the_balance(rows):
    items = [(DAY - timedelta(days=days), amount) for days, amount in rows]
    totals = aging.aged_balance(items, DAY)
    assert sum(totals) == sum(amount for _due, amount in items)
    assert len(totals) == len(aging.LIMITS) + 2


@pytest.mark.parametrize(
    ("due", "bucket"),
    [
        (date(2026, 11, 23), "not_due"),
        (date(2026, 11, 22), "1_30"),
        (date(2026, 10, 24), "1_30"),
        (date(2026, 10, 23), "31_60"),
        (date(2026, 9, 24), "31_60"),
        (date(2026, 9, 23), "61_90"),
        (date(2026, 8, 25), "61_90"),
        (date(2026, 8, 24), "over_90"),
    ],
)
def test_dunning_buckets(due, bucket):
    # the aged balance pivot of dunning (1-30, 31-60, 61-90, over 90 days)
    assert aging.bucket_key(due, TODAY, aging.DUNNING_LIMITS) == bucket


def test_bucket_keys():
    assert aging.buckets(aging.DUNNING_LIMITS) == [
        ("not_due", None, 0),
        ("1_30", 1, 30),
        ("31_60", 31, 60),
        ("61_90", 61, 90),
        ("over_90", 91, None),
    ]
    assert [key for key, _first, _last in aging.buckets()][-2:] == [
        "91_120",
        "over_120",
    ]


@given(
    st.integers(-100, 500),
    st.lists(st.integers(1, 60), min_size=1, max_size=5, unique=True),
)
def test_bucket_key_is_the_bucket_whose_bounds_hold_the_days(days, steps):
    limits = []
    for step in steps:
        limits.append((limits[-1] if limits else 0) + step)
    limits = tuple(limits)
    key = aging.bucket_key(DAY - timedelta(days=days), DAY, limits)
    (matching,) = [
        k
        for k, first, last in aging.buckets(limits)
        if (first is None or days >= first) and (last is None or days <= last)
    ]
    assert key == matching
