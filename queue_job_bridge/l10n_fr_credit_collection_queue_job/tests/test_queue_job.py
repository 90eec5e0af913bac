from odoo.tests import tagged

from odoo.addons.l10n_fr_credit_collection.tests.common import (
    DunningCase,
    LetteringCase,
)
from odoo.addons.queue_job.tests.common import trap_jobs


@tagged("post_install", "-at_install")
class TestDunningJobs(DunningCase):
    """With queue_job, the batches of a dunning run are jobs of the addon's channel."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "l10n_fr_credit_collection.batch_size", "2"
        )
        cls.customers = cls.customer + cls.customer_named("Tôlerie Blanc SARL")
        cls.customers += cls.customer_named("Forges Petit SA")
        for partner in cls.customers:
            cls.invoice(partner, 1000, "2025-12-01", "2026-01-10")

    def mails(self, reminders):
        return self.env["mail.mail"].search_count(
            [("model", "=", reminders._name), ("res_id", "in", reminders.ids)]
        )

    def test_batches_are_jobs_and_idempotent(self):
        with trap_jobs() as trap:
            run = self.run_on("2026-01-30")
            reminders = run.reminder_ids
            self.assertEqual(len(reminders), 3)
            self.assertEqual(run.state, "sending", "queued, not sent yet")
            self.assertEqual(set(reminders.mapped("state")), {"draft"})
            trap.assert_jobs_count(3)  # two batches, then the end of the run
            first, second = (
                reminders.sorted("id")[:2],
                reminders.sorted("id")[2:],
            )
            for batch in (first, second):
                trap.assert_enqueued_job(
                    batch._l10n_fr_send_batch,
                    args=(run.date,),
                    properties={"channel": "root.l10n_fr_credit_collection"},
                )
            trap.assert_enqueued_job(run._l10n_fr_check_sent)
            trap.perform_enqueued_jobs()
        self.assertEqual(set(reminders.mapped("state")), {"sent"})
        self.assertEqual(run.state, "done", "the last batch ends the run")
        self.assertEqual(self.mails(reminders), 3)
        # a job performed again (retried after a crash) sends nothing twice
        first._l10n_fr_send_batch()
        self.assertEqual(self.mails(reminders), 3)

    def test_one_batch_runs_in_process(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "l10n_fr_credit_collection.batch_size", "10"
        )
        with trap_jobs() as trap:
            run = self.run_on("2026-01-30")
            trap.assert_jobs_count(0)
        self.assertEqual(run.state, "done")
        self.assertEqual(set(run.reminder_ids.mapped("state")), {"sent"})


@tagged("post_install", "-at_install")
class TestLetteringJobs(LetteringCase):
    """With queue_job, the nightly automatic lettering letters by jobs."""

    def _proposals(self):
        """Two customers, each with an invoice and its payment; batches of one
        group: two batches."""
        self.env["ir.config_parameter"].sudo().set_param(
            "l10n_fr_credit_collection.batch_size", "1"
        )
        items = []
        for name, amount in (
            ("Quincaillerie Jobs SARL", 432),
            ("Outils Jobs SAS", 561),
        ):
            customer = self.env["res.partner"].create(
                {"name": name, "is_company": True}
            )
            items.append(
                self.item(self.invoice(customer, amount, "2026-01-05"))
                + self.item(self.payment(customer, amount, "2026-01-20"))
            )
        rule = self.env["l10n.fr.lettering.rule"].search(
            [("company_id", "=", self.company.id), ("method", "=", "one_to_one")]
        )
        proposals = [
            (rule, proposal)
            for _rule, found, _ambiguous in rule._l10n_fr_propose()
            for proposal in found
            if set(proposal.item_ids) <= set((items[0] + items[1]).ids)
        ]
        self.assertEqual(len(proposals), 2)
        return rule, items, proposals

    def test_scheduled_lettering_batches_are_chained_jobs_and_idempotent(self):
        rule, items, proposals = self._proposals()
        with trap_jobs() as trap:
            rule._l10n_fr_apply(proposals, origin="scheduled", commit=True)
            trap.assert_jobs_count(2)
            # one after the other: side by side they would wait for each other on
            # the numbers of the write-off entries and the account's letters
            first, second = sorted(trap.enqueued_jobs, key=lambda job: job.description)
            self.assertFalse(first.depends_on)
            self.assertEqual(second.depends_on, {first})
            self.assertFalse(any(group.full_reconcile_id for group in items))
            trap.perform_enqueued_jobs()
        for group in items:
            self.assertTrue(group.full_reconcile_id)
            self.assertEqual(len(group.full_reconcile_id), 1)
        histories = self.env["l10n.fr.lettering.history"].search(
            [("move_line_ids", "in", (items[0] + items[1]).ids)]
        )
        self.assertEqual(len(histories), 2)
        # a job performed again (retried after a crash) letters nothing twice
        rule._l10n_fr_letter_batch([(items[0].ids, rule.id, False)], "scheduled")
        self.assertEqual(
            self.env["l10n.fr.lettering.history"].search_count(
                [("move_line_ids", "in", (items[0] + items[1]).ids)]
            ),
            2,
        )
