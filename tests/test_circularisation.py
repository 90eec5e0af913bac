import io
import os
import zipfile
from datetime import date

from freezegun import freeze_time
from PyPDF2 import PdfReader

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import config

from .common import DemoLetteringCase, LetteringCase

CLOSING = "2026-06-30"


class CircularisationMixin:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.auditor = Partner.create(
            {
                "name": "Cabinet Audit Conseil",
                "email": "cac@audit.example",
                "street": "1 rue des Comptes",
                "zip": "69002",
                "city": "Lyon",
            }
        )
        cls.big = Partner.create(
            {
                "name": "Circ Gros Client SAS",
                "is_company": True,
                "email": "compta@gros.example",
                "lang": "fr_FR",
            }
        )
        cls.small = Partner.create(
            {"name": "Circ Petit Client SARL", "is_company": True, "lang": "fr_FR"}
        )
        cls.settled = Partner.create({"name": "Circ Soldé SA", "is_company": True})
        cls.big_invoice = cls.item(cls.invoice(cls.big, 95000, "2026-05-01"))
        # paid and lettered after the closing date: still open at closing
        cls.big_payment = cls.item(cls.payment(cls.big, 95000, "2026-07-10"))
        with freeze_time("2026-07-12"):
            cls.env["account.move.line"]._reconcile_plan(
                [cls.big_invoice + cls.big_payment]
            )
        cls.small_invoice = cls.item(cls.invoice(cls.small, 800, "2026-06-01"))
        # more customers with a balance at closing, for the sample and the reminders
        for name, amount in (
            ("Circ Client Moyen SAS", 1500),
            ("Circ Fidèle SARL", 2200),
        ):
            partner = Partner.create(
                {"name": name, "is_company": True, "email": "compta@circ.example"}
            )
            cls.invoice(partner, amount, "2026-04-15")
        settled_invoice = cls.item(cls.invoice(cls.settled, 300, "2026-03-01"))
        settled_payment = cls.item(cls.payment(cls.settled, 300, "2026-03-15"))
        with freeze_time("2026-03-20"):
            cls.env["account.move.line"]._reconcile_plan(
                [settled_invoice + settled_payment]
            )
        cls.env.flush_all()
        cls.controller = new_test_user(
            cls.env,
            login="circ_controller",
            groups="l10n_fr_credit_collection.group_credit_collection_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.manager = new_test_user(
            cls.env,
            login="circ_manager",
            groups="l10n_fr_credit_collection.group_credit_collection_manager,"
            "base.group_partner_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )

    def campaign(self, user=None, **values):
        env = self.env(user=user or self.controller)
        form = Form(env["l10n.fr.circularisation"])
        form.name = "CAC 2026"
        form.closing_date = CLOSING
        form.min_amount = 90000
        form.sample_count = 3
        form.seed = 42
        form.auditor_id = env["res.partner"].browse(self.auditor.id)
        form.auditor_reference = "CAC-26-001"
        form.signatory_title = "Président"
        for key, value in values.items():
            setattr(form, key, value)
        return form.save()

    def line_of(self, campaign, partner):
        return campaign.line_ids.filtered(lambda line: line.partner_id == partner)


class CircularisationCase(CircularisationMixin, LetteringCase):
    """Circularisation in a French company of the test."""


@tagged("post_install", "-at_install")
class TestCircularisation(CircularisationCase):
    def test_selection_is_reproducible_and_covers(self):
        campaign = self.campaign()
        campaign.action_select()
        big = self.line_of(campaign, self.big)
        self.assertEqual(big.reason, "threshold")
        self.assertEqual(big.balance, 95000.0, "paid after closing: open at closing")
        self.assertFalse(self.line_of(campaign, self.settled), "zero balance")
        sampled = campaign.line_ids.filtered(lambda line: line.reason == "sample")
        everyone = self.campaign(min_amount=0, sample_count=0, select_all=True)
        everyone.action_select()
        rest = len(everyone.line_ids) - len(campaign.line_ids - sampled)
        self.assertEqual(len(sampled), min(3, rest))
        self.assertTrue(sampled)
        selection = [(line.partner_id, line.reason) for line in campaign.line_ids]
        campaign.action_reset()
        self.assertFalse(campaign.line_ids)
        campaign.action_select()
        self.assertEqual(
            [(line.partner_id, line.reason) for line in campaign.line_ids],
            selection,
            "same seed, same sample",
        )
        self.assertGreater(campaign.coverage, 0)
        self.assertLessEqual(campaign.coverage, 100)
        self.assertAlmostEqual(
            campaign.selected_balance,
            sum(abs(b) for b in campaign.line_ids.mapped("balance")),
        )
        self.assertAlmostEqual(everyone.coverage, 100.0)
        self.assertIn(self.small, everyone.line_ids.partner_id)
        with self.assertRaises(ValidationError):
            self.campaign(min_amount=0, sample_count=0)

    def test_controller_prepares_manager_sends_replies_reminders_pack(self):
        campaign = self.campaign()
        campaign.action_select()
        with self.assertRaises(AccessError):
            campaign.action_send()
        campaign = campaign.with_user(self.manager)
        with freeze_time("2027-01-10"):
            campaign.action_send()
        self.assertEqual(campaign.state, "sent")
        big = self.line_of(campaign, self.big)
        self.assertEqual(big.state, "sent")
        self.assertEqual(big.sent_date, date(2027, 1, 10))
        self.assertTrue(big.letter_attachment_id)
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", big._name), ("res_id", "=", big.id)])
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("cac@audit.example", mail.reply_to)
        self.assertEqual(mail.attachment_ids, big.letter_attachment_id)
        self.assertIn("cac@audit.example", mail.body_html)
        # replies
        lines = campaign.line_ids
        others = lines - big
        big.with_user(self.controller).action_agree()
        self.assertEqual(big.state, "agreed")
        self.assertEqual(big.stated_amount, 95000.0)
        disagreeing = others[0].with_user(self.controller)
        disagreeing.action_disagree()
        disagreeing.stated_amount = disagreeing.balance - 100
        self.assertEqual(disagreeing.difference, 100.0)
        self.assertEqual(disagreeing.residual_difference, 100.0)
        disagreeing.explanation_ids = [
            fields.Command.create(
                {"kind": "payment_in_transit", "amount": 60, "note": "virement 2/07"}
            )
        ]
        self.assertEqual(disagreeing.residual_difference, 40.0)
        with self.assertRaises(UserError):
            self.env["l10n.fr.circularisation.line"].create(
                {
                    "campaign_id": campaign.id,
                    "partner_id": self.settled.id,
                    "kind": "customer",
                }
            ).action_agree()
        # reminders: 15 days after the request, at most twice
        waiting = lines.filtered(lambda line: line.state == "sent")
        with freeze_time("2027-01-20"):
            self.assertFalse(campaign.action_remind())
        with freeze_time("2027-01-25"):
            self.assertEqual(campaign.action_remind(), waiting)
        self.assertEqual(set(waiting.mapped("reminder_count")), {1})
        with freeze_time("2027-02-09"):
            campaign.action_remind()
        with freeze_time("2027-03-09"):
            self.assertFalse(campaign.action_remind(), "two reminders at most")
        self.assertEqual(campaign.count_agreed, 1)
        self.assertEqual(campaign.count_disagreed, 1)
        self.assertEqual(campaign.count_no_reply, len(waiting))
        # the state in the pivot
        states = dict(
            self.env["l10n.fr.circularisation.line"]._read_group(
                [("campaign_id", "=", campaign.id)], ["state"], ["__count"]
            )
        )
        self.assertEqual(states["agreed"], 1)
        campaign.action_close()
        self.assertEqual(campaign.state, "closed")
        self.assertFalse(lines.filtered(lambda line: line.state == "sent"))
        # audit pack
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "l10n_fr_credit_collection.report_circularisation_audit", campaign.ids
            )[0]
            .decode()
        )
        self.assertIn("a random sample of 3 among the rest (seed 42)", html)
        self.assertIn("virement 2/07", html)
        self.assertIn("Circ Gros Client SAS", html)
        xlsx = campaign._l10n_fr_xlsx()
        with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
            strings = book.read("xl/sharedStrings.xml").decode()
        self.assertIn("Circ Gros Client SAS", strings)
        self.assertIn("virement 2/07", strings)
        action = campaign.action_export_xlsx()
        self.assertIn("/web/content/", action["url"])

    def test_closing_date_defaults_to_the_last_fiscal_year_end(self):
        self.company.write({"fiscalyear_last_day": 31, "fiscalyear_last_month": "12"})
        with freeze_time("2027-03-15"):
            form = Form(self.env(user=self.controller)["l10n.fr.circularisation"])
        self.assertEqual(form.closing_date, date(2026, 12, 31))
        self.company.write({"fiscalyear_last_day": 30, "fiscalyear_last_month": "6"})
        with freeze_time("2027-03-15"):
            form = Form(self.env(user=self.controller)["l10n.fr.circularisation"])
        self.assertEqual(form.closing_date, date(2026, 6, 30))

    def test_multi_company(self):
        campaign = self.campaign()
        other = self.env["res.company"].create({"name": "Autre Circ SAS"})
        outsider = new_test_user(
            self.env,
            login="circ_outsider",
            groups="l10n_fr_credit_collection.group_credit_collection_manager",
            company_id=other.id,
            company_ids=[other.id],
        )
        env = self.env(user=outsider, context={"allowed_company_ids": other.ids})
        self.assertFalse(
            env["l10n.fr.circularisation"].search([("id", "=", campaign.id)])
        )
        campaign.action_select()
        self.assertFalse(
            env["l10n.fr.circularisation.line"].search(
                [("campaign_id", "=", campaign.id)]
            )
        )
        salesman = new_test_user(self.env, login="circ_sales", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["l10n.fr.circularisation"].with_user(salesman).search([])


@tagged("post_install", "-at_install")
class TestCircularisationLetter(HttpCase, CircularisationCase):
    """wkhtmltopdf loads the letter's assets from the test server."""

    def test_request_letter_pdf(self):
        campaign = self.campaign(show_items=True)
        campaign.action_select()
        big = self.line_of(campaign, self.big)
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "l10n_fr_credit_collection.action_report_circularisation_letter",
                big.ids,
            )
        )
        self.assertEqual(kind, "pdf")
        text = " ".join(
            " ".join(page.extract_text().split())
            for page in PdfReader(io.BytesIO(pdf)).pages
        )
        for mention in (
            self.company.name,
            "RCS",  # the shared letterhead: mentions of business papers
            "Cabinet Audit Conseil",
            "CAC-26-001",
            "30 juin 2026",
            "Madame, Monsieur",
            "Objet",
            self.big_invoice.move_name,
            "Président",
            "directement",
        ):
            self.assertIn(mention, text)
        self.assertNotIn(self.big_payment.move_name, text, "paid after closing")
        self.keep(pdf, "letter")
        big.state = "sent"
        big.action_disagree()
        big.stated_amount = 94000
        big.explanation_ids = [
            fields.Command.create(
                {"kind": "dispute", "amount": 1000, "note": "remise contestée"}
            )
        ]
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True, lang="fr_FR")
            ._render_qweb_pdf(
                "l10n_fr_credit_collection.action_report_circularisation_audit",
                campaign.ids,
            )
        )
        self.keep(pdf, "audit")
        text = " ".join(
            " ".join(page.extract_text().split())
            for page in PdfReader(io.BytesIO(pdf)).pages
        )
        for mention in (
            "Circularisation : CAC 2026",
            "les soldes de 90",
            "graine 42",
            "Couverture",
            "Circ Gros Client SAS",
            "remise contestée",
            "Écart résiduel",
        ):
            self.assertIn(mention, text)

    @staticmethod
    def keep(pdf, name):
        """L10N_FR_KEEP_PDF=folder: the PDFs written there, to look at them."""
        folder = os.environ.get("L10N_FR_KEEP_PDF")
        if folder:
            with open(os.path.join(folder, f"circularisation_{name}.pdf"), "wb") as f:
                f.write(pdf)


@tagged("post_install", "-at_install")
class TestCircularisationDemo(CircularisationMixin, DemoLetteringCase):
    def test_demo_suppliers_at_the_last_closing_date(self):
        last_closing = (
            self.env["l10n.fr.circularisation"]
            .with_company(self.company)
            ._default_closing_date()
        )
        campaign = self.campaign(
            closing_date=last_closing,
            scope="supplier",
            min_amount=0,
            sample_count=0,
            select_all=True,
        )
        campaign.action_select()
        balances = {
            line.partner_id.name: line.balance
            for line in campaign.line_ids
            if line.partner_id.name in ("Aciéries du Rhône SAS", "Peintures Vidal SARL")
        }
        # 3,600 less 1,200 paid, and 960 unpaid (20 % VAT): owed to them
        self.assertEqual(
            balances,
            {"Aciéries du Rhône SAS": -2400.0, "Peintures Vidal SARL": -960.0},
        )
