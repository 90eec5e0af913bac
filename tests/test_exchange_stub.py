from datetime import date
from unittest.mock import patch

from odoo.tests import tagged

from .common import PenaltyCase


@tagged("post_install", "-at_install")
class TestExchangeStub(PenaltyCase):
    """The stub of ``account.move.line._prepare_exchange_difference_move_vals``
    behind the context flag ``l10n_fr_no_exchange_date`` (batch lettering): Odoo
    18.0 prepares an exchange difference entry for every fully reconciled group of
    a reconciliation plan, and computes the accounting date of the exchange
    journal for it (a new move and its lock dates and sequence) even when no item
    of the group needs a difference, only to drop the values, which hold no line.
    The first test shows that behaviour (if a later Odoo stops doing it, it fails
    and the stub can go); the second that the flag skips it with the same
    reconciliation."""

    def plan(self):
        """Three groups (an invoice and its credit note, in euros) dated 1, 2 and
        3 March 2025: fully reconciled, nothing to fix in another currency."""
        plan = []
        for i in range(3):
            day = date(2025, 3, 1 + i)
            moves = self.invoice(self.pro, 100 + i, day) + self.invoice(
                self.pro, 100 + i, day, move_type="out_refund"
            )
            plan.append(
                moves.line_ids.filtered(
                    lambda line: line.account_type == "asset_receivable"
                )
            )
        return plan

    def reconcile(self, plan, **context):
        """Reconcile the plan; returns the dates the exchange journal's
        accounting date was computed for."""
        Journal = type(self.env["account.journal"])
        compute = Journal._compute_accounting_date
        dates = []

        def spy(journals):
            dates.append(journals.env.context.get("move_date"))
            return compute(journals)

        with patch.object(Journal, "_compute_accounting_date", spy):
            self.env["account.move.line"].with_context(**context)._reconcile_plan(plan)
        for lines in plan:
            self.assertTrue(lines.full_reconcile_id)
            self.assertEqual(len(lines.full_reconcile_id), 1)
            self.assertFalse(lines.full_reconcile_id.exchange_move_id)
            self.assertFalse(lines.matched_debit_ids.exchange_move_id)
        return dates

    def test_odoo_computes_the_exchange_date_of_every_full_group(self):
        self.assertEqual(
            self.reconcile(self.plan()),
            [date(2025, 3, 1), date(2025, 3, 2), date(2025, 3, 3)],
        )

    def test_flag_skips_the_exchange_date(self):
        self.assertEqual(self.reconcile(self.plan(), l10n_fr_no_exchange_date=True), [])
