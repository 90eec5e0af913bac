"""Worklist benchmark (not a test): how long "Ma journée de recouvrement" takes to
open for one credit controller on the dunning benchmark's ledger.

    scripts/bench_worklist.sh [customers] [overdue invoices]

builds the ledger of scripts/bench_dunning.py (``bench_dunning_ledger``), then this
script (``--db <db> -- <odoo options>``):

1. gives the bench company 10 credit controllers, each customer one of them
   (round robin, res.partner.l10n_fr_credit_controller_id), and seeds the day's work
   in SQL: a call activity due for 20 % of the customers, a promise to pay due today
   for 5 %, an open dispute near its deadline for 2 % (on their oldest overdue
   invoice);
2. times what the web client asks when a controller opens the worklist, as that user
   (record rules on): ``web_read_group`` by kind with the filter "Mine", then
   ``web_search_read`` of the first 80 lines of each group, ``--repeat`` times; and
   counts the SQL queries of one opening (one query for the ranking per call, never
   one per customer).

Every measurement records the load average before and after it.
"""

import argparse
import json
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api

COMPANY_NAME = "Bench SAS"
CONTROLLERS = 10


def loadavg():
    with open("/proc/loadavg") as handle:
        return " ".join(handle.read().split()[:3])


def seed(env, company):
    cr = env.cr
    users = env["res.users"].search([("login", "like", "bench_ctl_%")])
    group = env.ref("l10n_fr_credit_collection.group_credit_collection_user")
    for index in range(len(users), CONTROLLERS):
        users |= env["res.users"].create(
            {
                "name": f"Contrôleur {index}",
                "login": f"bench_ctl_{index}",
                "company_id": company.id,
                "company_ids": [(6, 0, company.ids)],
                "groups_id": [(4, group.id)],
            }
        )
    ids = users.ids
    cr.execute("SELECT 1 FROM l10n_fr_dispute WHERE name LIKE 'LIT/BENCH/%%' LIMIT 1")
    if cr.fetchone():  # seeded already (a second measurement on the same copy)
        cr.execute(
            "SELECT count(DISTINCT commercial_partner_id) FROM account_move"
            " WHERE company_id = %s AND move_type = 'out_invoice'"
            " AND state = 'posted' AND amount_residual > 0"
            " AND invoice_date_due < CURRENT_DATE",
            [company.id],
        )
        return users, cr.fetchone()[0]
    cr.execute(
        """
        WITH customers AS (
            SELECT DISTINCT line.partner_id AS id
              FROM account_move_line line
             WHERE line.company_id = %(company)s AND line.partner_id IS NOT NULL
        ), numbered AS (
            SELECT id, row_number() OVER (ORDER BY id) AS n FROM customers
        )
        UPDATE res_partner partner
           SET l10n_fr_credit_controller_id = COALESCE(
                   partner.l10n_fr_credit_controller_id, '{}'::jsonb)
               || jsonb_build_object(%(company)s::text,
                                     (%(users)s::int[])[1 + numbered.n %% %(count)s])
          FROM numbered WHERE numbered.id = partner.id
        """,
        {"company": company.id, "users": ids, "count": len(ids)},
    )
    env.invalidate_all()
    call_type = env.ref("mail.mail_activity_data_call")
    model = env["ir.model"]._get_id("res.partner")
    reason = env.ref("l10n_fr_credit_collection.dispute_reason_price")
    cr.execute(
        """
        CREATE TEMP TABLE bench_overdue AS
        SELECT DISTINCT ON (move.commercial_partner_id)
               move.commercial_partner_id AS partner_id, move.id AS move_id,
               move.amount_residual,
               (partner.l10n_fr_credit_controller_id->>%(company)s::text)::int
                   AS user_id
          FROM account_move move
          JOIN res_partner partner ON partner.id = move.commercial_partner_id
         WHERE move.company_id = %(company)s AND move.move_type = 'out_invoice'
           AND move.state = 'posted' AND move.amount_residual > 0
           AND move.invoice_date_due < CURRENT_DATE
      ORDER BY move.commercial_partner_id, move.invoice_date_due;
        INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name,
               activity_type_id, user_id, date_deadline, summary, active,
               automated, create_uid, write_uid, create_date, write_date)
        SELECT %(model)s, 'res.partner', partner_id, 'bench', %(call)s, user_id,
               CURRENT_DATE - (partner_id %% 5), 'Appel', TRUE, FALSE, 1, 1,
               NOW(), NOW()
          FROM bench_overdue WHERE partner_id %% 5 = 0;
        INSERT INTO l10n_fr_dunning_promise (partner_id, company_id, date, amount,
               promise_date, state, create_uid, write_uid, create_date, write_date)
        SELECT partner_id, %(company)s, CURRENT_DATE, amount_residual,
               CURRENT_DATE - 7, 'open', 1, 1, NOW(), NOW()
          FROM bench_overdue WHERE partner_id %% 20 = 1;
        WITH created AS (
            INSERT INTO l10n_fr_dispute (name, partner_id, company_id, reason_id,
                   amount, user_id, deadline, state, create_uid, write_uid,
                   create_date, write_date)
            SELECT 'LIT/BENCH/' || partner_id, partner_id, %(company)s, %(reason)s,
                   amount_residual, user_id, CURRENT_DATE + 2, 'open', 1, 1, NOW(),
                   NOW()
              FROM bench_overdue WHERE partner_id %% 50 = 2
            RETURNING id, partner_id)
        INSERT INTO l10n_fr_dispute_account_move_rel (dispute_id, move_id)
        SELECT created.id, bench_overdue.move_id
          FROM created JOIN bench_overdue USING (partner_id);
        UPDATE account_move SET l10n_fr_litigation = TRUE
         WHERE id IN (SELECT move_id FROM l10n_fr_dispute_account_move_rel);
        """,
        {
            "company": company.id,
            "model": model,
            "call": call_type.id,
            "reason": reason.id,
        },
    )
    cr.execute("SELECT count(*) FROM bench_overdue")
    return users, cr.fetchone()[0]


def open_worklist(env, user):
    """What the web client asks when ``user`` opens the worklist (filter Mine,
    grouped by kind, each group's first 80 lines)."""
    Task = env["l10n.fr.collection.task"]
    domain = [("user_id", "=", user.id)]
    spec = {
        name: {}
        for name in (
            "priority",
            "kind",
            "partner_id",
            "summary",
            "due_date",
            "amount_overdue",
            "days_late",
            "user_id",
            "currency_id",
        )
    }
    groups = Task.web_read_group(domain, ["kind"], ["kind"])
    lines = 0
    for group in groups["groups"]:
        found = Task.web_search_read(
            domain + [("kind", "=", group["kind"])], spec, limit=80
        )
        lines += len(found["records"])
    return groups["length"], lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--results", required=True, help="JSON lines file")
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:split])
    odoo.tools.config.parse_config(argv[split + 1 :] + ["-d", args.db])
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env["res.company"].search([("name", "=", COMPANY_NAME)], limit=1)
        users, customers = seed(env, company)
        cr.commit()
        cr.execute("SELECT kind, count(*) FROM l10n_fr_collection_task GROUP BY kind")
        print("tasks by kind:", dict(cr.fetchall()), "customers overdue:", customers)
        user = users[0]
        uenv = api.Environment(cr, user.id, {"allowed_company_ids": company.ids})
        with open(args.results, "a") as out:
            for attempt in range(args.repeat):
                uenv.invalidate_all()
                before = loadavg()
                queries = cr.sql_log_count
                start = time.perf_counter()
                groups, lines = open_worklist(uenv, uenv.user)
                seconds = time.perf_counter() - start
                row = {
                    "phase": "worklist_open",
                    "attempt": attempt + 1,
                    "seconds": round(seconds, 3),
                    "queries": cr.sql_log_count - queries,
                    "groups": groups,
                    "lines": lines,
                    "customers_overdue": customers,
                    "loadavg": f"{before} -> {loadavg()}",
                }
                print(json.dumps(row))
                out.write(json.dumps(row) + "\n")
        cr.rollback()


if __name__ == "__main__":
    main()
