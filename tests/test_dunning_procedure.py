"""The procedure: mandatory levels, the call channel, the customers to chase."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged
from odoo.tools import format_amount

from .common import CreditCollectionDemoCase, DunningCase


@tagged("post_install", "-at_install")
class TestDunningProcedure(DunningCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.controller = cls.env["res.users"].create(
            {
                "name": "Chloé Recouvrement",
                "login": "chloe.procedure@example.com",
                "email": "chloe.procedure@example.com",
                "lang": "fr_FR",
                "company_id": cls.company.id,
                "company_ids": [Command.set(cls.company.ids)],
            }
        )

    def test_formal_notice_first_then_litigation_after_its_days_to_pay(self):
        """A customer seen for the first time 61 days late: the mandatory formal
        notice, not the litigation; litigation once the 8 days to pay passed."""
        self.l3.mandatory = True
        self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        run = self.run_on("2026-03-12")
        notice = self.reminder_of(run, self.customer)
        self.assertEqual((notice.level_id, notice.state), (self.l3, "sent"))
        self.assertIn(
            "1 customer(s) held at a mandatory level not sent yet", run.summary
        )
        self.assertEqual(str(notice.payment_deadline), "2026-03-20")
        for day in ("2026-03-13", "2026-03-20"):  # the deadline day included
            held = self.run_on(day)
            self.assertFalse(self.reminder_of(held, self.customer), day)
            self.assertIn("until its days to pay have passed", held.summary)
        litigation = self.reminder_of(self.run_on("2026-03-21"), self.customer)
        self.assertEqual(litigation.level_id, self.l4)
        french = run.with_context(lang="fr_FR")._l10n_fr_skip_labels()
        self.assertIn("relance en échec", french["failed_reminder_pending"])
        self.assertIn("niveau obligatoire", french["mandatory_held"])

    def test_formal_notice_of_an_earlier_debt_does_not_count(self):
        self.l3.mandatory = True
        old = self.invoice(self.customer, 500, "2025-10-01", "2025-10-10")
        self.assertEqual(
            self.reminder_of(self.run_on("2025-11-12"), self.customer).level_id,
            self.l3,
        )
        self.pay(old, 500, "2025-11-20")
        self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        self.assertEqual(
            self.reminder_of(self.run_on("2026-03-12"), self.customer).level_id,
            self.l3,
            "a new formal notice for the new debt before litigation",
        )

    def test_default_policies_mark_the_formal_notice_mandatory(self):
        other = self.env["res.company"].create({"name": "Procédure SAS"})
        for company in (other, self.company):
            policy = self.env["l10n.fr.dunning.policy"].search(
                [("company_id", "=", company.id), ("is_default", "=", True)]
            )
            levels = {lv.kind: lv for lv in policy.level_ids}
            self.assertEqual(
                policy.level_ids.filtered("mandatory"), levels["formal_notice"]
            )
            self.assertEqual(policy.level_ids.filtered("send_call"), levels["firm"])

    def test_call_channel_for_the_controller_not_twice_on_resume(self):
        """A level with a call and an e-mail, a customer without e-mail: the call is
        scheduled for the controller, in French; the e-mail fails and is retried
        alone: no second call."""
        self.l2.send_call = True
        silent = self.customer_named("Appel Test SAS", email=False)
        silent.with_company(self.company).l10n_fr_credit_controller_id = self.controller
        self.invoice(silent, 1000, "2025-12-01", "2026-01-10")
        reminder = self.reminder_of(self.run_on("2026-01-26"), silent)
        self.assertEqual((reminder.level_id, reminder.state), (self.l2, "failed"))
        self.assertEqual(
            {c.channel: c.state for c in reminder.channel_ids},
            {"email": "failed", "call": "done"},
        )
        call = reminder.activity_ids
        self.assertEqual(
            call.activity_type_id, self.env.ref("mail.mail_activity_data_call")
        )
        self.assertEqual(call.user_id, self.controller)
        amount = format_amount(
            self.env, reminder.amount_due, self.company.currency_id, "fr_FR"
        )
        self.assertEqual(call.summary, f"Appeler Appel Test SAS : {amount} dus (L2)")
        # the same batch again the same day: nothing taken twice
        reminder._l10n_fr_send_batch(reminder.date)
        self.assertEqual(reminder.failure_count, 1)
        self.cron("2026-01-27")  # the scheduled retry: the e-mail alone
        self.assertEqual(reminder.failure_count, 2)
        reminder.action_send()  # by hand: the e-mail alone
        self.assertEqual((reminder.state, reminder.failure_count), ("stopped", 3))
        calls = reminder.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_call")
        )
        self.assertEqual(calls, call, "one call, never two")
        silent.email = "appel@example.com"
        reminder.action_send()
        self.assertEqual(reminder.state, "sent")
        self.assertEqual(
            reminder.activity_ids.filtered(
                lambda a: a.activity_type_id == call.activity_type_id
            ),
            call,
        )

    def test_call_of_a_run_resumed_after_a_crash_is_not_scheduled_twice(self):
        """A run stopped between two send batches: the scheduled action finishes it;
        the customer whose batch went out gets no second call."""
        self.l1.send_call = True
        other = self.customer_named("Tôlerie Appel SARL")
        self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        self.invoice(other, 700, "2025-12-01", "2026-01-10")
        with freeze_time("2026-01-16"):
            run = self.run_on("2026-01-16", send=False)
            first, second = run.reminder_ids.sorted("id")
            first._l10n_fr_send_batch()  # the first batch went out, then the crash
            run.state = "sending"
            self.cron()
        self.assertEqual(run.state, "done")
        call = self.env.ref("mail.mail_activity_data_call")
        for reminder in first + second:
            self.assertEqual(reminder.state, "sent")
            self.assertEqual(
                len(
                    reminder.activity_ids.filtered(lambda a: a.activity_type_id == call)
                ),
                1,
                reminder.partner_id.name,
            )

    def test_customers_to_chase_values(self):
        Partner = self.env["res.partner"]
        today = self.today
        netted = self.customer_named("Netté SAS")
        self.invoice(netted, 1000, today - timedelta(70), today - timedelta(40))
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": netted.id,
                "amount": 1000,
                "date": today - timedelta(5),
            }
        )
        payment.action_post()
        soon = self.customer_named("Bientôt SAS")
        self.invoice(soon, 300, today - timedelta(30), today - timedelta(2))
        late = self.customer_named("En Retard SAS")
        self.invoice(late, 400, today - timedelta(70), today - timedelta(40))
        netted.invalidate_recordset()
        self.assertEqual(
            (netted.l10n_fr_overdue_amount, netted.l10n_fr_net_due), (1000, 0)
        )
        self.assertFalse(
            netted.l10n_fr_next_action_date, "nothing to chase: credits cover it"
        )
        self.assertEqual(
            (late.l10n_fr_next_action_date, late.l10n_fr_next_action_state),
            (today, "late"),
            "40 days late, never reminded: due today, and late",
        )
        self.assertEqual(
            (soon.l10n_fr_net_due, soon.l10n_fr_next_action_date),
            (300, today + timedelta(3)),
        )
        self.assertEqual(soon.l10n_fr_next_action_state, "planned")
        self.assertIn(netted, Partner.search([("l10n_fr_overdue_amount", ">", 0)]))
        view = self.env.ref("l10n_fr_credit_collection.res_partner_view_list_dunning")
        views = Partner.with_context(lang="fr_FR").get_views([(view.id, "list")])
        list_arch = views["views"]["list"]["arch"]
        for title in (
            "Net dû",
            "DSO (jours)",
            "Niveau atteint",
        ):
            self.assertIn(title, list_arch)

    def test_next_action_waits_for_the_days_to_pay_of_a_mandatory_level(self):
        self.l3.mandatory = True
        self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        self.run_on("2026-02-10")  # 31 days: the formal notice
        reminder = self.customer.l10n_fr_reminder_ids
        self.assertEqual(reminder.level_id, self.l3)
        planned = self.customer._l10n_fr_next_action(
            reminder, (1000, reminder.line_ids.due_date), self.l1
        )
        # litigation at 60 days (2026-03-11), after the 8 days to pay anyway
        self.assertEqual(str(planned), "2026-03-11")
        self.l4.days = 35
        planned = self.customer._l10n_fr_next_action(
            reminder, (1000, reminder.line_ids.due_date), self.l1
        )
        self.assertEqual(str(planned), "2026-02-19", "the day after the deadline")


@tagged("post_install", "-at_install")
class TestDunningProcedureDemo(CreditCollectionDemoCase):
    def test_demo_clinic_netted_by_its_unmatched_payment(self):
        clinique = self.demo("partner_clinique")
        self.assertEqual(
            (clinique.l10n_fr_overdue_amount, clinique.l10n_fr_net_due), (1176, 0)
        )
        self.assertFalse(clinique.l10n_fr_next_action_state)
