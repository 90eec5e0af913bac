from odoo import api, fields, models, tools

BUCKETS = [
    ("not_due", "Not due"),
    ("1_30", "1-30 days"),
    ("31_60", "31-60 days"),
    ("61_90", "61-90 days"),
    ("over_90", "Over 90 days"),
]


class L10nFrDunningAgedBalance(models.Model):
    """Open receivable items by due-date bucket (rules/dunning.py aged_bucket, in SQL
    for the pivot), with the customer's dunning level."""

    _name = "l10n.fr.dunning.aged.balance"
    _description = "Aged Receivable Balance"
    _auto = False
    _order = "partner_id, due_date"

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
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
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE VIEW {self._table} AS (
            SELECT line.id, line.company_id,
                   partner.commercial_partner_id AS partner_id,
                   line.move_id, COALESCE(line.date_maturity, line.date) AS due_date,
                   CASE
                     WHEN CURRENT_DATE - COALESCE(line.date_maturity, line.date) <= 0
                       THEN 'not_due'
                     WHEN CURRENT_DATE - COALESCE(line.date_maturity, line.date) <= 30
                       THEN '1_30'
                     WHEN CURRENT_DATE - COALESCE(line.date_maturity, line.date) <= 60
                       THEN '31_60'
                     WHEN CURRENT_DATE - COALESCE(line.date_maturity, line.date) <= 90
                       THEN '61_90'
                     ELSE 'over_90'
                   END AS bucket,
                   line.amount_residual AS amount,
                   CASE WHEN COALESCE(line.date_maturity, line.date) < CURRENT_DATE
                        THEN line.amount_residual ELSE 0 END AS overdue,
                   last.level_id
              FROM account_move_line line
              JOIN account_account account ON account.id = line.account_id
              JOIN res_partner partner ON partner.id = line.partner_id
         LEFT JOIN LATERAL (
                   SELECT reminder.level_id
                     FROM l10n_fr_dunning_reminder reminder
                    WHERE reminder.partner_id = partner.commercial_partner_id
                      AND reminder.company_id = line.company_id
                      AND reminder.state = 'sent'
                 ORDER BY reminder.date DESC, reminder.id DESC
                    LIMIT 1) last ON TRUE
             WHERE account.account_type = 'asset_receivable'
               AND line.parent_state = 'posted'
               AND NOT line.reconciled
               AND line.amount_residual != 0
            )"""
        )
