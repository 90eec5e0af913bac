import logging
from datetime import timedelta
from decimal import Decimal

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, consteq, format_date
from odoo.tools.misc import hmac

from ..rules import payment_plan as rules
from .l10n_fr_text_limit import NOTE_LENGTH, REASON_LENGTH, check_length

_logger = logging.getLogger(__name__)

STATES = [
    ("draft", "Draft"),
    ("proposed", "Proposed"),
    ("agreed", "Agreed"),
    ("running", "Running"),
    ("completed", "Completed"),
    ("broken", "Defaulted"),
    ("cancelled", "Cancelled"),
]
FREQUENCIES = [
    ("weekly", "Weekly"),
    ("biweekly", "Every two weeks"),
    ("monthly", "Monthly"),
    ("quarterly", "Quarterly"),
]
# plans whose invoices leave the dunning ladder and whose waiver stops interest
ACTIVE = ("agreed", "running")


class L10nFrPaymentPlan(models.Model):
    """An amicable payment plan (échéancier amiable): a customer's overdue invoices
    paid in agreed instalments. Payments lettered with the covered invoices are
    matched to the instalments oldest first (rules/payment_plan.py); the daily
    scheduled action reminds, completes and breaks plans in batches."""

    _name = "l10n.fr.payment.plan"
    _description = "Payment Plan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, default="/", copy=False)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        STATES, default="draft", required=True, tracking=True, index=True, copy=False
    )
    invoice_ids = fields.Many2many(
        "account.move",
        "l10n_fr_payment_plan_move_rel",
        "plan_id",
        "move_id",
        string="Covered Invoices",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('payment_state', 'in', ('not_paid', 'partial')), "
        "('commercial_partner_id', '=', partner_id)]",
        help="Empty when the plan is proposed: all the customer's overdue invoices.",
    )
    amount_total = fields.Monetary(
        string="Total",
        tracking=True,
        help="Amount acknowledged by the customer and paid through the plan: the "
        "residual of the covered invoices when the plan is proposed.",
    )
    down_payment = fields.Monetary(tracking=True)
    first_date = fields.Date(
        string="First Instalment",
        default=lambda self: fields.Date.context_today(self) + timedelta(days=30),
    )
    instalment_count = fields.Integer(string="Number of Instalments", default=3)
    frequency = fields.Selection(FREQUENCIES, default="monthly", required=True)
    line_ids = fields.One2many(
        "l10n.fr.payment.plan.line", "plan_id", string="Instalments", copy=True
    )
    reason = fields.Text(help="Why the customer needs a payment plan.")
    note = fields.Text(string="Notes")
    waive_interest = fields.Boolean(
        string="Waive Late-Payment Interest",
        tracking=True,
        default=lambda self: self.env.company.l10n_fr_plan_waive_interest,
        help="While the plan is kept, late-payment interest on its invoices stops on "
        "the agreement date. If the plan is broken the waiver lapses and interest is "
        "owed from the original due dates. The fixed recovery indemnity per late "
        "invoice stays due.",
    )
    signature_date = fields.Date(
        tracking=True,
        copy=False,
        help="Date the customer signed the plan: the acknowledgement of the debt "
        "interrupts the limitation period (art. 2240 Code civil).",
    )
    signed_copy = fields.Binary(attachment=True, copy=False)
    signed_copy_name = fields.Char(copy=False)
    agreement_date = fields.Date(readonly=True, copy=False, tracking=True)
    break_date = fields.Date(readonly=True, copy=False)
    notice_id = fields.Many2one(
        "l10n.fr.dunning.reminder", string="Formal Notice", readonly=True, copy=False
    )
    amount_paid = fields.Monetary(compute="_compute_progress")
    amount_remaining = fields.Monetary(compute="_compute_progress")
    next_line_id = fields.Many2one(
        "l10n.fr.payment.plan.line",
        string="Next Instalment",
        compute="_compute_progress",
    )
    late_count = fields.Integer(string="Late Instalments", compute="_compute_progress")

    @api.model_create_multi
    def create(self, vals_list):
        plans = super().create(vals_list)
        for plan in plans.filtered(lambda p: p.name == "/"):
            plan.name = f"ECH/{plan.create_date:%Y}/{plan.id:05d}"
        return plans

    @api.constrains(
        "amount_total", "down_payment", "instalment_count", "reason", "note"
    )
    def _check_values(self):
        check_length(self, ["reason"], REASON_LENGTH)
        check_length(self, ["note"], NOTE_LENGTH)
        for plan in self:
            if plan.amount_total < 0 or plan.down_payment < 0:
                raise ValidationError(self.env._("Amounts cannot be negative."))
            if plan.amount_total and plan.down_payment >= plan.amount_total:
                raise ValidationError(
                    self.env._("The down payment must be less than the total.")
                )
            if not 1 <= plan.instalment_count <= rules.MAX_INSTALMENTS:
                raise ValidationError(
                    self.env._(
                        "The number of instalments must be between 1 and %(max)s.",
                        max=rules.MAX_INSTALMENTS,
                    )
                )

    # ---------------------------------------------------------------- progress

    def _l10n_fr_paid(self):
        """{plan id: amount paid}: the total minus what is left on the covered
        invoices (payments lettered with them, oldest first), in one query."""
        plans = self.filtered("id")
        if not plans:
            return {}
        self.env["account.move"].flush_model(["amount_residual"])
        self.flush_recordset(["amount_total"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT plan.id,
                       plan.amount_total - COALESCE(SUM(move.amount_residual_signed), 0)
                  FROM l10n_fr_payment_plan plan
             LEFT JOIN l10n_fr_payment_plan_move_rel rel ON rel.plan_id = plan.id
             LEFT JOIN account_move move ON move.id = rel.move_id
                 WHERE plan.id = ANY(%s)
              GROUP BY plan.id
                """,
                plans.ids,
            )
        )
        return {plan_id: max(paid or 0.0, 0.0) for plan_id, paid in rows}

    def _l10n_fr_states(self, on_date=None):
        """{plan id: [(line, InstalmentState)]} on ``on_date`` (default today)."""
        on_date = on_date or fields.Date.context_today(self)
        paid = self._origin._l10n_fr_paid()  # forms: the saved plan's payments
        result = {}
        for plan in self:
            # lines being edited in a form may have no date yet
            lines = plan.line_ids.filtered("date").sorted("date")
            states = rules.states(
                [
                    rules.Instalment(line.date, Decimal(str(line.amount)))
                    for line in lines
                ],
                Decimal(str(paid.get(plan._origin.id, 0.0))),
                on_date,
            )
            result[plan.id] = list(zip(lines, states, strict=True))
        return result

    @api.depends("line_ids.amount", "line_ids.date", "amount_total")
    def _compute_progress(self):
        states = self._l10n_fr_states()
        for plan in self:
            rows = states.get(plan.id, [])
            paid = float(sum((state.paid for _line, state in rows), Decimal(0)))
            plan.amount_paid = paid if rows else 0.0
            plan.amount_remaining = plan.amount_total - plan.amount_paid
            plan.next_line_id = next(
                (line for line, state in rows if state.state != "paid"), False
            )
            plan.late_count = sum(1 for _line, state in rows if state.state == "late")

    # ------------------------------------------------------------------ actions

    @api.model
    def _l10n_fr_new_plan_action(self, partner):
        """The form of a new plan for ``partner`` (public entry point of the
        customer form, the worklist and call outcomes)."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Payment Plan"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_partner_id": partner.id,
                "default_company_id": self.env.company.id,
            },
        }

    def _l10n_fr_check_french(self):
        for plan in self:
            if not plan.company_id._l10n_fr_french_law():
                raise plan.company_id._l10n_fr_french_law_error(
                    self.env._("Payment plans")
                )

    def action_generate_lines(self):
        """(Re)generate the instalments from the total, the down payment, the first
        date, the number of instalments and the frequency."""
        for plan in self:
            if plan.state not in ("draft", "proposed"):
                raise UserError(
                    self.env._("Only a draft or proposed plan can be rescheduled.")
                )
            if not plan.invoice_ids:
                plan.invoice_ids = plan.partner_id._l10n_fr_overdue_invoices(
                    plan.company_id
                )
            if not plan.invoice_ids:
                raise UserError(
                    self.env._(
                        "%(customer)s has no overdue invoice.",
                        customer=plan.partner_id.display_name,
                    )
                )
            if not plan.amount_total:
                plan.amount_total = sum(
                    plan.invoice_ids.mapped("amount_residual_signed")
                )
            if not plan.first_date:
                raise UserError(self.env._("Set the date of the first instalment."))
            try:
                lines = rules.schedule(
                    Decimal(str(plan.amount_total)).quantize(rules.CENT),
                    plan.instalment_count,
                    plan.first_date,
                    plan.frequency,
                    Decimal(str(plan.down_payment)).quantize(rules.CENT),
                )
            except rules.PlanError as error:
                raise UserError(plan._l10n_fr_plan_error(error)) from error
            plan.line_ids = [Command.clear()] + [
                Command.create({"date": line.date, "amount": float(line.amount)})
                for line in lines
            ]
        return True

    def _l10n_fr_plan_error(self, error):
        _ = self.env._
        return {
            "total": _("The total must be greater than zero."),
            "count": _(
                "The number of instalments must be between 1 and %(max)s.",
                max=rules.MAX_INSTALMENTS,
            ),
            "down_payment": _("The down payment must be less than the total."),
            "rounding": _("Amounts must be rounded to the cent."),
            "frequency": _("Unknown frequency."),
        }.get(error.code, str(error))

    def _l10n_fr_check_schedule(self):
        for plan in self:
            if not plan.line_ids:
                raise UserError(self.env._("Generate the instalments first."))
            scheduled = sum(plan.line_ids.mapped("amount"))
            if plan.currency_id.compare_amounts(scheduled, plan.amount_total):
                raise UserError(
                    self.env._(
                        "The instalments add up to %(scheduled)s, not to the total "
                        "%(total)s.",
                        scheduled=plan.currency_id.format(scheduled),
                        total=plan.currency_id.format(plan.amount_total),
                    )
                )
            if any(line.amount <= 0 for line in plan.line_ids):
                raise UserError(
                    self.env._("Each instalment must be greater than zero.")
                )

    def action_propose(self):
        self._l10n_fr_check_french()
        for plan in self.filtered(lambda p: not p.line_ids):
            plan.action_generate_lines()
        self._l10n_fr_check_schedule()
        self.write({"state": "proposed"})
        return True

    def _l10n_fr_letter_date(self):
        return self.signature_date or fields.Date.context_today(self)

    def _l10n_fr_letter_texts(self):
        """References and subject of the agreement (in the language of ``self``)."""
        _ = self.env._
        return {
            "references": [(_("Our ref.:"), self.name)],
            "subject": _("payment plan agreement and acknowledgement of debt"),
        }

    def action_print(self):
        return self.env.ref(
            "l10n_fr_credit_collection.action_report_payment_plan"
        ).report_action(self, config=False)

    def action_mark_signed(self):
        """The customer signed: the plan is agreed (running from its first
        instalment); the waiver of interest, if any, is recorded in the chatter."""
        self._l10n_fr_check_french()
        self._l10n_fr_check_schedule()
        today = fields.Date.context_today(self)
        for plan in self:
            if plan.state not in ("draft", "proposed"):
                raise UserError(self.env._("Only a proposed plan can be signed."))
            signature = plan.signature_date or today
            plan.write(
                {
                    "signature_date": signature,
                    "agreement_date": signature,
                    "state": "running"
                    if min(plan.line_ids.mapped("date")) <= today
                    else "agreed",
                }
            )
            if plan.waive_interest:
                plan.message_post(
                    body=self.env._(
                        "Late-payment interest on invoices %(invoices)s is waived "
                        "from %(date)s while the plan is kept (the waiver lapses if "
                        "it is broken). The recovery indemnity stays due.",
                        invoices=", ".join(plan.invoice_ids.mapped("name")),
                        date=fields.Date.to_string(signature),
                    )
                )
        return True

    def action_cancel(self):
        if self.filtered(lambda p: p.state in ("completed", "broken")):
            raise UserError(
                self.env._("A completed or broken plan cannot be cancelled.")
            )
        self.write({"state": "cancelled"})
        return True

    def action_draft(self):
        self.filtered(lambda p: p.state in ("proposed", "cancelled")).write(
            {"state": "draft"}
        )
        return True

    def action_break(self):
        """Break the plan by hand (the scheduled action does it after the grace
        period)."""
        self.filtered(lambda p: p.state in ACTIVE)._l10n_fr_break(
            fields.Date.context_today(self)
        )
        return True

    # ------------------------------------------------------ customer requests

    @api.model
    def _l10n_fr_request_token(self, reminder):
        return hmac(self.env(su=True), "l10n_fr_payment_plan_request", reminder.id)

    @api.model
    def _l10n_fr_request_url(self, reminder):
        """The link of a reminder e-mail where the customer asks for a plan."""
        token = self._l10n_fr_request_token(reminder)
        return (
            f"{reminder.get_base_url()}/credit_collection/payment_plan/request/"
            f"{reminder.id}/{token}"
        )

    @api.model
    def _l10n_fr_request_reminder(self, reminder_id, token):
        """The reminder of a request link, if its token is right and its company
        allows requests."""
        reminder = self.env["l10n.fr.dunning.reminder"].sudo().browse(reminder_id)
        if (
            not reminder.exists()
            or not reminder.company_id.l10n_fr_plan_portal_request
            or not consteq(token or "", self._l10n_fr_request_token(reminder))
        ):
            return self.env["l10n.fr.dunning.reminder"]
        return reminder

    @api.model
    def _l10n_fr_portal_request(self, reminder, count, message):
        """A draft plan asked by the customer from ``reminder`` (the same draft
        again when asked twice), with an activity for the credit controller."""
        partner = reminder.partner_id.commercial_partner_id
        Plan = self.sudo().with_company(reminder.company_id)
        plan = Plan.search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", reminder.company_id.id),
                ("state", "=", "draft"),
            ],
            limit=1,
        )
        reason = self.env._(
            "Asked by the customer from reminder %(reminder)s: %(count)s instalments.",
            reminder=reminder.name,
            count=count,
        )
        if not plan:
            plan = Plan.create(
                {
                    "partner_id": partner.id,
                    "company_id": reminder.company_id.id,
                    "instalment_count": count,
                    "invoice_ids": [
                        Command.set(
                            reminder.line_ids.move_id.filtered(
                                lambda m: m.move_type == "out_invoice"
                            ).ids
                        )
                    ],
                    "reason": reason,
                }
            )
        plan.message_post(body=f"{reason} {message}" if message else reason)
        plan.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Payment plan asked by the customer"),
            user_id=(reminder._l10n_fr_controller() or reminder.create_uid).id
            or self.env.uid,
        )
        return plan

    # ------------------------------------------------------- engine and checks

    @api.model
    def _l10n_fr_interest_until(self, move_ids):
        """{move id: last day of interest}: the agreement date of a plan that
        waives interest while it is agreed, running or completed (a broken plan
        stops nothing: the waiver lapsed)."""
        if not move_ids:
            return {}
        plans = self.sudo().search(
            [
                ("invoice_ids", "in", list(move_ids)),
                ("waive_interest", "=", True),
                ("state", "in", ("agreed", "running", "completed")),
            ]
        )
        wanted = set(move_ids)
        result = {}
        for plan in plans:
            day = rules.interest_until(
                plan.state, plan.waive_interest, plan.agreement_date
            )
            if not day:
                continue
            for move_id in plan.invoice_ids.ids:
                if move_id in wanted:
                    result[move_id] = min(day, result.get(move_id, day))
        return result

    @api.model
    def _l10n_fr_acknowledged(self, moves):
        """{move id: latest signature date of a plan covering it} (an
        acknowledgement of the debt, C. civ. 2240), in one query."""
        if not moves:
            return {}
        self.flush_model(["signature_date", "state"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT rel.move_id, MAX(plan.signature_date)
                  FROM l10n_fr_payment_plan plan
                  JOIN l10n_fr_payment_plan_move_rel rel ON rel.plan_id = plan.id
                 WHERE rel.move_id = ANY(%s)
                   AND plan.signature_date IS NOT NULL
                   AND plan.state NOT IN ('draft', 'proposed', 'cancelled')
              GROUP BY rel.move_id
                """,
                list(moves.ids),
            )
        )
        return dict(rows)

    # -------------------------------------------------------------- daily run

    @api.model
    def _cron_payment_plans(self):
        today = fields.Date.context_today(self)
        for company in self.env["res.company"].search([]):
            if company._l10n_fr_french_law():
                self.with_company(company)._l10n_fr_daily(company, today)

    @api.model
    def _l10n_fr_daily(self, company, today):
        """Start, complete, break and remind the company's plans on ``today``: the
        payments of all its plans in one query, the decisions in rules/."""
        plans = self.search([("company_id", "=", company.id), ("state", "in", ACTIVE)])
        if not plans:
            return
        paid = plans._l10n_fr_paid()
        grace = company.l10n_fr_plan_grace_days
        before = company.l10n_fr_plan_reminder_days
        started, completed, broken = self.browse(), self.browse(), self.browse()
        reminders = {"before": self.browse(), "missed": self.browse()}
        for plan in plans:
            lines = [
                rules.Instalment(line.date, Decimal(str(line.amount)))
                for line in plan.line_ids
            ]
            amount = Decimal(str(paid.get(plan.id, 0.0)))
            if rules.completed(lines, amount):
                completed |= plan
                continue
            if rules.broken_on(lines, amount, today, grace):
                broken |= plan
                continue
            if plan.state == "agreed" and min(line.date for line in lines) <= today:
                started |= plan
            for kind, _day in rules.reminders(lines, amount, today, before):
                reminders[kind] |= plan
        started.write({"state": "running"})
        if completed:
            completed.write({"state": "completed"})
            for plan in completed:
                plan.message_post(
                    body=self.env._("Everything is paid: plan completed.")
                )
        broken._l10n_fr_break(today)
        for kind, todo in reminders.items():
            todo._l10n_fr_remind(kind)

    def _l10n_fr_remind(self, kind):
        """E-mail reminders of an instalment (``before`` it or ``missed``), one
        batch per template."""
        todo = self.filtered(lambda p: p.partner_id.email)
        if not todo:
            return
        template = self.env.ref(
            f"l10n_fr_credit_collection.mail_template_payment_plan_{kind}"
        )
        template.send_mail_batch(todo.ids)

    def _l10n_fr_break(self, day):
        """Break the plans: the waiver lapses (said in the chatter), and a formal
        notice for the remaining balance of their invoices is created at the
        policy's formal-notice level and sent through its channels."""
        if not self:
            return
        self.write({"state": "broken", "break_date": day})
        for plan in self:
            plan.message_post(
                body=self.env._(
                    "Plan broken on %(date)s: an instalment was not paid within the "
                    "grace period. The whole remaining balance is due%(waiver)s.",
                    date=fields.Date.to_string(day),
                    waiver=self.env._(
                        "; the waiver of late-payment interest lapsed: interest is "
                        "owed from the original due dates"
                    )
                    if plan.waive_interest
                    else "",
                )
            )
            notice = plan._l10n_fr_formal_notice(day)
            if notice:
                plan.notice_id = notice
                notice.action_send()

    def _l10n_fr_formal_notice(self, day):
        """A reminder at the formal-notice level of the customer's policy, with the
        plan's invoices still open (penalties from the engine, no waiver)."""
        self.ensure_one()
        company = self.company_id
        partner = self.partner_id.commercial_partner_id
        oldest = self.invoice_ids.sorted(lambda m: (m.invoice_date_due, m.id))[:1]
        # the policy the dunning run would pick (pins, then filters, then default)
        run = self.env["l10n.fr.dunning.run"].new(
            {"company_id": company.id, "date": day}
        )
        policy = run._policies(
            [
                {
                    "move_id": oldest.id,
                    "partner_id": partner.id,
                    "move_policy_id": oldest.l10n_fr_dunning_policy_id.id,
                    "partner_policy_id": partner.with_company(
                        company
                    ).l10n_fr_dunning_policy_id.id,
                }
            ]
        ).get(oldest.id)
        if policy is None:
            policy = self.env["l10n.fr.dunning.policy"]
        level = policy.level_ids.filtered(lambda lvl: lvl.kind == "formal_notice")[:1]
        lines = self.invoice_ids.line_ids.filtered(
            lambda line: (
                line.account_id.account_type == "asset_receivable"
                and not line.reconciled
                and line.amount_residual > 0
            )
        )
        if not level or not lines:
            self.message_post(
                body=self.env._(
                    "No formal notice created: no formal-notice level in the dunning "
                    "policy, or nothing left to pay."
                )
            )
            return self.env["l10n.fr.dunning.reminder"]
        penalties = lines.move_id._l10n_fr_penalty_compute(
            day, raise_on_error=False, breakdown=False
        )
        vals = []
        for line in lines.sorted(lambda l: (l.date_maturity or l.date, l.id)):
            result = penalties.get(line.move_id.id) or {}
            interest = line.currency_id.round(result.get("interest") or 0.0)
            indemnity = line.currency_id.round(result.get("indemnity") or 0.0)
            due = line.date_maturity or line.date
            vals.append(
                Command.create(
                    {
                        "move_id": line.move_id.id,
                        "move_line_id": line.id,
                        "due_date": due,
                        "days_late": (day - due).days,
                        "currency_id": line.currency_id.id,
                        "amount_residual": line.amount_residual_currency,
                        "amount_residual_company": line.amount_residual,
                        "interest": interest,
                        "indemnity": indemnity,
                        "penalty_company": company.currency_id.round(
                            line.currency_id._convert(
                                interest + indemnity, company.currency_id, company, day
                            )
                        ),
                    }
                )
            )
        Reminder = self.env["l10n.fr.dunning.reminder"]
        existing = Reminder.search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", company.id),
                ("date", "=", day),
                ("state", "!=", "cancel"),
            ]
        )
        existing.filtered(lambda r: r.state == "draft").action_cancel()
        if existing.filtered(lambda r: r.state != "cancel"):
            # one reminder a day per customer: the ladder takes over tomorrow
            self.message_post(
                body=self.env._(
                    "No formal notice created today: the customer already had a "
                    "reminder today; the dunning run will send the next one."
                )
            )
            return Reminder
        return Reminder.create(
            {
                "partner_id": partner.id,
                "company_id": company.id,
                "level_id": level.id,
                "date": day,
                "is_professional": partner.l10n_fr_is_professional,
                "payment_plan_id": self.id,
                "line_ids": vals,
            }
        )


class L10nFrPaymentPlanLine(models.Model):
    _name = "l10n.fr.payment.plan.line"
    _description = "Payment Plan Instalment"
    _order = "date, id"

    plan_id = fields.Many2one(
        "l10n.fr.payment.plan", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="plan_id.currency_id")
    date = fields.Date(required=True)
    amount = fields.Monetary(required=True)
    amount_paid = fields.Monetary(string="Paid", compute="_compute_state")
    state = fields.Selection(
        [("paid", "Paid"), ("due", "Upcoming"), ("late", "Late")],
        compute="_compute_state",
    )

    @api.depends("date", "amount")
    def _compute_display_name(self):
        for line in self:
            amount = (
                line.currency_id.format(line.amount)
                if line.currency_id
                else str(line.amount)
            )
            line.display_name = f"{format_date(self.env, line.date)} - {amount}"

    @api.depends("plan_id.line_ids.amount", "plan_id.line_ids.date")
    def _compute_state(self):
        states = self.plan_id._l10n_fr_states()
        by_line = {line.id: state for rows in states.values() for line, state in rows}
        for line in self:
            state = by_line.get(line.id)
            line.amount_paid = float(state.paid) if state else 0.0
            line.state = state.state if state else "due"
