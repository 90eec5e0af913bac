"""Pure tests of rules/franchise.py (no Odoo).

Thresholds: /work/shared/docs/french-law.md §3.1 and §7 P7 (2020-2026, and the
25,000 EUR threshold of the 2025 finance law that never applied). Hand-checked
figures carry their arithmetic in a comment.
"""

import pickle
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules import franchise as fr
from rules.franchise import (
    MissingThresholdError,
    Threshold,
    ThresholdTable,
    Turnover,
)

D = Decimal

# P7 fr_vat_franchise_threshold: (years, category, base, higher, rule version)
P7 = [
    (range(2020, 2023), fr.GOODS, 85800, 94300, fr.PRE2025),
    (range(2020, 2023), fr.SERVICES, 34400, 36500, fr.PRE2025),
    (range(2020, 2023), fr.LAWYER_SPECIFIC, 44500, 54700, fr.PRE2025),
    (range(2020, 2023), fr.LAWYER_OTHER, 18300, 22100, fr.PRE2025),
    (range(2023, 2025), fr.GOODS, 91900, 101000, fr.PRE2025),
    (range(2023, 2025), fr.SERVICES, 36800, 39100, fr.PRE2025),
    (range(2023, 2025), fr.LAWYER_SPECIFIC, 47700, 58600, fr.PRE2025),
    (range(2023, 2025), fr.LAWYER_OTHER, 19600, 23700, fr.PRE2025),
    (range(2025, 2027), fr.GOODS, 85000, 93500, fr.V2025),
    (range(2025, 2027), fr.SERVICES, 37500, 41250, fr.V2025),
    (range(2025, 2027), fr.LAWYER_SPECIFIC, 50000, 55000, fr.V2025),
    (range(2025, 2027), fr.LAWYER_OTHER, 35000, 38500, fr.V2025),
    # LF 2025 art. 32: single 25,000 / 27,500 from 1 March 2025, never applied
    (range(2025, 2026), fr.GOODS, 25000, 27500, fr.CANCELLED),
    (range(2025, 2026), fr.SERVICES, 25000, 27500, fr.CANCELLED),
]
THRESHOLDS = [
    Threshold(year, category, D(base), D(higher), version)
    for years, category, base, higher, version in P7
    for year in years
]
TABLE = ThresholdTable(THRESHOLDS)


def services(amount):
    return Turnover(services=D(amount))


def goods(amount):
    return Turnover(goods=D(amount))


# ------------------------------------------------------------------------ the table


def test_table_has_every_p7_year_and_ignores_the_cancelled_threshold():
    assert TABLE.get(2025, fr.SERVICES).base == D(37500)
    assert TABLE.get(2025, fr.GOODS).higher == D(93500)
    assert TABLE.rule_version(2024, fr.KIND_SERVICES) == fr.PRE2025
    assert TABLE.rule_version(2025, fr.KIND_MIXED) == fr.V2025
    assert TABLE.rule_version(2026, fr.KIND_LAWYER) == fr.V2025


def test_missing_year_is_a_clear_error():
    with pytest.raises(MissingThresholdError) as error:
        fr.entitlement(TABLE, 2027, fr.KIND_SERVICES, {})
    assert (error.value.year, error.value.category) == (2027, fr.GOODS)
    assert "2027" in str(error.value)
    with pytest.raises(MissingThresholdError):
        fr.check_operations(
            TABLE, 2019, fr.KIND_GOODS, {}, [(date(2019, 5, 1), goods(10))]
        )
    copy = pickle.loads(pickle.dumps(error.value))
    assert (copy.year, copy.category) == (2027, fr.GOODS)


def test_a_year_with_only_the_cancelled_threshold_is_missing():
    table = ThresholdTable(
        [Threshold(2025, fr.SERVICES, D(25000), D(27500), fr.CANCELLED)]
    )
    with pytest.raises(MissingThresholdError):
        table.get(2025, fr.SERVICES)


def test_two_thresholds_for_one_year_and_category_are_a_data_error():
    with pytest.raises(ValueError, match="Two thresholds"):
        ThresholdTable(THRESHOLDS + [THRESHOLDS[0]])


def test_the_never_applied_25000_threshold_is_ignored():
    # 30,000 of services in 2025 (over 27,500) and 2024: under 37,500 / 36,800
    turnovers = {2024: services(30000), 2025: services(30000)}
    status = fr.evaluate_year(TABLE, 2025, fr.KIND_SERVICES, turnovers)
    assert status.status == fr.STATUS_FRANCHISE
    assert [(c.category, c.base, c.higher) for c in status.categories] == [
        (fr.GOODS, D(85000), D(93500)),
        (fr.SERVICES, D(37500), D(41250)),
    ]
    checks = fr.check_operations(
        TABLE,
        2025,
        fr.KIND_SERVICES,
        {2025: services(27000)},
        [(date(2025, 4, 1), services(1000))],
    )
    assert checks[0].level == fr.OK


# --------------------------------------------------------- categories and measures


def test_line_category_overrides_and_defaults():
    assert fr.line_category(fr.KIND_MIXED, "consu") == fr.LINE_GOODS
    assert fr.line_category(fr.KIND_MIXED, "service") == fr.LINE_SERVICES
    assert fr.line_category(fr.KIND_GOODS, "service") == fr.LINE_SERVICES
    assert fr.line_category(fr.KIND_MIXED, None) == fr.LINE_SERVICES
    assert fr.line_category(fr.KIND_GOODS, None) == fr.LINE_GOODS
    assert fr.line_category(fr.KIND_LAWYER, "service") == fr.LINE_SPECIFIC
    assert fr.line_category(fr.KIND_LAWYER, "consu") == fr.LINE_GOODS
    assert fr.line_category(fr.KIND_LAWYER, None) == fr.LINE_SPECIFIC
    # per product, then per line
    assert fr.line_category(fr.KIND_MIXED, "service", "building") == "building"
    assert fr.line_category(fr.KIND_MIXED, "service", "building", "goods") == "goods"


def test_building_works_count_in_services_before_2025_only():
    works = Turnover(building=D(40000))
    assert fr.measures(works, fr.KIND_SERVICES, fr.PRE2025) == {
        fr.GOODS: D(40000),
        fr.SERVICES: D(40000),
    }
    assert fr.measures(works, fr.KIND_SERVICES, fr.V2025) == {
        fr.GOODS: D(40000),
        fr.SERVICES: D(0),
    }
    # 2024: 40,000 of building works > 39,100 (services, higher) -> VAT due from
    # the first day of the month; 2025: only the total limit (93,500) applies
    check = fr.check_operations(
        TABLE,
        2024,
        fr.KIND_SERVICES,
        {2024: Turnover(building=D(38000))},
        [(date(2024, 9, 20), Turnover(building=D(2000)))],
    )[0]
    assert (check.level, check.category, check.vat_due_from) == (
        fr.CROSSED,
        fr.SERVICES,
        date(2024, 9, 1),
    )
    check = fr.check_operations(
        TABLE,
        2025,
        fr.KIND_SERVICES,
        {2025: Turnover(building=D(38000))},
        [(date(2025, 9, 20), Turnover(building=D(2000)))],
    )[0]
    assert check.level == fr.OK


# ------------------------------------------------------------ rules before 2025


def test_2022_two_year_tolerance():
    # 2020: 80,000 <= 85,800; 2021: 90,000 > 85,800 but <= 94,300 -> kept in 2022
    turnovers = {2020: goods(80000), 2021: goods(90000)}
    right = fr.entitlement(TABLE, 2022, fr.KIND_GOODS, turnovers)
    assert (right.entitled, right.reason, right.rule_version) == (
        True,
        fr.TOLERANCE,
        fr.PRE2025,
    )
    assert (right.category, right.turnover, right.limit) == (
        fr.GOODS,
        D(90000),
        D(85800),
    )
    assert (
        fr.evaluate_year(TABLE, 2022, fr.KIND_GOODS, turnovers).status
        == fr.STATUS_TOLERANCE
    )
    # 2020 also over 85,800: two years in a row -> lost from 1 January 2022
    turnovers[2020] = goods(86000)
    right = fr.entitlement(TABLE, 2022, fr.KIND_GOODS, turnovers)
    assert (right.entitled, right.reason) == (False, fr.OVER_BASE)
    # 2021 over the higher threshold 94,300: lost whatever 2020 was
    right = fr.entitlement(
        TABLE, 2022, fr.KIND_GOODS, {2020: goods(0), 2021: goods(94301)}
    )
    assert (right.entitled, right.reason, right.limit) == (
        False,
        fr.OVER_HIGHER,
        D(94300),
    )
    check = fr.check_operations(
        TABLE, 2022, fr.KIND_GOODS, turnovers, [(date(2022, 3, 3), goods(100))]
    )[0]
    assert (check.level, check.vat_due_from) == (fr.LOST_START, date(2022, 1, 1))


def test_pre2025_crossing_vat_from_the_first_day_of_the_month():
    # services 2023: 39,000 + 500 on 15 June = 39,500 > 39,100 -> VAT from 1 June
    checks = fr.check_operations(
        TABLE,
        2023,
        fr.KIND_SERVICES,
        {2023: services(39000)},
        [(date(2023, 6, 15), services(500)), (date(2023, 6, 20), services(10))],
    )
    assert [(c.level, c.vat_due_from) for c in checks] == [
        (fr.CROSSED, date(2023, 6, 1)),
        (fr.LOST, None),
    ]
    assert checks[0].turnover == D(39500) and checks[0].limit == D(39100)
    assert checks[0].vat_due and checks[1].vat_due


def test_pre2025_creation_year_annualised_for_next_year():
    # activity from 1 July 2023 (184 days): 20,000 of services in 2023 is
    # 20,000 x 365 / 184 = 39,673.91 a year > 36,800: over the base of 2024 and
    # the year before (2022, no activity) was nothing -> kept by the tolerance
    start = date(2023, 7, 1)
    right = fr.entitlement(
        TABLE, 2024, fr.KIND_SERVICES, {2023: services(20000)}, start
    )
    # 36,800 x 184 / 365 = 18,551.23 and 39,100 x 184 / 365 = 19,710.68 < 20,000
    assert (right.entitled, right.reason, right.limit) == (
        False,
        fr.OVER_HIGHER,
        D("19710.68"),
    )
    right = fr.entitlement(
        TABLE, 2024, fr.KIND_SERVICES, {2023: services(19000)}, start
    )
    assert (right.entitled, right.reason, right.limit) == (
        True,
        fr.TOLERANCE,
        D("18551.23"),
    )
    # before 2025, the creation year itself is tested against the full thresholds
    version, limits = fr.year_limits(TABLE, 2023, fr.KIND_SERVICES, start)
    assert (version, limits[1].higher) == (fr.PRE2025, D(39100))


# ---------------------------------------------------------------- rules from 2025


def test_2025_no_tolerance_lost_from_first_january():
    # 2023 under the threshold, 2024: 37,000 of services > 36,800? no: 2025 tests
    # 2024 against 2025's base 37,500 -> 38,000 > 37,500 -> lost, no tolerance
    turnovers = {2023: services(10000), 2024: services(38000)}
    right = fr.entitlement(TABLE, 2025, fr.KIND_SERVICES, turnovers)
    assert (right.entitled, right.reason, right.category, right.limit) == (
        False,
        fr.OVER_BASE,
        fr.SERVICES,
        D(37500),
    )
    status = fr.evaluate_year(TABLE, 2025, fr.KIND_SERVICES, turnovers)
    assert (status.status, status.rule_version) == (fr.STATUS_LOST_START, fr.V2025)
    # the same figures one year earlier: the tolerance keeps the franchise
    right = fr.entitlement(
        TABLE, 2024, fr.KIND_SERVICES, {2022: services(10000), 2023: services(38000)}
    )
    assert (right.entitled, right.reason) == (True, fr.TOLERANCE)


def test_2025_crossing_mid_year_vat_from_the_operation():
    turnovers = {2024: services(30000), 2025: services(37000)}
    checks = fr.check_operations(
        TABLE,
        2025,
        fr.KIND_SERVICES,
        turnovers,
        [
            (date(2025, 6, 10), services(1500)),  # 38,500: over 37,500, under 41,250
            (date(2025, 6, 17), services(3000)),  # 41,500 > 41,250: crosses
            (date(2025, 6, 30), services(200)),  # after: the franchise is lost
        ],
    )
    assert [(c.level, c.vat_due_from) for c in checks] == [
        (fr.BASE, None),
        (fr.CROSSED, date(2025, 6, 17)),
        (fr.LOST, None),
    ]
    assert (checks[1].category, checks[1].turnover, checks[1].limit) == (
        fr.SERVICES,
        D(41500),
        D(41250),
    )
    assert checks[1].rule_version == fr.V2025
    status = fr.evaluate_year(
        TABLE, 2025, fr.KIND_SERVICES, {2025: services(41500)}, None, date(2025, 7, 1)
    )
    assert status.status == fr.STATUS_LOST_CROSSING
    assert status.exceeded.category == fr.SERVICES


def test_2025_base_exceeded_loses_next_year():
    status = fr.evaluate_year(TABLE, 2025, fr.KIND_SERVICES, {2025: services(38000)})
    assert status.status == fr.STATUS_BASE_EXCEEDED
    right = fr.entitlement(TABLE, 2026, fr.KIND_SERVICES, {2025: services(38000)})
    assert (right.entitled, right.reason) == (False, fr.OVER_BASE)


def test_creation_year_pro_rata_2025():
    # start 1 July 2025: 184 days of 365
    start = date(2025, 7, 1)
    _version, limits = fr.year_limits(TABLE, 2025, fr.KIND_SERVICES, start)
    # goods 85,000 x 184 / 365 = 42,849.32; 93,500 x 184 / 365 = 47,134.25
    # services 37,500 x 184 / 365 = 18,904.11; 41,250 x 184 / 365 = 20,794.52
    assert [(lim.category, lim.base, lim.higher) for lim in limits] == [
        (fr.GOODS, D("42849.32"), D("47134.25")),
        (fr.SERVICES, D("18904.11"), D("20794.52")),
    ]
    right = fr.entitlement(TABLE, 2025, fr.KIND_SERVICES, {}, start)
    assert (right.entitled, right.reason) == (True, fr.NEW_BUSINESS)
    checks = fr.check_operations(
        TABLE,
        2025,
        fr.KIND_SERVICES,
        {2025: services(20000)},
        [(date(2025, 11, 5), services(800))],
        start,
    )
    assert (checks[0].level, checks[0].vat_due_from, checks[0].limit) == (
        fr.CROSSED,
        date(2025, 11, 5),
        D("20794.52"),
    )
    # next year: the creation year's 19,000 > 18,904.11 -> lost from 1 January 2026
    right = fr.entitlement(
        TABLE, 2026, fr.KIND_SERVICES, {2025: services(19000)}, start
    )
    assert (right.entitled, right.limit) == (False, D("18904.11"))
    assert fr.prorate(D(36600), 2024, date(2024, 12, 31)) == D(100)  # leap year


def test_mixed_activity_total_and_services_within():
    # 2025: goods 60,000 + services 30,000 = 90,000: total over 85,000 (base),
    # under 93,500; services 30,000 under 37,500
    turnovers = {2025: Turnover(goods=D(60000), services=D(30000))}
    status = fr.evaluate_year(TABLE, 2025, fr.KIND_MIXED, turnovers)
    assert status.status == fr.STATUS_BASE_EXCEEDED
    assert [(c.category, c.turnover, c.share_base) for c in status.categories] == [
        (fr.GOODS, D(90000), D("105.9")),
        (fr.SERVICES, D(30000), D("80.0")),
    ]
    # services over their higher threshold while the total is far under its own
    checks = fr.check_operations(
        TABLE,
        2025,
        fr.KIND_MIXED,
        {2025: Turnover(goods=D(40000), services=D(41000))},
        [(date(2025, 10, 1), services(500))],
    )
    assert (checks[0].level, checks[0].category) == (fr.CROSSED, fr.SERVICES)
    # goods push the total over 93,500 while services stay low
    checks = fr.check_operations(
        TABLE,
        2025,
        fr.KIND_MIXED,
        {2025: Turnover(goods=D(90000), services=D(3000))},
        [(date(2025, 10, 1), goods(600))],
    )
    assert (checks[0].level, checks[0].category) == (fr.CROSSED, fr.GOODS)


def test_lawyer_specific_thresholds():
    # 2025: specific activity 52,000 > 50,000 (base), < 55,000 (higher)
    turnovers = {2025: Turnover(specific=D(52000), goods=D(1000))}
    status = fr.evaluate_year(TABLE, 2025, fr.KIND_LAWYER, turnovers)
    assert status.status == fr.STATUS_BASE_EXCEEDED
    assert [(c.category, c.turnover, c.base, c.higher) for c in status.categories] == [
        (fr.LAWYER_SPECIFIC, D(52000), D(50000), D(55000)),
        (fr.LAWYER_OTHER, D(1000), D(35000), D(38500)),
    ]
    # far above the services thresholds (37,500), yet in franchise: own thresholds
    turnovers = {2025: Turnover(specific=D(45000))}
    status = fr.evaluate_year(TABLE, 2025, fr.KIND_LAWYER, turnovers)
    assert status.status == fr.STATUS_FRANCHISE
    # 2023 (before 2025): specific 47,700 / 58,600; other operations 19,600 / 23,700
    checks = fr.check_operations(
        TABLE,
        2023,
        fr.KIND_LAWYER,
        {2023: Turnover(specific=D(40000), services=D(23000))},
        [(date(2023, 4, 12), services(800))],
    )
    assert (checks[0].level, checks[0].category, checks[0].vat_due_from) == (
        fr.CROSSED,
        fr.LAWYER_OTHER,
        date(2023, 4, 1),
    )
    # exceeding the specific thresholds the year before ends the whole franchise
    right = fr.entitlement(
        TABLE, 2026, fr.KIND_LAWYER, {2025: Turnover(specific=D(50001))}
    )
    assert (right.entitled, right.category) == (False, fr.LAWYER_SPECIFIC)


# --------------------------------------------------------- warnings and projection


def test_warning_shares_of_the_base_threshold():
    shares = fr.parse_shares("80, 90")
    assert shares == (D(80), D(90))
    ops = [
        (date(2025, 3, 1), services(1500)),  # 29,000 -> 30,500 = 81.3 % of 37,500
        (date(2025, 3, 2), services(100)),  # 30,600: no new share
        (date(2025, 3, 3), services(3500)),  # 34,100 = 90.9 %
        (date(2025, 3, 4), services(3500)),  # 37,600 > 37,500: base passed
    ]
    checks = fr.check_operations(
        TABLE, 2025, fr.KIND_SERVICES, {2025: services(29000)}, ops, None, shares
    )
    assert [(c.level, c.share) for c in checks] == [
        (fr.SHARE, D(80)),
        (fr.OK, None),
        (fr.SHARE, D(90)),
        (fr.BASE, None),
    ]
    # one operation passing both shares warns with the highest
    checks = fr.check_operations(
        TABLE,
        2025,
        fr.KIND_SERVICES,
        {},
        [(date(2025, 3, 1), services(35000))],
        None,
        shares,
    )
    assert (checks[0].level, checks[0].share) == (fr.SHARE, D(90))


@pytest.mark.parametrize("text", ["0", "100", "abc", "80, 120", "-5", "NaN"])
def test_bad_warning_shares(text):
    with pytest.raises(ValueError):
        fr.parse_shares(text)


def test_empty_warning_shares():
    assert fr.parse_shares("") == ()
    assert fr.parse_shares(None) == ()
    assert fr.parse_shares("90 %; 80") == (D(80), D(90))


def test_projected_crossing_at_the_current_pace():
    # 30,000 from 1 January to 30 June 2025 (181 days): 165.75 a day; 41,250 is
    # passed on day 249 = 6 September (41,270 > 41,250; day 248: 41,105)
    status = fr.evaluate_year(
        TABLE, 2025, fr.KIND_SERVICES, {2025: services(30000)}, None, date(2025, 6, 30)
    )
    services_status = status.categories[1]
    assert services_status.projected_higher == date(2025, 9, 6)
    # 37,500: day int(37,500 x 181 / 30,000) + 1 = 227 = 15 August
    assert services_status.projected_base == date(2025, 8, 15)
    # the total (93,500) would be passed after 31 December: no date
    assert status.categories[0].projected_higher is None
    # past years have no projection
    past = fr.evaluate_year(
        TABLE, 2025, fr.KIND_SERVICES, {2025: services(30000)}, None, date(2026, 2, 1)
    )
    assert past.categories[1].projected_higher is None
    assert (
        fr.projected_crossing(
            0, 100, date(2025, 1, 1), date(2025, 2, 1), date(2025, 12, 31)
        )
        is None
    )
    assert (
        fr.projected_crossing(
            200, 100, date(2025, 1, 1), date(2025, 2, 1), date(2025, 12, 31)
        )
        is None
    )


def test_projection_from_the_activity_start():
    # activity from 1 October 2025, 10,000 by 10 October (10 days): 1,000 a day;
    # services higher pro rata 41,250 x 92 / 365 = 10,397.26 -> day 11 = 11 October
    status = fr.evaluate_year(
        TABLE,
        2025,
        fr.KIND_SERVICES,
        {2025: services(10000)},
        date(2025, 10, 1),
        date(2025, 10, 10),
    )
    assert status.categories[1].higher == D("10397.26")
    assert status.categories[1].projected_higher == date(2025, 10, 11)


@given(
    before=st.integers(min_value=0, max_value=120000),
    amount=st.integers(min_value=1, max_value=50000),
    day=st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 12, 31)),
)
def test_an_operation_crosses_exactly_when_it_passes_the_higher_threshold(
    before, amount, day
):
    higher = TABLE.get(day.year, fr.SERVICES).higher
    check = fr.check_operations(
        TABLE,
        day.year,
        fr.KIND_SERVICES,
        {day.year: services(before)},
        [(day, services(amount))],
    )[0]
    if before > higher:
        assert check.level == fr.LOST
    elif before + amount > higher:
        assert check.level == fr.CROSSED
        assert check.vat_due_from <= day
        assert check.vat_due_from.month == day.month
    else:
        assert not check.vat_due


def test_turnover_arithmetic():
    total = Turnover.of("goods", 10) + Turnover.of("building", 2.5)
    assert total == Turnover(goods=D(10), building=D("2.5"))
    assert total.total == D("12.5")
    with pytest.raises(ValueError):
        Turnover.of("food", 1)


def test_a_known_entitlement_spares_the_previous_years():
    # the year-start check found 2026 lost: no need for the previous years' turnover
    known = fr.Entitlement(
        2026, fr.V2025, False, fr.OVER_BASE, fr.SERVICES, D(38000), D(37500)
    )
    check = fr.check_operations(
        TABLE,
        2026,
        fr.KIND_SERVICES,
        {2026: services(100)},
        [(date(2026, 2, 2), services(10))],
        right=known,
    )[0]
    assert (check.level, check.vat_due_from, check.turnover) == (
        fr.LOST_START,
        date(2026, 1, 1),
        D(38000),
    )
    entitled = fr.Entitlement(2026, fr.V2025, True, fr.UNDER_BASE)
    check = fr.check_operations(
        TABLE,
        2026,
        fr.KIND_SERVICES,
        {2025: services(99999), 2026: services(100)},
        [(date(2026, 2, 2), services(10))],
        right=entitled,
    )[0]
    assert check.level == fr.OK


# ------------------------------------------------------------ decisions at posting


@pytest.mark.parametrize(
    ("move_type", "level", "has_vat", "block", "refuse", "expected"),
    [
        # in franchise, without VAT: the mention, a warning past a share or the base
        ("out_invoice", fr.OK, False, True, True, fr.Decision(True)),
        (
            "out_invoice",
            fr.SHARE,
            False,
            True,
            True,
            fr.Decision(True, fr.MESSAGE_THRESHOLD),
        ),
        (
            "out_invoice",
            fr.BASE,
            False,
            True,
            True,
            fr.Decision(True, fr.MESSAGE_THRESHOLD),
        ),
        # VAT due without VAT: blocked, or a warning
        (
            "out_invoice",
            fr.CROSSED,
            False,
            True,
            True,
            fr.Decision(False, fr.MESSAGE_VAT_DUE, True),
        ),
        (
            "out_invoice",
            fr.LOST_START,
            False,
            False,
            True,
            fr.Decision(False, fr.MESSAGE_VAT_DUE, False),
        ),
        # VAT due with VAT: as it should
        ("out_invoice", fr.LOST, True, True, True, fr.Decision(False)),
        # VAT while in franchise: refused, or a warning
        (
            "out_invoice",
            fr.OK,
            True,
            True,
            True,
            fr.Decision(False, fr.MESSAGE_VAT_REFUSED, True),
        ),
        (
            "out_invoice",
            fr.SHARE,
            True,
            True,
            False,
            fr.Decision(False, fr.MESSAGE_VAT_REFUSED, False),
        ),
        # credit notes follow their invoice's VAT, never warn
        ("out_refund", fr.OK, False, True, True, fr.Decision(True)),
        ("out_refund", fr.OK, True, True, True, fr.Decision(False)),
        ("out_refund", fr.LOST, False, True, True, fr.Decision(False)),
    ],
)
def test_posting_decision(move_type, level, has_vat, block, refuse, expected):
    check = fr.Check(level)
    assert fr.posting_decision(move_type, check, has_vat, block, refuse) == expected


def test_recorded_entitlement():
    lost = fr.recorded_entitlement(
        2026, fr.V2025, fr.STATUS_LOST_START, fr.SERVICES, 38000.0, Decimal(37500)
    )
    assert lost == fr.Entitlement(
        2026,
        fr.V2025,
        False,
        fr.OVER_BASE,
        fr.SERVICES,
        Decimal("38000.0"),
        Decimal(37500),
    )
    for status in (fr.STATUS_FRANCHISE, fr.STATUS_TOLERANCE, fr.STATUS_BASE_EXCEEDED):
        assert fr.recorded_entitlement(2026, fr.V2025, status) == fr.Entitlement(
            2026, fr.V2025, True, fr.UNDER_BASE
        )


def test_first_crossing():
    late = fr.Check(fr.CROSSED, vat_due_from=date(2025, 6, 10))
    early = fr.Check(fr.CROSSED, vat_due_from=date(2025, 3, 1))
    lost = fr.Check(fr.LOST, vat_due_from=date(2025, 1, 1))
    assert fr.first_crossing([late, lost, early]) is early
    assert fr.first_crossing([lost, fr.Check(fr.OK)]) is None
    assert fr.first_crossing([]) is None
