from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang

from ..models.l10n_fr_lettering_rule import REASONS


class L10nFrLetteringProposalWizard(models.TransientModel):
    """Automatic lettering: the groups each rule would letter, to accept all or some,
    and the ambiguous cases left for a human."""

    _name = "l10n.fr.lettering.proposal.wizard"
    _description = "Automatic Lettering"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company.root_id,
        domain="[('parent_id', '=', False)]",
    )
    rule_ids = fields.Many2many(
        "l10n.fr.lettering.rule",
        string="Rules",
        domain="[('company_id', '=', company_id)]",
        compute="_compute_rule_ids",
        store=True,
        readonly=False,
    )
    proposal_ids = fields.One2many(
        "l10n.fr.lettering.proposal",
        "wizard_id",
        domain=[("state", "=", "proposal")],
    )
    ambiguity_ids = fields.One2many(
        "l10n.fr.lettering.proposal",
        "wizard_id",
        domain=[("state", "=", "ambiguous")],
    )
    computed = fields.Boolean()
    proposal_count = fields.Integer(compute="_compute_counts")
    ambiguity_count = fields.Integer(compute="_compute_counts")

    @api.depends("company_id")
    def _compute_rule_ids(self):
        for wizard in self:
            wizard.rule_ids = self.env["l10n.fr.lettering.rule"].search(
                [("company_id", "=", wizard.company_id.id)]
            )

    @api.depends("proposal_ids", "ambiguity_ids")
    def _compute_counts(self):
        for wizard in self:
            wizard.proposal_count = len(wizard.proposal_ids)
            wizard.ambiguity_count = len(wizard.ambiguity_ids)

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Automatic Lettering"),
        }

    def action_create_default_rules(self):
        self.ensure_one()
        self.env["l10n.fr.lettering.rule"]._l10n_fr_create_default_rules(
            self.company_id
        )
        self._compute_rule_ids()
        return self._reopen()

    def action_compute(self):
        self.ensure_one()
        if not self.rule_ids:
            raise UserError(self.env._("Choose the lettering rules to run."))
        self.proposal_ids.unlink()
        self.ambiguity_ids.unlink()
        reasons = dict(
            self.env["l10n.fr.lettering.proposal"]._fields["reason"].selection
        )
        vals_list = []
        for rule, proposals, ambiguities in self.rule_ids.with_company(
            self.company_id
        )._l10n_fr_propose():
            for proposal in proposals:
                vals_list.append(
                    self._proposal_vals(rule, proposal.item_ids, "proposal")
                    | {
                        "partial": proposal.partial,
                        "selected": True,
                    }
                )
            for ambiguity in ambiguities:
                vals_list.append(
                    self._proposal_vals(rule, ambiguity.item_ids, "ambiguous")
                    | {"reason": ambiguity.reason in reasons and ambiguity.reason}
                )
        self.env["l10n.fr.lettering.proposal"].create(vals_list)
        self.computed = True
        return self._reopen()

    def _proposal_vals(self, rule, item_ids, state):
        return {
            "wizard_id": self.id,
            "rule_id": rule.id,
            "state": state,
            "move_line_ids": [fields.Command.set(list(item_ids))],
        }

    def _l10n_fr_apply(self, proposals):
        if not proposals:
            raise UserError(self.env._("There is no proposal to letter."))
        # held until this transaction ends: the nightly run skips the company meanwhile
        if not self.env["l10n.fr.lettering.rule"]._l10n_fr_try_lock(self.company_id):
            raise UserError(
                self.env._(
                    "Another lettering run of %(company)s is in progress; try again "
                    "when it is finished.",
                    company=self.company_id.name,
                )
            )
        histories = self.env["account.move.line"]._l10n_fr_letter_groups(
            [
                {
                    "lines": proposal.move_line_ids,
                    "rule": proposal.rule_id,
                    "writeoff": not proposal.partial
                    and not proposal.company_currency_id.is_zero(proposal.difference),
                }
                for proposal in proposals
            ],
            "rule",
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_credit_collection.l10n_fr_lettering_history_action"
        )
        action["domain"] = [("id", "in", histories.ids)]
        return action

    def action_apply_all(self):
        self.ensure_one()
        return self._l10n_fr_apply(self.proposal_ids)

    def action_apply_selected(self):
        self.ensure_one()
        return self._l10n_fr_apply(self.proposal_ids.filtered("selected"))


class L10nFrLetteringProposal(models.TransientModel):
    _name = "l10n.fr.lettering.proposal"
    _description = "Lettering Proposal"
    _order = "state desc, rule_sequence, partner_id, id"

    wizard_id = fields.Many2one(
        "l10n.fr.lettering.proposal.wizard", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="wizard_id.company_id", store=True, precompute=True
    )
    rule_id = fields.Many2one("l10n.fr.lettering.rule", required=True, readonly=True)
    rule_sequence = fields.Integer(related="rule_id.sequence")
    state = fields.Selection(
        [("proposal", "Proposal"), ("ambiguous", "Ambiguous")],
        required=True,
        readonly=True,
    )
    selected = fields.Boolean(string="To Letter")
    partial = fields.Boolean(readonly=True)
    reason = fields.Selection(REASONS, readonly=True)
    move_line_ids = fields.Many2many(
        "account.move.line", string="Journal Items", readonly=True
    )
    account_id = fields.Many2one(
        "account.account", compute="_compute_summary", store=True
    )
    partner_id = fields.Many2one("res.partner", compute="_compute_summary", store=True)
    company_currency_id = fields.Many2one(
        "res.currency", compute="_compute_summary", store=True
    )
    debit = fields.Monetary(
        string="Open Debit",
        compute="_compute_summary",
        store=True,
        currency_field="company_currency_id",
    )
    credit = fields.Monetary(
        string="Open Credit",
        compute="_compute_summary",
        store=True,
        currency_field="company_currency_id",
    )
    difference = fields.Monetary(
        compute="_compute_summary",
        store=True,
        currency_field="company_currency_id",
        help="Open balance of the items, written off when the group is lettered "
        "(unless partial).",
    )
    items = fields.Char(string="Entries", compute="_compute_summary", store=True)

    @api.depends("move_line_ids")
    def _compute_summary(self):
        for proposal in self:
            lines = proposal.move_line_ids
            partners = lines.partner_id.commercial_partner_id
            residuals = lines.mapped("amount_residual")
            proposal.update(
                {
                    "account_id": lines.account_id[:1],
                    "partner_id": partners if len(partners) == 1 else False,
                    "company_currency_id": lines.company_currency_id[:1],
                    "debit": sum(r for r in residuals if r > 0),
                    "credit": -sum(r for r in residuals if r < 0),
                    "difference": sum(residuals),
                    # amounts in the user's language format: "(+1 176,00)"
                    "items": ", ".join(
                        f"{line.move_name} ("
                        f"{'+' if line.amount_residual >= 0 else '-'}"
                        f"{formatLang(self.env, abs(line.amount_residual))})"
                        for line in lines.sorted("date")
                    ),
                }
            )
