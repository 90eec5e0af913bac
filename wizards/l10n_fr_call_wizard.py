from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..models.l10n_fr_text_limit import NOTE_LENGTH, check_length


class L10nFrCallWizard(models.TransientModel):
    """Log a call: open, choose the outcome (and its fields), save."""

    _name = "l10n.fr.call.wizard"
    _description = "Log a Call"
    _check_company_auto = True

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact Reached",
        domain="['|', ('id', '=', partner_id), ('parent_id', '=', partner_id)]",
    )
    outcome_id = fields.Many2one(
        "l10n.fr.call.outcome", string="Outcome", required=True
    )
    next_step = fields.Selection(related="outcome_id.next_step")
    note = fields.Text()
    promise_date = fields.Date(string="Promised Date")
    promise_amount = fields.Monetary(string="Promised Amount")
    dispute_reason_id = fields.Many2one(
        "l10n.fr.dispute.reason", string="Dispute Reason"
    )
    dispute_invoice_ids = fields.Many2many(
        "account.move",
        string="Disputed Invoices",
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('commercial_partner_id', '=', partner_id), ('amount_residual', '>', 0)]",
    )
    callback_days = fields.Integer(string="Call Back In (Days)")
    new_phone = fields.Char()
    new_email = fields.Char(string="New E-mail")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        model = self.env.context.get("active_model")
        ids = self.env.context.get("active_ids") or []
        partner = self.env["res.partner"]
        if model == "res.partner" and ids:
            partner = self.env["res.partner"].browse(ids[0])
        elif model == "l10n.fr.collection.task" and ids:
            task = self.env["l10n.fr.collection.task"].browse(ids[0])
            partner = task.partner_id
            values["company_id"] = task.company_id.id
        elif model == "mail.activity" and ids:
            activity = self.env["mail.activity"].browse(ids[0])
            record = self.env[activity.res_model].browse(activity.res_id)
            partner = (
                record.partner_id if activity.res_model != "res.partner" else record
            )
            if "company_id" in record._fields and record.company_id:
                values["company_id"] = record.company_id.id
        if partner:
            commercial = partner.commercial_partner_id
            values["partner_id"] = commercial.id
            values["contact_id"] = partner.id
        return values

    @api.onchange("outcome_id")
    def _onchange_outcome_id(self):
        self.callback_days = self.outcome_id.callback_days
        if self.next_step == "promise" and not self.promise_amount:
            self.promise_amount = self.partner_id.with_company(
                self.company_id
            ).l10n_fr_overdue_amount

    def action_save(self):
        self.ensure_one()
        check_length(self, ["note"], NOTE_LENGTH)
        call = self.env["l10n.fr.call"].create(
            {
                "partner_id": self.partner_id.id,
                "contact_id": self.contact_id.id,
                "company_id": self.company_id.id,
                "outcome_id": self.outcome_id.id,
                "note": self.note,
            }
        )
        step = getattr(self, f"_step_{self.next_step or 'none'}")
        step(call)
        self._done_call_activities()
        body = Markup("%s <b>%s</b>") % (
            self.env._("Call:"),
            self.outcome_id.name,
        )
        if self.contact_id and self.contact_id != self.partner_id:
            body += Markup(" — %s") % self.contact_id.name
        if self.note:
            body += Markup("<br/>%s") % escape(self.note)
        self.partner_id.message_post(body=body, subtype_xmlid="mail.mt_note")
        if self.next_step == "plan":  # the new plan's form, to agree its instalments
            return self.partner_id.with_company(
                self.company_id
            ).action_l10n_fr_payment_plan()
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    def _step_none(self, call):
        return

    def _step_promise(self, call):
        if not self.promise_date or self.promise_amount <= 0:
            raise UserError(
                self.env._("A promise to pay needs its date and a positive amount.")
            )
        call.promise_id = self.env["l10n.fr.dunning.promise"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "date": self.promise_date,
                "amount": self.promise_amount,
                "note": self.note,
            }
        )

    def _step_dispute(self, call):
        reason = self.dispute_reason_id or self.env["l10n.fr.dispute.reason"].search(
            [], limit=1
        )
        invoices = (
            self.dispute_invoice_ids
            or self.partner_id._l10n_fr_overdue_invoices(self.company_id)
        )
        if not reason or not invoices:
            raise UserError(
                self.env._("A dispute needs its reason and the disputed invoices.")
            )
        call.dispute_id = self.env["l10n.fr.dispute"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "reason_id": reason.id,
                "invoice_ids": [Command.set(invoices.ids)],
                "note": self.note,
            }
        )

    def _step_resend(self, call):
        invoices = self.partner_id._l10n_fr_overdue_invoices(self.company_id)
        if not invoices:
            raise UserError(self.env._("The customer has no overdue invoice to send."))
        template = self.env.ref("account.email_template_edi_invoice")
        for invoice in invoices:
            template.send_mail(invoice.id)
            invoice.is_move_sent = True

    def _step_callback(self, call):
        days = self.callback_days or self.outcome_id.callback_days or 1
        user = (
            self.partner_id._l10n_fr_credit_controllers(self.company_id).get(
                self.partner_id.id
            )
            or self.env.user
        )
        self.partner_id.activity_schedule(
            "mail.mail_activity_data_call",
            date_deadline=fields.Date.add(fields.Date.context_today(self), days=days),
            summary=self.env._("Call back: %(outcome)s", outcome=self.outcome_id.name),
            user_id=user.id,
        )

    def _step_plan(self, call):
        return  # action_save opens the new plan's form

    def _step_contact(self, call):
        values = {}
        if self.new_phone:
            values["phone"] = self.new_phone
        if self.new_email:
            values["email"] = self.new_email
        if not values:
            raise UserError(self.env._("Give the new phone or e-mail of the contact."))
        (self.contact_id or self.partner_id).write(values)

    def _done_call_activities(self):
        """Mark the customer's call activities due today or before done."""
        partners = self.partner_id | self.partner_id.child_ids
        reminders = self.env["l10n.fr.dunning.reminder"].search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("company_id", "=", self.company_id.id),
            ]
        )
        activities = self.env["mail.activity"].search(
            [
                ("activity_category", "=", "phonecall"),
                ("date_deadline", "<=", fields.Date.context_today(self)),
                "|",
                "&",
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                "&",
                ("res_model", "=", "l10n.fr.dunning.reminder"),
                ("res_id", "in", reminders.ids),
            ]
        )
        if activities:
            activities.action_feedback(feedback=self.outcome_id.name)
