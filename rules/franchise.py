"""French VAT franchise (franchise en base, CGI art. 293 B), pure Python.

This module holds the rules; it never holds a threshold. The thresholds of each
calendar year come from dated records (``Threshold``) read by the caller, and a
missing year raises ``MissingThresholdError`` (never extrapolated). See the
project's French-law notes, sections 3 and 7 (P7).

Rules implemented:

* The thresholds of year N apply to year N: the previous years' turnover is
  compared with the *base* threshold of N (entitlement on 1 January N), the
  turnover of N with the *higher* threshold of N (loss during the year).
* Rule version ``pre2025`` (years up to 2024): the franchise applies in N when
  turnover N-1 <= base, or turnover N-2 <= base and turnover N-1 <= higher (the
  two-year tolerance). Exceeding the higher threshold during N makes VAT due from
  the first day of the month of exceeding. Building works count as services.
* Rule version ``2025`` (from 2025): the franchise applies in N when turnover
  N-1 <= base (no tolerance: otherwise VAT is due from 1 January N); exceeding the
  higher threshold during N makes VAT due from the operation that exceeds it (its
  date). In the year the activity starts, both thresholds are pro rata temporis.
  Building works count only in the total (goods) turnover.
* A threshold of version ``cancelled`` (the single 25,000 EUR threshold voted by
  the 2025 finance law, suspended then repealed before it ever applied) is kept
  as history and ignored.
* The creation year's turnover is compared, for the next year's test, with the
  threshold pro rata temporis (before 2025 the turnover was annualised: the same
  test).
* Mixed activity: the total turnover is tested against the goods thresholds and,
  within it, the services turnover against the services thresholds.
* Lawyers, authors and performers (activity kind ``lawyer``): their specific
  activity is tested against its own thresholds, their other operations against
  the thresholds of other operations; exceeding either ends the franchise.

Amounts are ``Decimal`` euros excluding VAT; floats go through ``repr``.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = [
    "MENTION",
    "CategoryStatus",
    "Check",
    "Decision",
    "Entitlement",
    "Limit",
    "MissingThresholdError",
    "Threshold",
    "ThresholdTable",
    "Turnover",
    "YearStatus",
    "check_operations",
    "entitlement",
    "evaluate_year",
    "first_crossing",
    "line_category",
    "measures",
    "parse_shares",
    "posting_decision",
    "projected_crossing",
    "prorate",
    "recorded_entitlement",
    "tested_categories",
    "year_limits",
]

MENTION = "TVA non applicable, art. 293 B du CGI"

# rule versions of a year's thresholds
PRE2025 = "pre2025"
V2025 = "2025"
CANCELLED = "cancelled"

# threshold categories (what is tested)
GOODS = "goods"  # goods, restaurant, lodging: also the limit of the total turnover
SERVICES = "services"
LAWYER_SPECIFIC = "lawyer_specific"
LAWYER_OTHER = "lawyer_other"

# turnover categories (what an invoice line is)
LINE_GOODS = "goods"
LINE_SERVICES = "services"
LINE_BUILDING = "building"  # building works (travaux immobiliers)
LINE_SPECIFIC = "specific"  # the specific activity of a lawyer, author, performer
LINE_CATEGORIES = (LINE_GOODS, LINE_SERVICES, LINE_BUILDING, LINE_SPECIFIC)

# activity kinds of a company
KIND_GOODS = "goods"
KIND_SERVICES = "services"
KIND_MIXED = "mixed"
KIND_LAWYER = "lawyer"

# entitlement reasons
NEW_BUSINESS = "new_business"
UNDER_BASE = "under_base"
TOLERANCE = "tolerance"
OVER_BASE = "over_base"
OVER_HIGHER = "over_higher"

# results of an operation check
OK = "ok"
SHARE = "share"  # a warning share of the base threshold is passed
BASE = "base"  # the base threshold is passed (franchise kept this year)
CROSSED = "crossed"  # this operation passes the higher threshold: VAT due
LOST = "lost"  # the higher threshold was already passed this year
LOST_START = "lost_start"  # no franchise this year (previous years' turnover)

# statuses of a year
STATUS_FRANCHISE = "franchise"
STATUS_TOLERANCE = "tolerance"
STATUS_BASE_EXCEEDED = "base_exceeded"
STATUS_LOST_START = "lost_start"
STATUS_LOST_CROSSING = "lost_crossing"

ZERO = Decimal(0)
CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def _decimal(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


# --------------------------------------------------------------------------- errors


class MissingThresholdError(ValueError):
    """No threshold is known for a year (and category).

    Attributes: ``year`` and ``category`` (``None``: the whole year is missing).
    Never extrapolate: the caller must record the missing year.
    """

    def __init__(self, year: int, category: str | None = None) -> None:
        self.year = year
        self.category = category
        what = f" ({category})" if category else ""
        super().__init__(f"No VAT franchise threshold is known for {year}{what}")

    def __reduce__(self):
        return (type(self), (self.year, self.category))


# ------------------------------------------------------------------------ turnover


@dataclass(frozen=True)
class Turnover:
    """Turnover excluding VAT by category of operation."""

    goods: Decimal = ZERO
    services: Decimal = ZERO
    building: Decimal = ZERO
    specific: Decimal = ZERO

    def __add__(self, other: Turnover) -> Turnover:
        return Turnover(
            self.goods + other.goods,
            self.services + other.services,
            self.building + other.building,
            self.specific + other.specific,
        )

    @property
    def total(self) -> Decimal:
        return self.goods + self.services + self.building + self.specific

    @classmethod
    def of(cls, category: str, amount) -> Turnover:
        """``amount`` in one turnover category (``LINE_CATEGORIES``)."""
        if category not in LINE_CATEGORIES:
            raise ValueError(f"Unknown turnover category {category!r}")
        return cls(**{category: _decimal(amount)})


def line_category(
    kind: str,
    product_type: str | None = None,
    product_category: str | None = None,
    override: str | None = None,
) -> str:
    """Turnover category of an invoice line: the line's override, else the
    product's, else from the product type (a service product is the specific
    activity of a lawyer, services otherwise; any other product is goods), else
    (no product) from the company's activity kind."""
    if override:
        return override
    if product_category:
        return product_category
    if product_type == "service":
        return LINE_SPECIFIC if kind == KIND_LAWYER else LINE_SERVICES
    if product_type:
        return LINE_GOODS
    return {KIND_GOODS: LINE_GOODS, KIND_LAWYER: LINE_SPECIFIC}.get(kind, LINE_SERVICES)


def tested_categories(kind: str) -> tuple[str, ...]:
    """The threshold categories tested for an activity kind, in order."""
    if kind == KIND_LAWYER:
        return (LAWYER_SPECIFIC, LAWYER_OTHER)
    return (GOODS, SERVICES)


def measures(turnover: Turnover, kind: str, rule_version: str) -> dict[str, Decimal]:
    """The amount tested against each threshold category.

    Goods/services/mixed: the total against the goods thresholds, the services
    (with the building works before 2025) against the services thresholds.
    Lawyer: the specific activity and the other operations separately."""
    if kind == KIND_LAWYER:
        other = turnover.goods + turnover.services + turnover.building
        return {LAWYER_SPECIFIC: turnover.specific, LAWYER_OTHER: other}
    services = turnover.services + turnover.specific
    if rule_version == PRE2025:
        services += turnover.building
    return {GOODS: turnover.total, SERVICES: services}


# ---------------------------------------------------------------------- thresholds


@dataclass(frozen=True)
class Threshold:
    """The thresholds of one calendar year and category, in euros."""

    year: int
    category: str
    base: Decimal
    higher: Decimal
    rule_version: str


@dataclass(frozen=True)
class Limit:
    """The thresholds that apply to a category in a given year (pro rata in the
    creation year under the 2025 rules)."""

    category: str
    base: Decimal
    higher: Decimal


class ThresholdTable:
    """The thresholds by year and category; ``cancelled`` ones are ignored."""

    def __init__(self, thresholds: Iterable[Threshold]) -> None:
        self._thresholds: dict[tuple[int, str], Threshold] = {}
        for threshold in thresholds:
            if threshold.rule_version == CANCELLED:
                continue  # never applied (LF 2025 art. 32): history only
            key = (threshold.year, threshold.category)
            if key in self._thresholds:
                raise ValueError(f"Two thresholds for {key[0]} ({key[1]})")
            self._thresholds[key] = threshold

    def get(self, year: int, category: str) -> Threshold:
        try:
            return self._thresholds[(year, category)]
        except KeyError:
            raise MissingThresholdError(year, category) from None

    def rule_version(self, year: int, kind: str) -> str:
        versions = {self.get(year, cat).rule_version for cat in tested_categories(kind)}
        if len(versions) != 1:
            raise ValueError(f"The thresholds of {year} mix rule versions {versions}")
        return versions.pop()


def prorate(amount, year: int, activity_start: date | None) -> Decimal:
    """``amount`` pro rata temporis of the days of activity in ``year`` when the
    activity started that year (start date to 31 December, both included, over the
    days of the year), to the cent; unchanged otherwise."""
    amount = _decimal(amount)
    if not activity_start or activity_start.year != year:
        return amount
    days = (date(year, 12, 31) - activity_start).days + 1
    year_days = 366 if calendar.isleap(year) else 365
    return (amount * days / year_days).quantize(CENT, ROUND_HALF_UP)


def year_limits(
    table: ThresholdTable, year: int, kind: str, activity_start: date | None = None
) -> tuple[str, list[Limit]]:
    """``(rule version, limits)`` for the turnover of ``year`` itself: pro rata in
    the creation year under the 2025 rules, the full thresholds before 2025."""
    version = table.rule_version(year, kind)
    limits = []
    for category in tested_categories(kind):
        threshold = table.get(year, category)
        base, higher = threshold.base, threshold.higher
        if version == V2025:
            base = prorate(base, year, activity_start)
            higher = prorate(higher, year, activity_start)
        limits.append(Limit(category, base, higher))
    return version, limits


# --------------------------------------------------------------------- entitlement


@dataclass(frozen=True)
class Entitlement:
    """Whether the franchise applies on 1 January of ``year`` and why.

    ``category``, ``turnover`` and ``limit`` name the test that failed (or that
    the tolerance saved): the previous year's amount and the threshold it was
    compared with."""

    year: int
    rule_version: str
    entitled: bool
    reason: str
    category: str | None = None
    turnover: Decimal | None = None
    limit: Decimal | None = None


def entitlement(
    table: ThresholdTable,
    year: int,
    kind: str,
    turnovers: Mapping[int, Turnover],
    activity_start: date | None = None,
) -> Entitlement:
    """Does the franchise apply in ``year``, from the turnover of the previous
    years (``turnovers`` by year; a missing year counts as nothing)?"""
    version = table.rule_version(year, kind)
    if activity_start and activity_start.year >= year:
        return Entitlement(year, version, True, NEW_BUSINESS)
    previous = measures(turnovers.get(year - 1, Turnover()), kind, version)
    before = measures(turnovers.get(year - 2, Turnover()), kind, version)
    tolerated = None
    for category in tested_categories(kind):
        threshold = table.get(year, category)
        amount = previous[category]
        base = prorate(threshold.base, year - 1, activity_start)
        if amount <= base:
            continue
        if version == PRE2025:
            higher = prorate(threshold.higher, year - 1, activity_start)
            base_before = prorate(threshold.base, year - 2, activity_start)
            if amount <= higher and before[category] <= base_before:
                tolerated = tolerated or (category, amount, base)
                continue
            reason = OVER_HIGHER if amount > higher else OVER_BASE
            limit = higher if amount > higher else base
            return Entitlement(year, version, False, reason, category, amount, limit)
        return Entitlement(year, version, False, OVER_BASE, category, amount, base)
    if tolerated:
        return Entitlement(year, version, True, TOLERANCE, *tolerated)
    return Entitlement(year, version, True, UNDER_BASE)


def recorded_entitlement(
    year: int, rule_version: str, status: str, category=None, turnover=None, limit=None
) -> Entitlement:
    """The entitlement of ``year`` from the status its year-start check recorded:
    lost from 1 January (with the failed test: category, turnover, threshold), or
    the franchise applies."""
    if status == STATUS_LOST_START:
        return Entitlement(
            year,
            rule_version,
            False,
            OVER_BASE,
            category,
            _decimal(turnover or ZERO),
            _decimal(limit or ZERO),
        )
    return Entitlement(year, rule_version, True, UNDER_BASE)


# ---------------------------------------------------------------------- operations


@dataclass(frozen=True)
class Check:
    """The result of checking one operation (an invoice) of the year.

    ``turnover`` is the tested amount after the operation and ``limit`` the
    threshold concerned; ``share`` the warning share passed (percent);
    ``vat_due_from`` the day VAT is due from when the franchise ends."""

    level: str
    category: str | None = None
    turnover: Decimal = ZERO
    limit: Decimal = ZERO
    share: Decimal | None = None
    vat_due_from: date | None = None
    rule_version: str | None = None
    higher: Decimal = ZERO  # the higher threshold of the category concerned

    @property
    def vat_due(self) -> bool:
        return self.level in (CROSSED, LOST, LOST_START)


def parse_shares(text: str | None) -> tuple[Decimal, ...]:
    """Warning shares from a text such as ``"80, 90"`` (percent, 0 < share < 100),
    sorted; ``ValueError`` on anything else."""
    shares = []
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip().rstrip("%").strip().replace(" ", "")
        if not part:
            continue
        try:
            share = Decimal(part)
        except InvalidOperation:
            raise ValueError(f"A warning share is a number, not {part!r}") from None
        if not share.is_finite() or not ZERO < share < HUNDRED:
            raise ValueError(f"A warning share is between 0 and 100, not {part}")
        shares.append(share)
    return tuple(sorted(set(shares)))


def _check_one(version, limits, before, after, day, shares) -> Check:
    def check(level, limit, value, **kw):
        return Check(
            level,
            limit.category,
            after[limit.category],
            value,
            rule_version=version,
            higher=limit.higher,
            **kw,
        )

    for limit in limits:
        if before[limit.category] > limit.higher:
            return check(LOST, limit, limit.higher)
    for limit in limits:
        if after[limit.category] > limit.higher:
            due = day if version == V2025 else day.replace(day=1)
            return check(CROSSED, limit, limit.higher, vat_due_from=due)
    for limit in limits:
        if before[limit.category] <= limit.base < after[limit.category]:
            return check(BASE, limit, limit.base)
    best = None
    for limit in limits:
        for share in sorted(shares, reverse=True):
            level = limit.base * share / HUNDRED
            if before[limit.category] < level <= after[limit.category]:
                if best is None or share > best.share:
                    best = check(SHARE, limit, limit.base, share=share)
                break
    return best or Check(OK, rule_version=version)


def check_operations(
    table: ThresholdTable,
    year: int,
    kind: str,
    turnovers: Mapping[int, Turnover],
    operations: Sequence[tuple[date, Turnover]],
    activity_start: date | None = None,
    shares: Iterable = (),
    right: Entitlement | None = None,
) -> list[Check]:
    """Check new operations of ``year`` in date order, each on top of the year's
    turnover (``turnovers[year]``) and of the operations before it.

    Per operation: ``LOST_START`` when the franchise does not apply this year,
    ``LOST`` when the higher threshold was already passed, ``CROSSED`` when this
    operation passes it (VAT due from its date, or from the first day of its month
    before 2025), ``BASE`` when it passes the base threshold, ``SHARE`` when it
    passes a warning share of the base threshold, ``OK`` otherwise.

    ``right``: the entitlement of the year when already known (the year-start
    check); else it is computed from the previous years in ``turnovers``."""
    shares = tuple(_decimal(s) for s in shares)
    if right is None:
        right = entitlement(table, year, kind, turnovers, activity_start)
    version, limits = year_limits(table, year, kind, activity_start)
    running = turnovers.get(year, Turnover())
    results = []
    for day, amount in operations:
        after = running + amount
        if not right.entitled:
            check = Check(
                LOST_START,
                right.category,
                right.turnover,
                right.limit,
                vat_due_from=date(year, 1, 1),
                rule_version=version,
            )
        else:
            check = _check_one(
                version,
                limits,
                measures(running, kind, version),
                measures(after, kind, version),
                day,
                shares,
            )
        results.append(check)
        running = after
    return results


# decisions at posting: what the settings do with a check
MESSAGE_VAT_DUE = "vat_due"  # an invoice without VAT while VAT is due
MESSAGE_VAT_REFUSED = "vat_refused"  # an invoice with VAT under the franchise
MESSAGE_THRESHOLD = "threshold"  # a warning share or the base threshold passed


@dataclass(frozen=True)
class Decision:
    """What posting an invoice means under the franchise: ``franchise`` issued
    under it (flag and mention), ``message`` the kind of warning (``MESSAGE_*`` or
    ``None``), ``blocking`` refused by the company's settings."""

    franchise: bool
    message: str | None = None
    blocking: bool = False


def posting_decision(
    move_type: str,
    check: Check,
    has_vat: bool,
    block_vat_due: bool = True,
    refuse_vat: bool = True,
) -> Decision:
    """The decision for an invoice (``out_invoice``) or a credit note
    (``out_refund``) checked as ``check``, charging VAT or not. A credit note never
    warns: it follows its invoice's VAT. ``block_vat_due``: an invoice without VAT
    once VAT is due is refused (else a warning); ``refuse_vat``: an invoice with
    VAT while the franchise applies is refused (else a warning)."""
    if move_type == "out_refund":
        return Decision(not check.vat_due and not has_vat)
    if check.vat_due:
        if has_vat:
            return Decision(False)
        return Decision(False, MESSAGE_VAT_DUE, block_vat_due)
    if has_vat:
        return Decision(False, MESSAGE_VAT_REFUSED, refuse_vat)
    if check.level in (SHARE, BASE):
        return Decision(True, MESSAGE_THRESHOLD)
    return Decision(True)


def first_crossing(checks: Iterable[Check]) -> Check | None:
    """The check that passed the higher threshold first (earliest day VAT is due
    from), among ``checks``; ``None`` when none did."""
    return min(
        (check for check in checks if check.level == CROSSED),
        key=lambda check: check.vat_due_from,
        default=None,
    )


# -------------------------------------------------------------------------- a year


def projected_crossing(
    amount, limit, period_start: date, today: date, period_end: date
) -> date | None:
    """The day the turnover would pass ``limit`` at the pace observed from
    ``period_start`` to ``today`` (both included); ``None`` when it is already
    passed, when nothing was earned yet, or when it would be after ``period_end``."""
    amount, limit = _decimal(amount), _decimal(limit)
    if amount > limit or amount <= 0 or today < period_start:
        return None
    elapsed = (min(today, period_end) - period_start).days + 1
    # first day n (1 = period_start) with amount / elapsed * n > limit
    days = int(limit * elapsed // amount) + 1
    day = period_start + timedelta(days=days - 1)
    return day if day <= period_end else None


@dataclass(frozen=True)
class CategoryStatus:
    category: str
    turnover: Decimal
    base: Decimal
    higher: Decimal
    share_base: Decimal  # percent, one decimal
    share_higher: Decimal
    projected_base: date | None = None
    projected_higher: date | None = None


@dataclass(frozen=True)
class YearStatus:
    year: int
    rule_version: str
    status: str
    entitlement: Entitlement
    categories: tuple[CategoryStatus, ...]

    @property
    def exceeded(self) -> CategoryStatus | None:
        """The category that passed its higher threshold, else its base one."""
        for attribute in ("higher", "base"):
            for category in self.categories:
                if category.turnover > getattr(category, attribute):
                    return category
        return None


def _share(amount: Decimal, limit: Decimal) -> Decimal:
    if limit <= 0:
        return ZERO
    return (amount * HUNDRED / limit).quantize(Decimal("0.1"), ROUND_HALF_UP)


def evaluate_year(
    table: ThresholdTable,
    year: int,
    kind: str,
    turnovers: Mapping[int, Turnover],
    activity_start: date | None = None,
    today: date | None = None,
) -> YearStatus:
    """The franchise status of ``year``: entitlement on 1 January, the turnover of
    the year against its limits per category and, when ``today`` is in the year,
    the projected days of crossing at the current pace."""
    right = entitlement(table, year, kind, turnovers, activity_start)
    version, limits = year_limits(table, year, kind, activity_start)
    amounts = measures(turnovers.get(year, Turnover()), kind, version)
    start, end = date(year, 1, 1), date(year, 12, 31)
    if activity_start and activity_start.year == year:
        start = activity_start
    current = today is not None and today.year == year
    categories = []
    for limit in limits:
        amount = amounts[limit.category]
        categories.append(
            CategoryStatus(
                limit.category,
                amount,
                limit.base,
                limit.higher,
                _share(amount, limit.base),
                _share(amount, limit.higher),
                current
                and projected_crossing(amount, limit.base, start, today, end)
                or None,
                current
                and projected_crossing(amount, limit.higher, start, today, end)
                or None,
            )
        )
    if not right.entitled:
        status = STATUS_LOST_START
    elif any(c.turnover > c.higher for c in categories):
        status = STATUS_LOST_CROSSING
    elif any(c.turnover > c.base for c in categories):
        status = STATUS_BASE_EXCEEDED
    elif right.reason == TOLERANCE:
        status = STATUS_TOLERANCE
    else:
        status = STATUS_FRANCHISE
    return YearStatus(year, version, status, right, tuple(categories))
