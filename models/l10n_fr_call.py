from odoo import api, fields, models

from .l10n_fr_text_limit import NOTE_LENGTH, check_length

NEXT_STEPS = [
    ("none", "None"),
    ("promise", "Promise to Pay"),
    ("dispute", "Dispute"),
    ("resend", "Invoices Sent Again by E-mail"),
    ("callback", "Call Back"),
    ("contact", "Contact Updated"),
    ("plan", "Payment Plan Proposed"),
]


class L10nFrCallOutcome(models.Model):
    _name = "l10n.fr.call.outcome"
    _description = "Call Outcome"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    next_step = fields.Selection(
        NEXT_STEPS,
        required=True,
        default="none",
        help="What logging a call with this outcome does next.",
    )
    callback_days = fields.Integer(
        string="Call Back In (Days)",
        default=2,
        help="Call back: the credit controller gets a call activity this many days "
        "later.",
    )

    @api.constrains("name")
    def _check_name(self):
        check_length(self, ["name"])


class L10nFrCall(models.Model):
    """A phone call to a customer and what came of it."""

    _name = "l10n.fr.call"
    _description = "Collection Call"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True
    )
    contact_id = fields.Many2one("res.partner", string="Contact Reached")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users",
        string="Called By",
        required=True,
        default=lambda self: self.env.user,
    )
    outcome_id = fields.Many2one(
        "l10n.fr.call.outcome", string="Outcome", required=True
    )
    next_step = fields.Selection(related="outcome_id.next_step")
    note = fields.Text()
    promise_id = fields.Many2one("l10n.fr.dunning.promise", readonly=True)
    dispute_id = fields.Many2one("l10n.fr.dispute", readonly=True)

    @api.constrains("note")
    def _check_note(self):
        check_length(self, ["note"], NOTE_LENGTH)
