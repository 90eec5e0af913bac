"""Letters, statement and injonction request as a French professional sends them
(issue 16): letterhead and R123-237 mentions, letter form, wording by the facts,
penalty breakdown, e-mails, and the texts of the screens."""

import io
import re
from datetime import timedelta

from PyPDF2 import PdfReader

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import config

from .common import COMPANY_NAME, CreditCollectionDemoCase, DunningCase
from .test_injonction import InjonctionStoryCase


def pdf_text(pdf):
    return (
        " ".join(
            " ".join(page.extract_text().split())
            for page in PdfReader(io.BytesIO(pdf)).pages
        )
        .replace("\xa0", " ")
        .replace("\u202f", " ")
    )


@tagged("post_install", "-at_install")
class TestLetterhead(DunningCase):
    def test_company_mentions_complete_and_warning_when_missing(self):
        self.assertFalse(self.company.l10n_fr_missing_mentions)
        mentions = " ".join(self.company._l10n_fr_letterhead()["mentions"]).replace(
            "\xa0", " "
        )
        for text in (
            f"{COMPANY_NAME} au capital de 50 000,00 €",
            "Siège social : 12 rue de la République, 69002 Lyon",
            "812 345 676 RCS Lyon",
            "FR19812345676",
        ):
            self.assertIn(text, mentions)
        self.company.write({"l10n_fr_legal_form": "SARL", "l10n_fr_share_capital": 0})
        self.company.l10n_fr_rcs_city = False
        self.company.company_registry = "812345676"
        missing = self.company.with_context(lang="fr_FR").l10n_fr_missing_mentions
        self.assertIn("capital", missing)
        self.assertIn("RCS", missing)

    def test_postal_address_block(self):
        contact = self.env["res.partner"].create(
            {
                "name": "Service comptable",
                "parent_id": self.customer.id,
                "type": "invoice",
                "street": "3, rue de l'Industrie",
                "zip": "69100",
                "city": "Villeurbanne",
                "country_id": self.env.ref("base.fr").id,
            }
        )
        self.assertEqual(
            contact._l10n_fr_postal_lines(),
            [
                "Acier Dupré SAS",
                "Service comptable",
                "3 rue de l Industrie",
                "69100 VILLEURBANNE",
            ],
        )


@tagged("post_install", "-at_install")
class TestLetterheadDemo(CreditCollectionDemoCase):
    def test_demo_company_mentions_and_terms_of_sale(self):
        self.assertFalse(self.company.l10n_fr_missing_mentions)
        mentions = " ".join(self.company._l10n_fr_letterhead()["mentions"])
        self.assertIn("Ferronnerie Martin SAS", mentions)
        # its terms of sale: the exhibit of the demo story's injonction requests
        self.assertIn("L441-10", self.company.invoice_terms)
        wizard = (
            self.env["l10n.fr.injonction.wizard"]
            .with_context(
                active_model="res.partner",
                active_ids=self.demo("partner_menuiserie").ids,
            )
            .create({})
        )
        self.assertEqual(wizard.contract_basis, "terms")
        self.assertFalse(wizard.blocking_message, wizard.blocking_message)


@tagged("post_install", "-at_install")
class TestLetterWording(DunningCase):
    def letter(self, reminder):
        return reminder.with_context(lang="fr_FR")._l10n_fr_letters()[reminder.id]

    def test_level_texts_have_defaults_in_french(self):
        self.assertTrue(self.l3.intro_first)
        self.assertIn(
            "mettons en demeure",
            self.l3.with_context(lang="fr_FR").demand_professional,
        )
        self.assertTrue(self.l3.registered_letter)
        self.assertFalse(self.l1.registered_letter)

    def test_first_letter_then_after_reminders_professional(self):
        self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        first = self.reminder_of(self.run_on("2026-01-16"), self.customer)
        self.assertEqual(first.kind, "reminder")
        text = self.letter(first)
        self.assertEqual(text["situation"], "intro_first")
        self.assertNotIn("Malgré", text["intro"])
        notice = self.reminder_of(self.run_on("2026-02-15"), self.customer)
        self.assertEqual(notice.kind, "formal_notice")
        text = self.letter(notice)
        self.assertEqual(text["situation"], "intro_reminded")
        self.assertIn("16 janvier 2026", text["intro"])
        self.assertIn("Malgré nos relances", text["intro"])
        self.assertIn("1 051,98 €", text["demand"].replace("\xa0", " "))
        self.assertIn("23 février 2026", text["demand"])
        self.assertIn("injonction de payer", text["demand"])
        self.assertIn("Mise en demeure", text["subject"])

    def test_consumer_litigation_is_not_a_friendly_reminder(self):
        self.consumer.write({"ref": "DUNTEST", "email": "jean@example.com"})
        self.invoice(self.consumer, 300, "2025-10-01", "2025-10-01")
        reminder = self.reminder_of(self.run_on("2026-02-15"), self.consumer)
        self.assertEqual(reminder.kind, "litigation")
        self.assertFalse(reminder.is_professional)
        text = self.letter(reminder)
        self.assertEqual(text["situation"], "intro_first")
        self.assertNotIn("Sauf erreur", text["intro"] + text["demand"])
        self.assertNotIn("contentieux", text["subject"].lower())
        self.assertIn("juridiction compétente", text["demand"])
        self.assertNotIn("injonction", text["demand"])  # the pro's text

    def test_edited_level_text_is_used(self):
        self.l1.with_context(lang="fr_FR").intro_first = "Bonjour, {invoices} impayée."
        invoice = self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        reminder = self.reminder_of(self.run_on("2026-01-16"), self.customer)
        self.assertEqual(
            self.letter(reminder)["intro"], f"Bonjour, {invoice.name} impayée."
        )

    def test_formal_notice_email_attaches_the_letter(self):
        self.l3.mail_template_id = self.env.ref(
            "l10n_fr_credit_collection.mail_template_dunning_formal_notice"
        )
        self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        reminder = self.reminder_of(self.run_on("2026-02-15"), self.customer)
        mail = self.env["mail.mail"].search(
            [("model", "=", reminder._name), ("res_id", "=", reminder.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertTrue(mail.attachment_ids, "the letter is attached")
        body = mail.body_html.replace("\xa0", " ")
        self.assertIn("mettons en demeure", body)
        self.assertNotIn("ne pas tenir compte", body)
        self.assertIn("Madame, Monsieur,", body)

    def test_default_policy_formal_notice_uses_the_notice_template(self):
        policy = self.env["l10n.fr.dunning.policy"].search(
            [("company_id", "=", self.company.id), ("is_default", "=", True)]
        )
        notice = policy.level_ids.filtered(lambda level: level.kind == "formal_notice")
        self.assertEqual(
            notice.mail_template_id,
            self.env.ref(
                "l10n_fr_credit_collection.mail_template_dunning_formal_notice"
            ),
        )
        friendly = policy.level_ids.filtered(lambda level: level.kind == "reminder")
        self.assertIn("Sauf erreur", friendly.with_context(lang="fr_FR").intro_first)


@tagged("post_install", "-at_install")
class TestRunsAndPivot(DunningCase):
    def test_run_that_creates_nothing_says_it_in_words(self):
        self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        self.run_on("2026-01-16")
        run = (
            self.env["l10n.fr.dunning.run"]
            .with_context(lang="fr_FR")
            .create({"company_id": self.company.id, "date": "2026-01-16"})
        )
        run.action_preview()
        self.assertFalse(run.reminder_ids)
        self.assertIn("Aucune relance à envoyer", run.summary)
        self.assertIn("déjà relancé", run.summary)
        self.assertNotIn("already_reminded_today", run.summary)
        self.assertNotRegex(run.summary, r"\b[a-z]+_[a-z_]+\b")

    def test_payment_labels_in_the_users_language(self):
        """Payments created in English ("Manual Payment: <memo>"): the addon's
        screens and the justification report say "Paiement : <memo>"."""
        invoice = self.invoice(self.customer, 500, "2026-01-05", "2026-02-04")
        for memo, amount in (("VIR ACIER DUPRE", 200), ("CHQ 1234567", 100)):
            payment = (
                self.env["account.payment"]
                .with_context(lang="en_US")
                .create(
                    {
                        "payment_type": "inbound",
                        "partner_type": "customer",
                        "partner_id": self.customer.id,
                        "amount": amount,
                        "date": "2026-02-10",
                        "memo": memo,
                    }
                )
            )
            payment.action_post()
        lines = self.env["account.move.line"].search(
            [
                ("company_id", "=", self.company.id),
                ("payment_id.memo", "!=", False),
                ("account_type", "=", "asset_receivable"),
            ]
        )
        self.assertTrue(lines)
        for line in lines.with_context(lang="fr_FR"):
            self.assertEqual(
                line.l10n_fr_label, f"Paiement : {line.payment_id.memo}", line.name
            )
        self.assertEqual(
            lines[0].with_context(lang="en_US").l10n_fr_label,
            f"Payment: {lines[0].payment_id.memo}",
        )
        # the list of the items to letter shows it
        action = self.env.ref(
            "l10n_fr_credit_collection.account_move_line_action_to_letter"
        )
        arch = self.env["account.move.line"].get_view(action.view_id.id, "list")["arch"]
        self.assertIn('name="l10n_fr_label"', arch)
        # a label of one's own is kept
        invoice_line = invoice.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        self.assertEqual(invoice_line.l10n_fr_label, invoice_line.name or "")
        wizard = self.env["l10n.fr.balance.justification"].create(
            {"company_id": self.company.id}
        )
        text = " ".join(
            self.env["ir.actions.report"]
            .with_context(lang="fr_FR")
            ._render_qweb_html(
                "l10n_fr_credit_collection.report_balance_justification", wizard.ids
            )[0]
            .decode()
            .split()
        )
        self.assertNotIn("Manual Payment", text)
        self.assertIn("Paiement :", text)
        self.assertNotRegex(text, r">\d{4}-\d{2}-\d{2}<", "dates in the user's format")

    def test_aged_balance_buckets_by_age(self):
        other = self.customer_named("Tôlerie Vidal SARL")
        for partner in (self.customer, other):
            for days in (-10, 20, 45, 75, 120):
                due = self.today - timedelta(days=days)
                self.invoice(partner, 100 + days, due - timedelta(days=30), due)
        Aged = self.env["l10n.fr.dunning.aged.balance"]
        groups = Aged.read_group(
            [("company_id", "=", self.company.id)],
            ["amount:sum"],
            ["bucket"],
            lazy=False,
        )
        order = [key for key, _label in Aged._fields["bucket"].selection]
        keys = [group["bucket"] for group in groups]
        self.assertGreater(len(keys), 2)
        self.assertEqual(keys, sorted(keys, key=order.index))
        nested = Aged.read_group(
            [("company_id", "=", self.company.id)],
            ["amount:sum"],
            ["partner_id", "bucket"],
            lazy=False,
        )
        by_partner = {}
        for group in nested:
            by_partner.setdefault(group["partner_id"], []).append(group["bucket"])
        for buckets in by_partner.values():
            self.assertEqual(buckets, sorted(buckets, key=order.index))


@tagged("post_install", "-at_install")
class TestDocumentPdfs(HttpCase, InjonctionStoryCase):
    """The PDFs as wkhtmltopdf prints them (an HttpCase: it loads the assets from
    the test server)."""

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )
        self.Report = self.env["ir.actions.report"].with_context(
            force_report_rendering=True
        )

    def render(self, report, records):
        pdf, kind = self.Report._render_qweb_pdf(report, records.ids)
        self.assertEqual(kind, "pdf")
        return pdf_text(pdf)

    def assert_letterhead(self, text):
        for mention in (
            f"{COMPANY_NAME} au capital de 50 000,00 €",
            "Siège social : 12 rue de la République, 69002 Lyon",
            "812 345 676 RCS Lyon",
            "N° TVA intracommunautaire : FR19812345676",
        ):
            self.assertIn(mention, text)
        self.assertNotRegex(text, r"\d{4}-\d{2}-\d{2}", "no ISO date")
        self.assertNotRegex(text, r"\d\.\d{2} ?(%|€)", "no decimal point")

    def test_formal_notice_professional(self):
        self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        self.run_on("2026-01-16")
        reminder = self.reminder_of(self.run_on("2026-02-15"), self.customer)
        text = self.render(
            "l10n_fr_credit_collection.action_report_dunning_letter", reminder
        )
        self.assert_letterhead(text)
        for mention in (
            "Acier Dupré SAS",
            "Lyon, le 15 février 2026",
            "Lettre recommandée avec avis de réception",
            "Objet : Mise en demeure de payer – facture FAC/",  # one invoice
            "Madame, Monsieur,",
            "Malgré nos relances du 16 janvier 2026",
            "MISE EN DEMEURE",
            "Calcul des pénalités",
            "Indemnité forfaitaire pour frais de recouvrement",
            "40,00 €",
            "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations",
            self.env.ref("base.user_admin").name,  # the signatory
            "Responsable du recouvrement",
            "L441-10",
        ):
            self.assertIn(mention, text)
        # one row per period: from the day after the due date to the letter date
        self.assertIn("11/01/2026 15/02/2026 36", text)
        self.assertRegex(text, r"\d+,\d\d %")

    def test_consumer_letter_and_statement(self):
        self.consumer.write({"ref": "DUNTEST", "street": "9 rue Crébillon"})
        self.consumer.write({"zip": "44000", "city": "Nantes"})
        self.invoice(self.consumer, 300, "2025-10-01", "2025-10-01")
        reminder = self.reminder_of(self.run_on("2026-02-15"), self.consumer)
        text = self.render(
            "l10n_fr_credit_collection.action_report_dunning_letter", reminder
        )
        self.assert_letterhead(text)
        self.assertIn("44000 NANTES", text)
        self.assertIn("Madame, Monsieur,", text)
        self.assertNotIn("D441-5", text)
        self.assertNotIn("Sauf erreur", text)
        statement = self.render(
            "l10n_fr_credit_collection.action_report_statement", self.consumer
        )
        self.assert_letterhead(statement)
        self.assertIn("Relevé de compte", statement)
        self.assertRegex(statement, r"votre compte présente un solde de 300,00 €")

    def test_injonction_request(self):
        self.company.l10n_fr_terms_pdf = False
        case = self.env["l10n.fr.injonction.case"].browse(
            self.wizard_for(self.transports).action_create_case()["res_id"]
        )
        text = self.render(
            "l10n_fr_credit_collection.action_report_injonction_request", case
        )
        self.assert_letterhead(text)
        fee = case.line_ids.filtered(lambda line: line.kind == "court_fee").amount
        total = case.amount_total - fee
        self.assertIn(
            f"TOTAL DEMANDÉ {total:,.2f} €".replace(",", " ").replace(".", ","), text
        )
        self.assertIn("dépens", text)
        self.assertIn(f"{fee:.2f}".replace(".", ","), text)
        self.assertIn("Claire Essai, Présidente", text)  # LETTERHEAD
        self.assertIn("812 345 676 RCS Lyon", text)
        periods = self.transports_invoice.l10n_fr_penalty_breakdown(case.claim_date)
        self.assertGreaterEqual(len(periods), 1)
        self.assertEqual(len(re.findall(r" jours à \d+,\d\d %", text)), len(periods))
        self.assertNotIn("taux le plus élevé", text)

    def test_injonction_terms_exhibit_needs_terms(self):
        case = self.env["l10n.fr.injonction.case"].browse(
            self.wizard_for(self.transports).action_create_case()["res_id"]
        )
        self.company.invoice_terms = False
        with self.assertRaisesRegex(UserError, "conditions générales de vente"):
            case.with_context(lang="fr_FR")._l10n_fr_terms_pdf()
