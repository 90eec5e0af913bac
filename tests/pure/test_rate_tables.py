from datetime import date
from decimal import Decimal as D

import pytest

from rules import debtor
from rules.penalties import (
    DatedRate,
    MissingParameterError,
    MissingRateError,
    RateClause,
    penalty_breakdown,
)
from rules.rate_tables import HalfYearLegalRates, RateTables

ECB = [
    DatedRate(date(2016, 3, 16), D("0.00")),
    DatedRate(date(2023, 9, 20), D("4.50")),
    DatedRate(date(2024, 6, 12), D("4.25")),
    DatedRate(date(2024, 12, 18), D("3.15")),
    DatedRate(date(2025, 6, 11), D("2.15")),
    DatedRate(date(2026, 6, 17), D("2.40")),
]
LEGAL = {
    (2024, 1): HalfYearLegalRates(D("8.01"), D("5.07")),
    (2024, 2): HalfYearLegalRates(D("8.16"), D("4.92")),
    (2025, 2): HalfYearLegalRates(D("6.65"), D("2.76")),
    (2026, 1): HalfYearLegalRates(D("6.67"), D("2.62")),
    (2026, 2): HalfYearLegalRates(D("6.84"), D("2.75")),
}


def tables(**overrides):
    values = {
        "ecb": ECB,
        "legal": LEGAL,
        "margins": [DatedRate(date(2009, 1, 1), D(10))],
        "floor_multipliers": [DatedRate(date(2020, 1, 1), D(3))],
        "indemnities": [DatedRate(date(2013, 1, 1), D(40))],
    }
    return RateTables(**(values | overrides))


def test_default_rate_and_the_2024_floor():
    t = tables()
    assert t.default_rate(2026, 2) == D("12.40")
    assert t.b2b_rate(RateClause(), 2026, 1) == (D("12.15"), False)
    assert t.b2b_rate(RateClause(), 2024, 1) == (D("15.21"), True)
    assert t.b2b_rate(RateClause(), 2024, 2) == (D("14.76"), True)
    assert t.b2b_rate(RateClause("fixed", fixed_rate=D(5)), 2026, 1) == (
        D("7.86"),
        True,
    )
    assert t.b2b_rate(RateClause("legal_multiple", legal_multiple=D(5)), 2026, 1)[
        0
    ] == D("13.10")


def test_unknown_half_year_is_an_error_even_with_an_ecb_rate():
    t = tables()
    with pytest.raises(MissingRateError) as error:
        t.b2b_rate(RateClause(), 2027, 1)
    assert error.value.label == "2027-S1"
    with pytest.raises(MissingRateError):
        t.consumer_rate_for()(2025, 1)


def test_missing_parameters():
    with pytest.raises(MissingParameterError):
        tables(floor_multipliers=[]).b2b_rate(RateClause(), 2026, 1)
    with pytest.raises(MissingParameterError):
        tables(indemnities=[]).indemnity(date(2026, 1, 5), True)
    assert tables().indemnity(date(2026, 1, 5), False) == D("0.00")
    assert tables().indemnity(date(2026, 1, 5), True) == D("40.00")


def test_breakdown_with_tables_across_1_july_2026():
    # 1000 EUR due 2026-06-20, on 2026-07-10: 10 days at 12.15 % + 10 days at 12.40 %
    # 1000 x 0.1215 x 10 / 365 = 3.33 ; 1000 x 0.1240 x 10 / 365 = 3.40
    periods = penalty_breakdown(
        1000,
        date(2026, 6, 20),
        date(2026, 7, 10),
        [],
        tables().b2b_rate_for(RateClause()),
    )
    assert [(p.days, p.rate, p.amount) for p in periods] == [
        (10, D("12.15"), D("3.33")),
        (10, D("12.40"), D("3.40")),
    ]


@pytest.mark.parametrize(
    ("forced", "is_company", "siret", "vat", "expected"),
    [
        ("", True, False, False, "professional"),
        ("", False, "81234567600017", False, "professional"),
        ("", False, False, "FR19812345676", "professional"),
        ("", False, False, False, "consumer"),
        ("consumer", True, "81234567600017", False, "consumer"),
        ("professional", False, False, False, "professional"),
    ],
)
def test_debtor_type(forced, is_company, siret, vat, expected):
    assert debtor.debtor_type(forced, is_company, siret, vat) == expected
