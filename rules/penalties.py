"""French statutory late-payment penalties (pure Python, standard library only).

This module holds the computation rules; it never holds a legal figure. Every
rate or amount (ECB main refinancing rate, margin, floor multiplier, legal
interest rate, recovery indemnity) is passed in by the caller, who reads it from
dated records in the database.

Rules implemented (see the project's French-law notes, sections 1.1, 1.5, 1.6
and 2):

* B2B default rate of a half-year = ECB main refinancing rate in force on
  1 January (first half) or 1 July (second half) + a margin (Code de commerce
  L441-10 II). A mid-half-year ECB change has no effect until the next anchor.
* The contractual rate may not be lower than ``floor multiplier x legal interest
  rate`` ("autres cas" column); the floor wins and is flagged.
* Interest runs from the day after the due date (or from a later start date,
  e.g. the day after a consumer's mise en demeure) up to and including the
  computation date, on the unpaid balance (tax included), split at every
  1 January / 1 July and at every balance change, at ``base x rate / 100 x
  days / 365`` (actual/365, also in leap years), each period rounded to the
  cent (ROUND_HALF_UP).
* A payment or credit note dated D still counts day D at the old balance; the
  balance drops from D + 1.

Rates are ``Decimal`` percentages per year (``Decimal("12.15")`` = 12.15 %).
Amounts may be given as ``Decimal``, ``int``, ``str`` or ``float`` (floats go
through ``repr`` so that ``0.1`` means ``Decimal("0.1")``); results are
``Decimal``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import NamedTuple

from .dated import DatedRate, MissingParameterError, latest_on, to_decimal

__all__ = [
    "DatedRate",
    "InvoicePenalties",
    "MissingParameterError",
    "MissingRateError",
    "PenaltyItem",
    "Period",
    "RateClause",
    "b2b_default_rate",
    "compute_many",
    "effective_b2b_rate",
    "half_year",
    "half_year_bounds",
    "half_year_label",
    "invoice_penalties",
    "penalty_breakdown",
    "penalty_total",
    "rate_in_force",
    "recovery_indemnity",
]

CENT = Decimal("0.01")
_ZERO = Decimal(0)
# rate is a percentage and the day count is actual/365: amount = base*rate*days/36500
_DIVISOR = Decimal(36500)

RateFor = Callable[[int, int], Decimal]


# --------------------------------------------------------------------------- errors


class MissingRateError(ValueError):
    """No rate is known for a half-year.

    Attributes: ``year``, ``half`` (1 or 2) and ``label`` (e.g. ``"2027-S1"``).
    Never extrapolate: the caller must enter the missing rate.
    """

    def __init__(self, year: int, half: int) -> None:
        self.year = year
        self.half = half
        self.label = half_year_label(year, half)
        super().__init__(f"No rate is known for the half-year {self.label}")

    def __reduce__(self):
        return (type(self), (self.year, self.half))


# ----------------------------------------------------------------------- half-years


def _check_half(half: int) -> None:
    if half not in (1, 2):
        raise ValueError(f"half must be 1 or 2, not {half!r}")


def half_year(d: date) -> tuple[int, int]:
    """Return ``(year, half)`` of a day: half 1 = January-June, 2 = July-December."""
    return d.year, 1 if d.month <= 6 else 2


def half_year_bounds(year: int, half: int) -> tuple[date, date]:
    """Return the first and last day (both inclusive) of a half-year."""
    _check_half(half)
    if half == 1:
        return date(year, 1, 1), date(year, 6, 30)
    return date(year, 7, 1), date(year, 12, 31)


def half_year_label(year: int, half: int) -> str:
    """Return the label of a half-year: ``half_year_label(2026, 2) == "2026-S2"``."""
    _check_half(half)
    return f"{year}-S{half}"


@lru_cache(maxsize=512)
def _half_year_last_ordinal(year: int, half: int) -> int:
    return date(year, 6 if half == 1 else 12, 30 if half == 1 else 31).toordinal()


# ---------------------------------------------------------------------- dated rates


def rate_in_force(
    dated_rates: Iterable[DatedRate], day: date, *, known_until: date | None = None
) -> Decimal:
    """Return the rate of the latest record with ``date_from <= day``.

    Raises ``MissingRateError`` for the half-year of ``day`` when no record
    applies, or when ``day`` is after ``known_until`` (the last day up to which
    the series is known to be complete; ``None`` = trust the series as is).
    """
    if known_until is not None and day > known_until:
        raise MissingRateError(*half_year(day))
    record = latest_on(dated_rates, day)
    if record is None:
        raise MissingRateError(*half_year(day))
    return to_decimal(record.rate)


def b2b_default_rate(
    ecb_rates: Iterable[DatedRate],
    year: int,
    half: int,
    margin,
    *,
    known_until: date | None = None,
) -> Decimal:
    """Default B2B penalty rate of a half-year (L441-10 II): the ECB rate in force
    on 1 January (half 1) or 1 July (half 2) plus ``margin`` percentage points.

    ECB changes inside the half-year are ignored until the next anchor. Raises
    ``MissingRateError`` (for this half-year) when no ECB rate applies on the
    anchor day or the anchor is after ``known_until``.
    """
    anchor = half_year_bounds(year, half)[0]
    return rate_in_force(ecb_rates, anchor, known_until=known_until) + to_decimal(
        margin
    )


# ---------------------------------------------------------------- contractual rate

_CLAUSE_KINDS = ("default", "fixed", "legal_multiple")


@dataclass(frozen=True, slots=True)
class RateClause:
    """The penalty-rate clause of the terms of sale.

    ``kind``: ``"default"`` (ECB + margin, or no stipulation), ``"fixed"`` (uses
    ``fixed_rate``, percent per year) or ``"legal_multiple"`` (``legal_multiple``
    x the legal interest rate of the half-year).
    """

    kind: str = "default"
    fixed_rate: Decimal | None = None
    legal_multiple: Decimal | None = None

    def __post_init__(self) -> None:
        if self.kind not in _CLAUSE_KINDS:
            raise ValueError(f"Unknown rate clause kind {self.kind!r}")
        if self.kind == "fixed" and self.fixed_rate is None:
            raise ValueError("A fixed rate clause needs fixed_rate")
        if self.kind == "legal_multiple" and self.legal_multiple is None:
            raise ValueError("A legal multiple rate clause needs legal_multiple")


def effective_b2b_rate(
    clause: RateClause, default_rate, legal_rate, floor_multiplier
) -> tuple[Decimal, bool]:
    """Return ``(rate, floor_applied)`` for one half-year.

    The contractual rate is ``default_rate`` (ECB + margin, see
    ``b2b_default_rate``), the clause's fixed rate, or ``legal_multiple x
    legal_rate``. It may not be lower than ``floor_multiplier x legal_rate``
    (``legal_rate`` = legal interest rate, "autres cas" column, of the same
    half-year); when it is, the floor is returned with ``floor_applied=True``
    so that the caller can warn (e.g. 2024-S1: 14.50 < 3 x 5.07 = 15.21).
    Rates are not rounded.
    """
    legal = to_decimal(legal_rate)
    if clause.kind == "default":
        rate = to_decimal(default_rate)
    elif clause.kind == "fixed":
        rate = to_decimal(clause.fixed_rate)
    else:
        rate = to_decimal(clause.legal_multiple) * legal
    floor = to_decimal(floor_multiplier) * legal
    if rate < floor:
        return floor, True
    return rate, False


# ---------------------------------------------------------------------- breakdown


@dataclass(frozen=True, slots=True)
class Period:
    """One piece of a penalty computation: constant rate and base.

    ``date_from`` / ``date_to`` are inclusive, ``days`` = number of days counted,
    ``rate`` in percent per year, ``base`` the unpaid balance, ``amount`` =
    ``base x rate / 100 x days / 365`` rounded to the cent (ROUND_HALF_UP).
    """

    date_from: date
    date_to: date
    days: int
    rate: Decimal
    base: Decimal
    amount: Decimal


def _segments(
    amount: Decimal,
    first: int,
    last: int,
    reductions: Iterable[tuple[date, object]],
) -> list[tuple[int, int, Decimal, int, int]]:
    """Split ``[first, last]`` (ordinals) into ``(from, to, base, year, half)``
    pieces with a positive base, constant base and a single half-year."""
    balance = amount
    changes: dict[int, Decimal] = {}
    for day, value in reductions:
        effective = day.toordinal() + 1  # day D still counts at the old base
        if effective <= first:
            balance -= to_decimal(value)
        elif effective <= last:
            changes[effective] = changes.get(effective, _ZERO) + to_decimal(value)
    steps = sorted(item for item in changes.items() if item[1])

    start = date.fromordinal(first)
    year, half = start.year, 1 if start.month <= 6 else 2
    half_end = _half_year_last_ordinal(year, half)
    pieces = []
    cur = first
    i, n = 0, len(steps)
    while cur <= last:
        next_change = steps[i][0] if i < n else last + 1
        end = min(last, half_end, next_change - 1)
        if balance > 0:
            pieces.append((cur, end, balance, year, half))
        cur = end + 1
        if cur > half_end:
            year, half = (year, 2) if half == 1 else (year + 1, 1)
            half_end = _half_year_last_ordinal(year, half)
        if i < n and cur == next_change:
            balance -= steps[i][1]
            i += 1
        elif i == n and balance <= 0:
            break
    return pieces


def _first_day(due_date: date, start_date: date | None) -> int:
    first = due_date.toordinal() + 1
    if start_date is not None:
        first = max(first, start_date.toordinal())
    return first


def penalty_breakdown(
    amount,
    due_date: date,
    on_date: date,
    reductions: Iterable[tuple[date, object]],
    rate_for: RateFor,
    start_date: date | None = None,
) -> list[Period]:
    """Late-payment interest on ``amount`` due at ``due_date``, up to ``on_date``.

    * ``amount``: amount due at ``due_date`` (an installment or a whole invoice,
      tax included).
    * ``reductions``: ``(date, amount)`` pairs (payments, credit notes); a
      reduction dated D counts day D at the old base, the base drops from D + 1;
      reductions dated on or before the eve of the first interest day reduce
      the base from the start. A negative amount (a reversal) raises the base.
      The base is never below 0 and no interest runs while it is 0.
    * Interest accrues for every day from the first interest day up to and
      including ``on_date``. The first day is ``due_date + 1``, or
      ``max(due_date + 1, start_date)`` when ``start_date`` is given (consumer:
      the day after the mise en demeure).
    * ``rate_for(year, half)`` returns the rate in percent per year; it is called
      once per half-year touched and may raise ``MissingRateError``.

    Returns the periods (split at each 1 January / 1 July and at each base
    change), or an empty list when nothing is owed.
    """
    first = _first_day(due_date, start_date)
    last = on_date.toordinal()
    if last < first:
        return []
    rates: dict[tuple[int, int], Decimal] = {}
    periods = []
    for start, end, base, year, half in _segments(
        to_decimal(amount), first, last, reductions
    ):
        key = (year, half)
        rate = rates.get(key)
        if rate is None:
            rate = rates[key] = to_decimal(rate_for(year, half))
        days = end - start + 1
        periods.append(
            Period(
                date.fromordinal(start),
                date.fromordinal(end),
                days,
                rate,
                base,
                (base * rate * days / _DIVISOR).quantize(CENT, ROUND_HALF_UP),
            )
        )
    return periods


def penalty_total(periods: Iterable[Period]) -> Decimal:
    """Sum of the (already rounded) period amounts, as ``Decimal("0.00")`` or more."""
    return sum((p.amount for p in periods), Decimal("0.00"))


class PenaltyItem(NamedTuple):
    """One debt for ``compute_many`` (same meaning as ``penalty_breakdown``)."""

    amount: object
    due_date: date
    on_date: date
    reductions: Iterable[tuple[date, object]] = ()
    start_date: date | None = None


def compute_many(items: Iterable, rate_for: RateFor) -> list[Decimal]:
    """Total penalty of many debts, in order, without building ``Period`` objects.

    Each item is a ``PenaltyItem`` or a tuple ``(amount, due_date, on_date[,
    reductions[, start_date]])``. Each total equals
    ``penalty_total(penalty_breakdown(...))`` for the same item. ``rate_for``
    is called once per half-year for the whole batch; a ``MissingRateError``
    aborts the batch.
    """
    rates: dict[tuple[int, int], Decimal] = {}
    totals = []
    append = totals.append
    for item in items:
        if len(item) != 5:
            item = PenaltyItem(*item)
        amount, due_date, on_date, reductions, start_date = item
        append(
            penalty_amount(
                amount, due_date, on_date, reductions, rate_for, start_date, rates
            )[0]
        )
    return totals


def penalty_amount(
    amount,
    due_date: date,
    on_date: date,
    reductions: Iterable[tuple[date, object]],
    rate_for: RateFor,
    start_date: date | None = None,
    rates: dict | None = None,
) -> tuple[Decimal, bool]:
    """``(total, owed)``: what ``penalty_breakdown`` would total, and whether it
    would return any period, without building them. ``rates`` caches ``rate_for``
    per half-year across calls that share the same ``rate_for``."""
    rates = {} if rates is None else rates
    first = _first_day(due_date, start_date)
    last = on_date.toordinal()
    total = Decimal("0.00")
    owed = False
    if last >= first:
        for start, end, base, year, half in _segments(
            to_decimal(amount), first, last, reductions
        ):
            owed = True
            key = (year, half)
            rate = rates.get(key)
            if rate is None:
                rate = rates[key] = to_decimal(rate_for(year, half))
            total += (base * rate * (end - start + 1) / _DIVISOR).quantize(
                CENT, ROUND_HALF_UP
            )
    return total, owed


# ------------------------------------------------------------------ fixed indemnity


def recovery_indemnity(
    dated_amounts: Iterable[DatedRate], due_date: date, is_professional: bool
) -> Decimal:
    """Fixed recovery indemnity for one late invoice (D441-5 C. com.).

    ``Decimal("0.00")`` for a consumer debtor; otherwise the amount (``rate``
    field of the ``DatedRate`` records) in force at ``due_date``, rounded to the
    cent. Raises ``MissingParameterError`` when no record applies. Whether the
    invoice is late at all is the caller's business.
    """
    if not is_professional:
        return Decimal("0.00")
    record = latest_on(dated_amounts, due_date)
    if record is None:
        raise MissingParameterError("recovery indemnity amount", due_date)
    return to_decimal(record.rate).quantize(CENT, ROUND_HALF_UP)


# ------------------------------------------------------------ one invoice's penalties


class InvoicePenalties(NamedTuple):
    """The penalties of one invoice (``invoice_penalties``)."""

    days_late: int  # days since the oldest installment still unpaid fell due
    interest: Decimal  # late-payment interest, rounded to the cent
    periods: list  # [(installment due date, Period)]; empty without breakdown
    first_late_due: date | None  # the first installment bearing interest
    indemnity: Decimal  # fixed recovery indemnity, in the invoice currency


def invoice_penalties(
    on_date: date,
    installments: Iterable[tuple[date, object, Iterable[tuple[date, object]]]],
    *,
    professional: bool,
    b2b_rate_for: RateFor,
    consumer_rate_for: RateFor,
    notice_date: date | None = None,
    grace_days: int = 0,
    indemnity_for: Callable[[date], Decimal] | None = None,
    convert: Callable[[Decimal, date], object] | None = None,
    breakdown: bool = True,
    rates: dict | None = None,
    interest_until: date | None = None,
) -> InvoicePenalties:
    """Late-payment interest and recovery indemnity of one customer invoice on
    ``on_date``, from its ``installments`` [(due date, amount, [(date, payment or
    credit note), ...])] in the invoice currency.

    The legal choices (French-law notes, sections 1 and 2):

    * a professional debtor owes interest at the B2B rate (``b2b_rate_for``, the
      rate clause of the seller's terms); a consumer owes interest at the legal
      rate for consumers (``consumer_rate_for``), and only from the day after the
      formal notice (``notice_date``): none without one;
    * interest runs from the day after the due date plus ``grace_days`` (the
      seller's terms), and never before the day after the formal notice;
    * the fixed recovery indemnity is owed by a professional only, once per
      invoice, when one of its installments bears interest; its amount is the one
      in force on the first such due date (``indemnity_for(day)``, in euros; None:
      the seller does not claim it), converted to the invoice currency on that
      same day (``convert(amount, day)``; None: an invoice in euros).

    ``interest_until``: the last day interest accrues when an event stops it
    before ``on_date`` (an opening judgment of collective proceedings, a waiver
    agreed in a payment plan); the days late still count up to ``on_date``.

    ``breakdown=False`` totals the interest without building the periods (batch
    work); ``rates`` caches the rates per debtor type and half-year across calls
    of the same rate functions. May raise ``MissingRateError`` (a rate function)
    and what ``indemnity_for`` raises."""
    rate_for = b2b_rate_for if professional else consumer_rate_for
    notice_start = None
    if not professional and notice_date is not None:
        notice_start = notice_date + timedelta(days=1)
    cache = {} if rates is None else rates.setdefault(professional, {})
    grace = timedelta(days=grace_days + 1)
    interest_end = on_date if interest_until is None else min(on_date, interest_until)
    days_late = 0
    interest = Decimal("0.00")
    periods = []
    late_due_dates = []
    for due_date, amount, reductions in installments:
        amount = to_decimal(amount)
        reductions = [(day, to_decimal(value)) for day, value in reductions]
        paid = sum((value for day, value in reductions if day <= on_date), _ZERO)
        if paid < amount and due_date < on_date:
            days_late = max(days_late, (on_date - due_date).days)
        if not professional and notice_start is None:
            continue  # a consumer owes interest only from the formal notice
        start = max(due_date + grace, notice_start or due_date)
        if breakdown:
            pieces = penalty_breakdown(
                amount, due_date, interest_end, reductions, rate_for, start_date=start
            )
            owed = bool(pieces)
            interest += penalty_total(pieces)
            periods += [(due_date, piece) for piece in pieces]
        else:
            total, owed = penalty_amount(
                amount, due_date, interest_end, reductions, rate_for, start, cache
            )
            interest += total
        if owed:
            late_due_dates.append(due_date)
    first_late_due = min(late_due_dates) if late_due_dates else None
    indemnity = Decimal("0.00")
    if professional and indemnity_for is not None and first_late_due is not None:
        indemnity = to_decimal(indemnity_for(first_late_due))
        if convert is not None:
            indemnity = to_decimal(convert(indemnity, first_late_due))
    return InvoicePenalties(
        days_late, interest.quantize(CENT), periods, first_late_due, indemnity
    )
