from odoo import api, fields, models
from odoo.exceptions import UserError

from .l10n_fr_text_limit import NOTE_LENGTH, check_length


class L10nFrDisputeReason(models.Model):
    _name = "l10n.fr.dispute.reason"
    _description = "Dispute Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    @api.constrains("name")
    def _check_name(self):
        check_length(self, ["name"])


class L10nFrDispute(models.Model):
    """A customer's dispute (litige) over invoices: while it is open, the invoices
    are left out of the dunning (account.move.l10n_fr_litigation) and stay in the
    aged balance and the statement."""

    _name = "l10n.fr.dispute"
    _description = "Dispute"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "deadline, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, default="/", copy=False)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain=[("parent_id", "=", False)],
    )
    reason_id = fields.Many2one(
        "l10n.fr.dispute.reason", string="Reason", required=True, tracking=True
    )
    invoice_ids = fields.Many2many(
        "account.move",
        "l10n_fr_dispute_account_move_rel",
        "dispute_id",
        "move_id",
        string="Disputed Invoices",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('commercial_partner_id', '=', partner_id)]",
    )
    amount = fields.Monetary(
        string="Disputed Amount",
        compute="_compute_amount",
        store=True,
        readonly=False,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        tracking=True,
        compute="_compute_user_id",
        store=True,
        readonly=False,
        help="Who follows the dispute up: by default the customer's credit controller.",
    )
    deadline = fields.Date(
        tracking=True,
        index=True,
        default=lambda self: fields.Date.add(fields.Date.context_today(self), days=15),
    )
    note = fields.Text(string="Notes")
    state = fields.Selection(
        [
            ("open", "Open"),
            ("credit_note", "Resolved by Credit Note"),
            ("dunning", "Resolved, Back to Dunning"),
            ("lost", "Lost"),
        ],
        default="open",
        required=True,
        tracking=True,
        index=True,
    )
    close_date = fields.Date(readonly=True, copy=False)

    @api.constrains("note")
    def _check_note(self):
        check_length(self, ["note"], NOTE_LENGTH)

    @api.depends("invoice_ids")
    def _compute_amount(self):
        for dispute in self:
            dispute.amount = sum(dispute.invoice_ids.mapped("amount_residual"))

    @api.depends("partner_id", "company_id")
    def _compute_user_id(self):
        for company in self.company_id:
            disputes = self.filtered(lambda d, c=company: d.company_id == c)
            controllers = disputes.partner_id._l10n_fr_credit_controllers(company)
            for dispute in disputes:
                dispute.user_id = controllers.get(dispute.partner_id.id) or (
                    dispute.user_id or self.env.user
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("l10n.fr.dispute") or "/"
                )
        return super().create(vals_list)

    def _close(self, state):
        self.filtered(lambda d: d.state == "open").write(
            {"state": state, "close_date": fields.Date.context_today(self)}
        )

    def action_back_to_dunning(self):
        self._close("dunning")

    def action_lost(self):
        self._close("lost")

    def action_reopen(self):
        self.write({"state": "open", "close_date": False})

    def action_credit_note(self):
        """Resolve by a credit note: Odoo's credit note wizard on the invoices."""
        self.ensure_one()
        invoices = self.invoice_ids.filtered(lambda m: m.state == "posted")
        if not invoices:
            raise UserError(self.env._("The dispute has no posted invoice to credit."))
        self._close("credit_note")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_view_account_move_reversal"
        )
        action["context"] = {
            "active_model": "account.move",
            "active_ids": invoices.ids,
            "default_reason": self.reason_id.name,
        }
        return action
