"""Pure tests of rules/penalties.py (no Odoo).

Figures come from /work/shared/docs/french-law.md: P1 (ECB MRO rates), P2 (B2B
default rates), P3 (legal interest rate, "autres cas" column) and P4 (recovery
indemnity). Hand-checked amounts carry their arithmetic in a comment.
"""

import itertools
import pickle
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules import penalties as pen
from rules.penalties import (
    DatedRate,
    MissingParameterError,
    MissingRateError,
    PenaltyItem,
    Period,
    RateClause,
)

D = Decimal

# P1: ECB main refinancing operations rate, effective dates.
ECB_MRO = [
    DatedRate(date(2016, 3, 16), D("0.00")),
    DatedRate(date(2022, 7, 27), D("0.50")),
    DatedRate(date(2022, 9, 14), D("1.25")),
    DatedRate(date(2022, 11, 2), D("2.00")),
    DatedRate(date(2022, 12, 21), D("2.50")),
    DatedRate(date(2023, 2, 8), D("3.00")),
    DatedRate(date(2023, 3, 22), D("3.50")),
    DatedRate(date(2023, 5, 10), D("3.75")),
    DatedRate(date(2023, 6, 21), D("4.00")),
    DatedRate(date(2023, 8, 2), D("4.25")),
    DatedRate(date(2023, 9, 20), D("4.50")),
    DatedRate(date(2024, 6, 12), D("4.25")),
    DatedRate(date(2024, 9, 18), D("3.65")),
    DatedRate(date(2024, 10, 23), D("3.40")),
    DatedRate(date(2024, 12, 18), D("3.15")),
    DatedRate(date(2025, 2, 5), D("2.90")),
    DatedRate(date(2025, 3, 12), D("2.65")),
    DatedRate(date(2025, 4, 23), D("2.40")),
    DatedRate(date(2025, 6, 11), D("2.15")),
    DatedRate(date(2026, 6, 17), D("2.40")),
]

# P2: B2B default penalty rate (ECB + 10) per half-year.
B2B_DEFAULT = {
    (2020, 1): D("10.00"),
    (2020, 2): D("10.00"),
    (2021, 1): D("10.00"),
    (2021, 2): D("10.00"),
    (2022, 1): D("10.00"),
    (2022, 2): D("10.00"),
    (2023, 1): D("12.50"),
    (2023, 2): D("14.00"),
    (2024, 1): D("14.50"),
    (2024, 2): D("14.25"),
    (2025, 1): D("13.15"),
    (2025, 2): D("12.15"),
    (2026, 1): D("12.15"),
    (2026, 2): D("12.40"),
}

# P3: legal interest rate, "autres cas" column (2026-S2 is [U] in the notes).
LEGAL_OTHER = {
    (2023, 2): D("4.22"),
    (2024, 1): D("5.07"),
    (2024, 2): D("4.92"),
    (2025, 1): D("3.71"),
    (2025, 2): D("2.76"),
    (2026, 1): D("2.62"),
}

# P4: recovery indemnity.
INDEMNITY = [DatedRate(date(2013, 1, 1), D("40.00"))]

MARGIN = D("10")
FLOOR_MULTIPLIER = D("3")


def table_rate_for(table):
    def rate_for(year, half):
        try:
            return table[(year, half)]
        except KeyError:
            raise MissingRateError(year, half) from None

    return rate_for


b2b_rate_for = table_rate_for(B2B_DEFAULT)
legal_rate_for = table_rate_for(LEGAL_OTHER)


def total(periods):
    return pen.penalty_total(periods)


def shape(periods):
    """Periods as comparable tuples."""
    return [(p.date_from, p.date_to, p.days, p.rate, p.base, p.amount) for p in periods]


# ---------------------------------------------------------------------- half-years


def test_half_year_helpers():
    assert pen.half_year(date(2026, 6, 30)) == (2026, 1)
    assert pen.half_year(date(2026, 7, 1)) == (2026, 2)
    assert pen.half_year_bounds(2024, 1) == (date(2024, 1, 1), date(2024, 6, 30))
    assert pen.half_year_bounds(2026, 2) == (date(2026, 7, 1), date(2026, 12, 31))
    assert pen.half_year_label(2026, 2) == "2026-S2"
    with pytest.raises(ValueError, match="half must be 1 or 2"):
        pen.half_year_bounds(2026, 3)


# ------------------------------------------------------------------------ ECB rates


def test_rate_in_force_picks_latest_record_on_or_before_day():
    assert pen.rate_in_force(ECB_MRO, date(2022, 7, 26)) == D("0.00")
    assert pen.rate_in_force(ECB_MRO, date(2022, 7, 27)) == D("0.50")
    # order of the records does not matter
    assert pen.rate_in_force(reversed(ECB_MRO), date(2026, 6, 16)) == D("2.15")


def test_rate_in_force_missing_names_the_half_year():
    with pytest.raises(MissingRateError) as info:
        pen.rate_in_force(ECB_MRO, date(2016, 3, 15))
    assert (info.value.year, info.value.half, info.value.label) == (2016, 1, "2016-S1")
    assert "2016-S1" in str(info.value)


def test_rate_in_force_does_not_extrapolate_past_known_until():
    with pytest.raises(MissingRateError, match="2027-S1"):
        pen.b2b_default_rate(ECB_MRO, 2027, 1, MARGIN, known_until=date(2026, 11, 23))
    assert pen.b2b_default_rate(
        ECB_MRO, 2026, 2, MARGIN, known_until=date(2026, 11, 23)
    ) == D("12.40")


def test_conflicting_records_on_the_same_day_are_rejected():
    with pytest.raises(ValueError, match="Conflicting values dated 2025-06-11"):
        pen.rate_in_force(
            [*ECB_MRO, DatedRate(date(2025, 6, 11), D("2.00"))], date(2025, 7, 1)
        )


def test_b2b_default_rate_anchors():
    # The 27 July 2022 hike (0.50 %) does not change 2022-S2: rate on 1 July = 0.00.
    assert pen.b2b_default_rate(ECB_MRO, 2022, 2, MARGIN) == D("10.00")
    # 2026-S2: the 17 June 2026 hike (2.40 %) is in force on 1 July.
    assert pen.b2b_default_rate(ECB_MRO, 2026, 2, MARGIN) == D("12.40")
    # 2024-S2: the 12 June 2024 cut (4.25 %) is in force on 1 July.
    assert pen.b2b_default_rate(ECB_MRO, 2024, 2, MARGIN) == D("14.25")


@pytest.mark.parametrize(("year", "half"), sorted(B2B_DEFAULT))
def test_b2b_default_rate_matches_published_table(year, half):
    """P1 (ECB, effective dates) anchored at 1 Jan / 1 Jul + 10 gives P2."""
    assert (
        pen.b2b_default_rate(ECB_MRO, year, half, MARGIN) == B2B_DEFAULT[(year, half)]
    )


# ---------------------------------------------------------------- contractual rate


def test_2024_floor_above_default_rate():
    default = RateClause("default")
    # 2024-S1: 3 x 5.07 = 15.21 > 14.50
    assert pen.effective_b2b_rate(default, D("14.50"), D("5.07"), 3) == (
        D("15.21"),
        True,
    )
    # 2024-S2: 3 x 4.92 = 14.76 > 14.25
    assert pen.effective_b2b_rate(default, D("14.25"), D("4.92"), 3) == (
        D("14.76"),
        True,
    )
    # 2026-S1: 3 x 2.62 = 7.86 < 12.15, the default rate stands
    assert pen.effective_b2b_rate(default, D("12.15"), D("2.62"), 3) == (
        D("12.15"),
        False,
    )


def test_fixed_contractual_rate_below_floor_is_raised_to_floor():
    low = RateClause("fixed", fixed_rate=D("10.00"))
    assert pen.effective_b2b_rate(low, D("14.50"), D("5.07"), 3) == (D("15.21"), True)
    # the same clause is valid in 2026-S1 (floor 7.86)
    assert pen.effective_b2b_rate(low, D("12.15"), D("2.62"), 3) == (D("10.00"), False)
    # no ceiling: a rate above ECB + 10 is kept
    high = RateClause("fixed", fixed_rate=D("20.00"))
    assert pen.effective_b2b_rate(high, D("12.15"), D("2.62"), 3) == (
        D("20.00"),
        False,
    )


def test_legal_multiple_clause():
    three = RateClause("legal_multiple", legal_multiple=D("3"))
    assert pen.effective_b2b_rate(three, D("14.50"), D("5.07"), 3) == (
        D("15.21"),
        False,
    )
    two = RateClause("legal_multiple", legal_multiple=D("2"))
    assert pen.effective_b2b_rate(two, D("14.50"), D("5.07"), 3) == (D("15.21"), True)


def test_rate_clause_validation():
    with pytest.raises(ValueError, match="Unknown rate clause kind"):
        RateClause("ecb_plus_7")
    with pytest.raises(ValueError, match="needs fixed_rate"):
        RateClause("fixed")
    with pytest.raises(ValueError, match="needs legal_multiple"):
        RateClause("legal_multiple")


# ------------------------------------------------------------------------ breakdown


def test_not_late_owes_nothing():
    due = date(2026, 3, 1)
    assert pen.penalty_breakdown(D("1000"), due, due, [], b2b_rate_for) == []
    assert (
        pen.penalty_breakdown(D("1000"), due, date(2026, 2, 1), [], b2b_rate_for) == []
    )
    assert pen.penalty_breakdown(D("0"), due, date(2026, 4, 1), [], b2b_rate_for) == []


def test_paid_one_day_after_due_date_owes_one_day():
    # 1000 x 12.15 % x 1 / 365 = 0.33288 -> 0.33
    periods = pen.penalty_breakdown(
        D("1000.00"),
        date(2026, 3, 1),
        date(2026, 3, 2),
        [(date(2026, 3, 2), D("1000.00"))],
        b2b_rate_for,
    )
    assert shape(periods) == [
        (date(2026, 3, 2), date(2026, 3, 2), 1, D("12.15"), D("1000.00"), D("0.33"))
    ]


def test_single_period_hand_checked():
    # 1000 EUR, 30 days at 12.15 % = 1000 x 0.1215 x 30 / 365 = 9.9863 -> 9.99
    periods = pen.penalty_breakdown(
        D("1000.00"), date(2026, 3, 1), date(2026, 3, 31), [], b2b_rate_for
    )
    assert [(p.days, p.amount) for p in periods] == [(30, D("9.99"))]


def test_split_across_1_january():
    # 2025-S2 and 2026-S1 both at 12.15 %, but still two periods:
    # 17-31 Dec 2025: 1000 x 0.1215 x 15 / 365 = 4.9932 -> 4.99
    # 1-15 Jan 2026:  1000 x 0.1215 x 15 / 365 = 4.9932 -> 4.99
    # total 9.98 (one 30-day period would give 9.99: rounding is per period)
    periods = pen.penalty_breakdown(
        D("1000.00"), date(2025, 12, 16), date(2026, 1, 15), [], b2b_rate_for
    )
    assert shape(periods) == [
        (
            date(2025, 12, 17),
            date(2025, 12, 31),
            15,
            D("12.15"),
            D("1000.00"),
            D("4.99"),
        ),
        (date(2026, 1, 1), date(2026, 1, 15), 15, D("12.15"), D("1000.00"), D("4.99")),
    ]
    assert total(periods) == D("9.98")


def test_split_across_1_july_with_rate_change():
    # 16-30 Jun 2026 at 12.15 %: 1000 x 0.1215 x 15 / 365 = 4.9932 -> 4.99
    # 1-15 Jul 2026 at 12.40 %:  1000 x 0.1240 x 15 / 365 = 5.0959 -> 5.10
    periods = pen.penalty_breakdown(
        D("1000.00"), date(2026, 6, 15), date(2026, 7, 15), [], b2b_rate_for
    )
    assert [(p.date_from, p.days, p.rate, p.amount) for p in periods] == [
        (date(2026, 6, 16), 15, D("12.15"), D("4.99")),
        (date(2026, 7, 1), 15, D("12.40"), D("5.10")),
    ]
    assert total(periods) == D("10.09")


def test_long_delay_spans_three_half_years_and_calls_rate_for_once_each():
    calls = []

    def rate_for(year, half):
        calls.append((year, half))
        return B2B_DEFAULT[(year, half)]

    periods = pen.penalty_breakdown(
        D("5000.00"),
        date(2025, 11, 30),
        date(2026, 8, 31),
        [(date(2026, 3, 15), D("1000")), (date(2026, 5, 1), D("1000"))],
        rate_for,
    )
    assert calls == [(2025, 2), (2026, 1), (2026, 2)]
    assert [(p.date_from, p.date_to, p.base) for p in periods] == [
        (date(2025, 12, 1), date(2025, 12, 31), D("5000.00")),
        (date(2026, 1, 1), date(2026, 3, 15), D("5000.00")),
        (date(2026, 3, 16), date(2026, 5, 1), D("4000.00")),
        (date(2026, 5, 2), date(2026, 6, 30), D("3000.00")),
        (date(2026, 7, 1), date(2026, 8, 31), D("3000.00")),
    ]
    assert sum(p.days for p in periods) == (date(2026, 8, 31) - date(2025, 11, 30)).days


def test_2024_full_half_year_at_the_floor_uses_365_days():
    # 2024 is a leap year: 1 Jan - 30 Jun 2024 = 182 days, still divided by 365.
    # 10000 x 0.1521 x 182 / 365 = 276822 / 365 = 758.4164 -> 758.42
    rate, floor_applied = pen.effective_b2b_rate(
        RateClause(), B2B_DEFAULT[(2024, 1)], LEGAL_OTHER[(2024, 1)], FLOOR_MULTIPLIER
    )
    assert (rate, floor_applied) == (D("15.21"), True)
    periods = pen.penalty_breakdown(
        D("10000.00"), date(2023, 12, 31), date(2024, 6, 30), [], lambda y, h: rate
    )
    assert [(p.days, p.amount) for p in periods] == [(182, D("758.42"))]


def test_leap_year_full_year_is_more_than_the_annual_rate():
    # 366 days at 10 %/year on 1000: 182 / 365 -> 49.86, 184 / 365 -> 50.41
    periods = pen.penalty_breakdown(
        D("1000"), date(2023, 12, 31), date(2024, 12, 31), [], lambda y, h: D("10")
    )
    assert [(p.days, p.amount) for p in periods] == [
        (182, D("49.86")),
        (184, D("50.41")),
    ]
    assert total(periods) == D("100.27")


def test_partial_payment_day_d_at_old_base():
    # 400 paid on 11 March: 2-11 March (10 days) on 1000, from 12 March on 600.
    # 1000 x 0.1215 x 10 / 365 = 3.3288 -> 3.33
    #  600 x 0.1215 x 20 / 365 = 3.9945 -> 3.99
    periods = pen.penalty_breakdown(
        D("1000.00"),
        date(2026, 3, 1),
        date(2026, 3, 31),
        [(date(2026, 3, 11), D("400.00"))],
        b2b_rate_for,
    )
    assert shape(periods) == [
        (date(2026, 3, 2), date(2026, 3, 11), 10, D("12.15"), D("1000.00"), D("3.33")),
        (date(2026, 3, 12), date(2026, 3, 31), 20, D("12.15"), D("600.00"), D("3.99")),
    ]
    assert total(periods) == D("7.32")


def test_full_payment_stops_interest_and_overpayment_keeps_base_at_zero():
    periods = pen.penalty_breakdown(
        D("1000.00"),
        date(2026, 3, 1),
        date(2026, 6, 1),
        [(date(2026, 3, 5), D("600")), (date(2026, 3, 10), D("900"))],
        b2b_rate_for,
    )
    assert [(p.date_from, p.date_to, p.base) for p in periods] == [
        (date(2026, 3, 2), date(2026, 3, 5), D("1000.00")),
        (date(2026, 3, 6), date(2026, 3, 10), D("400.00")),
    ]


def test_credit_note_before_first_day_reduces_base_from_start():
    # Credit note of 200 dated on the due date (the eve of the first day).
    periods = pen.penalty_breakdown(
        D("1000.00"),
        date(2026, 3, 1),
        date(2026, 3, 31),
        [(date(2026, 3, 1), D("200.00")), (date(2026, 2, 10), D("50.00"))],
        b2b_rate_for,
    )
    # 750 x 0.1215 x 30 / 365 = 7.4897 -> 7.49
    assert [(p.base, p.days, p.amount) for p in periods] == [
        (D("750.00"), 30, D("7.49"))
    ]


def test_credit_note_during_the_delay_and_reduction_after_on_date_ignored():
    periods = pen.penalty_breakdown(
        D("1000.00"),
        date(2026, 3, 1),
        date(2026, 3, 31),
        [(date(2026, 3, 20), D("250.00")), (date(2026, 3, 31), D("750.00"))],
        b2b_rate_for,
    )
    # The credit note dated 31 March only takes effect on 1 April.
    assert [(p.date_from, p.date_to, p.base) for p in periods] == [
        (date(2026, 3, 2), date(2026, 3, 20), D("1000.00")),
        (date(2026, 3, 21), date(2026, 3, 31), D("750.00")),
    ]


def test_consumer_interest_runs_from_the_day_after_mise_en_demeure():
    # Due 31 January 2026, mise en demeure received 2 March 2026: first day 3 March.
    # Legal rate 2026-S1 "autres cas" (company creditor) 2.62 %.
    # 3 March - 1 April = 30 days: 1000 x 0.0262 x 30 / 365 = 2.1534 -> 2.15
    periods = pen.penalty_breakdown(
        D("1000.00"),
        date(2026, 1, 31),
        date(2026, 4, 1),
        [],
        legal_rate_for,
        start_date=date(2026, 3, 3),
    )
    assert shape(periods) == [
        (date(2026, 3, 3), date(2026, 4, 1), 30, D("2.62"), D("1000.00"), D("2.15"))
    ]


def test_start_date_before_due_date_does_not_move_the_first_day():
    periods = pen.penalty_breakdown(
        D("1000.00"),
        date(2026, 3, 1),
        date(2026, 3, 31),
        [],
        b2b_rate_for,
        start_date=date(2026, 1, 1),
    )
    assert periods[0].date_from == date(2026, 3, 2)


def test_missing_rate_error_names_the_half_year():
    with pytest.raises(MissingRateError) as info:
        pen.penalty_breakdown(
            D("1000.00"), date(2026, 12, 15), date(2027, 1, 15), [], b2b_rate_for
        )
    error = info.value
    assert isinstance(error, ValueError)
    assert (error.year, error.half, error.label) == (2027, 1, "2027-S1")
    assert str(error) == "No rate is known for the half-year 2027-S1"
    assert pickle.loads(pickle.dumps(error)).label == "2027-S1"


def test_rounding_is_half_up_to_the_cent_per_period():
    # 912.50 x 1 % x 1 / 365 = 0.025 exactly: HALF_UP -> 0.03 (HALF_EVEN would be 0.02)
    periods = pen.penalty_breakdown(
        D("912.50"), date(2026, 3, 1), date(2026, 3, 2), [], lambda y, h: D("1")
    )
    assert periods[0].amount == D("0.03")
    # 182.50 x 1 % x 1 / 365 = 0.005 -> 0.01
    periods = pen.penalty_breakdown(
        D("182.50"), date(2026, 3, 1), date(2026, 3, 2), [], lambda y, h: D("1")
    )
    assert periods[0].amount == D("0.01")
    # every period amount is quantized to the cent
    periods = pen.penalty_breakdown(
        D("1234.56"), date(2025, 5, 3), date(2026, 8, 9), [], b2b_rate_for
    )
    assert all(p.amount == p.amount.quantize(D("0.01")) for p in periods)
    assert all(p.amount.as_tuple().exponent == -2 for p in periods)


def test_amounts_given_as_int_str_or_float():
    expected = pen.penalty_breakdown(
        D("1000.10"), date(2026, 3, 1), date(2026, 3, 31), [], b2b_rate_for
    )
    for amount in ("1000.10", 1000.10):
        assert (
            pen.penalty_breakdown(
                amount, date(2026, 3, 1), date(2026, 3, 31), [], b2b_rate_for
            )
            == expected
        )
    assert isinstance(expected[0], Period)


# ------------------------------------------------------------------ fixed indemnity


def test_recovery_indemnity_per_invoice_and_zero_for_consumers():
    assert pen.recovery_indemnity(INDEMNITY, date(2026, 3, 1), True) == D("40.00")
    assert pen.recovery_indemnity(INDEMNITY, date(2013, 1, 1), True) == D("40.00")
    assert pen.recovery_indemnity(INDEMNITY, date(2026, 3, 1), False) == D("0.00")
    # once per late invoice: three invoices, three indemnities
    dues = [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]
    assert sum(pen.recovery_indemnity(INDEMNITY, d, True) for d in dues) == D("120.00")


def test_recovery_indemnity_missing_parameter():
    with pytest.raises(MissingParameterError, match="2012-12-31") as info:
        pen.recovery_indemnity(INDEMNITY, date(2012, 12, 31), True)
    assert isinstance(info.value, ValueError)
    assert info.value.day == date(2012, 12, 31)


# ---------------------------------------------------------------------------- batch


def test_compute_many_matches_breakdown_and_caches_rates():
    calls = []

    def rate_for(year, half):
        calls.append((year, half))
        return B2B_DEFAULT[(year, half)]

    items = [
        (D("1000.00"), date(2025, 12, 16), date(2026, 1, 15)),
        (D("1000.00"), date(2026, 3, 1), date(2026, 3, 31), [(date(2026, 3, 11), 400)]),
        PenaltyItem(
            D("1000.00"), date(2026, 1, 31), date(2026, 4, 1), (), date(2026, 3, 3)
        ),
        (D("1000.00"), date(2026, 3, 1), date(2026, 3, 1)),
    ] * 50
    totals = pen.compute_many(items, rate_for)
    # third item: the 2.62 % legal rate is not used here, rate_for gives 12.15 %
    assert totals[:4] == [D("9.98"), D("7.32"), D("9.99"), D("0.00")]
    assert len(totals) == 200
    assert sorted(calls) == [(2025, 2), (2026, 1)]


# ----------------------------------------------------------------------- properties

FIRST_DUE = date(2020, 1, 1)
LAST_KNOWN = date(2026, 12, 31)
SPAN = (LAST_KNOWN - FIRST_DUE).days

amounts = st.integers(min_value=0, max_value=10**8).map(lambda c: D(c) / 100)
due_dates = st.integers(min_value=0, max_value=SPAN - 1).map(
    lambda n: FIRST_DUE + timedelta(n)
)
reduction_lists = st.lists(
    st.tuples(
        st.integers(min_value=-40, max_value=800),
        st.integers(min_value=0, max_value=10**7).map(lambda c: D(c) / 100),
    ),
    max_size=4,
)
PROPERTY = settings(max_examples=60, deadline=None, database=None)


def _reductions(due, offsets):
    return [(due + timedelta(k), value) for k, value in offsets]


def _days_after(due, n):
    return min(due + timedelta(n), LAST_KNOWN)


@PROPERTY
@given(
    amount=amounts,
    due=due_dates,
    n1=st.integers(min_value=0, max_value=900),
    n2=st.integers(min_value=0, max_value=900),
    offsets=reduction_lists,
)
def test_property_monotonic_in_computation_date(amount, due, n1, n2, offsets):
    d1, d2 = sorted((_days_after(due, n1), _days_after(due, n2)))
    reductions = _reductions(due, offsets)
    t1 = total(pen.penalty_breakdown(amount, due, d1, reductions, b2b_rate_for))
    t2 = total(pen.penalty_breakdown(amount, due, d2, reductions, b2b_rate_for))
    assert D(0) <= t1 <= t2


@PROPERTY
@given(
    a1=amounts,
    a2=amounts,
    due=due_dates,
    n=st.integers(min_value=0, max_value=900),
    offsets=reduction_lists,
)
def test_property_monotonic_in_amount(a1, a2, due, n, offsets):
    low, high = sorted((a1, a2))
    on = _days_after(due, n)
    reductions = _reductions(due, offsets)
    t_low = total(pen.penalty_breakdown(low, due, on, reductions, b2b_rate_for))
    t_high = total(pen.penalty_breakdown(high, due, on, reductions, b2b_rate_for))
    assert t_low <= t_high


@PROPERTY
@given(
    amount=amounts,
    due=due_dates,
    n1=st.integers(min_value=0, max_value=900),
    n2=st.integers(min_value=0, max_value=900),
    offsets=reduction_lists,
)
def test_property_additive_over_a_split(amount, due, n1, n2, offsets):
    d1, d2 = sorted((_days_after(due, n1), _days_after(due, n2)))
    reductions = _reductions(due, offsets)
    whole = pen.penalty_breakdown(amount, due, d2, reductions, b2b_rate_for)
    head = pen.penalty_breakdown(amount, due, d1, reductions, b2b_rate_for)
    tail = pen.penalty_breakdown(
        amount, due, d2, reductions, b2b_rate_for, start_date=d1 + timedelta(1)
    )
    # Same days, same bases, same rates; only the period straddling d1 is cut in
    # two, so the rounded totals differ by at most one cent.
    assert sum(p.days for p in whole) == sum(p.days for p in head + tail)
    assert abs(total(whole) - total(head) - total(tail)) <= D("0.01")


@PROPERTY
@given(
    amount=amounts,
    due=due_dates,
    n=st.integers(min_value=0, max_value=900),
    offsets=reduction_lists,
    start_shift=st.one_of(st.none(), st.integers(min_value=-10, max_value=200)),
)
def test_property_compute_many_equals_breakdown(amount, due, n, offsets, start_shift):
    on = _days_after(due, n)
    reductions = _reductions(due, offsets)
    start = None if start_shift is None else due + timedelta(start_shift)
    periods = pen.penalty_breakdown(
        amount, due, on, reductions, b2b_rate_for, start_date=start
    )
    assert pen.compute_many([(amount, due, on, reductions, start)], b2b_rate_for) == [
        total(periods)
    ]
    assert pen.penalty_amount(amount, due, on, reductions, b2b_rate_for, start, {}) == (
        total(periods),
        bool(periods),
    )
    # structural invariants of the breakdown
    for p in periods:
        assert p.base > 0
        assert p.days == (p.date_to - p.date_from).days + 1
        assert pen.half_year(p.date_from) == pen.half_year(p.date_to)
    for before, after in itertools.pairwise(periods):
        assert after.date_from > before.date_to
