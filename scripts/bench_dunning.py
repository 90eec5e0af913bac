"""Dunning benchmark (not a test): N customers with M overdue invoices, then a run.

Run through scripts/bench_dunning.sh, which prepares the database. The data are
generated with set-based SQL (an ORM-created invoice costs ~50 ms: 50,000 of them
would take most of an hour), in a company of their own with the French chart.

Prints the time of the selection + levels + penalties step (nothing written) and of
the whole scheduled run (reminder records, queued e-mails, commits per batch).
"""

import argparse
import threading
import time
from datetime import date

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def generate(env, customers, invoices, today):
    # a French company without installing the country's optional modules (Odoo does so
    # for a new company outside tests: account_peppol would need phonenumbers)
    threading.current_thread().testing = True
    company = env["res.company"].create(
        {"name": "Bench SAS", "country_id": env.ref("base.fr").id}
    )
    env["account.chart.template"]._load("fr", company, install_demo=False)
    threading.current_thread().testing = False
    company._l10n_fr_create_default_dunning_policy()
    levels = env["l10n.fr.dunning.level"].search([("company_id", "=", company.id)])
    levels.write({"send_email": True, "send_letter": False, "create_activity": False})
    journal = env["account.journal"].search(
        [("company_id", "=", company.id), ("type", "=", "sale")], limit=1
    )
    receivable = company.partner_id.with_company(company).property_account_receivable_id
    income = journal.default_account_id
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            INSERT INTO res_partner (name, complete_name, is_company, active, email,
                                     lang, type, company_id, l10n_fr_debtor_type,
                                     autopost_bills, create_date, write_date)
            SELECT 'Client ' || g, 'Client ' || g, true, true,
                   'client' || g || '@example.com', 'en_US', 'contact', %(company)s,
                   'auto', 'ask', now(), now()
              FROM generate_series(1, %(customers)s) g
            RETURNING id
            """,
            company=company.id,
            customers=customers,
        )
    )
    partner_ids = [row[0] for row in env.cr.fetchall()]
    env.cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
        [partner_ids],
    )
    env.cr.execute(
        SQL(
            """
            INSERT INTO account_move (name, move_type, state, date, invoice_date,
                                      invoice_date_due, partner_id,
                                      commercial_partner_id, company_id, journal_id,
                                      currency_id, auto_post,
                                      amount_untaxed, amount_total, amount_residual,
                                      amount_total_signed, amount_residual_signed,
                                      payment_state, create_date, write_date)
            SELECT 'BENCH/' || g, 'out_invoice', 'posted', d, d, d + 30, p, p,
                   %(company)s, %(journal)s, %(currency)s, 'no', a, a, a, a, a,
                   'not_paid', now(), now()
              FROM (SELECT g,
                           (%(partners)s)[1 + mod(g, %(customers)s)] AS p,
                           %(today)s::date - 35 - mod(g, 150) AS d,
                           100 + mod(g, 900) AS a
                      FROM generate_series(1, %(invoices)s) g) s
            RETURNING id
            """,
            company=company.id,
            journal=journal.id,
            currency=company.currency_id.id,
            partners=partner_ids,
            customers=customers,
            invoices=invoices,
            today=today,
        )
    )
    move_ids = [row[0] for row in env.cr.fetchall()]
    env.cr.execute(
        SQL(
            """
            INSERT INTO account_move_line (move_id, move_name, date, parent_state,
                   journal_id, company_id, company_currency_id, currency_id, account_id,
                   partner_id, display_type, balance, debit, credit, amount_currency,
                   amount_residual, amount_residual_currency, reconciled, date_maturity,
                   name, quantity, price_unit, price_subtotal, price_total)
            SELECT m.id, m.name, m.date, 'posted', m.journal_id, m.company_id,
                   m.currency_id, m.currency_id, %(receivable)s, m.partner_id,
                   'payment_term', m.amount_total, m.amount_total, 0, m.amount_total,
                   m.amount_total, m.amount_total, false, m.invoice_date_due, '',
                   1, 0, 0, 0
              FROM account_move m WHERE m.id = ANY(%(moves)s)
            UNION ALL
            SELECT m.id, m.name, m.date, 'posted', m.journal_id, m.company_id,
                   m.currency_id, m.currency_id, %(income)s, m.partner_id,
                   'product', -m.amount_total, 0, m.amount_total, -m.amount_total,
                   0, 0, false, NULL, 'Bench', 1, m.amount_total, m.amount_total,
                   m.amount_total
              FROM account_move m WHERE m.id = ANY(%(moves)s)
            """,
            receivable=receivable.id,
            income=income.id,
            moves=move_ids,
        )
    )
    env.invalidate_all()
    return company


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--customers", type=int, default=10000)
    parser.add_argument("--invoices", type=int, default=50000)
    parser.add_argument("odoo_options", nargs="*")
    args = parser.parse_args()
    odoo.tools.config.parse_config(args.odoo_options + ["-d", args.db])
    registry = odoo.modules.registry.Registry(args.db)
    today = date.today()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        started = time.perf_counter()
        company = generate(env, args.customers, args.invoices, today)
        cr.commit()
        print(
            f"generated {args.customers} customers, {args.invoices} overdue "
            f"invoices in {time.perf_counter() - started:.1f} s"
        )
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"allowed_company_ids": [company.id]})
        run = (
            env["l10n.fr.dunning.run"]
            .with_company(company)
            .create({"company_id": company.id, "trigger": "cron"})
        )
        cr.commit()
        started = time.perf_counter()
        decisions, _by_partner, skipped = run._decisions()
        penalties = run._penalties(decisions)
        selection = time.perf_counter() - started
        print(
            f"selection + levels + penalties: {selection:.2f} s "
            f"({len(decisions)} customers to remind, {len(penalties)} invoices "
            f"with penalties, left out: {dict(skipped)})"
        )
        env.invalidate_all()
        started = time.perf_counter()
        run.action_send()
        cr.commit()
        whole = time.perf_counter() - started
        mails = env["mail.mail"].search_count(
            [("model", "=", "l10n.fr.dunning.reminder")]
        )
        lines = env["l10n.fr.dunning.reminder.line"].search_count(
            [("reminder_id.run_id", "=", run.id)]
        )
        print(
            f"whole run: {whole:.1f} s ({run.sent_count} reminders sent, "
            f"{lines} reminder items, {mails} e-mails queued, "
            f"{run.failed_count} failed)"
        )


if __name__ == "__main__":
    main()
