from odoo import api, fields, models
from odoo.exceptions import UserError


class L10nFrDunningOptOut(models.TransientModel):
    """Stop dunning a customer, with the reason: for the credit controller, who may
    not edit contacts (the customer's form is read-only for him)."""

    _name = "l10n.fr.dunning.opt.out"
    _description = "Stop Dunning a Customer"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    reason = fields.Char(string="Reason for No Dunning", required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner":
            values["partner_id"] = self.env.context.get("active_id")
        return values

    def action_confirm(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give the reason for not dunning the customer."))
        self.partner_id.write(
            {
                "l10n_fr_dunning_opt_out": True,
                "l10n_fr_dunning_opt_out_reason": self.reason.strip(),
            }
        )
        return {"type": "ir.actions.act_window_close"}
