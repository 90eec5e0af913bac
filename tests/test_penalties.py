from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common import DemoPenaltyCase, PenaltyCase


def periods(breakdown):
    return [
        (
            p["date_from"].isoformat(),
            p["date_to"].isoformat(),
            p["days"],
            p["rate"],
            p["base"],
            p["amount"],
        )
        for p in breakdown
    ]


@tagged("post_install", "-at_install")
class TestPenaltyApi(PenaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 10,000 EUR due 15 Dec 2025: 2025-S2 and 2026-S1 both at 12.15 %
        cls.invoice_a = cls.invoice(cls.pro, 10000, "2025-11-15", "2025-12-15")

    def test_not_late_is_empty(self):
        self.assertEqual(self.invoice_a.l10n_fr_penalty_breakdown("2025-12-15"), [])
        amounts = self.invoice_a.l10n_fr_penalty_amounts(date(2025, 12, 15))
        self.assertEqual(
            amounts,
            {
                "interest": 0.0,
                "indemnity": 0.0,
                "total": 0.0,
                "already_invoiced": 0.0,
                "due": 0.0,
                "currency": "EUR",
            },
        )

    def test_split_at_new_year(self):
        # 10000 x 12.15 % x 16 / 365 = 53.26 (16-31 Dec); x 14 / 365 = 46.60 (1-14 Jan)
        self.assertEqual(
            periods(self.invoice_a.l10n_fr_penalty_breakdown("2026-01-14")),
            [
                ("2025-12-16", "2025-12-31", 16, 12.15, 10000.0, 53.26),
                ("2026-01-01", "2026-01-14", 14, 12.15, 10000.0, 46.60),
            ],
        )
        amounts = self.invoice_a.l10n_fr_penalty_amounts("2026-01-14")
        self.assertEqual(
            amounts,
            {
                "interest": 99.86,
                "indemnity": 40.0,
                "total": 139.86,
                "already_invoiced": 0.0,
                "due": 139.86,
                "currency": "EUR",
            },
        )

    def test_partial_payment_through_odoo(self):
        invoice = self.invoice(self.pro, 10000, "2025-11-15", "2025-12-15")
        self.pay(invoice, 4000, "2026-01-05")
        # the payment dated 5 Jan still counts that day at 10,000; 6,000 from 6 Jan
        self.assertEqual(
            periods(invoice.l10n_fr_penalty_breakdown("2026-01-14")),
            [
                ("2025-12-16", "2025-12-31", 16, 12.15, 10000.0, 53.26),
                ("2026-01-01", "2026-01-05", 5, 12.15, 10000.0, 16.64),
                ("2026-01-06", "2026-01-14", 9, 12.15, 6000.0, 17.98),
            ],
        )
        self.pay(invoice, 6000, "2026-01-20")
        later = invoice.l10n_fr_penalty_amounts("2026-06-30")
        self.assertEqual(invoice.payment_state, "paid")
        # paid late: interest stops on the payment date, the 40 EUR stay due
        # + 6000 x 12.15 % x 15 / 365 = 29.96 (6 to 20 Jan)
        self.assertAlmostEqual(later["interest"], 53.26 + 16.64 + 29.96, places=2)
        self.assertEqual(later["indemnity"], 40.0)

    def test_paid_one_day_late_owes_one_day(self):
        invoice = self.invoice(self.pro, 3650, "2026-01-01", "2026-01-31")
        self.pay(invoice, 3650, "2026-02-01")
        # 3650 x 12.15 % x 1 / 365 = 1.22
        self.assertEqual(
            periods(invoice.l10n_fr_penalty_breakdown("2026-03-31")),
            [("2026-02-01", "2026-02-01", 1, 12.15, 3650.0, 1.22)],
        )

    def test_credit_note_reduces_the_base(self):
        invoice = self.invoice(self.pro, 1000, "2026-01-01", "2026-01-31")
        refund = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": self.pro.id,
                "invoice_date": "2026-02-10",
                "date": "2026-02-10",
                "invoice_line_ids": [
                    Command.create({"name": "Avoir", "quantity": 1, "price_unit": 400})
                ],
            }
        )
        refund.invoice_line_ids.tax_ids = False
        refund.action_post()
        (invoice + refund).line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        ).reconcile()
        self.assertEqual(
            [
                (p[0], p[1], p[4])
                for p in periods(invoice.l10n_fr_penalty_breakdown("2026-02-20"))
            ],
            [("2026-02-01", "2026-02-10", 1000.0), ("2026-02-11", "2026-02-20", 600.0)],
        )

    def test_installments_count_each_due_date(self):
        term = self.env.ref("account.account_payment_term_advance_60days")
        invoice = self.invoice(
            self.pro, 1000, "2026-01-10", invoice_payment_term_id=term.id
        )
        breakdown = invoice.l10n_fr_penalty_breakdown("2026-03-31")
        self.assertEqual(
            sorted({(p["due_date"].isoformat(), p["base"]) for p in breakdown}),
            [("2026-01-10", 300.0), ("2026-03-11", 700.0)],
        )
        self.assertEqual(
            invoice.l10n_fr_penalty_amounts("2026-03-31")["indemnity"], 40.0
        )

    def test_2024_floor_above_the_default(self):
        invoice = self.invoice(self.pro, 1000, "2024-02-29", "2024-03-31")
        # 2024-S1: ECB 4.50 + 10 = 14.50 < 3 x 5.07 = 15.21; 1000 x 15.21 % x 30 / 365
        self.assertEqual(
            periods(invoice.l10n_fr_penalty_breakdown("2024-04-30")),
            [("2024-04-01", "2024-04-30", 30, 15.21, 1000.0, 12.50)],
        )

    def test_consumer_legal_interest_from_formal_notice(self):
        self.assertFalse(self.consumer.l10n_fr_is_professional)
        invoice = self.invoice(self.consumer, 1000, "2026-01-01", "2026-01-31")
        self.assertEqual(invoice.l10n_fr_penalty_breakdown("2026-03-01"), [])
        invoice.l10n_fr_formal_notice_date = "2026-02-10"
        # legal rate "other cases" 2026-S1 2.62 %, 11 Feb to 1 Mar: 19 days = 1.36
        self.assertEqual(
            periods(invoice.l10n_fr_penalty_breakdown("2026-03-01")),
            [("2026-02-11", "2026-03-01", 19, 2.62, 1000.0, 1.36)],
        )
        self.assertEqual(
            invoice.l10n_fr_penalty_amounts("2026-03-01")["indemnity"], 0.0
        )
        self.consumer.l10n_fr_debtor_type = "professional"
        self.assertEqual(
            invoice.l10n_fr_penalty_amounts("2026-03-01")["indemnity"], 40.0
        )

    def test_missing_half_year_is_a_clear_error(self):
        with self.assertRaisesRegex(UserError, "2027-S1"):
            self.invoice_a.l10n_fr_penalty_amounts("2027-01-05")
        self.invoice_a.invalidate_recordset()
        with self.assertRaisesRegex(UserError, "2019-S2"):
            self.invoice(
                self.pro, 100, "2019-11-01", "2019-12-01"
            ).l10n_fr_penalty_breakdown("2020-01-10")

    def test_settings_fixed_rate_below_floor_grace_and_no_indemnity(self):
        invoice = self.invoice(self.pro, 1000, "2026-01-01", "2026-01-31")
        settings = Form(self.env["res.config.settings"].with_company(self.company))
        settings.l10n_fr_penalty_clause = "fixed"
        settings.l10n_fr_penalty_fixed_rate = 5.0
        self.assertTrue(settings.l10n_fr_penalty_below_floor)
        settings.l10n_fr_penalty_indemnity = False
        settings.l10n_fr_penalty_grace_days = 5
        settings.save().execute()
        # floor 3 x 2.62 = 7.86 applies; grace: from 6 Feb to 2 Mar = 25 days
        # 1000 x 7.86 % x 25 / 365 = 5.38
        self.assertEqual(
            periods(invoice.l10n_fr_penalty_breakdown("2026-03-02")),
            [("2026-02-06", "2026-03-02", 25, 7.86, 1000.0, 5.38)],
        )
        self.assertEqual(
            invoice.l10n_fr_penalty_amounts("2026-03-02")["indemnity"], 0.0
        )
        self.company.l10n_fr_penalty_clause = "legal_multiple"
        self.company.l10n_fr_penalty_legal_multiple = 5
        self.assertEqual(
            invoice.l10n_fr_penalty_breakdown("2026-03-02")[0]["rate"], 13.1
        )
        with self.assertRaises(ValidationError):
            self.company.l10n_fr_penalty_legal_multiple = -1
            self.company.flush_recordset()

    def test_multi_company_each_its_settings(self):
        other = self.env["res.company"].create(
            {
                "name": "Seconde Société SAS",
                "country_id": self.env.ref("base.fr").id,
                "currency_id": self.env.ref("base.EUR").id,
            }
        )
        self.env["account.chart.template"].try_loading("fr", other, install_demo=False)
        other.write(
            {"l10n_fr_penalty_clause": "fixed", "l10n_fr_penalty_fixed_rate": 20}
        )
        env = self.env(context=dict(self.env.context, allowed_company_ids=other.ids))
        partner = env["res.partner"].create(
            {"name": "Client Seconde SARL", "is_company": True}
        )
        invoice = self.invoice(
            partner.with_env(env), 1000, "2026-01-01", "2026-01-31", company=other
        )
        # 1000 x 20 % x 30 / 365 = 16.44 in the other company; 12.15 % in the demo one
        self.assertEqual(
            invoice.l10n_fr_penalty_breakdown("2026-03-02")[0]["amount"], 16.44
        )
        mine = self.invoice(self.pro, 1000, "2026-01-01", "2026-01-31")
        self.assertEqual(mine.l10n_fr_penalty_breakdown("2026-03-02")[0]["rate"], 12.15)

    def test_multi_currency_in_the_invoice_currency(self):
        usd = self.env.ref("base.USD")
        usd.active = True
        self.env["res.currency.rate"].create(
            {
                "name": "2025-01-01",
                "rate": 1.1,
                "currency_id": usd.id,
                "company_id": self.company.id,
            }
        )
        invoice = self.invoice(
            self.pro, 1000, "2026-01-01", "2026-01-31", currency_id=usd.id
        )
        amounts = invoice.l10n_fr_penalty_amounts("2026-03-02")
        # 1000 USD x 12.15 % x 30 / 365 = 9.99 USD; 40 EUR x 1.1 = 44 USD
        self.assertEqual(
            (amounts["currency"], amounts["interest"], amounts["indemnity"]),
            ("USD", 9.99, 44.0),
        )

    def test_invoice_pdf_wording_in_french(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("account.report_invoice", self.invoice_a.ids)[0]
            .decode()
        )
        self.assertIn("pénalités de retard", html)
        self.assertIn("40 EUR", html)
        self.assertIn("L441-10", html)
        consumer_invoice = self.invoice(self.consumer, 100, "2026-01-01")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("account.report_invoice", consumer_invoice.ids)[0]
            .decode()
        )
        self.assertNotIn("L441-10", html)

    def test_rates_list_and_access_rights(self):
        rate = self.env.ref("l10n_fr_credit_collection.penalty_rate_2024_s1")
        self.assertEqual(
            (rate.name, rate.ecb_anchor_rate, rate.b2b_default_rate, rate.floor_rate),
            ("2024-S1", 4.5, 14.5, 15.21),
        )
        self.assertTrue(rate.floor_above_default)
        s2 = self.env.ref("l10n_fr_credit_collection.penalty_rate_2026_s2")
        self.assertEqual((s2.b2b_default_rate, s2.confidence), (12.4, "uncertain"))
        billing = new_test_user(
            self.env,
            login="cc_billing_rates",
            groups="account.group_account_invoice",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        manager = new_test_user(
            self.env,
            login="cc_manager_rates",
            groups="l10n_fr_credit_collection.group_credit_collection_manager",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        self.assertEqual(rate.with_user(billing).legal_rate_other, 5.07)
        with self.assertRaises(AccessError):
            rate.with_user(billing).legal_rate_other = 6
        rate.with_user(manager).source = "vérifié"
        salesman = new_test_user(
            self.env, login="cc_sales_rates", groups="base.group_user"
        )
        with self.assertRaises(AccessError):
            self.env["l10n.fr.penalty.invoice"].with_user(salesman).create(
                {"move_ids": [Command.set(self.invoice_a.ids)]}
            )

    def test_cron_warns_managers_of_a_missing_half_year(self):
        manager = new_test_user(
            self.env,
            login="cc_manager_cron",
            groups="l10n_fr_credit_collection.group_credit_collection_manager",
        )
        with freeze_time("2026-11-23"):
            missing = self.env["l10n.fr.penalty.rate"]._cron_check_missing_rates()
            self.assertEqual(missing, ["2027-S1"])
            self.env["l10n.fr.penalty.rate"]._cron_check_missing_rates()
        latest = self.env.ref("l10n_fr_credit_collection.penalty_rate_2026_s2")
        activities = latest.activity_ids.filtered(lambda a: a.user_id == manager)
        self.assertEqual(
            len(activities), 1, "one activity per manager, not one per run"
        )
        self.assertIn("2027", activities.with_context(lang=manager.lang).summary)
        self.assertNotIn("S1", activities.summary, "a half-year in words")
        with freeze_time("2026-03-01"):
            self.assertEqual(
                self.env["l10n.fr.penalty.rate"]._cron_check_missing_rates(), []
            )


@tagged("post_install", "-at_install")
class TestPenaltyApiDemo(DemoPenaltyCase):
    def test_screens_and_partner_total(self):
        invoice = self.demo("inv_menuiserie_overdue_200")
        self.assertEqual(invoice.l10n_fr_days_late, 200)
        self.assertGreater(invoice.l10n_fr_penalty_interest, 0)
        self.assertEqual(invoice.l10n_fr_penalty_indemnity, 40.0)
        self.assertIn(
            "o_l10n_fr_penalty_breakdown", invoice.l10n_fr_penalty_breakdown_html
        )
        partner = invoice.partner_id.with_company(self.company)
        self.assertAlmostEqual(
            partner.l10n_fr_penalty_due, invoice.l10n_fr_penalty_due, places=2
        )
        hotel = self.demo("inv_hotel_installments")
        self.assertEqual(hotel.l10n_fr_days_late, 40)
