from odoo import fields, models

KINDS = [
    ("reminder", "Reminder"),
    ("firm", "Firm reminder"),
    ("formal_notice", "Formal notice (mise en demeure)"),
    ("litigation", "Handover to litigation"),
]


class L10nFrDunningLevel(models.Model):
    _name = "l10n.fr.dunning.level"
    _description = "Dunning Level"
    _order = "policy_id, days, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    policy_id = fields.Many2one(
        "l10n.fr.dunning.policy", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="policy_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    days = fields.Integer(
        string="Days After Due Date",
        required=True,
        help="Reached when an item is this many days past its due date; negative: a "
        "courtesy reminder before the due date.",
    )
    min_amount = fields.Monetary(
        string="Minimum Overdue Amount",
        help="Reached only when the customer's overdue amount is at least this much.",
    )
    kind = fields.Selection(KINDS, required=True, default="reminder")
    send_email = fields.Boolean(string="E-mail", default=True)
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain=[("model", "=", "l10n.fr.dunning.reminder")],
        default=lambda self: self.env.ref(
            "l10n_fr_credit_collection.mail_template_dunning_reminder",
            raise_if_not_found=False,
        ),
    )
    send_letter = fields.Boolean(string="Printed Letter")
    letter_body = fields.Html(
        string="Letter Text",
        translate=True,
        help="Text of the letter and of the e-mail, above the list of overdue items.",
    )
    send_sms = fields.Boolean(
        string="SMS", help="Needs the SMS module; fails without a mobile number."
    )
    sms_body = fields.Text(string="SMS Text", translate=True)
    create_activity = fields.Boolean(
        string="Activity", help="A phone call or manual task for the responsible user."
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        default=lambda self: self.env.ref(
            "mail.mail_activity_data_call", raise_if_not_found=False
        ),
    )
    activity_user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        help="Empty: the customer's salesperson, else the user running the dunning.",
    )
    include_penalties = fields.Boolean(
        default=True, help="Show the late-payment penalties and indemnities."
    )
    attach_invoices = fields.Boolean()
    attach_statement = fields.Boolean(string="Attach Statement of Account")
    repeat_days = fields.Integer(
        string="Repeat After (Days)",
        help="The level may be sent again after this many days; 0: sent once.",
    )
    payment_delay_days = fields.Integer(
        string="Days to Pay", default=8, help="Deadline given to pay in the letter."
    )
