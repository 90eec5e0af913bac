"""Dunning run distributed over Odoo workers with queue_job (a benchmark, not a test).

Run through scripts/bench_jobs.sh, which prepares the database (the ledger of
scripts/bench_dunning.py, queue_job and the bridge addon installed) and starts Odoo
in multi-worker mode with the job runner. Creates today's scheduled run of the bench
company, sends it (each batch of reminders becomes a job), then waits until the last
job has ended the run. Prints the time to enqueue, the time until the run is done,
and the jobs by state.
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
    parser.add_argument("odoo_options", nargs="*")
    args = parser.parse_args()
    odoo.tools.config.parse_config(args.odoo_options + ["-d", args.db])
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env["res.company"].search([("name", "=", "Bench SAS")], limit=1)
        env = env(context={"allowed_company_ids": [company.id]})
        env["ir.config_parameter"].set_param(
            "l10n_fr_credit_collection.batch_size", str(args.batch_size)
        )
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
        jobs = env["queue.job"].search_count([("channel", "like", "l10n_fr_credit")])
    print(
        f"reminders created and {jobs} jobs enqueued in {queued:.1f} s "
        f"({reminders} reminders)",
        flush=True,
    )
    while True:
        time.sleep(1)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            run = env["l10n.fr.dunning.run"].browse(run_id)
            elapsed = time.perf_counter() - started
            if run.state == "done" or elapsed > args.timeout:
                states = env["queue.job"]._read_group(
                    [("channel", "like", "l10n_fr_credit")], ["state"], ["__count"]
                )
                mails = env["mail.mail"].search_count(
                    [("model", "=", "l10n.fr.dunning.reminder")]
                )
                print(
                    f"run {run.state} after {elapsed:.1f} s: {run.sent_count} "
                    f"reminders sent, {run.failed_count} failed, {mails} e-mails "
                    f"queued; jobs: {dict(states)}"
                )
                return


if __name__ == "__main__":
    main()
