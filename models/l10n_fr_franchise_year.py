from collections import defaultdict
from datetime import date
from decimal import Decimal

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL, format_date, formatLang, html2plaintext

from ..rules import franchise
from ..rules.franchise import MissingThresholdError, Turnover
from .l10n_fr_franchise_threshold import RULE_VERSIONS, THRESHOLD_CATEGORIES

ACTIVITY_KINDS = [
    (franchise.KIND_GOODS, "Sales of goods, restaurant, lodging"),
    (franchise.KIND_SERVICES, "Services"),
    (franchise.KIND_MIXED, "Mixed (goods and services)"),
    (franchise.KIND_LAWYER, "Lawyer, author or performer (specific franchise)"),
]
BASES = [
    ("cash", "Cash collected"),
    ("invoiced", "Invoiced"),
]
STATUSES = [
    (franchise.STATUS_FRANCHISE, "In franchise"),
    (franchise.STATUS_TOLERANCE, "In franchise (two-year tolerance)"),
    (franchise.STATUS_BASE_EXCEEDED, "Threshold exceeded: franchise ends next year"),
    (franchise.STATUS_LOST_START, "Lost from 1 January"),
    (franchise.STATUS_LOST_CROSSING, "Lost during the year"),
    ("missing", "Thresholds missing"),
]
LOST_STATUSES = (franchise.STATUS_LOST_START, franchise.STATUS_LOST_CROSSING)
NOTIFIED_STATUSES = (*LOST_STATUSES, "missing")
MANAGER_GROUP = "l10n_fr_credit_collection.group_credit_collection_manager"

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
CASH_TURNOVER = """
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


def _decimal(value):
    return value if isinstance(value, Decimal) else Decimal(repr(value or 0))


class L10nFrFranchiseYear(models.Model):
    """The VAT franchise of a company in a calendar year: turnover by category
    against the thresholds, the status (in franchise, tolerance, lost from 1 January
    or during the year) and the projected crossing; the history of past years keeps
    the rule version applied. Also the service that checks invoices at posting."""

    _name = "l10n.fr.franchise.year"
    _description = "VAT Franchise Year"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "year desc, company_id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    year = fields.Integer(required=True, readonly=True)
    rule_version = fields.Selection(RULE_VERSIONS, readonly=True)
    activity_kind = fields.Selection(ACTIVITY_KINDS, readonly=True)
    basis = fields.Selection(BASES, string="Turnover Basis", readonly=True)
    status = fields.Selection(STATUSES, readonly=True, tracking=True)
    status_category = fields.Selection(THRESHOLD_CATEGORIES, readonly=True)
    status_turnover = fields.Monetary(readonly=True)
    status_threshold = fields.Monetary(readonly=True)
    status_message = fields.Text(compute="_compute_status_message")
    lost_from = fields.Date(
        string="VAT Due From",
        tracking=True,
        help="Day the franchise ended: 1 January when the previous year's turnover "
        "exceeded the threshold, else the day of the operation that crossed the "
        "higher threshold (before 2025: the first day of its month), recorded when "
        "that invoice was posted. Clear it if that invoice was cancelled.",
    )
    turnover_goods = fields.Monetary(string="Goods", readonly=True)
    turnover_services = fields.Monetary(string="Services", readonly=True)
    turnover_building = fields.Monetary(string="Building Works", readonly=True)
    turnover_specific = fields.Monetary(string="Specific Activity", readonly=True)
    turnover_total = fields.Monetary(string="Total Turnover", readonly=True)
    adjust_goods = fields.Monetary(
        string="Goods Outside Odoo",
        help="Turnover excluding VAT of the year not invoiced in Odoo (e.g. before "
        "you started using it), added to the turnover of Odoo.",
    )
    adjust_services = fields.Monetary(string="Services Outside Odoo")
    adjust_building = fields.Monetary(string="Building Works Outside Odoo")
    adjust_specific = fields.Monetary(string="Specific Activity Outside Odoo")
    line_ids = fields.One2many(
        "l10n.fr.franchise.year.line", "year_id", string="Thresholds", readonly=True
    )
    checked_on = fields.Datetime(string="Last Check", readonly=True)
    start_checked = fields.Boolean(
        string="Year-Start Check Done", readonly=True, copy=False
    )

    _sql_constraints = [
        (
            "company_year_unique",
            "unique(company_id, year)",
            "There is already a VAT franchise record of this company for this year.",
        )
    ]

    @api.depends("company_id.name", "year")
    def _compute_name(self):
        for record in self:
            record.name = f"{record.year} - {record.company_id.name or ''}"

    @api.depends(
        "status",
        "status_category",
        "status_turnover",
        "status_threshold",
        "lost_from",
        "rule_version",
    )
    def _compute_status_message(self):
        for record in self:
            record.status_message = record._l10n_fr_status_message()

    def write(self, vals):
        result = super().write(vals)
        if any(key.startswith("adjust_") or key == "lost_from" for key in vals):
            # the years after an adjusted one depend on it
            self.sudo().search(
                [
                    ("company_id", "in", self.company_id.ids),
                    ("year", ">=", min(self.mapped("year"))),
                    ("year", "<=", max(self.mapped("year")) + 2),
                ]
            )._l10n_fr_refresh()
        return result

    # ------------------------------------------------------------------- actions

    def action_refresh(self):
        """Recompute the turnover and the status of these years (button)."""
        self.check_access("read")
        self.sudo()._l10n_fr_refresh()
        return True

    @api.model
    def _l10n_fr_open_action(self, records):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_credit_collection.l10n_fr_franchise_year_action"
        )
        if len(records) == 1:
            action.update(res_id=records.id, view_mode="form", views=[(False, "form")])
        return action

    # ------------------------------------------------------------------ turnover

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
            parts.append(SQL(CASH_TURNOVER, companies=cash.ids, **bounds))
        rows = self.env.execute_query(
            SQL(" UNION ALL ").join(SQL("(%s)", part) for part in parts)
        )
        wanted = set(years)
        kinds = {
            company.id: company.l10n_fr_franchise_activity for company in companies
        }
        for company_id, year, line_cat, product_cat, product_type, amount in rows:
            if year not in wanted:
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
        for line in move.invoice_line_ids.filtered(
            lambda line: line.display_type == "product"
        ):
            category = franchise.line_category(
                kind,
                line.product_id.type or None,
                line.product_id.product_tmpl_id.l10n_fr_franchise_category or None,
                line.l10n_fr_franchise_category or None,
            )
            turnover += Turnover.of(category, _decimal(-line.balance))
        return turnover

    # ---------------------------------------------------------- posting checks

    @api.model
    def _l10n_fr_check_posting(self, moves):
        """Check customer invoices of franchise companies before posting them:
        raise a ``UserError`` for what the settings block. Returns {move:
        {"franchise": bool, "warning": text, "check": Check, "vals": the values to
        write with the posting (the flag, the warning, the mention in the terms)}}."""
        moves = moves.filtered(
            lambda m: (
                m.move_type in ("out_invoice", "out_refund")
                and m.company_id.l10n_fr_vat_franchise
            )
        )
        if not moves:
            return {}
        Threshold = self.env["l10n.fr.franchise.threshold"]
        table = Threshold._l10n_fr_threshold_table()
        today = fields.Date.context_today(self)
        day_of = {move: move.invoice_date or today for move in moves}
        groups = defaultdict(lambda: self.env["account.move"])
        for move in moves:
            groups[(move.company_id, day_of[move].year)] |= move
        # the entitlement of a year checked at its start (and refreshed daily) spares
        # the query of the previous years
        known = self._l10n_fr_known_entitlements(groups)
        years = set()
        for company, year in groups:
            years |= {year} if (company, year) in known else {year - 2, year - 1, year}
        turnovers = self._l10n_fr_turnovers(moves.company_id, years)
        outcome, errors = {}, []
        for (company, year), group in groups.items():
            history = {
                y: turnovers[(company.id, y)] for y in (year - 2, year - 1, year)
            }
            invoices = group.filtered(lambda m: m.move_type == "out_invoice").sorted(
                lambda m: (day_of[m], m.id)
            )
            refunds = group - invoices
            operations = [(day_of[m], self._l10n_fr_move_turnover(m)) for m in invoices]
            operations += [(day_of[m], Turnover()) for m in refunds]
            try:
                checks = franchise.check_operations(
                    table,
                    year,
                    company.l10n_fr_franchise_activity,
                    history,
                    operations,
                    company.l10n_fr_franchise_start_date or None,
                    company._l10n_fr_franchise_shares(),
                    known.get((company, year)),
                )
                next_version = self._l10n_fr_next_version(table, company, year)
            except MissingThresholdError as error:
                raise Threshold._l10n_fr_user_error(error) from error
            for move, check in zip(invoices + refunds, checks, strict=True):
                has_vat = move._l10n_fr_has_vat()
                values = {"franchise": False, "warning": False, "check": check}
                if move.move_type == "out_refund":
                    # a credit note never crosses; it follows its invoice's VAT
                    values["franchise"] = not check.vat_due and not has_vat
                elif check.vat_due:
                    if not has_vat:
                        message = self._l10n_fr_vat_due_message(move, check, year)
                        if company.l10n_fr_franchise_crossing_mode == "block":
                            errors.append(message)
                        values["warning"] = message
                elif has_vat:
                    message = self._l10n_fr_vat_refused_message(move)
                    if company.l10n_fr_franchise_tax_mode == "refuse":
                        errors.append(message)
                    values["warning"] = message
                else:
                    values["franchise"] = True
                    values["warning"] = self._l10n_fr_threshold_message(
                        move, check, year, next_version
                    )
                outcome[move] = values
        if errors:
            raise UserError("\n\n".join(errors))
        for move, values in outcome.items():
            vals = {
                "l10n_fr_vat_franchise": values["franchise"],
                "l10n_fr_franchise_warning": values["warning"],
            }
            narration = move.narration or Markup()
            if values["franchise"] and franchise.MENTION not in html2plaintext(
                narration
            ):
                vals["narration"] = narration + Markup("<p>%s</p>") % franchise.MENTION
            values["vals"] = vals
        return outcome

    @api.model
    def _l10n_fr_known_entitlements(self, pairs):
        """{(company, year): Entitlement} from the year-start check of these years,
        when it ran with the company's current activity kind and basis."""
        records = self.sudo().search_fetch(
            [
                ("company_id", "in", [company.id for company, _year in pairs]),
                ("year", "in", [year for _company, year in pairs]),
                ("start_checked", "=", True),
                ("status", "not in", (False, "missing")),
            ],
            [
                "company_id",
                "year",
                "activity_kind",
                "basis",
                "status",
                "rule_version",
                "status_category",
                "status_turnover",
                "status_threshold",
            ],
        )
        known = {}
        for record in records:
            company = record.company_id
            if (company, record.year) not in pairs or (
                record.activity_kind,
                record.basis,
            ) != (company.l10n_fr_franchise_activity, company.l10n_fr_franchise_basis):
                continue
            if record.status == franchise.STATUS_LOST_START:
                right = franchise.Entitlement(
                    record.year,
                    record.rule_version,
                    False,
                    franchise.OVER_BASE,
                    record.status_category,
                    _decimal(record.status_turnover),
                    _decimal(record.status_threshold),
                )
            else:
                right = franchise.Entitlement(
                    record.year, record.rule_version, True, franchise.UNDER_BASE
                )
            known[(company, record.year)] = right
        return known

    @api.model
    def _l10n_fr_after_posting(self, posted, outcome):
        """After posting: warnings in the chatter and to the user, and when the
        franchise ends, the year's record updated and the managers notified."""
        ended = defaultdict(list)
        for move, values in outcome.items():
            if move not in posted:
                continue
            if values["warning"]:
                move.message_post(body=values["warning"])
                self.env.user._bus_send(
                    "simple_notification",
                    {
                        "type": "warning",
                        "title": self.env._("VAT franchise"),
                        "message": values["warning"],
                        "sticky": True,
                    },
                )
            check = values["check"]
            if check.vat_due and move.move_type == "out_invoice":
                ended[(move.company_id, move.invoice_date.year)].append(check)
        # an invoice of a past year changes the entitlement of the years after it
        today = fields.Date.context_today(self)
        past = {
            (move.company_id.id, move.invoice_date.year)
            for move in outcome
            if move in posted and move.invoice_date.year < today.year
        }
        if past:
            domain = expression.OR(
                [
                    [
                        ("company_id", "=", company_id),
                        ("year", ">", year),
                        ("year", "<=", year + 2),
                    ]
                    for company_id, year in past
                ]
            )
            self.sudo().search(domain)._l10n_fr_refresh()
        if not ended:
            return
        records = self.sudo()._l10n_fr_ensure(
            [(company, year) for company, year in ended]
        )
        for record in records:
            checks = ended[(record.company_id, record.year)]
            crossing = min(
                (c for c in checks if c.level == franchise.CROSSED),
                key=lambda c: c.vat_due_from,
                default=None,
            )
            if crossing and (
                not record.lost_from or crossing.vat_due_from < record.lost_from
            ):
                # recorded: the status keeps it even on a cash basis, where the
                # crossing invoice is not collected yet
                super(L10nFrFranchiseYear, record).write(
                    {
                        "lost_from": crossing.vat_due_from,
                        "status_category": crossing.category,
                        "status_turnover": float(crossing.turnover),
                        "status_threshold": float(crossing.limit),
                    }
                )
        # once the end is known, later invoices with VAT change nothing
        records = records.filtered(
            lambda r: (
                r.status not in LOST_STATUSES
                or any(
                    c.level == franchise.CROSSED for c in ended[(r.company_id, r.year)]
                )
            )
        )
        records._l10n_fr_refresh()
        for record in records.filtered(lambda r: r.status in LOST_STATUSES):
            record._l10n_fr_notify_managers()  # also for a past year's invoice

    def _l10n_fr_next_version(self, table, company, year):
        try:
            return table.rule_version(year + 1, company.l10n_fr_franchise_activity)
        except MissingThresholdError:
            return table.rule_version(year, company.l10n_fr_franchise_activity)

    # ----------------------------------------------------------------- messages

    def _l10n_fr_amount(self, amount, company):
        return formatLang(self.env, float(amount), currency_obj=company.currency_id)

    def _l10n_fr_category_label(self, category):
        labels = dict(self._fields["status_category"]._description_selection(self.env))
        return labels.get(category, category or "")

    def _l10n_fr_vat_due_message(self, move, check, year):
        _ = self.env._
        company = move.company_id
        args = {
            "company": company.name,
            "invoice": move.display_name,
            "year": year,
            "previous": year - 1,
            "amount": self._l10n_fr_amount(check.turnover or 0, company),
            "limit": self._l10n_fr_amount(check.limit or 0, company),
            "category": self._l10n_fr_category_label(check.category),
            "date": format_date(self.env, check.vat_due_from),
        }
        if check.level == franchise.LOST_START:
            text = _(
                "The VAT franchise does not apply to %(company)s in %(year)s: the "
                "turnover of %(previous)s (%(amount)s, %(category)s) exceeded the "
                "threshold of %(limit)s. VAT is due from 1 January %(year)s.",
                **args,
            )
        elif check.level == franchise.CROSSED and check.rule_version == franchise.V2025:
            text = _(
                "%(invoice)s takes the turnover of %(year)s to %(amount)s "
                "(%(category)s), over the higher VAT franchise threshold of "
                "%(limit)s: VAT is due from this operation, on %(date)s (art. 293 B "
                "of the CGI, rules from 2025).",
                **args,
            )
        elif check.level == franchise.CROSSED:
            text = _(
                "%(invoice)s takes the turnover of %(year)s to %(amount)s "
                "(%(category)s), over the higher VAT franchise threshold of "
                "%(limit)s: VAT is due from %(date)s, the first day of the month of "
                "exceeding (rules before 2025); correct with VAT the invoices issued "
                "since then.",
                **args,
            )
        else:
            text = _(
                "The VAT franchise of %(company)s ended during %(year)s: the turnover "
                "(%(amount)s, %(category)s) already exceeds the higher threshold of "
                "%(limit)s.",
                **args,
            )
        return (
            text
            + " "
            + _(
                "Apply VAT to this invoice and to the following ones, and leave the "
                "VAT franchise in the accounting settings (Credit Collection block)."
            )
        )

    def _l10n_fr_vat_refused_message(self, move):
        taxes = move.line_ids.filtered(lambda line: line.display_type == "tax")
        return self.env._(
            "%(company)s is under the VAT franchise (art. 293 B of the CGI): "
            "%(invoice)s must not charge VAT (%(taxes)s). Remove the VAT from its "
            "lines (button \u201cRemove VAT\u201d), or, if the franchise no longer "
            "applies, leave it in the accounting settings (Credit Collection block).",
            company=move.company_id.name,
            invoice=move.display_name,
            taxes=", ".join(taxes.tax_line_id.mapped("name")),
        )

    def _l10n_fr_threshold_message(self, move, check, year, next_version):
        if check.level not in (franchise.SHARE, franchise.BASE):
            return False
        _ = self.env._
        company = move.company_id
        args = {
            "year": year,
            "next_year": year + 1,
            "amount": self._l10n_fr_amount(check.turnover, company),
            "limit": self._l10n_fr_amount(check.limit, company),
            "higher": self._l10n_fr_amount(check.higher, company),
            "category": self._l10n_fr_category_label(check.category),
        }
        if check.level == franchise.SHARE:
            share = f"{check.share.normalize():f}"
            return _(
                "The turnover of %(year)s reaches %(share)s %% of the VAT franchise "
                "threshold (%(amount)s of %(limit)s, %(category)s). Over %(higher)s "
                "during the year, VAT becomes due.",
                share=share,
                **args,
            )
        if next_version == franchise.PRE2025:
            return _(
                "The turnover of %(year)s (%(amount)s, %(category)s) exceeds the VAT "
                "franchise threshold of %(limit)s: the franchise still applies this "
                "year as long as the turnover stays under %(higher)s; in "
                "%(next_year)s it continues only under the two-year tolerance.",
                **args,
            )
        return _(
            "The turnover of %(year)s (%(amount)s, %(category)s) exceeds the VAT "
            "franchise threshold of %(limit)s: the franchise still applies this year "
            "as long as the turnover stays under %(higher)s, and ends on 1 January "
            "%(next_year)s (VAT due on every invoice from then on).",
            **args,
        )

    def _l10n_fr_status_message(self):
        self.ensure_one()
        _ = self.env._
        if not self.status:
            return _("Not checked yet.")
        company = self.company_id
        args = {
            "year": self.year,
            "previous": self.year - 1,
            "next_year": self.year + 1,
            "amount": self._l10n_fr_amount(self.status_turnover, company),
            "limit": self._l10n_fr_amount(self.status_threshold, company),
            "category": self._l10n_fr_category_label(self.status_category),
            "date": format_date(self.env, self.lost_from) if self.lost_from else "",
        }
        leave = _(
            "Charge VAT on your invoices and leave the VAT franchise in the accounting "
            "settings (Credit Collection block)."
        )
        if self.status == "missing":
            return self.env["l10n.fr.franchise.threshold"]._l10n_fr_missing_message(
                MissingThresholdError(self.year)
            )
        if self.status == franchise.STATUS_LOST_START:
            return (
                _(
                    "The VAT franchise does not apply in %(year)s: the turnover of "
                    "%(previous)s (%(amount)s, %(category)s) exceeded the threshold of "
                    "%(limit)s. VAT is due from 1 January %(year)s.",
                    **args,
                )
                + " "
                + leave
            )
        if self.status == franchise.STATUS_LOST_CROSSING:
            if self.lost_from:
                text = _(
                    "The VAT franchise ended in %(year)s: the turnover (%(amount)s, "
                    "%(category)s) exceeded the higher threshold of %(limit)s. VAT is "
                    "due from %(date)s.",
                    **args,
                )
            else:
                text = _(
                    "The VAT franchise ended in %(year)s: the turnover (%(amount)s, "
                    "%(category)s) exceeded the higher threshold of %(limit)s. VAT is "
                    "due from the operation that exceeded it (before 2025: from the "
                    "first day of its month).",
                    **args,
                )
            return text + " " + leave
        if self.status == franchise.STATUS_BASE_EXCEEDED:
            return _(
                "The VAT franchise applies in %(year)s, but the turnover (%(amount)s, "
                "%(category)s) exceeds the threshold of %(limit)s: it must stay under "
                "the higher threshold this year, and the franchise ends on 1 January "
                "%(next_year)s (before 2025: unless the two-year tolerance applies).",
                **args,
            )
        if self.status == franchise.STATUS_TOLERANCE:
            return _(
                "The VAT franchise applies in %(year)s under the two-year tolerance "
                "(rules before 2025): the turnover of %(previous)s (%(amount)s, "
                "%(category)s) exceeded the threshold of %(limit)s but not the higher "
                "one, and the year before it stayed under the threshold.",
                **args,
            )
        return _(
            "The VAT franchise applies in %(year)s: the turnover of %(previous)s "
            "stayed under the threshold and the turnover of %(year)s is under the "
            "thresholds so far.",
            **args,
        )

    # -------------------------------------------------------- monitor and cron

    @api.model
    def _l10n_fr_ensure(self, pairs):
        """The records of these (company, year) pairs, created when missing."""
        records = self.browse()
        for company, year in pairs:
            record = self.search(
                [("company_id", "=", company.id), ("year", "=", year)], limit=1
            )
            if not record:
                record = self.create({"company_id": company.id, "year": year})
            records |= record
        return records

    def _l10n_fr_refresh(self, today=None):
        """Recompute turnover, limits, status and projections of these records
        with one turnover query; notify the managers when a franchise ends or
        thresholds are missing."""
        if not self:
            return
        today = today or fields.Date.context_today(self)
        table = self.env["l10n.fr.franchise.threshold"]._l10n_fr_threshold_table()
        turnovers = self._l10n_fr_turnovers(
            self.company_id, {r.year - k for r in self for k in (0, 1, 2)}
        )
        for record in self:
            company = record.company_id
            kind = company.l10n_fr_franchise_activity
            history = {
                y: turnovers[(company.id, y)]
                for y in (record.year - 2, record.year - 1, record.year)
            }
            own = history[record.year]
            values = {
                "activity_kind": kind,
                "basis": company.l10n_fr_franchise_basis,
                "checked_on": fields.Datetime.now(),
                "turnover_goods": float(own.goods),
                "turnover_services": float(own.services),
                "turnover_building": float(own.building),
                "turnover_specific": float(own.specific),
                "turnover_total": float(own.total),
                "line_ids": [Command.clear()],
            }
            try:
                status = franchise.evaluate_year(
                    table,
                    record.year,
                    kind,
                    history,
                    company.l10n_fr_franchise_start_date or None,
                    today,
                )
            except MissingThresholdError:
                values.update(
                    status="missing",
                    rule_version=False,
                    status_category=False,
                    status_turnover=0.0,
                    status_threshold=0.0,
                )
            else:
                values.update(record._l10n_fr_status_values(status))
            previous = record.status
            super(L10nFrFranchiseYear, record).write(values)
            if (
                values["status"] in NOTIFIED_STATUSES
                and values["status"] != previous
                and record.year >= today.year
            ):
                record._l10n_fr_notify_managers()

    def _l10n_fr_status_values(self, status):
        self.ensure_one()
        right = status.entitlement
        values = {
            "status": status.status,
            "rule_version": status.rule_version,
            "status_category": False,
            "status_turnover": 0.0,
            "status_threshold": 0.0,
            "line_ids": [Command.clear()]
            + [
                Command.create(
                    {
                        "category": c.category,
                        "turnover": float(c.turnover),
                        "base": float(c.base),
                        "higher": float(c.higher),
                        "share_base": float(c.share_base),
                        "share_higher": float(c.share_higher),
                        "projected_base": c.projected_base or False,
                        "projected_higher": c.projected_higher or False,
                    }
                )
                for c in status.categories
            ],
        }
        exceeded = status.exceeded
        if status.status == franchise.STATUS_LOST_START:
            values["lost_from"] = date(self.year, 1, 1)
        elif self.lost_from and self.lost_from.year == self.year:
            # a crossing recorded at posting: the franchise ended that day
            values["status"] = franchise.STATUS_LOST_CROSSING
            if status.status != franchise.STATUS_LOST_CROSSING:
                values.pop("status_category")  # keep what the posting recorded
                values.pop("status_turnover")
                values.pop("status_threshold")
                return values
        else:
            values["lost_from"] = False
        if right.category:  # lost from 1 January, or the tolerance
            values.update(
                status_category=right.category,
                status_turnover=float(right.turnover),
                status_threshold=float(right.limit),
            )
        if values["status"] in (
            franchise.STATUS_BASE_EXCEEDED,
            franchise.STATUS_LOST_CROSSING,
        ):
            crossed = values["status"] == franchise.STATUS_LOST_CROSSING
            values.update(
                status_category=exceeded.category,
                status_turnover=float(exceeded.turnover),
                status_threshold=float(exceeded.higher if crossed else exceeded.base),
            )
        return values

    def _l10n_fr_notify_managers(self):
        """An activity for each credit collection manager of the company."""
        self.ensure_one()
        group = self.env.ref(MANAGER_GROUP)
        users = group.users.filtered(
            lambda user: (
                user.active and not user.share and self.company_id in user.company_ids
            )
        )
        summary = self.env._(
            "VAT franchise %(year)s: %(status)s",
            year=self.year,
            status=dict(self._fields["status"]._description_selection(self.env)).get(
                self.status
            ),
        )
        existing = self.activity_ids.filtered(lambda a: a.summary == summary)
        for user in users - existing.user_id:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=self.status_message,
                user_id=user.id,
            )

    @api.model
    def _l10n_fr_check_companies(self, companies, today=None):
        """The year-start check (and the daily refresh) of these franchise
        companies: their records of the current year and the two before it,
        refreshed; the managers notified when the franchise is lost from 1 January
        or thresholds are missing."""
        today = today or fields.Date.context_today(self)
        pairs = []
        for company in companies.filtered("l10n_fr_vat_franchise"):
            start = company.l10n_fr_franchise_start_date
            pairs += [
                (company, year)
                for year in (today.year - 2, today.year - 1, today.year)
                if not start or year >= start.year
            ]
        records = self._l10n_fr_ensure(pairs)
        records._l10n_fr_refresh(today)
        current = records.filtered(lambda r: r.year == today.year)
        current.filtered(lambda r: not r.start_checked).write({"start_checked": True})
        return current

    @api.model
    def _cron_check_franchise(self):
        """Scheduled action: the year-start check of every franchise company (run
        daily: the first run of a year checks the new year, the others refresh the
        monitor)."""
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("l10n_fr_vat_franchise", "=", True)])
        )
        return self.sudo()._l10n_fr_check_companies(companies)


class L10nFrFranchiseYearLine(models.Model):
    """One tested category of a franchise year: turnover against thresholds."""

    _name = "l10n.fr.franchise.year.line"
    _description = "VAT Franchise Year Category"
    _order = "year_id, id"

    year_id = fields.Many2one(
        "l10n.fr.franchise.year", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="year_id.company_id", store=True)
    currency_id = fields.Many2one(related="year_id.currency_id")
    category = fields.Selection(THRESHOLD_CATEGORIES, required=True)
    turnover = fields.Monetary()
    base = fields.Monetary(string="Threshold")
    higher = fields.Monetary(string="Higher Threshold")
    share_base = fields.Float(string="% of Threshold", digits=(16, 1))
    share_higher = fields.Float(string="% of Higher Threshold", digits=(16, 1))
    projected_base = fields.Date(
        string="Threshold Reached On",
        help="Projected day the threshold is passed at the pace of the year so far.",
    )
    projected_higher = fields.Date(
        string="Higher Threshold Reached On",
        help="Projected day the higher threshold is passed at the pace of the year "
        "so far (VAT due from then on).",
    )
