from contextlib import closing
from datetime import date
from decimal import Decimal

import psycopg2

from odoo import Command, sql_db
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.misc import format_date, formatLang

from ..rules.franchise import MENTION, Turnover
from .common import DemoPenaltyCase, PenaltyCase

MANAGER = "l10n_fr_credit_collection.group_credit_collection_manager"
USER = "l10n_fr_credit_collection.group_credit_collection_user"


class FranchiseMixin:
    """A second French company, "Atelier Dupuis EI", under the VAT franchise
    (services, invoiced basis, activity since 2020), next to the company of the test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shop = cls.env["res.company"].create(
            {
                "name": "Atelier Dupuis EI",
                "country_id": cls.env.ref("base.fr").id,
                "currency_id": cls.env.ref("base.EUR").id,
            }
        )
        cls.env["account.chart.template"].try_loading(
            "fr", cls.shop, install_demo=False
        )
        cls.shop.write(
            {
                "l10n_fr_vat_franchise": True,
                "l10n_fr_franchise_activity": "services",
                "l10n_fr_franchise_basis": "invoiced",
                "l10n_fr_franchise_start_date": "2020-01-01",
            }
        )
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                allowed_company_ids=(cls.shop + cls.company).ids,
                lang="en_US",
            )
        )
        cls.client = cls.env["res.partner"].create(
            {"name": "Client Dupuis SARL", "is_company": True}
        )
        cls.vat = cls.shop.account_sale_tax_id
        cls.manager = new_test_user(
            cls.env,
            login="franchise_manager",
            groups=MANAGER,
            company_id=cls.shop.id,
            company_ids=[cls.shop.id],
        )
        cls.Year = cls.env["l10n.fr.franchise.year"]

    @classmethod
    def draft(cls, amount, day, vat=False, company=None, lines=None, **kw):
        """A draft customer invoice of the franchise company (no VAT unless
        ``vat``); ``lines``: [(amount, product, category override), ...]."""
        company = company or cls.shop
        lines = lines or [(amount, None, False)]
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": kw.pop("move_type", "out_invoice"),
                    "partner_id": cls.client.id,
                    "invoice_date": day,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": product.name if product else "Prestation",
                                "product_id": product.id if product else False,
                                "quantity": 1,
                                "price_unit": price,
                                "l10n_fr_franchise_category": category,
                            }
                        )
                        for price, product, category in lines
                    ],
                    **kw,
                }
            )
        )
        move.invoice_line_ids.tax_ids = company.account_sale_tax_id if vat else False
        return move

    @classmethod
    def sell(cls, amount, day, **kw):
        move = cls.draft(amount, day, **kw)
        move.action_post()
        return move

    def year(self, year, company=None):
        return self.Year.search(
            [("company_id", "=", (company or self.shop).id), ("year", "=", year)]
        )

    def money(self, amount):
        """``amount`` in euros as the messages format it (language of the env)."""
        return formatLang(self.env, amount, currency_obj=self.env.ref("base.EUR"))

    def day(self, value):
        return format_date(self.env, value)

    @staticmethod
    def as_user(record, user):
        return record.with_user(user).with_context(
            allowed_company_ids=user.company_ids.ids
        )

    def pdf(self, move):
        return (
            self.env["ir.actions.report"]
            ._render_qweb_html("account.report_invoice", move.ids)[0]
            .decode()
        )


class FranchiseCase(FranchiseMixin, PenaltyCase):
    """The franchise company beside a French company of the test."""


@tagged("post_install", "-at_install")
class TestFranchisePosting(FranchiseCase):
    def test_thresholds_data(self):
        Threshold = self.env["l10n.fr.franchise.threshold"]
        applied = Threshold.search([("rule_version", "!=", "cancelled")])
        self.assertEqual(len(applied), 28, "2020-2026, four categories each")
        services = self.env.ref(
            "l10n_fr_credit_collection.franchise_threshold_2025_services"
        )
        self.assertEqual(
            (services.base, services.higher, services.rule_version),
            (37500, 41250, "2025"),
        )
        self.assertEqual(
            self.env.ref(
                "l10n_fr_credit_collection.franchise_threshold_2024_goods"
            ).rule_version,
            "pre2025",
        )
        cancelled = Threshold.search([("rule_version", "=", "cancelled")])
        self.assertEqual(set(cancelled.mapped("base")), {25000})
        table = Threshold._l10n_fr_threshold_table()
        self.assertEqual(table.get(2025, "services").base, Decimal(37500))
        with self.assertRaises(ValidationError):
            Threshold.create(
                {
                    "year": 2026,
                    "category": "services",
                    "base": 10,
                    "higher": 20,
                    "rule_version": "2025",
                }
            )
        with self.assertRaises(ValidationError):
            Threshold.create(
                {
                    "year": 2027,
                    "category": "services",
                    "base": 20,
                    "higher": 10,
                    "rule_version": "2025",
                }
            )

    def test_block_crossing_2025_then_vat_applied(self):
        self.sell(37000, "2025-03-10")
        crossing = self.draft(4500, "2025-06-17")
        with self.assertRaisesRegex(
            UserError, "VAT is due from this operation"
        ) as error:
            crossing.action_post()
        self.assertIn(self.money(41500), str(error.exception))
        self.assertIn("leave the VAT franchise", str(error.exception))
        self.assertEqual(crossing.state, "draft")
        # the same in French
        with self.assertRaisesRegex(UserError, "la TVA est due à compter de cette"):
            crossing.with_context(lang="fr_FR").action_post()
        crossing.invoice_line_ids.tax_ids = self.vat
        crossing.action_post()
        self.assertEqual(crossing.state, "posted")
        self.assertFalse(crossing.l10n_fr_vat_franchise)
        self.assertNotIn(MENTION, self.pdf(crossing))
        record = self.year(2025)
        self.assertEqual(
            (record.status, record.lost_from, record.status_category),
            ("lost_crossing", date(2025, 6, 17), "services"),
        )
        self.assertIn("due from", record.status_message)
        self.assertIn(self.manager, record.activity_ids.user_id)
        # afterwards, an invoice without VAT is refused, one with VAT is fine
        with self.assertRaisesRegex(UserError, "already exceeds the higher threshold"):
            self.sell(100, "2025-07-01")
        self.sell(100, "2025-07-01", vat=True)

    def test_warn_crossing(self):
        self.shop.l10n_fr_franchise_crossing_mode = "warn"
        self.sell(37000, "2025-03-10")
        crossing = self.sell(4500, "2025-06-17")
        self.assertEqual(crossing.state, "posted")
        self.assertIn(
            "VAT is due from this operation", crossing.l10n_fr_franchise_warning
        )
        self.assertIn(
            "VAT is due from this operation", crossing.message_ids[:1].body or ""
        )
        self.assertFalse(crossing.l10n_fr_vat_franchise)
        self.assertNotIn(MENTION, self.pdf(crossing))
        self.assertEqual(self.year(2025).lost_from, date(2025, 6, 17))

    def test_batch_posting_in_date_order(self):
        self.shop.l10n_fr_franchise_crossing_mode = "warn"
        self.sell(40000, "2025-03-10")
        later = self.draft(2000, "2025-06-20", narration="<p>Merci.</p>")
        first = self.draft(1000, "2025-06-10")
        (later + first).action_post()
        # 41,000 (first, in franchise), then 43,000 (crosses 41,250)
        self.assertEqual(
            (first.l10n_fr_vat_franchise, later.l10n_fr_vat_franchise), (True, False)
        )
        self.assertIn(MENTION, first.narration)
        self.assertNotIn(MENTION, later.narration)
        self.assertFalse(first.l10n_fr_franchise_warning)
        self.assertIn("VAT is due from this operation", later.l10n_fr_franchise_warning)
        self.assertEqual(self.year(2025).lost_from, date(2025, 6, 20))

    def test_pre2025_crossing_from_the_first_day_of_the_month(self):
        self.sell(39000, "2024-02-10")
        with self.assertRaisesRegex(
            UserError, f"{self.day(date(2024, 6, 1))}, the first day of the month"
        ):
            self.sell(500, "2024-06-15")

    def test_warning_shares(self):
        self.sell(29000, "2025-02-01")
        invoice = self.sell(1500, "2025-03-01")
        self.assertIn("80 %", invoice.l10n_fr_franchise_warning)
        self.assertIn(self.money(30500), invoice.l10n_fr_franchise_warning)
        self.assertTrue(invoice.l10n_fr_vat_franchise, "still in franchise")
        self.assertFalse(self.sell(100, "2025-03-02").l10n_fr_franchise_warning)
        invoice = self.sell(7000, "2025-03-03")  # 37,600 > 37,500
        self.assertIn("ends on 1 January 2026", invoice.l10n_fr_franchise_warning)
        self.shop.l10n_fr_franchise_warning_shares = "50"
        with self.assertRaises(ValidationError):
            self.shop.l10n_fr_franchise_warning_shares = "80, 120"

    def test_vat_refused_while_in_franchise(self):
        invoice = self.draft(1000, "2025-05-05", vat=True)
        self.assertTrue(invoice.l10n_fr_franchise_vat_alert)
        with self.assertRaisesRegex(UserError, "must not charge VAT") as error:
            invoice.action_post()
        self.assertIn(self.vat.name, str(error.exception))
        invoice.action_l10n_fr_franchise_remove_vat()
        self.assertFalse(invoice.invoice_line_ids.tax_ids)
        self.assertFalse(invoice.l10n_fr_franchise_vat_alert)
        invoice.action_post()
        self.assertTrue(invoice.l10n_fr_vat_franchise)
        # warn mode: posted with the warning, and no mention since it charges VAT
        self.shop.l10n_fr_franchise_tax_mode = "warn"
        invoice = self.sell(1000, "2025-05-06", vat=True)
        self.assertIn("must not charge VAT", invoice.l10n_fr_franchise_warning)
        self.assertFalse(invoice.l10n_fr_vat_franchise)

    def test_mention_on_the_pdf_and_in_the_einvoice_note(self):
        draft = self.draft(800, "2025-05-05")
        self.assertEqual(self.pdf(draft).count(MENTION), 1, "also on a draft")
        invoice = self.sell(800, "2025-05-05", narration="<p>Merci.</p>")
        self.assertTrue(invoice.l10n_fr_vat_franchise)
        self.assertIn(MENTION, invoice.narration)
        self.assertIn("Merci.", invoice.narration)
        self.assertEqual(self.pdf(invoice).count(MENTION), 1, "printed once")
        if "account.edi.xml.cii" in self.env:  # Factur-X, when installed
            xml, _errors = self.env["account.edi.xml.cii"]._export_invoice(invoice)
            self.assertIn(MENTION, xml.decode())
        # a credit note of the franchise company bears it too
        refund = self.sell(100, "2025-05-07", move_type="out_refund")
        self.assertTrue(refund.l10n_fr_vat_franchise)
        # the demo company is not under the franchise
        other = self.invoice(self.pro, 500, "2025-05-05")
        self.assertFalse(other.l10n_fr_vat_franchise)
        self.assertNotIn(MENTION, self.pdf(other))

    def test_lawyer_specific_thresholds(self):
        self.shop.l10n_fr_franchise_activity = "lawyer"
        # 45,000 of specific activity: over the services thresholds, not its own
        self.sell(45000, "2025-02-01")
        invoice = self.sell(6000, "2025-03-01")  # 51,000 > 50,000
        self.assertIn("Lawyers, authors", invoice.l10n_fr_franchise_warning)
        with self.assertRaisesRegex(UserError, self.money(55000)):
            self.sell(4500, "2025-04-01")


@tagged("post_install", "-at_install")
class TestFranchiseTurnover(FranchiseCase):
    def turnover(self, year, company=None):
        company = company or self.shop
        return self.env["l10n.fr.franchise.turnover"]._l10n_fr_turnovers(
            company, [year]
        )[(company.id, year)]

    def test_invoiced_basis_with_credit_notes(self):
        self.sell(1000, "2025-01-10")
        self.sell(300, "2025-12-31")
        self.sell(200, "2025-02-10", move_type="out_refund")
        self.sell(5000, "2024-12-31")
        self.draft(9999, "2025-03-01")  # drafts do not count
        self.assertEqual(self.turnover(2025), Turnover(services=Decimal(1100)))
        self.assertEqual(self.turnover(2024), Turnover(services=Decimal(5000)))

    def test_cash_basis_counts_payments_by_date(self):
        self.shop.l10n_fr_franchise_basis = "cash"
        invoice = self.sell(1000, "2025-11-10")
        self.assertEqual(self.turnover(2025), Turnover())
        self.pay(invoice, 400, "2025-12-20")
        self.pay(invoice, 600, "2026-01-05")
        self.assertEqual(self.turnover(2025), Turnover(services=Decimal(400)))
        self.assertEqual(self.turnover(2026), Turnover(services=Decimal(600)))
        # a credit note reconciled with an invoice is not cash
        second = self.sell(500, "2026-02-01")
        refund = self.sell(100, "2026-02-02", move_type="out_refund")
        (second + refund).line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        ).reconcile()
        self.assertEqual(self.turnover(2026), Turnover(services=Decimal(600)))
        self.pay(second, 400, "2026-02-10")  # the rest of 500 - 100
        self.assertEqual(self.turnover(2026), Turnover(services=Decimal(1000)))

    def test_cash_basis_check_at_posting(self):
        self.shop.l10n_fr_franchise_basis = "cash"
        big = self.sell(40000, "2025-02-01")
        self.sell(2000, "2025-03-01")  # collected 0 + 2,000: fine
        self.pay(big, 40000, "2025-03-15")
        with self.assertRaisesRegex(UserError, self.money(42000)):
            self.sell(2000, "2025-04-01")  # collected 40,000 + 2,000 > 41,250

    def test_goods_services_building_and_overrides(self):
        self.shop.l10n_fr_franchise_activity = "mixed"
        Product = self.env["product.product"]
        chair = Product.create({"name": "Chaise", "type": "consu"})
        repair = Product.create({"name": "Réparation", "type": "service"})
        works = Product.create(
            {
                "name": "Pose",
                "type": "service",
                "l10n_fr_franchise_category": "building",
            }
        )
        self.sell(
            0,
            "2025-04-01",
            lines=[
                (60000, chair, False),
                (20000, repair, False),
                (4000, works, False),
                (1000, repair, "goods"),  # per-line override
                (500, None, False),  # no product, mixed activity: services
            ],
        )
        self.assertEqual(
            self.turnover(2025),
            Turnover(
                goods=Decimal(61000), services=Decimal(20500), building=Decimal(4000)
            ),
        )
        record = self.Year._l10n_fr_ensure([(self.shop, 2025)])
        record._l10n_fr_refresh()
        # total 85,500 > 85,000 (base), < 93,500; services 20,500 (building works
        # out of the services test since 2025)
        self.assertEqual(record.status, "base_exceeded")
        self.assertEqual(
            [(line.category, line.turnover) for line in record.line_ids],
            [("goods", 85500), ("services", 20500)],
        )
        with self.assertRaisesRegex(UserError, "Goods, restaurant, lodging"):
            self.sell(0, "2025-05-01", lines=[(8500, chair, False)])  # 94,000

    def test_two_companies_one_in_franchise(self):
        self.sell(1000, "2025-01-10")
        other = (
            self.env["account.move"]
            .with_company(self.company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.pro.id,
                    "invoice_date": "2025-01-10",
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Grille",
                                "quantity": 1,
                                "price_unit": 50000,
                                "tax_ids": self.company.account_sale_tax_id.ids,
                            }
                        )
                    ],
                }
            )
        )
        other.action_post()
        self.assertGreater(other.amount_tax, 0)
        self.assertFalse(other.l10n_fr_vat_franchise)
        self.assertFalse(other.l10n_fr_franchise_warning)
        self.assertEqual(self.turnover(2025), Turnover(services=Decimal(1000)))
        self.assertFalse(self.year(2025, self.company))
        self.company.l10n_fr_vat_franchise = False
        self.assertFalse(
            self.Year._l10n_fr_check_companies(self.shop + self.company).filtered(
                lambda r: r.company_id == self.company
            )
        )

    def test_turnover_outside_odoo(self):
        record = self.Year._l10n_fr_ensure([(self.shop, 2024)])
        record.adjust_services = 38000
        self.assertEqual(self.turnover(2024), Turnover(services=Decimal(38000)))
        # 2024 (before 2025): 38,000 > 36,800 base, < 39,100, 2023 nothing: tolerance
        self.assertEqual(record.status, "base_exceeded")
        # 2025: no tolerance any more, 38,000 > 37,500: lost from 1 January 2025
        with self.assertRaisesRegex(UserError, "VAT is due from 1 January 2025"):
            self.sell(100, "2025-01-15")


@tagged("post_install", "-at_install")
class TestFranchiseMonitor(FranchiseCase):
    def test_year_start_check_notifies_managers(self):
        self.sell(30000, "2024-05-01")
        self.sell(38000, "2025-05-01")  # over 37,500: franchise ends on 1 January 2026
        with freeze_time("2026-01-02"):
            current = self.Year._cron_check_franchise()
            record = current.filtered(lambda r: r.company_id == self.shop)
            self.assertEqual(
                (record.year, record.status, record.lost_from, record.start_checked),
                (2026, "lost_start", date(2026, 1, 1), True),
            )
            self.assertIn("VAT is due from 1 January 2026", record.status_message)
            activities = record.activity_ids.filtered(
                lambda a: a.user_id == self.manager
            )
            self.assertEqual(len(activities), 1)
            self.Year._cron_check_franchise()
            self.assertEqual(
                len(record.activity_ids.filtered(lambda a: a.user_id == self.manager)),
                1,
                "one activity per manager, not one per run",
            )
            history = self.Year.search(
                [("company_id", "=", self.shop.id)], order="year"
            )
            self.assertEqual(
                [(r.year, r.rule_version, r.status) for r in history],
                [
                    (2024, "pre2025", "franchise"),
                    (2025, "2025", "base_exceeded"),
                    (2026, "2025", "lost_start"),
                ],
            )
            settings = (
                self.env["res.config.settings"].with_company(self.shop).create({})
            )
            self.assertEqual(settings.l10n_fr_franchise_status, "lost_start")
            self.assertIn("1 January 2026", settings.l10n_fr_franchise_status_info)
            with self.assertRaisesRegex(UserError, "from 1 January 2026"):
                self.sell(100, "2026-01-02")

    def test_late_invoice_of_last_year_updates_this_year(self):
        self.sell(30000, "2025-05-01")
        with freeze_time("2026-01-05"):
            record = self.Year._cron_check_franchise().filtered(
                lambda r: r.company_id == self.shop
            )
            self.assertEqual(record.status, "franchise")
            self.sell(100, "2026-01-05")  # uses the year-start check
            # posted in January, dated December: 2025 now over 37,500
            late = self.sell(8000, "2025-12-30")
            self.assertIn("ends on 1 January 2026", late.l10n_fr_franchise_warning)
            self.assertEqual(record.status, "lost_start")
            with self.assertRaisesRegex(UserError, "from 1 January 2026"):
                self.sell(100, "2026-01-06")

    def test_missing_year_is_a_clear_error(self):
        with freeze_time("2027-01-04"):
            record = self.Year._cron_check_franchise().filtered(
                lambda r: r.company_id == self.shop
            )
            self.assertEqual((record.year, record.status), (2027, "missing"))
            self.assertIn(self.manager, record.activity_ids.user_id)
            with self.assertRaisesRegex(UserError, "recorded for 2027"):
                self.sell(100, "2027-01-04")

    def test_monitor_projection(self):
        self.sell(15000, "2025-01-15")
        self.sell(15000, "2025-06-15")
        record = self.Year._l10n_fr_ensure([(self.shop, 2025)])
        record._l10n_fr_refresh(today=date(2025, 6, 30))
        services = record.line_ids.filtered(lambda line: line.category == "services")
        # 30,000 in 181 days: 37,500 passed on 15 August, 41,250 on 6 September
        self.assertEqual(
            (
                services.turnover,
                services.share_base,
                services.projected_base,
                services.projected_higher,
            ),
            (30000, 80.0, date(2025, 8, 15), date(2025, 9, 6)),
        )
        self.assertEqual(record.status, "franchise")
        self.assertEqual(record.turnover_total, 30000)

    def test_creation_year_pro_rata(self):
        self.shop.l10n_fr_franchise_start_date = "2025-07-01"
        # 41,250 x 184 / 365 = 20,794.52
        self.sell(20000, "2025-08-01")
        with self.assertRaisesRegex(UserError, self.money(20794.52)):
            self.sell(800, "2025-11-05")

    def test_settings_and_check_now(self):
        settings = Form(self.env["res.config.settings"].with_company(self.company))
        settings.l10n_fr_vat_franchise = True
        settings.l10n_fr_franchise_activity = "mixed"
        settings.l10n_fr_franchise_start_date = date(2021, 3, 1)
        settings.l10n_fr_franchise_crossing_mode = "warn"
        record = settings.save()
        record.execute()
        self.assertTrue(self.company.l10n_fr_vat_franchise)
        self.assertEqual(self.company.l10n_fr_franchise_activity, "mixed")
        self.assertEqual(self.company.l10n_fr_franchise_basis, "cash")
        self.assertFalse(self.shop.l10n_fr_franchise_activity == "mixed")
        action = record.action_l10n_fr_franchise_check()
        checked = self.Year.browse(action["res_id"])
        self.assertEqual(checked.company_id, self.company)
        self.assertTrue(checked.status)
        self.assertEqual(
            record.action_l10n_fr_franchise_monitor()["res_model"],
            "l10n.fr.franchise.year",
        )

    def test_access_rights(self):
        billing = new_test_user(
            self.env,
            login="franchise_billing",
            groups="account.group_account_invoice",
            company_id=self.shop.id,
            company_ids=[self.shop.id],
        )
        invoice = self.as_user(self.draft(1000, "2025-05-05"), billing)
        invoice.action_post()
        self.assertTrue(invoice.l10n_fr_vat_franchise)
        threshold = self.env.ref(
            "l10n_fr_credit_collection.franchise_threshold_2025_services"
        )
        self.assertEqual(threshold.with_user(billing).base, 37500)
        with self.assertRaises(AccessError):
            self.as_user(threshold, billing).base = 1
        self.as_user(threshold, self.manager).source = "vérifié"
        record = self.Year._l10n_fr_ensure([(self.shop, 2025)])
        with self.assertRaises(AccessError):
            self.as_user(record, billing).read(["status"])
        controller = new_test_user(
            self.env,
            login="franchise_controller",
            groups=USER,
            company_id=self.shop.id,
            company_ids=[self.shop.id],
        )
        self.as_user(record, controller).action_refresh()
        self.assertEqual(self.as_user(record, controller).status, "franchise")
        with self.assertRaises(AccessError):
            self.as_user(record, controller).adjust_goods = 10
        outsider = new_test_user(
            self.env,
            login="franchise_outsider",
            groups=MANAGER,
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        with self.assertRaises(AccessError):
            record.with_user(outsider).read(["status"])
        self.as_user(record, self.manager).adjust_goods = 10
        self.assertEqual(record.turnover_goods, 10)


@tagged("post_install", "-at_install")
class TestFranchiseTurnoverLive(FranchiseCase):
    """The check at posting reads the year's turnover from the aggregate query,
    under a lock on the year's record: nothing cached, so whatever changed the
    turnover (payments, a line's or a product's category, an invoice reset to
    draft, the settings) counts at the next posting."""

    def test_cash_basis_follows_payments(self):
        self.shop.l10n_fr_franchise_basis = "cash"
        big = self.sell(40000, "2025-02-01")
        self.pay(big, 40000, "2025-02-10")
        with self.assertRaisesRegex(UserError, self.money(42000)):
            self.sell(2000, "2025-03-01")  # collected 40,000 + 2,000 > 41,250
        # unreconciled: the cash is taken back
        big.line_ids.matched_credit_ids.unlink()
        self.sell(2000, "2025-03-01")
        # a credit note reconciled with an invoice is no cash
        refund = self.sell(1000, "2025-03-02", move_type="out_refund")
        (big + refund).line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        ).reconcile()
        self.pay(big, 39000, "2025-03-03")
        with self.assertRaisesRegex(UserError, self.money(41300)):
            self.sell(2300, "2025-03-04")  # 39,000 collected + 2,300

    def test_invoiced_basis_follows_changes(self):
        self.sell(40000, "2025-02-01")
        first = self.sell(1000, "2025-02-02")  # 41,000
        with self.assertRaisesRegex(UserError, self.money(42000)):
            self.sell(1000, "2025-02-03")
        # a posted line's category changed: services 40,000
        first.invoice_line_ids.l10n_fr_franchise_category = "goods"
        second = self.sell(1000, "2025-02-03")
        with self.assertRaisesRegex(UserError, self.money(41500)):
            self.sell(500, "2025-02-04")
        # an invoice reset to draft leaves the turnover
        second.button_draft()
        self.sell(500, "2025-02-04")  # 40,500

    def test_product_category_and_settings(self):
        product = self.env["product.product"].create(
            {"name": "Pose", "type": "service"}
        )
        self.sell(0, "2025-02-01", lines=[(41000, product, False)])
        with self.assertRaisesRegex(UserError, self.money(41500)):
            self.sell(500, "2025-02-02")
        # building works: out of the services test since 2025
        product.l10n_fr_franchise_category = "building"
        self.sell(500, "2025-02-02")
        # the cash basis: nothing collected yet
        product.l10n_fr_franchise_category = False
        with self.assertRaisesRegex(UserError, self.money(42000)):
            self.sell(500, "2025-02-03")
        self.shop.l10n_fr_franchise_basis = "cash"
        self.sell(500, "2025-02-03")

    def test_year_records_created_at_posting(self):
        self.assertFalse(self.year(2025))
        (self.draft(100, "2025-02-01") + self.draft(100, "2024-02-01")).action_post()
        self.assertEqual(
            (self.year(2025) + self.year(2024)).mapped("name"),
            ["2025 - Atelier Dupuis EI", "2024 - Atelier Dupuis EI"],
        )
        self.sell(100, "2025-02-02")
        self.assertEqual(len(self.year(2025)), 1)


@tagged("post_install", "-at_install")
class TestFranchiseCommitted(FranchiseMixin, DemoPenaltyCase):
    def test_posting_locks_the_year_record(self):
        """Two transactions posting into the same company and year take their
        turns: the check locks the year's record (created here) until the end of
        the transaction; a transaction that began before the other one committed
        fails to serialize (Odoo retries it) instead of missing its invoices.
        Shown with another connection, on the demo company (committed)."""
        company = self.company
        company.write(
            {
                "l10n_fr_vat_franchise": True,
                "l10n_fr_franchise_activity": "services",
                "l10n_fr_franchise_basis": "invoiced",
            }
        )
        other = sql_db.db_connect(self.env.cr.dbname).cursor()
        self.addCleanup(other.close)
        other.execute("SET lock_timeout = '1s'")
        other.commit()
        insert = (
            "INSERT INTO l10n_fr_franchise_year (company_id, year, name) "
            "VALUES (%s, 2021, 'other') ON CONFLICT (company_id, year) DO NOTHING "
            "RETURNING id"
        )
        with closing(self.env.cr.savepoint()):
            invoice = self.sell(100, "2021-03-01", company=company)
            self.assertTrue(invoice.l10n_fr_vat_franchise)
            # the other transaction waits for this one (here: until its timeout)
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.LockNotAvailable),
            ):
                other.execute(insert, [company.id])
            other.rollback()
        # this posting undone, the other transaction goes on and commits
        other.execute(insert, [company.id])
        (record_id,) = other.fetchone()
        other.commit()

        def drop():
            other.rollback()
            other.execute(
                "DELETE FROM l10n_fr_franchise_year WHERE id = %s", [record_id]
            )
            other.commit()

        self.addCleanup(drop)
        # this transaction's snapshot is older than that commit: it does not go on
        # with a turnover that may miss the other one's invoices
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.SerializationFailure),
            self.env.cr.savepoint(),
        ):
            self.sell(100, "2021-03-02", company=company)
