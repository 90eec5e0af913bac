"""Dunning benchmark (not a test): a realistic receivable ledger, then a dunning run
of this addon and, for comparison, OCA account_credit_control "compute lines".

Run through scripts/bench_dunning.sh, which prepares the databases and calls the
phases of this script:

``generate``  a company of its own ("Bench SAS", French chart) and a seeded ledger:
              N customers, 24 months of invoices with payment terms of 30, 45 and 60
              days, exactly M overdue invoices (posted, residual > 0, past due), paid
              invoices (one payment each, a payment for 2 or 3 invoices -- the
              subset-sum case --, an invoice paid in two payments, an invoice settled
              by a credit note), partly paid overdue invoices (payments and partial
              credit notes, a few short payments leaving cents), open credit notes,
              unmatched payments, invoices not yet due, customers with nothing
              overdue, 5 % private customers. Payment labels name the invoices they
              pay, or not. Rows are planned in Python with ``random.Random(seed)``
              (``Plan.build`` of scripts/ledger_generator.py) and loaded with COPY
              (scripts/ledger_loader.py, as the lettering benchmark's ledger; an
              ORM invoice costs ~50 ms): reconciliations are real
              ``account_partial_reconcile`` / ``account_full_reconcile`` rows with
              matching numbers, residuals and payment states consistent with them;
              then the addon letters them as its install hook does. Same seed, size
              and date: same ledger.
``ours``      times selection + levels + penalties (``run._decisions()`` and
              ``run._penalties()``, nothing written; ``--repeat`` times), then the
              whole scheduled run (``action_send``: reminders, queued e-mails, commit
              per batch).
``oca``       in a copy where OCA account_credit_control is installed: a policy whose
              levels match ours (5, 15, 30 and 60 days after the due date, e-mail) on
              the receivable account, set as the company's policy; then times
              ``credit.control.run.generate_credit_lines()`` ("Compute credit lines")
              on the same date, ``--repeat`` times, each rolled back.
``report``    the figures of the result file, the ratio, and a README table row.

Every measurement records the load average (/proc/loadavg) before and after it.
"""

import argparse
import json
import statistics
import sys
import threading
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, Command, api

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scripts.ledger_generator import Plan
from scripts.ledger_loader import Loader

COMPANY_NAME = "Bench SAS"
LEVEL_DAYS = (5, 15, 30, 60)  # our default policy; the OCA policy copies it


def loadavg():
    with open("/proc/loadavg") as handle:
        return " ".join(handle.read().split()[:3])


def bench_company(env):
    return env["res.company"].search([("name", "=", COMPANY_NAME)], limit=1)


def generate(env, args, today):
    # a French company without installing the country's optional modules (Odoo does so
    # for a new company outside tests: account_peppol would need phonenumbers)
    threading.current_thread().testing = True
    company = env["res.company"].create(
        {"name": COMPANY_NAME, "country_id": env.ref("base.fr").id}
    )
    env["account.chart.template"]._load("fr", company, install_demo=False)
    threading.current_thread().testing = False
    company._l10n_fr_create_default_dunning_policy()
    levels = env["l10n.fr.dunning.level"].search([("company_id", "=", company.id)])
    # e-mail at every level: the PDF letters would measure wkhtmltopdf; no call, no
    # mandatory level: the same decisions and channels as the OCA levels
    levels.write(
        {
            "send_email": True,
            "send_letter": False,
            "create_activity": False,
            "send_call": False,
            "mandatory": False,
        }
    )
    # nor through the letter attached to the formal notice's e-mail
    templates = levels.mail_template_id | env.ref(
        "l10n_fr_credit_collection.mail_template_dunning_reminder"
    )
    templates.report_template_ids = [Command.clear()]
    assert tuple(levels.sorted("days").mapped("days")) == LEVEL_DAYS
    plan = Plan(args.seed, today).build(args.customers, args.invoices)
    Loader(env, company, plan).load(args.customers)
    lettered = env["account.move.line"]._l10n_fr_letter_existing()
    plan.stats["lettered groups"] = lettered
    return company, plan


def ledger_figures(env, company, today):
    """Counts of the generated ledger, from the database, and consistency checks."""
    row = env.execute_query_dict(
        odoo.tools.SQL(
            """
            SELECT
              count(*) FILTER (WHERE m.move_type = 'out_invoice') AS invoices,
              count(*) FILTER (WHERE m.move_type = 'out_invoice'
                               AND m.amount_residual > 0
                               AND m.invoice_date_due < %(today)s) AS overdue,
              count(*) FILTER (WHERE m.move_type = 'out_invoice'
                               AND m.amount_residual > 0
                               AND m.invoice_date_due <= %(level1)s) AS overdue_5,
              count(*) FILTER (WHERE m.move_type = 'out_invoice'
                               AND m.payment_state = 'partial') AS partial,
              count(*) FILTER (WHERE m.move_type = 'out_refund') AS refunds,
              count(*) FILTER (WHERE m.move_type = 'entry') AS payments,
              min(m.date) AS first_date
              FROM account_move m WHERE m.company_id = %(company)s
            """,
            today=today,
            level1=today - timedelta(LEVEL_DAYS[0]),
            company=company.id,
        )
    )[0]
    checks = env.execute_query(
        odoo.tools.SQL(
            """
            SELECT
              (SELECT count(*) FROM (
                 SELECT move_id FROM account_move_line WHERE company_id = %(c)s
                  GROUP BY move_id HAVING sum(balance) != 0) s),
              (SELECT count(*) FROM account_move_line l
                WHERE l.company_id = %(c)s AND l.amount_residual != l.balance
                      - COALESCE((SELECT sum(amount) FROM account_partial_reconcile p
                                   WHERE p.debit_move_id = l.id), 0)
                      + COALESCE((SELECT sum(amount) FROM account_partial_reconcile p
                                   WHERE p.credit_move_id = l.id), 0)
                  AND l.account_id IN (SELECT id FROM account_account
                                        WHERE account_type = 'asset_receivable')),
              (SELECT count(*) FROM account_move m
                WHERE m.company_id = %(c)s AND m.move_type != 'entry'
                  AND m.amount_residual_signed != (
                      SELECT sum(amount_residual) FROM account_move_line l
                       WHERE l.move_id = m.id AND l.display_type = 'payment_term'))
            """,
            c=company.id,
        )
    )[0]
    assert checks == (0, 0, 0), f"inconsistent ledger: {checks}"
    return row


# ------------------------------------------------------------------- measures


class Results:
    def __init__(self, path):
        self.path = path

    def add(self, **values):
        values["loadavg"] = values.get("loadavg") or loadavg()
        print(json.dumps(values, default=str), flush=True)
        with open(self.path, "a") as handle:
            handle.write(json.dumps(values, default=str) + "\n")

    def read(self):
        with open(self.path) as handle:
            return [json.loads(line) for line in handle if line.strip()]


def phase_generate(registry, args, today):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        started = time.perf_counter()
        company, plan = generate(env, args, today)
        cr.commit()
        seconds = time.perf_counter() - started
        figures = ledger_figures(env, company, today)
    assert figures["overdue"] == args.invoices, figures
    for key, count in sorted(plan.stats.items()):
        print(f"  {key}: {count}")
    Results(args.results).add(
        phase="generate",
        seed=args.seed,
        date=today,
        customers=args.customers,
        seconds=round(seconds, 1),
        **figures,
    )


def phase_ours(registry, args, today):
    results = Results(args.results)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = bench_company(env)
        env = env(context={"allowed_company_ids": [company.id]})
        run = (
            env["l10n.fr.dunning.run"]
            .with_company(company)
            .create({"company_id": company.id, "trigger": "cron", "date": today})
        )
        cr.commit()
        for _ in range(args.repeat):
            env.invalidate_all()
            before = loadavg()
            started = time.perf_counter()
            decisions, by_partner, skipped = run._decisions()
            penalties = run._penalties(decisions)
            seconds = time.perf_counter() - started
            results.add(
                phase="ours_selection",
                seconds=round(seconds, 2),
                customers_reminded=len(decisions),
                items_listed=sum(len(listed) for _d, listed in decisions.values()),
                invoices_with_penalties=len(penalties),
                customers_open=len(by_partner),
                left_out=dict(skipped),
                loadavg=f"{before} -> {loadavg()}",
            )
        env.invalidate_all()
        before = loadavg()
        started = time.perf_counter()
        run.action_send()
        cr.commit()
        seconds = time.perf_counter() - started
        lines = env["l10n.fr.dunning.reminder.line"].search_count(
            [("reminder_id.run_id", "=", run.id)]
        )
        mails = env["mail.mail"].search_count(
            [("model", "=", "l10n.fr.dunning.reminder")]
        )
        results.add(
            phase="ours_run",
            seconds=round(seconds, 1),
            reminders_sent=run.sent_count,
            reminder_items=lines,
            mails_queued=mails,
            failed=run.failed_count,
            loadavg=f"{before} -> {loadavg()}",
        )


def oca_policy(env, company):
    """A credit control policy with our levels (days after the due date, e-mail) on
    the receivable accounts of the company, set as the company's policy."""
    template = env.ref("account_credit_control.email_template_credit_control_base")
    accounts = env["account.account"].search(
        [
            ("company_ids", "in", company.id),
            ("account_type", "=", "asset_receivable"),
        ]
    )
    ours = env["l10n.fr.dunning.level"].search(
        [("company_id", "=", company.id)], order="days"
    )
    policy = env["credit.control.policy"].create(
        {
            "name": "Bench: our levels",
            "company_id": company.id,
            "account_ids": [Command.set(accounts.ids)],
            "level_ids": [
                Command.create(
                    {
                        "name": level.name,
                        "level": rank,
                        "computation_mode": "net_days",
                        "delay_days": level.days,
                        "channel": "email",
                        "email_template_id": template.id,
                        "custom_text": level.name,
                        "custom_mail_text": f"<p>{level.name}</p>",
                    }
                )
                for rank, level in enumerate(ours, 1)
            ],
        }
    )
    company.credit_policy_id = policy
    return policy


def phase_oca(registry, args, today):
    results = Results(args.results)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = bench_company(env)
        policy = oca_policy(env, company)
        cr.commit()
        policy_id, company_id = policy.id, company.id
    for _ in range(args.repeat):
        with registry.cursor() as cr:
            env = api.Environment(
                cr, SUPERUSER_ID, {"allowed_company_ids": [company_id]}
            )
            run = (
                env["credit.control.run"]
                .with_company(company_id)
                .create(
                    {
                        "date": today,
                        "company_id": company_id,
                        "policy_ids": [Command.set([policy_id])],
                    }
                )
            )
            env.flush_all()
            before = loadavg()
            started = time.perf_counter()
            run.generate_credit_lines()
            env.flush_all()
            seconds = time.perf_counter() - started
            lines = run.line_ids
            results.add(
                phase="oca_compute",
                seconds=round(seconds, 1),
                lines=len(lines),
                partners=len(lines.partner_id),
                levels=dict(Counter(lines.mapped("level"))),
                loadavg=f"{before} -> {loadavg()}",
            )
            cr.rollback()


def phase_report(args):
    rows = Results(args.results).read()

    def times(phase):
        return [r["seconds"] for r in rows if r["phase"] == phase]

    generated = next(r for r in rows if r["phase"] == "generate")
    size = f"{generated['customers']:,} customers / {generated['overdue']:,} overdue"
    ours, whole, oca = times("ours_selection"), times("ours_run"), times("oca_compute")
    timeouts = [r for r in rows if r["phase"] == "oca_timeout"]
    print(f"\n== dunning benchmark, {size} invoices (seed {generated['seed']})")
    print(f"ledger: {json.dumps({k: generated[k] for k in sorted(generated)})}")
    for row in rows:
        if row["phase"] != "generate":
            print(f"  {row['phase']:15} {row['seconds']:>8} s  load {row['loadavg']}")
    best = min(ours) if ours else None
    if ours:
        print(
            f"this addon, selection + levels + penalties: best {best:.2f} s, "
            f"median {statistics.median(ours):.2f} s over {len(ours)}"
        )
    if whole:
        print(f"this addon, whole run: {', '.join(f'{s:.1f} s' for s in whole)}")
    if oca:
        print(f"OCA compute lines: best {min(oca):.1f} s over {len(oca)}")
        print(f"ratio OCA / this addon (best of each): {min(oca) / best:.0f}x")
        cell, ratio = f"{min(oca):.1f} s", f"{min(oca) / best:.0f}×"
    elif timeouts:
        limit = timeouts[0]["seconds"]
        print(f"OCA compute lines: not finished after {limit} s (timeout)")
        cell, ratio = f"> {limit} s (timeout)", f"> {limit / best:.0f}×"
    else:
        cell, ratio = "—", "—"
    print("\nREADME row:")
    print(
        f"| dunning: selection + levels + penalties (OCA: compute lines) | {size} | "
        f"{best:.2f} s | {cell} | {ratio} |"
    )
    if whole:
        print(
            f"| dunning: whole run (reminders, e-mails queued) | {size} | "
            f"{min(whole):.1f} s | — | — |"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("phase", choices=["generate", "ours", "oca", "report"])
    parser.add_argument("--db")
    parser.add_argument("--customers", type=int, default=10000)
    parser.add_argument("--invoices", type=int, default=50000, help="overdue")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--date", type=date.fromisoformat, default=date.today())
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--results", required=True, help="JSON lines file")
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:split])
    args.odoo_options = argv[split + 1 :]
    if args.phase == "report":
        phase_report(args)
        return
    odoo.tools.config.parse_config(args.odoo_options + ["-d", args.db])
    registry = odoo.modules.registry.Registry(args.db)
    phases = {"generate": phase_generate, "ours": phase_ours, "oca": phase_oca}
    phases[args.phase](registry, args, args.date)


if __name__ == "__main__":
    main()
