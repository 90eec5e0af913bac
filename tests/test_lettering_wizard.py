from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import LetteringCase


@tagged("post_install", "-at_install")
class TestManualLettering(LetteringCase):
    def test_balanced_items_are_lettered(self):
        invoice = self.item(self.invoice(self.pro, 500, "2026-01-05"))
        payment = self.item(self.payment(self.pro, 500, "2026-01-20"))
        form = self.letter_wizard(invoice + payment)
        self.assertEqual(form.mode, "full")
        self.assertEqual(form.difference, 0.0)
        self.assertEqual(form.total_debit, 500.0)
        code = self.next_code()
        form.save().action_letter()
        self.assertEqual((invoice + payment).mapped("l10n_fr_letter"), [code] * 2)
        history = self.env["l10n.fr.lettering.history"].search(
            [("move_line_ids", "in", invoice.ids)]
        )
        self.assertRecordValues(
            history,
            [
                {
                    "operation": "letter",
                    "origin": "manual",
                    "letter": code,
                    "user_id": self.env.uid,
                    "amount": 500.0,
                    "account_id": self.receivable.id,
                    "partner_id": self.pro.id,
                }
            ],
        )
        self.assertEqual(history.move_line_ids, invoice + payment)

    def test_writeoff_in_a_locked_period(self):
        invoice = self.item(self.invoice(self.pro, 100, "2025-12-10"))
        payment = self.item(self.payment(self.pro, 99.4, "2025-12-20"))
        self.company.fiscalyear_lock_date = date(2025, 12, 31)
        form = self.letter_wizard(invoice + payment)
        self.assertAlmostEqual(form.difference, 0.6)
        self.assertTrue(form.within_tolerance)
        self.assertEqual(form.mode, "writeoff", "0.60 is within 1.00 and 1 %")
        self.assertEqual(form.writeoff_date, date(2025, 12, 20))
        self.assertIn("2026-01-01", form.lock_date_message)
        loss = self.company._l10n_fr_letter_writeoff_account(loss=True)
        self.assertEqual(form.writeoff_account_id, loss)
        self.assertEqual(loss.code, "658100")
        form.save().action_letter()
        self.assertTrue(invoice.full_reconcile_id)
        history = self.env["l10n.fr.lettering.history"].search(
            [("move_line_ids", "in", invoice.ids)]
        )
        writeoff = history.writeoff_move_id
        self.assertEqual(writeoff.date, date(2026, 1, 1), "after the lock date")
        self.assertEqual(writeoff.state, "posted")
        self.assertAlmostEqual(history.difference, 0.6)
        self.assertRecordValues(
            writeoff.line_ids.sorted("balance"),
            [
                {
                    "account_id": self.receivable.id,
                    "balance": -0.6,
                    "partner_id": self.pro.id,
                },
                {"account_id": loss.id, "balance": 0.6, "partner_id": self.pro.id},
            ],
        )
        group = invoice.full_reconcile_id.reconciled_line_ids
        self.assertEqual(len(group), 3)
        self.assertEqual(len(set(group.mapped("l10n_fr_letter"))), 1)
        self.assertTrue(invoice.l10n_fr_letter.isupper())

    def test_overpayment_writes_off_to_the_gain_account(self):
        invoice = self.item(self.invoice(self.pro, 100, "2026-01-10"))
        payment = self.item(self.payment(self.pro, 100.5, "2026-01-20"))
        form = self.letter_wizard(invoice + payment)
        self.assertEqual(form.mode, "writeoff")
        self.assertEqual(form.writeoff_account_id.code, "758000")
        form.save().action_letter()
        self.assertTrue(payment.full_reconcile_id)

    def test_difference_above_tolerance_letters_partially(self):
        invoice = self.item(self.invoice(self.pro, 100, "2026-01-10"))
        payment = self.item(self.payment(self.pro, 90, "2026-01-20"))
        form = self.letter_wizard(invoice + payment)
        self.assertFalse(form.within_tolerance)
        self.assertEqual(form.mode, "partial")
        form.mode = "writeoff"
        with self.assertRaises(UserError):
            form.save().action_letter()
        form = self.letter_wizard(invoice + payment)
        form.save().action_letter()
        self.assertEqual(invoice.amount_residual, 10.0)
        self.assertTrue(invoice.l10n_fr_letter.islower())
        self.assertEqual(payment.l10n_fr_letter, invoice.l10n_fr_letter)
        # the settings change the tolerance
        self.company.l10n_fr_letter_tolerance = 20
        self.company.l10n_fr_letter_tolerance_percent = 0
        other = self.item(self.invoice(self.pro, 100, "2026-01-10"))
        other += self.item(self.payment(self.pro, 90, "2026-01-20"))
        self.assertEqual(self.letter_wizard(other).mode, "writeoff")

    def test_checks(self):
        invoice = self.item(self.invoice(self.pro, 100, "2026-01-10"))
        other_partner = self.item(self.payment(self.consumer, 100, "2026-01-20"))
        with self.assertRaisesRegex(UserError, "per partner"):
            self.letter_wizard(invoice + other_partner)
        self.company.l10n_fr_letter_partner_guard = False
        self.letter_wizard(invoice + other_partner).save().action_letter()
        self.assertTrue(invoice.reconciled)
        with self.assertRaisesRegex(UserError, "already fully lettered"):
            self.letter_wizard(invoice)
        income = self.invoice(self.pro, 100, "2026-01-10").line_ids.filtered(
            lambda line: line.display_type == "product"
        )
        with self.assertRaisesRegex(UserError, "one account"):
            self.letter_wizard(
                income + self.item(self.payment(self.pro, 5, "2026-01-20"))
            )
        with self.assertRaisesRegex(UserError, "does not allow lettering"):
            self.letter_wizard(income)
        draft = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.pro.id,
                "invoice_line_ids": [Command.create({"name": "x", "price_unit": 10})],
            }
        )
        with self.assertRaisesRegex(UserError, "posted"):
            self.letter_wizard(self.item(draft))


@tagged("post_install", "-at_install")
class TestUnlettering(LetteringCase):
    def _group(self):
        invoice = self.item(self.invoice(self.pro, 500, "2026-01-05"))
        first = self.item(self.payment(self.pro, 300, "2026-01-20"))
        second = self.item(self.payment(self.pro, 200, "2026-01-25"))
        (invoice + first + second).reconcile()
        return invoice, first, second

    def _wizard(self, lines=None, **values):
        context = {}
        if lines:
            context = {"active_model": "account.move.line", "active_ids": lines.ids}
        form = Form(self.env["l10n.fr.unlettering.wizard"].with_context(**context))
        for field, value in values.items():
            setattr(form, field, value)
        return form

    def test_whole_group_with_reason_and_audit(self):
        invoice, first, second = self._group()
        code = invoice.l10n_fr_letter
        form = self._wizard(first, reason="Paiement affecté à la mauvaise facture")
        self.assertEqual(form.mode, "group")
        wizard = form.save()
        self.assertEqual(wizard.line_ids, invoice + first + second)
        self.assertFalse(wizard.reversed_move_ids)
        wizard.action_unletter()
        self.assertFalse(any((invoice + first + second).mapped("l10n_fr_letter")))
        self.assertFalse(invoice.matched_credit_ids)
        history = self.env["l10n.fr.lettering.history"].search(
            [("operation", "=", "unletter"), ("move_line_ids", "in", invoice.ids)]
        )
        self.assertRecordValues(
            history,
            [
                {
                    "origin": "group",
                    "letter": code,
                    "user_id": self.env.uid,
                    "reason": "Paiement affecté à la mauvaise facture",
                }
            ],
        )
        self.assertEqual(history.move_line_ids, invoice + first + second)
        self.assertTrue(history.date)

    def test_single_item_keeps_the_rest_lettered(self):
        invoice, first, second = self._group()
        code = invoice.l10n_fr_letter
        form = self._wizard(second, reason="Erreur")
        form.mode = "item"
        form.save().action_unletter()
        self.assertFalse(second.l10n_fr_letter)
        self.assertEqual((invoice + first).mapped("l10n_fr_letter"), [code.lower()] * 2)
        self.assertEqual(invoice.amount_residual, 200.0)

    def test_by_letter(self):
        invoice, first, second = self._group()
        form = self._wizard(
            account_id=self.receivable,
            letter=invoice.l10n_fr_letter.lower(),
            reason="Lettrage erroné",
        )
        wizard = form.save()
        self.assertEqual(wizard.line_ids, invoice + first + second)
        wizard.action_unletter()
        self.assertFalse(invoice.l10n_fr_letter)

    def test_reason_required(self):
        invoice, first, _second = self._group()
        wizard = self._wizard(first, reason="x").save()
        wizard.reason = " "
        with self.assertRaisesRegex(UserError, "reason"):
            wizard.action_unletter()
        self.assertTrue(invoice.l10n_fr_letter)
        with self.assertRaisesRegex(UserError, "None of these"):
            self._wizard(self.item(self.invoice(self.pro, 10, "2026-01-05")))

    def test_preview_of_the_reversed_exchange_difference(self):
        invoice, payment = self.usd_invoice_and_payment()
        (invoice + payment).reconcile()
        exchange = (
            invoice.matched_credit_ids.exchange_move_id
            | invoice.full_reconcile_id.exchange_move_id
        )
        wizard = self._wizard(invoice, reason="Mauvais client").save()
        self.assertEqual(wizard.reversed_move_ids, exchange)
        wizard.action_unletter()
        self.assertTrue(exchange.reversal_move_ids, "Odoo reversed the exchange entry")
        history = self.env["l10n.fr.lettering.history"].search(
            [("operation", "=", "unletter"), ("move_line_ids", "in", invoice.ids)]
        )
        self.assertEqual(history.reversed_move_ids, exchange)

    def test_preview_of_the_reversed_cash_basis_entry(self):
        self.company.tax_exigibility = True
        tax = (
            self.env["account.chart.template"]
            .with_company(self.company)
            .ref("tva_normale_encaissement")
        )
        self.assertEqual(tax.tax_exigibility, "on_payment")
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.pro.id,
                "invoice_date": "2026-01-10",
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Pose", "price_unit": 1000, "tax_ids": tax.ids}
                    )
                ],
            }
        )
        move.action_post()
        invoice = self.item(move)
        payment = self.item(self.payment(self.pro, 1200, "2026-01-20"))
        (invoice + payment).reconcile()
        caba = self.env["account.move"].search(
            [("tax_cash_basis_rec_id", "in", invoice.matched_credit_ids.ids)]
        )
        self.assertTrue(caba, "VAT on payments: Odoo booked the cash-basis entry")
        wizard = self._wizard(payment, reason="Virement rejeté").save()
        self.assertIn(caba, wizard.reversed_move_ids)
        wizard.action_unletter()
        self.assertTrue(caba.reversal_move_ids)
