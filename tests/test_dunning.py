import io
import re

from freezegun import freeze_time
from PyPDF2 import PdfReader

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import config, format_amount, format_date

from .common import CreditCollectionDemoCase, DunningCase


@tagged("post_install", "-at_install")
class TestDunning(DunningCase):
    def test_level_choice_one_reminder_per_customer_with_penalties(self):
        first = self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        second = self.invoice(self.customer, 500, "2025-12-20", "2026-01-25")
        self.invoice(self.customer, 700, "2026-02-01", "2026-03-01")  # not due
        run = self.run_on("2026-02-15", send=False)
        reminder = self.reminder_of(run, self.customer)
        self.assertEqual(len(reminder), 1, "one reminder per customer")
        self.assertEqual(reminder.level_id, self.l3, "36 days late: formal notice")
        self.assertEqual(reminder.state, "draft", "a preview sends nothing")
        self.assertEqual(reminder.line_ids.move_id, first + second)
        # 1000 x 12.15 % x 36 / 365 = 11.98 ; 500 x 12.15 % x 21 / 365 = 3.50 ; 2 x 40
        self.assertEqual(
            sorted(reminder.line_ids.mapped(lambda l: (l.interest, l.indemnity))),
            [(3.5, 40.0), (11.98, 40.0)],
        )
        self.assertAlmostEqual(reminder.amount_due, 1500 + 95.48, places=2)
        run.action_send()
        self.assertEqual(reminder.state, "sent")
        self.assertEqual(
            sorted(reminder.channel_ids.mapped("channel")), ["email", "letter"]
        )
        self.assertTrue(reminder.letter_attachment_id)
        mail = self.env["mail.mail"].search(
            [("model", "=", reminder._name), ("res_id", "=", reminder.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing", "queued, sent by the mail queue")
        self.assertIn(first.name, mail.body_html)
        self.assertEqual(first.l10n_fr_reminder_count, 1)

    def test_email_body_rendered_through_the_view_as_odoo_would(self):
        """The reminder template's body (a call of a view) is rendered by the
        reminders through the compiled view, for the batch: the text is Odoo's
        (its formatters, the same body as Odoo's own rendering of the template), in
        the customer's language."""
        invoice = self.invoice(self.customer, 12345.6, "2026-01-05", "2026-01-20")
        reminder = self.reminder_of(
            self.run_on("2026-02-25", send=False), self.customer
        )
        template = self.env.ref(
            "l10n_fr_credit_collection.mail_template_dunning_reminder"
        )
        odoo_body = template._generate_template(reminder.ids, ["body_html"])[
            reminder.id
        ]["body_html"]
        mail = reminder._l10n_fr_send_mails(template)
        body = mail.body_html
        self.assertEqual(body, odoo_body)
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn(self.company.name, mail.subject)
        due = invoice.invoice_date_due
        self.assertIn(
            format_amount(self.env, 12345.6, self.company.currency_id, "fr_FR"), body
        )
        self.assertIn(format_date(self.env, due, lang_code="fr_FR"), body)
        self.assertIn(invoice.name, body)
        formatters = reminder.with_context(lang="fr_FR")._l10n_fr_mail_formatters()
        for amount in (0, 0.5, -1234567.891, 12345.6):
            for currency in (self.company.currency_id, self.env.ref("base.USD")):
                for lang in (False, "en_US"):
                    self.assertEqual(
                        formatters["format_amount"](amount, currency, lang),
                        format_amount(self.env, amount, currency, lang or "fr_FR"),
                    )
        self.assertEqual(
            formatters["format_date"](due), format_date(self.env, due, "fr_FR")
        )
        # the rendering of mail templates is Odoo's own: the addon overrides none
        for method in ("_render_template", "_render_field", "_render_eval_context"):
            module = getattr(type(self.env["mail.template"]), method).__module__
            self.assertFalse(module.startswith("odoo.addons.l10n_fr_"), method)

    def test_email_links_to_pay_online_with_a_payment_provider(self):
        """Online payment is read once per batch (_l10n_fr_online_payment) and
        given to the body; a reminder rendered alone asks for its company."""
        invoice = self.invoice(self.customer, 800, "2026-01-05", "2026-01-20")
        reminder = self.reminder_of(
            self.run_on("2026-02-25", send=False), self.customer
        )
        template = self.env.ref(
            "l10n_fr_credit_collection.mail_template_dunning_reminder"
        )
        self.assertFalse(reminder._l10n_fr_online_payment())
        self.assertEqual(reminder._portal_links(), [])
        self.env["payment.provider"].create(
            {"name": "Banque test", "state": "test", "company_id": self.company.id}
        )
        self.assertEqual(reminder._l10n_fr_online_payment(), {self.company.id})
        self.assertEqual(reminder._portal_links(frozenset()), [])
        links = reminder._portal_links()
        self.assertEqual([name for name, _url in links], [invoice.name])
        body = reminder._l10n_fr_send_mails(template).body_html
        self.assertIn(f"/my/invoices/{invoice.id}", body)
        odoo_body = template._generate_template(reminder.ids, ["body_html"])[
            reminder.id
        ]["body_html"]
        self.assertEqual(body, odoo_body)

    def test_netting_opt_out_and_dispute(self):
        netted = self.customer_named("Nets SARL")
        self.invoice(netted, 500, "2025-12-01", "2026-01-10")
        refund = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": netted.id,
                "invoice_date": "2026-01-20",
                "invoice_line_ids": [
                    Command.create({"name": "Avoir", "price_unit": 600})
                ],
            }
        )
        refund.invoice_line_ids.tax_ids = False
        refund.action_post()
        opted = self.customer_named(
            "Opt Out SAS",
            l10n_fr_dunning_opt_out=True,
            l10n_fr_dunning_opt_out_reason="Plan de paiement",
        )
        self.invoice(opted, 500, "2025-12-01", "2026-01-10")
        disputed = self.customer_named("Litige SAS")
        invoice = self.invoice(disputed, 500, "2025-12-01", "2026-01-10")
        invoice.write(
            {"l10n_fr_litigation": True, "l10n_fr_litigation_reason": "Qualité"}
        )
        run = self.run_on("2026-02-15", send=False)
        self.assertFalse(
            run.reminder_ids.filtered(
                lambda r: r.partner_id in netted | opted | disputed
            )
        )
        self.assertIn("balance is not due", run.summary)

    def test_net_balance_lists_open_credits(self):
        self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.customer.id,
                "amount": 300,
                "date": "2026-01-20",
            }
        )
        payment.action_post()
        reminder = self.reminder_of(
            self.run_on("2026-01-20", send=False), self.customer
        )
        self.assertEqual(
            (reminder.amount_overdue, reminder.amount_credit), (1000.0, 300.0)
        )
        self.assertEqual(len(reminder.line_ids), 2)

    def test_escalation_across_runs_and_repeat_interval(self):
        self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        levels = []
        for day in (
            "2026-01-16",
            "2026-01-20",
            "2026-01-26",
            "2026-01-30",
            "2026-02-06",
            "2026-02-10",
            "2026-03-12",
        ):
            reminder = self.reminder_of(self.run_on(day), self.customer)
            levels.append(reminder.level_id.name or "-")
        # L1 once; L2 at 16 days, repeated after 10 days; L3 at 31; L4 at 61 days
        self.assertEqual(levels, ["L1", "-", "L2", "-", "L2", "L3", "L4"])
        self.assertEqual(self.customer.l10n_fr_dunning_level_id, self.l4)

    def test_activity_goes_to_the_credit_controller_in_french(self):
        controller = self.env["res.users"].create(
            {
                "name": "Chloé Recouvrement",
                "login": "chloe.recouvrement@example.com",
                "lang": "fr_FR",
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
            }
        )
        sales = self.env["res.users"].create(
            {"name": "Vendeur", "login": "vendeur@example.com", "lang": "fr_FR"}
        )
        self.customer.write({"user_id": sales.id})
        self.customer.with_company(
            self.company
        ).l10n_fr_credit_controller_id = controller
        self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        reminder = self.reminder_of(self.run_on("2026-03-12"), self.customer)
        self.assertEqual(reminder.level_id, self.l4)
        activity = reminder.activity_ids
        self.assertEqual(
            activity.user_id, controller, "the controller before the sales"
        )
        self.assertEqual(activity.summary, "L4 : Acier Dupré SAS", "in French")
        other = self.customer_named("Sans Contrôleur SAS", user_id=sales.id)
        chain = other._l10n_fr_credit_controllers(
            self.company, self.l4.activity_user_id
        )
        self.assertEqual(chain[other.id], sales, "no controller: the salesperson")
        other.user_id = False
        self.company.l10n_fr_default_collector_id = controller
        chain = other._l10n_fr_credit_controllers(self.company)
        self.assertEqual(chain[other.id], controller, "else the company's default")

    def test_failure_does_not_advance_and_is_retried(self):
        silent = self.customer_named("Sans Mail SAS", email=False)
        self.invoice(silent, 1000, "2025-12-01", "2026-01-10")
        failed = self.reminder_of(self.run_on("2026-01-16"), silent)
        self.assertEqual(failed.state, "failed")
        self.assertIn("e-mail", failed.failure_reason)
        self.assertFalse(silent.l10n_fr_dunning_level_id, "the level did not advance")
        self.assertFalse(
            self.reminder_of(self.run_on("2026-01-17"), silent),
            "no new reminder at the same level while this one failed",
        )
        self.cron("2026-01-17")  # retried alone
        self.assertEqual((failed.state, failed.failure_count), ("failed", 2))
        silent.email = "paie@example.com"
        self.cron("2026-01-18")
        self.assertEqual((failed.level_id, failed.state), (self.l1, "sent"))
        self.assertEqual(silent.l10n_fr_dunning_level_id, self.l1)

    def test_rerun_is_idempotent(self):
        self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        run = self.run_on("2026-01-16")
        mails = self.env["mail.mail"].search_count(
            [("model", "=", "l10n.fr.dunning.reminder")]
        )
        run.action_send()
        again = self.run_on("2026-01-16")
        self.assertFalse(again.reminder_ids)
        self.assertIn("already reminded today", again.summary)
        self.assertEqual(
            self.env["mail.mail"].search_count(
                [("model", "=", "l10n.fr.dunning.reminder")]
            ),
            mails,
            "nothing sent twice",
        )

    def test_promise_kept_and_broken(self):
        self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        self.reminder_of(self.run_on("2026-01-16"), self.customer)  # L1
        promise = self.env["l10n.fr.dunning.promise"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "promise_date": "2026-01-20",
                "date": "2026-02-05",
                "amount": 1000,
            }
        )
        self.assertFalse(
            self.reminder_of(self.run_on("2026-01-30"), self.customer),
            "a promise suspends escalation",
        )
        reminder = self.reminder_of(self.run_on("2026-02-06"), self.customer)
        self.assertEqual(promise.state, "broken")
        self.assertTrue(reminder.promise_broken)
        self.assertEqual(reminder.level_id, self.l2, "escalates one step and says so")

        kept_customer = self.customer_named("Tient Parole SAS")
        invoice = self.invoice(kept_customer, 1000, "2025-12-01", "2026-01-10")
        kept = self.env["l10n.fr.dunning.promise"].create(
            {
                "partner_id": kept_customer.id,
                "company_id": self.company.id,
                "promise_date": "2026-01-20",
                "date": "2026-02-05",
                "amount": 1000,
            }
        )
        self.pay(invoice, 1000, "2026-02-01")
        self.run_on("2026-02-06")
        self.assertEqual(kept.state, "kept")

    def test_concurrent_run_refused(self):
        run = self.env["l10n.fr.dunning.run"].create({"company_id": self.company.id})
        with self.env.registry.cursor() as other:
            key = run._lock_key()
            other.execute("SELECT pg_advisory_lock(%s)", [key])
            try:
                with self.assertRaisesRegex(UserError, "in progress"):
                    run.action_preview()
            finally:
                other.execute("SELECT pg_advisory_unlock(%s)", [key])

    def test_unfinished_run_blocks_the_next_and_is_resumed_by_the_cron(self):
        """A run that stopped while sending (a crash between two batches, or jobs still
        queued) keeps its state: no new run decides levels meanwhile, and the
        scheduled action finishes it before starting today's."""
        self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        other = self.customer_named("Tôlerie Blanc SARL")
        self.invoice(other, 700, "2025-12-01", "2026-01-10")
        with freeze_time("2026-02-20"):
            run = self.run_on("2026-02-20", send=False)
            first, second = run.reminder_ids.sorted("id")
            first._l10n_fr_send_batch()  # the first batch went out, then the crash
            run.state = "sending"
            self.assertEqual((first.state, second.state), ("sent", "draft"))
            with self.assertRaisesRegex(UserError, "still creating or sending"):
                self.run_on("2026-02-20")
            self.cron()
        self.assertEqual(run.state, "done")
        self.assertEqual(second.state, "sent")
        mails = self.env["mail.mail"].search(
            [("model", "=", first._name), ("res_id", "in", (first + second).ids)]
        )
        self.assertEqual(len(mails), 2, "the reminder already sent is not sent again")

    def test_days_to_pay_in_working_days(self):
        """The deadline of a letter goes through rules.holidays, on the calendar of
        the company's address (CPC 642 for calendar days)."""
        self.invoice(self.customer, 1000, "2026-01-20", "2026-02-20")
        reminder = self.reminder_of(
            self.run_on("2026-03-26", send=False), self.customer
        )
        self.assertEqual(reminder.level_id, self.l3)
        # Lyon, 8 calendar days: Friday 3 April 2026, a working day
        self.assertEqual(str(reminder.payment_deadline), "2026-04-03")
        self.policy.payment_working_days = True
        # 8 working days: the weekends and Easter Monday (6 April) not counted
        self.assertEqual(str(reminder.payment_deadline), "2026-04-08")
        letter = reminder.with_context(lang="fr_FR")._l10n_fr_letters()[reminder.id]
        self.assertIn("8 jours ouvrés", letter["demand"])
        self.assertIn("8 avril 2026", letter["demand"])
        english = reminder.with_context(lang="en_US")._l10n_fr_letters()[reminder.id]
        self.assertIn("8 working days", english["demand"])
        # in Strasbourg Good Friday (3 April) is a holiday too
        self.company.partner_id.write({"zip": "67000", "city": "Strasbourg"})
        self.policy.payment_working_days = False
        # Good Friday, the weekend, Easter Monday: Tuesday 7 April
        self.assertEqual(str(reminder.payment_deadline), "2026-04-07")
        self.policy.payment_working_days = True
        self.assertEqual(str(reminder.payment_deadline), "2026-04-09")

    def test_statement_of_account(self):
        self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "l10n_fr_credit_collection.action_report_statement", self.customer.ids
            )[0]
            .decode()
        )
        self.assertIn("Relevé de compte", html)
        self.assertIn("1 000,00", html.replace("\xa0", " ").replace("&nbsp;", " "))

    def test_multi_company_isolation_and_access_rights(self):
        other = self.env["res.company"].create({"name": "Autre SAS"})
        controller = new_test_user(
            self.env,
            login="cc_dunning_user",
            groups="l10n_fr_credit_collection.group_credit_collection_user",
            company_id=other.id,
            company_ids=[other.id],
        )
        self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        self.run_on("2026-02-15")
        env = self.env(user=controller, context={"allowed_company_ids": other.ids})
        self.assertTrue(self.env["l10n.fr.dunning.reminder"].search([]))
        self.assertFalse(
            env["l10n.fr.dunning.reminder"].search([]),
            "reminders of another company are hidden",
        )
        self.assertEqual(
            env["l10n.fr.dunning.policy"].search([]).company_id,
            other,
            "only the company's own (default) policy",
        )
        with self.assertRaises(AccessError):
            self.l1.with_env(env).days = 3
        salesman = new_test_user(
            self.env, login="cc_dunning_sales", groups="base.group_user"
        )
        with self.assertRaises(AccessError):
            self.env["l10n.fr.dunning.policy"].with_user(salesman).search([])
        manager = new_test_user(
            self.env,
            login="cc_dunning_manager",
            groups="l10n_fr_credit_collection.group_credit_collection_manager",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        self.l1.with_user(manager).days = 3
        self.assertEqual(self.l1.days, 3)


@tagged("post_install", "-at_install")
class TestDunningLetter(HttpCase, DunningCase):
    """wkhtmltopdf loads the letter's assets from the test server: an HttpCase, whose
    requests share the test transaction."""

    def test_formal_notice_letter_pdf_and_receipt(self):
        invoice = self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        reminder = self.reminder_of(self.run_on("2026-02-15"), self.customer)
        self.assertEqual(reminder.kind, "formal_notice")
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "l10n_fr_credit_collection.action_report_dunning_letter", reminder.ids
            )
        )
        self.assertEqual(kind, "pdf")
        text = " ".join(
            " ".join(page.extract_text().split())
            for page in PdfReader(io.BytesIO(pdf)).pages
        )
        for mention in (
            "MISE EN DEMEURE",
            invoice.name,
            "40,00",
            "injonction de payer",
            "L441-10",
            "recommandée",
            "23 février 2026",
        ):
            self.assertIn(mention, text)
        self.assertTrue(re.search(r"1\s?000,00", text))
        reminder.notice_received_date = "2026-02-18"
        self.assertEqual(str(invoice.l10n_fr_formal_notice_date), "2026-02-18")
        # the deadline (23 Feb 2026) has passed and the invoice is unpaid
        self.assertTrue(self.customer.l10n_fr_ready_for_injonction)
        self.assertIn(
            self.customer,
            self.env["res.partner"].search(
                [("l10n_fr_ready_for_injonction", "=", True)]
            ),
        )


@tagged("post_install", "-at_install")
class TestDunningDemo(CreditCollectionDemoCase):
    def test_demo_policy_and_overview(self):
        policy = self.env["l10n.fr.dunning.policy"].search(
            [("company_id", "=", self.company.id), ("is_default", "=", True)]
        )
        self.assertEqual(policy.with_context(lang="fr_FR").name, "Relances standard")
        self.assertEqual(len(policy.level_ids), 4)
        chase = self.env["res.partner"].search([("l10n_fr_overdue_amount", ">", 0)])
        self.assertIn(self.demo("partner_menuiserie"), chase)
        aged = dict(
            self.env["l10n.fr.dunning.aged.balance"]._read_group(
                [
                    ("company_id", "=", self.company.id),
                    ("partner_id", "=", self.demo("partner_menuiserie").id),
                ],
                ["bucket"],
                ["amount:sum"],
            )
        )
        self.assertEqual(aged, {"over_90": 1020.0})
