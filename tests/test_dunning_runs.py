"""Dunning runs that survive crashes, concurrent starts and failing channels."""

from unittest.mock import patch

from freezegun import freeze_time

from odoo import api
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import RUN_LOGGER, DemoDunningCase, DunningCase


@tagged("post_install", "-at_install")
class TestDunningRuns(DunningCase):
    def test_reminder_of_another_run_unseen_gives_the_clear_message(self):
        """A transaction older than another run's commit does not see that run's
        reminders: inserting the same customer's reminder of the day then meets the
        unique index, which gives the clear message, not a raw UniqueViolation."""
        self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        self.run_on("2026-01-16")
        Run = self.env["l10n.fr.dunning.run"]
        unseen = Run.create({"company_id": self.company.id, "date": "2026-01-16"})
        with (
            patch.object(
                type(Run), "_reminded_today", lambda self: (set(), set(), set())
            ),
            patch.object(type(Run), "_last_sent", lambda self: {}),
            self.assertRaisesRegex(UserError, "in progress"),
            mute_logger("odoo.sql_db"),  # the unique index met, logged by Odoo
        ):
            unseen.action_send()

    def test_run_lock_message_is_french(self):
        Run = self.env["l10n.fr.dunning.run"].with_context(lang="fr_FR")
        run = Run.create({"company_id": self.company.id})
        with self.env.registry.cursor() as other_cr:
            # never waits: a lock left by a broken run fails the test, not hangs it
            other_cr.execute("SELECT pg_try_advisory_lock(%s)", [run._lock_key()])
            self.assertTrue(other_cr.fetchone()[0])
            try:
                with self.assertRaisesRegex(UserError, "en cours"):
                    run.action_preview()
            finally:
                other_cr.execute("SELECT pg_advisory_unlock(%s)", [run._lock_key()])

    def test_cron_refusals_warn_and_leave_no_run(self):
        Run = self.env["l10n.fr.dunning.run"]
        empty = self.env["res.company"].create({"name": "Sans Relance SAS"})
        before = Run.search([]).ids
        with self.assertLogs(RUN_LOGGER, level="WARNING") as logs:
            Run._cron_new_run(empty)
        self.assertIn("Nothing to remind", "\n".join(logs.output))
        self.assertTrue(all(line.startswith("WARNING") for line in logs.output))
        self.assertEqual(Run.search([]).ids, before, "no empty run left")
        # a run in progress in another transaction
        self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        probe = Run.new({"company_id": self.company.id})
        with self.env.registry.cursor() as other_cr:
            other_cr.execute("SELECT pg_try_advisory_lock(%s)", [probe._lock_key()])
            self.assertTrue(other_cr.fetchone()[0])
            try:
                with self.assertLogs(RUN_LOGGER, level="WARNING") as logs:
                    Run._cron_new_run(self.company)
            finally:
                other_cr.execute("SELECT pg_advisory_unlock(%s)", [probe._lock_key()])
        self.assertIn("in progress", "\n".join(logs.output))
        self.assertEqual(Run.search([]).ids, before, "no Draft run left")
        self.assertFalse(
            self.env["l10n.fr.dunning.reminder"].search(
                [("partner_id", "=", self.customer.id)]
            )
        )

    def test_run_stopped_while_creating_is_finished_by_the_cron(self):
        """A crash between two batches of reminders: the run was committed
        "Creating Reminders" with part of them; the scheduled action creates the
        others, sends each one once, and today's new run swallows nothing."""
        customers = [self.customer_named(f"Client {i} SAS") for i in range(3)]
        for customer in customers:
            self.invoice(customer, 1000, "2025-12-01", "2026-01-10")
        Run = self.env["l10n.fr.dunning.run"]
        with freeze_time("2026-01-20"):
            run = Run.create({"company_id": self.company.id, "trigger": "cron"})
            run._lock()
            decisions, by_partner, _skipped = run._decisions()
            first = {customers[0].id: decisions[customers[0].id]}
            run.state = "creating"
            currencies = {i["currency_id"] for i in by_partner[customers[0].id]}
            run._write_reminders(
                first, by_partner, run._penalties(first), run._rates(currencies)
            )
            self.assertEqual(len(run.reminder_ids), 1)
            self.cron()
            self.cron()  # a second time the same day
        self.assertEqual(run.state, "done")
        reminders = self.env["l10n.fr.dunning.reminder"].search(
            [("partner_id", "in", [c.id for c in customers])]
        )
        self.assertEqual(reminders.run_id, run, "no other run took them")
        self.assertEqual(
            sorted(reminders.partner_id.ids), sorted(c.id for c in customers)
        )
        self.assertEqual(set(reminders.mapped("state")), {"sent"})
        mails = self.env["mail.mail"].search(
            [("model", "=", reminders._name), ("res_id", "in", reminders.ids)]
        )
        self.assertEqual(len(mails), 3, "each customer reminded once")
        self.assertNotIn("already_reminded_today", run.summary or "")
        self.assertFalse(
            Run.search(
                [("company_id", "=", self.company.id), ("reminder_ids", "=", False)]
            ),
            "no empty run",
        )

    def test_failed_channel_retried_alone_then_stopped(self):
        """E-mail + SMS on a level, a customer without a mobile number: the e-mail
        goes once over three daily runs, the SMS is retried alone, and after three
        failures the reminder stops and the credit controller gets an activity."""
        self.l1.send_sms = True
        nomobile = self.customer_named("Sans Mobile SAS", mobile=False, phone=False)
        self.invoice(nomobile, 1000, "2025-12-01", "2026-01-10")
        Reminder = self.env["l10n.fr.dunning.reminder"]
        for day in ("2026-01-16", "2026-01-17", "2026-01-18", "2026-01-19"):
            self.cron(day)
        reminders = Reminder.search([("partner_id", "=", nomobile.id)])
        self.assertEqual(len(reminders), 1, "no new reminder at the same level")
        mails = self.env["mail.mail"].search(
            [("model", "=", reminders._name), ("res_id", "in", reminders.ids)]
        )
        self.assertEqual(len(mails), 1, "the e-mail is sent once")
        self.assertEqual((reminders.state, reminders.failure_count), ("stopped", 3))
        self.assertEqual(
            {c.channel: c.state for c in reminders.channel_ids},
            {"email": "done", "sms": "failed"},
        )
        self.assertFalse(nomobile.l10n_fr_dunning_level_id, "the level did not advance")
        self.assertTrue(reminders.activity_ids, "the credit controller is told")
        # the controller adds a number and sends it: only the SMS is tried again
        nomobile.mobile = "+33612345678"
        reminders.action_send()
        mails = self.env["mail.mail"].search(
            [("model", "=", reminders._name), ("res_id", "in", reminders.ids)]
        )
        self.assertEqual(len(mails), 1, "still one e-mail")

    def test_sending_attempts_setting(self):
        Settings = self.env["res.config.settings"]
        with self.assertRaises(ValidationError):
            Settings.create({"l10n_fr_dunning_send_attempts": 0})
        Settings.create({"l10n_fr_dunning_send_attempts": 2}).execute()
        silent = self.customer_named("Muette SAS", email=False)
        self.invoice(silent, 1000, "2025-12-01", "2026-01-10")
        for day in ("2026-01-16", "2026-01-17"):
            self.cron(day)
        reminder = self.env["l10n.fr.dunning.reminder"].search(
            [("partner_id", "=", silent.id)]
        )
        self.assertEqual((reminder.state, reminder.failure_count), ("stopped", 2))

    def test_failed_reminder_of_paid_invoices_is_cancelled(self):
        silent = self.customer_named("Muet SAS", email=False)
        invoice = self.invoice(silent, 1000, "2025-12-01", "2026-01-10")
        self.cron("2026-01-16")
        reminder = self.env["l10n.fr.dunning.reminder"].search(
            [("partner_id", "=", silent.id)]
        )
        self.assertEqual(reminder.state, "failed")
        self.pay(invoice, 1000, "2026-01-16")
        self.cron("2026-01-17")
        self.assertEqual(reminder.state, "cancel")
        self.assertEqual(reminder.failure_count, 1)


@tagged("post_install", "-at_install")
class TestDunningRunsCommitted(DemoDunningCase):
    def test_run_lock_held_until_commit(self):
        """Two runs started together: the first one's lock lasts until its
        transaction commits, so the second gets the clear message, not a raw
        UniqueViolation on one reminder per customer and day."""
        Run = self.env["l10n.fr.dunning.run"]
        with self.env.registry.cursor() as other_cr:
            other = api.Environment(other_cr, self.env.uid, {})
            first = other["l10n.fr.dunning.run"].create(
                {"company_id": self.company.id, "date": "2000-01-03"}
            )
            first.action_preview()  # done, not committed: its lock is still held
            second = Run.create({"company_id": self.company.id, "date": "2000-01-03"})
            with self.assertRaisesRegex(UserError, "in progress"):
                second.action_preview()
            other_cr.rollback()
        self.assertEqual(second.state, "draft")
        second.action_preview()  # the first transaction ended: the lock is free
        self.assertEqual(second.state, "preview")
