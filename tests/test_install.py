"""Checks of the install matrix (scripts/test.sh): they build their own companies and
hold in every database the addon is installed in — English without French, French,
with demo data or not, with companies under several laws."""

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from ..models.res_company import SEQUENCE_CODES


@tagged("post_install", "-at_install", "l10n_fr_install")
class TestInstall(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.french_loaded = bool(cls.env["res.lang"]._lang_get("fr_FR"))

    def assertHasDefaults(self, companies):
        Policy = self.env["l10n.fr.dunning.policy"].with_context(active_test=False)
        Rule = self.env["l10n.fr.lettering.rule"].with_context(active_test=False)
        Sequence = self.env["ir.sequence"].sudo()
        for company in companies:
            policy = Policy.search(
                [("company_id", "=", company.id), ("is_default", "=", True)]
            )
            self.assertEqual(len(policy), 1, company.name)
            self.assertEqual(
                policy.level_ids.mapped("kind"),
                ["reminder", "firm", "formal_notice", "litigation"],
            )
            if not company.parent_id:
                self.assertEqual(
                    Rule.search_count([("company_id", "=", company.id)]), 5
                )
            self.assertEqual(
                set(Sequence.search([("company_id", "=", company.id)]).mapped("code"))
                & set(SEQUENCE_CODES),
                set(SEQUENCE_CODES),
                company.name,
            )

    def _company(self, name, country, chart):
        company = self.env["res.company"].create(
            {"name": name, "country_id": self.env.ref(country).id}
        )
        self.env["account.chart.template"].try_loading(
            chart, company, install_demo=False
        )
        return company

    def _overdue_invoice(self, company, amount=1000.0):
        partner = self.env["res.partner"].create(
            {"name": f"Customer of {company.name}", "is_company": True}
        )
        move = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": "2026-01-15",
                    "invoice_date_due": "2026-02-14",
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Work", "quantity": 1, "price_unit": amount}
                        )
                    ],
                }
            )
        )
        move.invoice_line_ids.tax_ids = False
        move.action_post()
        return move

    def test_every_company_has_the_defaults(self):
        """The install gave every company what a new company gets."""
        self.assertHasDefaults(self.env["res.company"].search([]))

    def test_names_in_the_installed_languages(self):
        company = self.env["res.company"].create({"name": "Names SAS"})
        policy = self.env["l10n.fr.dunning.policy"].search(
            [("company_id", "=", company.id)]
        )
        english = policy.with_context(lang="en_US")
        self.assertEqual(english.name, "Standard dunning")
        self.assertEqual(english.level_ids[2].name, "Formal notice")
        rules = self.env["l10n.fr.lettering.rule"].search(
            [("company_id", "=", company.id)]
        )
        self.assertIn("Same amount", rules.with_context(lang="en_US").mapped("name"))
        if self.french_loaded:
            french = policy.with_context(lang="fr_FR")
            self.assertEqual(french.name, "Relances standard")
            self.assertEqual(french.level_ids[2].name, "Mise en demeure")
            self.assertIn(
                "Même montant", rules.with_context(lang="fr_FR").mapped("name")
            )
        # created by a French-speaking user: the source stays English
        if self.french_loaded:
            other = (
                self.env["res.company"]
                .with_context(lang="fr_FR")
                .create({"name": "Noms SAS"})
            )
            policy = self.env["l10n.fr.dunning.policy"].search(
                [("company_id", "=", other.id)]
            )
            self.assertEqual(policy.with_context(lang="en_US").name, "Standard dunning")

    def test_company_created_after_install(self):
        """A new company gets the defaults, and keeps them when its chart is
        installed later; its dunning runs are numbered in its own sequence and its
        lettering gives letters."""
        company = self.env["res.company"].create(
            {"name": "Nouvelle SAS", "country_id": self.env.ref("base.fr").id}
        )
        branch = self.env["res.company"].create(
            {"name": "Nouvelle SAS Lille", "parent_id": company.id}
        )
        self.assertHasDefaults(company + branch)
        self.env["account.chart.template"].try_loading(
            "fr", company, install_demo=False
        )
        self.assertHasDefaults(company)
        self.assertTrue(company._l10n_fr_french_law())
        runs = (
            self.env["l10n.fr.dunning.run"]
            .with_company(company)
            .create([{"company_id": company.id}, {"company_id": company.id}])
        )
        self.assertEqual(runs[0].name[-4:], "0001", "the company's own numbering")
        self.assertEqual(runs[1].name[-4:], "0002")
        invoice = self._overdue_invoice(company)
        self.env["account.payment.register"].with_company(company).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"payment_date": "2026-03-01"})._create_payments()
        receivable = invoice.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        self.assertEqual(receivable.l10n_fr_letter, "A")

    def test_company_created_by_an_administrator(self):
        """An administrator (not the superuser) creates a company from the company he
        works in: the defaults are created although he does not work in the new
        company yet (multi-company rules)."""
        admin = new_test_user(
            self.env,
            "administratrice",
            groups="base.group_user,base.group_partner_manager,base.group_system",
        )
        env = self.env(
            user=admin, context={"allowed_company_ids": admin.company_id.ids}
        )
        company = env["res.company"].create({"name": "Filiale SAS"})
        self.assertHasDefaults(company)

    def test_french_law_only_where_it_applies(self):
        """Penalties and the L441 wording for a company whose fiscal country is
        France; nothing of it for a company of another country."""
        french = self._company("Forges de Lyon SAS", "base.fr", "fr")
        american = self._company("Ironworks Inc.", "base.us", "generic_coa")
        self.assertTrue(french._l10n_fr_french_law())
        self.assertFalse(american._l10n_fr_french_law())
        french_invoice = self._overdue_invoice(french)
        american_invoice = self._overdue_invoice(american)
        on_date = "2026-06-30"
        amounts = french_invoice.l10n_fr_penalty_amounts(on_date)
        self.assertGreater(amounts["interest"], 0)
        self.assertEqual(amounts["indemnity"], 40.0)
        self.assertTrue(french_invoice.l10n_fr_penalty_breakdown(on_date))
        amounts = american_invoice.l10n_fr_penalty_amounts(on_date)
        self.assertEqual((amounts["interest"], amounts["indemnity"]), (0.0, 0.0))
        self.assertFalse(american_invoice.l10n_fr_penalty_breakdown(on_date))
        self.assertFalse(american_invoice.l10n_fr_penalty_due)
        self.assertFalse(american_invoice.l10n_fr_days_late)
        report = self.env["ir.actions.report"]
        html = report._render_qweb_html("account.report_invoice", french_invoice.ids)
        self.assertIn("L441-10", html[0].decode())
        html = report._render_qweb_html("account.report_invoice", american_invoice.ids)
        self.assertNotIn("L441-10", html[0].decode())

    def test_french_checks_only_for_french_companies(self):
        """The VAT franchise and the injonction de payer are refused to a company of
        another country, with a French-law message; a French company has them."""
        french = self._company("Forges de Nantes SAS", "base.fr", "fr")
        american = self._company("Steelworks Inc.", "base.us", "generic_coa")
        with self.assertRaisesRegex(ValidationError, "art. 293 B"):
            american.l10n_fr_vat_franchise = True
        Settings = self.env["res.config.settings"]
        self.assertFalse(
            Settings.with_company(american).create({}).l10n_fr_is_french_law
        )
        self.assertTrue(Settings.with_company(french).create({}).l10n_fr_is_french_law)
        reunion = self.env["res.company"].create(
            {
                "name": "Forges de Saint-Denis SAS",
                "country_id": self.env.ref("base.re").id,
            }
        )
        self.assertTrue(reunion._l10n_fr_french_law(), "overseas departments")
        french.l10n_fr_vat_franchise = True
        french.l10n_fr_vat_franchise = False
        partner = self.env["res.partner"].create({"name": "Debtor", "is_company": True})
        Case = self.env["l10n.fr.injonction.case"]
        court = {"court_type": "commerce"}
        with self.assertRaisesRegex(UserError, "not France"):
            Case.create({"company_id": american.id, "partner_id": partner.id, **court})
        case = Case.create({"company_id": french.id, "partner_id": partner.id, **court})
        self.assertTrue(case.name.startswith("IP/"))
        Wizard = self.env["l10n.fr.injonction.wizard"]
        with self.assertRaisesRegex(UserError, "not France"):
            Wizard.with_company(american).default_get(["company_id"])
        self.assertEqual(
            Wizard.with_company(french).default_get(["company_id"])["company_id"],
            french.id,
        )
