from datetime import timedelta

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

    def test_first_run_sends_the_formal_notices_before_any_litigation(self):
        """The default policy's formal notice is mandatory: the customers 60 or more
        days late get it on the first run, not the litigation handover, and the
        handover comes once its 8 days to pay have passed."""
        Run = self.env["l10n.fr.dunning.run"]
        run = Run.create({"company_id": self.company.id, "date": self.today})
        run.action_send()
        kinds = {r.partner_id: (r.kind, r.state) for r in run.reminder_ids}
        late = {
            self.demo(f"partner_{key}")
            for key in ("transports", "consumer", "eu", "menuiserie", "garage")
        }
        for partner in late:
            self.assertEqual(
                kinds.get(partner), ("formal_notice", "sent"), partner.name
            )
        self.assertNotIn("litigation", {kind for kind, _state in kinds.values()})
        self.assertIn(
            f"{len(late)} customer(s) held at a mandatory level not sent yet",
            run.summary,
        )
        wizard = (
            self.env["l10n.fr.injonction.wizard"]
            .with_context(
                active_model="res.partner",
                active_ids=self.demo("partner_menuiserie").ids,
            )
            .create({})
        )
        self.assertNotIn(
            "formal_notice", {code for _level, code, _m in wizard._l10n_fr_checks()}
        )
        waiting = Run.create(
            {"company_id": self.company.id, "date": self.today + timedelta(days=8)}
        )
        waiting.action_send()
        self.assertFalse(waiting.reminder_ids.filtered(lambda r: r.partner_id in late))
        self.assertIn("until its days to pay have passed", waiting.summary)
        handover = Run.create(
            {"company_id": self.company.id, "date": self.today + timedelta(days=9)}
        )
        handover.action_send()
        self.assertEqual(
            {r.partner_id for r in handover.reminder_ids if r.kind == "litigation"},
            late,
        )
        self.assertEqual(
            set(handover.reminder_ids.activity_ids.user_id),
            {self.demo("user_controller")},
            "the handovers go to the demo's credit controller",
        )
