"""Injonction de payer (CPC art. 1405-1425): court, deadlines, limitation, claim.

Plain Python, no Odoo. Every dated figure (service deadline, opposition period,
enforcement delay, TAE experiment, limitation periods, small-claims cap) comes from
``InjonctionTables``, built by the caller from dated records
(``l10n.fr.legal.parameter``); a day that no record covers raises
``MissingParameterError`` (never extrapolate).
See the project's French-law notes, section 4 and parameters P8 to P12.

* Court (CPC 1406, COJ): ``rules.courts``; here the tribunaux des activités
  économiques (TAE): the 12 experiment courts (loi 2023-1059 art. 26,
  2025-01-01 to 2028-12-31).
* Deadlines (CPC 1411, 1416, 1422; décret 2026-96 for orders from 2026-09-01):
  service within N months of the order (6, then 3), opposition within 1 month of
  service, and for orders from 2026-09-01 enforcement when no notice of opposition
  came within 2 months of service (before: after the opposition period). Periods
  in months end on the day bearing the same number (CPC 641), or on the last day
  of a shorter month, then move to the next working day (CPC 642,
  ``rules.holidays``). Served otherwise than to the person, the opposition runs
  from the first act to the person or the first seizure (CPC 1416 al. 2).
  Orders made before 2022-03-01 did not bear the formule exécutoire: the
  creditor had to request it within a period after the opposition period
  (CPC 1423 in force until then).
* Limitation (C. com. L110-4: 5 years between professionals; C. conso. L218-2:
  2 years against a consumer), from the earlier of the invoice and due dates (the
  starting point is disputed: the earlier date is the safe one for alerts).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from stdnum.fr import siren, siret

from .dated import DatedRate, DatedTables, MissingParameterError, to_decimal
from .holidays import SCOPE_FR, Deadline, extend_deadline

__all__ = [
    "BLOCKING",
    "CHECKS",
    "COURT_COMMERCE",
    "COURT_JUDICIAIRE",
    "COURT_TAE",
    "INFO",
    "SERVICE_MODES",
    "SERVICE_TO_PERSON",
    "STOPS",
    "TAE_CITIES",
    "WARNING",
    "Claim",
    "ClaimLine",
    "Deadlines",
    "Facts",
    "Finding",
    "InjonctionTables",
    "InvoiceClaim",
    "Limitation",
    "add_months",
    "claim_breakdown",
    "deadlines",
    "eligibility",
    "is_tae_city",
    "limitation",
    "normalize_city",
    "small_claim",
    "valid_siren_or_siret",
]

COURT_COMMERCE = "commerce"
COURT_TAE = "tae"
COURT_JUDICIAIRE = "judiciaire"

# arrêté du 5 juillet 2024 (décret 2024-674): the 12 tribunaux de commerce renamed
# tribunaux des activités économiques for the experiment; its dates are dated data.
TAE_CITIES = frozenset(
    {
        "AVIGNON",
        "AUXERRE",
        "LE HAVRE",
        "LE MANS",
        "LIMOGES",
        "LYON",
        "MARSEILLE",
        "NANCY",
        "NANTERRE",
        "PARIS",
        "SAINT BRIEUC",
        "VERSAILLES",
    }
)

LEGAL_REFS = {
    "principal": "C. civ. 1103 ; CPC 1405",
    "interest_professional": "C. com. L441-10 II",
    "interest_consumer": "C. civ. 1231-6 et 1344-1 ; CMF L313-2",
    "indemnity": "C. com. L441-10 II et D441-5",
    "penalty_clause": "C. civ. 1231-5",
    "court_fee": "CPC 695 (dépens)",
}

CENT = Decimal("0.01")
_ORDINAL = re.compile(r"^\d+(E|ER|EME)?$")
_ZERO = Decimal(0)


def normalize_city(name: str | None) -> str:
    """Upper case, no accents, hyphens and apostrophes as spaces, no CEDEX or
    arrondissement number: ``"Saint-Brieuc Cedex"`` -> ``"SAINT BRIEUC"``."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).upper()
    for char in "-'’.":
        text = text.replace(char, " ")
    words = [w for w in text.split() if w != "CEDEX" and not _ORDINAL.match(w)]
    return " ".join(words)


def is_tae_city(city: str | None) -> bool:
    return normalize_city(city) in TAE_CITIES


def add_months(day: date, months: int) -> date:
    """``day`` + ``months``, on the same day number or the last day of a shorter
    month (CPC 641)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class InjonctionTables(DatedTables):
    """Dated legal figures of the injonction de payer (``DatedRate`` lists, the
    ``rate`` holding the value): months, years, 1/0 flags or EUR amounts."""

    service_months: list[DatedRate] = field(default_factory=list)
    opposition_months: list[DatedRate] = field(default_factory=list)
    enforcement_months: list[DatedRate] = field(default_factory=list)
    tae_experiment: list[DatedRate] = field(default_factory=list)
    prescription_professional_years: list[DatedRate] = field(default_factory=list)
    prescription_consumer_years: list[DatedRate] = field(default_factory=list)
    small_claims_cap: list[DatedRate] = field(default_factory=list)
    formule_request_months: list[DatedRate] = field(default_factory=list)
    artisans_commercial: list[DatedRate] = field(default_factory=list)


# --------------------------------------------------------------------- deadlines


SERVICE_TO_PERSON = "person"
SERVICE_MODES = ("person", "domicile", "etude", "pv_659")  # CPC 654-659


@dataclass(frozen=True)
class Deadlines:
    service_deadline: date | None  # last day to serve the order, else void
    opposition_deadline: date | None  # last day of the debtor's opposition
    enforceable_from: date | None  # first day the creditor may enforce
    greffe_notifies_oppositions_only: bool  # décret 2026-96 regime
    # the same deadlines before and after CPC 642 (``holidays.Deadline``)
    service: Deadline | None = None
    opposition: Deadline | None = None
    # "not_to_person": served otherwise and no later act entered (CPC 1416 al. 2)
    opposition_pending: str | None = None
    opposition_start: date | None = None  # the act the opposition month runs from
    # orders without the formule exécutoire (before 2022-03-01): last day to
    # request it (CPC 1423 in force until then); formule_applicable False: the
    # order bears it
    formule: Deadline | None = None
    formule_applicable: bool = False

    @property
    def formule_deadline(self) -> date | None:
        return self.formule.legal if self.formule else None


def deadlines(
    order_date: date | None,
    service_date: date | None,
    tables,
    service_mode: str = SERVICE_TO_PERSON,
    personal_act_date: date | None = None,
    seizure_date: date | None = None,
    scope: str = SCOPE_FR,
    saint_martin_day: int = 27,
) -> Deadlines:
    """Deadlines of an order made on ``order_date`` and served on
    ``service_date`` (either may be unknown yet), under the rules in force for the
    order date, each extended to the next working day (CPC 642, calendar of
    ``scope`` for the probable local extension).

    Served otherwise than to the person (``service_mode``), the opposition runs
    one month from the first act served to the person (``personal_act_date``)
    or, failing that, from the first enforcement measure making the debtor's
    assets unavailable (``seizure_date``, CPC 1416 al. 2): unknown until one is
    entered. The enforcement date still counts from the service (CPC 1422,
    décret 2026-96: the later local date, a day too late being safe); reminders
    fall on the national date of a deadline (``legal``)."""
    if not order_date:
        return Deadlines(None, None, None, False)

    def extend(day):
        return extend_deadline(day, scope, saint_martin_day)

    service = extend(
        add_months(order_date, int(tables.value("service_months", order_date)))
    )
    enforcement = int(tables.value("enforcement_months", order_date))
    formule_months = int(tables.value("formule_request_months", order_date))
    if not service_date:
        return Deadlines(
            service.legal,
            None,
            None,
            bool(enforcement),
            service=service,
            formule_applicable=bool(formule_months),
        )
    months = int(tables.value("opposition_months", order_date))
    after_service = extend(add_months(service_date, months))
    if enforcement:
        enforceable = extend(add_months(service_date, enforcement)).local
    else:
        enforceable = after_service.local
    enforceable += timedelta(days=1)
    formule = None
    if formule_months:
        formule = extend(add_months(after_service.local, formule_months))
    opposition, pending, start = after_service, None, service_date
    if service_mode != SERVICE_TO_PERSON:
        start = personal_act_date or seizure_date
        opposition = extend(add_months(start, months)) if start else None
        pending = None if start else "not_to_person"
    return Deadlines(
        service.legal,
        opposition.legal if opposition else None,
        enforceable,
        bool(enforcement),
        service=service,
        opposition=opposition,
        opposition_pending=pending,
        opposition_start=start,
        formule=formule,
        formule_applicable=bool(formule_months),
    )


# -------------------------------------------------------------------- limitation


@dataclass(frozen=True)
class Limitation:
    years: int
    start: date
    end: date  # last day on which the claim can still be brought
    legal_ref: str

    def reached(self, on_date: date) -> bool:
        return on_date > self.end


def limitation(
    invoice_date: date,
    due_date: date | None,
    consumer: bool,
    tables,
    acknowledged: date | None = None,
) -> Limitation:
    """Limitation of an invoice: 2 years against a consumer, 5 otherwise, from
    the earlier of the invoice and due dates. Not extended to a working day:
    prescription follows C. civ. 2228-2229, not CPC 642 (notes §13.1).
    ``acknowledged``: the debtor's latest acknowledgement (a signed payment plan),
    which interrupts it (C. civ. 2240) while it still runs: a new period of the same
    length runs from that date (C. civ. 2231)."""
    start = min(d for d in (invoice_date, due_date) if d)
    if consumer:
        years = int(tables.value("prescription_consumer_years", start))
        ref = "C. conso. L218-2"
    else:
        years = int(tables.value("prescription_professional_years", start))
        ref = "C. com. L110-4"
    end = add_months(start, 12 * years)
    # an acknowledgement interrupts a period still running, not one already run out
    if acknowledged and start < acknowledged <= end:
        ref += ", C. civ. 2240"
        return Limitation(
            years, acknowledged, add_months(acknowledged, 12 * years), ref
        )
    return Limitation(years, start, end, ref)


def small_claim(amount, on_date: date, tables) -> bool:
    """Principal + interest within the cap of the simplified small-claims
    procedure (CPCE L125-1)."""
    return to_decimal(amount) <= tables.value("small_claims_cap", on_date)


# ------------------------------------------------------------------------- claim


@dataclass(frozen=True)
class InvoiceClaim:
    """One invoice as the caller sees it, with the penalty engine's results:
    ``interest`` up to the claim date and its ``rates`` (percent, per period)."""

    reference: str
    invoice_date: date
    due_date: date
    residual: Decimal
    interest: Decimal = _ZERO
    rates: tuple = ()
    interest_from: date | None = None
    indemnity: Decimal = _ZERO


@dataclass(frozen=True)
class ClaimLine:
    kind: str  # principal, interest, indemnity, penalty_clause, court_fee
    reference: str  # the invoice, or "" for the whole claim
    amount: Decimal
    legal_ref: str
    rate: Decimal | None = None  # interest: the rate, or the highest when several
    rate_varies: bool = False
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class Claim:
    lines: tuple[ClaimLine, ...]

    def total_of(self, kind: str) -> Decimal:
        return sum((line.amount for line in self.lines if line.kind == kind), _ZERO)

    @property
    def principal(self) -> Decimal:
        return self.total_of("principal")

    @property
    def interest(self) -> Decimal:
        return self.total_of("interest")

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), _ZERO)


def _cents(value) -> Decimal:
    return to_decimal(value).quantize(CENT, ROUND_HALF_UP)


def claim_breakdown(
    invoices: Iterable[InvoiceClaim],
    on_date: date,
    professional: bool,
    penalty_clause=_ZERO,
    court_fee=_ZERO,
) -> Claim:
    """The lines of the claim: per invoice its unpaid principal, interest to
    ``on_date`` and (professional debtors only) the recovery indemnity; then the
    clause pénale and the court fees, each with its legal basis. Invoices with
    nothing left to pay are ignored."""
    lines = []
    interest_ref = LEGAL_REFS[
        "interest_professional" if professional else "interest_consumer"
    ]
    for inv in invoices:
        residual = _cents(inv.residual)
        if residual <= 0:
            continue
        lines.append(
            ClaimLine("principal", inv.reference, residual, LEGAL_REFS["principal"])
        )
        interest = _cents(inv.interest)
        if interest > 0:
            rates = sorted({to_decimal(r) for r in inv.rates})
            lines.append(
                ClaimLine(
                    "interest",
                    inv.reference,
                    interest,
                    interest_ref,
                    rate=rates[-1] if rates else None,
                    rate_varies=len(rates) > 1,
                    date_from=inv.interest_from,
                    date_to=on_date,
                )
            )
        indemnity = _cents(inv.indemnity)
        if professional and indemnity > 0:
            lines.append(
                ClaimLine(
                    "indemnity", inv.reference, indemnity, LEGAL_REFS["indemnity"]
                )
            )
    clause = _cents(penalty_clause)
    if clause > 0:
        lines.append(
            ClaimLine("penalty_clause", "", clause, LEGAL_REFS["penalty_clause"])
        )
    fee = _cents(court_fee)
    if fee > 0:
        lines.append(ClaimLine("court_fee", "", fee, LEGAL_REFS["court_fee"]))
    return Claim(tuple(lines))


# ------------------------------------------------------------------ eligibility

BLOCKING, WARNING, INFO = "blocking", "warning", "info"  # levels of the findings


@dataclass(frozen=True)
class Finding:
    """One result of the eligibility checks: its ``level`` (BLOCKING, WARNING,
    INFO), a ``code`` naming the check, and the ``params`` its message needs."""

    level: str
    code: str
    params: dict = field(default_factory=dict)


@dataclass
class Facts:
    """What the eligibility checks look at, loaded by the wizard.

    ``debtor``: the debtor's name (None: no debtor chosen); ``reminder`` and
    ``reminder_kind``: the reminder the request follows, if any; ``country``: the
    debtor's country code; ``creditor_id`` / ``debtor_id``: SIREN or SIRET;
    ``invoices``: (name, invoice date, due date) of the invoices claimed;
    ``claim_amount``: a function returning the principal and interest claimed (called
    only when the checks get that far); the MissingParameterError it raises, and the
    ``claim_errors`` (exception classes the wizard explains), become the finding
    "claim"; ``tables``: the dated figures of ``limitation`` and ``small_claim``."""

    debtor: str | None
    claim_date: date | None = None
    reminder: str | None = None
    reminder_kind: str | None = None
    country: str | None = None
    french_law_countries: tuple = ()
    address_complete: bool = True
    proceedings: tuple = ()  # (kind, judgment date) of the debtor's in force
    born: tuple = ()  # the day each claimed invoice was born (delivery, invoice)
    acknowledged: tuple = ()  # (invoice name, the debtor's latest acknowledgement)
    creditor_id: str | None = None
    debtor_is_company: bool = False
    debtor_id: str | None = None
    debtor_nature: str | None = None
    debtor_nature_guessed: bool = False
    claim_nature: str | None = None
    court_type: str | None = None
    court: bool = False
    zip: str | None = None
    invoices: tuple = ()
    foreign_currency: bool = False
    contract_basis: str | None = None
    contract_attached: bool = False
    disputed: tuple = ()
    other_disputes: tuple = ()  # open disputes of the debtor on other invoices
    open_cases: tuple = ()
    consumer: bool = False
    formal_notices: int = 0
    claim_amount: object = None
    claim_errors: tuple = ()
    tables: object = None


def valid_siren_or_siret(value):
    """Whether ``value`` holds a valid SIREN (9 digits) or SIRET (14 digits)."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) == 14:
        return siret.is_valid(digits)
    return len(digits) == 9 and siren.is_valid(digits)


def _check_debtor(facts):
    return [] if facts.debtor else [Finding(BLOCKING, "partner")]


def _check_reminder_level(facts):
    if facts.reminder and facts.reminder_kind != "litigation":
        return [Finding(BLOCKING, "reminder_level", {"reminder": facts.reminder})]
    return []


def _check_domicile(facts):
    # the overseas departments are France (Odoo holds them as countries)
    if facts.country and facts.country not in facts.french_law_countries:
        return [Finding(BLOCKING, "abroad", {"debtor": facts.debtor})]
    return []


def _check_address(facts):
    if not facts.address_complete:
        return [Finding(BLOCKING, "address", {"debtor": facts.debtor})]
    return []


def _check_collective_proceedings(facts):
    # rules/proceedings imports this module: imported when the check runs
    from .proceedings import injonction_finding

    finding = injonction_finding(facts.proceedings, facts.born)
    if finding:
        level, code, params = finding
        return [Finding(level, code, dict(params, debtor=facts.debtor))]
    return []


def _check_creditor_id(facts):
    if not valid_siren_or_siret(facts.creditor_id):
        return [Finding(BLOCKING, "creditor_siret")]
    return []


def _check_debtor_id(facts):
    if facts.debtor_is_company and not valid_siren_or_siret(facts.debtor_id):
        return [Finding(BLOCKING, "debtor_siret", {"debtor": facts.debtor})]
    return []


def _check_debtor_nature(facts):
    if facts.debtor_nature_guessed and facts.debtor_nature == "trader":
        return [Finding(WARNING, "debtor_nature", {"debtor": facts.debtor})]
    return []


def _check_non_trader(facts):
    from .courts import CLAIM_TRADE  # rules/courts.py imports this module

    if (
        facts.claim_nature == CLAIM_TRADE
        and facts.debtor_nature in ("civil", "consumer")
        and facts.court_type == COURT_JUDICIAIRE
    ):
        return [Finding(INFO, "non_trader", {"debtor": facts.debtor})]
    return []


def _check_lease_place(facts):
    from .courts import CLAIM_RESIDENTIAL_LEASE

    if facts.claim_nature == CLAIM_RESIDENTIAL_LEASE:
        return [Finding(INFO, "lease_place")]
    return []


def _check_territory(facts):
    from .courts import out_of_scope_territory

    if out_of_scope_territory(facts.zip):
        return [Finding(WARNING, "territory", {"zip": facts.zip})]
    return []


def _check_invoices(facts):
    return [] if facts.invoices else [Finding(BLOCKING, "invoices")]


def _check_currency(facts):
    return [Finding(BLOCKING, "currency")] if facts.foreign_currency else []


def _check_contract(facts):
    if facts.contract_basis == "none" or (
        facts.contract_basis == "contract" and not facts.contract_attached
    ):
        return [Finding(BLOCKING, "contract")]
    return []


def _check_disputed(facts):
    if facts.disputed:
        return [Finding(BLOCKING, "disputed", {"invoices": ", ".join(facts.disputed)})]
    return []


def _check_other_disputes(facts):
    if facts.other_disputes:
        return [
            Finding(
                WARNING, "open_disputes", {"disputes": ", ".join(facts.other_disputes)}
            )
        ]
    return []


def _check_open_cases(facts):
    if facts.open_cases:
        return [Finding(BLOCKING, "in_case", {"case": ", ".join(facts.open_cases)})]
    return []


def _check_limitation(facts):
    try:
        prescribed = [
            (name, lim)
            for name, invoice_date, due_date in facts.invoices
            for lim in [
                limitation(
                    invoice_date,
                    due_date,
                    facts.consumer,
                    facts.tables,
                    dict(facts.acknowledged).get(name),
                )
            ]
            if lim.reached(facts.claim_date)
        ]
    except MissingParameterError as error:
        return [Finding(BLOCKING, "parameter", {"error": error})]
    if not prescribed:
        return []
    return [
        Finding(
            BLOCKING,
            "limitation",
            {
                "years": prescribed[0][1].years,
                "ref": prescribed[0][1].legal_ref,
                "invoices": ", ".join(name for name, _lim in prescribed),
            },
        )
    ]


def _check_formal_notice(facts):
    if not facts.formal_notices:
        return [Finding(WARNING, "formal_notice", {"debtor": facts.debtor})]
    return []


def _check_claim(facts):
    try:
        if small_claim(facts.claim_amount(), facts.claim_date, facts.tables):
            return [Finding(INFO, "small_claim")]
    except (MissingParameterError, *facts.claim_errors) as error:
        return [Finding(BLOCKING, "claim", {"error": error})]
    return []


def _check_court(facts):
    if not facts.court:
        return [Finding(BLOCKING, "court", {"zip": facts.zip or "-"})]
    return []


# The checks in the order of their findings: one function per check, taking the
# Facts and returning its findings. A finding whose code is in STOPS ends the checks
# (nothing else can be judged without a debtor, in France, or without invoices).
CHECKS = [
    _check_debtor,
    _check_reminder_level,
    _check_domicile,
    _check_address,
    _check_collective_proceedings,
    _check_creditor_id,
    _check_debtor_id,
    _check_debtor_nature,
    _check_non_trader,
    _check_lease_place,
    _check_territory,
    _check_invoices,
    _check_currency,
    _check_contract,
    _check_disputed,
    _check_other_disputes,
    _check_open_cases,
    _check_limitation,
    _check_formal_notice,
    _check_claim,
    _check_court,
]
STOPS = frozenset({"partner", "abroad", "invoices"})


def eligibility(facts: Facts, checks=None) -> list[Finding]:
    """The findings of the eligibility checks of an injonction de payer on
    ``facts``, in the order of ``checks`` (default CHECKS)."""
    findings = []
    for check in CHECKS if checks is None else checks:
        found = check(facts)
        findings += found
        if any(finding.code in STOPS for finding in found):
            break
    return findings
