"""Shared test bases: a French company of the test (``FrenchCompanyCase`` on Odoo's
``AccountTestInvoicingCommon``) or the demo story (``CreditCollectionDemoCase``,
tagged ``l10n_fr_demo``), with mixins for invoices, dunning and lettering that give
each its two variants. The queue_job bridge imports them from here."""

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from ..rules.letters import index_to_code

RUN_LOGGER = "odoo.addons.l10n_fr_credit_collection.models.l10n_fr_dunning_run"

COMPANY_NAME = "Ateliers Durand SAS"
# the mentions of the test company's business papers (C. com. R123-237 / R123-238)
LETTERHEAD = {
    "street": "12 rue de la République",
    "zip": "69002",
    "city": "Lyon",
    "vat": "FR19812345676",
    "siret": "81234567600017",
    "company_registry": "812 345 676 R.C.S. Lyon",
    "email": "compta@ateliers-durand.example.com",
    "phone": "+33 4 72 00 00 01",
    "l10n_fr_legal_form": "SAS",
    "l10n_fr_share_capital": 50000,
    "l10n_fr_rcs_city": "Lyon",
    "l10n_fr_representative_name": "Claire Essai",
    "l10n_fr_representative_title": "Présidente",
    "l10n_fr_signatory_title": "Responsable du recouvrement",
}


class InvoicingMixin:
    """Invoices and payments at fixed dates in ``cls.company``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.pro = Partner.create(
            {"name": "Forges Test SAS", "is_company": True, "siret": "81234567600017"}
        )
        cls.consumer = Partner.create({"name": "Jean Test", "lang": "fr_FR"})

    @classmethod
    def invoice(cls, partner, amount, invoice_date, due_date=None, company=None, **kw):
        """A posted customer invoice without tax (amount = tax included)."""
        company = company or cls.company
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": invoice_date,
                    "invoice_date_due": due_date or invoice_date,
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Ouvrage", "quantity": 1, "price_unit": amount}
                        )
                    ],
                    **kw,
                }
            )
        )
        move.invoice_line_ids.tax_ids = False
        move.action_post()
        return move

    @classmethod
    def pay(cls, invoice, amount, date):
        """Register a payment through Odoo's payment wizard."""
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount, "payment_date": date})._create_payments()


class FrenchCompanyCase(AccountTestInvoicingCommon):
    """A French company of its own, built by Odoo's ``AccountTestInvoicingCommon``
    (French chart of accounts, the addon's setup of a new company: default dunning
    policy, lettering rules, sequences) with the mentions of its business papers: the
    tests run in a database with or without demo data. As the superuser, as the tests
    over the demo story; the administrator works in this company (tours)."""

    @classmethod
    @AccountTestInvoicingCommon.setup_country("fr")
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {**LETTERHEAD, "l10n_fr_signatory_id": cls.env.ref("base.user_admin").id}
        )
        cls.env.ref("base.user_admin").write(
            {
                "company_ids": [Command.link(cls.company.id)],
                "company_id": cls.company.id,
            }
        )
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=cls.company.ids)
        )
        cls.today = fields.Date.context_today(cls.company)

    @classmethod
    def default_env_context(cls):
        # the addon's chatter messages and tracking are part of what is tested
        return {}

    @classmethod
    def setup_independent_user(cls):
        return None

    @classmethod
    def setup_independent_company(cls, **kwargs):
        return cls._create_company(name=COMPANY_NAME, **kwargs)


class PenaltyCase(InvoicingMixin, FrenchCompanyCase):
    """Invoices at fixed dates in a French company of the test, for exact amounts."""


@tagged("l10n_fr_demo")
class CreditCollectionDemoCase(TransactionCase):
    """Tests over the demo story (demo/story.py), dated from the install day: tagged
    ``l10n_fr_demo``, they run in the database with demo data only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("l10n_fr_credit_collection.demo_company")
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=cls.company.ids)
        )
        cls.today = fields.Date.context_today(cls.company)

    @classmethod
    def demo(cls, name):
        return cls.env.ref(f"l10n_fr_credit_collection.demo_{name}")


class DemoPenaltyCase(InvoicingMixin, CreditCollectionDemoCase):
    """Invoices at fixed dates in the demo company, beside its story."""


class DunningMixin:
    """A test policy for the customers with reference DUNTEST, and helpers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy = cls.env["l10n.fr.dunning.policy"].create(
            {
                "name": "Test policy",
                "sequence": 1,
                "company_id": cls.company.id,
                "partner_domain": "[('ref', '=', 'DUNTEST')]",
                "level_ids": [
                    Command.create({"name": "L1", "kind": "reminder", "days": 5}),
                    Command.create(
                        {
                            "name": "L2",
                            "kind": "firm",
                            "days": 15,
                            "min_amount": 100,
                            "repeat_days": 10,
                        }
                    ),
                    Command.create(
                        {
                            "name": "L3",
                            "kind": "formal_notice",
                            "days": 30,
                            "send_letter": True,
                            "payment_delay_days": 8,
                        }
                    ),
                    Command.create(
                        {
                            "name": "L4",
                            "kind": "litigation",
                            "days": 60,
                            "send_email": False,
                            "create_activity": True,
                        }
                    ),
                ],
            }
        )
        cls.l1, cls.l2, cls.l3, cls.l4 = cls.policy.level_ids.sorted("days")
        cls.customer = cls.customer_named("Acier Dupré SAS")

    @classmethod
    def customer_named(cls, name, **values):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "ref": "DUNTEST",
                "lang": "fr_FR",
                "email": "compta@example.com",
                "siret": "81234567600017",
                **values,
            }
        )

    def run_on(self, day, send=True):
        run = self.env["l10n.fr.dunning.run"].create(
            {"company_id": self.company.id, "date": day}
        )
        (run.action_send if send else run.action_preview)()
        return run

    def reminder_of(self, run, partner):
        return run.reminder_ids.filtered(lambda r: r.partner_id == partner)

    def cron(self, day=None):
        """The scheduled dunning run (on ``day``), its warnings (nothing to remind,
        refusals) kept out of the test log."""
        with mute_logger(RUN_LOGGER):
            if day:
                with freeze_time(day):
                    self.env["l10n.fr.dunning.run"]._cron_dunning()
            else:
                self.env["l10n.fr.dunning.run"]._cron_dunning()


class DunningCase(DunningMixin, PenaltyCase):
    """The test policy in a French company of the test."""


class DemoDunningCase(DunningMixin, DemoPenaltyCase):
    """The test policy in the demo company, beside its story."""


class LetteringMixin:
    """Invoices and unmatched customer payments, with helpers to read their
    receivable items and letter them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receivable = cls.pro.with_company(
            cls.company
        ).property_account_receivable_id
        cls.bank = cls.env["account.journal"].search(
            [
                *cls.env["account.journal"]._check_company_domain(cls.company),
                ("type", "=", "bank"),
            ],
            limit=1,
        )

    @classmethod
    def payment(cls, partner, amount, date, memo=None, company=None, **kw):
        """A posted customer payment, not matched with any invoice."""
        company = company or cls.company
        payment = (
            cls.env["account.payment"]
            .with_company(company)
            .create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": partner.id,
                    "amount": amount,
                    "date": date,
                    "memo": memo,
                    **kw,
                }
            )
        )
        payment.action_post()
        return payment

    @staticmethod
    def item(record):
        """The receivable or payable journal item of an invoice or a payment."""
        move = record.move_id if record._name == "account.payment" else record
        return move.line_ids.filtered(
            lambda line: (
                line.account_id.account_type
                in ("asset_receivable", "liability_payable")
            )
        )

    def usd_invoice_and_payment(self):
        """Receivable items of a 1,100 USD invoice (rate 1.10) and of its payment a
        month later (rate 1.25): their reconciliation makes an exchange difference."""
        usd = self.env.ref("base.USD")
        usd.active = True
        self.env["res.currency.rate"].create(
            [
                {
                    "name": day,
                    "rate": rate,
                    "currency_id": usd.id,
                    "company_id": self.company.id,
                }
                for day, rate in (("2026-01-01", 1.10), ("2026-02-01", 1.25))
            ]
        )
        invoice = self.item(
            self.invoice(self.pro, 1100, "2026-01-10", currency_id=usd.id)
        )
        payment = self.item(
            self.payment(self.pro, 1100, "2026-02-10", currency_id=usd.id)
        )
        return invoice, payment

    def next_code(self, account=None, partner=None, company=None):
        """The letter the next new group of a scope will get."""
        sequence = self.env["l10n.fr.letter.sequence"].search(
            [
                ("company_id", "=", (company or self.company).id),
                ("account_id", "=", (account or self.receivable).id),
                ("partner_id", "=", partner.id if partner else False),
            ]
        )
        return index_to_code(sequence.next_index)

    def letter_wizard(self, lines):
        return Form(
            self.env["l10n.fr.lettering.wizard"].with_context(
                active_model="account.move.line", active_ids=lines.ids
            )
        )


class LetteringCase(LetteringMixin, PenaltyCase):
    """Lettering in a French company of the test."""


class DemoLetteringCase(LetteringMixin, DemoPenaltyCase):
    """Lettering in the demo company, beside its story."""
