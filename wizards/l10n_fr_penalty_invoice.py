from odoo import api, fields, models
from odoo.exceptions import UserError


class L10nFrPenaltyInvoice(models.TransientModel):
    _name = "l10n.fr.penalty.invoice"
    _description = "Invoice Late-Payment Penalties"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    move_ids = fields.Many2many(
        "account.move", string="Invoices", required=True, readonly=True
    )
    invoice_date = fields.Date(
        string="Penalties Computed Up To",
        required=True,
        default=fields.Date.context_today,
        help="Interest runs up to and including this date, which is also the date of "
        "the penalty invoices.",
    )
    post = fields.Boolean(string="Post the Penalty Invoices", default=True)
    summary_html = fields.Html(compute="_compute_summary_html", sanitize=False)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "account.move":
            moves = self.env["account.move"].browse(self.env.context.get("active_ids"))
            if not moves:
                raise UserError(self.env._("Select the overdue invoices to bill."))
            values["move_ids"] = [fields.Command.set(moves.ids)]
        return values

    @api.depends("move_ids", "invoice_date")
    def _compute_summary_html(self):
        for wizard in self:
            moves = wizard.move_ids.filtered(lambda m: m.move_type == "out_invoice")
            if not moves or not wizard.invoice_date:
                wizard.summary_html = False
                continue
            results = moves._l10n_fr_penalty_compute(
                wizard.invoice_date, raise_on_error=False
            )
            rows = [
                (move, results[move.id]) for move in moves if results[move.id]["total"]
            ]
            wizard.summary_html = self.env["ir.qweb"]._render(
                "l10n_fr_credit_collection.penalty_invoice_summary",
                {"rows": rows, "moves": moves, "results": results},
            )

    def action_create_invoices(self):
        self.ensure_one()
        invoices = self.move_ids._l10n_fr_create_penalty_invoices(
            self.invoice_date, post=self.post
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        if len(invoices) == 1:
            action.update({"view_mode": "form", "views": [(False, "form")]})
            action["res_id"] = invoices.id
        else:
            action["domain"] = [("id", "in", invoices.ids)]
        return action
