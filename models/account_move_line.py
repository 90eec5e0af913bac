from odoo import fields, models


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
