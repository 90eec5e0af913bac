import csv
import io
from datetime import date, timedelta

from PyPDF2 import PdfReader

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import config, file_open, mute_logger

from .common import COMPANY_NAME, DemoDunningCase, DunningCase

ADDON = "l10n_fr_credit_collection"


class InjonctionMixin:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.invoice_terms = (
            "<p>Conditions générales de vente : paiement à 30 jours.</p>"
        )
        cls.Wizard = cls.env["l10n.fr.injonction.wizard"]

    @classmethod
    def load_courts(cls):
        """The court directory the demo ships (demo/l10n.fr.court.csv), under the
        same external ids (updated where the demo has them)."""
        with file_open(f"{ADDON}/demo/l10n.fr.court.csv") as courts:
            header, *rows = csv.reader(courts)
        result = cls.env["l10n.fr.court"].with_context(module=ADDON).load(header, rows)
        assert not result["messages"], result["messages"]

    def wizard_for(self, partner, **values):
        return self.Wizard.with_context(
            active_model="res.partner", active_ids=partner.ids
        ).create(values)

    def codes(self, wizard, level="blocking"):
        return {code for lvl, code, _m in wizard._l10n_fr_checks() if lvl == level}


class OwnInjonctionCase(InjonctionMixin, DunningCase):
    """The injonction wizard in a French company of the test."""


class InjonctionCase(InjonctionMixin, DemoDunningCase):
    """The injonction wizard over the demo story's customers and courts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.transports = cls.demo("partner_transports")


class InjonctionStoryCase(OwnInjonctionCase):
    """The court directory and the customers of the demo story, rebuilt in the
    company of the test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_courts()
        fr = cls.env.ref("base.fr").id

        def customer(name, street, zip_code, city, siret, **values):
            return cls.customer_named(
                name,
                street=street,
                zip=zip_code,
                city=city,
                siret=siret,
                **{"country_id": fr, **values},
            )

        def overdue(partner, amount, invoiced, due):
            return cls.invoice(
                partner,
                amount,
                cls.today - timedelta(days=invoiced),
                cls.today - timedelta(days=due),
            )

        cls.transports = customer(
            "Transports Garnier SAS",
            "5 avenue Jean Jaurès",
            "69007",
            "Lyon",
            "44387210600010",
        )
        cls.transports_invoice = overdue(cls.transports, 6000, 120, 75)
        cls.pay(cls.transports_invoice, 2000, cls.today - timedelta(days=60))
        cls.menuiserie = customer(
            "Menuiserie Roux SARL",
            "17 quai des Chartrons",
            "33000",
            "Bordeaux",
            "39876543800013",
        )
        cls.menuiserie_invoice = overdue(cls.menuiserie, 1020, 200, 200)
        cls.claire = customer(
            "Claire Dupont",
            "9 rue Crébillon",
            "44000",
            "Nantes",
            False,
            is_company=False,
        )
        overdue(cls.claire, 180, 75, 75)
        cls.eu = customer(
            "Brauerei Schmidt GmbH",
            "Leopoldstraße 40",
            "80802",
            "München",
            False,
            country_id=cls.env.ref("base.de").id,
        )
        overdue(cls.eu, 2600, 150, 120)


@tagged("post_install", "-at_install")
class TestInjonction(InjonctionStoryCase):
    def test_wizard_from_customer(self):
        wizard = self.wizard_for(self.transports)
        invoice = self.transports_invoice
        self.assertEqual(wizard.invoice_ids, invoice)
        self.assertEqual(
            (wizard.debtor_nature, wizard.claim_nature), ("company", "trade")
        )
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
        invoice = self.menuiserie_invoice
        wizard = self.Wizard.with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})
        self.assertEqual(
            (wizard.partner_id, wizard.invoice_ids),
            (self.menuiserie, invoice),
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
        wizard = self.wizard_for(self.claire)
        self.assertEqual(
            (wizard.debtor_nature, wizard.claim_nature), ("consumer", "other")
        )
        self.assertEqual(wizard.court_type, "judiciaire")
        self.assertEqual(wizard.court_id.city, "Nantes")

    def test_eligibility_errors(self):
        eu = self.wizard_for(self.eu)
        self.assertIn("abroad", self.codes(eu))
        self.assertIn("form A", eu.blocking_message)
        with self.assertRaises(UserError):
            eu.action_create_case()

        menuiserie = self.menuiserie
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
        wizard = self.wizard_for(self.menuiserie)
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
            self.wizard_for(self.menuiserie).action_create_case()["res_id"]
        )
        case.action_file()
        self.assertEqual(case.state, "filed")
        case.order_date = date(2026, 8, 31)
        # 6 months: Sunday 28 February 2027 -> Monday 1 March (CPC 642)
        self.assertEqual(case.service_deadline, date(2027, 3, 1))
        self.assertIn("642", case.deadline_note)
        self.assertIn("dimanche", case.with_context(lang="fr_FR").deadline_note)
        case.order_date = date(2026, 9, 1)
        self.assertEqual(case.service_deadline, date(2026, 12, 1))
        case.action_order_issued()
        self.assertEqual(len(case.activity_ids), 1)
        case.service_date = date(2026, 10, 5)
        case.action_served()
        self.assertEqual(case.opposition_deadline, date(2026, 11, 5))
        # 2 months: Saturday 5 December -> Monday 7, enforceable the day after
        self.assertEqual(case.enforceable_date, date(2026, 12, 8))
        self.assertEqual(case.formule_status, "not_applicable")
        self.assertEqual(len(case.activity_ids), 3)
        self.assertLessEqual(
            max(case.activity_ids.mapped("date_deadline")), date(2026, 12, 8)
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
            self.wizard_for(self.menuiserie)
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
        other = self.env["res.company"].create(
            {"name": "Autre SAS", "country_id": self.env.ref("base.fr").id}
        )
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
class TestInjonctionCourts(InjonctionStoryCase):
    """Issue 17: courts of Alsace-Moselle and overseas, the protection judge,
    sole traders, CPC 642 and 1416 al. 2 on the case."""

    def debtor(self, name, zip_code, city, **values):
        return self.customer_named(
            name,
            street="1 rue du Dôme",
            zip=zip_code,
            city=city,
            country_id=self.env.ref("base.fr").id,
            **values,
        )

    def court(self, xmlid):
        return self.env.ref(f"{ADDON}.{xmlid}")

    def test_commercial_chamber_in_strasbourg_and_tmc_overseas(self):
        debtor = self.debtor("Brasserie du Rhin SAS", "67000", "Strasbourg")
        debtor.l10n_fr_legal_form = "sas"
        self.invoice(debtor, 800, "2026-06-01", "2026-07-01")
        wizard = self.wizard_for(debtor)
        self.assertEqual(
            (wizard.debtor_nature, wizard.claim_nature), ("company", "trade")
        )
        self.assertFalse(wizard.debtor_nature_guessed)
        self.assertEqual(wizard.court_type, "tj_commercial")
        self.assertEqual(wizard.court_id, self.court("court_tjcom_strasbourg"))
        self.assertAlmostEqual(wizard._l10n_fr_court_fee(), 0.0)
        case = self.env["l10n.fr.injonction.case"].browse(
            wizard.action_create_case()["res_id"]
        )
        self.assertEqual(
            (case.court_type, case.claim_nature, case.debtor_nature),
            ("tj_commercial", "trade", "company"),
        )
        self.assertEqual(case.holiday_scope, "57-67-68")
        # the same debtor for another claim: the tribunal judiciaire of Strasbourg
        wizard.claim_nature = "other"
        self.assertEqual(wizard.court_type, "judiciaire")
        self.assertEqual(wizard.court_id, self.court("court_tj_strasbourg"))

        martinique = self.debtor("Rhum Caraïbes SARL", "97200", "Fort-de-France")
        wizard = self.wizard_for(martinique)
        self.assertEqual(wizard.court_type, "tmc")
        self.assertEqual(wizard.court_id, self.court("court_tmc_fort_de_france"))
        # Odoo holds Martinique as a country: still France, not "abroad"
        martinique.country_id = self.env.ref("base.mq")
        self.invoice(martinique, 800, "2026-06-01", "2026-07-01")
        wizard = self.wizard_for(martinique)
        self.assertNotIn("abroad", self.codes(wizard))
        self.assertEqual(wizard.court_type, "tmc")

    def test_protection_judge_for_consumer_credit_and_residential_lease(self):
        for claim in ("consumer_credit", "residential_lease"):
            wizard = self.wizard_for(self.claire, claim_nature=claim)
            self.assertEqual(wizard.court_type, "jcp")
            self.assertEqual(wizard.court_id, self.court("court_jcp_nantes"))
        self.assertIn("lease_place", self.codes(wizard, "info"))
        self.assertAlmostEqual(wizard._l10n_fr_court_fee(), 0.0)
        # a company's residential lease goes to the protection judge too
        wizard = self.wizard_for(self.transports, claim_nature="residential_lease")
        self.assertEqual(wizard.court_id, self.court("court_jcp_lyon"))

    def test_sole_trader_craftsman_and_non_trader(self):
        person = self.debtor("Jean Dupuis", "33000", "Bordeaux", is_company=False)
        wizard = self.wizard_for(person)
        # a natural person with a SIREN: a sole trader, to confirm
        self.assertEqual(wizard.debtor_nature, "trader")
        self.assertTrue(wizard.debtor_nature_guessed)
        self.assertEqual(wizard.claim_nature, "trade")
        self.assertEqual(wizard.court_type, "commerce")
        self.assertIn("debtor_nature", self.codes(wizard, "warning"))
        person.l10n_fr_legal_form = "ei_artisan"
        wizard = self.wizard_for(person)
        self.assertEqual(
            (wizard.debtor_nature, wizard.court_type), ("artisan", "commerce")
        )
        self.assertNotIn("debtor_nature", self.codes(wizard, "warning"))
        wizard.claim_date = date(2021, 12, 31)  # craftsmen: TJ before 2022
        self.assertEqual(wizard.court_type, "judiciaire")
        person.l10n_fr_legal_form = "ei_liberal"
        wizard = self.wizard_for(person)
        self.assertEqual(wizard.debtor_nature, "civil")
        self.assertEqual(wizard.claim_nature, "other")
        # the user says "between traders": the non-trader still goes to the TJ
        wizard.claim_nature = "trade"
        self.assertEqual(wizard.court_type, "judiciaire")
        self.assertIn("non_trader", self.codes(wizard, "info"))
        # a company that is an association is not a trader
        association = self.debtor("Amicale du Port", "33000", "Bordeaux")
        association.l10n_fr_legal_form = "association"
        wizard = self.wizard_for(association)
        self.assertEqual(
            (wizard.debtor_nature, wizard.court_type), ("civil", "judiciaire")
        )

    def test_court_csv_import_accepts_the_new_types(self):
        Court = self.env["l10n.fr.court"]
        result = Court.load(
            ["name", "court_type", "zip", "city", "zip_codes"],
            [
                ["JCP de Rennes", "jcp", "35000", "Rennes", "35"],
                ["Chambre commerciale de Metz", "tj_commercial", "57000", "Metz", "57"],
                ["TMC de Cayenne", "tmc", "97300", "Cayenne", "973"],
            ],
        )
        self.assertFalse(result["messages"])
        courts = Court.browse(result["ids"])
        self.assertEqual(courts.mapped("court_type"), ["jcp", "tj_commercial", "tmc"])
        self.assertEqual(
            Court._l10n_fr_courts_for("35700", "Rennes", ["jcp"]), courts[0]
        )
        with mute_logger("odoo.sql_db"):
            bad = Court.load(["name", "court_type"], [["X", "prud_hommes"]])
        self.assertTrue(bad["messages"])

    def strasbourg_case(self, **values):
        debtor = self.debtor("Brasserie du Rhin SAS", "67000", "Strasbourg")
        return self.env["l10n.fr.injonction.case"].create(
            {
                "company_id": self.company.id,
                "partner_id": debtor.id,
                "court_type": "tj_commercial",
                "court_id": self.court("court_tjcom_strasbourg").id,
                "state": "filed",
                **values,
            }
        )

    def activity_dates(self, case):
        return sorted(case.activity_ids.mapped("date_deadline"))

    def test_activities_on_the_shifted_dates(self):
        case = self.strasbourg_case(order_date=date(2030, 3, 1))
        case.action_order_issued()
        # 3 months: Saturday 1 June 2030 -> Monday 3 June (CPC 642)
        self.assertEqual(case.service_deadline, date(2030, 6, 3))
        self.assertEqual(self.activity_dates(case), [date(2030, 5, 27)])
        self.assertIn("2030", case.activity_ids.summary)
        case.service_date = date(2030, 3, 19)
        case.action_served()
        # Friday 19 April 2030 is Good Friday in Strasbourg: the national date for
        # the reminder, the local one shown as a probable extension
        self.assertEqual(case.opposition_deadline, date(2030, 4, 19))
        self.assertEqual(case.opposition_deadline_local, date(2030, 4, 23))
        self.assertIn("Good Friday", case.with_context(lang="en_US").deadline_note)
        self.assertIn("Vendredi saint", case.with_context(lang="fr_FR").deadline_note)
        # 2 months: Sunday 19 May -> Monday 20 May, enforceable the day after
        self.assertEqual(case.enforceable_date, date(2030, 5, 21))
        self.assertEqual(
            self.activity_dates(case),
            [date(2030, 4, 12), date(2030, 5, 14), date(2030, 5, 27)],
        )

    def test_activity_a_week_ahead_falls_on_a_working_day(self):
        # 3 months: Friday 26 April 2030; a week before is Good Friday in
        # Strasbourg: the activity falls on Thursday 18 April
        case = self.strasbourg_case(order_date=date(2030, 1, 26))
        case.action_order_issued()
        self.assertEqual(case.service_deadline, date(2030, 4, 26))
        self.assertEqual(self.activity_dates(case), [date(2030, 4, 18)])
        # in Lyon: Wednesday 15 May 2030, a week before is 8 May -> Tuesday 7 May
        lyon = self.strasbourg_case(order_date=date(2030, 2, 15), court_id=False)
        lyon.partner_id.write({"zip": "69003", "city": "Lyon"})
        self.assertEqual(lyon.holiday_scope, "FR")
        lyon.action_order_issued()
        self.assertEqual(lyon.service_deadline, date(2030, 5, 15))
        self.assertEqual(self.activity_dates(lyon), [date(2030, 5, 7)])

    def test_case_form_order_not_served_to_the_person(self):
        case = self.strasbourg_case(order_date=date(2030, 3, 1), state="order")
        with Form(case) as form:
            form.service_date = date(2030, 3, 11)
            form.service_mode = "domicile"
        self.assertTrue(case.opposition_pending)
        self.assertFalse(case.opposition_deadline)
        # from the service: 2 months, Saturday 11 May -> Monday 13, then the day after
        self.assertEqual(case.enforceable_date, date(2030, 5, 14))
        case.action_served()
        self.assertEqual(len(case.activity_ids), 1)  # no opposition end yet
        case.state = "enforceable"  # enforced, then the seizure reopens it
        with Form(case) as form:
            form.seizure_date = date(2030, 5, 6)
        self.assertFalse(case.opposition_pending)
        self.assertEqual(case.opposition_deadline, date(2030, 6, 6))
        self.assertEqual(len(case.activity_ids), 2)
        # a week before Thursday 6 June is Ascension (30 May): Wednesday 29 May
        self.assertIn(date(2030, 5, 29), case.activity_ids.mapped("date_deadline"))
        with Form(case) as form:
            form.personal_act_date = date(2030, 4, 24)  # the act to the person first
        self.assertEqual(case.opposition_deadline, date(2030, 5, 24))
        with Form(case) as form:
            form.service_mode = "person"
        self.assertEqual(case.opposition_deadline, date(2030, 4, 11))
        with self.assertRaises(ValidationError), self.cr.savepoint():
            case.seizure_date = date(2030, 3, 10)  # before the service
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.strasbourg_case(personal_act_date=date(2030, 4, 24))  # no service

    def test_historic_order_formule_executoire(self):
        case = self.strasbourg_case(order_date=date(2021, 6, 1), state="order")
        self.assertEqual(case.formule_status, "applicable")
        self.assertFalse(case.formule_deadline)
        case.service_date = date(2021, 6, 14)
        case.action_served()
        # opposition: 14 July -> 15 July; formule: Sunday 15 August -> 16 August
        self.assertEqual(case.opposition_deadline, date(2021, 7, 15))
        self.assertEqual(case.formule_deadline, date(2021, 8, 16))
        self.assertIn(
            "formule exécutoire", " ".join(case.activity_ids.mapped("summary"))
        )
        recent = self.strasbourg_case(order_date=date(2022, 3, 1))
        self.assertEqual(recent.formule_status, "not_applicable")
        self.assertFalse(self.strasbourg_case().formule_status)


@tagged("post_install", "-at_install")
class TestInjonctionPdf(HttpCase, InjonctionStoryCase):
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
        invoice = self.transports_invoice
        for mention in (
            "REQUÊTE EN INJONCTION DE PAYER",
            "1407",
            "Tribunal des activités économiques de Lyon",
            COMPANY_NAME,
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


@tagged("post_install", "-at_install")
class TestInjonctionDemo(InjonctionCase):
    """The demo story's request is not blocked (issue 16)."""

    def test_wizard_from_customer_demo_story(self):
        wizard = self.wizard_for(self.transports)
        invoice = self.demo("inv_transports_overdue_75")
        self.assertEqual(wizard.invoice_ids, invoice)
        self.assertEqual(
            (wizard.debtor_nature, wizard.claim_nature), ("company", "trade")
        )
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
