from collections import defaultdict
from datetime import date
from decimal import Decimal

from odoo import api, models
from odoo.tools import SQL

from ..rules import franchise
from ..rules.franchise import Turnover

# The turnover queries, one per part, joined with UNION ALL into one statement.
# Each returns (company, year, line category, product category, product type,
# amount excluding VAT in the company currency); rules.franchise classifies the rows.
INVOICED_TURNOVER = """
SELECT move.company_id, EXTRACT(YEAR FROM move.invoice_date)::int,
       line.l10n_fr_franchise_category, template.l10n_fr_franchise_category,
       template.type, SUM(-line.balance)
  FROM account_move move
  JOIN account_move_line line ON line.move_id = move.id
 LEFT JOIN product_product product ON product.id = line.product_id
 LEFT JOIN product_template template ON template.id = product.product_tmpl_id
 WHERE move.company_id = ANY(%(companies)s)
   AND move.state = 'posted'
   AND move.move_type IN ('out_invoice', 'out_refund')
   AND move.invoice_date BETWEEN %(first_day)s AND %(last_day)s
   AND line.display_type = 'product'
 GROUP BY 1, 2, 3, 4, 5
"""
# cash collected: what settled the receivable of an invoice (or refunded a credit
# note) in the period, on the date of the settlement, pro rata of the invoice's
# lines. Settlements are the lines of the receivable accounts dated in the period
# (index on account and date) that are not themselves invoice lines (a credit note
# reconciled with an invoice is no cash), reconciled with an invoice's receivable.
CASH_SETTLING = """
WITH settling AS MATERIALIZED (
    SELECT line.id, line.date
      FROM account_move_line line
     WHERE line.account_id IN (
               SELECT id FROM account_account WHERE account_type = 'asset_receivable'
           )
       AND line.company_id = ANY(%(companies)s)
       AND line.date BETWEEN %(first_day)s AND %(last_day)s
       AND line.display_type != 'payment_term'
), settlements AS (
    SELECT receivable.move_id, settling.date, partial.amount
      FROM settling
      JOIN account_partial_reconcile partial ON partial.credit_move_id = settling.id
      JOIN account_move_line receivable ON receivable.id = partial.debit_move_id
     WHERE receivable.display_type = 'payment_term'
 UNION ALL
    SELECT receivable.move_id, settling.date, -partial.amount
      FROM settling
      JOIN account_partial_reconcile partial ON partial.debit_move_id = settling.id
      JOIN account_move_line receivable ON receivable.id = partial.credit_move_id
     WHERE receivable.display_type = 'payment_term'
)
"""
CASH_TURNOVER = """
SELECT move.company_id, EXTRACT(YEAR FROM settlements.date)::int,
       line.l10n_fr_franchise_category, template.l10n_fr_franchise_category,
       template.type,
       SUM(-line.balance * settlements.amount / move.amount_total_signed)
  FROM settlements
  JOIN account_move move ON move.id = settlements.move_id
  JOIN account_move_line line ON line.move_id = move.id
 LEFT JOIN product_product product ON product.id = line.product_id
 LEFT JOIN product_template template ON template.id = product.product_tmpl_id
 WHERE move.state = 'posted'
   AND move.move_type IN ('out_invoice', 'out_refund')
   AND move.amount_total_signed != 0
   AND line.display_type = 'product'
 GROUP BY 1, 2, 3, 4, 5
"""
# the turnover recorded outside Odoo on the franchise years
OUTSIDE_TURNOVER = """
SELECT record.company_id, record.year, adjustment.category, NULL, NULL,
       adjustment.amount
  FROM l10n_fr_franchise_year record
 CROSS JOIN LATERAL (
        VALUES ('goods', record.adjust_goods),
               ('services', record.adjust_services),
               ('building', record.adjust_building),
               ('specific', record.adjust_specific)
       ) AS adjustment(category, amount)
 WHERE record.company_id = ANY(%(companies)s)
   AND record.year BETWEEN %(first_year)s AND %(last_year)s
   AND adjustment.amount != 0
"""
# the posting check locks the records of the years it posts into and reads their
# year-start check, in one statement. An UPDATE, not a SELECT ... FOR UPDATE: Odoo's
# transactions are REPEATABLE READ, where a transaction that waited for a mere row
# lock goes on with its snapshot taken before the other one committed (it would
# miss the invoices just posted); waiting for an UPDATE of the row raises a
# serialization failure instead, and Odoo retries the request with a new snapshot.
LOCK_YEARS = """
UPDATE l10n_fr_franchise_year record
   SET start_checked = record.start_checked
  FROM (VALUES %(pairs)s) AS pair(company_id, year)
 WHERE record.company_id = pair.company_id
   AND record.year = pair.year
RETURNING record.company_id, record.year, record.id, record.start_checked,
          record.status, record.rule_version, record.activity_kind, record.basis,
          record.status_category, record.status_turnover, record.status_threshold
"""
# the records missing, created (and so locked until commit); a concurrent
# transaction creating the same one waits, then fails to serialize and is retried
CREATE_YEARS = """
INSERT INTO l10n_fr_franchise_year
       (company_id, year, name, start_checked,
        create_uid, create_date, write_uid, write_date)
SELECT pair.company_id, pair.year, pair.year || ' - ' || company.name, false,
       %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
  FROM (VALUES %(pairs)s) AS pair(company_id, year)
  JOIN res_company company ON company.id = pair.company_id
    ON CONFLICT (company_id, year) DO NOTHING
RETURNING company_id, year, id, start_checked, status, rule_version, activity_kind,
          basis, status_category, status_turnover, status_threshold
"""
YEAR_ROW_FIELDS = [
    "company_id",
    "year",
    "start_checked",
    "status",
    "rule_version",
    "activity_kind",
    "basis",
    "status_category",
    "status_turnover",
    "status_threshold",
]


def _decimal(value):
    return value if isinstance(value, Decimal) else Decimal(repr(value or 0))


class L10nFrFranchiseTurnover(models.AbstractModel):
    """The turnover of VAT franchise companies by year and category: the aggregate
    query, run by the check at posting (one per batch of invoices, for every
    company and year of the batch) and by the refresh of the years; nothing is
    cached, so no change of an invoice, a payment, a product or the settings can
    leave a stale figure behind. The check at posting first locks the records of
    the years it posts into (``_l10n_fr_lock_years``): two transactions posting
    into the same company and year take their turns, the second one with the
    first one's invoices in its turnover."""

    _name = "l10n.fr.franchise.turnover"
    _description = "VAT Franchise Turnover"

    # ------------------------------------------------------------------ the query

    @api.model
    def _l10n_fr_turnovers(self, companies, years):
        """{(company id, year): Turnover} excluding VAT of the posted customer
        invoices and credit notes of ``companies`` in ``years``, on each company's
        basis (cash collected: by date of payment, pro rata of the invoice; or
        invoiced: by invoice date), plus the turnover recorded outside Odoo. One
        aggregate query for every company and year."""
        years = sorted(set(years))
        result = defaultdict(Turnover)
        if not companies or not years:
            return result
        self._l10n_fr_flush()
        cash = companies.filtered(lambda c: c.l10n_fr_franchise_basis == "cash")
        invoiced = companies - cash
        bounds = {
            "first_day": date(years[0], 1, 1),
            "last_day": date(years[-1], 12, 31),
        }
        parts = [
            SQL(
                OUTSIDE_TURNOVER,
                companies=companies.ids,
                first_year=years[0],
                last_year=years[-1],
            )
        ]
        if invoiced:
            parts.append(SQL(INVOICED_TURNOVER, companies=invoiced.ids, **bounds))
        if cash:
            parts.append(
                SQL(CASH_SETTLING + CASH_TURNOVER, companies=cash.ids, **bounds)
            )
        rows = self.env.execute_query(
            SQL(" UNION ALL ").join(SQL("(%s)", part) for part in parts)
        )
        return self._l10n_fr_classify(rows, companies, set(years))

    @api.model
    def _l10n_fr_flush(self):
        """Write to the database what the turnover queries read."""
        for model, names in (
            ("account.move", ["state", "move_type", "company_id", "invoice_date"]),
            ("account.move", ["date", "amount_total_signed"]),
            ("account.move.line", ["move_id", "balance", "display_type", "date"]),
            ("account.move.line", ["account_id", "company_id"]),
            ("account.move.line", ["product_id", "l10n_fr_franchise_category"]),
            ("account.partial.reconcile", ["debit_move_id", "credit_move_id"]),
            ("account.partial.reconcile", ["amount"]),
            ("product.product", ["product_tmpl_id"]),
            ("product.template", ["type", "l10n_fr_franchise_category"]),
            ("l10n.fr.franchise.year", ["company_id", "year", "adjust_goods"]),
            ("l10n.fr.franchise.year", ["adjust_services", "adjust_building"]),
            ("l10n.fr.franchise.year", ["adjust_specific"]),
        ):
            self.env[model].flush_model(names)

    @api.model
    def _l10n_fr_classify(self, rows, companies, years=None):
        """{(company id, year): Turnover} from the rows of the turnover queries
        (company, year, line category, product category, product type, amount),
        classified by rules.franchise.line_category; only ``years`` when given."""
        result = defaultdict(Turnover)
        kinds = {
            company.id: company.l10n_fr_franchise_activity for company in companies
        }
        for company_id, year, line_cat, product_cat, product_type, amount in rows:
            if years is not None and year not in years:
                continue
            category = franchise.line_category(
                kinds[company_id], product_type, product_cat, line_cat
            )
            result[(company_id, year)] += Turnover.of(category, _decimal(amount))
        return result

    @api.model
    def _l10n_fr_move_turnover(self, move):
        """The turnover excluding VAT of an invoice (or credit note) in the company
        currency, by category."""
        kind = move.company_id.l10n_fr_franchise_activity
        turnover = Turnover()
        for line in move.invoice_line_ids:
            if line.display_type != "product":
                continue
            product = line.product_id
            category = franchise.line_category(
                kind,
                product.type or None,
                product.product_tmpl_id.l10n_fr_franchise_category or None,
                line.l10n_fr_franchise_category or None,
            )
            turnover += Turnover.of(category, _decimal(-line.balance))
        return turnover

    # ------------------------------------------------------------------ the lock

    @api.model
    def _l10n_fr_lock_years(self, pairs):
        """Lock the records of these (company, year) pairs, created when missing,
        until the end of the transaction, and return {(company id, year): row}
        of their year-start check (start_checked, status, rule_version,
        activity_kind, basis, status_category, status_turnover,
        status_threshold). One query when the records exist, two otherwise."""
        pairs = sorted({(company.id, year) for company, year in pairs})
        if not pairs:
            return {}
        self.env["l10n.fr.franchise.year"].flush_model(YEAR_ROW_FIELDS)

        def values(keys):
            return SQL(", ").join(SQL("(%s, %s)", *key) for key in keys)

        rows = self.env.execute_query_dict(SQL(LOCK_YEARS, pairs=values(pairs)))
        result = {(row["company_id"], row["year"]): row for row in rows}
        missing = [key for key in pairs if key not in result]
        if missing:
            rows = self.env.execute_query_dict(
                SQL(CREATE_YEARS, pairs=values(missing), uid=self.env.uid)
            )
            result.update(((row["company_id"], row["year"]), row) for row in rows)
        return result
