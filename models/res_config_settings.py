from odoo import api, fields, models

from ..rules.penalties import (
    MissingParameterError,
    MissingRateError,
    half_year,
    half_year_label,
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    l10n_fr_letter_scope = fields.Selection(
        related="company_id.l10n_fr_letter_scope", readonly=False
    )
    l10n_fr_letter_partner_guard = fields.Boolean(
        related="company_id.l10n_fr_letter_partner_guard", readonly=False
    )
    l10n_fr_letter_tolerance = fields.Monetary(
        related="company_id.l10n_fr_letter_tolerance", readonly=False
    )
    l10n_fr_letter_tolerance_percent = fields.Float(
        related="company_id.l10n_fr_letter_tolerance_percent", readonly=False
    )
    l10n_fr_letter_loss_account_id = fields.Many2one(
        related="company_id.l10n_fr_letter_loss_account_id", readonly=False
    )
    l10n_fr_letter_gain_account_id = fields.Many2one(
        related="company_id.l10n_fr_letter_gain_account_id", readonly=False
    )
    l10n_fr_letter_journal_id = fields.Many2one(
        related="company_id.l10n_fr_letter_journal_id", readonly=False
    )
    l10n_fr_fec_partial_letters = fields.Boolean(
        related="company_id.l10n_fr_fec_partial_letters", readonly=False
    )
    l10n_fr_penalty_clause = fields.Selection(
        related="company_id.l10n_fr_penalty_clause", readonly=False
    )
    l10n_fr_penalty_fixed_rate = fields.Float(
        related="company_id.l10n_fr_penalty_fixed_rate", readonly=False
    )
    l10n_fr_penalty_legal_multiple = fields.Float(
        related="company_id.l10n_fr_penalty_legal_multiple", readonly=False
    )
    l10n_fr_penalty_indemnity = fields.Boolean(
        related="company_id.l10n_fr_penalty_indemnity", readonly=False
    )
    l10n_fr_penalty_grace_days = fields.Integer(
        related="company_id.l10n_fr_penalty_grace_days", readonly=False
    )
    l10n_fr_penalty_interest_account_id = fields.Many2one(
        related="company_id.l10n_fr_penalty_interest_account_id", readonly=False
    )
    l10n_fr_penalty_indemnity_account_id = fields.Many2one(
        related="company_id.l10n_fr_penalty_indemnity_account_id", readonly=False
    )
    l10n_fr_penalty_rate_info = fields.Char(
        string="Rate This Half-Year", compute="_compute_l10n_fr_penalty_rate_info"
    )
    l10n_fr_penalty_below_floor = fields.Boolean(
        compute="_compute_l10n_fr_penalty_rate_info"
    )

    @api.depends(
        "l10n_fr_penalty_clause",
        "l10n_fr_penalty_fixed_rate",
        "l10n_fr_penalty_legal_multiple",
    )
    def _compute_l10n_fr_penalty_rate_info(self):
        Rates = self.env["l10n.fr.penalty.rate"]
        tables = Rates._l10n_fr_rate_tables()
        year, half = half_year(fields.Date.context_today(self))
        for settings in self:
            settings.l10n_fr_penalty_below_floor = False
            clause = settings.company_id.new(
                {
                    "l10n_fr_penalty_clause": settings.l10n_fr_penalty_clause,
                    "l10n_fr_penalty_fixed_rate": settings.l10n_fr_penalty_fixed_rate,
                    "l10n_fr_penalty_legal_multiple": (
                        settings.l10n_fr_penalty_legal_multiple
                    ),
                }
            )._l10n_fr_rate_clause()
            try:
                rate, floor_applied = tables.b2b_rate(clause, year, half)
            except (MissingRateError, MissingParameterError) as error:
                settings.l10n_fr_penalty_rate_info = Rates._l10n_fr_rate_error_message(
                    error
                )
                continue
            settings.l10n_fr_penalty_below_floor = floor_applied
            settings.l10n_fr_penalty_rate_info = self.env._(
                "%(rate)s %% per year in %(half_year)s",
                rate=round(float(rate), 2),
                half_year=half_year_label(year, half),
            )
