from odoo import fields, models

from .l10n_fr_franchise_threshold import LINE_CATEGORIES


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    l10n_fr_penalty_source_move_id = fields.Many2one(
        "account.move",
        string="Penalties Of",
        index="btree_not_null",
        ondelete="restrict",
        help="The customer invoice whose late-payment penalties this line bills.",
    )
    l10n_fr_penalty_kind = fields.Selection(
        [("interest", "Late-payment interest"), ("indemnity", "Recovery indemnity")],
        string="Penalty Kind",
    )
    l10n_fr_franchise_category = fields.Selection(
        LINE_CATEGORIES,
        string="VAT Franchise Category",
        help="Category of the turnover of this line for the VAT franchise thresholds; "
        "empty: the product's, else from the product type (goods or services) and "
        "the company's activity.",
    )
