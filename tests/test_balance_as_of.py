from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import Form, tagged

from ..rules import asof
from ..rules.aging import aged_balance
from .common import LetteringCase


@tagged("post_install", "-at_install")
class TestBalanceAsOf(LetteringCase):
    """Open items as of past dates, before and after a lettering and an
    unlettering: what was not lettered yet on a day counts as open on that day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "AsOf Client SAS", "is_company": True}
        )
        c = cls.customer
        cls.inv = cls.item(cls.invoice(c, 1000, "2026-01-05", "2026-02-04"))
        cls.pay_ = cls.item(cls.payment(c, 1000, "2026-02-10"))
        cls.inv2 = cls.item(cls.invoice(c, 500, "2026-01-20", "2026-01-20"))
        cls.part = cls.item(cls.payment(c, 200, "2026-01-25"))
        with freeze_time("2026-02-15"):
            cls.env["account.move.line"]._reconcile_plan(
                [cls.inv + cls.pay_, cls.inv2 + cls.part]
            )
        cls.env.flush_all()

    def open_items(self, day):
        items = self.env["l10n.fr.balance.as.of"]._l10n_fr_open_items(
            self.company, self.receivable, day, partners=self.customer
        )
        return {item["line_id"]: item["open"] for item in items}

    def ledger(self, day):
        return (
            self.env["l10n.fr.balance.as.of"]
            ._l10n_fr_ledger_balances(
                self.company, self.receivable, day, partners=self.customer
            )
            .get((self.receivable.id, self.customer.id), 0.0)
        )

    def rule_open_items(self, day):
        """rules/asof.py itself on the customer's items and their matchings, current
        and undone (what the SQL of the model must give)."""
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "=", self.customer.id),
                ("account_id", "=", self.receivable.id),
                ("parent_state", "=", "posted"),
            ]
        )
        touching = [
            "|",
            ("debit_move_id", "in", lines.ids),
            ("credit_move_id", "in", lines.ids),
        ]
        partials = [
            asof.Partial(
                p.debit_move_id.id,
                p.credit_move_id.id,
                p.amount,
                p.max_date,
                p.l10n_fr_date or p.create_date.date(),
                None,
            )
            for p in self.env["account.partial.reconcile"].search(touching)
        ] + [
            asof.Partial(
                r.debit_move_id.id,
                r.credit_move_id.id,
                r.amount,
                r.max_date,
                r.lettered_date,
                r.removed_date,
            )
            for r in self.env["l10n.fr.partial.removed"].search(touching)
        ]
        items = [asof.Item(line.id, line.date, line.balance) for line in lines]
        opened = asof.open_amounts(items, partials, day)
        return {key: round(amount, 2) for key, amount in opened.items()}

    def assert_property(self, days):
        """On each day: open items = ledger balance; the SQL gives the rule's open
        amounts, the aged balance totalled in SQL the rule's buckets, and the pivot
        the same total."""
        Aged = self.env["l10n.fr.dunning.aged.balance"]
        for day in days:
            opened = self.open_items(day)
            self.assertAlmostEqual(sum(opened.values()), self.ledger(day), 2, str(day))
            self.assertEqual(opened, self.rule_open_items(day), str(day))
            on = day + timedelta(days=45)
            items = self.env["l10n.fr.balance.as.of"]._l10n_fr_open_items(
                self.company, self.receivable, day, partners=self.customer
            )
            totals = self.env["l10n.fr.balance.as.of"]._l10n_fr_aged_totals(
                self.company, self.receivable, day, on, partners=self.customer
            )
            expected = aged_balance([(item["due"], item["open"]) for item in items], on)
            got = totals.get(self.receivable.id, {}).get(self.customer.id)
            if items:
                self.assertEqual(
                    [round(amount, 2) for amount in got],
                    [round(amount, 2) for amount in expected],
                    str(day),
                )
            else:
                self.assertIsNone(got, str(day))
            # grouped (records of another day would keep their cached amounts)
            ((pivot,),) = Aged.with_context(l10n_fr_as_of=str(day))._read_group(
                [("partner_id", "=", self.customer.id)], [], ["amount:sum"]
            )
            self.assertAlmostEqual(pivot or 0.0, sum(opened.values()), 2, str(day))

    def test_before_and_after_the_lettering(self):
        self.assertEqual(self.open_items(date(2026, 1, 10)), {self.inv.id: 1000.0})
        # 25 January: the 200 is paid but the payment not lettered yet
        self.assertEqual(
            self.open_items(date(2026, 1, 31)),
            {self.inv.id: 1000.0, self.inv2.id: 500.0, self.part.id: -200.0},
        )
        # the payment of 10 February exists, lettered only on the 15th
        self.assertEqual(
            self.open_items(date(2026, 2, 12)),
            {
                self.inv.id: 1000.0,
                self.pay_.id: -1000.0,
                self.inv2.id: 500.0,
                self.part.id: -200.0,
            },
        )
        self.assertEqual(self.open_items(date(2026, 2, 15)), {self.inv2.id: 300.0})
        self.assertEqual(self.inv.l10n_fr_letter_state, "full")
        self.assert_property(
            date(2026, 1, 1) + timedelta(days=n) for n in range(0, 90, 3)
        )

    def test_after_an_unlettering(self):
        with freeze_time("2026-03-10"):
            (self.inv + self.pay_).remove_move_reconcile()
        self.env.flush_all()
        self.assertFalse(self.inv.l10n_fr_letter)
        removed = self.env["l10n.fr.partial.removed"].search(
            [("debit_move_id", "=", self.inv.id)]
        )
        self.assertEqual(removed.lettered_date, date(2026, 2, 15))
        self.assertEqual(removed.removed_date, date(2026, 3, 10))
        # lettered between 15 February and 10 March: closed then, open since
        self.assertEqual(self.open_items(date(2026, 3, 1)), {self.inv2.id: 300.0})
        self.assertEqual(
            self.open_items(date(2026, 3, 10)),
            {self.inv.id: 1000.0, self.pay_.id: -1000.0, self.inv2.id: 300.0},
        )
        self.assert_property(
            date(2026, 1, 1) + timedelta(days=n) for n in range(0, 100, 3)
        )

    def test_wizard_and_aged_balance_as_of(self):
        form = Form(self.env["l10n.fr.balance.justification"])
        form.partner_ids.add(self.customer)
        form.as_of_date = "2026-02-12"
        self.assertEqual(form.date, date(2026, 2, 12), "aged on the as-of day")
        wizard = form.save()
        (group,) = wizard._l10n_fr_justification()
        self.assertEqual(group["lines"], self.inv + self.inv2 + self.part + self.pay_)
        self.assertEqual(group["balance"], 300.0)
        self.assertEqual(group["ledger_balance"], 300.0)
        (block,) = wizard._l10n_fr_aged_balance()
        (row,) = block["rows"]
        # on 12 February everything is 2 to 23 days old; on 1 April the invoice due
        # on 4 February and its payment are 31-60 days old, the rest 61-90
        self.assertEqual(row["buckets"], [0.0, 300.0, 0.0, 0.0, 0.0, 0.0])
        wizard.date = date(2026, 4, 1)
        (block,) = wizard._l10n_fr_aged_balance()
        self.assertEqual(block["rows"][0]["buckets"], [0, 0, 0, 300.0, 0, 0])
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "l10n_fr_credit_collection.report_balance_justification", wizard.ids
            )[0]
            .decode()
        )
        self.assertIn("Items open per account and partner at the end of", html)
        self.assertIn(self.pay_.move_name, html)
        # the pivot, as of the same day, in SQL
        action = wizard.action_open_aged_balance()
        Aged = self.env["l10n.fr.dunning.aged.balance"].with_context(
            **action["context"]
        )
        rows = Aged._read_group(
            [("partner_id", "=", self.customer.id)], ["bucket"], ["amount:sum"]
        )
        self.assertEqual(dict(rows), {"1_30": 300.0}, "same as the report")
        # today: the current state
        today = self.env["l10n.fr.dunning.aged.balance"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(today.mapped("amount"), [300.0])

    def test_aged_balance_pivot_follows_the_unlettering(self):
        Aged = self.env["l10n.fr.dunning.aged.balance"]
        domain = [("partner_id", "=", self.customer.id)]
        on = Aged.with_context(l10n_fr_as_of="2026-03-01")
        self.assertEqual(sum(on.search(domain).mapped("amount")), 300.0)
        with freeze_time("2026-03-10"):
            (self.inv + self.pay_).remove_move_reconcile()
        self.env.flush_all()
        self.assertEqual(sum(on.search(domain).mapped("amount")), 300.0)
        self.assertEqual(len(on.search(domain)), 1)
        later = Aged.with_context(l10n_fr_as_of="2026-03-11").search(domain)
        self.assertEqual(len(later), 3)
        self.assertEqual(later.filtered(lambda r: r.amount < 0).bucket, "1_30")
        self.assertEqual(sum(later.mapped("amount")), 300.0)
