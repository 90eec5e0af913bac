from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    l10n_fr_legal_form = fields.Char(
        related="company_id.l10n_fr_legal_form", readonly=False
    )
    l10n_fr_share_capital = fields.Monetary(
        related="company_id.l10n_fr_share_capital", readonly=False
    )
    l10n_fr_rcs_city = fields.Char(
        related="company_id.l10n_fr_rcs_city", readonly=False
    )
    l10n_fr_in_liquidation = fields.Boolean(
        related="company_id.l10n_fr_in_liquidation", readonly=False
    )
    l10n_fr_representative_name = fields.Char(
        related="company_id.l10n_fr_representative_name", readonly=False
    )
    l10n_fr_representative_title = fields.Char(
        related="company_id.l10n_fr_representative_title", readonly=False
    )
    l10n_fr_signatory_id = fields.Many2one(
        related="company_id.l10n_fr_signatory_id", readonly=False
    )
    l10n_fr_signatory_title = fields.Char(
        related="company_id.l10n_fr_signatory_title", readonly=False
    )
    l10n_fr_terms_pdf = fields.Binary(
        related="company_id.l10n_fr_terms_pdf", readonly=False
    )
    l10n_fr_terms_pdf_name = fields.Char(
        related="company_id.l10n_fr_terms_pdf_name", readonly=False
    )
    l10n_fr_missing_mentions = fields.Char(
        related="company_id.l10n_fr_missing_mentions"
    )
