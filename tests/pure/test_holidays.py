"""Pure tests of rules/holidays.py: the calendars of the French-law notes §13.3 and
§13.7, and CPC 642 on each kind of day (worked examples of §13.2)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.holidays import (
    SCOPE_ALSACE_MOSELLE,
    SCOPE_FR,
    add_working_days,
    easter_sunday,
    extend_deadline,
    holiday_scope,
    is_working_day,
    next_working_day,
    previous_working_day,
    public_holidays,
)


def d(text):
    return date.fromisoformat(text)


def days(*texts):
    return {d(t) for t in texts}


# §13.3: Easter Sunday, Easter Monday, Ascension, Whit Monday
EASTER_TABLE = {
    2024: ("2024-03-31", "2024-04-01", "2024-05-09", "2024-05-20"),
    2025: ("2025-04-20", "2025-04-21", "2025-05-29", "2025-06-09"),
    2026: ("2026-04-05", "2026-04-06", "2026-05-14", "2026-05-25"),
    2027: ("2027-03-28", "2027-03-29", "2027-05-06", "2027-05-17"),
    2028: ("2028-04-16", "2028-04-17", "2028-05-25", "2028-06-05"),
    2029: ("2029-04-01", "2029-04-02", "2029-05-10", "2029-05-21"),
    2030: ("2030-04-21", "2030-04-22", "2030-05-30", "2030-06-10"),
}


@pytest.mark.parametrize("year", sorted(EASTER_TABLE))
def test_movable_feasts_of_the_notes(year):
    sunday, monday, ascension, whit = (d(t) for t in EASTER_TABLE[year])
    assert easter_sunday(year) == sunday
    holidays = public_holidays(year)
    assert holidays[monday] == "easter_monday"
    assert holidays[ascension] == "ascension"
    assert holidays[whit] == "whit_monday"
    assert len(holidays) == 11  # C. trav. L3133-1: eleven fêtes légales


def test_2018_whit_monday_of_the_cour_de_cassation():
    # Cass. 3e civ. 21 Jan 2021: Easter 2018 = 1 April, Whit Monday 21 May 2018
    assert easter_sunday(2018) == d("2018-04-01")
    assert public_holidays(2018)[d("2018-05-21")] == "whit_monday"


def test_national_calendar_2026_and_2027_of_p19():
    assert set(public_holidays(2026)) == days(
        "2026-01-01",
        "2026-04-06",
        "2026-05-01",
        "2026-05-08",
        "2026-05-14",
        "2026-05-25",
        "2026-07-14",
        "2026-08-15",
        "2026-11-01",
        "2026-11-11",
        "2026-12-25",
    )
    assert set(public_holidays(2027)) == days(
        "2027-01-01",
        "2027-03-29",
        "2027-05-01",
        "2027-05-08",
        "2027-05-06",
        "2027-05-17",
        "2027-07-14",
        "2027-08-15",
        "2027-11-01",
        "2027-11-11",
        "2027-12-25",
    )


def test_national_calendar_2028():
    assert set(public_holidays(2028)) == days(
        "2028-01-01",
        "2028-04-17",
        "2028-05-01",
        "2028-05-08",
        "2028-05-25",
        "2028-06-05",
        "2028-07-14",
        "2028-08-15",
        "2028-11-01",
        "2028-11-11",
        "2028-12-25",
    )


@pytest.mark.parametrize("year", [2016, 2027])
def test_years_whose_easter_monday_falls_in_march(year):
    # 2016: Easter 27 March, Easter Monday 28 March; 2027: 28 and 29 March
    monday = easter_sunday(year) + timedelta(days=1)
    assert monday.month == 3
    assert public_holidays(year)[monday] == "easter_monday"
    assert next_working_day(monday) == monday + timedelta(days=1)
    # Good Friday in Alsace-Moselle is in March as well
    assert public_holidays(year, SCOPE_ALSACE_MOSELLE)[monday - timedelta(days=3)] == (
        "good_friday"
    )


def test_alsace_moselle_adds_good_friday_and_26_december():
    national = set(public_holidays(2026))
    local = public_holidays(2026, SCOPE_ALSACE_MOSELLE)
    assert set(local) - national == days("2026-04-03", "2026-12-26")
    assert local[d("2026-04-03")] == "good_friday"
    assert local[d("2026-12-26")] == "saint_stephen"
    assert set(public_holidays(2027, SCOPE_ALSACE_MOSELLE)) - set(
        public_holidays(2027)
    ) == days("2027-03-26", "2027-12-26")


@pytest.mark.parametrize(
    "scope, day",
    [
        ("976", "2026-04-27"),
        ("972", "2026-05-22"),
        ("971", "2026-05-27"),
        ("978", "2026-05-27"),
        ("973", "2026-06-10"),
        ("977", "2026-10-09"),
        ("974", "2026-12-20"),
    ],
)
def test_overseas_days_of_p19(scope, day):
    holidays = public_holidays(2026, scope)
    assert set(holidays) - set(public_holidays(2026)) == {d(day)}
    assert holidays[d(day)] == "abolition_of_slavery"


def test_saint_martin_day_is_a_setting():
    assert d("2026-05-28") in public_holidays(2026, "978", saint_martin_day=28)
    assert d("2026-05-27") not in public_holidays(2026, "978", saint_martin_day=28)
    with pytest.raises(ValueError):
        public_holidays(2026, "978", saint_martin_day=29)


@pytest.mark.parametrize(
    "zip_code, scope",
    [
        ("67000", SCOPE_ALSACE_MOSELLE),
        ("68100", SCOPE_ALSACE_MOSELLE),
        ("57000", SCOPE_ALSACE_MOSELLE),
        ("69003", SCOPE_FR),
        ("75017", SCOPE_FR),
        ("97100", "971"),
        ("97200", "972"),
        ("97300", "973"),
        ("97400", "974"),
        ("97600", "976"),
        ("97133", "977"),
        ("97150", "978"),
        ("", SCOPE_FR),
        (None, SCOPE_FR),
        ("67", SCOPE_FR),  # not a postal code
    ],
)
def test_holiday_scope_from_postal_code(zip_code, scope):
    assert holiday_scope(zip_code) == scope


# --------------------------------------------------------------- CPC 642 (§13.2)


@pytest.mark.parametrize(
    "end, legal, reason",
    [
        ("2026-02-28", "2026-03-02", "saturday"),  # IP served 30 Jan 2026
        ("2026-05-24", "2026-05-26", "sunday"),  # then Whit Monday
        ("2026-05-14", "2026-05-15", "ascension"),
        ("2026-07-14", "2026-07-15", "bastille_day"),
        ("2026-08-24", "2026-08-24", None),  # a working Monday
        ("2026-10-24", "2026-10-26", "saturday"),
        ("2027-12-25", "2027-12-27", "christmas"),  # Saturday and Christmas
        ("2027-03-29", "2027-03-30", "easter_monday"),
        ("2028-06-05", "2028-06-06", "whit_monday"),
    ],
)
def test_extension_to_the_next_working_day(end, legal, reason):
    deadline = extend_deadline(d(end))
    assert deadline.normal == d(end)
    assert deadline.legal == deadline.local == d(legal)
    assert deadline.reason == reason
    assert deadline.extended is (reason is not None)
    assert not deadline.locally_extended


def test_good_friday_in_strasbourg_is_a_probable_extension():
    # §13.2: Fri 3 Apr 2026 at a greffe in Strasbourg -> Tue 7 Apr (Easter Monday)
    deadline = extend_deadline(d("2026-04-03"), holiday_scope("67000"))
    assert deadline.legal == d("2026-04-03")  # reminders: the national date
    assert deadline.local == d("2026-04-07")
    assert deadline.local_reason == "good_friday"
    assert deadline.locally_extended
    assert extend_deadline(d("2026-04-03")).local == d("2026-04-03")  # Lyon


def test_26_december_in_moselle_after_christmas():
    # Thu 24 Dec 2026 is working; Fri 25 Dec (Christmas) -> Sat 26 -> Mon 28
    deadline = extend_deadline(d("2026-12-25"), SCOPE_ALSACE_MOSELLE)
    assert deadline.legal == deadline.local == d("2026-12-28")
    # 2025: Fri 26 Dec is a working day, but not in Metz
    deadline = extend_deadline(d("2025-12-26"), holiday_scope("57000"))
    assert (deadline.legal, deadline.local) == (d("2025-12-26"), d("2025-12-29"))
    assert deadline.local_reason == "saint_stephen"


def test_overseas_day_extends_locally():
    deadline = extend_deadline(d("2026-05-22"), holiday_scope("97200"))
    assert (deadline.legal, deadline.local) == (d("2026-05-22"), d("2026-05-26"))


def test_no_date():
    assert extend_deadline(None) is None


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    st.sampled_from([SCOPE_FR, SCOPE_ALSACE_MOSELLE, "971", "974", "976", "978"]),
)
def test_extension_properties(day, scope):
    deadline = extend_deadline(day, scope)
    assert day <= deadline.legal <= deadline.local <= day + timedelta(days=7)
    assert is_working_day(deadline.legal)
    assert is_working_day(deadline.local, scope)
    assert deadline.legal.weekday() < 5
    # no working day is skipped
    for offset in range((deadline.legal - day).days):
        assert not is_working_day(day + timedelta(days=offset))
    if is_working_day(day, scope):
        assert deadline.local == deadline.legal == day


def test_add_working_days():
    # Thu 30 Apr 2026 + 1: Fri 1 May is a holiday -> Mon 4 May
    assert add_working_days(d("2026-04-30"), 1) == d("2026-05-04")
    # Fri 3 Apr 2026 + 1: Easter Monday -> Tue 7 Apr; + 8 -> Thu 16 Apr
    assert add_working_days(d("2026-04-03"), 1) == d("2026-04-07")
    assert add_working_days(d("2026-04-03"), 8) == d("2026-04-16")
    # Thu 2 Apr 2026 + 1 in Strasbourg: Good Friday -> Tue 7 Apr
    assert add_working_days(d("2026-04-02"), 1, SCOPE_ALSACE_MOSELLE) == d("2026-04-07")
    assert add_working_days(d("2026-05-02"), 0) == d("2026-05-02")
    with pytest.raises(ValueError):
        add_working_days(d("2026-05-02"), -1)


def test_previous_working_day_for_dates_counted_backwards():
    # Sat 16 May 2026 -> Fri 15 May; Fri 8 May 2026 (holiday) -> Thu 7 May
    assert previous_working_day(d("2026-05-16")) == d("2026-05-15")
    assert previous_working_day(d("2026-05-08")) == d("2026-05-07")
    # Mon 6 Apr 2026 (Easter Monday) -> Fri 3 Apr, Thu 2 Apr in Strasbourg
    assert previous_working_day(d("2026-04-06")) == d("2026-04-03")
    assert previous_working_day(d("2026-04-06"), SCOPE_ALSACE_MOSELLE) == d(
        "2026-04-02"
    )
    assert previous_working_day(d("2026-04-02")) == d("2026-04-02")


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(min_value=0, max_value=40),
    st.sampled_from([SCOPE_FR, SCOPE_ALSACE_MOSELLE, "972", "974"]),
)
def test_working_days_properties(day, count, scope):
    end = add_working_days(day, count, scope)
    if count:
        assert is_working_day(end, scope)
        assert end >= day + timedelta(days=count)
    counted = sum(
        is_working_day(day + timedelta(days=offset), scope)
        for offset in range(1, (end - day).days + 1)
    )
    assert counted == count
    assert previous_working_day(day, scope) <= day
    assert is_working_day(previous_working_day(day, scope), scope)


def test_calendar_is_computed_once_and_not_shared():
    holidays = public_holidays(2026)
    holidays.clear()  # a caller's copy: the next call is whole again
    assert len(public_holidays(2026)) == 11
