"""Benchmark of the aged balance as of a past date (not a test), on the lettering
benchmark's ledger (scripts/bench_lettering.py: about 100,000 open items, 5,000
customers).

    PY=~/.cache/l10n_fr_credit_collection/venv/bin/python
    $PY scripts/bench_asof.py [--db frcc_bench_asof] [--size large|small]

Builds (once) the lettering benchmark's base database ``<db>_base``, copies it to
``<db>``, letters it with the default rules (as ``bench_lettering.py odoo``), then
spreads the lettering days after the items' dates (0 to 59 days later, so that on a
past day part of the groups are lettered and part are not), and times, on several
past days: the open items as of the day (``l10n.fr.balance.as.of``, one query per
account and batch of partners: rules/asof.py in SQL), the aged balance of the balance
justification wizard as of that day (totalled per customer and bucket in the same
query), and the aged balance pivot (SQL) as of that day;
and checks that the open items add up to the ledger balance on that day. Last, the
same on the last day with every matching made after it (all the items open: the
lettering is rolled back afterwards).

Figures depend on the machine; they are printed, not asserted.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bench_lettering as bench


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(bench.SIZES), default="large")
    parser.add_argument("--db", default="frcc_bench_asof")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--relabel", action="store_true", help="letter again")
    args = parser.parse_args()
    items, partners, _db, _timeout = bench.SIZES[args.size]
    args.items, args.partners = items, partners
    base, mapping = bench.build_base(args)
    _book, item_of, company_id = bench.truth(args, mapping)
    db = args.db
    if args.relabel or not bench.db_exists(db):
        bench.common(f'copy_db "{base}" "{db}"')
        lettered = False
    else:
        lettered = True
    registry = bench.odoo_registry(db)
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"allowed_company_ids": [company_id]})
        company = env["res.company"].browse(company_id)
        if not lettered:
            rules = env["l10n.fr.lettering.rule"].search(
                [("company_id", "=", company_id)]
            )
            rules.filtered(lambda r: r.method == "reference").tolerance = 1.0
            cr.commit()
            started = time.perf_counter()
            results = rules._l10n_fr_propose()
            todo = [(rule, p) for rule, found, _amb in results for p in found]
            env["l10n.fr.lettering.rule"]._l10n_fr_apply(
                todo, origin="rule", commit=True
            )
            bench.say(
                f"lettered {len(todo)} groups in {time.perf_counter() - started:.0f}s"
            )
            # the lettering days: 0 to 59 days after the later item of each match
            cr.execute(
                "UPDATE account_partial_reconcile "
                "SET l10n_fr_date = max_date + (id % 60)"
            )
            cr.execute("ANALYZE account_partial_reconcile, account_move_line")
            cr.commit()
        cr.execute(
            """SELECT min(date), max(date), count(*) FROM account_move_line
                WHERE id = ANY(%s)""",
            [list(item_of)],
        )
        first, last, count = cr.fetchone()
        cr.execute("SELECT count(*) FROM account_partial_reconcile")
        (partials,) = cr.fetchone()
        bench.say(f"ledger: {count} items from {first} to {last}, {partials} partials")
        accounts = env["account.account"].search(
            [
                *env["account.account"]._check_company_domain(company),
                ("account_type", "=", "asset_receivable"),
            ]
        )
        days = [first + (last - first) * share // 4 for share in (1, 2, 3)] + [last]
        for day, lettered_later in [(day, False) for day in days] + [(last, True)]:
            if lettered_later:
                # every item open on the day: all lettered afterwards (rolled back)
                cr.execute("SAVEPOINT later")
                cr.execute(
                    "UPDATE account_partial_reconcile SET l10n_fr_date = %s",
                    [last + (last - first)],
                )
            env.invalidate_all()
            started = time.perf_counter()
            opened = env["l10n.fr.balance.as.of"]._l10n_fr_open_items(
                company, accounts, day
            )
            loaded = time.perf_counter() - started
            ledger = env["l10n.fr.balance.as.of"]._l10n_fr_ledger_balances(
                company, accounts, day
            )
            difference = round(
                sum(item["open"] for item in opened) - sum(ledger.values()), 2
            )
            env.invalidate_all()
            wizard = env["l10n.fr.balance.justification"].create(
                {
                    "company_id": company.id,
                    "account_ids": [(6, 0, accounts.ids)],
                    "as_of_date": day,
                    "date": day,
                }
            )
            started = time.perf_counter()
            blocks = wizard._l10n_fr_aged_balance()
            aged = time.perf_counter() - started
            rows = sum(len(block["rows"]) for block in blocks)
            env.invalidate_all()
            started = time.perf_counter()
            pivot = (
                env["l10n.fr.dunning.aged.balance"]
                .with_context(l10n_fr_as_of=str(day))
                ._read_group(
                    [("company_id", "=", company.id)],
                    ["partner_id", "bucket"],
                    ["amount:sum"],
                )
            )
            pivot_seconds = time.perf_counter() - started
            bench.say(
                f"as of {day}: {len(opened)} open items loaded in {loaded:.2f}s "
                f"(open items - ledger = {difference}); aged balance report data "
                f"{aged:.2f}s ({rows} customers); pivot {pivot_seconds:.2f}s "
                f"({len(pivot)} cells); load average {bench.load()}"
                + (" [all lettered after the day]" if lettered_later else "")
            )
            if lettered_later:
                cr.execute("ROLLBACK TO SAVEPOINT later")
    bench.close(db)


if __name__ == "__main__":
    main()
