"""Dated values of the law: a value effective from a day until the next one (rates,
amounts, periods), looked up on a day; shared by the penalties, the injonction de
payer and the collective proceedings. Pure Python, no Odoo."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


class MissingParameterError(ValueError):
    """No dated value of a legal parameter applies on a given day.

    Attributes: ``parameter`` (a short English name) and ``day``.
    """

    def __init__(self, parameter: str, day: date) -> None:
        self.parameter = parameter
        self.day = day
        super().__init__(f"No {parameter} is known for {day.isoformat()}")

    def __reduce__(self):
        return (type(self), (self.parameter, self.day))


@dataclass(frozen=True, slots=True)
class DatedRate:
    """A value effective from ``date_from`` (inclusive) until the next record.

    Used for ECB main refinancing rates (``rate`` in percent) and, with ``rate``
    holding an amount, for the fixed recovery indemnity.
    """

    date_from: date
    rate: Decimal


def to_decimal(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def latest_on(dated: Iterable[DatedRate], day: date) -> DatedRate | None:
    """Latest record with ``date_from <= day``; two records on the latest date
    with different values are a data error (``ValueError``)."""
    best: DatedRate | None = None
    for record in dated:
        if record.date_from > day:
            continue
        if best is None or record.date_from > best.date_from:
            best = record
        elif record.date_from == best.date_from and to_decimal(
            record.rate
        ) != to_decimal(best.rate):
            raise ValueError(
                f"Conflicting values dated {record.date_from.isoformat()}: "
                f"{best.rate} and {record.rate}"
            )
    return best


class DatedTables:
    """Tables of dated legal values held as ``DatedRate`` lists in fields of a
    dataclass: ``value(name, day)`` is the one in force on ``day``."""

    def value(self, name: str, day: date) -> Decimal:
        record = latest_on(getattr(self, name), day)
        if record is None:
            raise MissingParameterError(name.replace("_", " "), day)
        return to_decimal(record.rate)
