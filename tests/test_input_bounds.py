from contextlib import contextmanager

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import LetteringCase

HUGE = "x" * 10_000_000  # 10 MB of text, as the review sent over XML-RPC


@tagged("post_install", "-at_install")
class TestInputBounds(LetteringCase):
    """Nonsense is refused with a clear message, nothing written (issue 14 point 7)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="bounds_manager",
            groups="l10n_fr_credit_collection.group_credit_collection_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.policy = (
            cls.env["l10n.fr.dunning.policy"]
            .with_user(cls.manager)
            .create(
                {
                    "name": "Bounds policy",
                    "company_id": cls.company.id,
                    "level_ids": [
                        Command.create({"name": "B1", "days": 5}),
                        Command.create({"name": "B2", "days": 15}),
                    ],
                }
            )
        )
        cls.level = cls.policy.level_ids.sorted("days")[0]

    @contextmanager
    def assertRefused(self, pattern):
        """A ValidationError whose message matches ``pattern``, rolled back."""
        with self.assertRaises(ValidationError) as error:
            yield error
        self.assertRegex(str(error.exception), pattern)

    def promise(self, amount):
        return self.env["l10n.fr.dunning.promise"].create(
            {
                "partner_id": self.pro.id,
                "company_id": self.company.id,
                "date": "2026-02-05",
                "amount": amount,
            }
        )

    def test_promise_amount_positive(self):
        Promise = self.env["l10n.fr.dunning.promise"]
        for amount in (0, -1, -1000):
            with (
                self.subTest(amount=amount),
                self.assertRefused("greater than zero"),
            ):
                self.promise(amount)
        self.assertFalse(Promise.search([("partner_id", "=", self.pro.id)]))
        promise = self.promise(0.01)
        with self.assertRefused("greater than zero"):
            promise.amount = -5
        with self.assertRefused("limited to 5000"):
            promise.note = HUGE
        promise.invalidate_recordset()
        self.assertEqual(promise.amount, 0.01)
        self.assertFalse(promise.note)

    def test_level_bounds(self):
        for vals, message in (
            ({"days": -100000}, "between -365 and 3650"),
            ({"days": 2147483647}, "between -365 and 3650"),
            ({"days": 3651}, "between -365 and 3650"),
            ({"min_amount": -50}, "cannot be negative"),
            ({"repeat_days": -5}, "repeat delay"),
            ({"repeat_days": 100000}, "repeat delay"),
            ({"payment_delay_days": -10}, "days to pay"),
            ({"days": 15}, "Two levels of the policy Bounds policy are at 15 days"),
        ):
            with self.subTest(vals=vals):
                with self.assertRefused(message):
                    self.level.with_user(self.manager).write(vals)
                with self.assertRefused(message):
                    self.env["l10n.fr.dunning.level"].with_user(self.manager).create(
                        {"name": "New", "policy_id": self.policy.id, "days": 30, **vals}
                    )
        self.level.invalidate_recordset()
        self.assertRecordValues(
            self.level,
            [{"days": 5, "min_amount": 0, "repeat_days": 0, "payment_delay_days": 8}],
        )
        self.assertEqual(len(self.policy.level_ids), 2)
        # sensible values pass: a courtesy reminder, the same days in two policies,
        # levels moved in one write
        self.level.days = -5
        other = self.env["l10n.fr.dunning.policy"].create(
            {
                "name": "Other policy",
                "company_id": self.company.id,
                "level_ids": [Command.create({"name": "O1", "days": -5})],
            }
        )
        self.assertEqual(other.level_ids.days, -5)
        first, second = self.policy.level_ids.sorted("days")
        self.policy.write(
            {
                "level_ids": [
                    Command.update(first.id, {"days": 20}),
                    Command.update(second.id, {"days": 10}),
                ]
            }
        )
        self.assertEqual(sorted(self.policy.level_ids.mapped("days")), [10, 20])

    def test_duplicate_days_in_one_create(self):
        with self.assertRefused("at 30 days"):
            self.env["l10n.fr.dunning.policy"].create(
                {
                    "name": "Twice",
                    "company_id": self.company.id,
                    "level_ids": [
                        Command.create({"name": "A", "days": 30}),
                        Command.create({"name": "B", "days": 30}),
                    ],
                }
            )
        self.assertFalse(
            self.env["l10n.fr.dunning.policy"].search([("name", "=", "Twice")])
        )

    def test_reason_lengths(self):
        invoice = self.invoice(self.pro, 100, "2026-01-05")
        with self.assertRefused("limited to 500 characters"):
            invoice.write(
                {"l10n_fr_litigation": True, "l10n_fr_litigation_reason": HUGE}
            )
        invoice.invalidate_recordset()
        self.assertFalse(invoice.l10n_fr_litigation)
        self.assertFalse(invoice.l10n_fr_litigation_reason)
        invoice.write(
            {"l10n_fr_litigation": True, "l10n_fr_litigation_reason": "é" * 500}
        )

        with self.assertRefused("limited to 500 characters"):
            self.pro.write(
                {
                    "l10n_fr_dunning_opt_out": True,
                    "l10n_fr_dunning_opt_out_reason": HUGE,
                }
            )
        self.pro.invalidate_recordset()
        self.assertFalse(self.pro.l10n_fr_dunning_opt_out_reason)
        self.pro.write({"l10n_fr_dunning_opt_out_reason": "Client en redressement"})

    def test_unlettering_reason_length(self):
        invoice = self.item(self.invoice(self.pro, 500, "2026-01-05"))
        payment = self.item(self.payment(self.pro, 500, "2026-01-20"))
        (invoice + payment).reconcile()
        History = self.env["l10n.fr.lettering.history"]
        before = History.search_count([])
        Wizard = self.env["l10n.fr.unlettering.wizard"].with_context(
            active_model="account.move.line", active_ids=payment.ids
        )
        form = Form(Wizard)
        form.reason = HUGE
        with self.assertRefused("limited to 500 characters"):
            form.save()
        self.assertTrue(invoice.reconciled, "nothing unlettered")
        self.assertEqual(History.search_count([]), before, "no history written")
        form = Form(Wizard)
        form.reason = "r" * 501
        with self.assertRefused("limited to 500 characters"):
            form.save()
        form.reason = "Affecté à la mauvaise facture"
        form.save().action_unletter()
        self.assertFalse(invoice.reconciled)
        self.assertEqual(History.search_count([]), before + 1)
