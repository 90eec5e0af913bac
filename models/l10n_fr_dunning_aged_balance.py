from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..rules.aging import DUNNING_LIMITS, NOT_DUE, buckets

# the buckets of rules/aging.py with the dunning limits (not due, 1-30, 31-60, 61-90,
# over 90 days): the selection and the SQL CASE of the view are built from them
AGED_BUCKETS = buckets(DUNNING_LIMITS)


def _bucket_label(key, first, last):
    if key == NOT_DUE:
        return "Not due"
    if last is None:
        return f"Over {first - 1} days"
    return f"{first}-{last} days"


BUCKETS = [(key, _bucket_label(key, first, last)) for key, first, last in AGED_BUCKETS]


class L10nFrDunningAgedBalance(models.Model):
    """Open receivable items by due-date bucket (rules/aging.py buckets, in SQL for
    the pivot), with the customer's dunning level."""

    _name = "l10n.fr.dunning.aged.balance"
    _description = "Aged Receivable Balance"
    _auto = False
    _order = "partner_id, due_date"
    _depends = {
        "account.move.line": [
            "account_id",
            "partner_id",
            "parent_state",
            "date",
            "date_maturity",
            "balance",
            "amount_residual",
            "reconciled",
            "full_reconcile_id",
        ],
        "account.partial.reconcile": [
            "debit_move_id",
            "credit_move_id",
            "amount",
            "max_date",
            "l10n_fr_date",
        ],
        "l10n.fr.partial.removed": [
            "debit_move_id",
            "credit_move_id",
            "amount",
            "max_date",
            "lettered_date",
            "removed_date",
        ],
        "l10n.fr.dunning.reminder": ["partner_id", "level_id", "state", "date"],
    }

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    payer_score = fields.Integer(related="partner_id.l10n_fr_payer_score")
    move_id = fields.Many2one("account.move", readonly=True)
    due_date = fields.Date(readonly=True)
    bucket = fields.Selection(BUCKETS, readonly=True)
    amount = fields.Monetary(string="Open Amount", readonly=True)
    overdue = fields.Monetary(string="Overdue Amount", readonly=True)
    level_id = fields.Many2one(
        "l10n.fr.dunning.level", string="Dunning Level", readonly=True
    )

    @api.model
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        """Buckets by age (not due, 1-30, … over 90 days) in the pivot and the graph,
        not in the alphabetical order of their keys; the groups before the bucket
        keep their order."""
        groups = super().read_group(
            domain,
            fields,
            groupby,
            offset=offset,
            limit=limit,
            orderby=orderby,
            lazy=lazy,
        )
        names = [groupby] if isinstance(groupby, str) else list(groupby or [])
        if lazy:
            names = names[:1]
        if "bucket" not in names or orderby:
            return groups
        before = names[: names.index("bucket")]
        rank = {key: index for index, (key, _label) in enumerate(BUCKETS)}
        first_seen = {}
        for group in groups:
            first_seen.setdefault(
                tuple(str(group.get(n)) for n in before), len(first_seen)
            )
        return sorted(
            groups,
            key=lambda group: (
                first_seen[tuple(str(group.get(n)) for n in before)],
                rank.get(group.get("bucket"), len(rank)),
            ),
        )

    def init(self):
        # the content is a query (``_table_query``) since the "as of" date: drop
        # the view of older versions
        tools.drop_view_if_exists(self.env.cr, self._table)

    @property
    def _table_query(self):
        """Open items today, or at the end of the day in the context's
        ``l10n_fr_as_of`` (rules/asof.py in SQL: a matching counts once both items
        exist and it was made, until it is undone)."""
        day = self.env.context.get("l10n_fr_as_of")
        if not day:
            return SQL(
                """
                SELECT line.id, line.company_id,
                       partner.commercial_partner_id AS partner_id,
                       line.move_id, %(due)s AS due_date, %(bucket)s AS bucket,
                       line.amount_residual AS amount,
                       CASE WHEN %(due)s < CURRENT_DATE
                            THEN line.amount_residual ELSE 0 END AS overdue,
                       last.level_id
                  FROM account_move_line line
                  JOIN account_account account ON account.id = line.account_id
                  JOIN res_partner partner ON partner.id = line.partner_id
                  %(level)s
                 WHERE account.account_type = 'asset_receivable'
                   AND line.parent_state = 'posted'
                   AND NOT line.reconciled
                   AND line.amount_residual != 0
                """,
                due=SQL("COALESCE(line.date_maturity, line.date)"),
                bucket=self._l10n_fr_bucket_sql(SQL("CURRENT_DATE")),
                level=self._l10n_fr_level_sql(SQL("CURRENT_DATE")),
            )
        day = fields.Date.to_date(day)
        items = self.env["l10n.fr.balance.as.of"]._l10n_fr_open_sql(
            day,
            SQL(
                "line.account_id IN (SELECT id FROM account_account "
                "WHERE account_type = 'asset_receivable') "
                "AND line.partner_id IS NOT NULL"
            ),
        )
        return SQL(
            """
            SELECT item.id, item.company_id,
                   item.commercial_partner_id AS partner_id,
                   item.move_id, item.due AS due_date, %(bucket)s AS bucket,
                   item.open AS amount,
                   CASE WHEN item.due < %(day)s THEN item.open ELSE 0 END AS overdue,
                   last.level_id
              FROM (%(items)s) item
              %(level)s
            """,
            items=items,
            bucket=self._l10n_fr_bucket_sql(SQL("%s::date", day), SQL("item.due")),
            level=self._l10n_fr_level_sql(
                SQL("%s::date", day),
                SQL("item.commercial_partner_id"),
                SQL("item.company_id"),
            ),
            day=SQL("%s::date", day),
        )

    @api.model
    def _read_group(self, *args, **kwargs):
        if self.env.context.get("l10n_fr_as_of"):
            self.env["l10n.fr.balance.as.of"]._l10n_fr_no_jit()
        return super()._read_group(*args, **kwargs)

    def search_fetch(self, *args, **kwargs):
        if self.env.context.get("l10n_fr_as_of"):
            self.env["l10n.fr.balance.as.of"]._l10n_fr_no_jit()
        return super().search_fetch(*args, **kwargs)

    @api.model
    def _l10n_fr_bucket_sql(self, day, due=None):
        """The bucket key on ``day`` (SQL) of an item due on ``due`` (default: the
        line's due date), from rules/aging.py's buckets: the first whose last day
        the days overdue do not exceed."""
        due = due or SQL("COALESCE(line.date_maturity, line.date)")
        days = SQL("(%s - %s)", day, due)
        *bounded, (last_key, _first, _none) = AGED_BUCKETS
        return SQL(
            "CASE %s ELSE %s END",
            SQL(" ").join(
                SQL("WHEN %s <= %s THEN %s", days, last, key)
                for key, _first, last in bounded
            ),
            last_key,
        )

    @api.model
    def _l10n_fr_level_sql(self, day, partner=None, company=None):
        """The level of the last reminder sent to the customer by ``day``."""
        partner = partner or SQL("partner.commercial_partner_id")
        company = company or SQL("line.company_id")
        return SQL(
            """
            LEFT JOIN LATERAL (
                SELECT reminder.level_id
                  FROM l10n_fr_dunning_reminder reminder
                 WHERE reminder.partner_id = %(partner)s
                   AND reminder.company_id = %(company)s
                   AND reminder.state = 'sent'
                   AND reminder.date <= %(day)s
              ORDER BY reminder.date DESC, reminder.id DESC
                 LIMIT 1) last ON TRUE
            """,
            partner=partner,
            company=company,
            day=day,
        )
