from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_datetime, formatLang

from ..rules.penalties import (
    MissingParameterError,
    MissingRateError,
    half_year,
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    @api.constrains("l10n_fr_dunning_send_attempts")
    def _check_l10n_fr_dunning_send_attempts(self):
        if any(not 1 <= s.l10n_fr_dunning_send_attempts <= 30 for s in self):
            raise ValidationError(
                self.env._("The sending attempts of a reminder must be from 1 to 30.")
            )

    l10n_fr_dunning_send_attempts = fields.Integer(
        string="Sending Attempts",
        config_parameter="l10n_fr_credit_collection.send_attempts",
        default=3,
        help="Failed sending attempts after which a reminder stops and its credit "
        "controller gets an activity (its failed channels are retried alone once a "
        "day until then).",
    )
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
    l10n_fr_plan_waive_interest = fields.Boolean(
        related="company_id.l10n_fr_plan_waive_interest", readonly=False
    )
    l10n_fr_plan_reminder_days = fields.Integer(
        related="company_id.l10n_fr_plan_reminder_days", readonly=False
    )
    l10n_fr_plan_grace_days = fields.Integer(
        related="company_id.l10n_fr_plan_grace_days", readonly=False
    )
    l10n_fr_plan_portal_request = fields.Boolean(
        related="company_id.l10n_fr_plan_portal_request", readonly=False
    )
    l10n_fr_penalty_interest_account_id = fields.Many2one(
        related="company_id.l10n_fr_penalty_interest_account_id", readonly=False
    )
    l10n_fr_penalty_indemnity_account_id = fields.Many2one(
        related="company_id.l10n_fr_penalty_indemnity_account_id", readonly=False
    )
    l10n_fr_is_french_law = fields.Boolean(related="company_id.l10n_fr_is_french_law")
    l10n_fr_vat_franchise = fields.Boolean(
        related="company_id.l10n_fr_vat_franchise", readonly=False
    )
    l10n_fr_franchise_start_date = fields.Date(
        related="company_id.l10n_fr_franchise_start_date", readonly=False
    )
    l10n_fr_franchise_activity = fields.Selection(
        related="company_id.l10n_fr_franchise_activity", readonly=False
    )
    l10n_fr_franchise_basis = fields.Selection(
        related="company_id.l10n_fr_franchise_basis", readonly=False
    )
    l10n_fr_franchise_crossing_mode = fields.Selection(
        related="company_id.l10n_fr_franchise_crossing_mode", readonly=False
    )
    l10n_fr_franchise_tax_mode = fields.Selection(
        related="company_id.l10n_fr_franchise_tax_mode", readonly=False
    )
    l10n_fr_franchise_warning_shares = fields.Char(
        related="company_id.l10n_fr_franchise_warning_shares", readonly=False
    )
    l10n_fr_franchise_status = fields.Selection(
        selection=lambda self: (
            self.env["l10n.fr.franchise.year"]
            ._fields["status"]
            ._description_selection(self.env)
        ),
        string="Franchise Status",
        compute="_compute_l10n_fr_franchise_status",
    )
    l10n_fr_franchise_status_info = fields.Text(
        string="Franchise Status Details",
        compute="_compute_l10n_fr_franchise_status",
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
                rate=formatLang(self.env, float(rate)),
                half_year=self.env["res.company"]._l10n_fr_half_year_text(year, half),
            )

    @api.depends("company_id", "l10n_fr_vat_franchise")
    def _compute_l10n_fr_franchise_status(self):
        Year = self.env["l10n.fr.franchise.year"].sudo()
        year = fields.Date.context_today(self).year
        for settings in self:
            record = Year.search(
                [("company_id", "=", settings.company_id.id), ("year", "=", year)],
                limit=1,
            )
            settings.l10n_fr_franchise_status = record.status
            if record.status:
                settings.l10n_fr_franchise_status_info = self.env._(
                    "%(year)s (checked on %(date)s): %(message)s",
                    year=year,
                    date=format_datetime(self.env, record.checked_on),
                    message=record.status_message,
                )
            else:
                settings.l10n_fr_franchise_status_info = self.env._(
                    "%(year)s: not checked yet. Save the settings, then click "
                    "\u201cCheck now\u201d.",
                    year=year,
                )

    def action_l10n_fr_franchise_check(self):
        """Run the year-start check of the company now and show its record."""
        self.ensure_one()
        company = self.company_id
        if not company.l10n_fr_vat_franchise:
            raise UserError(
                self.env._(
                    "Enable the VAT franchise of %(company)s first.",
                    company=company.name,
                )
            )
        Year = self.env["l10n.fr.franchise.year"]
        Year.check_access("read")
        record = Year.sudo()._l10n_fr_check_companies(company)
        return Year._l10n_fr_open_action(record)

    def action_l10n_fr_franchise_monitor(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_credit_collection.l10n_fr_franchise_year_action"
        )

    def action_l10n_fr_franchise_thresholds(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_credit_collection.l10n_fr_franchise_threshold_action"
        )

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
    l10n_fr_default_collector_id = fields.Many2one(
        related="company_id.l10n_fr_default_collector_id", readonly=False
    )
    l10n_fr_worklist_factor_call = fields.Float(
        related="company_id.l10n_fr_worklist_factor_call", readonly=False
    )
    l10n_fr_worklist_factor_promise = fields.Float(
        related="company_id.l10n_fr_worklist_factor_promise", readonly=False
    )
    l10n_fr_worklist_factor_dispute = fields.Float(
        related="company_id.l10n_fr_worklist_factor_dispute", readonly=False
    )
    l10n_fr_worklist_factor_letter = fields.Float(
        related="company_id.l10n_fr_worklist_factor_letter", readonly=False
    )
    l10n_fr_worklist_factor_case = fields.Float(
        related="company_id.l10n_fr_worklist_factor_case", readonly=False
    )
    l10n_fr_worklist_horizon = fields.Integer(
        related="company_id.l10n_fr_worklist_horizon", readonly=False
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
    l10n_fr_proceeding_judgment_day_interest = fields.Boolean(
        related="company_id.l10n_fr_proceeding_judgment_day_interest", readonly=False
    )
    l10n_fr_retention_of_title = fields.Boolean(
        related="company_id.l10n_fr_retention_of_title", readonly=False
    )
    l10n_fr_declaration_reminder_days = fields.Integer(
        related="company_id.l10n_fr_declaration_reminder_days", readonly=False
    )
    l10n_fr_doubtful_account_id = fields.Many2one(
        related="company_id.l10n_fr_doubtful_account_id", readonly=False
    )
    l10n_fr_provision_expense_account_id = fields.Many2one(
        related="company_id.l10n_fr_provision_expense_account_id", readonly=False
    )
    l10n_fr_provision_account_id = fields.Many2one(
        related="company_id.l10n_fr_provision_account_id", readonly=False
    )
    l10n_fr_provision_reversal_account_id = fields.Many2one(
        related="company_id.l10n_fr_provision_reversal_account_id", readonly=False
    )
    l10n_fr_bad_debt_account_id = fields.Many2one(
        related="company_id.l10n_fr_bad_debt_account_id", readonly=False
    )
    l10n_fr_bad_debt_journal_id = fields.Many2one(
        related="company_id.l10n_fr_bad_debt_journal_id", readonly=False
    )
    l10n_fr_provision_default_rate = fields.Float(
        related="company_id.l10n_fr_provision_default_rate", readonly=False
    )
    l10n_fr_credit_limit_block = fields.Boolean(
        related="company_id.l10n_fr_credit_limit_block", readonly=False
    )
