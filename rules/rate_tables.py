"""The legal tables a penalty computation needs, loaded once per batch.

``RateTables`` gathers the dated legal figures read from the database (ECB main
refinancing rates, the half-year legal interest rates, the B2B margin, the floor
multiplier and the recovery indemnity) and answers, per half-year, the rate that
applies to a debt. A half-year counts as known only when its legal interest rates
are recorded: the floor needs them, and this is what stops an ECB rate from being
silently extended into a half-year nobody has checked yet (never extrapolate).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .dated import DatedRate, MissingParameterError, latest_on
from .penalties import (
    MissingRateError,
    RateClause,
    b2b_default_rate,
    effective_b2b_rate,
    half_year_bounds,
    recovery_indemnity,
)


@dataclass(frozen=True)
class HalfYearLegalRates:
    """Legal interest rates of a half-year (CMF L313-2), percent per year."""

    person: Decimal  # creditor a natural person not acting for professional needs
    other: Decimal  # all other cases (a company creditor)


@dataclass
class RateTables:
    ecb: list[DatedRate]
    legal: dict[tuple[int, int], HalfYearLegalRates]
    margins: list[DatedRate]
    floor_multipliers: list[DatedRate]
    indemnities: list[DatedRate]
    _cache: dict = field(default_factory=dict, repr=False)

    def legal_rates(self, year, half):
        rates = self.legal.get((year, half))
        if rates is None:
            raise MissingRateError(year, half)
        return rates

    def _parameter(self, records, name, day):
        record = latest_on(records, day)
        if record is None:
            raise MissingParameterError(name, day)
        return record.rate

    def margin(self, year, half):
        anchor = half_year_bounds(year, half)[0]
        return self._parameter(self.margins, "B2B penalty margin", anchor)

    def default_rate(self, year, half):
        """ECB rate at the half-year's anchor + the B2B margin in force then."""
        self.legal_rates(year, half)
        return b2b_default_rate(self.ecb, year, half, self.margin(year, half))

    def floor_rate(self, year, half):
        anchor = half_year_bounds(year, half)[0]
        multiplier = self._parameter(
            self.floor_multipliers, "penalty floor multiplier", anchor
        )
        return multiplier * self.legal_rates(year, half).other

    def b2b_rate(self, clause: RateClause, year, half):
        """``(rate, floor_applied)`` of a professional debt for the half-year."""
        key = ("b2b", clause, year, half)
        if key not in self._cache:
            legal = self.legal_rates(year, half).other
            anchor = half_year_bounds(year, half)[0]
            multiplier = self._parameter(
                self.floor_multipliers, "penalty floor multiplier", anchor
            )
            default = self.default_rate(year, half) if clause.kind == "default" else 0
            self._cache[key] = effective_b2b_rate(clause, default, legal, multiplier)
        return self._cache[key]

    def b2b_rate_for(self, clause: RateClause):
        """A ``rate_for(year, half)`` callable for ``penalties.penalty_breakdown``."""
        return lambda year, half: self.b2b_rate(clause, year, half)[0]

    def consumer_rate_for(self):
        """Legal interest owed by a consumer to a company creditor: the "other
        cases" column (the column depends on the creditor, CMF L313-2)."""
        return lambda year, half: self.legal_rates(year, half).other

    def indemnity(self, due_date: date, is_professional: bool) -> Decimal:
        return recovery_indemnity(self.indemnities, due_date, is_professional)
