"""Customer default: collective proceedings, the declaration of claim, doubtful and
lost debts, the VAT of lost debts, and the payer score. Plain Python, no Odoo.
See the project's French-law notes, section 10 (and 13 for deadlines).

* Claims born before the opening judgment (L622-7, L622-21, L622-24): born on the
  delivery or performance date (P16 ``split_by_performance_date``), else the
  invoice date; a claim born on the judgment day is after it (the judgment takes
  effect from its date, §10.1).
* Interest stops at the judgment date (L622-28): the judgment date is the first day
  without interest; whether that day itself still bears interest is uncertain
  (§10.9 point 5): ``interest_until(judgment, judgment_day_bears_interest=False)``.
  The 40 EUR indemnity is declared only when it accrued before the opening
  (an installment late before the judgment, §10.2).
* Deadlines from the BODACC publication (R622-24, L622-26, L624-9; P15): the
  declaration (2 months, + 2 months for a creditor established outside
  metropolitan France), the relevé de forclusion (6 months), the claim for the
  goods under retention of title (3 months), in months by CPC 641 and extended by
  CPC 642 (``rules.holidays.extend_deadline``, as the injonction deadlines). The
  figures come from ``ProceedingTables`` (dated records), never from code.
* Provision (PCG 491 / 6817, CGI 39-1-5°): on the amount excluding VAT, at the
  customer's rate, else the default rate, 100 % in judicial liquidation.
* VAT of a lost debt (CGI 272-1, BOI-TVA-DED-40-10-20, P17): recoverable only when
  it was paid (goods, or services with the option for VAT on debits), from the
  event that makes the claim definitively lost (judgment of liquidation, closure for
  insufficient assets, failed enforcement); nothing for VAT due on payment.
* Payer score: an algorithm of the addon, not law (readme/USAGE.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from .dated import DatedRate, DatedTables, to_decimal
from .holidays import SCOPE_FR, Deadline, extend_deadline
from .injonction import add_months
from .penalties import invoice_penalties as _invoice_penalties

__all__ = [
    "BLOCKING",
    "INTEREST_STOP_KINDS",
    "KINDS",
    "VAT_EVENTS",
    "ClaimAtJudgment",
    "PayerScore",
    "ProceedingTables",
    "VatRecovery",
    "born_before",
    "claim_at_judgment",
    "declaration_deadline",
    "duplicata_mention",
    "injonction_finding",
    "interest_until",
    "over_credit_limit",
    "payer_score",
    "provision_amount",
    "provision_rate",
    "releve_deadline",
    "reminder_dates",
    "revendication_deadline",
    "vat_recovery",
    "vat_recovery_deadline",
]

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)

SAUVEGARDE = "sauvegarde"
REDRESSEMENT = "redressement"
LIQUIDATION = "liquidation"
RETABLISSEMENT = "retablissement"
SURENDETTEMENT = "surendettement"
KINDS = (SAUVEGARDE, REDRESSEMENT, LIQUIDATION, RETABLISSEMENT, SURENDETTEMENT)
# L622-28 (RJ by L631-14, LJ by L641-3): the stop of interest
INTEREST_STOP_KINDS = (SAUVEGARDE, REDRESSEMENT, LIQUIDATION)
# a formal declaration to the mandataire or liquidateur (L622-24, L641-3); in a
# rétablissement professionnel the creditors report their claims (L645-...) within
# the same kind of period from the mandataire's notice, in surendettement they
# answer the commission
DECLARATION_KINDS = (SAUVEGARDE, REDRESSEMENT, LIQUIDATION)

BLOCKING = "blocking"


# ------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class ProceedingTables(DatedTables):
    """Dated figures of §10.8 P15/P17 (``DatedRate`` lists, ``rate`` the value)."""

    declaration_months: list[DatedRate] = field(default_factory=list)
    declaration_extension_months: list[DatedRate] = field(default_factory=list)
    releve_months: list[DatedRate] = field(default_factory=list)
    revendication_months: list[DatedRate] = field(default_factory=list)
    vat_recovery_years: list[DatedRate] = field(default_factory=list)

    def value(self, name: str, day: date) -> int:
        return int(super().value(name, day))


# ------------------------------------------------------------ claims and interest


def born_before(born: date, judgment: date) -> bool:
    """A claim born (delivery or performance, else invoice date) before the opening
    judgment: the judgment takes effect from its date (0 h)."""
    return born < judgment


def interest_until(judgment: date, judgment_day_bears_interest: bool = False) -> date:
    """The last day interest accrues on a pre-opening claim (L622-28): the day
    before the judgment (§10.4: "computed up to the day before the judgment
    date"); the judgment day itself when the company's setting says so (§10.9
    point 5, uncertain)."""
    return judgment if judgment_day_bears_interest else judgment - timedelta(days=1)


@dataclass(frozen=True)
class ClaimAtJudgment:
    """One invoice's claim at the judgment date, in the invoice currency."""

    principal: Decimal  # due at the judgment date (installments fallen due before)
    not_yet_due: list  # [(due date, amount)] falling due from the judgment on
    interest: Decimal  # up to ``interest_until``
    indemnity: Decimal  # 40 EUR accrued before the opening
    paid: Decimal  # payments and credit notes before the judgment

    @property
    def not_yet_due_total(self) -> Decimal:
        return sum((amount for _day, amount in self.not_yet_due), ZERO)

    @property
    def total(self) -> Decimal:
        return self.principal + self.not_yet_due_total + self.interest + self.indemnity


def claim_at_judgment(
    judgment: date,
    installments: Iterable[tuple[date, object, Iterable[tuple[date, object]]]],
    *,
    judgment_day_bears_interest: bool = False,
    **penalty_options,
) -> ClaimAtJudgment:
    """The claim of one invoice at the opening judgment from its ``installments``
    [(due date, amount, [(date, payment or credit note), ...])]: the principal due,
    the amounts not yet due with their due dates, and the late-payment interest and
    indemnity accrued until the judgment (``rules.penalties.invoice_penalties``
    with ``interest_until``; ``penalty_options`` its keyword arguments: professional,
    rate functions, notice date, grace days, indemnity...). Payments from the
    judgment day on are not counted (the claim is the one at the judgment date)."""
    before = []
    principal = ZERO
    paid_total = ZERO
    not_yet_due = []
    for due_date, amount, reductions in installments:
        amount = to_decimal(amount)
        kept = [(day, to_decimal(v)) for day, v in reductions if day < judgment]
        paid = sum((v for _day, v in kept), ZERO)
        paid_total += paid
        residual = max(amount - paid, ZERO)
        before.append((due_date, amount, kept))
        if not residual:
            continue
        if due_date < judgment:
            principal += residual
        else:
            not_yet_due.append((due_date, residual.quantize(CENT)))
    stop = interest_until(judgment, judgment_day_bears_interest)
    penalties = _invoice_penalties(
        judgment, before, interest_until=stop, breakdown=False, **penalty_options
    )
    return ClaimAtJudgment(
        principal.quantize(CENT),
        not_yet_due,
        penalties.interest,
        to_decimal(penalties.indemnity).quantize(CENT),
        paid_total.quantize(CENT),
    )


# ---------------------------------------------------------------------- deadlines


def declaration_deadline(
    publication: date,
    tables: ProceedingTables,
    outside_metropole: bool = False,
    scope: str = SCOPE_FR,
) -> Deadline:
    """The last day to declare the claim (R622-24): N months from the BODACC
    publication, + M months for a creditor established outside metropolitan France
    (al. 2), by CPC 641 then extended by CPC 642."""
    months = tables.value("declaration_months", publication)
    if outside_metropole:
        months += tables.value("declaration_extension_months", publication)
    return extend_deadline(add_months(publication, months), scope)


def releve_deadline(
    publication: date, tables: ProceedingTables, scope: str = SCOPE_FR
) -> Deadline:
    """The last day to ask the juge-commissaire for a relevé de forclusion
    (L622-26): N months from the BODACC publication."""
    months = tables.value("releve_months", publication)
    return extend_deadline(add_months(publication, months), scope)


def revendication_deadline(
    publication: date, tables: ProceedingTables, scope: str = SCOPE_FR
) -> Deadline:
    """The last day to claim goods sold under retention of title (L624-9)."""
    months = tables.value("revendication_months", publication)
    return extend_deadline(add_months(publication, months), scope)


def reminder_dates(deadline: date, days_before: Iterable[int], today: date) -> list:
    """The days of the activities before a deadline (``days_before`` each), not
    before ``today`` (backward delays are not extended, §13.1)."""
    days = {max(today, deadline - timedelta(days=n)) for n in days_before if n >= 0}
    return sorted(day for day in days if day <= deadline)


# ----------------------------------------------------------------- injonction check


def injonction_finding(proceedings: Iterable[tuple[str, date]], born: Iterable[date]):
    """The finding of the injonction wizard about collective proceedings: ``None``,
    or ``(level, code, params)`` when the debtor is in a proceeding opened before
    or on the claim date and an invoice was born before its judgment (L622-21:
    no action for payment of pre-opening claims). ``proceedings`` [(kind,
    judgment date)] of the debtor still in force; ``born`` the invoices' birth
    dates."""
    born = list(born)
    for kind, judgment in sorted(proceedings, key=lambda p: p[1]):
        if any(born_before(day, judgment) for day in born):
            return (BLOCKING, "proceeding", {"kind": kind, "judgment": judgment})
    return None


# ----------------------------------------------------------------------- provision


def provision_rate(kind: str | None, customer_rate, default_rate) -> Decimal:
    """The provision rate in percent: 100 in judicial liquidation, else the
    customer's rate when set (> 0), else the company's default."""
    if kind == LIQUIDATION:
        return HUNDRED
    customer = to_decimal(customer_rate or 0)
    rate = customer if customer > 0 else to_decimal(default_rate or 0)
    return min(max(rate, ZERO), HUNDRED)


def provision_amount(residual, untaxed, total, rate) -> Decimal:
    """The provision of one invoice: the part excluding VAT of its residual (the
    residual x untaxed / total), at ``rate`` percent, rounded to the cent."""
    residual, untaxed, total = map(to_decimal, (residual, untaxed, total))
    if total <= 0 or residual <= 0:
        return ZERO
    base = min(residual, total) * untaxed / total
    return (base * to_decimal(rate) / HUNDRED).quantize(CENT, ROUND_HALF_UP)


def provision_movement(existing, proposed) -> tuple[Decimal, Decimal]:
    """(dotation, reprise) to go from the provision ``existing`` to ``proposed``."""
    delta = to_decimal(proposed) - to_decimal(existing)
    return (delta, ZERO) if delta > 0 else (ZERO, -delta)


# ------------------------------------------------------------------------- VAT


# events after which a claim is definitively lost (§10.7)
VAT_EVENTS = ("liquidation", "closure", "enforcement_failure")


@dataclass(frozen=True)
class VatRecovery:
    amount: Decimal  # VAT to recover (CA3 line 21), 0 when none
    reason: str  # "recoverable", "vat_on_payment", "no_vat", "event"


def vat_recovery(vat_on_debits: bool, vat_amount, event: str) -> VatRecovery:
    """The VAT recoverable on a lost invoice (CGI 272-1): the VAT of the residual
    when it was paid (goods, or services with the option for VAT on debits), after
    an event of ``VAT_EVENTS``; nothing when the VAT was due on payment (none was
    ever paid), nor for another event (sauvegarde or redressement: only the part
    waived by the plan, at its adoption)."""
    vat = to_decimal(vat_amount).quantize(CENT)
    if vat <= 0:
        return VatRecovery(ZERO, "no_vat")
    if not vat_on_debits:
        return VatRecovery(ZERO, "vat_on_payment")
    if event not in VAT_EVENTS:
        return VatRecovery(ZERO, "event")
    return VatRecovery(vat, "recoverable")


def vat_recovery_deadline(event_date: date, tables: ProceedingTables) -> date:
    """The last day to put the VAT on a return: 31 December of the N-th year after
    the event (CGI ann. II art. 208, P17)."""
    years = tables.value("vat_recovery_years", event_date)
    return date(event_date.year + years, 12, 31)


def duplicata_mention(untaxed, vat, format_amount: Callable = str) -> str:
    """The mention of the duplicata sent to the debtor (BOI-TVA-DED-40-10-20)."""
    return (
        f"Facture demeurée impayée pour la somme de {format_amount(untaxed)} € "
        f"(prix net) et pour la somme de {format_amount(vat)} € (TVA "
        "correspondante) qui ne peut faire l'objet d'une déduction (article 272 "
        "du CGI)"
    )


# ---------------------------------------------------------------------- payer score


@dataclass(frozen=True)
class PayerScore:
    score: int  # 0 (worst) .. 100 (best)
    days_late: Decimal  # average days late weighted by amount, last 12 months
    late_share: Decimal  # share of the invoices paid late, last 12 months (0..1)
    trend: Decimal  # days late now minus days late the 12 months before
    disputes: int
    broken_promises: int


def _weighted_days(rows):
    total = sum((amount for amount, _days in rows), ZERO)
    if not total:
        return ZERO
    return sum((amount * days for amount, days in rows), ZERO) / total


def payer_score(
    invoices: Iterable[tuple[object, date, date]],
    today: date,
    disputes: int = 0,
    broken_promises: int = 0,
) -> PayerScore:
    """The payer score of one customer from its paid invoices [(amount, due date,
    paid date)]: over the 12 months before ``today`` (by paid date), the average
    days late weighted by amount (A), the share of invoices paid late (S); the same
    average over the 12 months before them (P), trend T = A - P. Score = 100 -
    40 x min(A, 60) / 60 - 30 x S - 10 x min(max(T, 0), 30) / 30 - 10 x min(open
    disputes, 2) / 2 - 10 x min(broken promises, 2) / 2, rounded, within 0..100."""
    year = today - timedelta(days=365)
    two = today - timedelta(days=730)
    recent, before = [], []
    late = count = 0
    for amount, due, paid in invoices:
        amount = abs(to_decimal(amount))
        days = max((paid - due).days, 0)
        if year < paid <= today:
            recent.append((amount, Decimal(days)))
            count += 1
            late += days > 0
        elif two < paid <= year:
            before.append((amount, Decimal(days)))
    average = _weighted_days(recent)
    share = Decimal(late) / count if count else ZERO
    trend = average - _weighted_days(before) if before and recent else ZERO
    penalty = (
        Decimal(40) * min(average, Decimal(60)) / 60
        + Decimal(30) * share
        + Decimal(10) * min(max(trend, ZERO), Decimal(30)) / 30
        + Decimal(10) * min(disputes, 2) / 2
        + Decimal(10) * min(broken_promises, 2) / 2
    )
    score = int((HUNDRED - penalty).quantize(Decimal(1), ROUND_HALF_UP))
    return PayerScore(
        max(0, min(100, score)),
        average.quantize(Decimal("0.1"), ROUND_HALF_UP),
        share.quantize(Decimal("0.01"), ROUND_HALF_UP),
        trend.quantize(Decimal("0.1"), ROUND_HALF_UP),
        disputes,
        broken_promises,
    )


# ---------------------------------------------------------------------- credit limit


def over_credit_limit(exposure, invoice_amount, limit) -> bool:
    """Posting ``invoice_amount`` takes a customer whose open receivable is
    ``exposure`` over its credit ``limit`` (no limit when 0)."""
    limit = to_decimal(limit or 0)
    if limit <= 0:
        return False
    return to_decimal(exposure) + to_decimal(invoice_amount) > limit
