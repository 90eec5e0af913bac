"""Customer default (issue 20): a collective proceeding stops dunning, interest and
the injonction de payer for the claims born before its judgment; the declaration of
claim; doubtful debts, provisions and write-offs; payer score; credit limit."""

import base64

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import config, mute_logger

from .test_documents import pdf_text
from .test_injonction import InjonctionCase, OwnInjonctionCase

ADDON = "l10n_fr_credit_collection"


class ProceedingMixin:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mandataire = cls.env["res.partner"].create(
            {
                "name": "SELARL Mandataires Associés",
                "street": "5 quai Saint-Antoine",
                "zip": "69002",
                "city": "Lyon",
                "country_id": cls.env.ref("base.fr").id,
            }
        )
        cls.customer.write(
            {
                "street": "3 rue de l'Industrie",
                "zip": "69100",
                "city": "Villeurbanne",
                "country_id": cls.env.ref("base.fr").id,
            }
        )

    @classmethod
    def proceeding(cls, partner, judgment="2026-02-15", **values):
        return cls.env["l10n.fr.proceeding"].create(
            {
                "partner_id": partner.id,
                "company_id": cls.company.id,
                "kind": "redressement",
                "judgment_date": judgment,
                "bodacc_date": "2026-02-25",
                "mandataire_id": cls.mandataire.id,
                **values,
            }
        )


class ProceedingCase(ProceedingMixin, OwnInjonctionCase):
    """Proceedings in a French company of the test."""


@tagged("post_install", "-at_install")
class TestProceedingEffects(ProceedingCase):
    def test_run_leaves_out_claims_born_before_the_judgment(self):
        before = self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        self.proceeding(self.customer)
        after = self.invoice(self.customer, 300, "2026-02-20", "2026-03-01")
        run = self.run_on("2026-03-20", send=False)
        reminder = self.reminder_of(run, self.customer)
        self.assertEqual(reminder.line_ids.move_id, after, "post-opening claim dunned")
        self.assertNotIn(before, reminder.line_ids.move_id)

    def test_run_leaves_out_the_customer_with_only_pre_opening_claims(self):
        self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        proceeding = self.proceeding(self.customer)
        run = self.run_on("2026-03-20", send=False)
        self.assertFalse(self.reminder_of(run, self.customer))
        proceeding.state = "cancel"
        run = self.run_on("2026-03-21", send=False)
        self.assertTrue(self.reminder_of(run, self.customer), "cancelled: dunned")

    def test_penalties_stop_at_the_judgment_date(self):
        invoice = self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        before = invoice.l10n_fr_penalty_amounts("2026-02-14")
        self.proceeding(self.customer)
        # last day of interest: 14 Feb (the day before the judgment)
        later = invoice.l10n_fr_penalty_amounts("2026-06-30")
        self.assertEqual(later["interest"], before["interest"])
        # 11 Jan .. 14 Feb = 35 days; 1000 x 12.15 % x 35 / 365 = 11.65
        self.assertEqual(later["interest"], 11.65)
        self.assertEqual(later["indemnity"], 40.0, "accrued before the opening")
        self.company.l10n_fr_proceeding_judgment_day_interest = True
        self.env.invalidate_all()
        # one day more: 1000 x 12.15 % x 36 / 365 = 11.98
        self.assertEqual(
            invoice.l10n_fr_penalty_amounts("2026-06-30")["interest"], 11.98
        )

    def test_invoice_due_after_the_opening_no_penalty(self):
        invoice = self.invoice(self.customer, 1000, "2026-02-01", "2026-03-01")
        self.proceeding(self.customer)
        amounts = invoice.l10n_fr_penalty_amounts("2026-06-30")
        self.assertEqual((amounts["interest"], amounts["indemnity"]), (0.0, 0.0))

    def test_injonction_wizard_refuses_with_the_reason(self):
        self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        self.proceeding(self.customer)
        wizard = self.wizard_for(self.customer)
        self.assertIn("proceeding", self.codes(wizard))
        message = next(
            m for _l, code, m in wizard._l10n_fr_checks() if code == "proceeding"
        )
        self.assertIn("L622-21", message)
        self.assertIn("Redressement judiciaire", message)

    def test_new_customer_and_invoice_forms(self):
        proceeding = self.proceeding(self.customer)
        with Form(self.env["res.partner"]) as form:
            form.name = "Nouveau client SAS"
            self.assertFalse(form.l10n_fr_proceeding_id)
        with Form(
            self.env["account.move"].with_context(default_move_type="out_invoice")
        ) as form:
            form.partner_id = self.customer
            self.assertEqual(form.l10n_fr_proceeding_id, proceeding)
            with form.invoice_line_ids.new() as line:
                line.name = "Ouvrage"
                line.price_unit = 100

    def test_shown_on_customer_and_invoice(self):
        invoice = self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        proceeding = self.proceeding(self.customer)
        self.assertEqual(self.customer.l10n_fr_proceeding_id, proceeding)
        self.assertEqual(invoice.l10n_fr_proceeding_id, proceeding)

    def test_deadlines_and_activities(self):
        proceeding = self.proceeding(self.customer, bodacc_date="2026-06-24")
        self.assertEqual(
            proceeding.declaration_deadline, fields.Date.to_date("2026-08-24")
        )
        self.assertEqual(proceeding.releve_deadline, fields.Date.to_date("2026-12-24"))
        proceeding.outside_metropole = True
        self.assertEqual(
            proceeding.declaration_deadline, fields.Date.to_date("2026-10-26")
        )
        self.assertFalse(proceeding.activity_ids, "deadline passed: no activity")
        today = fields.Date.context_today(proceeding)
        proceeding.bodacc_date = today
        self.assertEqual(len(proceeding.activity_ids), 2)
        self.assertLessEqual(
            max(proceeding.activity_ids.mapped("date_deadline")),
            proceeding.declaration_deadline,
        )
        self.assertGreaterEqual(
            min(proceeding.activity_ids.mapped("date_deadline")), today
        )

    def test_dates_checked(self):
        with self.assertRaises(UserError):
            self.proceeding(self.customer, bodacc_date="2026-01-01")


@tagged("post_install", "-at_install")
class TestDeclaration(HttpCase, ProceedingCase):
    """The declaration as wkhtmltopdf prints it (an HttpCase: assets of the test
    server)."""

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )

    def test_declaration_pdf_amounts_and_record(self):
        self.company.l10n_fr_retention_of_title = True
        first = self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        second = self.invoice(self.customer, 500, "2026-02-01", "2026-03-03")
        self.invoice(self.customer, 200, "2026-02-20", "2026-03-20")  # after
        proceeding = self.proceeding(self.customer)
        claims = proceeding._l10n_fr_claims()
        self.assertEqual([line["move"] for line in claims["lines"]], [first, second])
        # 1000 + 11.65 + 40 and 500 not yet due
        self.assertEqual(float(claims["totals"]["total"]), 1551.65)
        wizard = (
            self.env["l10n.fr.proceeding.declaration"]
            .with_context(default_proceeding_id=proceeding.id)
            .create({"declaration_date": "2026-03-10"})
        )
        self.assertEqual(wizard.amount, 1551.65)
        self.assertFalse(wizard.late)
        report = self.env.ref(f"{ADDON}.action_report_proceeding_declaration")
        pdf, _kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.report_name, proceeding.ids, data=wizard._l10n_fr_report_data()
        )
        text = pdf_text(pdf)
        for expected in (
            "Déclaration de créance",
            "SELARL Mandataires Associés",
            "Redressement judiciaire",
            first.name,
            second.name,
            "1 551,65",
            "11,65",
            "réserve de propriété",
            "14/02/2026",
            "sincère et véritable",
            "812 345 676 RCS Lyon",
        ):
            self.assertIn(expected, text)
        wizard.action_send()
        self.assertEqual(proceeding.declared_amount, 1551.65)
        self.assertEqual(proceeding.answer, "pending")
        self.assertTrue(proceeding.attachment_ids)
        self.assertFalse(proceeding.activity_ids, "activities done")
        proceeding.write({"answer": "admitted", "admitted_amount": 1500})
        self.assertEqual(proceeding.admitted_amount, 1500)

    def test_declaration_needs_the_mandataire(self):
        self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        proceeding = self.proceeding(self.customer, mandataire_id=False)
        wizard = self.env["l10n.fr.proceeding.declaration"].create(
            {"proceeding_id": proceeding.id}
        )
        with self.assertRaises(UserError):
            wizard.action_print()


@tagged("post_install", "-at_install")
class TestProceedingSecurity(ProceedingCase):
    def test_access_and_multi_company(self):
        proceeding = self.proceeding(self.customer)
        company_b = self.env["res.company"].create({"name": "Company B SARL"})
        other = new_test_user(
            self.env,
            login="cc_proc_b",
            groups=f"{ADDON}.group_credit_collection_user",
            company_id=company_b.id,
            company_ids=[company_b.id],
        )
        Model = (
            self.env["l10n.fr.proceeding"]
            .with_user(other)
            .with_context(allowed_company_ids=company_b.ids)
        )
        self.assertFalse(Model.search([("id", "=", proceeding.id)]))
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Model.browse(proceeding.id).read(["kind"])
        billing = new_test_user(
            self.env,
            login="cc_proc_billing",
            groups="account.group_account_invoice",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        Billing = (
            self.env["l10n.fr.proceeding"]
            .with_user(billing)
            .with_context(allowed_company_ids=self.company.ids)
        )
        self.assertEqual(Billing.search([("id", "=", proceeding.id)]), proceeding)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Billing.browse(proceeding.id).write({"kind": "liquidation"})

    def test_french_law_only(self):
        company_b = self.env["res.company"].create(
            {"name": "Company B GmbH", "country_id": self.env.ref("base.de").id}
        )
        with self.assertRaises(UserError):
            self.env["l10n.fr.proceeding"].create(
                {
                    "partner_id": self.customer.id,
                    "company_id": company_b.id,
                    "kind": "redressement",
                    "judgment_date": "2026-02-15",
                }
            )


@tagged("post_install", "-at_install")
class TestDoubtfulDebts(ProceedingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Chart = cls.env["account.chart.template"].with_company(cls.company)
        cls.goods_tax = Chart.ref("tva_normale")
        cls.services_tax = Chart.ref("tva_normale_encaissement")

    @classmethod
    def taxed_invoice(cls, partner, amount, tax, day="2025-12-01", due="2026-01-10"):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": day,
                "invoice_date_due": due,
                "invoice_line_ids": [
                    fields.Command.create(
                        {
                            "name": "Ouvrage",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [fields.Command.set(tax.ids)],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    def account(self, code):
        return self.env["account.account"].search(
            [("company_ids", "in", self.company.ids), ("code", "=", code)], limit=1
        )

    def balances(self, move):
        result = {}
        for line in move.line_ids:
            result[line.account_id.code] = round(
                result.get(line.account_id.code, 0) + line.balance, 2
            )
        return result

    def transfer(self, partner, day="2026-03-01"):
        wizard = (
            self.env["l10n.fr.doubtful.transfer"]
            .with_context(active_model="res.partner", active_ids=partner.ids)
            .create({"date": day})
        )
        return self.env["account.move"].search(wizard.action_transfer()["domain"])

    def test_interest_runs_on_after_a_transfer_to_doubtful(self):
        """The transfer to 416 is not a payment: the invoice owes the interest of its
        twin left on 411, a payment of the 416 item reducing it the same way."""
        moved = self.invoice(self.customer, 1000, "2025-12-01", "2026-01-10")
        twin_customer = self.customer_named("Jumeau SAS")
        twin = self.invoice(twin_customer, 1000, "2025-12-01", "2026-01-10")
        entry = self.transfer(self.customer, day="2026-01-20")
        doubtful = entry.line_ids.filtered(lambda l: l.account_id.code == "416000")
        bank = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self.company),
                ("type", "=", "bank"),
            ],
            limit=1,
        )
        received = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": bank.id,
                "date": "2026-02-01",
                "line_ids": [
                    fields.Command.create(
                        {
                            "account_id": bank.default_account_id.id,
                            "partner_id": self.customer.id,
                            "balance": 400,
                        }
                    ),
                    fields.Command.create(
                        {
                            "account_id": doubtful.account_id.id,
                            "partner_id": self.customer.id,
                            "balance": -400,
                        }
                    ),
                ],
            }
        )
        received.action_post()
        (
            doubtful
            + received.line_ids.filtered(lambda l: l.account_id == doubtful.account_id)
        ).reconcile()
        self.pay(twin, 400, "2026-02-01")
        day = fields.Date.to_date("2026-03-02")
        results = self.env["l10n.fr.penalty.engine"]._l10n_fr_compute(moved + twin, day)
        self.assertGreater(results[twin.id]["interest"], 0)
        self.assertEqual(results[moved.id]["interest"], results[twin.id]["interest"])
        self.assertEqual(results[moved.id]["indemnity"], 40.0)

    def test_transfer_provision_write_off(self):
        goods = self.taxed_invoice(self.customer, 1000, self.goods_tax)
        services = self.taxed_invoice(self.customer, 500, self.services_tax)
        self.customer.with_company(self.company).l10n_fr_provision_rate = 50
        proceeding = self.proceeding(self.customer)
        # transfer 411 -> 416, one entry per invoice, 411 lettered with it
        entries = self.transfer(self.customer)
        self.assertEqual(len(entries), 2)
        receivable = goods.line_ids.filtered(
            lambda l: l.account_id.account_type == "asset_receivable"
        ).account_id
        for entry, invoice, total in (
            (entries[0], goods, 1200),
            (entries[1], services, 600),
        ):
            entry = entries.filtered(
                lambda e, i=invoice: e.l10n_fr_doubtful_invoice_id == i
            )
            self.assertEqual(entry.state, "posted")
            self.assertEqual(
                self.balances(entry), {"416000": total, receivable.code: -total}
            )
            item = invoice.line_ids.filtered(lambda l: l.account_id == receivable)
            self.assertTrue(item.reconciled)
            self.assertTrue(item.matching_number)
            doubtful = entry.line_ids.filtered(lambda l: l.account_id.code == "416000")
            self.assertEqual(doubtful.account_id.account_type, "asset_receivable")
            self.assertFalse(doubtful.reconciled, "the debt stays open on 416")
            self.assertEqual(doubtful.date_maturity, invoice.invoice_date_due)
        # provision at the closing: 50 % of 1000 + 500 excl. VAT
        provision = self.env["l10n.fr.provision"]._l10n_fr_propose(
            self.company, fields.Date.to_date("2026-12-31")
        )
        self.assertEqual(
            (provision.partner_id, provision.base, provision.rate, provision.amount),
            (self.customer, 1500.0, 50.0, 750.0),
        )
        self.assertEqual(provision.proceeding_id, proceeding)
        provision.action_post()
        self.assertEqual(
            self.balances(provision.move_id), {"681740": 750.0, "491000": -750.0}
        )
        # liquidation: 100 %, the next closing provisions the difference
        proceeding.kind = "liquidation"
        second = self.env["l10n.fr.provision"]._l10n_fr_propose(
            self.company, fields.Date.to_date("2027-06-30")
        )
        self.assertEqual(
            (second.amount, second.previous_amount, second.dotation),
            (1500.0, 750.0, 750.0),
        )
        second.action_post()
        # write-off: VAT recovered on the goods (debits), cancelled on the services
        wizard = self.env["l10n.fr.bad.debt.writeoff"].create(
            {
                "partner_id": self.customer.id,
                "event": "liquidation",
                "date": "2027-07-01",
            }
        )
        self.assertIn("VAT recovered", wizard.summary)
        self.assertIn("due on payment", wizard.summary)
        entry = self.env["account.move"].browse(wizard.action_write_off()["res_id"])
        goods_vat = goods.line_ids.filtered("tax_line_id").account_id.code
        services_vat = services.line_ids.filtered("tax_line_id").account_id.code
        self.assertNotEqual(goods_vat, services_vat)
        self.assertEqual(
            self.balances(entry),
            {
                "416000": -1800.0,
                "654100": 1500.0,
                goods_vat: 200.0,
                services_vat: 100.0,
                "491000": 1500.0,
                "781740": -1500.0,
            },
        )
        self.assertFalse(
            self.env["account.move.line"].search_count(
                [
                    ("partner_id", "=", self.customer.id),
                    ("account_id.code", "=", "416000"),
                    ("reconciled", "=", False),
                ]
            )
        )
        self.assertIn("272", goods.message_ids[0].body)
        self.assertNotIn("272", services.message_ids[0].body, "VAT on payment")
        statement = self.env["ir.attachment"].search(
            [("res_model", "=", "account.move"), ("res_id", "=", entry.id)]
        )
        text = base64.b64decode(statement.datas).decode().replace("\xa0", " ")
        self.assertIn("Facture demeurée impayée pour la somme de 1 000,00", text)
        self.assertIn(goods.name, text)
        self.assertNotIn(services.name, text)
        self.assertFalse(self.env["l10n.fr.provision"]._l10n_fr_current(self.company))

    def test_dunning_still_sees_the_debt_on_416(self):
        invoice = self.taxed_invoice(self.customer, 1000, self.goods_tax)
        entries = self.transfer(self.customer, "2026-01-20")
        run = self.run_on("2026-02-15", send=False)
        reminder = self.reminder_of(run, self.customer)
        self.assertEqual(reminder.line_ids.move_id, entries)
        self.assertNotIn(invoice, reminder.line_ids.move_id)


@tagged("post_install", "-at_install")
class TestPayerScoreAndCreditLimit(ProceedingCase):
    def test_payer_score_one_query(self):
        late = self.invoice(self.customer, 1000, "2026-05-01", "2026-06-01")
        self.pay(late, 1000, "2026-07-01")
        on_time = self.customer_named("Ponctuel SAS")
        paid = self.invoice(on_time, 1000, "2026-05-01", "2026-06-01")
        self.pay(paid, 1000, "2026-06-01")
        scores = self.env["l10n.fr.proceeding"]._l10n_fr_payer_scores(
            today=fields.Date.to_date("2026-12-01")
        )
        self.assertEqual(scores[on_time.id].score, 100)
        # 30 days late, all late: 100 - 40 x 30/60 - 30 = 50
        self.assertEqual(scores[self.customer.id].score, 50)
        self.assertEqual(float(scores[self.customer.id].days_late), 30.0)

    def test_block_posting_over_the_credit_limit(self):
        self.company.write(
            {"account_use_credit_limit": True, "l10n_fr_credit_limit_block": True}
        )
        self.customer.with_company(self.company).credit_limit = 1500
        self.invoice(self.customer, 1000, "2026-05-01")
        clerk = new_test_user(
            self.env,
            login="cc_clerk",
            groups=f"{ADDON}.group_credit_collection_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        draft = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": "2026-05-02",
                "invoice_line_ids": [
                    fields.Command.create(
                        {"name": "Ouvrage", "quantity": 1, "price_unit": 800}
                    )
                ],
            }
        )
        draft.invoice_line_ids.tax_ids = False
        with self.assertRaises(UserError):
            draft.with_user(clerk).with_context(
                allowed_company_ids=self.company.ids
            ).action_post()
        self.assertEqual(draft.state, "draft")
        draft.action_post()  # the administrator is a credit collection manager
        self.assertEqual(draft.state, "posted")
        self.assertIn("credit limit", draft.message_ids[0].body)


@tagged("post_install", "-at_install")
class TestDemoProceeding(ProceedingMixin, InjonctionCase):
    """The demo story: Chaudronnerie Blanc enters redressement judiciaire."""

    def test_demo_customer_in_redressement(self):
        from datetime import timedelta

        customer = self.demo("partner_chaudronnerie")
        proceeding = self.demo("proceeding_chaudronnerie")
        invoices = self.demo("inv_chaudronnerie_19") + self.demo("inv_chaudronnerie_10")
        self.assertEqual(proceeding.kind, "redressement")
        judgment = self.today - timedelta(days=8)
        self.assertEqual(proceeding.judgment_date, judgment)
        # the next run leaves it out
        policy_level = self.env["l10n.fr.dunning.level"].search(
            [("company_id", "=", self.company.id)], order="days", limit=1
        )
        self.assertTrue(policy_level)
        run = self.run_on(self.today + timedelta(days=30), send=False)
        self.assertFalse(self.reminder_of(run, customer))
        # penalties stop at the judgment date
        for invoice in invoices:
            stopped = invoice.l10n_fr_penalty_amounts(self.today + timedelta(days=60))
            at_judgment = invoice.l10n_fr_penalty_amounts(judgment - timedelta(days=1))
            self.assertEqual(stopped["interest"], at_judgment["interest"])
        self.assertGreater(
            self.demo("inv_chaudronnerie_19").l10n_fr_penalty_amounts(
                self.today + timedelta(days=60)
            )["interest"],
            0,
        )
        # the declaration: both invoices, their residuals and the deadline
        claims = proceeding._l10n_fr_claims()
        self.assertEqual(
            [line["move"] for line in claims["lines"]],
            list(invoices.sorted("invoice_date")),
        )
        self.assertAlmostEqual(
            claims["totals"]["principal"], sum(invoices.mapped("amount_residual")), 2
        )
        tables = proceeding._l10n_fr_tables()
        from ..rules.proceedings import declaration_deadline

        self.assertEqual(
            proceeding.declaration_deadline,
            declaration_deadline(proceeding.bodacc_date, tables).legal,
        )
        self.assertGreater(proceeding.declaration_deadline, self.today)
        self.assertTrue(proceeding.activity_ids)
        # transferred to doubtful, a provision is proposed at the closing (50 %)
        self.env["l10n.fr.doubtful.transfer"].with_context(
            active_model="res.partner", active_ids=customer.ids
        ).create({}).action_transfer()
        provision = (
            self.env["l10n.fr.provision"]
            ._l10n_fr_propose(self.company, self.today)
            .filtered(lambda p: p.partner_id == customer)
        )
        self.assertEqual(provision.rate, 50)
        self.assertAlmostEqual(
            provision.amount, sum(invoices.mapped("amount_untaxed")) / 2, 2
        )
