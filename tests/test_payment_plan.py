"""Issue 19: amicable payment plans (échéanciers amiables)."""

import io
import os
import shutil
import tempfile

from freezegun import freeze_time
from PyPDF2 import PdfReader

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import config, mute_logger

from .common import COMPANY_NAME, RUN_LOGGER, DemoDunningCase, DunningCase
from .test_injonction import OwnInjonctionCase


class PlanCase(DunningCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Plan = cls.env["l10n.fr.payment.plan"]
        cls.first = cls.invoice(cls.customer, 1000, "2025-12-01", "2026-01-10")
        cls.second = cls.invoice(cls.customer, 500, "2025-12-20", "2026-01-25")
        cls.company.l10n_fr_plan_grace_days = 8
        cls.company.l10n_fr_plan_reminder_days = 5

    def new_plan(self, day="2026-02-20", waive=False, **values):
        """A plan of 3 monthly instalments from 1 March 2026, signed on ``day``."""
        with freeze_time(day):
            action = self.customer.action_l10n_fr_payment_plan()
            plan = self.Plan.with_context(**action["context"]).create(
                {
                    "first_date": "2026-03-01",
                    "instalment_count": 3,
                    "waive_interest": waive,
                    **values,
                }
            )
            plan.action_propose()
            plan.signature_date = day
            plan.action_mark_signed()
        return plan

    def daily(self, day):
        with freeze_time(day):
            self.Plan._cron_payment_plans()


@tagged("post_install", "-at_install")
class TestPaymentPlan(PlanCase):
    def test_schedule_states_and_completion(self):
        plan = self.new_plan()
        self.assertEqual(plan.partner_id, self.customer)
        self.assertEqual(plan.invoice_ids, self.first + self.second)
        self.assertEqual(plan.amount_total, 1500)
        self.assertEqual(plan.line_ids.mapped("amount"), [500, 500, 500])
        self.assertEqual(
            [str(d) for d in plan.line_ids.mapped("date")],
            ["2026-03-01", "2026-04-01", "2026-05-01"],
        )
        self.assertEqual(plan.state, "agreed", "signed before its first instalment")
        self.assertEqual(str(plan.agreement_date), "2026-02-20")
        self.pay(self.first, 500, "2026-03-01")
        self.daily("2026-03-02")
        self.assertEqual(plan.state, "running")
        with freeze_time("2026-03-02"):
            plan.invalidate_recordset()
            plan.line_ids.invalidate_recordset()
            self.assertEqual(plan.line_ids.mapped("state"), ["paid", "due", "due"])
            self.assertEqual(plan.amount_paid, 500)
            self.assertEqual(plan.next_line_id, plan.line_ids[1])
        self.pay(self.first, 500, "2026-04-01")
        self.pay(self.second, 500, "2026-05-01")
        self.daily("2026-05-02")
        self.assertEqual(plan.state, "completed")
        self.assertIn("completed", plan.message_ids[0].body)

    def test_cents_to_last_instalment_and_down_payment_and_bad_input(self):
        with freeze_time("2026-02-20"):
            plan = self.Plan.create(
                {
                    "partner_id": self.customer.id,
                    "invoice_ids": [(6, 0, self.first.ids)],
                    "first_date": "2026-03-01",
                    "instalment_count": 3,
                    "down_payment": 100,
                }
            )
            plan.action_generate_lines()
        self.assertEqual(plan.line_ids.mapped("amount"), [100, 300, 300, 300])
        plan.amount_total = 1000.01
        plan.action_generate_lines()
        self.assertEqual(plan.line_ids.mapped("amount"), [100, 300, 300, 300.01])
        plan.line_ids[1].amount = 250
        with self.assertRaises(UserError):
            plan.action_propose()  # the instalments no longer add up
        with self.assertRaises(ValidationError):
            plan.down_payment = 2000
        with self.assertRaises(ValidationError):
            plan.note = "x" * 6000
        other = self.customer_named("Sans Retard SAS")
        empty = self.Plan.create({"partner_id": other.id})
        with self.assertRaises(UserError):
            empty.action_generate_lines()

    def test_dunning_leaves_plan_invoices_until_the_break(self):
        plan = self.new_plan()
        self.pay(self.first, 500, "2026-03-01")
        self.daily("2026-03-02")
        run = self.run_on("2026-03-05")
        self.assertFalse(self.reminder_of(run, self.customer), "under a running plan")
        # reminder before the second instalment, and the day after it is missed
        self.daily("2026-03-27")
        mails = self.env["mail.mail"].search(
            [("model", "=", plan._name), ("res_id", "=", plan.id)]
        )
        self.assertEqual(len(mails), 1)
        self.daily("2026-04-02")
        mails = self.env["mail.mail"].search(
            [("model", "=", plan._name), ("res_id", "=", plan.id)]
        )
        self.assertEqual(len(mails), 2)
        self.daily("2026-04-09")
        self.assertEqual(plan.state, "running", "within the grace period")
        self.daily("2026-04-10")
        self.assertEqual(plan.state, "broken")
        self.assertEqual(str(plan.break_date), "2026-04-10")
        notice = plan.notice_id
        self.assertEqual(notice.level_id, self.l3, "the formal-notice level")
        self.assertEqual(notice.payment_plan_id, plan)
        self.assertEqual(notice.line_ids.move_id, self.first + self.second)
        self.assertAlmostEqual(notice.amount_overdue, 1000)
        self.assertEqual(notice.state, "sent")
        mail = self.env["mail.mail"].search(
            [("model", "=", notice._name), ("res_id", "=", notice.id)]
        )
        self.assertIn(plan.name, mail.body_html)
        self.assertIn("broken", plan.message_ids[0].body)
        # back on the ladder
        with mute_logger(RUN_LOGGER):
            run = self.run_on("2026-04-20")
        self.assertTrue(self.reminder_of(run, self.customer))

    def test_break_on_a_day_the_customer_was_already_reminded(self):
        plan = self.new_plan()
        other = self.invoice(self.customer, 300, "2026-02-25", "2026-03-01")
        run = self.run_on("2026-04-10")
        self.assertEqual(self.reminder_of(run, self.customer).line_ids.move_id, other)
        self.daily("2026-04-10")
        self.assertEqual(plan.state, "broken")
        self.assertFalse(plan.notice_id, "one reminder a day per customer")
        self.assertIn("No formal notice created today", plan.message_ids[0].body)

    def test_interest_waiver_stops_interest_until_a_break(self):
        def interest(day):
            result = (self.first + self.second)._l10n_fr_penalty_compute(
                fields.Date.to_date(day)
            )
            return sum(r["interest"] for r in result.values()), sum(
                r["indemnity"] for r in result.values()
            )

        without, indemnity = interest("2026-03-20")
        plan = self.new_plan(waive=True)
        self.assertIn("waived", plan.message_ids[0].body, "recorded in the chatter")
        waived, same_indemnity = interest("2026-03-20")
        at_agreement, _i = interest("2026-02-20")
        self.assertEqual(same_indemnity, indemnity, "the 40 EUR stay due")
        self.assertEqual(indemnity, 80)
        self.assertLess(waived, without)
        self.assertAlmostEqual(waived, at_agreement, places=2)
        plan.action_break()
        self.assertAlmostEqual(interest("2026-03-20")[0], without, places=2)

    def test_access_and_multi_company(self):
        plan = self.new_plan()
        company_b = self.env["res.company"].create({"name": "Plans B SARL"})
        user_b = new_test_user(
            self.env,
            login="plan_b",
            groups="l10n_fr_credit_collection.group_credit_collection_user",
            company_id=company_b.id,
            company_ids=[company_b.id],
        )
        Plan_b = self.Plan.with_user(user_b).with_context(
            allowed_company_ids=company_b.ids
        )
        self.assertFalse(Plan_b.search([("id", "=", plan.id)]))
        self.assertFalse(
            self.env["l10n.fr.payment.plan.line"]
            .with_user(user_b)
            .with_context(allowed_company_ids=company_b.ids)
            .search([("plan_id", "=", plan.id)])
        )
        billing = new_test_user(
            self.env,
            login="plan_billing",
            groups="account.group_account_invoice",
            company_id=self.company.id,
        )
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.Plan.with_user(billing).browse(plan.id).read(["name"])
        # the penalties of billing users still see the waiver (engine in sudo)
        self.first.with_user(billing)._l10n_fr_penalty_compute(
            fields.Date.to_date("2026-03-20")
        )


@tagged("post_install", "-at_install")
class TestPaymentPlanLimitation(OwnInjonctionCase):
    def test_signed_plan_interrupts_limitation(self):
        debtor = self.customer_named(
            "Ancienne Dette SAS",
            street="1 rue Neuve",
            zip="69003",
            city="Lyon",
            country_id=self.env.ref("base.fr").id,
        )
        old = self.invoice(debtor, 300, "2020-01-10", "2020-02-09")
        self.assertIn("limitation", self.codes(self.wizard_for(debtor)))
        plan = self.env["l10n.fr.payment.plan"].create(
            {"partner_id": debtor.id, "invoice_ids": [(6, 0, old.ids)]}
        )
        plan.write({"state": "broken", "signature_date": "2024-06-01"})
        self.assertEqual(
            self.env["l10n.fr.payment.plan"]._l10n_fr_acknowledged(old),
            {old.id: plan.signature_date},
        )
        self.assertNotIn("limitation", self.codes(self.wizard_for(debtor)))


@tagged("post_install", "-at_install")
class TestPaymentPlanPdf(HttpCase, PlanCase):
    def test_agreement_pdf_text(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )
        plan = self.new_plan(waive=True)
        action = plan.action_print()
        self.assertEqual(
            action["report_name"], "l10n_fr_credit_collection.report_payment_plan"
        )
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, _kind = Report._render_qweb_pdf(
            "l10n_fr_credit_collection.action_report_payment_plan", plan.ids
        )
        path = os.path.join(tempfile.gettempdir(), "l10n_fr_payment_plan.pdf")
        with open(path, "wb") as file:
            file.write(pdf)
        text = (
            " ".join(
                " ".join(page.extract_text().split())
                for page in PdfReader(io.BytesIO(pdf)).pages
            )
            .replace("\xa0", " ")
            .replace("\u202f", " ")
        )
        for mention in (
            COMPANY_NAME,
            "RCS Lyon",
            "Acier Dupré SAS",
            self.first.name,
            self.second.name,
            "1 500,00 €",
            "500,00 €",
            "1er mars 2026",
            "1er mai 2026",
            "ÉCHÉANCIER",
            "N/Réf. : ECH/",
            "Objet : échéancier amiable et reconnaissance de dette",
            "reconnaissance de dette",
            "2240",
            "renonce",
            "40,00 €",
            "8 jours",
            "mise en demeure",
        ):
            self.assertIn(mention, text)


@tagged("post_install", "-at_install")
class TestPaymentPlanTour(HttpCase, PlanCase):
    def test_tour_customer_plan_print_sign(self):
        self.assertTrue(
            shutil.which("chromium") or shutil.which("google-chrome"),
            "Chromium is needed for the tours (Debian package chromium)",
        )
        self.env.ref("base.user_admin").write(
            {
                "company_id": self.company.id,
                "company_ids": [Command.link(self.company.id)],
            }
        )
        self.start_tour(
            f"/odoo/res.partner/{self.customer.id}",
            "l10n_fr_credit_collection_payment_plan",
            login="admin",
        )
        plan = self.Plan.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(plan), 1)
        self.assertEqual(len(plan.line_ids), 3)
        self.assertEqual(plan.invoice_ids, self.first + self.second)
        self.assertTrue(plan.signature_date)
        self.assertIn(plan.state, ("agreed", "running"))


@tagged("post_install", "-at_install")
class TestPaymentPlanRequest(HttpCase, PlanCase):
    def test_customer_asks_for_a_plan_from_a_reminder(self):
        run = self.run_on("2026-02-15", send=False)
        reminder = self.reminder_of(run, self.customer)
        Plan = self.Plan
        url = Plan._l10n_fr_request_url(reminder)
        path = url[len(reminder.get_base_url()) :]
        self.assertEqual(self.url_open(path).status_code, 404, "not allowed")
        self.company.l10n_fr_plan_portal_request = True
        self.assertEqual(self.url_open(path[:-3] + "bad").status_code, 404)
        page = self.url_open(path)
        self.assertEqual(page.status_code, 200)
        self.assertIn('name="instalment_count"', page.text)
        with mute_logger("odoo.addons.base.models.ir_rule"):
            answer = self.url_open(
                path, data={"instalment_count": "4", "message": "Trésorerie tendue"}
            )
        self.assertEqual(answer.status_code, 200)
        plan = Plan.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(plan), 1)
        self.assertEqual(plan.state, "draft")
        self.assertEqual(plan.instalment_count, 4)
        self.assertEqual(plan.invoice_ids, self.first + self.second)
        self.assertTrue(plan.activity_ids)
        self.assertIn("Trésorerie tendue", plan.message_ids[0].body)
        # the link is in the reminder e-mail when the company allows requests
        run.action_send()
        mail = self.env["mail.mail"].search(
            [("model", "=", reminder._name), ("res_id", "=", reminder.id)]
        )
        self.assertIn("/credit_collection/payment_plan/request/", mail.body_html)


@tagged("post_install", "-at_install")
class TestPaymentPlanDemo(DemoDunningCase):
    def test_demo_story_running_plan_out_of_the_ladder(self):
        plan = self.demo("payment_plan_boulangerie")
        self.assertEqual(plan.state, "running")
        self.assertEqual(plan.line_ids.mapped("state"), ["paid", "due", "due"])
        self.assertEqual(plan.invoice_ids, self.demo("inv_boulangerie_overdue_40"))
        run = self.run_on(self.today, send=False)
        self.assertNotIn(plan.invoice_ids, run.reminder_ids.line_ids.move_id)
        self.assertIn(
            self.demo("inv_menuiserie_overdue_200"), run.reminder_ids.line_ids.move_id
        )
