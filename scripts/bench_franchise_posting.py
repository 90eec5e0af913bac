"""Benchmark (not a test): time to post a customer invoice with and without the
VAT franchise check, in the demo company with a history of invoices and payments.

Run through the Odoo shell of a database where the addon is installed with its demo
data (e.g. the one of `make run`); everything it creates is rolled back at the end
(unless BENCH_SCRATCH=1, see below):

    source scripts/common.sh && link_addon
    odoo_bin shell -d <db> --no-http --log-level=warn \\
        < scripts/bench_franchise_posting.py

Settings (environment variables): BENCH_HISTORY posted invoices from 1 January of
this year to today, every other one paid (default 5000: ten times a large franchise
business); BENCH_INVOICES invoices posted and timed per mode (default 400);
BENCH_BLOCK postings in a row in one mode (default 5: short blocks follow the load of
a shared machine in both modes alike): the modes alternate by block, in the order
ABBA (each mode as often first as second), after a warm-up block of each mode that is
not timed; BENCH_BASIS "cash" (default) or "invoiced"; BENCH_SCRATCH=1 commits the
seeded history and vacuums the tables before measuring (as in production, where the
history is committed and vacuumed): only on a throwaway copy of a database, e.g.
`copy_db fr_credit_demo frcc_bench_franchise` (only the measured postings are rolled
back then); with BENCH_SEEDED=1 as well, the history committed by such a run on the
same copy is reused instead of seeded again (the runs after the first one). The
history is seeded in transactions of 500 invoices, one after the other
(committed with BENCH_SCRATCH=1).

Each invoice is created (not timed), then `action_post()` and the flush of its
writes are timed, once with the company under the franchise (the check: the year's
record locked and its year-start check read in one query, the aggregate turnover
query of the year, the rules, the franchise values written on the posted invoice)
and once without (the check is skipped). Between two rounds a few history invoices
are paid (not timed): on the cash basis the next postings' turnover takes that cash.
The franchise is switched between the modes in SQL (cheaper than the ORM, and the
same for both modes). The previous years come from the year-start check, run first
(as by the daily scheduled action). The tables are analysed after the seeding
(inside the transaction) so that the planner sees them as in production. Prints the
median and mean per invoice, what the check adds (target of issue 15: at most 30 ms
with 5,000 invoices in the year), the lock and turnover queries timed alone, and
the load average of the machine before and after.
"""
# ruff: noqa: F821  (env is provided by the Odoo shell)

import os
import statistics
import sys
import time
from contextlib import closing
from datetime import date, timedelta

from odoo import Command, sql_db

HISTORY = max(int(os.environ.get("BENCH_HISTORY", "5000")), 2)
INVOICES = int(os.environ.get("BENCH_INVOICES", "400"))
BASIS = os.environ.get("BENCH_BASIS", "cash")
SCRATCH = os.environ.get("BENCH_SCRATCH") == "1"
BLOCK = max(int(os.environ.get("BENCH_BLOCK", "5")), 1)
SEEDED = SCRATCH and os.environ.get("BENCH_SEEDED") == "1"
SEED_BATCH = 500  # invoices seeded per transaction (even)


def out(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def drafts(company, specs):
    """Draft invoices without VAT from (partner, day, amount), in one create."""
    return (
        env["account.move"]
        .with_company(company)
        .create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": day,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Prestation",
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for partner, day, amount in specs
            ]
        )
    )


def pay(invoices, day):
    env["account.payment.register"].with_context(
        active_model="account.move", active_ids=invoices.ids
    ).create({"group_payment": False, "payment_date": day})._create_payments()


def timed_post(move):
    start = time.perf_counter()
    move.action_post()
    env.flush_all()
    return time.perf_counter() - start


def main():
    today = date.today()
    first = date(today.year, 1, 1)
    # the demo company (creating a French company here would install the
    # localisation's optional modules), far from the thresholds: no warning
    company = env.ref(
        "l10n_fr_credit_collection.demo_company", raise_if_not_found=False
    )
    if not company:
        raise SystemExit("needs the demo data of l10n_fr_credit_collection")
    company.write(
        {
            "l10n_fr_franchise_activity": "goods",
            "l10n_fr_franchise_basis": BASIS,
            "l10n_fr_franchise_start_date": date(today.year - 3, 1, 1),
            "l10n_fr_franchise_warning_shares": "",
        }
    )
    if SEEDED:
        # the history committed by an earlier BENCH_SCRATCH=1 run on this copy
        partners = env["res.partner"].search(
            [("name", "=like", "Client %"), ("is_company", "=", True)], limit=50
        )
        history = env["account.move"].search(
            [
                ("company_id", "=", company.id),
                ("partner_id", "in", partners.ids),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("invoice_date", ">=", first),
            ]
        )
        paid = history.filtered(lambda m: m.payment_state in ("paid", "in_payment"))
        out(f"reusing the committed history: {len(history)} invoices, {len(paid)} paid")
    else:
        partners = env["res.partner"].create(
            [{"name": f"Client {i}", "is_company": True} for i in range(50)]
        )
        out(f"seeding {HISTORY} invoices from {first} to {today} ({BASIS} basis)...")
        history = paid = env["account.move"]
    days = max((today - first).days, 1)
    # in batches of SEED_BATCH invoices, one after the other, each committed with
    # BENCH_SCRATCH=1: one transaction posting and paying the whole history held the
    # rows of the letter sequences (and the journal's numbering) for minutes, and met
    # a serialization failure in the allocation of letters
    for start in range(0, 0 if SEEDED else HISTORY, SEED_BATCH):
        moves = drafts(
            company,
            [
                (partners[i % 50], first + timedelta(days=i * days // HISTORY), 10)
                for i in range(start, min(start + SEED_BATCH, HISTORY))
            ],
        )
        moves.action_post()
        pay(moves[::2], today)  # SEED_BATCH is even: every other one of the history
        env.flush_all()
        if SCRATCH:
            env.cr.commit()  # pylint: disable=invalid-commit
        history |= moves
        paid |= moves[::2]
        out(f"  {len(history)} invoices posted, {len(paid)} paid")
    # the daily scheduled action has checked the year (as in production)
    company.l10n_fr_vat_franchise = True
    Year = env["l10n.fr.franchise.year"]
    Year._l10n_fr_check_companies(company)
    tables = "account_move, account_move_line, account_partial_reconcile"
    if SCRATCH:
        # committed and vacuumed like a production database: no dead row of the
        # seeding in the tables the check scans
        env.cr.commit()  # pylint: disable=invalid-commit
        with closing(sql_db.db_connect(env.cr.dbname).cursor()) as cr:
            cr._cnx.autocommit = True
            cr.execute(f"VACUUM ANALYZE {tables}")
    else:
        env.cr.execute(f"ANALYZE {tables}")

    Turnovers = env["l10n.fr.franchise.turnover"]
    times = {True: [], False: []}
    unpaid = (history - paid).sorted("invoice_date")

    def switch(franchise):
        env.cr.execute(
            "UPDATE res_company SET l10n_fr_vat_franchise = %s WHERE id = %s",
            (franchise, company.id),
        )
        company.invalidate_recordset(["l10n_fr_vat_franchise"])

    def block(franchise, record=True, size=BLOCK):
        switch(franchise)
        moves = drafts(company, [(partners[i % 50], today, 1) for i in range(size)])
        env.flush_all()
        for move in moves:
            elapsed = timed_post(move)
            if record:
                times[franchise].append(elapsed)
        return moves

    load_before = os.getloadavg()
    block(False, record=False)  # warm-up: caches, query plans
    block(True, record=False)
    rounds = 0
    while len(times[True]) < INVOICES:
        order = (False, True) if rounds % 2 == 0 else (True, False)
        for franchise in order:
            moves = block(franchise)
            if franchise:
                assert moves[-1].l10n_fr_vat_franchise, "the check ran"
        switch(True)
        pay(unpaid[rounds * 2 : rounds * 2 + 2], today)  # cash collected, not timed
        rounds += 1
    load_after = os.getloadavg()
    switch(True)

    timings = {}
    start = time.perf_counter()
    for _i in range(50):
        Turnovers._l10n_fr_lock_years([(company, today.year)])
    timings["lock"] = (time.perf_counter() - start) / 50 * 1000
    for label, years in (
        ("this year", [today.year]),
        ("3 years", [today.year - 2, today.year - 1, today.year]),
    ):
        start = time.perf_counter()
        for _i in range(50):
            Turnovers._l10n_fr_turnovers(company, years)
        timings[label] = (time.perf_counter() - start) / 50 * 1000
    turnover = Turnovers._l10n_fr_turnovers(company, [today.year])[
        (company.id, today.year)
    ]

    without_med = statistics.median(times[False]) * 1000
    with_med = statistics.median(times[True]) * 1000
    without_mean = statistics.mean(times[False]) * 1000
    with_mean = statistics.mean(times[True]) * 1000
    out(
        f"history: {HISTORY} posted invoices, {len(paid)} paid; basis {BASIS}; "
        f"turnover {today.year}: {turnover.total:.2f}"
    )
    out(
        f"posted per mode: {len(times[True])} (blocks of {BLOCK}, ABBA order, "
        "after a warm-up block of each)"
    )
    out(
        "load average (1, 5, 15 min): before "
        + " ".join(f"{x:.2f}" for x in load_before)
        + ", after "
        + " ".join(f"{x:.2f}" for x in load_after)
    )
    out(f"without the check: median {without_med:.1f} ms, mean {without_mean:.1f} ms")
    out(f"with the check:    median {with_med:.1f} ms, mean {with_mean:.1f} ms")
    out(
        f"added by the check: median {with_med - without_med:+.1f} ms, mean "
        f"{with_mean - without_mean:+.1f} ms (overhead median "
        f"{100 * (with_med / without_med - 1):+.1f} %, mean "
        f"{100 * (with_mean / without_mean - 1):+.1f} %)"
    )
    out(
        "queries alone: "
        + ", ".join(f"{label} {ms:.1f} ms" for label, ms in timings.items())
        + " (lock: the year's record; this year / 3 years: the turnover query)"
    )


try:
    main()
finally:
    env.cr.rollback()
