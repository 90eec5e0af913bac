import base64
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

CHANNELS = [
    ("email", "E-mail"),
    ("letter", "Letter"),
    ("sms", "SMS"),
    ("activity", "Activity"),
]


class L10nFrDunningReminder(models.Model):
    _name = "l10n.fr.dunning.reminder"
    _description = "Dunning Reminder"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, default="/", copy=False)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, readonly=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    run_id = fields.Many2one("l10n.fr.dunning.run", readonly=True, index=True)
    level_id = fields.Many2one("l10n.fr.dunning.level", required=True, readonly=True)
    policy_id = fields.Many2one(related="level_id.policy_id", store=True)
    kind = fields.Selection(related="level_id.kind", store=True)
    date = fields.Date(required=True, readonly=True, index=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent"),
            ("failed", "Failed"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    line_ids = fields.One2many(
        "l10n.fr.dunning.reminder.line", "reminder_id", string="Items", readonly=True
    )
    channel_ids = fields.One2many(
        "l10n.fr.dunning.reminder.channel", "reminder_id", string="Channels"
    )
    failure_reason = fields.Text(compute="_compute_failure_reason")
    amount_overdue = fields.Monetary(compute="_compute_amounts", store=True)
    amount_credit = fields.Monetary(
        string="Open Credits", compute="_compute_amounts", store=True
    )
    amount_penalty = fields.Monetary(
        string="Penalties", compute="_compute_amounts", store=True
    )
    amount_due = fields.Monetary(
        string="Net Amount Due", compute="_compute_amounts", store=True
    )
    is_professional = fields.Boolean(readonly=True)
    promise_broken = fields.Boolean(readonly=True)
    payment_deadline = fields.Date(compute="_compute_payment_deadline", store=True)
    letter_attachment_id = fields.Many2one("ir.attachment", readonly=True, copy=False)
    notice_sent_date = fields.Date(
        string="Registered Letter Sent",
        tracking=True,
        help="Date of the registered letter.",
    )
    notice_received_date = fields.Date(
        string="Receipt Acknowledged",
        tracking=True,
        help="Date the customer received the formal notice: the legal interest of a "
        "consumer runs from the next day.",
    )

    def init(self):
        # one reminder a day per customer and company: a re-run creates nothing new
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS l10n_fr_dunning_reminder_one_per_day "
            "ON l10n_fr_dunning_reminder (partner_id, company_id, date) "
            "WHERE state != 'cancel'"
        )

    @api.depends("channel_ids.state", "channel_ids.message")
    def _compute_failure_reason(self):
        for reminder in self:
            failed = reminder.channel_ids.filtered(lambda c: c.state == "failed")
            reminder.failure_reason = "\n".join(
                f"{c.display_name}: {c.message}" for c in failed
            )

    @api.depends(
        "line_ids.amount_residual_company", "line_ids.interest", "line_ids.indemnity"
    )
    def _compute_amounts(self):
        for reminder in self:
            lines = reminder.line_ids
            debit = lines.filtered(lambda line: line.amount_residual_company > 0)
            credit = lines - debit
            overdue = sum(debit.mapped("amount_residual_company"))
            credits = -sum(credit.mapped("amount_residual_company"))
            penalty = sum(lines.mapped("penalty_company"))
            reminder.update(
                {
                    "amount_overdue": overdue,
                    "amount_credit": credits,
                    "amount_penalty": penalty,
                    "amount_due": overdue - credits + penalty,
                }
            )

    @api.depends("date", "level_id.payment_delay_days")
    def _compute_payment_deadline(self):
        for reminder in self:
            reminder.payment_deadline = reminder.date and reminder.date + timedelta(
                days=reminder.level_id.payment_delay_days
            )

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = sequence.next_by_code("l10n.fr.dunning.reminder") or "/"
        return super().create(vals_list)

    def write(self, vals):
        result = super().write(vals)
        if vals.get("notice_received_date"):
            for reminder in self.filtered(lambda r: r.kind == "formal_notice"):
                reminder.line_ids.move_id.filtered(
                    lambda m: m.move_type == "out_invoice"
                ).l10n_fr_formal_notice_date = reminder.notice_received_date
        return result

    # ------------------------------------------------------------------ sending

    def action_send(self):
        """Send the draft or failed reminders through their level's channels; a
        channel already done is not sent again (re-running after a crash is safe)."""
        for reminder in self.filtered(lambda r: r.state in ("draft", "failed")):
            reminder._send()
        return True

    def action_cancel(self):
        self.filtered(lambda r: r.state != "sent").state = "cancel"

    def action_print_letter(self):
        return self.env.ref(
            "l10n_fr_credit_collection.action_report_dunning_letter"
        ).report_action(self)

    def _channels_to_send(self):
        level = self.level_id
        wanted = [
            ("email", level.send_email),
            ("letter", level.send_letter),
            ("sms", level.send_sms),
            ("activity", level.create_activity),
        ]
        return [channel for channel, enabled in wanted if enabled]

    def _send(self):
        self.ensure_one()
        done = set(
            self.channel_ids.filtered(lambda c: c.state == "done").mapped("channel")
        )
        results = []
        for channel in self._channels_to_send():
            if channel in done:
                continue
            try:
                with self.env.cr.savepoint():
                    message = getattr(self, f"_send_{channel}")()
                results.append((channel, "done", message or ""))
            except UserError as error:
                results.append((channel, "failed", str(error)))
        existing = {c.channel: c for c in self.channel_ids}
        commands = []
        for channel, state, message in results:
            vals = {"channel": channel, "state": state, "message": message}
            if channel in existing:
                commands.append(Command.update(existing[channel].id, vals))
            else:
                commands.append(Command.create(vals))
        self.channel_ids = commands
        failed = self.channel_ids.filtered(lambda c: c.state == "failed")
        self.state = "failed" if failed else "sent"
        if failed:
            self.message_post(
                body=self.env._(
                    "Sending failed, the level did not advance: %(reasons)s",
                    reasons=self.failure_reason,
                )
            )

    def _send_email(self):
        partner = self.partner_id
        if not partner.email:
            raise UserError(self.env._("The customer has no e-mail address."))
        template = self.level_id.mail_template_id or self.env.ref(
            "l10n_fr_credit_collection.mail_template_dunning_reminder"
        )
        attachments = self._attachments()
        template.send_mail(
            self.id,
            email_values={"attachment_ids": [Command.set(attachments.ids)]},
        )
        return partner.email

    def _send_letter(self):
        report = self.env.ref("l10n_fr_credit_collection.action_report_dunning_letter")
        content, _type = report._render_qweb_pdf(report, self.ids)
        self.letter_attachment_id = self.env["ir.attachment"].create(
            {
                "name": f"{self.name.replace('/', '-')}.pdf",
                "datas": base64.b64encode(content),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/pdf",
            }
        )
        return self.letter_attachment_id.name

    def _send_sms(self):
        number = self.partner_id.mobile or self.partner_id.phone
        if "sms.sms" not in self.env:
            raise UserError(self.env._("The SMS module is not installed."))
        if not number:
            raise UserError(self.env._("The customer has no mobile number."))
        body = self.level_id.sms_body or self.env._(
            "%(company)s: %(amount)s overdue, please pay before %(deadline)s.",
            company=self.company_id.name,
            amount=self.amount_due,
            deadline=self.payment_deadline,
        )
        self.env["sms.sms"].create(
            {"number": number, "body": body, "partner_id": self.partner_id.id}
        )
        return number

    def _send_activity(self):
        level = self.level_id
        user = level.activity_user_id or self.partner_id.user_id or self.env.user
        self.activity_schedule(
            activity_type_id=level.activity_type_id.id,
            summary=self.env._(
                "%(level)s: %(customer)s",
                level=level.name,
                customer=self.partner_id.name,
            ),
            user_id=user.id,
        )
        return user.name

    def _attachments(self):
        """Invoice PDFs and the statement of account, as the level asks."""
        attachments = self.env["ir.attachment"]
        level = self.level_id
        Report = self.env["ir.actions.report"]
        if level.attach_invoices:
            invoices = self.line_ids.move_id.filtered(
                lambda m: m.move_type == "out_invoice"
            )
            for invoice in invoices:
                content, _type = Report._render_qweb_pdf(
                    "account.account_invoices", invoice.ids
                )
                attachments |= attachments.create(
                    {
                        "name": f"{invoice.name.replace('/', '-')}.pdf",
                        "datas": base64.b64encode(content),
                        "res_model": self._name,
                        "res_id": self.id,
                    }
                )
        if level.attach_statement:
            content, _type = Report._render_qweb_pdf(
                "l10n_fr_credit_collection.action_report_statement", self.partner_id.ids
            )
            attachments |= attachments.create(
                {
                    "name": self.env._("Statement of account.pdf"),
                    "datas": base64.b64encode(content),
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        return attachments

    def _portal_links(self):
        """Portal links to pay the overdue invoices, when online payment is enabled."""
        if "payment.provider" not in self.env:
            return []
        enabled = (
            self.env["payment.provider"]
            .sudo()
            .search_count(
                [
                    ("state", "in", ("enabled", "test")),
                    ("company_id", "=", self.company_id.id),
                ],
                limit=1,
            )
        )
        if not enabled:
            return []
        invoices = self.line_ids.move_id.filtered(
            lambda m: m.move_type == "out_invoice"
        )
        return [
            (invoice.name, invoice.get_base_url() + invoice.get_portal_url())
            for invoice in invoices
        ]


class L10nFrDunningReminderLine(models.Model):
    _name = "l10n.fr.dunning.reminder.line"
    _description = "Dunning Reminder Item"
    _order = "due_date, id"

    reminder_id = fields.Many2one(
        "l10n.fr.dunning.reminder", required=True, ondelete="cascade", index=True
    )
    move_id = fields.Many2one("account.move", required=True, index=True)
    move_line_id = fields.Many2one("account.move.line", required=True)
    due_date = fields.Date()
    days_late = fields.Integer()
    currency_id = fields.Many2one("res.currency", required=True)
    company_currency_id = fields.Many2one(
        related="reminder_id.currency_id", string="Company Currency"
    )
    amount_residual = fields.Monetary(
        help="Open amount: positive for an overdue item, negative for an open credit."
    )
    amount_residual_company = fields.Monetary(currency_field="company_currency_id")
    interest = fields.Monetary(help="Late-payment interest at the reminder date.")
    indemnity = fields.Monetary(help="Recovery indemnity.")
    penalty_company = fields.Monetary(currency_field="company_currency_id")
    is_credit = fields.Boolean(compute="_compute_is_credit")

    def _compute_is_credit(self):
        for line in self:
            line.is_credit = line.amount_residual < 0


class L10nFrDunningReminderChannel(models.Model):
    _name = "l10n.fr.dunning.reminder.channel"
    _description = "Dunning Reminder Channel"
    _rec_name = "channel"

    reminder_id = fields.Many2one(
        "l10n.fr.dunning.reminder", required=True, ondelete="cascade", index=True
    )
    channel = fields.Selection(CHANNELS, required=True)
    state = fields.Selection(
        [("done", "Done"), ("failed", "Failed")], required=True, default="done"
    )
    message = fields.Char()
