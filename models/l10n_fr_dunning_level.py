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
    mandatory = fields.Boolean(
        help="Never skipped: a customer who reaches a higher level first gets this "
        "one, and the next level only once this one was sent and its days to pay "
        "have passed.",
    )
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
    send_call = fields.Boolean(
        string="Phone Call",
        help="A call activity for the customer's credit controller; done once the "
        "activity is scheduled.",
    )
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
        help="Gets the activities of the customers that have no credit controller "
        "and no salesperson.",
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

    # the letter (and e-mail) text: fits what was sent before and the debtor; an
    # empty text falls back to the default of the level's kind
    registered_letter = fields.Boolean(
        compute="_compute_registered_letter",
        store=True,
        readonly=False,
        help='The letter says "Registered letter with acknowledgement of receipt".',
    )
    letter_subject = fields.Char(
        string="Subject",
        translate=True,
        size=200,
        help="Placeholders: {invoices}, {amount}, {deadline}, {days}, {previous}.",
    )
    intro_first = fields.Text(
        string="Opening (First Letter)",
        translate=True,
        help="When no reminder was sent before. Placeholders as in the subject.",
    )
    intro_reminded = fields.Text(
        string="Opening (After Reminders)",
        translate=True,
        help="When reminders were sent before ({previous}: their dates).",
    )
    intro_promise = fields.Text(
        string="Opening (Broken Promise)",
        translate=True,
        help="When the customer did not keep a promise to pay ({promise_amount}, "
        "{promise_date}).",
    )
    demand_professional = fields.Text(
        string="Demand (Professional)",
        translate=True,
        help="What is asked of a professional customer: amount, deadline, "
        "consequences.",
    )
    demand_consumer = fields.Text(
        string="Demand (Consumer)",
        translate=True,
        help="What is asked of a consumer (no recovery costs may be charged, "
        "art. L111-8 CPCE).",
    )

    LETTER_TEXT_FIELDS = (
        "letter_subject",
        "intro_first",
        "intro_reminded",
        "intro_promise",
        "demand_professional",
        "demand_consumer",
    )

    @api.depends("kind")
    def _compute_registered_letter(self):
        for level in self:
            level.registered_letter = level.kind in ("formal_notice", "litigation")

    @api.model
    def _l10n_fr_default_texts(self, kind):
        """The default letter texts of a kind of level (English sources, translated
        by the addon's i18n)."""
        _ = self.env._
        paid_meanwhile = _(
            "If you have paid in the meantime, please disregard this letter."
        )
        reminder_demand = " ".join(
            (
                _(
                    "We would be grateful if you would pay the sum of {amount} by "
                    "{deadline}."
                ),
                paid_meanwhile,
            )
        )
        firm_demand = " ".join(
            (
                _("We ask you to pay the sum of {amount} by {deadline} at the latest."),
                paid_meanwhile,
            )
        )
        notice = _(
            "We hereby give you formal notice to pay the sum of {amount} within "
            "{days} days, that is by {deadline} at the latest."
        )
        reminded = _(
            "Despite our reminders {previous}, the invoices listed below remain unpaid."
        )
        texts = {
            "reminder": {
                "letter_subject": _("Reminder – unpaid invoices {invoices}"),
                "intro_first": _(
                    "Unless we are mistaken, the invoices listed below remain unpaid "
                    "past their due date."
                ),
                "intro_reminded": _(
                    "Further to our letter {previous}, the invoices listed below "
                    "remain unpaid past their due date."
                ),
                "demand_professional": reminder_demand,
                "demand_consumer": reminder_demand,
            },
            "firm": {
                "letter_subject": _("Second reminder – overdue invoices {invoices}"),
                "intro_first": _(
                    "We note that the invoices listed below remain unpaid past their "
                    "due date."
                ),
                "intro_reminded": reminded,
                "demand_professional": firm_demand,
                "demand_consumer": firm_demand,
            },
            "formal_notice": {
                "letter_subject": _("Formal notice to pay – invoices {invoices}"),
                "intro_first": _(
                    "The invoices listed below remain unpaid past their due date."
                ),
                "intro_reminded": reminded,
                "demand_professional": " ".join(
                    (
                        notice,
                        _(
                            "Failing payment within this time, we will apply to the "
                            "competent court without further notice, in particular "
                            "for an injonction de payer (articles 1405 and following "
                            "of the Code de procédure civile)."
                        ),
                    )
                ),
                "demand_consumer": " ".join(
                    (
                        notice,
                        _(
                            "Failing payment within this time, we will apply to the "
                            "competent court to recover this sum."
                        ),
                    )
                ),
            },
            "litigation": {
                "letter_subject": _(
                    "Last notice before legal action – invoices {invoices}"
                ),
                "intro_first": _(
                    "The invoices listed below remain unpaid past their due date."
                ),
                "intro_reminded": _(
                    "Our letters {previous} have remained unanswered and the invoices "
                    "listed below are still unpaid."
                ),
                "demand_professional": _(
                    "We are therefore referring the matter to the competent court to "
                    "obtain an injonction de payer for the sum of {amount}. Only a "
                    "payment received by {deadline} will stop this procedure."
                ),
                "demand_consumer": _(
                    "We intend to refer the matter to the competent court to recover "
                    "the sum of {amount}. To avoid this, please pay this sum by "
                    "{deadline} at the latest, or contact us to agree on a payment "
                    "schedule."
                ),
            },
        }[kind or "reminder"]
        texts["intro_promise"] = _(
            "You undertook to pay {promise_amount} by {promise_date}, and we have not "
            "received this payment."
        )
        return texts

    def _l10n_fr_letter_text(self, field_name):
        """The level's text, or the default of its kind when empty."""
        self.ensure_one()
        return self[field_name] or self._l10n_fr_default_texts(self.kind)[field_name]

    @api.model_create_multi
    def create(self, vals_list):
        levels = super().create(vals_list)
        # the defaults of the kind, to edit, in every installed language
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        for level, vals in zip(levels, vals_list, strict=True):
            missing = [name for name in self.LETTER_TEXT_FIELDS if not vals.get(name)]
            if not missing:
                continue
            english = level.with_context(lang="en_US")
            defaults = english._l10n_fr_default_texts(level.kind)
            english.write({name: defaults[name] for name in missing})
            for lang in langs:
                if lang == "en_US":
                    continue
                texts = level.with_context(lang=lang)._l10n_fr_default_texts(level.kind)
                for name in missing:
                    level.update_field_translations(name, {lang: texts[name]})
        return levels
