from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from rules import aging

DAY = date(2026, 3, 31)


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
