from odoo import fields, models

from .l10n_fr_ecb_rate import CONFIDENCE


class L10nFrLegalParameter(models.Model):
    _name = "l10n.fr.legal.parameter"
    _description = "Dated Legal Parameter"
    _order = "code, date_from desc"

    code = fields.Selection(
        [
            ("b2b_margin", "B2B penalty margin (points over the ECB rate)"),
            ("floor_multiplier", "Penalty floor (multiple of the legal interest rate)"),
            ("recovery_indemnity", "Fixed recovery indemnity per invoice (EUR)"),
            ("ip_service_months", "Injonction: months to serve the order"),
            ("ip_opposition_months", "Injonction: months to oppose after service"),
            (
                "ip_enforcement_months",
                (
                    "Injonction: months after service without notice of opposition "
                    "before enforcing (0: after the opposition period)"
                ),
            ),
            ("ip_tae_experiment", "Tribunaux des activités économiques in force (1/0)"),
            ("prescription_professional_years", "Limitation between professionals"),
            ("prescription_consumer_years", "Limitation against a consumer (years)"),
            ("small_claims_cap", "Small-claims procedure cap (EUR)"),
            (
                "ip_formule_request_months",
                (
                    "Injonction: months after the opposition period to request the "
                    "formule exécutoire (0: the order bears it)"
                ),
            ),
            (
                "ip_artisans_commercial",
                (
                    "Injonction: debts between craftsmen and traders go to the "
                    "commercial court (1/0)"
                ),
            ),
            (
                "insolvency_declaration_months",
                "Proceedings: months to declare a claim from the BODACC publication",
            ),
            (
                "insolvency_declaration_extension_months",
                "Proceedings: extra months for a creditor outside metropolitan France",
            ),
            (
                "insolvency_releve_months",
                "Proceedings: months to ask for a relevé de forclusion",
            ),
            (
                "insolvency_revendication_months",
                "Proceedings: months to claim goods under retention of title",
            ),
            (
                "bad_debt_vat_recovery_years",
                "Lost debts: years after the event to recover the VAT (to 31 Dec)",
            ),
        ],
        required=True,
    )
    name = fields.Char(compute="_compute_name")
    date_from = fields.Date(string="Effective From", required=True)
    value = fields.Float(digits=(16, 2), required=True)
    legal_ref = fields.Char(string="Legal Reference")
    source = fields.Char()
    confidence = fields.Selection(CONFIDENCE, default="confirmed", required=True)

    _sql_constraints = [
        (
            "code_date_unique",
            "unique(code, date_from)",
            "There is already a value of this parameter at that date.",
        )
    ]

    def _compute_name(self):
        labels = dict(self._fields["code"]._description_selection(self.env))
        for parameter in self:
            parameter.name = labels.get(parameter.code, "")
