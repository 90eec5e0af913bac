"""Public holidays and the extension of procedural deadlines (CPC 640-642).

Plain Python, no Odoo. See the project's French-law notes, section 13.

* National public holidays (C. trav. L3133-1): 1 January, Easter Monday, 1 May,
  8 May, Ascension, Whit Monday, 14 July, 15 August, 1 November, 11 November,
  25 December. Easter Sunday by the Gregorian computus (``dateutil.easter``);
  Easter Monday = Easter + 1, Ascension = Easter + 39, Whit Monday = Easter + 50.
* Local holidays: Alsace-Moselle (57, 67, 68: Good Friday = Easter - 2 and
  26 December, C. trav. L3134-13) and the overseas days of C. trav. L3422-2
  (Guadeloupe 27 May, Martinique 22 May, Guyane 10 June, La Réunion 20 December,
  Mayotte 27 April, Saint-Barthélemy 9 October, Saint-Martin 27 May by the text,
  28 May by local practice: ``saint_martin_day`` chooses).
* CPC 642 al. 2: a deadline that would expire on a Saturday, a Sunday or a public
  holiday is extended to the first following working day, repeatedly.
* Which place's local holidays govern is not settled (notes §13.5): the rule of
  the addon computes the deadline with the national calendar (``legal``, the
  date reminders are scheduled on) and also gives the later date counting the
  local holidays of the place where the act is done (``local``, shown as a
  probable extension).
* Prescription is not extended (C. civ. 2228-2229): the caller does not pass
  limitation dates through :func:`extend_deadline`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from dateutil.easter import easter

__all__ = [
    "LOCAL_SCOPES",
    "SCOPE_ALSACE_MOSELLE",
    "SCOPE_FR",
    "Deadline",
    "add_working_days",
    "easter_sunday",
    "extend_deadline",
    "holiday_scope",
    "is_working_day",
    "next_working_day",
    "previous_working_day",
    "public_holidays",
]

SCOPE_FR = "FR"
SCOPE_ALSACE_MOSELLE = "57-67-68"
SCOPE_GUADELOUPE = "971"
SCOPE_MARTINIQUE = "972"
SCOPE_GUYANE = "973"
SCOPE_REUNION = "974"
SCOPE_MAYOTTE = "976"
SCOPE_SAINT_BARTHELEMY = "977"
SCOPE_SAINT_MARTIN = "978"
LOCAL_SCOPES = (
    SCOPE_ALSACE_MOSELLE,
    SCOPE_GUADELOUPE,
    SCOPE_MARTINIQUE,
    SCOPE_GUYANE,
    SCOPE_REUNION,
    SCOPE_MAYOTTE,
    SCOPE_SAINT_BARTHELEMY,
    SCOPE_SAINT_MARTIN,
)

# offsets from Easter Sunday (notes §13.7)
EASTER_MONDAY_OFFSET = 1
ASCENSION_OFFSET = 39
WHIT_MONDAY_OFFSET = 50
GOOD_FRIDAY_OFFSET = -2

# C. trav. L3133-1: (month, day, code) of the fixed national holidays
FIXED_NATIONAL = (
    (1, 1, "new_year"),
    (5, 1, "labour_day"),
    (5, 8, "victory_1945"),
    (7, 14, "bastille_day"),
    (8, 15, "assumption"),
    (11, 1, "all_saints"),
    (11, 11, "armistice"),
    (12, 25, "christmas"),
)

# C. trav. L3422-2 (abolition of slavery), L3134-13 (Alsace-Moselle)
FIXED_LOCAL = {
    SCOPE_ALSACE_MOSELLE: ((12, 26, "saint_stephen"),),
    SCOPE_GUADELOUPE: ((5, 27, "abolition_of_slavery"),),
    SCOPE_MARTINIQUE: ((5, 22, "abolition_of_slavery"),),
    SCOPE_GUYANE: ((6, 10, "abolition_of_slavery"),),
    SCOPE_REUNION: ((12, 20, "abolition_of_slavery"),),
    SCOPE_MAYOTTE: ((4, 27, "abolition_of_slavery"),),
    SCOPE_SAINT_BARTHELEMY: ((10, 9, "abolition_of_slavery"),),
}

# postal codes of the two overseas collectivities inside the 971 range
_POSTAL_SCOPES = {"97133": SCOPE_SAINT_BARTHELEMY, "97150": SCOPE_SAINT_MARTIN}
_OVERSEAS_PREFIXES = {
    "971": SCOPE_GUADELOUPE,
    "972": SCOPE_MARTINIQUE,
    "973": SCOPE_GUYANE,
    "974": SCOPE_REUNION,
    "976": SCOPE_MAYOTTE,
}


def easter_sunday(year: int) -> date:
    return easter(year)  # Gregorian computus (dateutil's default method)


def holiday_scope(zip_code: str | None) -> str:
    """The holiday calendar of a French postal code: Alsace-Moselle for 57, 67
    and 68, an overseas territory for 971-976, else the national one."""
    code = (zip_code or "").replace(" ", "")
    if code in _POSTAL_SCOPES:
        return _POSTAL_SCOPES[code]
    if code[:3] in _OVERSEAS_PREFIXES:
        return _OVERSEAS_PREFIXES[code[:3]]
    if len(code) == 5 and code[:2] in ("57", "67", "68"):
        return SCOPE_ALSACE_MOSELLE
    return SCOPE_FR


def public_holidays(
    year: int, scope: str = SCOPE_FR, saint_martin_day: int = 27
) -> dict[date, str]:
    """{day: holiday code} of ``year``: the national holidays, plus the local
    ones of ``scope``. ``saint_martin_day``: 27 (C. trav. L3422-2, the default)
    or 28 (the commemoration held since 2018) May in Saint-Martin."""
    return dict(_holidays(year, scope, saint_martin_day))


@lru_cache(maxsize=512)
def _holidays(year: int, scope: str, saint_martin_day: int) -> dict[date, str]:
    """The calendar of a year, computed once (callers must not change it)."""
    base = easter_sunday(year)
    days = {date(year, m, d): code for m, d, code in FIXED_NATIONAL}
    days[base + timedelta(days=EASTER_MONDAY_OFFSET)] = "easter_monday"
    days[base + timedelta(days=ASCENSION_OFFSET)] = "ascension"
    days[base + timedelta(days=WHIT_MONDAY_OFFSET)] = "whit_monday"
    local = list(FIXED_LOCAL.get(scope, ()))
    if scope == SCOPE_SAINT_MARTIN:
        if saint_martin_day not in (27, 28):
            raise ValueError("saint_martin_day is 27 or 28 (May)")
        local.append((5, saint_martin_day, "abolition_of_slavery"))
    for m, d, code in local:
        days.setdefault(date(year, m, d), code)
    if scope == SCOPE_ALSACE_MOSELLE:
        days.setdefault(base + timedelta(days=GOOD_FRIDAY_OFFSET), "good_friday")
    return days


def _non_working_reason(day: date, scope: str, saint_martin_day: int) -> str | None:
    """Why ``day`` is not a working day (CPC 642): ``"saturday"``, ``"sunday"``
    or the holiday's code; None for a working day."""
    holiday = _holidays(day.year, scope, saint_martin_day).get(day)
    if holiday:
        return holiday
    if day.weekday() == 5:
        return "saturday"
    if day.weekday() == 6:
        return "sunday"
    return None


def is_working_day(day: date, scope: str = SCOPE_FR, saint_martin_day: int = 27):
    return _non_working_reason(day, scope, saint_martin_day) is None


def next_working_day(
    day: date, scope: str = SCOPE_FR, saint_martin_day: int = 27
) -> date:
    """``day`` itself when it is a working day, else the first following one."""
    while not is_working_day(day, scope, saint_martin_day):
        day += timedelta(days=1)
    return day


def previous_working_day(
    day: date, scope: str = SCOPE_FR, saint_martin_day: int = 27
) -> date:
    """``day`` itself when it is a working day, else the last one before it: for
    a date counted backwards from a deadline (CPC 642 does not extend those),
    e.g. the day a reminder of the deadline falls due."""
    while not is_working_day(day, scope, saint_martin_day):
        day -= timedelta(days=1)
    return day


def add_working_days(
    day: date, count: int, scope: str = SCOPE_FR, saint_martin_day: int = 27
) -> date:
    """The ``count``-th working day after ``day`` (``day`` itself not counted,
    CPC 641): for a delay given in working days, e.g. the days to pay of a
    formal notice when a policy counts them so."""
    if count < 0:
        raise ValueError("count must not be negative")
    for _index in range(count):
        day = next_working_day(day + timedelta(days=1), scope, saint_martin_day)
    return day


@dataclass(frozen=True)
class Deadline:
    """A deadline after CPC 642: ``normal`` the day the period ends by CPC 641;
    ``legal`` moved past Saturdays, Sundays and national holidays (reminders
    fall due on it); ``local`` moved past the local holidays of the place too
    (shown as a probable extension; equal to ``legal`` in most places)."""

    normal: date
    legal: date
    local: date
    reason: str | None  # why normal was moved to legal (the first day's reason)
    local_reason: str | None  # the local holiday that moves legal to local

    @property
    def extended(self) -> bool:
        return self.legal != self.normal

    @property
    def locally_extended(self) -> bool:
        return self.local != self.legal


def extend_deadline(
    day: date | None, scope: str = SCOPE_FR, saint_martin_day: int = 27
) -> Deadline | None:
    """The deadline ending on ``day`` by CPC 641, extended by CPC 642 with the
    national calendar (``legal``) and with the calendar of ``scope``
    (``local``)."""
    if not day:
        return None
    legal = next_working_day(day, SCOPE_FR)
    local = next_working_day(legal, scope, saint_martin_day)
    local_reason = None
    if local != legal:
        local_reason = _non_working_reason(legal, scope, saint_martin_day)
    return Deadline(
        normal=day,
        legal=legal,
        local=local,
        reason=_non_working_reason(day, SCOPE_FR, saint_martin_day),
        local_reason=local_reason,
    )
