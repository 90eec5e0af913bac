"""Open items as they stood at the end of a past day.

An item (journal item) exists on day ``D`` when it is dated ``D`` or earlier. A
partial reconciliation (the matching of an amount between a debit item and a credit
item) counts on ``D`` when both of its items exist on ``D`` (its ``max_date``, the
later of their dates, is ``D`` or earlier), it had been made by then (its lettering
day is ``D`` or earlier) and it had not been undone yet (removed after ``D``, or
never). The open amount of an item on ``D`` is its balance less the amounts the
partials counting on ``D`` matched on it: debit items go down, credit items go up.

Each partial takes as much from its debit item as it gives back to its credit item,
so the open amounts of a set of items closed under matching add up to their balance:
the ledger balance at ``D`` (see tests/pure/test_asof.py).

On a ledger the models evaluate these rules in SQL, set-based
(``l10n.fr.balance.as.of._l10n_fr_open_sql``: 100,000 items in a second);
tests/test_balance_as_of.py checks day by day that the SQL gives these amounts.
"""

from collections import namedtuple

Item = namedtuple("Item", "id date balance")
Partial = namedtuple("Partial", "debit_id credit_id amount max_date lettered removed")


def partial_counts(partial, day):
    """Whether ``partial`` matched its items at the end of ``day``."""
    return (
        partial.max_date <= day
        and partial.lettered <= day
        and (partial.removed is None or partial.removed > day)
    )


def open_amounts(items, partials, day):
    """{item id: open amount at the end of ``day``} of the ``items`` (Item) that exist
    on ``day`` and are not fully matched then; ``partials`` (Partial): those of the
    items, current and removed ones (others are ignored). Amounts keep the type of the
    balances (Decimal, float rounded by the caller)."""
    amounts = {item.id: item.balance for item in items if item.date <= day}
    for partial in partials:
        if not partial_counts(partial, day):
            continue
        if partial.debit_id in amounts:
            amounts[partial.debit_id] -= partial.amount
        if partial.credit_id in amounts:
            amounts[partial.credit_id] += partial.amount
    return {key: amount for key, amount in amounts.items() if amount}
