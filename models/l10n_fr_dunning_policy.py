from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .l10n_fr_domain_filter import check_filter, filter_domain

FILTER_HELP = (
    "A list of conditions (field, operator, value) with literal values only; "
    'relative dates are written "today", "today - 30 days", "today + 2 weeks", '
    '"today - 3 months", "today - 1 year".'
)


class L10nFrDunningPolicy(models.Model):
    _name = "l10n.fr.dunning.policy"
    _description = "Dunning Policy"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        string="Priority", default=10, help="Policies are tried by priority."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    is_default = fields.Boolean(
        string="Default Policy",
        help="Applies to the customers and invoices no other policy matches.",
    )
    partner_domain = fields.Char(
        string="Customers",
        default="[]",
        help="Customers this policy applies to. " + FILTER_HELP,
    )
    invoice_domain = fields.Char(
        string="Invoices",
        default="[]",
        help="Invoices this policy applies to. " + FILTER_HELP,
    )
    level_ids = fields.One2many("l10n.fr.dunning.level", "policy_id", string="Levels")
    payment_working_days = fields.Boolean(
        string="Days to Pay in Working Days",
        help="The days to pay that the letters and e-mails of this policy give count "
        "working days only: no Saturday, Sunday nor public holiday of the company's "
        "address (local holidays of Alsace-Moselle and overseas included). "
        "Otherwise calendar days, the last day moved to the next working day when "
        "it falls on a Saturday, a Sunday or a public holiday.",
    )

    @api.constrains("is_default", "company_id", "active")
    def _check_one_default(self):
        for company in self.filtered("is_default").company_id:
            defaults = self.search_count(
                [("company_id", "=", company.id), ("is_default", "=", True)]
            )
            if defaults > 1:
                raise ValidationError(
                    self.env._("A company has one default dunning policy at most.")
                )

    @api.constrains("partner_domain", "invoice_domain")
    def _check_domains(self):
        """Filters are literal domains checked against the fields (never evaluated:
        rules/domain.py), for every user, Settings administrators included."""
        _ = self.env._
        for policy in self:
            check_filter(
                self.env,
                "res.partner",
                policy.partner_domain,
                _('"Customers" of the policy %(policy)s', policy=policy.name),
            )
            check_filter(
                self.env,
                "account.move",
                policy.invoice_domain,
                _('"Invoices" of the policy %(policy)s', policy=policy.name),
            )

    def _l10n_fr_domain(self, field, today=None):
        """The domain of the filter ``field``, its relative dates as of ``today``
        (default: today)."""
        self.ensure_one()
        try:
            return filter_domain(self[field], today or fields.Date.context_today(self))
        except ValueError:
            raise UserError(
                self.env._(
                    "The filters of the dunning policy %(policy)s are not valid: "
                    "correct them.",
                    policy=self.name,
                )
            ) from None
