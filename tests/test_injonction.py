import io
from datetime import date

from PyPDF2 import PdfReader

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import config

from .test_dunning import DunningCase


class InjonctionCase(DunningCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.invoice_terms = (
            "<p>Conditions générales de vente : paiement à 30 jours.</p>"
        )
        cls.transports = cls.demo("partner_transports")
        cls.Wizard = cls.env["l10n.fr.injonction.wizard"]

    def wizard_for(self, partner, **values):
        return self.Wizard.with_context(
            active_model="res.partner", active_ids=partner.ids
        ).create(values)

    def codes(self, wizard, level="blocking"):
        return {code for lvl, code, _m in wizard._l10n_fr_checks() if lvl == level}


@tagged("post_install", "-at_install")
class TestInjonction(InjonctionCase):
    def test_wizard_from_customer_demo_story(self):
        wizard = self.wizard_for(self.transports)
        invoice = self.demo("inv_transports_overdue_75")
        self.assertEqual(wizard.invoice_ids, invoice)
        self.assertTrue(wizard.between_traders)
        self.assertEqual(wizard.court_type, "tae")  # Lyon, during the experiment
        self.assertEqual(
            wizard.court_id, self.env.ref("l10n_fr_credit_collection.court_tae_lyon")
        )
        self.assertFalse(wizard.blocking_message, wizard.blocking_message)
        self.assertIn("formal_notice", self.codes(wizard, "warning"))
        case = self.env["l10n.fr.injonction.case"].browse(
            wizard.action_create_case()["res_id"]
        )
        amounts = invoice.l10n_fr_penalty_amounts(wizard.claim_date)
        self.assertAlmostEqual(case.amount_principal, invoice.amount_residual)
        self.assertAlmostEqual(case.amount_interest, amounts["interest"])
        self.assertAlmostEqual(case.amount_indemnity, 40.0)
        self.assertAlmostEqual(case.court_fee, 35.21)
        self.assertAlmostEqual(
            case.amount_total,
            invoice.amount_residual + amounts["interest"] + 40 + 35.21,
        )
        self.assertEqual(case.exhibit_ids.mapped("kind"), ["invoice", "terms"])
        self.assertTrue(invoice.l10n_fr_dunning_excluded)
        case.action_abandon()
        self.assertFalse(invoice.l10n_fr_dunning_excluded)

    def test_wizard_from_selected_invoices_and_from_a_litigation_reminder(self):
        invoice = self.demo("inv_menuiserie_overdue_200")
        wizard = self.Wizard.with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})
        self.assertEqual(
            (wizard.partner_id, wizard.invoice_ids),
            (self.demo("partner_menuiserie"), invoice),
        )
        self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        reminder = self.reminder_of(self.run_on("2026-03-12"), self.customer)
        self.assertEqual(reminder.kind, "litigation")
        from_reminder = self.Wizard.with_context(
            active_model="l10n.fr.dunning.reminder", active_ids=reminder.ids
        ).create({})
        self.assertEqual(from_reminder.partner_id, self.customer)
        self.assertEqual(from_reminder.invoice_ids, reminder.line_ids.move_id)
        self.assertNotIn("reminder_level", self.codes(from_reminder))

    def test_court_judiciaire_for_consumer(self):
        wizard = self.wizard_for(self.demo("partner_consumer"))
        self.assertFalse(wizard.between_traders)
        self.assertEqual(wizard.court_type, "judiciaire")
        self.assertEqual(wizard.court_id.city, "Nantes")

    def test_eligibility_errors(self):
        eu = self.wizard_for(self.demo("partner_eu"))
        self.assertIn("abroad", self.codes(eu))
        self.assertIn("form A", eu.blocking_message)
        with self.assertRaises(UserError):
            eu.action_create_case()

        menuiserie = self.demo("partner_menuiserie")
        menuiserie.l10n_fr_collective_proceedings = True
        self.assertIn("collective", self.codes(self.wizard_for(menuiserie)))
        menuiserie.l10n_fr_collective_proceedings = False
        menuiserie.siret = "39876543800014"
        self.assertIn("debtor_siret", self.codes(self.wizard_for(menuiserie)))
        menuiserie.siret = "39876543800013"
        self.assertFalse(self.codes(self.wizard_for(menuiserie)))

        no_address = self.customer_named("Sans Adresse SAS")
        self.invoice(no_address, 500, "2026-06-01", "2026-07-01")
        self.assertIn("address", self.codes(self.wizard_for(no_address)))

        wizard = self.wizard_for(menuiserie, contract_basis="none")
        self.assertIn("contract", self.codes(wizard))
        wizard.invoice_ids.l10n_fr_litigation = True
        wizard = self.wizard_for(menuiserie)
        self.assertIn("invoices", self.codes(wizard))  # disputed invoices left out

        self.company.partner_id.siret = False
        self.company.company_registry = False
        self.assertIn("creditor_siret", self.codes(self.wizard_for(self.transports)))

    def test_limitation_against_a_consumer(self):
        consumer = self.env["res.partner"].create(
            {
                "name": "Paul Martin",
                "street": "1 rue Neuve",
                "zip": "44000",
                "city": "Nantes",
                "country_id": self.env.ref("base.fr").id,
            }
        )
        self.invoice(consumer, 300, "2023-03-01", "2023-03-31")
        wizard = self.wizard_for(consumer)
        self.assertIn("limitation", self.codes(wizard))
        self.assertIn("L218-2", wizard.blocking_message)

    def test_small_claim_and_reminder_level(self):
        wizard = self.wizard_for(self.demo("partner_menuiserie"))
        self.assertIn("small_claim", self.codes(wizard, "info"))
        self.invoice(self.customer, 1000, "2026-01-05", "2026-02-04")
        self.customer.write(
            {
                "street": "1 rue X",
                "zip": "69003",
                "city": "Lyon",
                "country_id": self.env.ref("base.fr").id,
            }
        )
        run = self.run_on("2026-03-20")
        reminder = run.reminder_ids.filtered(lambda r: r.partner_id == self.customer)
        self.assertEqual(reminder.kind, "formal_notice")
        wizard = self.Wizard.with_context(
            active_model="l10n.fr.dunning.reminder", active_ids=reminder.ids
        ).create({})
        self.assertIn("reminder_level", self.codes(wizard))

    def test_case_deadlines_and_activities(self):
        case = self.env["l10n.fr.injonction.case"].browse(
            self.wizard_for(self.demo("partner_menuiserie")).action_create_case()[
                "res_id"
            ]
        )
        case.action_file()
        self.assertEqual(case.state, "filed")
        case.order_date = date(2026, 8, 31)
        self.assertEqual(case.service_deadline, date(2027, 2, 28))
        case.order_date = date(2026, 9, 1)
        self.assertEqual(case.service_deadline, date(2026, 12, 1))
        case.action_order_issued()
        self.assertEqual(len(case.activity_ids), 1)
        case.service_date = date(2026, 10, 5)
        case.action_served()
        self.assertEqual(case.opposition_deadline, date(2026, 11, 5))
        self.assertEqual(case.enforceable_date, date(2026, 12, 6))
        self.assertEqual(len(case.activity_ids), 3)
        self.assertLessEqual(
            max(case.activity_ids.mapped("date_deadline")), date(2026, 12, 6)
        )
        if fields.Date.context_today(case) < case.enforceable_date:
            with self.assertRaises(UserError):
                case.action_enforceable()
        case.action_paid()
        self.assertFalse(case.activity_ids)
        self.assertFalse(case.invoice_ids.l10n_fr_dunning_excluded)

    def test_case_invoices_left_out_of_dunning(self):
        self.customer.write(
            {
                "street": "1 rue X",
                "zip": "69003",
                "city": "Lyon",
                "country_id": self.env.ref("base.fr").id,
            }
        )
        invoice = self.invoice(self.customer, 1000, "2026-01-05", "2026-02-04")
        self.wizard_for(self.customer).action_create_case()
        self.assertTrue(invoice.l10n_fr_dunning_excluded)
        run = self.run_on("2026-03-20")
        self.assertFalse(
            run.reminder_ids.line_ids.filtered(lambda line: line.move_id == invoice)
        )

    def test_court_csv_import(self):
        result = self.env["l10n.fr.court"].load(
            ["name", "court_type", "zip", "city", "zip_codes"],
            [
                [
                    "Tribunal de commerce de Rennes",
                    "commerce",
                    "35000",
                    "Rennes",
                    "35 22100",
                ]
            ],
        )
        self.assertFalse(result["messages"])
        court = self.env["l10n.fr.court"].browse(result["ids"])
        self.assertEqual(
            self.env["l10n.fr.court"]._l10n_fr_courts_for(
                "35700", "Rennes", ["commerce"]
            ),
            court,
        )

    def test_access_rights_and_multi_company(self):
        user = new_test_user(
            self.env,
            login="ip_user",
            groups="l10n_fr_credit_collection.group_credit_collection_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        clerk = new_test_user(
            self.env,
            login="ip_clerk",
            groups="base.group_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        case_id = (
            self.wizard_for(self.demo("partner_menuiserie"))
            .with_user(user)
            .action_create_case()["res_id"]
        )
        case = self.env["l10n.fr.injonction.case"].browse(case_id)
        with self.assertRaises(AccessError):
            case.with_user(clerk).read(["name"])
        with self.assertRaises(AccessError):
            case.with_user(user).unlink()
        with self.assertRaises(AccessError):
            self.env["l10n.fr.court"].with_user(user).create(
                {"name": "X", "court_type": "commerce"}
            )
        other = self.env["res.company"].create({"name": "Autre SAS"})
        other_case = (
            self.env["l10n.fr.injonction.case"]
            .sudo()
            .create(
                {
                    "company_id": other.id,
                    "partner_id": self.customer.id,
                    "court_type": "commerce",
                }
            )
        )
        self.assertFalse(
            self.env["l10n.fr.injonction.case"]
            .with_user(user)
            .search([("id", "=", other_case.id)])
        )


@tagged("post_install", "-at_install")
class TestInjonctionPdf(HttpCase, InjonctionCase):
    def test_request_pdf_mentions_and_merged_pdf(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )
        case = self.env["l10n.fr.injonction.case"].browse(
            self.wizard_for(
                self.transports, transfer_on_opposition=True
            ).action_create_case()["res_id"]
        )
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, _kind = Report._render_qweb_pdf(
            "l10n_fr_credit_collection.action_report_injonction_request", case.ids
        )
        text = " ".join(
            " ".join(page.extract_text().split())
            for page in PdfReader(io.BytesIO(pdf)).pages
        )
        invoice = self.demo("inv_transports_overdue_75")
        for mention in (
            "REQUÊTE EN INJONCTION DE PAYER",
            "1407",
            "Tribunal des activités économiques de Lyon",
            "Ferronnerie Martin SAS",
            "81234567600017",
            "Transports Garnier SAS",
            "44387210600010",
            "5 avenue Jean Jaurès",
            invoice.name,
            "L441-10",
            "D441-5",
            "1408",
            "Bordereau",
            "Pièce n° 1",
            "Conditions générales de vente",
            "Signature",
            "12946*02",
        ):
            self.assertIn(mention, text)
        # the court fee is listed apart, as dépens, not in the total claimed
        claimed = case.amount_total - case.court_fee
        self.assertIn(f"{claimed:.2f}".replace(".", ",")[-6:], text)
        merged = case.with_context(force_report_rendering=True)._l10n_fr_merged_pdf()
        request_pages = len(PdfReader(io.BytesIO(pdf)).pages)
        exhibit_pages = sum(
            len(PdfReader(io.BytesIO(p)).pages)
            for p in case.with_context(
                force_report_rendering=True
            )._l10n_fr_exhibit_pdfs()
        )
        self.assertEqual(
            len(PdfReader(io.BytesIO(merged)).pages), request_pages + exhibit_pages
        )
        self.assertGreaterEqual(exhibit_pages, 2)
