"""Ranking of the credit controller's worklist ("Ma journée de recouvrement").

A task is worth what is at stake: the customer's overdue amount times its days late,
times a factor of the task's kind (a company setting). The SQL view of the worklist
builds its ORDER BY expression from the same parameters (``score_sql``), so the
ranking shown is the one tested here.
"""

KINDS = ("call", "promise", "dispute", "letter", "case")
DEFAULT_FACTORS = {
    "call": 1.0,
    "promise": 1.5,  # a broken word first
    "dispute": 0.5,  # the amount is not collectable until the dispute ends
    "letter": 1.0,
    "case": 2.0,  # a court deadline cannot be missed
}
MIN_DAYS = 1  # a task due on a customer not yet late still ranks by its amount
DEFAULT_HORIZON = 7  # days ahead a dispute deadline or a case deadline shows


def score(amount, days_late, factor=1.0):
    """Priority score of a task: overdue amount x days late (at least MIN_DAYS) x
    the kind's factor; never negative (a customer in credit scores 0)."""
    amount = max(float(amount or 0.0), 0.0)
    days = max(int(days_late or 0), MIN_DAYS)
    return round(amount * days * max(float(factor or 0.0), 0.0), 2)


def factor_of(kind, factors=None):
    """The factor of ``kind`` from ``factors`` (a company's settings), else the
    default."""
    if kind not in KINDS:
        raise ValueError(f"unknown worklist kind {kind!r}")
    factors = factors or {}
    value = factors.get(kind)
    return DEFAULT_FACTORS[kind] if value is None else float(value)


def score_sql(amount, days_late, factor):
    """The SQL text of ``score`` over SQL expressions (trusted identifiers only)."""
    return (
        f"ROUND((GREATEST(COALESCE({amount}, 0), 0)"
        f" * GREATEST(COALESCE({days_late}, 0), {MIN_DAYS})"
        f" * GREATEST(COALESCE({factor}, 0), 0))::numeric, 2)"
    )
