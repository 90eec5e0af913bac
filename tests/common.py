from odoo import Command, fields
from odoo.tests import TransactionCase


class CreditCollectionDemoCase(TransactionCase):
    """Tests over the demo story (demo/story.py), dated from the install day."""

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


class PenaltyCase(CreditCollectionDemoCase):
    """Invoices at fixed dates in the demo company, for exact penalty amounts."""

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
