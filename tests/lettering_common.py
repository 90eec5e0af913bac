from odoo.tests import Form

from ..rules.letters import index_to_code
from .common import PenaltyCase


class LetteringCase(PenaltyCase):
    """Invoices and unmatched customer payments of the demo company, with helpers to
    read their receivable items and letter them."""

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
