from datetime import timedelta
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..rules.penalties import (
    DatedRate,
    MissingParameterError,
    MissingRateError,
    half_year,
    half_year_bounds,
    half_year_label,
)
from ..rules.rate_tables import HalfYearLegalRates, RateTables
from .l10n_fr_ecb_rate import CONFIDENCE


def _decimal(value):
    return Decimal(repr(value))


class L10nFrPenaltyRate(models.Model):
    """One half-year of late-payment rates: the legal interest rates published for it
    (CMF L313-2) and, derived from the ECB rates and the dated parameters, the B2B
    default rate and the legal floor, to check against the official figures."""

    _name = "l10n.fr.penalty.rate"
    _description = "Half-Year Late-Payment Rates"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "year desc, half desc"

    name = fields.Char(compute="_compute_dates", store=True)
    # no sum of years in the group rows of a list
    year = fields.Integer(required=True, aggregator=None)
    half = fields.Selection(
        [("1", "First half (January-June)"), ("2", "Second half (July-December)")],
        required=True,
    )
    date_from = fields.Date(compute="_compute_dates", store=True)
    date_to = fields.Date(compute="_compute_dates", store=True)
    legal_rate_person = fields.Float(
        string="Legal Rate, Creditor a Person (%)",
        digits=(16, 2),
        required=True,
        help="Creditor a natural person not acting for professional needs.",
    )
    legal_rate_other = fields.Float(
        string="Legal Rate, Other Cases (%)",
        digits=(16, 2),
        required=True,
        help="All other cases, e.g. a company creditor: the rate owed by consumers to "
        "a company, and the base of the floor of B2B penalties.",
    )
    legal_ref = fields.Char(string="Legal Reference")
    source = fields.Char()
    confidence = fields.Selection(CONFIDENCE, default="confirmed", required=True)
    ecb_anchor_rate = fields.Float(
        string="ECB Rate at Anchor (%)", digits=(16, 2), compute="_compute_derived"
    )
    b2b_default_rate = fields.Float(
        string="B2B Default Rate (%)",
        digits=(16, 2),
        compute="_compute_derived",
        help="ECB rate in force on 1 January or 1 July plus the margin (L441-10 II).",
    )
    floor_rate = fields.Float(
        string="Legal Floor (%)",
        digits=(16, 2),
        compute="_compute_derived",
        help="Multiple of the legal rate (other cases) below which no penalty rate "
        "may go.",
    )
    floor_above_default = fields.Boolean(compute="_compute_derived")
    derivation_error = fields.Char(compute="_compute_derived")

    _sql_constraints = [
        ("half_year_unique", "unique(year, half)", "This half-year already has rates."),
    ]

    @api.depends("year", "half")
    def _compute_dates(self):
        for record in self:
            if not record.year or not record.half:
                record.update({"name": False, "date_from": False, "date_to": False})
                continue
            start, end = half_year_bounds(record.year, int(record.half))
            record.update(
                {
                    "name": half_year_label(record.year, int(record.half)),
                    "date_from": start,
                    "date_to": end,
                }
            )

    @api.depends("year", "half", "legal_rate_other", "legal_rate_person")
    def _compute_derived(self):
        tables = self._l10n_fr_rate_tables()
        for record in self:
            values = {
                "ecb_anchor_rate": 0.0,
                "b2b_default_rate": 0.0,
                "floor_rate": 0.0,
                "floor_above_default": False,
                "derivation_error": False,
            }
            if record.year and record.half:
                key = (record.year, int(record.half))
                tables.legal[key] = HalfYearLegalRates(
                    _decimal(record.legal_rate_person),
                    _decimal(record.legal_rate_other),
                )
                try:
                    default = tables.default_rate(*key)
                    floor = tables.floor_rate(*key)
                    margin = tables.margin(*key)
                    values.update(
                        {
                            "ecb_anchor_rate": float(default - margin),
                            "b2b_default_rate": float(default),
                            "floor_rate": float(floor),
                            "floor_above_default": floor > default,
                        }
                    )
                except (MissingRateError, MissingParameterError) as error:
                    values["derivation_error"] = self._l10n_fr_rate_error_message(error)
            record.update(values)

    @api.model
    def _l10n_fr_rate_tables(self):
        """Every dated legal figure the penalty rules need, read once for a batch."""
        Parameter = self.env["l10n.fr.legal.parameter"].sudo()

        def dated(records, field):
            return [DatedRate(r.date_from, _decimal(r[field])) for r in records]

        def parameter(code):
            return dated(Parameter.search([("code", "=", code)]), "value")

        return RateTables(
            ecb=dated(self.env["l10n.fr.ecb.rate"].sudo().search([]), "rate"),
            legal={
                (r.year, int(r.half)): HalfYearLegalRates(
                    _decimal(r.legal_rate_person), _decimal(r.legal_rate_other)
                )
                for r in self.sudo().search([])
            },
            margins=parameter("b2b_margin"),
            floor_multipliers=parameter("floor_multiplier"),
            indemnities=parameter("recovery_indemnity"),
        )

    @api.model
    def _l10n_fr_rate_error_message(self, error):
        if isinstance(error, MissingRateError):
            return self.env._(
                "No late-payment rate is known for the half-year %(half_year)s: record "
                "its legal interest rates (and the ECB rate in force on its first day) "
                "under Accounting > Configuration > Late-Payment Rates.",
                half_year=error.label,
            )
        return self.env._(
            "No value of the legal parameter '%(parameter)s' applies on %(date)s: add "
            "it under Accounting > Configuration > Legal Parameters.",
            parameter=error.parameter,
            date=error.day,
        )

    @api.model
    def _l10n_fr_user_error(self, error):
        return UserError(self._l10n_fr_rate_error_message(error))

    @api.model
    def _cron_check_missing_rates(self):
        """Warn the credit collection managers (an activity) when the current or the
        next half-year has no rates yet."""
        today = fields.Date.context_today(self)
        next_day = half_year_bounds(*half_year(today))[1] + timedelta(days=1)
        known = {(r.year, int(r.half)) for r in self.search([])}
        keys = [
            key for key in (half_year(today), half_year(next_day)) if key not in known
        ]
        missing = [half_year_label(*key) for key in keys]
        anchor = self.search([], limit=1)
        if not missing or not anchor:
            return missing
        group = self.env.ref(
            "l10n_fr_credit_collection.group_credit_collection_manager"
        )
        users = group.users.filtered(lambda user: user.active and not user.share)
        for key in keys:
            for user in users:
                # in the manager's language: "1er semestre 2027", not "2027-S1"
                env = self.with_context(lang=user.lang).env
                label = env["res.company"]._l10n_fr_half_year_text(*key)
                summary = env._(
                    "Late-payment rates missing for %(half_year)s", half_year=label
                )
                if anchor.activity_ids.filtered(
                    lambda a, s=summary, u=user: a.summary == s and a.user_id == u
                ):
                    continue
                anchor.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=summary,
                    note=env._(
                        "Record the legal interest rates of %(half_year)s (arrêté "
                        "published in the Journal officiel) and the ECB main "
                        "refinancing rate in force on its first day; penalties of "
                        "that half-year cannot be computed without them.",
                        half_year=label,
                    ),
                    user_id=user.id,
                )
        return missing
