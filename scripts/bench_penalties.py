"""Penalties of N invoices through the pure rules (a benchmark, not a test).

    ~/.cache/l10n_fr_credit_collection/venv/bin/python scripts/bench_penalties.py [N]

Builds the legal tables from the addon's data file (data/l10n_fr_penalty_data.xml:
ECB rates, half-year legal rates, margin, floor multiplier, indemnity), draws N
invoices (seeded: amounts, due dates over 24 months, a third partly paid, some paid
late in several payments), then times ``rules.penalties.compute_many`` for all of them
(interest per half-year at the B2B rate of the default clause) and the 40 EUR
indemnity of each late invoice. No Odoo, no database. Prints the best of 3 runs.
"""

import os
import random
import sys
import time
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from rules.penalties import DatedRate, RateClause, compute_many
from rules.rate_tables import HalfYearLegalRates, RateTables


def records(model):
    tree = ET.parse(os.path.join(ROOT, "data", "l10n_fr_penalty_data.xml"))
    for record in tree.iter("record"):
        if record.get("model") == model:
            yield {
                f.get("name"): f.get("eval") if f.get("eval") is not None else f.text
                for f in record.iter("field")
            }


def tables():
    def dated(rows, field):
        return [
            DatedRate(date.fromisoformat(r["date_from"]), Decimal(r[field]))
            for r in rows
        ]

    parameters = list(records("l10n.fr.legal.parameter"))
    return RateTables(
        ecb=dated(records("l10n.fr.ecb.rate"), "rate"),
        legal={
            (int(r["year"]), int(r["half"])): HalfYearLegalRates(
                Decimal(r["legal_rate_person"]), Decimal(r["legal_rate_other"])
            )
            for r in records("l10n.fr.penalty.rate")
        },
        margins=dated([p for p in parameters if p["code"] == "b2b_margin"], "value"),
        floor_multipliers=dated(
            [p for p in parameters if p["code"] == "floor_multiplier"], "value"
        ),
        indemnities=dated(
            [p for p in parameters if p["code"] == "recovery_indemnity"], "value"
        ),
    )


def invoices(count, today, seed=42):
    draw = random.Random(seed)
    items = []
    for _ in range(count):
        due = today - timedelta(days=draw.randint(1, 730))
        amount = Decimal(draw.randint(5_000, 5_000_000)) / 100
        reductions = []
        if draw.random() < 0.33:
            for _payment in range(draw.randint(1, 3)):
                day = due + timedelta(days=draw.randint(-10, (today - due).days))
                reductions.append((day, (amount / 4).quantize(Decimal("0.01"))))
        items.append((amount, due, today, reductions, None))
    return items


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    today = date(2026, 11, 23)  # a date the data file covers
    rates = tables()
    rate_for = rates.b2b_rate_for(RateClause("default"))
    items = invoices(count, today)
    best = None
    for _ in range(3):
        started = time.perf_counter()
        totals = compute_many(items, rate_for)
        indemnity = sum(rates.indemnity(due, True) for _a, due, _t, _r, _s in items)
        seconds = time.perf_counter() - started
        best = seconds if best is None else min(best, seconds)
    print(
        f"{count} invoices: interest {sum(totals)} EUR, indemnities {indemnity} EUR; "
        f"best of 3: {best:.2f} s (load average {os.getloadavg()[0]:.2f})"
    )


if __name__ == "__main__":
    main()
