from collections import defaultdict
from datetime import date

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from ..rules.asof import Item, Partial, open_amounts


class L10nFrPartialRemoved(models.Model):
    """Partial reconciliations that were undone (unlettering, reset to draft): what
    they matched and when, so that the balances as of a past date see the items
    lettered on that day. Written by the system, never edited."""

    _name = "l10n.fr.partial.removed"
    _description = "Removed Partial Reconciliation"
    _order = "removed_date desc, id desc"

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, ondelete="cascade"
    )
    debit_move_id = fields.Many2one(
        "account.move.line",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    credit_move_id = fields.Many2one(
        "account.move.line",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(readonly=True, help="In company currency.")
    max_date = fields.Date(
        readonly=True, help="The later of the dates of the two journal items."
    )
    lettered_date = fields.Date(string="Lettered On", readonly=True)
    removed_date = fields.Date(string="Unlettered On", readonly=True, index=True)

    @api.model
    def _l10n_fr_keep(self, partials):
        if not partials:
            return
        partials.flush_recordset()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.company_id, p.debit_move_id, p.credit_move_id, p.amount,
                       p.max_date, COALESCE(p.l10n_fr_date, p.create_date::date)
                  FROM account_partial_reconcile p
                 WHERE p.id = ANY(%s)
                """,
                partials.ids,
            )
        )
        today = fields.Date.context_today(self)
        self.create(
            [
                {
                    "company_id": company,
                    "debit_move_id": debit,
                    "credit_move_id": credit,
                    "amount": amount,
                    "max_date": max_date,
                    "lettered_date": lettered,
                    "removed_date": today,
                }
                for company, debit, credit, amount, max_date, lettered in rows
            ]
        )


class L10nFrBalanceAsOf(models.AbstractModel):
    """Open items of accounts as they stood at the end of a past day (rules/asof.py),
    loaded with one query per account and batch of partners."""

    _name = "l10n.fr.balance.as.of"
    _description = "Balances As Of a Date"

    _QUERY = """
        WITH lines AS (
            SELECT line.id, line.partner_id, line.date,
                   COALESCE(line.date_maturity, line.date) AS due,
                   line.balance, line.full_reconcile_id
              FROM account_move_line line
         LEFT JOIN res_partner partner ON partner.id = line.partner_id
             WHERE line.account_id = %(account)s
               AND line.company_id = ANY(%(companies)s)
               AND line.parent_state = 'posted'
               AND line.date <= %(day)s
               AND (%(all_partners)s
                    OR partner.commercial_partner_id = ANY(%(partners)s))
        ), closed AS (
            -- full groups all matched by then: their items are closed on the day
            SELECT p.full_reconcile_id
              FROM account_partial_reconcile p
             WHERE p.full_reconcile_id IN (
                       SELECT full_reconcile_id FROM lines
                        WHERE full_reconcile_id IS NOT NULL)
          GROUP BY p.full_reconcile_id
            HAVING MAX(p.max_date) <= %(day)s
               AND MAX(COALESCE(p.l10n_fr_date, p.create_date::date)) <= %(day)s
        ), kept AS (
            SELECT * FROM lines
             WHERE full_reconcile_id IS NULL
                OR full_reconcile_id NOT IN (SELECT full_reconcile_id FROM closed)
        )
        SELECT kept.id, kept.partner_id, kept.date, kept.due, kept.balance,
               matched.partials
          FROM kept
     LEFT JOIN LATERAL (
               SELECT json_agg(json_build_array(
                          m.key, m.debit_move_id, m.credit_move_id, m.amount,
                          m.max_date, m.lettered, m.removed)) AS partials
                 FROM (
                   SELECT 'p' || p.id AS key, p.debit_move_id, p.credit_move_id,
                          p.amount, p.max_date,
                          COALESCE(p.l10n_fr_date, p.create_date::date) AS lettered,
                          NULL::date AS removed
                     FROM account_partial_reconcile p
                    WHERE (p.debit_move_id = kept.id OR p.credit_move_id = kept.id)
                      AND p.max_date <= %(day)s
                      AND COALESCE(p.l10n_fr_date, p.create_date::date) <= %(day)s
                UNION ALL
                   SELECT 'r' || r.id, r.debit_move_id, r.credit_move_id, r.amount,
                          r.max_date, r.lettered_date, r.removed_date
                     FROM l10n_fr_partial_removed r
                    WHERE (r.debit_move_id = kept.id OR r.credit_move_id = kept.id)
                      AND r.max_date <= %(day)s
                      AND r.lettered_date <= %(day)s
                      AND r.removed_date > %(day)s
                 ) m
               ) matched ON TRUE
    """

    @api.model
    def _l10n_fr_open_items(self, company, accounts, day, partners=None, batch=2000):
        """[{line_id, account_id, partner_id, date, due, balance, open}] of the items
        of ``accounts`` (and the commercial ``partners``, default all) of ``company``
        and its branches open at the end of ``day``, sorted by date and id."""
        self.env["account.partial.reconcile"].flush_model()
        self.env["account.move.line"].flush_model()
        self.env["l10n.fr.partial.removed"].flush_model()
        companies = self.env["res.company"].search([("id", "child_of", company.id)]).ids
        digits = company.currency_id.decimal_places
        half_unit = company.currency_id.rounding / 2
        partner_batches = (
            list(split_every(batch, partners.commercial_partner_id.ids, list))
            if partners
            else [None]
        )
        self._l10n_fr_no_jit()
        result = []
        for account in accounts:
            for partner_ids in partner_batches:
                rows = self.env.execute_query(
                    SQL(
                        self._QUERY,
                        account=account.id,
                        companies=companies,
                        day=day,
                        all_partners=partner_ids is None,
                        partners=partner_ids or [],
                    )
                )
                info, partials = {}, {}
                to_date = date.fromisoformat
                for line_id, partner_id, day_, due, balance, matched in rows:
                    info[line_id] = (partner_id, day_, due, balance)
                    for key, debit, credit, amount, max_date, lettered, removed in (
                        matched or ()
                    ):
                        if key not in partials:
                            partials[key] = Partial(
                                debit,
                                credit,
                                amount,
                                to_date(max_date),
                                to_date(lettered),
                                removed and to_date(removed),
                            )
                items = [Item(key, value[1], value[3]) for key, value in info.items()]
                opened = open_amounts(items, partials.values(), day)
                for line_id in sorted(opened, key=lambda i: (info[i][1], i)):
                    # rounded as the currency (round() rather than float_round: 100,000
                    # items)
                    amount = round(opened[line_id], digits)
                    if abs(amount) < half_unit:
                        continue
                    partner_id, day_, due, balance = info[line_id]
                    result.append(
                        {
                            "line_id": line_id,
                            "account_id": account.id,
                            "partner_id": partner_id,
                            "date": day_,
                            "due": due,
                            "balance": balance,
                            "open": amount,
                        }
                    )
        return result

    @api.model
    def _l10n_fr_no_jit(self):
        """PostgreSQL compiles these queries (JIT: their estimated cost is high) for
        4 of their 5 seconds on 100,000 items; off for the rest of the transaction
        (it only changes how queries run, not what they return)."""
        self.env.cr.execute("SET LOCAL jit = off")

    @api.model
    def _l10n_fr_ledger_balances(self, company, accounts, day, partners=None):
        """{(account id, partner id): balance of the posted items dated ``day`` or
        earlier}: the general ledger at that date."""
        domain = [
            ("company_id", "child_of", company.id),
            ("account_id", "in", accounts.ids),
            ("parent_state", "=", "posted"),
            ("date", "<=", day),
        ]
        if partners:
            domain.append(
                ("partner_id", "child_of", partners.commercial_partner_id.ids)
            )
        balances = defaultdict(float)
        for account, partner, balance in self.env["account.move.line"]._read_group(
            domain, ["account_id", "partner_id"], ["balance:sum"]
        ):
            balances[(account.id, partner.id)] += balance
        return dict(balances)
