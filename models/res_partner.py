from odoo import api, fields, models

from ..rules import debtor


class ResPartner(models.Model):
    _inherit = "res.partner"

    l10n_fr_debtor_type = fields.Selection(
        [
            ("auto", "Automatic"),
            ("professional", "Professional"),
            ("consumer", "Consumer"),
        ],
        string="Debtor Type",
        default="auto",
        required=True,
        help="Automatic: a company, or anyone with a SIRET or VAT number, is a "
        "professional (late-payment penalties and 40 EUR indemnity); a person "
        "without is a consumer (legal interest from the formal notice).",
    )
    l10n_fr_is_professional = fields.Boolean(
        string="Professional Debtor", compute="_compute_l10n_fr_is_professional"
    )
    l10n_fr_penalty_due = fields.Monetary(
        string="Late-Payment Penalties Due",
        compute="_compute_l10n_fr_penalty_due",
        currency_field="currency_id",
        help="Penalties and indemnities due on the customer's invoices today, not "
        "invoiced yet, in the company currency.",
    )

    @api.depends(
        "l10n_fr_debtor_type",
        "commercial_partner_id.l10n_fr_debtor_type",
        "commercial_partner_id.is_company",
        "commercial_partner_id.vat",
        "commercial_partner_id.siret",
    )
    def _compute_l10n_fr_is_professional(self):
        for partner in self:
            commercial = partner.commercial_partner_id
            partner.l10n_fr_is_professional = (
                debtor.debtor_type(
                    commercial.l10n_fr_debtor_type,
                    commercial.is_company,
                    commercial.siret,
                    commercial.vat,
                )
                == debtor.PROFESSIONAL
            )

    def _compute_l10n_fr_penalty_due(self):
        today = fields.Date.context_today(self)
        invoices = self.env["account.move"].search(
            [
                ("commercial_partner_id", "in", self.commercial_partner_id.ids),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("company_id", "=", self.env.company.id),
                ("invoice_date_due", "<", today),
            ]
        )
        results = invoices._l10n_fr_penalty_compute(today, raise_on_error=False)
        company = self.env.company
        totals = {}
        for invoice in invoices:
            result = results[invoice.id]
            if result.get("error"):
                continue
            amount = invoice.currency_id._convert(
                result["due"], company.currency_id, company, today
            )
            key = invoice.commercial_partner_id.id
            totals[key] = totals.get(key, 0.0) + amount
        for partner in self:
            partner.l10n_fr_penalty_due = totals.get(
                partner.commercial_partner_id.id, 0.0
            )
