from odoo import fields, models
from odoo.exceptions import UserError

from .l10n_fr_court import COURT_TYPES
from .l10n_fr_ecb_rate import CONFIDENCE


class L10nFrCourtFee(models.Model):
    """Dated greffe fee of an injonction de payer request, per court type."""

    _name = "l10n.fr.court.fee"
    _description = "Court Fee of an Injonction de Payer"
    _order = "court_type, date_from desc"

    court_type = fields.Selection(COURT_TYPES, required=True)
    date_from = fields.Date(string="Effective From", required=True)
    amount = fields.Float(digits=(16, 2), required=True)
    legal_ref = fields.Char(string="Legal Reference")
    source = fields.Char()
    confidence = fields.Selection(CONFIDENCE, default="confirmed", required=True)

    _sql_constraints = [
        (
            "type_date_unique",
            "unique(court_type, date_from)",
            "There is already a fee for this court type at that date.",
        )
    ]

    def _l10n_fr_fee(self, court_type, on_date):
        fee = self.search(
            [("court_type", "=", court_type), ("date_from", "<=", on_date)],
            order="date_from desc",
            limit=1,
        )
        if not fee:
            label = dict(COURT_TYPES)[court_type]
            raise UserError(
                self.env._(
                    "No court fee of the %(court_type)s applies on %(date)s: add it "
                    "under Credit Collection > Configuration > Court Fees.",
                    court_type=label,
                    date=on_date,
                )
            )
        return fee.amount
