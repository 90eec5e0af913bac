from decimal import Decimal

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

from ..rules import franchise
from .l10n_fr_ecb_rate import CONFIDENCE

THRESHOLD_CATEGORIES = [
    (franchise.GOODS, "Goods, restaurant, lodging (total turnover)"),
    (franchise.SERVICES, "Services"),
    (franchise.LAWYER_SPECIFIC, "Lawyers, authors, performers: specific activity"),
    (franchise.LAWYER_OTHER, "Lawyers, authors, performers: other operations"),
]
LINE_CATEGORIES = [
    (franchise.LINE_GOODS, "Goods, restaurant, lodging"),
    (franchise.LINE_SERVICES, "Services"),
    (franchise.LINE_BUILDING, "Building works"),
    (franchise.LINE_SPECIFIC, "Specific activity (lawyer, author, performer)"),
]
RULE_VERSIONS = [
    (
        franchise.PRE2025,
        "Before 2025 (two-year tolerance, VAT from the 1st of the month)",
    ),
    (franchise.V2025, "From 2025 (VAT from the exceeding operation, pro rata start)"),
    (franchise.CANCELLED, "Never applied (kept as history, ignored)"),
]


class L10nFrFranchiseThreshold(models.Model):
    """The VAT franchise thresholds of one calendar year and category (CGI art.
    293 B): the base threshold tested on the previous year's turnover, the higher
    one on the current year's, and the rule version that decides how they apply."""

    _name = "l10n.fr.franchise.threshold"
    _description = "VAT Franchise Threshold"
    _order = "year desc, rule_version, category"

    # no sum of years in the group rows of a list
    year = fields.Integer(required=True, aggregator=None)
    category = fields.Selection(THRESHOLD_CATEGORIES, required=True)
    base = fields.Float(
        string="Threshold (EUR)",
        digits=(16, 2),
        required=True,
        help="Limit of the previous year's turnover excluding VAT.",
    )
    higher = fields.Float(
        string="Higher Threshold (EUR)",
        digits=(16, 2),
        required=True,
        help="Limit of the current year's turnover excluding VAT: exceeding it "
        "ends the franchise during the year.",
    )
    rule_version = fields.Selection(RULE_VERSIONS, required=True)
    legal_ref = fields.Char(string="Legal Reference")
    source = fields.Char()
    confidence = fields.Selection(CONFIDENCE, default="confirmed", required=True)

    @api.depends("year", "category")
    def _compute_display_name(self):
        labels = dict(self._fields["category"]._description_selection(self.env))
        for threshold in self:
            threshold.display_name = (
                f"{threshold.year} - {labels.get(threshold.category, '')}"
            )

    @api.constrains("year", "category", "base", "higher", "rule_version")
    def _check_threshold(self):
        for threshold in self:
            if threshold.base <= 0 or threshold.higher < threshold.base:
                raise ValidationError(
                    self.env._(
                        "The higher threshold of %(threshold)s must be at least its "
                        "threshold, and both positive.",
                        threshold=threshold.display_name,
                    )
                )
            if threshold.rule_version == franchise.CANCELLED:
                continue
            others = self.search(
                [
                    ("id", "!=", threshold.id),
                    ("year", "=", threshold.year),
                    ("rule_version", "!=", franchise.CANCELLED),
                ]
            )
            if threshold.category in others.mapped("category"):
                raise ValidationError(
                    self.env._(
                        "There is already a threshold applied for %(threshold)s.",
                        threshold=threshold.display_name,
                    )
                )
            if others.filtered(lambda o, t=threshold: o.rule_version != t.rule_version):
                raise ValidationError(
                    self.env._(
                        "All the thresholds of %(year)s must follow the same rule "
                        "version.",
                        year=threshold.year,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    @api.model
    def _l10n_fr_threshold_table(self):
        """Every threshold as the pure rules' table (cached: checked at every
        posting of a franchise company's invoice)."""
        return franchise.ThresholdTable(self._l10n_fr_thresholds())

    @tools.ormcache()
    def _l10n_fr_thresholds(self):
        return tuple(
            franchise.Threshold(
                record.year,
                record.category,
                Decimal(repr(record.base)),
                Decimal(repr(record.higher)),
                record.rule_version,
            )
            for record in self.sudo().search([])
        )

    @api.model
    def _l10n_fr_missing_message(self, error):
        """The user message of a ``franchise.MissingThresholdError``."""
        return self.env._(
            "No VAT franchise threshold is recorded for %(year)s: enter the "
            "thresholds of that year under Accounting > Configuration > Credit "
            "Collection > VAT Franchise Thresholds (they are never extrapolated from "
            "another year).",
            year=error.year,
        )

    @api.model
    def _l10n_fr_user_error(self, error):
        return UserError(self._l10n_fr_missing_message(error))
