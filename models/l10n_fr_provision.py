from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..rules import proceedings


class L10nFrProvision(models.Model):
    """The provision of a doubtful customer at a closing date (PCG 491 / 6817, CGI
    39-1-5°): proposed on the amount excluding VAT of its doubtful receivables at
    its rate, posted as the movement from its previous provision (dotation or
    reprise). The list of the provisions is the closing file's."""

    _name = "l10n.fr.provision"
    _description = "Provision for Doubtful Receivables"
    _inherit = ["mail.thread"]
    _order = "date desc, partner_id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    date = fields.Date(string="Closing Date", required=True)
    proceeding_id = fields.Many2one("l10n.fr.proceeding", check_company=True)
    receivable = fields.Monetary(string="Doubtful Receivables (incl. VAT)")
    base = fields.Monetary(string="Base (excl. VAT)")
    rate = fields.Float(string="Rate (%)")
    amount = fields.Monetary(string="Provision")
    previous_amount = fields.Monetary(string="Previous Provision")
    dotation = fields.Monetary(compute="_compute_movement", store=True)
    reversal = fields.Monetary(compute="_compute_movement", store=True)
    justification = fields.Char(
        help="Why the loss is probable (diligences, proceedings): the provision is "
        "justified claim by claim."
    )
    move_id = fields.Many2one("account.move", string="Entry", readonly=True)
    state = fields.Selection(
        [("draft", "Proposed"), ("posted", "Posted"), ("cancel", "Cancelled")],
        default="draft",
        required=True,
    )

    @api.depends("amount", "previous_amount")
    def _compute_movement(self):
        for provision in self:
            dotation, reversal = proceedings.provision_movement(
                provision.previous_amount, provision.amount
            )
            provision.dotation = float(dotation)
            provision.reversal = float(reversal)

    @api.onchange("rate")
    def _onchange_rate(self):
        for provision in self:
            provision.amount = float(
                proceedings.provision_amount(provision.base, 1, 1, provision.rate)
            )

    @api.model
    def _l10n_fr_doubtful_items(self, company, partner_ids=None):
        """{commercial partner id: [(residual, untaxed, total)]} of the open items of
        the doubtful account, with the untaxed and total amounts of the invoice they
        come from (the transfer's invoice): one query."""
        account = company._l10n_fr_default_account("l10n_fr_doubtful_account_id")
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT partner.commercial_partner_id, line.amount_residual,
                       COALESCE(invoice.amount_untaxed_signed, line.balance),
                       COALESCE(invoice.amount_total_signed, line.balance)
                  FROM account_move_line line
                  JOIN account_move move ON move.id = line.move_id
                  JOIN res_partner partner ON partner.id = line.partner_id
             LEFT JOIN account_move invoice
                       ON invoice.id = move.l10n_fr_doubtful_invoice_id
                 WHERE line.account_id = %(account)s
                   AND line.company_id = %(company)s
                   AND line.parent_state = 'posted'
                   AND NOT line.reconciled
                   AND line.amount_residual > 0
                   AND (%(all)s OR partner.commercial_partner_id = ANY(%(partners)s))
                """,
                account=account.id,
                company=company.id,
                all=partner_ids is None,
                partners=list(partner_ids or []),
            )
        )
        items = {}
        for partner, residual, untaxed, total in rows:
            items.setdefault(partner, []).append(
                (Decimal(repr(residual)), Decimal(repr(untaxed)), Decimal(repr(total)))
            )
        return items

    @api.model
    def _l10n_fr_propose(self, company, day):
        """Proposals at the closing ``day`` for the doubtful customers of
        ``company`` and those with a provision still posted (reversed when nothing is
        doubtful any more): the draft proposals of that day are replaced."""
        if not company._l10n_fr_french_law():
            raise company._l10n_fr_french_law_error(self.env._("A provision"))
        self.search(
            [
                ("company_id", "=", company.id),
                ("date", "=", day),
                ("state", "=", "draft"),
            ]
        ).unlink()
        items = self._l10n_fr_doubtful_items(company)
        previous = self._l10n_fr_current(company)
        partners = self.env["res.partner"].browse(set(items) | set(previous))
        in_force = self.env["l10n.fr.proceeding"].search(
            [
                ("partner_id", "in", partners.ids),
                ("company_id", "=", company.id),
                ("state", "=", "open"),
            ]
        )
        proceeding_of = {p.partner_id.id: p for p in in_force}
        values = []
        for partner in partners.with_company(company):
            proceeding = proceeding_of.get(partner.id)
            rate = proceedings.provision_rate(
                proceeding.kind if proceeding else None,
                partner.l10n_fr_provision_rate,
                company.l10n_fr_provision_default_rate,
            )
            lines = items.get(partner.id, [])
            base = sum(
                (
                    proceedings.provision_amount(residual, untaxed, total, 100)
                    for residual, untaxed, total in lines
                ),
                Decimal(0),
            )
            amount = sum(
                (
                    proceedings.provision_amount(residual, untaxed, total, rate)
                    for residual, untaxed, total in lines
                ),
                Decimal(0),
            )
            values.append(
                {
                    "company_id": company.id,
                    "partner_id": partner.id,
                    "date": day,
                    "proceeding_id": proceeding.id if proceeding else False,
                    "receivable": float(sum((r for r, _u, _t in lines), Decimal(0))),
                    "base": float(base),
                    "rate": float(rate),
                    "amount": float(amount),
                    "previous_amount": previous.get(partner.id, 0.0),
                }
            )
        return self.create(values)

    @api.model
    def _l10n_fr_current(self, company):
        """{partner id: provision amount} of the last posted provision per customer."""
        current = {}
        for provision in self.search(
            [("company_id", "=", company.id), ("state", "=", "posted")],
            order="date desc, id desc",
        ):
            current.setdefault(provision.partner_id.id, provision.amount)
        return {partner: amount for partner, amount in current.items() if amount}

    def action_post(self):
        """One entry per closing: dotations D 6817 / C 491, reprises D 491 / C 7817."""
        drafts = self.filtered(lambda p: p.state == "draft")
        for (company, day), provisions in drafts.grouped(
            lambda p: (p.company_id, p.date)
        ).items():
            expense = company._l10n_fr_default_account(
                "l10n_fr_provision_expense_account_id"
            )
            allowance = company._l10n_fr_default_account("l10n_fr_provision_account_id")
            income = company._l10n_fr_default_account(
                "l10n_fr_provision_reversal_account_id"
            )
            lines = []
            for provision in provisions:
                label = self.env._(
                    "Provision %(customer)s", customer=provision.partner_id.name
                )
                for amount, debit, credit in (
                    (provision.dotation, expense, allowance),
                    (provision.reversal, allowance, income),
                ):
                    if company.currency_id.is_zero(amount):
                        continue
                    for account, sign in ((debit, 1), (credit, -1)):
                        lines.append(
                            fields.Command.create(
                                {
                                    "name": label,
                                    "account_id": account.id,
                                    "partner_id": provision.partner_id.id,
                                    "balance": sign * amount,
                                }
                            )
                        )
            move = False
            if lines:
                move = self.env["account.move"].create(
                    {
                        "move_type": "entry",
                        "company_id": company.id,
                        "journal_id": company._l10n_fr_bad_debt_journal().id,
                        "date": day,
                        "ref": self.env._(
                            "Provisions for doubtful receivables at %(date)s",
                            date=fields.Date.to_string(day),
                        ),
                        "line_ids": lines,
                    }
                )
                move.action_post()
            provisions.write({"state": "posted", "move_id": move and move.id})
        return True

    def action_cancel(self):
        if self.filtered(lambda p: p.state == "posted"):
            raise UserError(
                self.env._(
                    "A posted provision is reversed by the next closing's proposal."
                )
            )
        self.write({"state": "cancel"})
