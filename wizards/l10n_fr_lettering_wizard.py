from odoo import api, fields, models
from odoo.exceptions import UserError


class L10nFrLetteringWizard(models.TransientModel):
    """Letter selected journal items ("Lettrer"): always through Odoo's reconciliation,
    fully when they balance, after writing off a difference within the company's
    tolerance when asked, otherwise partially."""

    _name = "l10n.fr.lettering.wizard"
    _description = "Letter Journal Items"

    line_ids = fields.Many2many(
        "account.move.line", string="Journal Items", required=True, readonly=True
    )
    company_id = fields.Many2one(
        "res.company", compute="_compute_company_id", store=True, precompute=True
    )
    company_currency_id = fields.Many2one(
        "res.currency", compute="_compute_totals", string="Company Currency"
    )
    currency_id = fields.Many2one("res.currency", compute="_compute_totals")
    account_id = fields.Many2one("account.account", compute="_compute_totals")
    partner_id = fields.Many2one("res.partner", compute="_compute_totals")
    total_debit = fields.Monetary(
        compute="_compute_totals", currency_field="company_currency_id"
    )
    total_credit = fields.Monetary(
        compute="_compute_totals", currency_field="company_currency_id"
    )
    difference = fields.Monetary(
        compute="_compute_totals",
        currency_field="company_currency_id",
        help="Open balance of the items: what a full lettering must write off.",
    )
    difference_currency = fields.Monetary(
        string="Difference in Currency",
        compute="_compute_totals",
        currency_field="currency_id",
    )
    tolerance = fields.Monetary(
        compute="_compute_totals", currency_field="company_currency_id"
    )
    within_tolerance = fields.Boolean(compute="_compute_totals")
    mode = fields.Selection(
        [
            ("full", "Letter in full"),
            ("writeoff", "Write off the difference and letter"),
            ("partial", "Letter partially (keep the difference open)"),
        ],
        string="Lettering",
        compute="_compute_mode",
        store=True,
        readonly=False,
    )
    writeoff_account_id = fields.Many2one(
        "account.account",
        string="Write-off Account",
        compute="_compute_writeoff",
        store=True,
        readonly=False,
        check_company=True,
    )
    writeoff_date = fields.Date(
        string="Write-off Date",
        compute="_compute_writeoff",
        store=True,
        readonly=False,
        help="Date of the write-off entry; a date in a locked period moves to the day "
        "after the lock date.",
    )
    writeoff_label = fields.Char(
        string="Write-off Label",
        default=lambda self: self.env._("Payment difference"),
    )
    lock_date_message = fields.Char(compute="_compute_lock_date_message")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "account.move.line":
            lines = self.env["account.move.line"].browse(
                self.env.context.get("active_ids")
            )
            lines._l10n_fr_check_letterable()
            values["line_ids"] = [fields.Command.set(lines.ids)]
        return values

    @api.depends("line_ids")
    def _compute_company_id(self):
        for wizard in self:
            wizard.company_id = wizard.line_ids.company_id.root_id[:1] or (
                self.env.company.root_id
            )

    @api.depends("line_ids")
    def _compute_totals(self):
        for wizard in self:
            lines = wizard.line_ids
            company = wizard.company_id
            residual, residual_currency, currency = lines._l10n_fr_residuals()
            partners = lines.partner_id.commercial_partner_id
            wizard.update(
                {
                    "company_currency_id": company.currency_id,
                    "currency_id": currency or company.currency_id,
                    "account_id": lines.account_id[:1],
                    "partner_id": partners if len(partners) == 1 else False,
                    "total_debit": sum(lines.mapped("debit")),
                    "total_credit": sum(lines.mapped("credit")),
                    "difference": residual,
                    "difference_currency": (
                        residual if residual_currency is None else residual_currency
                    ),
                }
            )
            base = max(wizard.total_debit, wizard.total_credit)
            wizard.tolerance = company._l10n_fr_letter_tolerance_for(base)
            wizard.within_tolerance = wizard._l10n_fr_balanced() or (
                company.currency_id.compare_amounts(abs(residual), wizard.tolerance)
                <= 0
            )

    def _l10n_fr_balanced(self):
        self.ensure_one()
        return self.currency_id.is_zero(self.difference_currency) and (
            self.company_currency_id.is_zero(self.difference)
        )

    @api.depends("line_ids")
    def _compute_mode(self):
        for wizard in self:
            if wizard._l10n_fr_balanced():
                wizard.mode = "full"
            elif wizard.within_tolerance:
                wizard.mode = "writeoff"
            else:
                wizard.mode = "partial"

    @api.depends("line_ids", "mode")
    def _compute_writeoff(self):
        for wizard in self:
            if wizard.mode != "writeoff" or not wizard.line_ids:
                wizard.writeoff_account_id = False
                wizard.writeoff_date = False
                continue
            loss = (wizard.difference or wizard.difference_currency) > 0
            wizard.writeoff_account_id = (
                wizard.company_id._l10n_fr_letter_writeoff_account(loss)
            )
            wizard.writeoff_date = max(wizard.line_ids.mapped("date"))

    @api.depends("writeoff_date", "mode")
    def _compute_lock_date_message(self):
        for wizard in self:
            wizard.lock_date_message = False
            if wizard.mode != "writeoff" or not wizard.writeoff_date:
                continue
            company = wizard.line_ids.company_id[:1]
            journal = wizard.company_id._l10n_fr_letter_journal()
            day = wizard.line_ids._l10n_fr_after_lock_dates(
                company, wizard.writeoff_date, journal
            )
            if day != wizard.writeoff_date:
                wizard.lock_date_message = self.env._(
                    "The period is locked: the write-off entry will be dated %(date)s.",
                    date=fields.Date.to_string(day),
                )

    def action_letter(self):
        self.ensure_one()
        lines = self.line_ids
        lines._l10n_fr_check_letterable()
        group = {"lines": lines, "writeoff": False}
        if self.mode == "writeoff":
            if not self.within_tolerance:
                raise UserError(
                    self.env._(
                        "The difference of %(difference)s is above the tolerance of "
                        "%(tolerance)s: letter partially, or change the tolerance in "
                        "the accounting settings.",
                        difference=self.difference,
                        tolerance=self.tolerance,
                    )
                )
            group["writeoff"] = True
            group["writeoff_vals"] = lines._l10n_fr_writeoff_vals(
                day=self.writeoff_date,
                label=self.writeoff_label,
                account=self.writeoff_account_id,
            )
        elif self.mode == "full" and not self._l10n_fr_balanced():
            raise UserError(self.env._("These journal items do not balance."))
        history = self.env["account.move.line"]._l10n_fr_letter_groups(
            [group], "manual"
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Lettered with %(letter)s.", letter=history.letter or "-"
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
