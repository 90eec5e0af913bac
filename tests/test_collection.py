from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from ..rules import worklist
from .common import CreditCollectionDemoCase, DunningCase

ADDON = "l10n_fr_credit_collection"


@tagged("post_install", "-at_install")
class TestCollection(DunningCase):
    """The credit controller's day: calls and their outcomes, disputes, the worklist."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        cls.controller = new_test_user(
            cls.env,
            login="cc_day_ctl",
            groups=f"{ADDON}.group_credit_collection_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.customer.with_company(
            cls.company
        ).l10n_fr_credit_controller_id = cls.controller
        cls.overdue = cls.invoice(cls.customer, 1000, "2025-12-01", "2026-01-10")
        cls.contact = cls.env["res.partner"].create(
            {"name": "Mme Compta", "parent_id": cls.customer.id}
        )

    def outcome(self, name):
        return self.env.ref(f"{ADDON}.call_outcome_{name}")

    def log_call(self, outcome, partner=None, **values):
        wizard = (
            self.env["l10n.fr.call.wizard"]
            .with_context(
                active_model="res.partner", active_ids=(partner or self.customer).ids
            )
            .create({"outcome_id": self.outcome(outcome).id, **values})
        )
        wizard.action_save()
        return self.env["l10n.fr.call"].search(
            [("partner_id", "=", self.customer.id)], limit=1
        )

    def call_activity(self, partner=None, user=None, days=0):
        return (partner or self.customer).activity_schedule(
            "mail.mail_activity_data_call",
            date_deadline=fields.Date.add(self.today, days=days),
            user_id=(user or self.controller).id,
        )

    def tasks(self, user=None, **domain):
        Task = self.env["l10n.fr.collection.task"]
        if user:
            Task = Task.with_user(user).with_context(
                allowed_company_ids=user.company_ids.ids
            )
            domain["user_id"] = user.id  # the default filter "Mine"
        return Task.search([(name, "=", value) for name, value in domain.items()])

    # ------------------------------------------------------------ outcomes
    def test_promise_outcome_creates_the_promise_and_closes_the_call(self):
        activity = self.call_activity()
        self.assertTrue(self.tasks(kind="call", partner_id=self.customer.id))
        call = self.log_call(
            "promise",
            contact_id=self.contact.id,
            promise_date=fields.Date.add(self.today, days=5),
            promise_amount=800,
            note="Virement la semaine prochaine",
        )
        self.assertEqual(call.contact_id, self.contact)
        self.assertEqual(call.promise_id.amount, 800)
        self.assertEqual(call.promise_id.state, "open")
        self.assertFalse(activity.exists() and activity.active)
        self.assertFalse(self.tasks(partner_id=self.customer.id))
        self.assertIn("Promise to pay", self.customer.message_ids[0].body)
        with self.assertRaises(UserError):
            self.log_call("promise")  # no date

    def test_dispute_outcome_opens_a_dispute_owned_by_the_controller(self):
        call = self.log_call(
            "dispute",
            dispute_reason_id=self.env.ref(f"{ADDON}.dispute_reason_quality").id,
        )
        dispute = call.dispute_id
        self.assertEqual(dispute.invoice_ids, self.overdue)
        self.assertEqual(dispute.amount, 1000)
        self.assertEqual(dispute.user_id, self.controller)
        self.assertTrue(self.overdue.l10n_fr_litigation)

    def test_callback_resend_and_contact_outcomes(self):
        self.log_call("no_answer")
        activity = self.customer.activity_ids.filtered(
            lambda a: a.activity_category == "phonecall"
        )
        self.assertEqual(activity.user_id, self.controller)
        self.assertEqual(activity.date_deadline, fields.Date.add(self.today, days=1))
        self.assertFalse(self.tasks(kind="call", partner_id=self.customer.id))

        count = self.env["mail.mail"].search_count([])
        self.log_call("invoice_not_received")
        self.assertGreater(self.env["mail.mail"].search_count([]), count)
        self.assertTrue(self.overdue.is_move_sent)

        self.log_call(
            "wrong_contact", contact_id=self.contact.id, new_phone="0102030405"
        )
        self.assertEqual(self.contact.phone, "0102030405")
        with self.assertRaises(UserError):
            self.log_call("wrong_contact")
        self.assertEqual(self.customer.l10n_fr_call_count, 3)

    def test_payment_plan_from_a_call_and_from_the_worklist(self):
        wizard = (
            self.env["l10n.fr.call.wizard"]
            .with_context(active_model="res.partner", active_ids=self.customer.ids)
            .create({"outcome_id": self.outcome("plan").id})
        )
        action = wizard.action_save()
        self.assertEqual(action["res_model"], "l10n.fr.payment.plan")
        self.assertEqual(action["context"]["default_partner_id"], self.customer.id)
        call = self.env["l10n.fr.call"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(call.outcome_id, self.outcome("plan"))
        self.call_activity()
        task = self.tasks(kind="call")
        self.assertTrue(task)
        action = task[0].action_payment_plan()
        self.assertEqual(action["res_model"], "l10n.fr.payment.plan")
        self.assertEqual(action["context"]["default_partner_id"], self.customer.id)

    def test_worklist_shows_the_signs_of_default(self):
        self.call_activity()
        task = self.tasks(kind="call")[0]
        self.assertFalse(task.proceeding_id)
        self.assertEqual(task.payer_score, self.customer.l10n_fr_payer_score)
        proceeding = self.env["l10n.fr.proceeding"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "kind": "redressement",
                "judgment_date": "2026-02-15",
            }
        )
        self.env.invalidate_all()  # computed on read, not stored
        self.assertEqual(task.proceeding_id, proceeding)

    def test_controller_logs_a_call_with_their_own_rights(self):
        activity = self.call_activity()
        wizard = (
            self.env["l10n.fr.call.wizard"]
            .with_user(self.controller)
            .with_context(
                active_model="l10n.fr.collection.task",
                active_ids=self.tasks(self.controller, kind="call").ids,
                allowed_company_ids=self.company.ids,
            )
            .create(
                {
                    "outcome_id": self.outcome("promise").id,
                    "promise_date": fields.Date.add(self.today, days=3),
                    "promise_amount": 300,
                }
            )
        )
        self.assertEqual(wizard.partner_id, self.customer)
        wizard.action_save()
        self.assertFalse(activity.exists() and activity.active)
        self.assertEqual(self.customer.l10n_fr_promise_ids.amount, 300)
        self.assertFalse(self.tasks(self.controller))

    # ------------------------------------------------------------ disputes
    def test_dispute_states_and_dunning(self):
        reason = self.env.ref(f"{ADDON}.dispute_reason_price")
        dispute = self.env["l10n.fr.dispute"].create(
            {
                "partner_id": self.customer.id,
                "reason_id": reason.id,
                "invoice_ids": [Command.set(self.overdue.ids)],
            }
        )
        self.assertTrue(dispute.name.startswith("LIT/"))
        self.assertTrue(self.overdue.l10n_fr_litigation)
        run = self.run_on("2026-02-15", send=False)
        self.assertFalse(self.reminder_of(run, self.customer), "disputed: left out")
        # still in the aged balance
        self.assertEqual(
            self.customer.with_company(self.company).l10n_fr_overdue_amount, 1000
        )
        dispute.action_back_to_dunning()
        self.assertEqual(dispute.state, "dunning")
        self.assertFalse(self.overdue.l10n_fr_litigation)
        run = self.run_on("2026-02-16", send=False)
        self.assertTrue(self.reminder_of(run, self.customer), "back in the run")

        dispute.action_reopen()
        self.assertTrue(self.overdue.l10n_fr_litigation)
        action = dispute.action_credit_note()
        self.assertEqual(action["res_model"], "account.move.reversal")
        self.assertEqual(action["context"]["active_ids"], self.overdue.ids)
        self.assertEqual(dispute.state, "credit_note")
        reversal = (
            self.env["account.move.reversal"]
            .with_context(**action["context"])
            .create({"journal_id": self.overdue.journal_id.id})
        )
        reversal.reverse_moves()
        self.assertTrue(self.overdue.reversal_move_ids)

        other = self.env["l10n.fr.dispute"].create(
            {"partner_id": self.customer.id, "reason_id": reason.id}
        )
        other.action_lost()
        self.assertEqual(other.state, "lost")

    def test_flag_opens_and_closes_a_dispute_and_migration(self):
        invoice = self.invoice(self.customer, 300, "2025-12-01", "2026-01-10")
        invoice.write(
            {"l10n_fr_litigation": True, "l10n_fr_litigation_reason": "Erreur de prix"}
        )
        dispute = invoice.l10n_fr_dispute_ids
        self.assertEqual(dispute.state, "open")
        self.assertEqual(dispute.note, "Erreur de prix")
        invoice.l10n_fr_litigation = False
        self.assertEqual(dispute.state, "dunning")
        # an invoice flagged by an older version (column only) gets its dispute
        legacy = self.invoice(self.customer, 200, "2025-12-01", "2026-01-10")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE account_move SET l10n_fr_litigation = TRUE WHERE id = %s",
            [legacy.id],
        )
        legacy.invalidate_recordset()
        created = self.env["account.move"]._l10n_fr_migrate_litigation()
        self.assertEqual(created.invoice_ids, legacy)
        self.assertTrue(legacy.l10n_fr_litigation)

    # ------------------------------------------------------------ worklist
    def test_worklist_contents_ranking_and_users(self):
        other_user = new_test_user(
            self.env,
            login="cc_day_other",
            groups=f"{ADDON}.group_credit_collection_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        small = self.customer_named("Petit Client SARL")
        self.invoice(small, 100, "2026-01-01", "2026-01-10")
        small.with_company(self.company).l10n_fr_credit_controller_id = other_user
        self.call_activity()
        self.call_activity(small, other_user)
        self.call_activity(small, other_user, days=3)  # not due: not today's work
        promise = self.env["l10n.fr.dunning.promise"].create(
            {
                "partner_id": self.customer.id,
                "date": self.today,
                "amount": 500,
                "promise_date": fields.Date.add(self.today, days=-3),
            }
        )
        dispute = self.env["l10n.fr.dispute"].create(
            {
                "partner_id": small.id,
                "reason_id": self.env.ref(f"{ADDON}.dispute_reason_price").id,
                "deadline": fields.Date.add(self.today, days=2),
            }
        )
        mine = self.tasks(self.controller)
        self.assertEqual(set(mine.mapped("kind")), {"call", "promise"})
        self.assertEqual(mine.promise_id, promise)
        self.assertEqual(mine.partner_id, self.customer)
        theirs = self.tasks(other_user)
        self.assertEqual(sorted(theirs.mapped("kind")), ["call", "dispute"])
        self.assertEqual(theirs.dispute_id, dispute)
        # ranking: amount x days late x factor of the kind
        call = mine.filtered(lambda t: t.kind == "call")
        self.assertEqual(call.amount_overdue, 1000)
        self.assertEqual(
            call.days_late, (self.today - fields.Date.to_date("2026-01-10")).days
        )
        self.assertAlmostEqual(
            call.priority, worklist.score(1000, call.days_late, 1.0), places=2
        )
        promise_task = mine.filtered(lambda t: t.kind == "promise")
        self.assertAlmostEqual(
            promise_task.priority, worklist.score(1000, call.days_late, 1.5), places=2
        )
        self.assertEqual(mine[0], promise_task, "ranked first")
        self.company.l10n_fr_worklist_factor_call = 3
        self.env.flush_all()
        self.assertEqual(self.tasks(self.controller)[0].kind, "call")
        # the customer's collection form opens from a line
        action = call.action_open_customer()
        self.assertEqual(action["res_id"], self.customer.id)
        self.assertIn(self.overdue, self.customer.l10n_fr_open_invoice_ids)
        wizard_action = call.action_log_call()
        wizard = (
            self.env["l10n.fr.call.wizard"]
            .with_context(**wizard_action["context"])
            .create({"outcome_id": self.outcome("message").id})
        )
        self.assertEqual(wizard.partner_id, self.customer)

    def test_letters_to_post(self):
        reminder = self.env["l10n.fr.dunning.reminder"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "level_id": self.l3.id,
                "date": self.today,
                "channel_ids": [Command.create({"channel": "letter", "message": "x"})],
            }
        )
        reminder.state = "sent"
        task = self.tasks(self.controller, kind="letter")
        self.assertEqual(task.reminder_id, reminder)
        self.assertEqual(task.reminder_id, reminder)
        task.action_letter_posted()
        self.assertEqual(reminder.notice_sent_date, self.today)
        self.assertFalse(self.tasks(self.controller, kind="letter"))

    def test_worklist_of_the_own_company_only(self):
        company_b = self.env["res.company"].create({"name": "Autre Société SAS"})
        controller_b = new_test_user(
            self.env,
            login="cc_day_b",
            groups=f"{ADDON}.group_credit_collection_user",
            company_id=company_b.id,
            company_ids=[company_b.id],
        )
        self.call_activity()
        self.env["l10n.fr.dunning.promise"].create(
            {"partner_id": self.customer.id, "date": self.today, "amount": 10}
        )
        self.assertTrue(self.tasks(self.controller))
        Task = (
            self.env["l10n.fr.collection.task"]
            .with_user(controller_b)
            .with_context(allowed_company_ids=company_b.ids)
        )
        self.assertFalse(Task.search([]))
        tasks = self.tasks()
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            tasks.with_user(controller_b).with_context(
                allowed_company_ids=company_b.ids
            ).read(["kind"])
        # nor disputes or calls of company A
        Dispute = self.env["l10n.fr.dispute"].with_user(controller_b)
        self.assertFalse(
            Dispute.with_context(allowed_company_ids=company_b.ids).search([])
        )

    def test_formal_notice_and_injonction_warn_about_disputes(self):
        other = self.invoice(self.customer, 400, "2025-12-01", "2026-01-10")
        dispute = self.env["l10n.fr.dispute"].create(
            {
                "partner_id": self.customer.id,
                "reason_id": self.env.ref(f"{ADDON}.dispute_reason_quality").id,
                "invoice_ids": [Command.set(other.ids)],
            }
        )
        run = self.run_on("2026-02-15", send=False)
        reminder = self.reminder_of(run, self.customer)
        self.assertTrue(reminder, run.summary)
        reminder.invalidate_recordset(["dispute_ids"])
        self.assertEqual(reminder.dispute_ids, dispute)
        self.assertNotIn(other, reminder.line_ids.move_id)
        report = self.env.ref(f"{ADDON}.action_report_dunning_letter")
        html = str(report._render_qweb_html(report, reminder.ids)[0])
        self.assertIn(other.name, html)
        wizard = (
            self.env["l10n.fr.injonction.wizard"]
            .with_context(active_model="res.partner", active_ids=self.customer.ids)
            .create({})
        )
        self.assertEqual(wizard.invoice_ids, self.overdue)
        self.assertIn(
            "open_disputes", [code for _l, code, _m in wizard._l10n_fr_checks()]
        )


@tagged("post_install", "-at_install")
class TestCollectionDemo(CreditCollectionDemoCase):
    def test_demo_controller_has_the_day_of_work(self):
        controller = self.env.ref(f"{ADDON}.demo_user_controller")
        self.assertEqual(self.company.l10n_fr_default_collector_id, controller)
        tasks = (
            self.env["l10n.fr.collection.task"]
            .with_user(controller)
            .with_context(allowed_company_ids=self.company.ids)
            .search([("user_id", "=", controller.id)])
        )
        self.assertTrue({"call", "promise", "dispute"} <= set(tasks.mapped("kind")))
        self.assertEqual(
            tasks.filtered(lambda t: t.kind == "dispute").partner_id,
            self.env.ref(f"{ADDON}.demo_partner_clinique"),
        )
        self.assertTrue(
            self.env.ref(f"{ADDON}.demo_inv_clinique_overdue_10").l10n_fr_litigation
        )
