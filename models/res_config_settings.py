from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    l10n_fr_letter_scope = fields.Selection(
        related="company_id.l10n_fr_letter_scope", readonly=False
    )
