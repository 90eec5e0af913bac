from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from rules import asof

D0 = date(2025, 12, 1)


def day(n):
    return D0 + timedelta(days=n)


INVOICE = asof.Item(1, day(0), 1000)
PAYMENT = asof.Item(2, day(10), -1000)


def test_paid_after_the_day_is_open_on_the_day():
    partial = asof.Partial(1, 2, 1000, day(10), day(12), None)
    items = [INVOICE, PAYMENT]
    assert asof.open_amounts(items, [partial], day(5)) == {1: 1000}
    # the payment is in the ledger but not lettered yet: both open
    assert asof.open_amounts(items, [partial], day(11)) == {1: 1000, 2: -1000}
    assert asof.open_amounts(items, [partial], day(12)) == {}


def test_lettered_in_advance_counts_once_both_items_exist():
    partial = asof.Partial(1, 2, 1000, day(10), day(2), None)
    assert asof.open_amounts([INVOICE, PAYMENT], [partial], day(5)) == {1: 1000}
    assert asof.open_amounts([INVOICE, PAYMENT], [partial], day(10)) == {}


def test_unlettered_later_is_closed_between():
    removed = asof.Partial(1, 2, 1000, day(10), day(10), day(20))
    items = [INVOICE, PAYMENT]
    assert asof.open_amounts(items, [removed], day(15)) == {}
    assert asof.open_amounts(items, [removed], day(20)) == {1: 1000, 2: -1000}


def test_partial_payment():
    partial = asof.Partial(1, 3, 400, day(10), day(10), None)
    items = [INVOICE, asof.Item(3, day(10), -400)]
    assert asof.open_amounts(items, [partial], day(10)) == {1: 600}


@st.composite
def ledgers(draw):
    """Items and partials between them, as lettering and unlettering leave them."""
    count = draw(st.integers(1, 12))
    items = [
        asof.Item(
            i,
            day(draw(st.integers(0, 60))),
            draw(st.integers(-5000, 5000).filter(bool)),
        )
        for i in range(count)
    ]
    debits = [item for item in items if item.balance > 0]
    credits = [item for item in items if item.balance < 0]
    partials = []
    if debits and credits:
        for _ in range(draw(st.integers(0, 10))):
            debit = draw(st.sampled_from(debits))
            credit = draw(st.sampled_from(credits))
            max_date = max(debit.date, credit.date)
            lettered = day(draw(st.integers(0, 90)))
            removed = draw(
                st.one_of(
                    st.none(),
                    st.integers(0, 30).map(lambda n, d=lettered: d + timedelta(n)),
                )
            )
            partials.append(
                asof.Partial(
                    debit.id,
                    credit.id,
                    draw(st.integers(1, 5000)),
                    max_date,
                    lettered,
                    removed,
                )
            )
    return items, partials


@settings(max_examples=300, deadline=None)
@given(ledger=ledgers(), offset=st.integers(-5, 130))
def test_open_items_add_up_to_the_ledger_balance_on_any_day(ledger, offset):
    items, partials = ledger
    on = day(offset)
    opened = asof.open_amounts(items, partials, on)
    assert sum(opened.values()) == sum(i.balance for i in items if i.date <= on)
    assert set(opened) <= {i.id for i in items if i.date <= on}


@settings(max_examples=100, deadline=None)
@given(ledger=ledgers())
def test_far_future_is_the_current_state(ledger):
    items, partials = ledger
    current = {item.id: item.balance for item in items}
    for p in partials:
        if p.removed is None:
            current[p.debit_id] -= p.amount
            current[p.credit_id] += p.amount
    expected = {key: value for key, value in current.items() if value}
    assert asof.open_amounts(items, partials, day(10_000)) == expected
