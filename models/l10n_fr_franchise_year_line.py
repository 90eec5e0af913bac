from odoo import fields, models

from .l10n_fr_franchise_threshold import THRESHOLD_CATEGORIES


class L10nFrFranchiseYearLine(models.Model):
    """One tested category of a franchise year: turnover against thresholds."""

    _name = "l10n.fr.franchise.year.line"
    _description = "VAT Franchise Year Category"
    _order = "year_id, id"

    year_id = fields.Many2one(
        "l10n.fr.franchise.year", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="year_id.company_id", store=True)
    currency_id = fields.Many2one(related="year_id.currency_id")
    category = fields.Selection(THRESHOLD_CATEGORIES, required=True)
    turnover = fields.Monetary()
    base = fields.Monetary(string="Threshold")
    higher = fields.Monetary(string="Higher Threshold")
    share_base = fields.Float(string="% of Threshold", digits=(16, 1))
    share_higher = fields.Float(string="% of Higher Threshold", digits=(16, 1))
    projected_base = fields.Date(
        string="Threshold Reached On",
        help="Projected day the threshold is passed at the pace of the year so far.",
    )
    projected_higher = fields.Date(
        string="Higher Threshold Reached On",
        help="Projected day the higher threshold is passed at the pace of the year "
        "so far (VAT due from then on).",
    )
