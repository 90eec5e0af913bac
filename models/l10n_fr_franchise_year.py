from datetime import date

from odoo import Command, api, fields, models
from odoo.osv import expression
from odoo.tools import format_date

from ..rules import franchise
from ..rules.franchise import MissingThresholdError
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


class L10nFrFranchiseYear(models.Model):
    """The VAT franchise of a company in a calendar year: turnover by category
    against the thresholds, the status (in franchise, tolerance, lost from 1 January
    or during the year) and the projected crossing; the history of past years keeps
    the rule version applied. The check at posting locks the record of the year it
    posts into (l10n.fr.franchise.turnover._l10n_fr_lock_years)."""

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
    # no sum of years in the group rows of a list
    year = fields.Integer(required=True, readonly=True, aggregator=None)
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

    def _l10n_fr_status_message(self):
        self.ensure_one()
        _ = self.env._
        if not self.status:
            return _("Not checked yet.")
        company = self.company_id
        Check = self.env["l10n.fr.franchise.check"]
        args = {
            "year": self.year,
            "previous": self.year - 1,
            "next_year": self.year + 1,
            "amount": Check._l10n_fr_amount(self.status_turnover, company),
            "limit": Check._l10n_fr_amount(self.status_threshold, company),
            "category": Check._l10n_fr_category_label(self.status_category),
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
        pairs = {(company.id, year) for company, year in pairs}
        if not pairs:
            return self.browse()
        records = self.search(
            expression.OR(
                [
                    [("company_id", "=", company), ("year", "=", year)]
                    for company, year in pairs
                ]
            )
        )
        found = {(record.company_id.id, record.year) for record in records}
        missing = sorted(pairs - found)
        if missing:
            records |= self.create(
                [{"company_id": company, "year": year} for company, year in missing]
            )
        return records

    def _l10n_fr_refresh(self, today=None):
        """Recompute turnover, limits, status and projections of these records
        with one turnover query; notify the managers
        when a franchise ends or thresholds are missing."""
        if not self:
            return
        today = today or fields.Date.context_today(self)
        table = self.env["l10n.fr.franchise.threshold"]._l10n_fr_threshold_table()
        turnovers = self.env["l10n.fr.franchise.turnover"]._l10n_fr_turnovers(
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

    def _l10n_fr_record_crossing(self, crossing):
        """Record on this year the crossing of the higher threshold found at
        posting (a ``Check``, or None), when it is the first one: the status keeps
        it even on a cash basis, where the crossing invoice is not collected yet.
        Written without the refresh of write(): the caller refreshes."""
        self.ensure_one()
        if not crossing or (self.lost_from and crossing.vat_due_from >= self.lost_from):
            return False
        return super().write(
            {
                "lost_from": crossing.vat_due_from,
                "status_category": crossing.category,
                "status_turnover": float(crossing.turnover),
                "status_threshold": float(crossing.limit),
            }
        )

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
