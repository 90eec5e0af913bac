"""Which court hears an injonction de payer (CPC 1406; COJ; C. com. L721-3).

Plain Python, no Odoo. See the project's French-law notes, sections 4.1 and 14.

* Consumer credit and residential leases: the juge des contentieux de la
  protection (JCP), any amount (CPC 1406; COJ L213-4-3 to L213-4-5).
* A sale or services between traders (C. com. L721-3 1°), when the debtor is a
  trader: a commercial company, a sole trader, or a craftsman from 2022-01-01
  (loi 2016-1547 art. 95, dated data ``artisans_commercial``): the commercial
  court of the debtor's place, which is
  - in Bas-Rhin, Haut-Rhin and Moselle the commercial chamber of the tribunal
    judiciaire (C. com. Annexe 7-4: no tribunal de commerce there);
  - in Guadeloupe, Martinique, Guyane, La Réunion and Mayotte the tribunal mixte
    de commerce (C. com. L732-1, Annexe 7-3);
  - a tribunal des activités économiques in the 12 experiment courts while the
    experiment lasts (loi 2023-1059 art. 26);
  - otherwise the tribunal de commerce.
* Anything else, and any claim against a non-trader (consumer, civil company,
  association, liberal profession): the président du tribunal judiciaire.

The creditor is taken to be a trader (a company using the addon). The debtor's
nature comes from :func:`debtor_nature` (legal form when known, else the
customer's data) and is confirmed by the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .injonction import COURT_COMMERCE, COURT_JUDICIAIRE, COURT_TAE, is_tae_city

__all__ = [
    "CIVIL_FORMS",
    "CLAIM_CONSUMER_CREDIT",
    "CLAIM_OTHER",
    "CLAIM_RESIDENTIAL_LEASE",
    "CLAIM_TRADE",
    "COMMERCIAL_COURT_TYPES",
    "COMMERCIAL_FORMS",
    "COURT_COMMERCE",
    "COURT_JCP",
    "COURT_JUDICIAIRE",
    "COURT_TAE",
    "COURT_TJ_COMMERCIAL",
    "COURT_TMC",
    "TRADING_NATURES",
    "DebtorNature",
    "commercial_debtor",
    "court_type",
    "debtor_nature",
    "department",
    "out_of_scope_territory",
]

COURT_JCP = "jcp"  # juge des contentieux de la protection
COURT_TJ_COMMERCIAL = "tj_commercial"  # chambre commerciale du TJ (57, 67, 68)
COURT_TMC = "tmc"  # tribunal mixte de commerce (overseas departments)
COMMERCIAL_COURT_TYPES = (COURT_COMMERCE, COURT_TAE, COURT_TJ_COMMERCIAL, COURT_TMC)

CLAIM_TRADE = "trade"  # sale or services between traders
CLAIM_CONSUMER_CREDIT = "consumer_credit"
CLAIM_RESIDENTIAL_LEASE = "residential_lease"
CLAIM_OTHER = "other"

NATURE_COMPANY = "company"  # commercial company
NATURE_TRADER = "trader"  # sole trader (commerçant personne physique)
NATURE_ARTISAN = "artisan"  # craftsman, natural person or company
NATURE_CIVIL = "civil"  # civil company, association, liberal profession
NATURE_CONSUMER = "consumer"
TRADING_NATURES = (NATURE_COMPANY, NATURE_TRADER, NATURE_ARTISAN)

# commercial by their form (C. com. L210-1): SNC, SCS, SARL (EURL), SA, SAS
# (SASU), SCA
COMMERCIAL_FORMS = frozenset({"sarl", "eurl", "sas", "sasu", "sa", "snc", "scs", "sca"})
CIVIL_FORMS = frozenset({"sci", "scp", "scm", "civil", "association", "ei_liberal"})
FORM_NATURES = {"ei_trader": NATURE_TRADER, "ei_artisan": NATURE_ARTISAN}

ALSACE_MOSELLE = ("57", "67", "68")
TMC_DEPARTMENTS = ("971", "972", "973", "974", "976")
# Saint-Barthélemy, Saint-Martin (postal codes inside 971), Saint-Pierre-et-
# Miquelon and the Pacific: their own organisation, out of scope (notes §14.2)
_COM_POSTAL_CODES = {"97133": "977", "97150": "978"}


def department(zip_code: str | None) -> str | None:
    """The département (or overseas territory) of a French postal code: ``"67"``,
    ``"972"``, ``"977"`` for Saint-Barthélemy; None when not a postal code."""
    code = (zip_code or "").replace(" ", "")
    if len(code) != 5 or not code.isdigit():
        return None
    if code in _COM_POSTAL_CODES:
        return _COM_POSTAL_CODES[code]
    return code[:3] if code.startswith(("97", "98")) else code[:2]


def out_of_scope_territory(zip_code: str | None) -> bool:
    """Saint-Barthélemy, Saint-Martin, Saint-Pierre-et-Miquelon and the Pacific
    territories: courts organised otherwise (notes §14.2)."""
    dep = department(zip_code)
    return dep in ("975", "977", "978") or (dep or "").startswith("98")


@dataclass(frozen=True)
class DebtorNature:
    nature: str
    from_legal_form: bool  # False: deduced from the customer's data, to confirm


def debtor_nature(
    legal_form: str | None, is_company: bool, has_siren: bool, debtor_type=None
) -> DebtorNature:
    """The debtor's nature: from the legal form when known; otherwise a company
    is a commercial company, a person with a SIREN (or marked professional) a
    sole trader, anyone else a consumer (``debtor_type`` "consumer" forces it)."""
    if legal_form in COMMERCIAL_FORMS:
        return DebtorNature(NATURE_COMPANY, True)
    if legal_form in FORM_NATURES:
        return DebtorNature(FORM_NATURES[legal_form], True)
    if legal_form in CIVIL_FORMS:
        return DebtorNature(NATURE_CIVIL, True)
    if debtor_type == "consumer":
        return DebtorNature(NATURE_CONSUMER, False)
    if is_company:
        return DebtorNature(NATURE_COMPANY, False)
    if has_siren or debtor_type == "professional":
        return DebtorNature(NATURE_TRADER, False)
    return DebtorNature(NATURE_CONSUMER, False)


def commercial_debtor(nature: str, on_date: date, tables) -> bool:
    """A debtor whose trade debts go to a commercial court on ``on_date``."""
    if nature in (NATURE_COMPANY, NATURE_TRADER):
        return True
    if nature == NATURE_ARTISAN:
        return bool(tables.value("artisans_commercial", on_date))
    return False


def court_type(
    claim_nature: str,
    nature: str,
    on_date: date,
    zip_code: str | None,
    court_city: str | None,
    tables,
) -> str:
    """The type of court for a request filed on ``on_date`` against a debtor of
    ``nature`` (:func:`debtor_nature`) living at ``zip_code``; ``court_city`` is
    the seat of the commercial court of the place (or the debtor's city)."""
    if claim_nature in (CLAIM_CONSUMER_CREDIT, CLAIM_RESIDENTIAL_LEASE):
        return COURT_JCP
    if claim_nature != CLAIM_TRADE or not commercial_debtor(nature, on_date, tables):
        return COURT_JUDICIAIRE
    dep = department(zip_code) or ""
    if dep in ALSACE_MOSELLE:
        return COURT_TJ_COMMERCIAL
    if dep in TMC_DEPARTMENTS or dep in ("977", "978"):
        return COURT_TMC
    if tables.value("tae_experiment", on_date) and is_tae_city(court_city):
        return COURT_TAE
    return COURT_COMMERCE
