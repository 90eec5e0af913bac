"""Pure tests of rules/injonction.py: court type, deadlines across 2026-09-01,
limitation, small claims and the claim breakdown."""

from datetime import date
from decimal import Decimal

import pytest

from rules.injonction import (
    COURT_COMMERCE,
    COURT_JUDICIAIRE,
    COURT_TAE,
    InjonctionTables,
    InvoiceClaim,
    add_months,
    claim_breakdown,
    court_type,
    deadlines,
    is_tae_city,
    limitation,
    normalize_city,
    small_claim,
)
from rules.penalties import DatedRate, MissingParameterError


def d(text):
    return date.fromisoformat(text)


def dated(*pairs):
    return [DatedRate(d(day), Decimal(value)) for day, value in pairs]


# the figures of the French-law notes, P8, P11 and P12
TABLES = InjonctionTables(
    service_months=dated(("2020-01-01", 6), ("2026-09-01", 3)),
    opposition_months=dated(("2020-01-01", 1)),
    enforcement_months=dated(("2020-01-01", 0), ("2026-09-01", 2)),
    tae_experiment=dated(("2020-01-01", 0), ("2025-01-01", 1), ("2029-01-01", 0)),
    prescription_professional_years=dated(("2020-01-01", 5)),
    prescription_consumer_years=dated(("2020-01-01", 2)),
    small_claims_cap=dated(("2020-01-01", 5000)),
)


# ------------------------------------------------------------------------- court


@pytest.mark.parametrize(
    "city", ["Lyon", "LYON CEDEX 02", "Saint-Brieuc", "le havre", "Nanterre"]
)
def test_tae_cities(city):
    assert is_tae_city(city)


@pytest.mark.parametrize("city", ["Bordeaux", "Lille", "Saint-Malo", "", None])
def test_not_tae_cities(city):
    assert not is_tae_city(city)


def test_normalize_city():
    assert normalize_city("Saint-Étienne Cedex 1") == "SAINT ETIENNE"
    assert normalize_city("Paris 11e") == "PARIS"


def test_court_between_traders_in_tae_city_during_experiment():
    assert court_type(True, d("2025-01-01"), "Lyon", TABLES) == COURT_TAE
    assert court_type(True, d("2028-12-31"), "Paris", TABLES) == COURT_TAE


def test_court_between_traders_outside_experiment():
    assert court_type(True, d("2024-12-31"), "Lyon", TABLES) == COURT_COMMERCE
    assert court_type(True, d("2029-01-01"), "Lyon", TABLES) == COURT_COMMERCE
    assert court_type(True, d("2026-05-01"), "Bordeaux", TABLES) == COURT_COMMERCE


def test_court_against_a_consumer_or_non_trader():
    assert court_type(False, d("2026-05-01"), "Lyon", TABLES) == COURT_JUDICIAIRE
    assert court_type(False, d("2026-05-01"), "Bordeaux", TABLES) == COURT_JUDICIAIRE


def test_court_missing_period_is_an_error():
    with pytest.raises(MissingParameterError):
        court_type(True, d("2019-12-31"), "Lyon", TABLES)


# --------------------------------------------------------------------- deadlines


def test_add_months_clamps_to_month_end():
    assert add_months(d("2026-01-31"), 1) == d("2026-02-28")
    assert add_months(d("2026-08-31"), 6) == d("2027-02-28")
    assert add_months(d("2026-11-15"), 3) == d("2027-02-15")
    assert add_months(d("2024-02-29"), 12) == d("2025-02-28")


def test_deadlines_order_before_the_reform():
    result = deadlines(d("2026-08-31"), d("2026-10-05"), TABLES)
    assert result.service_deadline == d("2027-02-28")  # 6 months
    assert result.opposition_deadline == d("2026-11-05")  # 1 month from service
    assert result.enforceable_from == d("2026-11-06")  # after the opposition period
    assert not result.greffe_notifies_oppositions_only


def test_deadlines_order_from_the_reform():
    result = deadlines(d("2026-09-01"), d("2026-10-05"), TABLES)
    assert result.service_deadline == d("2026-12-01")  # 3 months
    assert result.opposition_deadline == d("2026-11-05")
    assert result.enforceable_from == d("2026-12-06")  # no notice within 2 months
    assert result.greffe_notifies_oppositions_only


def test_deadlines_not_served_yet_and_no_order():
    result = deadlines(d("2026-10-01"), None, TABLES)
    assert result.service_deadline == d("2027-01-01")
    assert result.opposition_deadline is None
    assert result.enforceable_from is None
    assert deadlines(None, None, TABLES).service_deadline is None


def test_deadlines_missing_period_is_an_error():
    with pytest.raises(MissingParameterError) as error:
        deadlines(d("2019-06-01"), None, TABLES)
    assert error.value.parameter == "service months"


# -------------------------------------------------------------------- limitation


def test_limitation_between_professionals_is_five_years():
    result = limitation(d("2021-03-10"), d("2021-04-09"), False, TABLES)
    assert result.years == 5
    assert result.start == d("2021-03-10")  # the earlier date
    assert result.end == d("2026-03-10")
    assert result.legal_ref == "C. com. L110-4"
    assert not result.reached(d("2026-03-10"))
    assert result.reached(d("2026-03-11"))


def test_limitation_against_a_consumer_is_two_years():
    result = limitation(d("2024-05-02"), d("2024-05-02"), True, TABLES)
    assert result.years == 2
    assert result.end == d("2026-05-02")
    assert result.legal_ref == "C. conso. L218-2"
    assert result.reached(d("2026-05-03"))


def test_small_claim_cap():
    assert small_claim(Decimal("5000.00"), d("2026-01-01"), TABLES)
    assert not small_claim(Decimal("5000.01"), d("2026-01-01"), TABLES)
    with pytest.raises(MissingParameterError):
        small_claim(100, d("2019-01-01"), TABLES)


# ------------------------------------------------------------------------- claim


def test_claim_breakdown_professional():
    invoices = [
        InvoiceClaim(
            "FAC/2026/0001",
            d("2026-01-05"),
            d("2026-02-04"),
            Decimal(1200),
            Decimal("25.43"),
            rates=(Decimal("12.15"), Decimal("12.40")),
            interest_from=d("2026-02-05"),
            indemnity=Decimal(40),
        ),
        InvoiceClaim(
            "FAC/2026/0002",
            d("2026-02-05"),
            d("2026-03-07"),
            Decimal("300.005"),
            Decimal(0),
            indemnity=Decimal(40),
        ),
        InvoiceClaim("FAC/2026/0003", d("2026-02-05"), d("2026-03-07"), Decimal(0)),
    ]
    claim = claim_breakdown(
        invoices, d("2026-09-30"), True, penalty_clause=100, court_fee="35.21"
    )
    kinds = [(line.kind, line.reference) for line in claim.lines]
    assert kinds == [
        ("principal", "FAC/2026/0001"),
        ("interest", "FAC/2026/0001"),
        ("indemnity", "FAC/2026/0001"),
        ("principal", "FAC/2026/0002"),
        ("indemnity", "FAC/2026/0002"),
        ("penalty_clause", ""),
        ("court_fee", ""),
    ]
    interest = claim.lines[1]
    assert interest.rate == Decimal("12.40") and interest.rate_varies
    assert interest.date_from == d("2026-02-05")
    assert interest.date_to == d("2026-09-30")
    assert interest.legal_ref == "C. com. L441-10 II"
    assert claim.lines[2].legal_ref == "C. com. L441-10 II et D441-5"
    assert claim.principal == Decimal("1500.01")
    assert claim.interest == Decimal("25.43")
    assert claim.total_of("indemnity") == Decimal("80.00")
    assert claim.total == Decimal("1740.65")


def test_claim_breakdown_consumer_has_no_indemnity():
    invoices = [
        InvoiceClaim(
            "FAC/1",
            d("2026-01-05"),
            d("2026-01-05"),
            Decimal(150),
            Decimal("1.20"),
            rates=(Decimal("2.62"),),
            indemnity=Decimal(40),
        )
    ]
    claim = claim_breakdown(invoices, d("2026-06-30"), False)
    assert [line.kind for line in claim.lines] == ["principal", "interest"]
    assert claim.lines[1].legal_ref.startswith("C. civ. 1231-6")
    assert not claim.lines[1].rate_varies
    assert claim.total == Decimal("151.20")
