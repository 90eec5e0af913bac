from datetime import date

from odoo.tests import Form, tagged

from .common import LetteringCase


@tagged("post_install", "-at_install")
class TestJustification(LetteringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Justif Client SAS", "is_company": True}
        )
        c = cls.customer
        cls.big = cls.item(cls.invoice(c, 1000, "2026-01-05", "2026-02-04"))
        cls.part_pay = cls.item(cls.payment(c, 400, "2026-02-10"))
        cls.open = cls.item(cls.invoice(c, 300, "2026-03-01", "2026-03-31"))
        cls.settled = cls.item(cls.invoice(c, 200, "2026-01-10"))
        cls.settled_pay = cls.item(cls.payment(c, 200, "2026-01-20"))
        cls.env["account.move.line"]._reconcile_plan(
            [cls.big + cls.part_pay, cls.settled + cls.settled_pay]
        )

    def _wizard(self, on_date="2026-04-15"):
        form = Form(self.env["l10n.fr.balance.justification"])
        form.partner_ids.add(self.customer)
        form.date = on_date
        return form.save()

    def test_unlettered_and_partial_items_justify_the_balance(self):
        wizard = self._wizard()
        self.assertIn(self.receivable, wizard.account_ids)
        (group,) = wizard._l10n_fr_justification()
        self.assertEqual(group["partner"], self.customer)
        self.assertEqual(group["lines"], self.big + self.part_pay + self.open)
        self.assertEqual(group["balance"], 900.0)
        self.assertEqual(group["ledger_balance"], 900.0)
        action = wizard.action_show_items()
        lines = self.env["account.move.line"].search(action["domain"])
        self.assertEqual(lines, self.big + self.part_pay + self.open)

    def test_aged_balance(self):
        wizard = self._wizard()
        (block,) = wizard._l10n_fr_aged_balance()
        (row,) = block["rows"]
        # on 15 April: the 600 left of the big invoice is 70 days late (61-90); the
        # 300 is 15 days late (1-30)
        self.assertEqual(row["buckets"], [0.0, 300.0, 0.0, 600.0, 0.0, 0.0])
        self.assertEqual(row["total"], 900.0)
        self.assertEqual(
            wizard._l10n_fr_bucket_titles(),
            [
                "Not due",
                "1-30 days",
                "31-60 days",
                "61-90 days",
                "91-120 days",
                "Over 120 days",
            ],
        )
        wizard.date = date(2026, 3, 20)
        (block,) = wizard._l10n_fr_aged_balance()
        self.assertEqual(block["rows"][0]["buckets"][0], 300.0, "not due yet")

    def test_reports_render(self):
        wizard = self._wizard()
        Report = self.env["ir.actions.report"]
        html = Report._render_qweb_html(
            "l10n_fr_credit_collection.report_balance_justification", wizard.ids
        )[0].decode()
        self.assertIn("Justif Client SAS", html)
        self.assertIn(self.big.l10n_fr_letter, html)
        self.assertIn(self.open.move_name, html)
        self.assertNotIn(self.settled.move_name, html)
        html = Report._render_qweb_html(
            "l10n_fr_credit_collection.report_aged_balance", wizard.ids
        )[0].decode()
        self.assertIn("61-90 days", html)
        self.assertIn("Justif Client SAS", html)
        french = (
            Report.with_context(lang="fr_FR")
            ._render_qweb_html(
                "l10n_fr_credit_collection.report_aged_balance", wizard.ids
            )[0]
            .decode()
        )
        self.assertIn("Balance âgée", french)
        # the PDF action (or, first, the layout configuration that leads to it)
        action = wizard.action_print_justification()
        self.assertIn("report_balance_justification", str(action))
