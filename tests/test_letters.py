import threading
from datetime import date

import psycopg2.errors

from odoo import SUPERUSER_ID, api, fields
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from ..rules.letters import code_to_index
from .common import DemoLetteringCase, LetteringCase


@tagged("post_install", "-at_install")
class TestLetters(LetteringCase):
    def test_letters_follow_reconcile_unreconcile_and_partial_to_full(self):
        code = self.next_code()
        invoice = self.item(self.invoice(self.pro, 500, "2026-01-05"))
        first = self.item(self.payment(self.pro, 300, "2026-01-20"))
        (invoice + first).reconcile()
        self.assertEqual(invoice.matching_number[0], "P")
        self.assertRecordValues(
            invoice + first,
            [
                {
                    "l10n_fr_letter": code.lower(),
                    "l10n_fr_letter_state": "partial",
                    "l10n_fr_letter_index": code_to_index(code),
                }
            ]
            * 2,
        )
        # the partial group becomes full: same letters, uppercase
        second = self.item(self.payment(self.pro, 200, "2026-02-03"))
        with freeze_time("2026-02-10"):
            (invoice + second).reconcile()
        self.assertTrue(invoice.full_reconcile_id)
        self.assertEqual(
            (invoice + first + second).mapped("l10n_fr_letter"), [code] * 3
        )
        self.assertEqual(
            set((invoice + first + second).mapped("l10n_fr_letter_date")),
            {date(2026, 2, 10)},
            "the lettering date is the day the group was balanced",
        )
        self.assertEqual(invoice.l10n_fr_letter_state, "full")
        # one payment unlettered: partial again, same letter; the other loses it
        second.remove_move_reconcile()
        self.assertEqual((invoice + first).mapped("l10n_fr_letter"), [code.lower()] * 2)
        self.assertFalse(second.l10n_fr_letter or second.l10n_fr_letter_state)
        # relettered: the group keeps its letter, the sequence did not move
        (invoice + second).reconcile()
        self.assertEqual(second.l10n_fr_letter, code)
        self.assertEqual(self.next_code(), self.next_code())
        next_code = self.next_code()
        self.assertEqual(code_to_index(next_code), code_to_index(code) + 1)
        # fully unlettered: no letter; letters are never given twice
        invoice.remove_move_reconcile()
        self.assertFalse(any((invoice + first + second).mapped("l10n_fr_letter")))
        (invoice + first + second).reconcile()
        self.assertEqual(invoice.l10n_fr_letter, next_code)

    def test_groups_get_successive_letters_and_split_groups(self):
        code = code_to_index(self.next_code())
        invoices = [
            self.item(self.invoice(self.pro, 100, "2026-01-05")) for _ in range(3)
        ]
        payment = self.item(self.payment(self.pro, 300, "2026-01-20"))
        other = self.item(self.invoice(self.consumer, 80, "2026-01-05"))
        other_payment = self.item(self.payment(self.consumer, 80, "2026-01-06"))
        self.env["account.move.line"]._reconcile_plan(
            [payment + invoices[0] + invoices[1] + invoices[2], other + other_payment]
        )
        self.assertEqual(
            [payment.l10n_fr_letter_index, other.l10n_fr_letter_index],
            [code, code + 1],
        )
        # removing one invoice: the payment and the two others keep the letter
        invoices[0].remove_move_reconcile()
        self.assertEqual(payment.l10n_fr_letter_index, code)
        self.assertEqual(invoices[1].l10n_fr_letter, payment.l10n_fr_letter)
        self.assertTrue(payment.l10n_fr_letter.islower())
        self.assertFalse(invoices[0].l10n_fr_letter)

    def test_letter_sequence_per_partner(self):
        self.company.l10n_fr_letter_scope = "partner"
        self.assertEqual(self.next_code(partner=self.pro), "A")
        for partner in (self.pro, self.consumer):
            (
                self.item(self.invoice(partner, 100, "2026-01-05"))
                + self.item(self.payment(partner, 100, "2026-01-06"))
            ).reconcile()
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "in", (self.pro + self.consumer).ids),
                ("l10n_fr_letter", "!=", False),
            ]
        )
        self.assertEqual(set(lines.mapped("l10n_fr_letter")), {"A"})
        self.assertEqual(self.next_code(partner=self.pro), "B")

    def test_search_filter_group_by_letter(self):
        invoice = self.item(self.invoice(self.pro, 100, "2026-01-05"))
        payment = self.item(self.payment(self.pro, 100, "2026-01-06"))
        partial = self.item(self.invoice(self.pro, 150, "2026-01-05"))
        partial_payment = self.item(self.payment(self.pro, 50, "2026-01-06"))
        open_item = self.item(self.invoice(self.pro, 70, "2026-01-05"))
        self.env["account.move.line"]._reconcile_plan(
            [invoice + payment, partial + partial_payment]
        )
        Line = self.env["account.move.line"].with_context(active_test=False)
        mine = [
            ("partner_id", "=", self.pro.id),
            ("account_id", "=", self.receivable.id),
        ]
        letter = invoice.l10n_fr_letter
        self.assertEqual(
            Line.search([*mine, ("l10n_fr_letter", "=ilike", letter.lower())]),
            invoice + payment,
        )
        self.assertEqual(
            Line.search([*mine, ("l10n_fr_letter_state", "=", "partial")]),
            partial + partial_payment,
        )
        self.assertEqual(
            Line.search(
                [
                    *mine,
                    ("l10n_fr_letter_state", "=", False),
                    ("account_id.reconcile", "=", True),
                ]
            ),
            open_item,
        )
        groups = Line._read_group(
            [*mine, ("l10n_fr_letter", "!=", False)], ["l10n_fr_letter"], ["__count"]
        )
        self.assertEqual(sorted(count for _letter, count in groups), [2, 2])
        # the filters of the search view are those domains
        view = self.env.ref("l10n_fr_credit_collection.view_account_move_line_filter")
        self.assertIn("l10n_fr_partially_lettered", view.arch_db)

    def test_existing_reconciliations_lettered_at_install(self):
        # as if the addon was installed now: letters are given oldest first
        old = self.item(self.invoice(self.pro, 100, "2026-01-05"))
        old += self.item(self.payment(self.pro, 100, "2026-01-06"))
        recent = self.item(self.invoice(self.pro, 90, "2026-01-05"))
        recent += self.item(self.payment(self.pro, 40, "2026-01-06"))
        self.env["account.move.line"]._reconcile_plan([recent, old])
        self.env.cr.execute(
            "UPDATE account_full_reconcile SET create_date = '2025-03-01' "
            "WHERE id = %s",
            [old.full_reconcile_id.id],
        )
        lines = old + recent
        self.env.cr.execute(
            """UPDATE account_move_line SET l10n_fr_letter = NULL,
                      l10n_fr_letter_index = NULL, l10n_fr_letter_state = NULL,
                      l10n_fr_letter_date = NULL WHERE id = ANY(%s)""",
            [lines.ids],
        )
        lines.invalidate_recordset()
        code = code_to_index(self.next_code())
        groups = self.env["account.move.line"]._l10n_fr_letter_existing(batch_size=1)
        self.assertEqual(groups, 2)
        self.assertEqual(old.mapped("l10n_fr_letter_index"), [code] * 2)
        self.assertEqual(old.mapped("l10n_fr_letter_date"), [date(2025, 3, 1)] * 2)
        self.assertEqual(recent.mapped("l10n_fr_letter_index"), [code + 1] * 2)
        self.assertTrue(recent[0].l10n_fr_letter.islower())

    def test_multi_currency_group_with_exchange_difference(self):
        invoice, payment = self.usd_invoice_and_payment()
        self.assertNotEqual(invoice.balance, -payment.balance)
        code = self.next_code()
        (invoice + payment).reconcile()
        partials = invoice.matched_credit_ids
        exchange = (
            partials.exchange_move_id | invoice.full_reconcile_id.exchange_move_id
        )
        self.assertTrue(exchange, "Odoo booked the exchange difference")
        group = invoice.full_reconcile_id.reconciled_line_ids
        self.assertEqual(len(group), 3)
        self.assertEqual(set(group.mapped("l10n_fr_letter")), {code})
        self.assertEqual(
            group.filtered(lambda l: l.move_id == exchange).l10n_fr_letter, code
        )

    def test_two_companies_have_their_own_sequences(self):
        other = self.env.ref("base.main_company")
        partner = self.env["res.partner"].create({"name": "Client deux sociétés"})
        other_receivable = partner.with_company(other).property_account_receivable_id
        code_here = self.next_code()
        code_there = self.next_code(account=other_receivable, company=other)
        for company in (self.company, other):
            invoice = self.invoice(partner, 100, "2026-01-05", company=company)
            payment = self.payment(partner, 100, "2026-01-06", company=company)
            (self.item(invoice) + self.item(payment)).reconcile()
            expected = code_here if company == self.company else code_there
            self.assertEqual(self.item(invoice).l10n_fr_letter, expected, company.name)
        sequences = (
            self.env["l10n.fr.letter.sequence"]
            .sudo()
            .search(
                [
                    ("company_id", "in", (self.company + other).ids),
                    ("partner_id", "=", False),
                ]
            )
        )
        self.assertEqual(len(sequences.company_id), 2)

    def test_lettered_items_of_a_payment_move(self):
        """A payment registered on an invoice: both items get the same letter, and
        the move form shows them."""
        invoice = self.invoice(self.pro, 250, "2026-01-05")
        self.pay(invoice, 250, "2026-01-15")
        item = self.item(invoice)
        counterpart = item.matched_credit_ids.credit_move_id
        self.assertEqual(item.l10n_fr_letter, counterpart.l10n_fr_letter)
        self.assertEqual(item.l10n_fr_letter_date, fields.Date.context_today(item))
        move_form = self.env["account.move.line"].get_views([(False, "form")])
        self.assertIn("l10n_fr_letter", move_form["views"]["form"]["arch"])


@tagged("post_install", "-at_install")
class TestLettersDemo(DemoLetteringCase):
    def test_demo_story_is_lettered(self):
        """The demo's reconciliations were lettered at install."""
        demo_lines = self.env["account.move.line"].search(
            [("company_id", "=", self.company.id), ("matching_number", "!=", False)]
        )
        self.assertTrue(demo_lines)
        self.assertTrue(all(demo_lines.mapped("l10n_fr_letter")))
        paid = self.item(self.demo("inv_boulangerie_paid"))
        self.assertEqual(paid.l10n_fr_letter_state, "full")
        self.assertTrue(paid.l10n_fr_letter.isupper())
        partly = self.item(self.demo("inv_transports_overdue_75"))
        self.assertEqual(partly.l10n_fr_letter_state, "partial")
        self.assertTrue(partly.l10n_fr_letter.islower())
        self.assertFalse(self.item(self.demo("payment_eu_unmatched")).l10n_fr_letter)

    def test_concurrent_allocation_never_shares_a_letter(self):
        """Two transactions allocating letters of one scope at the same time: the
        second waits for the first, then fails on the serialization and gets the next
        letter when retried (as Odoo retries requests)."""
        registry = self.registry
        partner = self.demo("partner_clinique")  # committed demo records
        scope = (self.company.id, self.receivable.id, partner.id)

        def allocate(env):
            return env["l10n.fr.letter.sequence"]._l10n_fr_allocate({scope: 1})[scope]

        second = {}

        def concurrent(env):
            for attempt in range(3):
                try:
                    second["index"] = allocate(env)
                    second["attempts"] = attempt + 1
                    env.cr.commit()
                    return
                except psycopg2.errors.SerializationFailure:
                    env.cr.rollback()

        try:
            # environments are made here: the registry lock belongs to this thread
            with (
                mute_logger("odoo.sql_db"),  # the serialization failure
                registry.cursor() as cr1,
                registry.cursor() as cr2,
            ):
                env1 = api.Environment(cr1, SUPERUSER_ID, {})
                env2 = api.Environment(cr2, SUPERUSER_ID, {})
                first = allocate(env1)
                thread = threading.Thread(target=concurrent, args=(env2,))
                thread.start()
                thread.join(1.5)
                self.assertTrue(thread.is_alive(), "the second transaction waits")
                cr1.commit()
                thread.join(20)
                self.assertFalse(thread.is_alive())
            self.assertEqual(second["index"], first + 1)
            self.assertEqual(second["attempts"], 2)
        finally:
            with registry.cursor() as cr:
                cr.execute(
                    """DELETE FROM l10n_fr_letter_sequence
                        WHERE company_id = %s AND account_id = %s
                          AND partner_id = %s""",
                    scope,
                )
