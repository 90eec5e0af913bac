from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import PenaltyCase


@tagged("post_install", "-at_install")
class TestPenaltyInvoice(PenaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.invoice(cls.pro, 10000, "2025-11-15", "2025-12-15")

    def _wizard(self, moves, day):
        form = Form(
            self.env["l10n.fr.penalty.invoice"].with_context(
                active_model="account.move", active_ids=moves.ids
            )
        )
        form.invoice_date = day
        return form.save()

    def _bill(self, moves, day):
        action = self._wizard(moves, day).action_create_invoices()
        domain_ids = action.get("res_id") and [action["res_id"]]
        return self.env["account.move"].browse(domain_ids or action["domain"][0][2])

    def test_second_invoice_bills_only_the_increase_and_cancel_frees(self):
        wizard = self._wizard(self.source, "2026-01-14")
        self.assertIn("139", wizard.summary_html)
        first = self._bill(self.source, "2026-01-14")
        self.assertEqual(first.state, "posted")
        self.assertEqual(first.ref, "Facture de pénalités de retard")
        self.assertEqual(first.invoice_origin, self.source.name)
        self.assertRecordValues(
            first.invoice_line_ids.sorted("l10n_fr_penalty_kind"),
            [
                {
                    "l10n_fr_penalty_kind": "indemnity",
                    "price_subtotal": 40.0,
                    "l10n_fr_penalty_source_move_id": self.source.id,
                    "account_id": self.company._l10n_fr_penalty_account("indemnity").id,
                },
                {
                    "l10n_fr_penalty_kind": "interest",
                    "price_subtotal": 99.86,
                    "l10n_fr_penalty_source_move_id": self.source.id,
                    "account_id": self.company._l10n_fr_penalty_account("interest").id,
                },
            ],
        )
        self.assertFalse(first.amount_tax, "no VAT on penalties")
        self.assertEqual(
            self.company._l10n_fr_penalty_account("interest").code, "763100"
        )
        self.assertEqual(
            self.company._l10n_fr_penalty_account("indemnity").code, "758100"
        )
        amounts = self.source.l10n_fr_penalty_amounts("2026-01-14")
        self.assertEqual((amounts["already_invoiced"], amounts["due"]), (139.86, 0.0))
        self.assertFalse(
            first.l10n_fr_penalty_amounts("2026-06-30")["total"],
            "no penalty on a penalty invoice",
        )

        with self.assertRaisesRegex(UserError, "nothing to invoice"):
            self._bill(self.source, "2026-01-14")

        # 30 days later: 10000 x 12.15 % x 30 / 365 = 99.86 more, and no second 40 EUR
        second = self._bill(self.source, "2026-02-13")
        self.assertRecordValues(
            second.invoice_line_ids,
            [{"l10n_fr_penalty_kind": "interest", "price_subtotal": 99.87}],
        )
        # 53.26 + 146.47 = 199.73 in all, 99.86 billed before
        self.assertEqual(self.source.l10n_fr_penalty_amounts("2026-02-13")["due"], 0.0)

        first.button_draft()
        first.button_cancel()
        amounts = self.source.l10n_fr_penalty_amounts("2026-02-13")
        self.assertEqual((amounts["already_invoiced"], amounts["due"]), (99.87, 139.86))
        third = self._bill(self.source, "2026-02-13")
        self.assertEqual(third.amount_total, 139.86)

    def test_one_invoice_per_customer_and_validation(self):
        other = self.invoice(self.consumer, 500, "2026-01-01", "2026-01-31")
        other.l10n_fr_formal_notice_date = "2026-02-01"
        second = self.invoice(self.pro, 1000, "2026-01-01", "2026-01-31")
        invoices = self._bill(self.source + other + second, "2026-03-02")
        self.assertEqual(len(invoices), 2)
        pro_invoice = invoices.filtered(lambda m: m.partner_id == self.pro)
        self.assertEqual(len(pro_invoice.invoice_line_ids), 4)
        self.assertEqual(
            invoices.filtered(
                lambda m: m.partner_id == self.consumer
            ).invoice_line_ids.mapped("l10n_fr_penalty_kind"),
            ["interest"],
            "a consumer owes no indemnity",
        )
        self.assertIn(pro_invoice.name, str(self.source.message_ids[0].body))
        with self.assertRaisesRegex(UserError, "Only posted customer invoices"):
            self._bill(invoices, "2026-03-02")

    def test_server_action_opens_the_wizard(self):
        action = self.env.ref("l10n_fr_credit_collection.action_server_penalty_invoice")
        result = action.with_context(
            active_model="account.move", active_ids=self.source.ids
        ).run()
        self.assertEqual(result["res_model"], "l10n.fr.penalty.invoice")
        self.assertEqual(result["context"]["active_ids"], self.source.ids)
