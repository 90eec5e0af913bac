"""Dunning run or automatic lettering distributed over Odoo workers with queue_job (a
benchmark, not a test).

Run through scripts/bench_jobs.sh, which prepares the database (the ledger of
scripts/bench_dunning.py, or with --lettering the one of scripts/bench_lettering.py;
queue_job and the bridge addon installed) and starts Odoo in multi-worker mode with the
job runner. Dunning: creates today's scheduled run of the bench company, sends it (each
batch of reminders becomes a job), then waits until the last job has ended the run.
Lettering: letters the proposals of the company's rules as the nightly action does
(each batch of groups becomes a job), then waits until every job is done. Prints the
time to enqueue, the time until the work is done, and the jobs by state.
"""

import argparse
import time
from datetime import date

import odoo
from odoo import SUPERUSER_ID, api


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--date", type=date.fromisoformat, default=date.today())
    parser.add_argument("--timeout", type=int, default=1800)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--lettering", action="store_true")
    parser.add_argument("--letter-scope", choices=["account", "partner"])
    parser.add_argument("odoo_options", nargs="*")
    args = parser.parse_args()
    odoo.tools.config.parse_config(args.odoo_options + ["-d", args.db])
    registry = odoo.modules.registry.Registry(args.db)
    if args.lettering:
        return letter(registry, args)
    with registry.cursor() as cr:
        env, company = bench_env(cr, "Bench SAS", args)
        run = (
            env["l10n.fr.dunning.run"]
            .with_company(company)
            .create({"company_id": company.id, "trigger": "cron", "date": args.date})
        )
        cr.commit()
        started = time.perf_counter()
        run.action_send()
        cr.commit()
        queued = time.perf_counter() - started
        run_id, reminders = run.id, len(run.reminder_ids)
        jobs = sum(jobs_by_state(env).values())
    print(
        f"reminders created and {jobs} jobs enqueued in {queued:.1f} s "
        f"({reminders} reminders)",
        flush=True,
    )

    def report(env, states, timed_out):
        run = env["l10n.fr.dunning.run"].browse(run_id)
        if run.state == "done" or timed_out:
            mails = env["mail.mail"].search_count(
                [("model", "=", "l10n.fr.dunning.reminder")]
            )
            return (
                f"run {run.state}: {run.sent_count} reminders sent, "
                f"{run.failed_count} failed, {mails} e-mails queued"
            )

    wait(registry, started, args.timeout, report)


def bench_env(cr, company_name, args):
    """An environment in the bench company, with the batch size of ``args``."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    company = env["res.company"].search([("name", "=", company_name)], limit=1)
    env = env(context={"allowed_company_ids": [company.id]})
    env["ir.config_parameter"].set_param(
        "l10n_fr_credit_collection.batch_size", str(args.batch_size)
    )
    return env, company


def jobs_by_state(env):
    return dict(
        env["queue.job"]._read_group(
            [("channel", "like", "l10n_fr_credit")], ["state"], ["__count"]
        )
    )


def wait(registry, started, timeout, report):
    """Every second, ``report(env, jobs by state, timed out)``; print its text and
    return once it gives one."""
    while True:
        time.sleep(1)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            states = jobs_by_state(env)
            elapsed = time.perf_counter() - started
            text = report(env, states, elapsed > timeout)
            if text:
                print(f"{text} after {elapsed:.1f} s; jobs: {states}")
                return


def letter(registry, args):
    with registry.cursor() as cr:
        env, company = bench_env(cr, "Bench Lettrage SAS", args)
        if args.letter_scope:
            company.l10n_fr_letter_scope = args.letter_scope
        rules = env["l10n.fr.lettering.rule"].search([("company_id", "=", company.id)])
        # as scripts/bench_lettering.py: bank fees under 1.00 written off
        rules.filtered(lambda r: r.method == "reference").tolerance = 1.0
        cr.commit()
        started = time.perf_counter()
        rules.with_company(company)._l10n_fr_apply(origin="scheduled", commit=True)
        cr.commit()
        queued = time.perf_counter() - started
        jobs = sum(jobs_by_state(env).values())
        scope = company.l10n_fr_letter_scope
    print(
        f"letters per {scope}: proposals made and {jobs} jobs "
        f"enqueued in {queued:.1f} s",
        flush=True,
    )

    def report(env, states, timed_out):
        if timed_out or not set(states) - {"done", "failed"}:
            full = env["account.full.reconcile"].search_count([])
            return f"lettering ended: {full} full reconciliations"

    wait(registry, started, args.timeout, report)


if __name__ == "__main__":
    main()
