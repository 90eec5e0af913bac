from odoo import fields, models

CONFIDENCE = [
    ("confirmed", "Confirmed (2+ sources)"),
    ("single", "Single source"),
    ("uncertain", "Uncertain"),
]


class L10nFrEcbRate(models.Model):
    _name = "l10n.fr.ecb.rate"
    _description = "ECB Main Refinancing Rate"
    _order = "date_from desc"
    _rec_name = "date_from"

    date_from = fields.Date(
        string="Effective From", required=True, help="Effective date of the rate."
    )
    rate = fields.Float(string="Rate (%)", digits=(16, 2), required=True)
    legal_ref = fields.Char(string="Legal Reference")
    source = fields.Char()
    confidence = fields.Selection(CONFIDENCE, default="confirmed", required=True)

    _sql_constraints = [
        (
            "date_from_unique",
            "unique(date_from)",
            "There is already an ECB rate at that date.",
        )
    ]
