from odoo import api, fields, models
from odoo.exceptions import UserError


class L10nFrLetteringHistory(models.Model):
    """Audit trail of lettering: who lettered or unlettered what, when, how and why.

    Records are written by the lettering wizards, the rules engine and the unlettering
    wizard, through ``_l10n_fr_record`` only (with elevated rights); no group has the
    right to create, edit or delete them."""

    _name = "l10n.fr.lettering.history"
    _description = "Lettering History"
    _order = "date desc, id desc"
    _rec_name = "letter"

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, ondelete="cascade"
    )
    date = fields.Datetime(
        string="When", required=True, readonly=True, default=fields.Datetime.now
    )
    user_id = fields.Many2one(
        "res.users",
        string="Who",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
    )
    operation = fields.Selection(
        [("letter", "Lettering"), ("unletter", "Unlettering")],
        required=True,
        readonly=True,
    )
    origin = fields.Selection(
        [
            ("manual", "Manual"),
            ("rule", "Rule"),
            ("scheduled", "Scheduled Action"),
            ("group", "Whole Group"),
            ("item", "Single Item"),
        ],
        string="How",
        required=True,
        readonly=True,
    )
    rule_id = fields.Many2one(
        "l10n.fr.lettering.rule", string="Rule", readonly=True, ondelete="set null"
    )
    account_id = fields.Many2one(
        "account.account", readonly=True, ondelete="restrict", index=True
    )
    partner_id = fields.Many2one("res.partner", readonly=True, ondelete="restrict")
    letter = fields.Char(string="Letter Code", readonly=True, index=True)
    state = fields.Selection(
        [("partial", "Partially Lettered"), ("full", "Lettered")],
        string="Lettering",
        readonly=True,
    )
    move_line_ids = fields.Many2many(
        "account.move.line",
        "l10n_fr_lettering_history_move_line_rel",
        "history_id",
        "line_id",
        string="Journal Items",
        readonly=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(
        readonly=True, help="Total debit of the journal items, in company currency."
    )
    difference = fields.Monetary(
        readonly=True,
        help="Residual of the items before lettering, written off or left open.",
    )
    writeoff_move_id = fields.Many2one(
        "account.move", string="Write-off Entry", readonly=True, ondelete="set null"
    )
    reversed_move_ids = fields.Many2many(
        "account.move",
        "l10n_fr_lettering_history_reversed_move_rel",
        "history_id",
        "move_id",
        string="Reversed Entries",
        readonly=True,
        help="Exchange difference and cash-basis tax entries that unlettering "
        "reversed.",
    )
    reason = fields.Text(readonly=True)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("The lettering history cannot be deleted."))

    @api.model
    def _l10n_fr_record(self, groups, operation, origin, values=None, per_group=None):
        """One history record per group of journal items (recordsets), with their
        current letter. ``values``: common to all records; ``per_group``: {field:
        list of values, one per group} (``rule_id``, ``writeoff_move_id``,
        ``difference``...)."""
        # one query for the items of all groups and one for their partners
        items = self.env["account.move.line"].union(*groups)
        items.fetch(["l10n_fr_letter", "l10n_fr_letter_state", "partner_id", "debit"])
        items.partner_id.fetch(["commercial_partner_id"])
        vals_list = []
        for position, lines in enumerate(groups):
            lettered = lines.filtered("l10n_fr_letter")[:1]
            partners = lines.partner_id.commercial_partner_id
            vals_list.append(
                {
                    "company_id": lines.company_id.root_id[:1].id,
                    "operation": operation,
                    "origin": origin,
                    "account_id": lines.account_id[:1].id,
                    "partner_id": partners.id if len(partners) == 1 else False,
                    "letter": lettered.l10n_fr_letter,
                    "state": lettered.l10n_fr_letter_state,
                    "move_line_ids": [fields.Command.set(lines.ids)],
                    "amount": sum(lines.mapped("debit")),
                    **(values or {}),
                    **{
                        key: value[position] for key, value in (per_group or {}).items()
                    },
                }
            )
        # nobody may write the history (access rights): the lettering code does,
        # with elevated rights, as the user who lettered (user_id)
        return self.sudo().create(vals_list).with_env(self.env)
