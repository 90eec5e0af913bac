"""Amicable payment plans (échéanciers amiables): schedule, matching, states, break.

Plain Python (no Odoo). Amounts are ``Decimal`` in the currency's smallest unit
(cents by default): the schedule splits a total into equal instalments whose
rounding difference goes to the last one; payments are matched to instalments
oldest first; each instalment is paid, due (not yet late) or late on a date; a plan
breaks when an instalment is still unpaid ``grace_days`` after its date.

Interest during a plan (french-law.md §1.1, §1.6): statutory penalties run as of
right on what is unpaid unless the creditor waives them in the plan. The waiver
written in the agreement is conditional on the plan being kept: while the plan is
running or completed, interest stops on the agreement date; when the plan breaks,
the waiver lapses and interest is owed again from the invoices' due dates (the
agreement says so). The 40 EUR indemnity per late invoice is never waived
(D441-5, CJEU C-78/22). See ``interest_until``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

CENT = Decimal("0.01")
FREQUENCIES = ("weekly", "biweekly", "monthly", "quarterly")
MAX_INSTALMENTS = 120


class PlanError(ValueError):
    """Invalid plan input: ``code`` names the problem, ``values`` its figures."""

    def __init__(self, code, **values):
        super().__init__(code, values)
        self.code = code
        self.values = values


@dataclass(frozen=True)
class Instalment:
    date: date
    amount: Decimal


@dataclass(frozen=True)
class InstalmentState:
    date: date
    amount: Decimal
    paid: Decimal
    state: str  # "paid", "due" (not yet late) or "late"

    @property
    def residual(self):
        return self.amount - self.paid


def add_months(day, months):
    """``day`` plus ``months`` months, the day clamped to the month's last day
    (31 January + 1 month = 28/29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def instalment_date(first_date, index, frequency):
    """Date of instalment ``index`` (0 = ``first_date``). Monthly dates are counted
    from the first date (never drift after a short month)."""
    if frequency == "weekly":
        return first_date + timedelta(weeks=index)
    if frequency == "biweekly":
        return first_date + timedelta(weeks=2 * index)
    if frequency == "monthly":
        return add_months(first_date, index)
    if frequency == "quarterly":
        return add_months(first_date, 3 * index)
    raise PlanError("frequency", frequency=frequency)


def schedule(
    total,
    count,
    first_date,
    frequency="monthly",
    down_payment=Decimal(0),
    down_payment_date=None,
    unit=CENT,
):
    """Instalments of a plan: an optional down payment (on ``down_payment_date``,
    default ``first_date``), then ``count`` equal instalments of the rest from
    ``first_date`` at ``frequency``, each rounded down to ``unit``, the difference
    going to the last one. The amounts always add up to ``total``.

    When there is a down payment, the first regular instalment falls one period
    after ``first_date`` if the down payment is on ``first_date``."""
    total, down_payment = Decimal(total), Decimal(down_payment or 0)
    if total <= 0:
        raise PlanError("total", total=total)
    if not 1 <= count <= MAX_INSTALMENTS:
        raise PlanError("count", count=count, maximum=MAX_INSTALMENTS)
    if frequency not in FREQUENCIES:
        raise PlanError("frequency", frequency=frequency)
    if down_payment < 0 or down_payment >= total:
        raise PlanError("down_payment", down_payment=down_payment, total=total)
    if total != total.quantize(unit) or down_payment != down_payment.quantize(unit):
        raise PlanError("rounding", total=total, unit=unit)
    lines = []
    offset = 0
    if down_payment:
        down_date = down_payment_date or first_date
        lines.append(Instalment(down_date, down_payment))
        if down_date >= first_date:
            offset = 1
    rest = total - down_payment
    each = (rest / count).quantize(unit, rounding=ROUND_DOWN)
    for index in range(count):
        amount = each if index < count - 1 else rest - each * (count - 1)
        lines.append(
            Instalment(instalment_date(first_date, index + offset, frequency), amount)
        )
    return lines


def match(amounts, paid):
    """Amount paid on each instalment (in order) when ``paid`` in all is matched
    oldest first; any excess stays on the last instalment's payment (the plan is
    over-paid, not an error)."""
    paid = max(Decimal(paid), Decimal(0))
    result = []
    for index, amount in enumerate(amounts):
        take = min(Decimal(amount), paid) if index < len(amounts) - 1 else paid
        result.append(take)
        paid -= take
    return result


def states(instalments, paid, on_date):
    """State of each instalment on ``on_date`` with ``paid`` matched oldest first:
    ``paid`` when fully paid, ``late`` when unpaid after its date (the grace period
    does not make it less late; it only delays the break), else ``due``."""
    instalments = sorted(instalments, key=lambda line: line.date)
    matched = match([line.amount for line in instalments], paid)
    result = []
    for line, took in zip(instalments, matched, strict=True):
        if took >= line.amount:
            state = "paid"
        elif line.date < on_date:
            state = "late"
        else:
            state = "due"
        result.append(
            InstalmentState(line.date, line.amount, min(took, line.amount), state)
        )
    return result


def broken_on(instalments, paid, on_date, grace_days):
    """The date of the instalment that breaks the plan on ``on_date`` (the oldest
    one still unpaid more than ``grace_days`` days after its date), else None."""
    if grace_days < 0:
        raise PlanError("grace_days", grace_days=grace_days)
    for line in states(instalments, paid, on_date):
        if line.state == "late" and on_date > line.date + timedelta(days=grace_days):
            return line.date
    return None


def completed(instalments, paid):
    """True when everything scheduled is paid."""
    return Decimal(paid) >= sum((line.amount for line in instalments), Decimal(0))


def reminders(instalments, paid, on_date, days_before):
    """What to send on ``on_date``: ("before", date) for an unpaid instalment due in
    exactly ``days_before`` days, ("missed", date) for one unpaid since yesterday."""
    result = []
    for line in states(instalments, paid, on_date):
        if line.state == "paid":
            continue
        if days_before > 0 and line.date == on_date + timedelta(days=days_before):
            result.append(("before", line.date))
        if line.date == on_date - timedelta(days=1):
            result.append(("missed", line.date))
    return result


def interest_until(plan_state, waive_interest, agreement_date):
    """Last day of interest of the plan's invoices, or None when interest runs as
    usual: the waiver stops it on the agreement date while the plan is running or
    completed; a broken, cancelled or unsigned plan, or no waiver, stops nothing
    (the waiver lapses when the plan breaks: interest is owed from the due dates)."""
    if not waive_interest or not agreement_date:
        return None
    if plan_state in ("agreed", "running", "completed"):
        return agreement_date
    return None
