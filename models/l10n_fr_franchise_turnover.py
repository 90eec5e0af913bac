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
# the same settlements, of given reconciliations only (whatever their date): what
# they add to the cash collected (kept in the cache when they are created or removed)
PARTIAL_SETTLING = """
WITH settling AS MATERIALIZED (
    SELECT partial.id AS partial_id, line.id, line.date
      FROM account_partial_reconcile partial
      JOIN account_move_line line
        ON line.id IN (partial.debit_move_id, partial.credit_move_id)
     WHERE partial.id = ANY(%(partials)s)
       AND line.account_id IN (
               SELECT id FROM account_account WHERE account_type = 'asset_receivable'
           )
       AND line.company_id = ANY(%(companies)s)
       AND line.display_type != 'payment_term'
), settlements AS (
    SELECT receivable.move_id, settling.date, partial.amount
      FROM settling
      JOIN account_partial_reconcile partial
        ON partial.id = settling.partial_id AND partial.credit_move_id = settling.id
      JOIN account_move_line receivable ON receivable.id = partial.debit_move_id
     WHERE receivable.display_type = 'payment_term'
 UNION ALL
    SELECT receivable.move_id, settling.date, -partial.amount
      FROM settling
      JOIN account_partial_reconcile partial
        ON partial.id = settling.partial_id AND partial.debit_move_id = settling.id
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
# what the posting check reads of the years' records: the year-start check and the
# cached turnover of the year
YEAR_ROWS = """
SELECT company_id, year, id, start_checked, status, rule_version, activity_kind,
       basis, status_category, status_turnover, status_threshold,
       turnover_cache_valid, turnover_cache_goods, turnover_cache_services,
       turnover_cache_building, turnover_cache_specific
  FROM l10n_fr_franchise_year
 WHERE company_id = ANY(%(companies)s)
   AND year = ANY(%(years)s)
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
CACHE_FIELDS = [
    "turnover_cache_valid",
    "turnover_cache_goods",
    "turnover_cache_services",
    "turnover_cache_building",
    "turnover_cache_specific",
]
# cursor cache key: ids of the years' records created in the transaction (their
# turnover is not cached: a concurrent transaction could not invalidate it)
CREATED = "l10n_fr_franchise_created_years"


def _decimal(value):
    return value if isinstance(value, Decimal) else Decimal(repr(value or 0))


class L10nFrFranchiseTurnover(models.AbstractModel):
    """The turnover of VAT franchise companies by year and category: the aggregate
    query (the truth), and its cache on the records of the years, read by the check
    at posting.

    The cache of a year is filled by the refresh of the year (daily scheduled
    action, Check now) and by the check at posting when it had to query. It is kept
    up to date: posting an invoice adds it (invoiced basis), creating or removing a
    reconciliation adds or takes the cash it collects (cash basis, the same query
    restricted to these reconciliations). What else may change the turnover
    invalidates the cache of the company's years: invoices leaving the posted state
    or redated, the category of a posted line or of a product, the franchise
    settings of the company. Every write is an UPDATE of the year's row, so that
    concurrent transactions conflict (and are retried) instead of caching a figure
    that misses the other's change."""

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
    def _l10n_fr_collected(self, partials):
        """{(company id, year): Turnover} the cash collected by these
        reconciliations (see CASH_TURNOVER), for the companies under the franchise
        on the cash basis; no query for the others."""
        companies = partials.company_id.filtered(
            lambda c: c.l10n_fr_vat_franchise and c.l10n_fr_franchise_basis == "cash"
        )
        if not companies:
            return {}
        self._l10n_fr_flush()
        rows = self.env.execute_query(
            SQL(
                PARTIAL_SETTLING + CASH_TURNOVER,
                partials=partials.ids,
                companies=companies.ids,
            )
        )
        return self._l10n_fr_classify(rows, companies)

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

    # ------------------------------------------------------------------ the cache

    @api.model
    def _l10n_fr_year_rows(self, companies, years):
        """{(company id, year): row} of the records of these years, in one query:
        ``row`` is a dict of the year-start check (start_checked, status,
        rule_version, activity_kind, basis, status_category, status_turnover,
        status_threshold) and ``turnover`` (the cached Turnover, or None)."""
        Year = self.env["l10n.fr.franchise.year"]
        Year.flush_model(YEAR_ROW_FIELDS)
        rows = self.env.execute_query_dict(
            SQL(YEAR_ROWS, companies=companies.ids, years=sorted(set(years)))
        )
        result = {}
        for row in rows:
            valid = row.pop("turnover_cache_valid")
            amounts = [
                row.pop(f"turnover_cache_{category}")
                for category in franchise.LINE_CATEGORIES
            ]
            row["turnover"] = (
                Turnover(*(_decimal(amount) for amount in amounts)) if valid else None
            )
            result[(row["company_id"], row["year"])] = row
        return result

    @api.model
    def _l10n_fr_cached_turnovers(self, pairs, rows):
        """{(company id, year): Turnover} of these (company, year) pairs: from the
        cache in ``rows`` (see _l10n_fr_year_rows) when valid, else from one query,
        whose figures are then cached on the records of the years."""
        result = defaultdict(Turnover)
        missing = []
        for company, year in pairs:
            row = rows.get((company.id, year))
            if row and row["turnover"] is not None:
                result[(company.id, year)] = row["turnover"]
            else:
                missing.append((company, year))
        if not missing:
            return result
        companies = self.env["res.company"].browse(
            {company.id for company, _year in missing}
        )
        fresh = self._l10n_fr_turnovers(companies, {year for _c, year in missing})
        store = {}
        for company, year in missing:
            key = (company.id, year)
            result[key] = fresh[key]
            if key in rows:
                store[rows[key]["id"]] = fresh[key]
        self._l10n_fr_store(store)
        return result

    @api.model
    def _l10n_fr_store(self, turnovers):
        """Cache {year record id: Turnover} on the records of the years (not on
        those created in this transaction)."""
        created = self.env.cr.cache.get(CREATED, ())
        values = [
            SQL(
                "(%s, %s, %s, %s, %s)",
                record_id,
                turnover.goods,
                turnover.services,
                turnover.building,
                turnover.specific,
            )
            for record_id, turnover in turnovers.items()
            if record_id not in created
        ]
        if not values:
            return
        self.env.execute_query(
            SQL(
                """
                UPDATE l10n_fr_franchise_year record
                   SET turnover_cache_valid = true,
                       turnover_cache_goods = cached.goods,
                       turnover_cache_services = cached.services,
                       turnover_cache_building = cached.building,
                       turnover_cache_specific = cached.specific
                  FROM (VALUES %s) AS cached(id, goods, services, building, specific)
                 WHERE record.id = cached.id
                """,
                SQL(", ").join(values),
            )
        )
        self.env["l10n.fr.franchise.year"].invalidate_model(CACHE_FIELDS)

    @api.model
    def _l10n_fr_add_posted(self, moves):
        """Add the turnover of these just posted customer invoices and credit notes
        to the cached turnover of their year, for the companies on the invoiced
        basis (on the cash basis, posting collects nothing)."""
        totals = defaultdict(Turnover)
        for move in moves:
            company = move.company_id
            if (
                move.move_type in ("out_invoice", "out_refund")
                and company.l10n_fr_vat_franchise
                and company.l10n_fr_franchise_basis == "invoiced"
                and move.invoice_date
            ):
                totals[(company.id, move.invoice_date.year)] += (
                    self._l10n_fr_move_turnover(move)
                )
        self._l10n_fr_add_cached(totals)

    @api.model
    def _l10n_fr_add_cached(self, totals, sign=1):
        """Add {(company id, year): Turnover} (times ``sign``) to the cached
        turnover of these years. Also the rows whose cache is not valid are
        updated (their figures are ignored): a concurrent transaction caching a
        figure without this change conflicts."""
        if not totals:
            return
        values = SQL(", ").join(
            SQL(
                "(%s, %s, %s, %s, %s, %s)",
                company_id,
                year,
                sign * turnover.goods,
                sign * turnover.services,
                sign * turnover.building,
                sign * turnover.specific,
            )
            for (company_id, year), turnover in totals.items()
        )
        self.env.execute_query(
            SQL(
                """
                UPDATE l10n_fr_franchise_year record
                   SET turnover_cache_goods = record.turnover_cache_goods + added.goods,
                       turnover_cache_services
                           = record.turnover_cache_services + added.services,
                       turnover_cache_building
                           = record.turnover_cache_building + added.building,
                       turnover_cache_specific
                           = record.turnover_cache_specific + added.specific
                  FROM (VALUES %s)
                       AS added(company_id, year, goods, services, building, specific)
                 WHERE record.company_id = added.company_id
                   AND record.year = added.year
                """,
                values,
            )
        )
        self.env["l10n.fr.franchise.year"].invalidate_model(CACHE_FIELDS)

    @api.model
    def _l10n_fr_invalidate(self, companies=None, franchise_only=True):
        """Drop the cached turnover of every year of these companies (all of them
        when ``None``); ``franchise_only``: only of those under the franchise (the
        others' caches are dropped when their franchise is switched on). Free for
        companies out of the franchise: no query."""
        if companies is not None:
            if franchise_only:
                companies = companies.filtered("l10n_fr_vat_franchise")
            if not companies:
                return
            where = SQL("company_id = ANY(%s)", companies.ids)
        else:
            where = SQL("TRUE")
        # every row of the companies is updated, valid or not: a concurrent
        # transaction that would cache a figure without this change conflicts
        self.env.execute_query(
            SQL(
                "UPDATE l10n_fr_franchise_year SET turnover_cache_valid = false "
                "WHERE %s",
                where,
            )
        )
        self.env["l10n.fr.franchise.year"].invalidate_model(["turnover_cache_valid"])
