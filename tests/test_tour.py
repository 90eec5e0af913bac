import shutil

from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "l10n_fr_demo")
class TestTours(HttpCase):
    """User flows in headless Chromium. A missing browser fails here instead of being
    skipped by Odoo (scripts/test_report.py also fails on any skipped test)."""

    def setUp(self):
        super().setUp()
        self.assertTrue(
            shutil.which("chromium") or shutil.which("google-chrome"),
            "Chromium is needed for the tours (Debian package chromium)",
        )

    def test_overdue_invoices_menu(self):
        company = self.env.ref("l10n_fr_credit_collection.demo_company")
        self.env.ref("base.user_admin").company_id = company
        self.start_tour(
            "/odoo/customer-invoices",
            "l10n_fr_credit_collection_overdue",
            login="admin",
        )

    def test_years_without_thousands_separator(self):
        self.env.ref("base.user_admin").lang = "fr_FR"  # "2 026" is the French format
        for action, tour in (
            ("l10n_fr_franchise_threshold_action", "years_list"),
            ("l10n_fr_penalty_rate_action", "years_form"),
        ):
            self.start_tour(
                f"/odoo/action-l10n_fr_credit_collection.{action}",
                f"l10n_fr_credit_collection_{tour}",
                login="admin",
            )

    def test_dunning_configure_preview_open_print(self):
        company = self.env.ref("l10n_fr_credit_collection.demo_company")
        self.env.ref("base.user_admin").write(
            {"company_id": company.id, "company_ids": [Command.link(company.id)]}
        )
        self.start_tour(
            "/odoo/action-l10n_fr_credit_collection.l10n_fr_dunning_policy_action",
            "l10n_fr_credit_collection_dunning",
            login="admin",
        )
        policy = self.env["l10n.fr.dunning.policy"].search(
            [("company_id", "=", company.id), ("is_default", "=", True)]
        )
        self.assertEqual(
            policy.level_ids.sorted("days").mapped("days"),
            [6, 15, 30, 60],
            "the tour configured the first level",
        )
        run = self.env["l10n.fr.dunning.run"].search(
            [("company_id", "=", company.id)], order="id desc", limit=1
        )
        self.assertEqual(run.state, "preview")
        self.assertTrue(run.reminder_ids)

    def test_circularisation_prepare_and_send(self):
        company = self.env.ref("l10n_fr_credit_collection.demo_company")
        self.env.ref("base.user_admin").write(
            {"company_id": company.id, "company_ids": [Command.link(company.id)]}
        )
        self.env.ref("base.user_admin").lang = "fr_FR"  # the tour types a French date
        self.env["res.partner"].create(
            {"name": "Cabinet Tour Audit", "email": "tour@audit.example"}
        )
        self.start_tour(
            "/odoo/action-l10n_fr_credit_collection.l10n_fr_circularisation_action",
            "l10n_fr_credit_collection_circularisation",
            login="admin",
        )
        campaign = self.env["l10n.fr.circularisation"].search(
            [("name", "=", "Tour Circularisation")]
        )
        self.assertEqual(campaign.state, "sent")
        self.assertEqual(campaign.company_id, company)
        self.assertTrue(campaign.line_ids)
        self.assertEqual(set(campaign.line_ids.mapped("state")), {"sent"})

    def test_worklist_log_a_call_with_a_promise(self):
        company = self.env.ref("l10n_fr_credit_collection.demo_company")
        admin = self.env.ref("base.user_admin")
        admin.write(
            {
                "company_id": company.id,
                "company_ids": [Command.link(company.id)],
                "lang": "fr_FR",  # the tour types a French date
            }
        )
        env = self.env(context=dict(self.env.context, allowed_company_ids=company.ids))
        customer = env["res.partner"].create(
            {"name": "Tour Appel SAS", "is_company": True, "company_id": company.id}
        )
        customer.with_company(company).l10n_fr_credit_controller_id = admin
        invoice = (
            env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "invoice_date": "2026-01-05",
                    "invoice_date_due": "2026-01-05",
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Grille", "quantity": 1, "price_unit": 700}
                        )
                    ],
                }
            )
        )
        invoice.action_post()
        customer.activity_schedule("mail.mail_activity_data_call", user_id=admin.id)
        self.start_tour(
            "/odoo/action-l10n_fr_credit_collection.l10n_fr_collection_task_action",
            "l10n_fr_credit_collection_worklist",
            login="admin",
        )
        promise = env["l10n.fr.dunning.promise"].search(
            [("partner_id", "=", customer.id)]
        )
        self.assertEqual(len(promise), 1)
        self.assertEqual(promise.amount, invoice.amount_residual)
        self.assertFalse(
            env["l10n.fr.collection.task"].search([("partner_id", "=", customer.id)])
        )
