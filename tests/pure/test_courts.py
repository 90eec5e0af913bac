"""Pure tests of rules/courts.py: each court type from postal codes, claim natures
and debtor natures (French-law notes §4.1, §14)."""

from datetime import date
from decimal import Decimal

import pytest

from rules.courts import (
    CLAIM_CONSUMER_CREDIT,
    CLAIM_OTHER,
    CLAIM_RESIDENTIAL_LEASE,
    CLAIM_TRADE,
    COURT_COMMERCE,
    COURT_JCP,
    COURT_JUDICIAIRE,
    COURT_TAE,
    COURT_TJ_COMMERCIAL,
    COURT_TMC,
    commercial_debtor,
    court_type,
    debtor_nature,
    department,
    out_of_scope_territory,
)
from rules.injonction import InjonctionTables
from rules.penalties import DatedRate, MissingParameterError


def d(text):
    return date.fromisoformat(text)


def dated(*pairs):
    return [DatedRate(d(day), Decimal(value)) for day, value in pairs]


TABLES = InjonctionTables(
    tae_experiment=dated(("2020-01-01", 0), ("2025-01-01", 1), ("2029-01-01", 0)),
    artisans_commercial=dated(("2020-01-01", 0), ("2022-01-01", 1)),
)
ON = d("2026-05-01")


def court(claim, nature, zip_code, city=None, on=ON):
    return court_type(claim, nature, on, zip_code, city, TABLES)


# ------------------------------------------------------- commercial courts (trade)


def test_tae_in_experiment_city_during_experiment():
    assert court(CLAIM_TRADE, "company", "69003", "Lyon", d("2025-01-01")) == COURT_TAE
    assert court(CLAIM_TRADE, "company", "75011", "Paris", d("2028-12-31")) == COURT_TAE


def test_tribunal_de_commerce_outside_experiment():
    for on in (d("2024-12-31"), d("2029-01-01")):
        assert court(CLAIM_TRADE, "company", "69003", "Lyon", on) == COURT_COMMERCE
    assert court(CLAIM_TRADE, "trader", "33000", "Bordeaux") == COURT_COMMERCE


@pytest.mark.parametrize(
    "zip_code, city",
    [
        ("67000", "Strasbourg"),
        ("67700", "Saverne"),
        ("68000", "Colmar"),
        ("68100", "Mulhouse"),
        ("57000", "Metz"),
        ("57200", "Sarreguemines"),
        ("57100", "Thionville"),
    ],
)
def test_commercial_chamber_of_the_tribunal_judiciaire_in_alsace_moselle(
    zip_code, city
):
    assert court(CLAIM_TRADE, "company", zip_code, city) == COURT_TJ_COMMERCIAL
    # a consumer there goes to the tribunal judiciaire as elsewhere
    assert court(CLAIM_OTHER, "consumer", zip_code, city) == COURT_JUDICIAIRE


@pytest.mark.parametrize(
    "zip_code", ["97100", "97110", "97200", "97300", "97400", "97600"]
)
def test_tribunal_mixte_de_commerce_overseas(zip_code):
    assert court(CLAIM_TRADE, "company", zip_code, "X") == COURT_TMC
    assert court(CLAIM_OTHER, "company", zip_code, "X") == COURT_JUDICIAIRE


def test_craftsmen_go_to_the_commercial_court_from_2022():
    assert (
        court(CLAIM_TRADE, "artisan", "33000", on=d("2021-12-31")) == COURT_JUDICIAIRE
    )
    assert court(CLAIM_TRADE, "artisan", "33000", on=d("2022-01-01")) == COURT_COMMERCE
    assert court(CLAIM_TRADE, "artisan", "67000", on=d("2022-01-01")) == (
        COURT_TJ_COMMERCIAL
    )
    assert not commercial_debtor("artisan", d("2021-06-01"), TABLES)


@pytest.mark.parametrize("nature", ["civil", "consumer"])
def test_trade_claim_against_a_non_trader_goes_to_the_tribunal_judiciaire(nature):
    assert court(CLAIM_TRADE, nature, "69003", "Lyon") == COURT_JUDICIAIRE
    assert court(CLAIM_TRADE, nature, "67000", "Strasbourg") == COURT_JUDICIAIRE


# ------------------------------------------------------------------------ JCP


@pytest.mark.parametrize("claim", [CLAIM_CONSUMER_CREDIT, CLAIM_RESIDENTIAL_LEASE])
@pytest.mark.parametrize("nature", ["consumer", "company", "trader", "civil"])
@pytest.mark.parametrize("zip_code", ["69003", "67000", "97200"])
def test_consumer_credit_and_residential_lease_go_to_the_protection_judge(
    claim, nature, zip_code
):
    assert court(claim, nature, zip_code, "Lyon") == COURT_JCP


def test_other_claims_go_to_the_tribunal_judiciaire():
    assert court(CLAIM_OTHER, "consumer", "44000", "Nantes") == COURT_JUDICIAIRE
    assert court(CLAIM_OTHER, "company", "69003", "Lyon") == COURT_JUDICIAIRE


def test_missing_tae_period_is_an_error():
    with pytest.raises(MissingParameterError):
        court(CLAIM_TRADE, "company", "69003", "Lyon", d("2019-12-31"))
    with pytest.raises(MissingParameterError):
        court(CLAIM_TRADE, "artisan", "69003", "Lyon", d("2019-12-31"))


# ------------------------------------------------------------- debtor nature


@pytest.mark.parametrize(
    "form, nature",
    [
        ("sarl", "company"),
        ("eurl", "company"),
        ("sas", "company"),
        ("sasu", "company"),
        ("sa", "company"),
        ("snc", "company"),
        ("ei_trader", "trader"),
        ("ei_artisan", "artisan"),
        ("ei_liberal", "civil"),
        ("sci", "civil"),
        ("scp", "civil"),
        ("association", "civil"),
    ],
)
def test_debtor_nature_from_the_legal_form(form, nature):
    # the form wins over is_company and the SIREN
    for is_company in (True, False):
        result = debtor_nature(form, is_company, True)
        assert (result.nature, result.from_legal_form) == (nature, True)


def test_debtor_nature_without_legal_form_is_deduced():
    assert debtor_nature(None, True, True).nature == "company"
    assert debtor_nature("other", True, False).nature == "company"
    sole = debtor_nature(None, False, True)  # a natural person with a SIREN
    assert (sole.nature, sole.from_legal_form) == ("trader", False)
    assert debtor_nature(None, False, False).nature == "consumer"
    assert debtor_nature(None, False, False, "professional").nature == "trader"
    assert debtor_nature(None, True, True, "consumer").nature == "consumer"


@pytest.mark.parametrize(
    "zip_code, dep",
    [
        ("67000", "67"),
        ("01000", "01"),
        ("97200", "972"),
        ("97133", "977"),
        ("97150", "978"),
        ("98800", "988"),
        ("6700", None),
        ("", None),
        (None, None),
    ],
)
def test_department(zip_code, dep):
    assert department(zip_code) == dep


def test_out_of_scope_territories():
    assert out_of_scope_territory("97133")
    assert out_of_scope_territory("97150")
    assert out_of_scope_territory("97500")
    assert out_of_scope_territory("98800")
    assert not out_of_scope_territory("97200")
    assert not out_of_scope_territory("75001")
    assert not out_of_scope_territory(None)
