import base64
import logging
import re
from datetime import date as Date
from datetime import datetime as DateTime

import babel.dates

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_amount, format_date
from odoo.tools.misc import babel_locale_parse, get_lang, posix_to_ldml

from ..rules import dunning
from .l10n_fr_credit_batch import crash_point

_logger = logging.getLogger(__name__)

# a mail body made of one call of a view: <div><t t-call="module.view"/></div>
LONE_CALL = re.compile(
    r"""^\s*(?:<div>)?\s*<t\s+t-call=["']([\w.]+)["']\s*(?:/>|>\s*</t>)\s*"""
    r"""(?:</div>)?\s*$"""
)
# what mail.template.send_mail_batch renders besides the body (Odoo 18.0)
MAIL_FIELDS = (
    "attachment_ids",
    "auto_delete",
    "email_cc",
    "email_from",
    "email_to",
    "mail_server_id",
    "model",
    "partner_to",
    "reply_to",
    "report_template_ids",
    "res_id",
    "scheduled_date",
    "subject",
)

CHANNELS = [
    ("email", "E-mail"),
    ("letter", "Letter"),
    ("sms", "SMS"),
    ("call", "Phone Call"),
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
    policy_id = fields.Many2one(
        related="level_id.policy_id", store=True, precompute=True
    )
    kind = fields.Selection(related="level_id.kind", store=True, precompute=True)
    date = fields.Date(required=True, readonly=True, index=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent"),
            ("failed", "Failed"),
            ("stopped", "Stopped"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        help="Failed: a channel failed; the scheduled action retries it alone the next "
        "day (the channels done are not done again). Stopped: it failed too many times "
        "(system parameter l10n_fr_credit_collection.send_attempts, 3 by default); the "
        "credit controller got an activity, and the customer gets no other reminder "
        "until this one is sent (Send) or cancelled.",
    )
    failure_count = fields.Integer(string="Failed Attempts", readonly=True, copy=False)
    last_attempt_date = fields.Date(readonly=True, copy=False, index=True)
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
    payment_plan_id = fields.Many2one(
        "l10n.fr.payment.plan",
        readonly=True,
        index="btree_not_null",
        help="The broken payment plan this formal notice follows.",
    )
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

    dispute_ids = fields.Many2many(
        "l10n.fr.dispute",
        string="Open Disputes",
        compute="_compute_dispute_ids",
        help="The customer's open disputes: their invoices are not claimed.",
    )

    @api.depends("partner_id", "company_id")
    @api.depends_context("uid")
    def _compute_dispute_ids(self):
        disputes = self.env["l10n.fr.dispute"].search(
            [
                ("partner_id", "in", self.partner_id.ids),
                ("company_id", "in", self.company_id.ids),
                ("state", "=", "open"),
            ]
        )
        for reminder in self:
            reminder.dispute_ids = disputes.filtered(
                lambda d, r=reminder: (
                    d.partner_id == r.partner_id and d.company_id == r.company_id
                )
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
            overdue, credits, penalty, due = dunning.reminder_totals(
                reminder.line_ids.mapped(
                    lambda line: (line.amount_residual_company, line.penalty_company)
                )
            )
            reminder.update(
                {
                    "amount_overdue": overdue,
                    "amount_credit": credits,
                    "amount_penalty": penalty,
                    "amount_due": due,
                }
            )

    @api.depends(
        "date", "level_id.payment_delay_days", "level_id.policy_id.payment_working_days"
    )
    def _compute_payment_deadline(self):
        """The last day to pay (rules.dunning.payment_deadline): in working days
        when the policy says so, else calendar days moved past a non-working
        last day, on the calendar of the company's address."""
        scopes = {}
        for reminder in self:
            if not reminder.date:
                reminder.payment_deadline = False
                continue
            company = reminder.company_id
            if company not in scopes:
                scopes[company] = company._l10n_fr_holiday_scope() if company else None
            level = reminder.level_id
            reminder.payment_deadline = dunning.payment_deadline(
                reminder.date,
                level.payment_delay_days,
                working_days=level.policy_id.payment_working_days,
                scope=scopes[company],
            )

    @api.model_create_multi
    def create(self, vals_list):
        reminders = super().create(vals_list)
        # numbered from their ids in one query (no sequence call per reminder)
        unnamed = reminders.filtered(lambda r: r.name == "/")
        if unnamed:
            self.env.cr.execute(
                "UPDATE l10n_fr_dunning_reminder SET name = 'RLC/' || "
                "to_char(date, 'YYYY') || '/' || lpad(id::text, 6, '0') "
                "WHERE id = ANY(%s)",
                [unnamed.ids],
            )
            unnamed.invalidate_recordset(["name"])
        return reminders

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
        channel already done is not sent again (re-running after a crash is safe).
        E-mails without attachments are rendered and queued in one batch per template;
        a reminder with a failed channel is "failed" and its level does not count."""
        todo = self.filtered(
            lambda r: r.state in ("draft", "failed", "stopped")
        ).with_context(tracking_disable=True)
        if not todo:
            return True
        done = {
            (c.reminder_id.id, c.channel) for c in todo.channel_ids if c.state == "done"
        }
        results = {}
        wanted = [
            (reminder, channel)
            for reminder in todo
            for channel in reminder._channels_to_send()
            if (reminder.id, channel) not in done
        ]
        batch_emails = todo.browse(
            r.id
            for r, channel in wanted
            if channel == "email"
            and r.partner_id.email
            and not (r.level_id.attach_invoices or r.level_id.attach_statement)
        )
        default_template = self.env.ref(
            "l10n_fr_credit_collection.mail_template_dunning_reminder"
        )
        for template, reminders in batch_emails.grouped(
            lambda r: r.level_id.mail_template_id or default_template
        ).items():
            try:
                with self.env.cr.savepoint():
                    reminders._l10n_fr_send_mails(template)
            except Exception:
                _logger.exception("batch e-mails failed, sending them one by one")
            else:
                for reminder in reminders:
                    results[reminder.id, "email"] = ("done", reminder.partner_id.email)
        for reminder, channel in wanted:
            if (reminder.id, channel) in results:
                continue
            try:
                with self.env.cr.savepoint():
                    message = getattr(reminder, f"_send_{channel}")()
                results[reminder.id, channel] = ("done", message or "")
            except UserError as error:
                results[reminder.id, channel] = ("failed", str(error))
        todo._write_channel_results(results)
        return True

    def _l10n_fr_send_batch(self, date=None):
        """One batch of a dunning run or of the retries of ``date`` (in-process or a
        queued job). Safe to run again and next to another process: it takes only the
        reminders still to send (draft, or failed before ``date``) that no other
        transaction holds."""
        if not self:
            return
        date = date or fields.Date.context_today(self)
        self.flush_model(["state", "last_attempt_date"])  # a batch run again
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM l10n_fr_dunning_reminder WHERE id IN %s "
                "AND (state = 'draft' OR (state = 'failed' AND "
                "(last_attempt_date IS NULL OR last_attempt_date < %s))) "
                "FOR UPDATE SKIP LOCKED",
                tuple(self.ids),
                date,
            )
        )
        todo = self.browse(row[0] for row in rows)
        todo.invalidate_recordset(["state", "last_attempt_date"])
        todo.with_context(l10n_fr_attempt_date=date).action_send()
        crash_point("sending")

    @api.model
    def _l10n_fr_retry_failed(self, company, date):
        """The scheduled action's retries: the reminders of ``company`` that failed
        before ``date`` send their failed channels again, alone (one query selects
        them, batches send them); those whose items were all paid meanwhile are
        cancelled instead."""
        rows = self.env.execute_query(
            SQL(
                """
                SELECT reminder.id,
                       bool_and(COALESCE(item.reconciled, TRUE)) AS paid
                  FROM l10n_fr_dunning_reminder reminder
             LEFT JOIN l10n_fr_dunning_reminder_line line
                       ON line.reminder_id = reminder.id
                      AND line.amount_residual > 0
             LEFT JOIN account_move_line item ON item.id = line.move_line_id
                 WHERE reminder.company_id = %(company)s
                   AND reminder.state = 'failed'
                   AND (reminder.last_attempt_date IS NULL
                        OR reminder.last_attempt_date < %(date)s)
              GROUP BY reminder.id
              ORDER BY reminder.id
                """,
                company=company.id,
                date=date,
            )
        )
        self.browse(id_ for id_, paid in rows if paid).write({"state": "cancel"})
        retry = self.browse(id_ for id_, paid in rows if not paid)
        if not retry:
            return True
        Batch = self.env["l10n.fr.credit.batch"]
        size = Batch._l10n_fr_batch_size()
        return Batch._l10n_fr_run_batches(
            [
                (retry[start : start + size], "_l10n_fr_send_batch", (date,))
                for start in range(0, len(retry), size)
            ],
            self.env._("Dunning retries of %(company)s", company=company.name),
            commit=self.env["account.move"]._can_commit(),
        )

    @api.model
    def _l10n_fr_send_attempts(self):
        """Failed attempts after which a reminder stops: the system parameter
        ``l10n_fr_credit_collection.send_attempts`` (3 by default)."""
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("l10n_fr_credit_collection.send_attempts")
        )
        return max(int(value or 3), 1)

    def _write_channel_results(self, results):
        """Store each channel's result (one create for the new ones); a reminder with
        a failed channel is "failed" (its level does not count), or "stopped" after
        too many failed attempts, the credit controller being told by an activity."""
        existing = {(c.reminder_id.id, c.channel): c for c in self.channel_ids}
        new = []
        for (reminder_id, channel), (state, message) in results.items():
            vals = {"state": state, "message": message}
            if (reminder_id, channel) in existing:
                existing[reminder_id, channel].write(vals)
            else:
                new.append({"reminder_id": reminder_id, "channel": channel, **vals})
        self.env["l10n.fr.dunning.reminder.channel"].create(new)
        date = self.env.context.get(
            "l10n_fr_attempt_date"
        ) or fields.Date.context_today(self)
        failed = self.filtered(lambda r: "failed" in r.channel_ids.mapped("state"))
        (self - failed).write({"state": "sent", "last_attempt_date": date})
        if not failed:
            return
        limit = self._l10n_fr_send_attempts()
        for count, reminders in failed.grouped("failure_count").items():
            state = dunning.after_failed_attempt(count + 1, limit)
            reminders.write(
                {"state": state, "failure_count": count + 1, "last_attempt_date": date}
            )
        for reminder in failed:
            reminder.message_post(
                body=self.env._(
                    "Sending failed, the level did not advance: %(reasons)s",
                    reasons=reminder.failure_reason,
                )
            )
        failed.filtered(lambda r: r.state == "stopped")._l10n_fr_tell_controller()

    def _l10n_fr_tell_controller(self):
        """An activity for the credit controller of each stopped reminder: the level's
        activity user, else the customer's salesperson, else the user of the run."""
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        for reminder in self:
            user = (
                reminder._l10n_fr_controller()
                or reminder.run_id.user_id
                or self.env.user
            )
            reminder.activity_schedule(
                activity_type_id=todo.id if todo else False,
                summary=self.env._(
                    "Reminder stopped after %(count)s failed attempts",
                    count=reminder.failure_count,
                ),
                note=reminder.failure_reason,
                user_id=user.id,
            )

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
            ("call", level.send_call),
            ("activity", level.create_activity),
        ]
        return [channel for channel, enabled in wanted if enabled]

    def _send_email(self):
        partner = self.partner_id
        if not partner.email:
            raise UserError(self.env._("The customer has no e-mail address."))
        template = self.level_id.mail_template_id or self.env.ref(
            "l10n_fr_credit_collection.mail_template_dunning_reminder"
        )
        attachments = self._attachments()
        self._l10n_fr_send_mails(
            template,
            email_values={"attachment_ids": [Command.set(attachments.ids)]},
        )
        return partner.email

    def _l10n_fr_send_mails(self, template, email_values=None):
        """Queue the e-mails of these reminders with ``template`` (mail.mail): what
        Odoo's ``send_mail_batch`` does, except that a body made of one call of a view
        (the addon's templates) is rendered by ``_l10n_fr_mail_bodies``. Any other
        template (an inline body, an e-mail layout) goes through ``send_mail_batch``
        itself."""
        if template.email_layout_xmlid or not LONE_CALL.match(template.body_html or ""):
            return template.send_mail_batch(self.ids, email_values=email_values)
        template._send_check_access(self.ids)
        values = template._generate_template(self.ids, MAIL_FIELDS)
        for localized, ids in template._classify_per_lang(self.ids).values():
            bodies = self.browse(ids)._l10n_fr_mail_bodies(localized)
            for res_id, body in bodies.items():
                values[res_id]["body_html"] = body
        # as send_mail_batch without a layout (Odoo 18.0)
        values_list, attachments_list = [], []
        for reminder in self:
            vals = values[reminder.id]
            vals["recipient_ids"] = [
                Command.link(pid) for pid in vals.get("partner_ids") or []
            ]
            vals["attachment_ids"] = [
                Command.link(aid) for aid in vals.get("attachment_ids") or []
            ]
            vals.update(email_values or {})
            attachments_list.append(vals.pop("attachments", []))
            if "email_from" in vals and not vals.get("email_from"):
                vals.pop("email_from")
            vals["body"] = vals["body_html"]
            values_list.append(vals)
        mails = self.env["mail.mail"].sudo().create(values_list)
        for mail, attachments in zip(mails, attachments_list, strict=True):
            if attachments:
                mail.with_context(default_type=None).write(
                    {
                        "attachment_ids": [
                            Command.create(
                                {
                                    "name": name,
                                    "datas": datas,
                                    "type": "binary",
                                    "res_model": "mail.message",
                                    "res_id": mail.mail_message_id.id,
                                }
                            )
                            for name, datas in attachments
                        ]
                    }
                )
        return mails

    def _l10n_fr_mail_bodies(self, template):
        """{reminder id: e-mail body} of these reminders with ``template`` (in the
        language of its environment): a body made of one call of a view is rendered
        through that view, compiled once (an inline body is parsed and compiled again
        for every record), with what the view shows for the whole batch read at once
        (the letters' texts, online payment); any other body as Odoo renders it."""
        match = LONE_CALL.match(template.body_html or "")
        if not match:
            return template._render_field("body_html", self.ids)
        self._l10n_fr_mail_prefetch()
        reminders = self.with_env(template.env)
        return template._render_template(
            match.group(1),
            self._name,
            self.ids,
            engine="qweb_view",
            add_context={
                **reminders._l10n_fr_mail_formatters(),
                "l10n_fr_letters": reminders._l10n_fr_letters(),
                "l10n_fr_online_payment": reminders._l10n_fr_online_payment(),
            },
            options={"post_process": True},
        )

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

    def _l10n_fr_controller(self):
        """The customer's credit controller (res.partner._l10n_fr_credit_controllers)"""
        self.ensure_one()
        return self.partner_id._l10n_fr_credit_controllers(
            self.company_id, self.level_id.activity_user_id
        )[self.partner_id.id]

    def _send_activity(self):
        level = self.level_id
        user = self._l10n_fr_controller() or self.env.user
        lang = user.lang or self.company_id.partner_id.lang  # the user's language
        self.activity_schedule(
            activity_type_id=level.activity_type_id.id,
            summary=self.with_context(lang=lang).env._(
                "%(level)s: %(customer)s",
                level=level.with_context(lang=lang).name,
                customer=self.partner_id.name,
            ),
            user_id=user.id,
        )
        return user.name

    def _send_call(self):
        """A phone call for the customer's credit controller, in their language: the
        channel is done once the activity is scheduled (a channel done is never done
        again, so a resumed run schedules no second call)."""
        user = self._l10n_fr_controller() or self.env.user
        lang = user.lang or self.company_id.partner_id.lang
        call = self.env.ref("mail.mail_activity_data_call", raise_if_not_found=False)
        self.activity_schedule(
            activity_type_id=call.id if call else self.level_id.activity_type_id.id,
            summary=self.with_context(lang=lang).env._(
                "Call %(customer)s: %(amount)s due (%(level)s)",
                customer=self.partner_id.name,
                amount=format_amount(
                    self.env, self.amount_due, self.currency_id, lang_code=lang
                ),
                level=self.level_id.with_context(lang=lang).name,
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

    @api.model
    def _l10n_fr_mail_formatters(self):
        """``format_amount`` and ``format_date`` for a batch of e-mail bodies: Odoo's
        (odoo.tools.format_amount / format_date, through ``res.lang.format`` and
        babel), with the language of the environment and its date pattern looked up
        once for the batch instead of once per value; another language, a date
        format, a datetime or a string go to Odoo's own functions."""
        env = self.env
        lang = env["res.lang"].browse(get_lang(env).id)
        locale = babel_locale_parse(lang.code)
        pattern = posix_to_ldml(lang.date_format, locale=locale)

        def batch_format_amount(amount, currency, lang_code=False):
            if lang_code and lang_code != lang.code:
                return format_amount(env, amount, currency, lang_code)
            text = (
                lang.format(
                    f"%.{currency.decimal_places}f",
                    currency.round(amount),
                    grouping=True,
                )
                .replace(" ", "\N{NO-BREAK SPACE}")
                .replace("-", "-\N{ZERO WIDTH NO-BREAK SPACE}")
            )
            symbol = currency.symbol or ""
            if currency.position == "before":
                return f"{symbol}\N{NO-BREAK SPACE}{text}"
            return f"{text}\N{NO-BREAK SPACE}{symbol}"

        def batch_format_date(value, date_format=False, lang_code=False):
            if (
                date_format
                or (lang_code and lang_code != lang.code)
                or not isinstance(value, Date)
                or isinstance(value, DateTime)
            ):
                # as the rendering context's format_date (mail.render.mixin) calls it
                return format_date(env, value, date_format, lang_code)
            return babel.dates.format_date(value, format=pattern, locale=locale)

        return {"format_amount": batch_format_amount, "format_date": batch_format_date}

    def _l10n_fr_mail_prefetch(self):
        """Reads what the e-mail body shows for all these reminders at once (rendered
        one by one, each would read its invoices on its own)."""
        self.line_ids.move_id.mapped("name")

    def _l10n_fr_online_payment(self):
        """The companies of these reminders where online payment is enabled (a payment
        provider enabled or in test mode), in one query: given to the rendering of a
        batch of e-mails (``_portal_links``)."""
        if "payment.provider" not in self.env or not self:
            return frozenset()
        groups = (
            self.env["payment.provider"]
            .sudo()
            ._read_group(
                [
                    ("state", "in", ("enabled", "test")),
                    ("company_id", "in", self.company_id.ids),
                ],
                ["company_id"],
            )
        )
        return frozenset(company.id for (company,) in groups)

    def _portal_links(self, online_payment=None):
        """Portal links to pay the overdue invoices, when online payment is enabled.
        ``online_payment``: the companies where it is (``_l10n_fr_online_payment`` of
        the batch rendered); None: asked for this reminder's company."""
        if "payment.provider" not in self.env:
            return []
        if online_payment is None:
            online_payment = self._l10n_fr_online_payment()
        if self.company_id.id not in online_payment:
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
    # not stored: the run inserts the lines in SQL; searchable, for the record rule
    company_id = fields.Many2one(related="reminder_id.company_id")
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
    company_id = fields.Many2one(
        related="reminder_id.company_id", store=True, index=True, precompute=True
    )
    channel = fields.Selection(CHANNELS, required=True)
    state = fields.Selection(
        [("done", "Done"), ("failed", "Failed")], required=True, default="done"
    )
    message = fields.Char()
