from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from ..rules.aging import LIMITS


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
    """Open items of accounts as they stood at the end of a past day: rules/asof.py
    evaluated in SQL (``_l10n_fr_open_sql``), one query per account and batch of
    partners; the aged balance as of a day is totalled in the same query."""

    _name = "l10n.fr.balance.as.of"
    _description = "Balances As Of a Date"

    @api.model
    def _l10n_fr_open_sql(self, day, where):
        """SQL of the items open at the end of ``day`` (rules/asof.py) among the
        posted items dated ``day`` or earlier that match ``where`` (an SQL condition
        on ``line``, the journal item, and ``partner``, its partner). Columns: id,
        account_id, company_id, partner_id, commercial_partner_id, move_id, date,
        due, balance, open (the open amount on the day, never 0).

        Set-based: the items are read once; the matchings counting on the day
        (both items dated, made by then, not undone by then: ``partial_counts``)
        are joined to them by their debit and credit sides, and each item's open
        amount is its balance less what they took from it (debit side) plus what
        they gave back (credit side): ``open_amounts``. Items of a full
        reconciliation all of whose matchings count on the day are closed then and
        left out before the join (most of a ledger's items). tests/test_balance_as_of
        checks that this SQL gives the rule's amounts day by day."""
        day = SQL("%s::date", day)
        lettered = SQL("COALESCE(p.l10n_fr_date, p.create_date::date)")
        partial_counts = SQL(
            "p.max_date <= %(day)s AND %(lettered)s <= %(day)s",
            day=day,
            lettered=lettered,
        )
        removed_counts = SQL(
            "r.max_date <= %(day)s AND r.lettered_date <= %(day)s "
            "AND r.removed_date > %(day)s",
            day=day,
        )
        return SQL(
            """
            WITH lines AS MATERIALIZED (
                SELECT line.id, line.account_id, line.company_id, line.partner_id,
                       partner.commercial_partner_id, line.move_id, line.date,
                       COALESCE(line.date_maturity, line.date) AS due, line.balance,
                       line.full_reconcile_id
                  FROM account_move_line line
             LEFT JOIN res_partner partner ON partner.id = line.partner_id
                 WHERE line.parent_state = 'posted'
                   AND line.date <= %(day)s
                   AND %(where)s
            ), closed AS (
                -- full groups all matched by then: their items are closed on the day
                -- (a join, not IN: the planner then sizes it from the items' count
                -- and hashes the matchings for a whole ledger)
                SELECT p.full_reconcile_id
                  FROM lines
                  JOIN account_partial_reconcile p
                       ON p.full_reconcile_id = lines.full_reconcile_id
              GROUP BY p.full_reconcile_id
                HAVING MAX(p.max_date) <= %(day)s AND MAX(%(lettered)s) <= %(day)s
            ), kept AS MATERIALIZED (
                SELECT * FROM lines
                 WHERE full_reconcile_id IS NULL
                    OR full_reconcile_id NOT IN (SELECT full_reconcile_id FROM closed)
            ), matched AS (
                SELECT m.id, SUM(m.amount) AS amount
                  FROM (
                    SELECT kept.id, p.amount
                      FROM kept JOIN account_partial_reconcile p
                           ON p.debit_move_id = kept.id
                     WHERE %(partial_counts)s
                 UNION ALL
                    SELECT kept.id, -p.amount
                      FROM kept JOIN account_partial_reconcile p
                           ON p.credit_move_id = kept.id
                     WHERE %(partial_counts)s
                 UNION ALL
                    SELECT kept.id, r.amount
                      FROM kept JOIN l10n_fr_partial_removed r
                           ON r.debit_move_id = kept.id
                     WHERE %(removed_counts)s
                 UNION ALL
                    SELECT kept.id, -r.amount
                      FROM kept JOIN l10n_fr_partial_removed r
                           ON r.credit_move_id = kept.id
                     WHERE %(removed_counts)s
                  ) m
              GROUP BY m.id
            )
            SELECT kept.id, kept.account_id, kept.company_id, kept.partner_id,
                   kept.commercial_partner_id, kept.move_id, kept.date, kept.due,
                   kept.balance, kept.balance - COALESCE(matched.amount, 0) AS open
              FROM kept
         LEFT JOIN matched ON matched.id = kept.id
             WHERE kept.balance - COALESCE(matched.amount, 0) != 0
            """,
            day=day,
            where=where,
            lettered=lettered,
            partial_counts=partial_counts,
            removed_counts=removed_counts,
        )

    @api.model
    def _l10n_fr_batches(self, company, accounts, partners, batch):
        """The SQL conditions on ``line`` and ``partner`` of the queries: one per
        account and batch of ``batch`` commercial partners (all: one per account),
        on the items of ``company`` and its branches."""
        companies = self.env["res.company"].search([("id", "child_of", company.id)]).ids
        partner_batches = (
            list(split_every(batch, partners.commercial_partner_id.ids, list))
            if partners
            else [None]
        )

        def where(account, partner_ids):
            condition = SQL(
                "line.account_id = %s AND line.company_id = ANY(%s)",
                account.id,
                companies,
            )
            if partner_ids is None:
                return condition
            return SQL(
                "%s AND partner.commercial_partner_id = ANY(%s)",
                condition,
                partner_ids,
            )

        return [
            where(account, partner_ids)
            for account in accounts
            for partner_ids in partner_batches
        ]

    @api.model
    def _l10n_fr_prepare(self):
        self.env["account.partial.reconcile"].flush_model()
        self.env["account.move.line"].flush_model()
        self.env["l10n.fr.partial.removed"].flush_model()
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self._l10n_fr_no_jit()

    @api.model
    def _l10n_fr_open_items(self, company, accounts, day, partners=None, batch=2000):
        """[{line_id, account_id, partner_id, date, due, balance, open}] of the items
        of ``accounts`` (and the commercial ``partners``, default all) of ``company``
        and its branches open at the end of ``day``, per account, sorted by date
        and id."""
        self._l10n_fr_prepare()
        digits = company.currency_id.decimal_places
        result = []
        for where in self._l10n_fr_batches(company, accounts, partners, batch):
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT item.id, item.account_id, item.partner_id, item.date,
                           item.due, item.balance, item.open
                      FROM (%s) item
                  ORDER BY item.date, item.id
                    """,
                    self._l10n_fr_open_sql(day, where),
                )
            )
            result += [
                {
                    "line_id": line_id,
                    "account_id": account_id,
                    "partner_id": partner_id,
                    "date": day_,
                    "due": due,
                    "balance": balance,
                    # exact in SQL (numeric); rounded as the currency for the floats
                    "open": round(amount, digits),
                }
                for line_id, account_id, partner_id, day_, due, balance, amount in rows
            ]
        return result

    @api.model
    def _l10n_fr_aged_totals(
        self, company, accounts, day, on_date, partners=None, limits=LIMITS, batch=2000
    ):
        """{account id: {partner id: [totals per bucket]}}: the aged balance
        (rules/aging.py ``aged_balance`` on ``on_date``) of the items of
        ``_l10n_fr_open_items`` (same arguments), totalled in SQL: one row per
        account, partner and bucket comes back, not one per item."""
        self._l10n_fr_prepare()
        result = defaultdict(dict)
        size = len(limits) + 2
        for where in self._l10n_fr_batches(company, accounts, partners, batch):
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT item.account_id, item.partner_id, %(bucket)s AS bucket,
                           SUM(item.open)
                      FROM (%(items)s) item
                  GROUP BY 1, 2, 3
                    """,
                    bucket=self._l10n_fr_bucket_index_sql(
                        on_date, SQL("item.due"), limits
                    ),
                    items=self._l10n_fr_open_sql(day, where),
                )
            )
            for account_id, partner_id, bucket, amount in rows:
                totals = result[account_id].setdefault(partner_id, [0.0] * size)
                totals[bucket] += amount
        return result

    @api.model
    def _l10n_fr_bucket_index_sql(self, on_date, due, limits=LIMITS):
        """rules/aging.py ``bucket_index`` in SQL: 0 when not due on ``on_date``,
        else 1 + the number of ``limits`` below the days overdue (``width_bucket``
        counts the sorted bounds at or below its operand)."""
        days = SQL("(%s::date - %s)", on_date, due)
        return SQL(
            "CASE WHEN %(days)s <= 0 THEN 0 "
            "ELSE 1 + width_bucket(%(days)s - 1, %(limits)s::integer[]) END",
            days=days,
            limits=list(limits),
        )

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
