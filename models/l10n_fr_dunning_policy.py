from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval


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
        string="Customers", default="[]", help="Customers this policy applies to."
    )
    invoice_domain = fields.Char(
        string="Invoices", default="[]", help="Invoices this policy applies to."
    )
    level_ids = fields.One2many("l10n.fr.dunning.level", "policy_id", string="Levels")

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
        for policy in self:
            for field, model in (
                ("partner_domain", "res.partner"),
                ("invoice_domain", "account.move"),
            ):
                try:
                    self.env[model].search_count(policy._l10n_fr_domain(field), limit=1)
                except Exception as error:
                    raise ValidationError(
                        self.env._(
                            "The filter of the policy %(policy)s is invalid: %(error)s",
                            policy=policy.name,
                            error=error,
                        )
                    ) from error

    def _l10n_fr_domain(self, field):
        self.ensure_one()
        return safe_eval(self[field] or "[]", {"context_today": fields.Date.today})
