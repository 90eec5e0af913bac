from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import DemoLetteringCase, LetteringCase


@tagged("post_install", "-at_install")
class TestLetteringRules(LetteringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rules = cls.env["l10n.fr.lettering.rule"].search(
            [("company_id", "=", cls.company.id)]
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Quincaillerie Test SARL", "is_company": True}
        )

    def _wizard(self):
        wizard = Form(self.env["l10n.fr.lettering.proposal.wizard"]).save()
        wizard.action_compute()
        return wizard

    def _mine(self, records, partner=None):
        partner = partner or self.customer
        return records.filtered(lambda p: p.partner_id == partner)

    def test_default_rules_in_lettering_order(self):
        self.assertEqual(
            self.rules.mapped("method"),
            [
                "zero_balance",
                "reference",
                "one_to_one",
                "subset_sum",
                "many_payments",
            ],
        )
        self.assertEqual(
            self.rules.with_context(lang="fr_FR")[1].name,
            "Numéro de facture dans le paiement",
        )

    def test_proposals_900_for_500_and_400_reference_and_ambiguous(self):
        customer = self.customer
        i500 = self.item(self.invoice(customer, 500, "2026-01-05"))
        i600 = self.item(self.invoice(customer, 600, "2026-01-06"))
        i400 = self.item(self.invoice(customer, 400, "2026-01-07"))
        p900 = self.item(self.payment(customer, 900, "2026-02-01"))
        named = self.invoice(customer, 735, "2026-01-08")
        by_ref = self.item(
            self.payment(customer, 735, "2026-02-02", memo=f"Règlement {named.name}")
        )
        twin_a = self.item(self.invoice(customer, 70, "2026-01-09"))
        twin_b = self.item(self.invoice(customer, 70, "2026-01-10"))
        p70 = self.item(self.payment(customer, 70, "2026-02-03"))
        wizard = self._wizard()
        proposals = self._mine(wizard.proposal_ids)
        self.assertEqual(
            {(p.rule_id.method, frozenset(p.move_line_ids.ids)) for p in proposals},
            {
                ("reference", frozenset((self.item(named) + by_ref).ids)),
                ("subset_sum", frozenset((i500 + i400 + p900).ids)),
            },
        )
        ambiguous = self._mine(wizard.ambiguity_ids)
        self.assertEqual(ambiguous.move_line_ids, twin_a + twin_b + p70)
        self.assertEqual(ambiguous.reason, "several_solutions")
        # accept only the subset-sum proposal
        wizard.proposal_ids.selected = False
        subset = proposals.filtered(lambda p: p.rule_id.method == "subset_sum")
        subset.selected = True
        action = wizard.action_apply_selected()
        history = self.env["l10n.fr.lettering.history"].search(action["domain"])
        self.assertRecordValues(
            history,
            [
                {
                    "operation": "letter",
                    "origin": "rule",
                    "rule_id": subset.rule_id.id,
                    "user_id": self.env.uid,
                    "amount": 900.0,
                }
            ],
        )
        self.assertTrue(p900.full_reconcile_id)
        self.assertEqual(len(set((i500 + i400 + p900).mapped("l10n_fr_letter"))), 1)
        self.assertFalse(i600.l10n_fr_letter)
        self.assertFalse(by_ref.l10n_fr_letter)
        # what was lettered is not proposed again
        again = self._wizard()
        self.assertEqual(
            self._mine(again.proposal_ids).move_line_ids, self.item(named) + by_ref
        )

    def test_rule_with_tolerance_writes_off(self):
        reference = self.rules.filtered(lambda r: r.method == "reference")
        reference.tolerance = 1.0
        invoice = self.invoice(self.customer, 100, "2026-01-05")
        payment = self.item(
            self.payment(self.customer, 99.5, "2026-01-20", memo=invoice.name)
        )
        results = reference._l10n_fr_propose()
        (_rule, proposals, _ambiguous) = results[0]
        mine = [p for p in proposals if payment.id in p.item_ids]
        self.assertEqual(mine[0].difference, 50)
        histories = reference._l10n_fr_apply([(reference, mine[0])])
        self.assertTrue(payment.full_reconcile_id)
        self.assertAlmostEqual(histories.difference, 0.5)
        self.assertEqual(
            histories.writeoff_move_id.line_ids.account_id.mapped("code"),
            ["411100", "658100"],
        )

    def test_scope_partner_filter_and_accounts(self):
        invoice = self.item(self.invoice(self.customer, 321, "2026-01-05"))
        payment = self.item(self.payment(self.customer, 321, "2026-01-20"))
        one_to_one = self.rules.filtered(lambda r: r.method == "one_to_one")
        one_to_one.partner_domain = f"[('id', '=', {self.pro.id})]"
        results = one_to_one._l10n_fr_propose()
        self.assertFalse(
            [p for p in results[0][1] if invoice.id in p.item_ids],
            "the customer is out of the rule's partner filter",
        )
        one_to_one.partner_domain = f"[('id', '=', {self.customer.id})]"
        results = one_to_one._l10n_fr_propose()
        self.assertEqual(
            [p.item_ids for p in results[0][1]],
            [tuple(sorted((invoice + payment).ids))],
        )
        payable = self.env["account.account"].search(
            [
                *self.env["account.account"]._check_company_domain(self.company),
                ("account_type", "=", "liability_payable"),
            ],
            limit=1,
        )
        one_to_one.account_ids = payable
        self.assertFalse(one_to_one._l10n_fr_propose()[0][1])

    def test_nightly_scheduled_action(self):
        invoice = self.item(self.invoice(self.customer, 432, "2026-01-05"))
        payment = self.item(self.payment(self.customer, 432, "2026-01-20"))
        self.env.ref(
            "l10n_fr_credit_collection.ir_cron_auto_lettering"
        ).method_direct_trigger()
        self.assertFalse(invoice.reconciled, "no rule is applied nightly by default")
        self.rules.filtered(lambda r: r.method == "one_to_one").auto_apply = True
        self.env.ref(
            "l10n_fr_credit_collection.ir_cron_auto_lettering"
        ).method_direct_trigger()
        self.assertTrue(invoice.full_reconcile_id)
        history = self.env["l10n.fr.lettering.history"].search(
            [("move_line_ids", "in", payment.ids)]
        )
        self.assertEqual(history.origin, "scheduled")

    def test_stale_proposals_are_skipped(self):
        invoice = self.item(self.invoice(self.customer, 543, "2026-01-05"))
        payment = self.item(self.payment(self.customer, 543, "2026-01-20"))
        wizard = self._wizard()
        (invoice + payment).reconcile()  # lettered meanwhile
        action = wizard.action_apply_all()
        histories = self.env["l10n.fr.lettering.history"].search(action["domain"])
        self.assertNotIn(invoice, histories.move_line_ids)

    def test_rule_bounds(self):
        with self.assertRaises(ValidationError):
            self.rules[0].max_group_size = 1
        with self.assertRaises(ValidationError):
            self.rules[0].partner_domain = "[('nope', '=', 1)]"

    def test_access_rights(self):
        controller = new_test_user(
            self.env,
            login="lettering_controller",
            groups="l10n_fr_credit_collection.group_credit_collection_user,account.group_account_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        billing = new_test_user(
            self.env,
            login="lettering_billing",
            groups="account.group_account_invoice",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        manager = new_test_user(
            self.env,
            login="lettering_manager",
            groups="l10n_fr_credit_collection.group_credit_collection_manager,account.group_account_manager",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        Rule = self.env["l10n.fr.lettering.rule"]
        # rules: read by controllers, written by managers
        self.assertTrue(Rule.with_user(controller).search([]))
        with self.assertRaises(AccessError):
            Rule.with_user(controller).create({"name": "x", "method": "one_to_one"})
        with self.assertRaises(AccessError):
            self.rules[0].with_user(controller).tolerance = 5
        Rule.with_user(manager).create({"name": "Manager rule", "method": "one_to_one"})
        with self.assertRaises(AccessError):
            Rule.with_user(billing).search([])
        # a controller letters and unletters; the history cannot be changed
        invoice = self.item(self.invoice(self.customer, 77, "2026-01-05"))
        payment = self.item(self.payment(self.customer, 77, "2026-01-20"))
        lines = (invoice + payment).with_user(controller)
        Form(
            self.env["l10n.fr.lettering.wizard"]
            .with_user(controller)
            .with_context(active_model="account.move.line", active_ids=lines.ids)
        ).save().action_letter()
        history = (
            self.env["l10n.fr.lettering.history"]
            .with_user(controller)
            .search([("move_line_ids", "in", invoice.ids)])
        )
        self.assertEqual(history.user_id, controller)
        with self.assertRaises(AccessError):
            history.reason = "changed"
        with self.assertRaises(AccessError):
            history.unlink()
        with self.assertRaises(UserError):
            history.sudo().unlink()
        with self.assertRaises(AccessError):
            self.env["l10n.fr.lettering.wizard"].with_user(billing).create({})
        # another company's history is not visible
        other = self.env.ref("base.main_company")
        partner = self.env["res.partner"].create({"name": "Autre société client"})
        other_lines = self.item(self.invoice(partner, 10, "2026-01-05", company=other))
        other_lines += self.item(self.payment(partner, 10, "2026-01-06", company=other))
        self.env["account.move.line"]._l10n_fr_letter_groups(
            [{"lines": other_lines, "writeoff": False}], "manual"
        )
        History = self.env["l10n.fr.lettering.history"]
        self.assertTrue(History.search([("company_id", "=", other.id)]))
        self.assertFalse(
            History.with_user(controller).search([("company_id", "=", other.id)])
        )
        self.assertFalse(
            self.env["l10n.fr.letter.sequence"]
            .with_user(controller)
            .search([("company_id", "=", other.id)])
        )

    def test_batches_keep_exchange_and_cash_basis_entries(self):
        """Batch lettering skips Odoo's exchange journal date of groups that need no
        exchange difference; exchange and cash-basis entries are still booked."""
        Line = self.env["account.move.line"]
        # EUR: no exchange entry, lettered
        eur = self.item(self.invoice(self.customer, 300, "2026-01-05"))
        eur += self.item(self.payment(self.customer, 300, "2026-01-20"))
        self.assertFalse(Line._l10n_fr_has_cash_basis_taxes(eur.move_id))
        # USD: the exchange difference of the rates of January and February
        usd = self.usd_invoice_and_payment()
        usd = usd[0] + usd[1]
        # VAT on payments: the cash-basis entry
        self.company.tax_exigibility = True
        tax = (
            self.env["account.chart.template"]
            .with_company(self.company)
            .ref("tva_normale_encaissement")
        )
        # Odoo then reconciles the tax items with the cash-basis entry's
        tax.cash_basis_transition_account_id.reconcile = True
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": "2026-01-10",
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Pose", "price_unit": 1000, "tax_ids": tax.ids}
                    )
                ],
            }
        )
        move.action_post()
        caba = self.item(move) + self.item(
            self.payment(self.customer, 1200, "2026-01-25")
        )
        self.assertTrue(Line._l10n_fr_has_cash_basis_taxes(caba.move_id))
        Line._l10n_fr_letter_groups(
            [{"lines": lines, "writeoff": False} for lines in (eur, usd)], "manual"
        )
        Line._l10n_fr_letter_groups([{"lines": caba, "writeoff": False}], "manual")
        for lines in (eur, usd, caba):
            self.assertTrue(lines.full_reconcile_id)
            self.assertEqual(set(lines.mapped("l10n_fr_letter_state")), {"full"})
        self.assertFalse(eur.full_reconcile_id.exchange_move_id)
        self.assertFalse(eur.matched_credit_ids.exchange_move_id)
        self.assertTrue(
            usd.matched_credit_ids.exchange_move_id
            | usd.full_reconcile_id.exchange_move_id
        )
        caba_move = self.env["account.move"].search(
            [("tax_cash_basis_rec_id", "in", caba.matched_credit_ids.ids)]
        )
        self.assertTrue(caba_move)
        # letters of the groups Odoo made around them: the exchange entry's item is
        # in its group, the tax items reconciled with the cash-basis entry have theirs
        exchange = (
            usd.matched_credit_ids.exchange_move_id
            | usd.full_reconcile_id.exchange_move_id
        ).line_ids.filtered(lambda line: line.account_id == usd.account_id)
        self.assertEqual(
            set((usd | exchange).mapped("l10n_fr_letter")), {usd[0].l10n_fr_letter}
        )
        tax_items = caba_move.line_ids.filtered("matching_number")
        self.assertTrue(tax_items)
        self.assertTrue(all(tax_items.mapped("l10n_fr_letter")))


@tagged("post_install", "-at_install")
class TestLetteringRulesDemo(DemoLetteringCase):
    def test_demo_story_proposals(self):
        wizard = Form(self.env["l10n.fr.lettering.proposal.wizard"]).save()
        wizard.action_compute()
        garage = self.demo("partner_garage")
        proposal = wizard.proposal_ids.filtered(lambda p: p.partner_id == garage)
        self.assertEqual(proposal.rule_id.method, "subset_sum")
        self.assertEqual(
            proposal.move_line_ids,
            self.item(self.demo("inv_garage_500"))
            + self.item(self.demo("inv_garage_400"))
            + self.item(self.demo("payment_garage_unmatched")),
        )
        clinique = self.demo("partner_clinique")
        proposal = wizard.proposal_ids.filtered(lambda p: p.partner_id == clinique)
        # the clinic has nothing else open: settled by the first rule already
        self.assertIn(proposal.rule_id.method, ("zero_balance", "reference"))
        self.assertEqual(
            proposal.move_line_ids,
            self.item(self.demo("inv_clinique_overdue_10"))
            + self.item(self.demo("payment_clinique_reference")),
        )
        wizard.action_apply_all()
        self.assertIn(self.demo("inv_garage_500").payment_state, ("paid", "in_payment"))
        self.assertEqual(self.demo("inv_garage_600").payment_state, "not_paid")
