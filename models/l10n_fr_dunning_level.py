from odoo import api, fields, models
from odoo.exceptions import ValidationError

# bounds of the days of a level (after the due date; negative: before it) and of its
# delays: ten years, beyond anything a dunning policy means
MIN_DAYS, MAX_DAYS = -365, 3650
MAX_DELAY = 3650

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

    @api.constrains("days", "min_amount", "repeat_days", "payment_delay_days")
    def _check_bounds(self):
        _ = self.env._
        for level in self:
            if not MIN_DAYS <= level.days <= MAX_DAYS:
                raise ValidationError(
                    _(
                        "The days after the due date of the level %(level)s must be "
                        "between %(min)s and %(max)s.",
                        level=level.name,
                        min=MIN_DAYS,
                        max=MAX_DAYS,
                    )
                )
            if level.min_amount < 0:
                raise ValidationError(
                    _(
                        "The minimum overdue amount of the level %(level)s cannot be "
                        "negative.",
                        level=level.name,
                    )
                )
            if not 0 <= level.repeat_days <= MAX_DELAY:
                raise ValidationError(
                    _(
                        "The repeat delay of the level %(level)s must be between 0 "
                        "and %(max)s days.",
                        level=level.name,
                        max=MAX_DELAY,
                    )
                )
            if not 0 <= level.payment_delay_days <= MAX_DELAY:
                raise ValidationError(
                    _(
                        "The days to pay of the level %(level)s must be between 0 and "
                        "%(max)s.",
                        level=level.name,
                        max=MAX_DELAY,
                    )
                )

    @api.constrains("days", "policy_id")
    def _check_unique_days(self):
        """Two levels of a policy at the same days: which one is reached would be
        left to chance (one query for the batch)."""
        duplicates = self._read_group(
            [("policy_id", "in", self.policy_id.ids)],
            ["policy_id", "days"],
            ["__count"],
            having=[("__count", ">", 1)],
        )
        if duplicates:
            policy, days, _count = duplicates[0]
            raise ValidationError(
                self.env._(
                    "Two levels of the policy %(policy)s are at %(days)s days: give "
                    "each level its own number of days.",
                    policy=policy.name,
                    days=days,
                )
            )
