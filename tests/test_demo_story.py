from stdnum.fr import siret, tva

from odoo.tests import tagged

from .common import CreditCollectionDemoCase


@tagged("post_install", "-at_install")
class TestDemoStory(CreditCollectionDemoCase):
    def test_admin_starts_in_the_french_company(self):
        """make run: admin lands in the demo company, the only one selected."""
        admin = self.env.ref("base.user_admin")
        self.assertEqual(admin.company_id, self.company)
        self.assertIn(self.env.ref("base.main_company"), admin.company_ids)
        self.assertTrue(self.company._l10n_fr_french_law())

    def test_company_is_french_with_valid_identifiers(self):
        company = self.company
        self.assertEqual(company.country_id.code, "FR")
        self.assertEqual(company.chart_template, "fr")
        self.assertEqual(company.currency_id.name, "EUR")
        self.assertTrue(siret.is_valid(company.siret), company.siret)
        self.assertTrue(tva.is_valid(company.vat), company.vat)
        self.assertEqual(
            company.vat[4:], company.siret[:9], "VAT number carries the SIREN"
        )

    def test_customers(self):
        customers = self.env["res.partner"].search(
            [
                ("company_id", "=", self.company.id),
                ("id", "!=", self.company.partner_id.id),
            ]
        )
        self.assertGreaterEqual(len(customers), 6)
        french = customers.filtered(
            lambda p: p.is_company and p.country_id.code == "FR"
        )
        self.assertGreaterEqual(len(french), 5)
        for partner in french:
            self.assertTrue(siret.is_valid(partner.siret), partner.name)
            self.assertTrue(tva.is_valid(partner.vat), partner.name)
        self.assertGreaterEqual(
            len(set(french.mapped(lambda p: p.zip[:2]))), 4, "départements"
        )
        consumer = self.demo("partner_consumer")
        self.assertFalse(consumer.is_company or consumer.vat)
        self.assertEqual(self.demo("partner_eu").country_id.code, "DE")

    def _days_overdue(self, invoice):
        open_lines = invoice.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable" and not line.reconciled
        )
        return (self.today - min(open_lines.mapped("date_maturity"))).days

    def test_overdue_invoices(self):
        expected = {
            "inv_clinique_overdue_10": 10,
            "inv_boulangerie_overdue_40": 40,
            "inv_hotel_installments": 40,
            "inv_transports_overdue_75": 75,
            "inv_consumer_overdue_75": 75,
            "inv_eu_overdue_120": 120,
            "inv_menuiserie_overdue_200": 200,
        }
        for name, days in expected.items():
            invoice = self.demo(name)
            self.assertEqual(invoice.state, "posted", name)
            self.assertIn(invoice.payment_state, ("not_paid", "partial"), name)
            self.assertEqual(self._days_overdue(invoice), days, name)
        self.assertEqual(
            self.demo("inv_transports_overdue_75").payment_state, "partial"
        )
        self.assertEqual(self.demo("inv_transports_overdue_75").amount_residual, 4000.0)
        not_due = self.demo("inv_boulangerie_not_due")
        self.assertGreater(not_due.invoice_date_due, self.today)

    def test_history_paid_invoices_and_installments(self):
        for name in (
            "inv_boulangerie_paid",
            "inv_transports_paid_late",
            "inv_clinique_paid",
        ):
            self.assertIn(self.demo(name).payment_state, ("paid", "in_payment"), name)
        oldest = min(
            self.env["account.move"]
            .search(
                [
                    ("company_id", "=", self.company.id),
                    ("move_type", "=", "out_invoice"),
                ]
            )
            .mapped("invoice_date")
        )
        self.assertGreaterEqual(
            (self.today - oldest).days, 480, "about 16 months of history"
        )
        hotel = self.demo("inv_hotel_installments")
        receivable = hotel.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        self.assertEqual(len(receivable), 2, "two installments")
        self.assertEqual(sorted(receivable.mapped("amount_residual")), [0.0, 5040.0])
        self.assertGreaterEqual(
            len(
                set(
                    self.env["account.move"]
                    .search(
                        [
                            ("company_id", "=", self.company.id),
                            ("move_type", "=", "out_invoice"),
                        ]
                    )
                    .mapped("invoice_payment_term_id")
                )
            ),
            4,
        )

    def test_credit_note_unmatched_payment_and_eu_vat(self):
        refund = self.demo("refund_hotel")
        self.assertEqual(
            (refund.move_type, refund.state, refund.amount_total),
            ("out_refund", "posted", 360.0),
        )
        payment = self.demo("payment_eu_unmatched")
        self.assertEqual(payment.state, "in_process")
        self.assertFalse(payment.is_reconciled)
        self.assertFalse(
            self.demo("inv_eu_overdue_120").amount_tax, "intra-EU B2B: no French VAT"
        )
