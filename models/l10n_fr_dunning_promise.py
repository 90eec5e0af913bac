from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..rules import dunning
from .l10n_fr_text_limit import NOTE_LENGTH, check_length


class L10nFrDunningPromise(models.Model):
    """A customer's promise to pay: suspends escalation until its date; if it is not
    kept by then, the next dunning run escalates and says so."""

    _name = "l10n.fr.dunning.promise"
    _description = "Promise to Pay"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        domain=[("is_company", "=", True)],
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(string="Promised Date", required=True)
    amount = fields.Monetary(string="Promised Amount", required=True)
    note = fields.Text()
    promise_date = fields.Date(
        string="Promised On", required=True, default=fields.Date.context_today
    )
    state = fields.Selection(
        [("open", "Open"), ("kept", "Kept"), ("broken", "Broken")],
        default="open",
        required=True,
    )

    @api.constrains("amount", "note")
    def _check_amount(self):
        for promise in self:
            if promise.amount <= 0:
                raise ValidationError(
                    self.env._("The promised amount must be greater than zero.")
                )
        check_length(self, ["note"], NOTE_LENGTH)

    @api.model
    def _l10n_fr_states(self, company, today):
        """{commercial partner id: (promise date, state)} of each customer's latest
        promise, after marking the open promises kept or broken (one query for the
        payments received since each promise)."""
        open_promises = self.search(
            [("company_id", "=", company.id), ("state", "=", "open")]
        )
        paid = open_promises._l10n_fr_paid_since()
        for promise in open_promises:
            state = dunning.promise_state(
                promise.date, promise.amount, paid.get(promise.id, 0.0), today
            )
            if state != "open":
                promise.state = state
        latest = {}
        for promise in self.search(
            [("company_id", "=", company.id)], order="promise_date desc, id desc"
        ):
            latest.setdefault(promise.partner_id.commercial_partner_id.id, promise)
        return {partner: (p.date, p.state) for partner, p in latest.items()}

    def _l10n_fr_paid_since(self):
        if not self:
            return {}
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT promise.id, -SUM(line.balance)
                  FROM l10n_fr_dunning_promise promise
                  JOIN res_partner partner
                       ON partner.commercial_partner_id = promise.partner_id
                  JOIN account_move_line line
                       ON line.partner_id = partner.id
                      AND line.company_id = promise.company_id
                  JOIN account_account account ON account.id = line.account_id
                  JOIN account_move move ON move.id = line.move_id
                 WHERE promise.id = ANY(%s)
                   AND account.account_type = 'asset_receivable'
                   AND line.parent_state = 'posted'
                   AND line.balance < 0
                   AND move.move_type = 'entry'
                   AND line.date BETWEEN promise.promise_date AND promise.date
              GROUP BY promise.id
                """,
                self.ids,
            )
        )
        return dict(rows)
