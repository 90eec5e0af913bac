from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..rules import debtor, dunning, french_text
from ..rules.courts import debtor_nature
from .l10n_fr_text_limit import check_length

LEGAL_FORMS = [
    ("ei_trader", "Sole trader (EI, commerçant)"),
    ("ei_artisan", "Sole craftsman (EI, artisan)"),
    ("ei_liberal", "Sole liberal profession (EI)"),
    ("eurl", "EURL"),
    ("sarl", "SARL"),
    ("sasu", "SASU"),
    ("sas", "SAS"),
    ("sa", "SA"),
    ("snc", "SNC"),
    ("scs", "SCS (société en commandite simple)"),
    ("sca", "SCA (société en commandite par actions)"),
    ("sci", "SCI (société civile immobilière)"),
    ("scp", "SCP (société civile professionnelle)"),
    ("scm", "SCM (société civile de moyens)"),
    ("civil", "Other civil company"),
    ("association", "Association"),
    ("other", "Other"),
]

# what a credit controller may write on a customer without the right to edit contacts
CREDIT_CONTROLLER_FIELDS = {"l10n_fr_dunning_opt_out", "l10n_fr_dunning_opt_out_reason"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    l10n_fr_debtor_type = fields.Selection(
        [
            ("auto", "Automatic"),
            ("professional", "Professional"),
            ("consumer", "Consumer"),
        ],
        string="Debtor Type",
        default="auto",
        required=True,
        help="Automatic: a company, or anyone with a SIRET or VAT number, is a "
        "professional (late-payment penalties and 40 EUR indemnity); a person "
        "without is a consumer (legal interest from the formal notice).",
    )
    l10n_fr_is_professional = fields.Boolean(
        string="Professional Debtor", compute="_compute_l10n_fr_is_professional"
    )
    l10n_fr_dunning_policy_id = fields.Many2one(
        "l10n.fr.dunning.policy",
        string="Dunning Policy",
        company_dependent=True,
        help="Pins the customer to this policy; empty: the first matching policy.",
    )
    l10n_fr_credit_controller_id = fields.Many2one(
        "res.users",
        string="Credit Controller",
        company_dependent=True,
        help="Who chases this customer in this company: activities, calls and "
        "disputes go to this person. Empty: the salesperson, else the dunning level's "
        "responsible user, else the company's default credit controller.",
    )
    l10n_fr_dunning_opt_out = fields.Boolean(
        string="No Dunning",
        tracking=True,
        help="Leave this customer out of dunning runs.",
    )
    l10n_fr_dunning_opt_out_reason = fields.Char(
        string="Reason for No Dunning", tracking=True
    )

    @api.constrains("l10n_fr_dunning_opt_out_reason")
    def _check_l10n_fr_dunning_opt_out_reason(self):
        check_length(self, ["l10n_fr_dunning_opt_out_reason"])

    l10n_fr_reminder_ids = fields.One2many(
        "l10n.fr.dunning.reminder", "partner_id", string="Reminders"
    )
    l10n_fr_reminder_count = fields.Integer(
        string="Reminder Count", compute="_compute_l10n_fr_dunning"
    )
    l10n_fr_dunning_level_id = fields.Many2one(
        "l10n.fr.dunning.level",
        string="Dunning Level",
        compute="_compute_l10n_fr_dunning",
        help="Level of the last reminder really sent.",
    )
    l10n_fr_last_reminder_date = fields.Date(
        string="Last Reminder", compute="_compute_l10n_fr_dunning"
    )
    l10n_fr_ready_for_injonction = fields.Boolean(
        string="Ready for Injonction",
        compute="_compute_l10n_fr_dunning",
        search="_search_l10n_fr_ready_for_injonction",
        help="A formal notice was sent and its deadline to pay has passed while "
        "invoices it listed are still unpaid.",
    )
    l10n_fr_overdue_amount = fields.Monetary(
        string="Overdue Amount",
        compute="_compute_l10n_fr_overdue_amount",
        search="_search_l10n_fr_overdue_amount",
        currency_field="currency_id",
    )
    l10n_fr_net_due = fields.Monetary(
        string="Net Amount Due",
        compute="_compute_l10n_fr_overdue_amount",
        currency_field="currency_id",
        help="Overdue amount minus the open credits (credit notes, unmatched "
        "payments): what the customer must pay now.",
    )
    l10n_fr_next_action_date = fields.Date(
        string="Next Action",
        compute="_compute_l10n_fr_dunning",
        help="When the customer reaches its next dunning level; never in the past: "
        "an action that should have happened is due today, and shown late.",
    )
    l10n_fr_next_action_state = fields.Selection(
        [("late", "Late"), ("today", "Today"), ("planned", "Planned")],
        string="Next Action Status",
        compute="_compute_l10n_fr_dunning",
    )
    l10n_fr_promise_ids = fields.One2many(
        "l10n.fr.dunning.promise", "partner_id", string="Promises to Pay"
    )
    # customer default (§10): proceedings, provision rate, insured limit, score
    l10n_fr_proceeding_ids = fields.One2many(
        "l10n.fr.proceeding", "partner_id", string="Collective Proceedings"
    )
    l10n_fr_proceeding_id = fields.Many2one(
        "l10n.fr.proceeding",
        string="Proceeding in Force",
        compute="_compute_l10n_fr_proceeding_id",
    )
    l10n_fr_provision_rate = fields.Float(
        string="Provision Rate (%)",
        company_dependent=True,
        help="Rate of this customer's provision proposals; empty: the company's "
        "default (100 % in judicial liquidation).",
    )
    l10n_fr_insured_limit = fields.Float(
        string="Insured Limit",
        company_dependent=True,
        digits="Account",
        help="Limit granted by the credit insurer, in the company currency.",
    )
    l10n_fr_insurer_id = fields.Many2one(
        "res.partner", string="Credit Insurer", company_dependent=True
    )
    l10n_fr_insured_date = fields.Date(string="Insured Since", company_dependent=True)
    l10n_fr_payer_score = fields.Integer(
        string="Payer Score",
        compute="_compute_l10n_fr_payer_score",
        help="0 (worst) to 100 (best), from the customer's payments of the last 24 "
        "months, disputes and broken promises (see the documentation).",
    )
    l10n_fr_payer_days_late = fields.Float(
        string="Average Days Late", compute="_compute_l10n_fr_payer_score"
    )
    l10n_fr_payer_trend = fields.Float(
        string="Days Late Trend", compute="_compute_l10n_fr_payer_score"
    )

    def _compute_l10n_fr_proceeding_id(self):
        company = self.env.company
        ids = [i for i in self.commercial_partner_id._origin.ids if isinstance(i, int)]
        found = self.env["l10n.fr.proceeding"]._l10n_fr_in_force(ids, company.ids)
        for partner in self:
            key = (partner.commercial_partner_id._origin.id, company.id)
            partner.l10n_fr_proceeding_id = found[key][-1:]

    def _compute_l10n_fr_payer_score(self):
        ids = [i for i in self.commercial_partner_id._origin.ids if isinstance(i, int)]
        scores = self.env["l10n.fr.proceeding"]._l10n_fr_payer_scores(ids)
        for partner in self:
            score = scores.get(partner.commercial_partner_id._origin.id)
            partner.l10n_fr_payer_score = score.score if score else 100
            partner.l10n_fr_payer_days_late = float(score.days_late) if score else 0
            partner.l10n_fr_payer_trend = float(score.trend) if score else 0

    l10n_fr_penalty_due = fields.Monetary(
        string="Late-Payment Penalties Due",
        compute="_compute_l10n_fr_penalty_due",
        currency_field="currency_id",
        help="Penalties and indemnities due on the customer's invoices today, not "
        "invoiced yet, in the company currency.",
    )

    def write(self, vals):
        # the credit controller stops or resumes chasing a customer he may see,
        # without the right to edit contacts (tracked in the partner's chatter)
        if (
            vals
            and set(vals) <= CREDIT_CONTROLLER_FIELDS
            and not self.env.su
            and not self.env["res.partner"].has_access("write")
            and self.env.user.has_group(
                "l10n_fr_credit_collection.group_credit_collection_user"
            )
        ):
            self.check_access("read")
            return super(ResPartner, self.sudo()).write(vals)
        return super().write(vals)

    @api.depends(
        "l10n_fr_debtor_type",
        "commercial_partner_id.l10n_fr_debtor_type",
        "commercial_partner_id.is_company",
        "commercial_partner_id.vat",
        "commercial_partner_id.siret",
    )
    def _compute_l10n_fr_is_professional(self):
        for partner in self:
            commercial = partner.commercial_partner_id
            partner.l10n_fr_is_professional = debtor.is_professional(
                commercial.l10n_fr_debtor_type,
                commercial.is_company,
                commercial.siret,
                commercial.vat,
            )

    @api.model
    def _l10n_fr_professional_by_id(self, partner_ids):
        """{partner id: professional debtor?} of many partners in one query (batch
        runs: the computed field reads every column of every partner)."""
        self.flush_model(
            [
                "commercial_partner_id",
                "l10n_fr_debtor_type",
                "is_company",
                "siret",
                "vat",
            ]
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT partner.id, commercial.l10n_fr_debtor_type,
                       commercial.is_company, commercial.siret, commercial.vat
                  FROM res_partner partner
                  JOIN res_partner commercial
                       ON commercial.id = partner.commercial_partner_id
                 WHERE partner.id = ANY(%s)
                """,
                list(partner_ids),
            )
        )
        return {
            partner_id: debtor.is_professional(forced, is_company, siret, vat)
            for partner_id, forced, is_company, siret, vat in rows
        }

    def _l10n_fr_credit_controllers(self, company, level_user=None):
        """{partner id: res.users} of who chases each customer in ``company``
        (rules.dunning.credit_controller), read for the whole batch at once."""
        commercial = self.commercial_partner_id.with_company(company)
        own = {p.id: p.l10n_fr_credit_controller_id for p in commercial}
        default = company.l10n_fr_default_collector_id
        return {
            partner.id: dunning.credit_controller(
                own[partner.commercial_partner_id.id],
                partner.commercial_partner_id.user_id,
                level_user,
                default,
            )
            or self.env["res.users"]
            for partner in self
        }

    def _l10n_fr_overdue_invoices(self, company):
        """The customer's posted invoices in ``company`` still open and past due
        today (a payment plan covers them, a call resends or disputes them)."""
        self.ensure_one()
        return self.env["account.move"].search(
            [
                ("commercial_partner_id", "=", self.commercial_partner_id.id),
                ("company_id", "=", company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("amount_residual", ">", 0),
                ("invoice_date_due", "<", fields.Date.context_today(self)),
            ]
        )

    def _l10n_fr_overdue_by_partner(self):
        groups = self.env["l10n.fr.dunning.aged.balance"]._read_group(
            [("company_id", "=", self.env.company.id), ("overdue", ">", 0)],
            ["partner_id"],
            ["overdue:sum", "due_date:min"],
        )
        return {partner.id: (amount, oldest) for partner, amount, oldest in groups}

    def _compute_l10n_fr_overdue_amount(self):
        overdue = self._l10n_fr_overdue_by_partner()
        credits = dict(
            self.env["l10n.fr.dunning.aged.balance"]._read_group(
                [
                    ("company_id", "=", self.env.company.id),
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    ("amount", "<", 0),
                ],
                ["partner_id"],
                ["amount:sum"],
            )
        )
        for partner in self:
            commercial = partner.commercial_partner_id
            amount = overdue.get(commercial.id, (0.0, None))[0]
            partner.l10n_fr_overdue_amount = amount
            partner.l10n_fr_net_due = amount + credits.get(commercial, 0.0)

    def _search_l10n_fr_overdue_amount(self, operator, value):
        if operator not in (">", ">=", "=", "<", "<=", "!="):
            raise NotImplementedError(self.env._("Unsupported search on this field."))
        overdue = self._l10n_fr_overdue_by_partner()
        compare = {
            ">": lambda a: a > value,
            ">=": lambda a: a >= value,
            "=": lambda a: a == value,
            "<": lambda a: a < value,
            "<=": lambda a: a <= value,
            "!=": lambda a: a != value,
        }[operator]
        ids = [
            partner for partner, (amount, _oldest) in overdue.items() if compare(amount)
        ]
        if compare(0.0):
            return [("id", "not in", [p for p in overdue if p not in ids])]
        return [("id", "in", ids)]

    def _compute_l10n_fr_dunning(self):
        company = self.env.company
        sent = self.env["l10n.fr.dunning.reminder"].search(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("company_id", "=", company.id),
                ("state", "=", "sent"),
            ],
            order="date desc, id desc",
        )
        last = {}
        for reminder in sent:
            last.setdefault(reminder.partner_id.id, reminder)
        ready = set(self._search_l10n_fr_ready_for_injonction("=", True)[0][2])
        counts = dict(
            self.env["l10n.fr.dunning.reminder"]._read_group(
                [("partner_id", "in", self.ids), ("company_id", "=", company.id)],
                ["partner_id"],
                ["__count"],
            )
        )
        overdue = self._l10n_fr_overdue_by_partner()
        today = fields.Date.context_today(self)
        first = (
            self.env["l10n.fr.dunning.policy"]
            .search([("company_id", "=", company.id)], limit=1)
            .level_ids[:1]
        )
        for partner in self:
            reminder = last.get(partner.commercial_partner_id.id)
            # nothing to chase while open credits cover the overdue items
            due = partner.l10n_fr_net_due > 0 and overdue.get(
                partner.commercial_partner_id.id
            )
            (
                partner.l10n_fr_next_action_date,
                partner.l10n_fr_next_action_state,
            ) = dunning.next_action(
                partner._l10n_fr_next_action(reminder, due, first), today
            )
            partner.l10n_fr_dunning_level_id = reminder.level_id if reminder else False
            partner.l10n_fr_last_reminder_date = reminder.date if reminder else False
            partner.l10n_fr_ready_for_injonction = partner.id in ready
            partner.l10n_fr_reminder_count = counts.get(partner, 0)

    def _l10n_fr_next_action(self, reminder, overdue, first):
        """When the customer reaches its next level: the oldest overdue item's due date
        plus the days of the level after its last reminder (``first``: the first level
        when none was sent), not before the days to pay of a mandatory level have
        passed (or after the repeat interval of a top level)."""
        if not overdue:
            return False
        oldest = overdue[1]
        if not reminder:
            return first and oldest + timedelta(days=first.days)
        level = reminder.level_id
        above = level.policy_id.level_ids.filtered(lambda lv: lv.days > level.days)[:1]
        if above:
            wait = level.payment_delay_days + 1 if level.mandatory else 1
            return max(
                oldest + timedelta(days=above.days), reminder.date + timedelta(wait)
            )
        repeat = reminder.level_id.repeat_days
        return repeat and reminder.date + timedelta(days=repeat)

    def _search_l10n_fr_ready_for_injonction(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on this field."))
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT reminder.partner_id
                  FROM l10n_fr_dunning_reminder reminder
                  JOIN l10n_fr_dunning_level level ON level.id = reminder.level_id
                  JOIN l10n_fr_dunning_reminder_line item
                       ON item.reminder_id = reminder.id
                  JOIN account_move_line line ON line.id = item.move_line_id
                 WHERE reminder.state = 'sent'
                   AND level.kind = 'formal_notice'
                   AND reminder.company_id = %s
                   AND reminder.payment_deadline < %s
                   AND item.amount_residual > 0
                   AND NOT line.reconciled
                """,
                self.env.company.id,
                fields.Date.context_today(self),
            )
        )
        ids = [partner for (partner,) in rows]
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", ids)]

    def action_l10n_fr_dunning_resume(self):
        self.write(
            {"l10n_fr_dunning_opt_out": False, "l10n_fr_dunning_opt_out_reason": False}
        )

    def action_l10n_fr_open_reminders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_credit_collection.l10n_fr_dunning_reminder_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action

    def action_l10n_fr_print_statement(self):
        return self.env.ref(
            "l10n_fr_credit_collection.action_report_statement"
        ).report_action(self.commercial_partner_id)

    def _l10n_fr_statement(self):
        """Open receivable items of the customer in the current company, with their
        lettering state and penalties, for the statement of account."""
        self.ensure_one()
        company = self.env.company
        today = fields.Date.context_today(self)
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "child_of", self.commercial_partner_id.id),
                ("company_id", "=", company.id),
                ("account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
            ],
            order="date_maturity, id",
        )
        invoices = lines.move_id.filtered(lambda m: m.move_type == "out_invoice")
        penalties = invoices._l10n_fr_penalty_compute(today, raise_on_error=False)
        rows, seen = [], set()
        for line in lines:
            result = (
                penalties.get(line.move_id.id) if line.move_id.id not in seen else None
            )
            seen.add(line.move_id.id)
            rows.append(
                {
                    "date": line.date,
                    "name": line.move_id.name,
                    "due_date": line.date_maturity or line.date,
                    "lettering": line.matching_number
                    and self.env._("partial")
                    or self.env._("not lettered"),
                    "residual": line.amount_residual,
                    "penalty": result["due"] if result else 0.0,
                }
            )
        overdue = sum(
            row["residual"]
            for row in rows
            if row["due_date"] < today and row["residual"] > 0
        )
        penalty = sum(row["penalty"] for row in rows)
        balance = sum(row["residual"] for row in rows)
        return {
            "date": today,
            "currency": company.currency_id,
            "lines": rows,
            "balance": balance,
            "overdue": overdue,
            "penalty": penalty,
            "total": balance + penalty,
        }

    def _compute_l10n_fr_penalty_due(self):
        today = fields.Date.context_today(self)
        invoices = self.env["account.move"].search(
            [
                ("commercial_partner_id", "in", self.commercial_partner_id.ids),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("company_id", "=", self.env.company.id),
                ("invoice_date_due", "<", today),
            ]
        )
        results = invoices._l10n_fr_penalty_compute(today, raise_on_error=False)
        company = self.env.company
        totals = {}
        for invoice in invoices:
            result = results[invoice.id]
            if result.get("error"):
                continue
            amount = invoice.currency_id._convert(
                result["due"], company.currency_id, company, today
            )
            key = invoice.commercial_partner_id.id
            totals[key] = totals.get(key, 0.0) + amount
        for partner in self:
            partner.l10n_fr_penalty_due = totals.get(
                partner.commercial_partner_id.id, 0.0
            )

    def action_l10n_fr_payment_plan(self):
        """A new draft payment plan for the customer (from the customer form, the
        worklist or a call outcome), covering all their overdue invoices."""
        self.ensure_one()
        return self.env["l10n.fr.payment.plan"]._l10n_fr_new_plan_action(
            self.commercial_partner_id
        )

    def action_l10n_fr_injonction(self):
        self.ensure_one()
        return self.env["l10n.fr.injonction.wizard"]._l10n_fr_action(
            {"default_partner_id": self.commercial_partner_id.id}
        )

    def _l10n_fr_postal_lines(self, attention=""):
        """The address block of a window envelope (NF Z 10-011, at most 6 lines):
        the company, then the contact as "À l'attention de", the streets, the
        postcode and city in capitals, the country when abroad."""
        self.ensure_one()
        commercial = self.commercial_partner_id
        if not attention and self != commercial and self.name:
            attention = self.name
        country = self.country_id
        sender_country = self.env.company.country_id
        return french_text.address_block(
            french_text.PostalAddress(
                name=commercial.name or "",
                attention=attention or "",
                street2=self.street2 or "",
                street=self.street or "",
                zip=self.zip or "",
                city=self.city or "",
                country=country.name
                if country and sender_country and country != sender_country
                else "",
            )
        )

    l10n_fr_legal_form = fields.Selection(
        LEGAL_FORMS,
        string="Legal Form",
        help="Commercial companies (SARL, SAS, SA, SNC...) and sole traders are "
        "traders; craftsmen too for debts between them and traders since 2022; "
        "civil companies, associations and liberal professions are not. Chooses "
        "the court of an injonction de payer (C. com. L721-3).",
    )

    def _l10n_fr_debtor_nature(self):
        """``rules.courts.DebtorNature`` of the commercial partner."""
        self.ensure_one()
        partner = self.commercial_partner_id
        return debtor_nature(
            partner.l10n_fr_legal_form,
            partner.is_company,
            bool(partner.siret),
            partner.l10n_fr_debtor_type,
        )

    # ------------------------------------------------------------------ worklist:
    # calls, disputes and the customer's collection form
    l10n_fr_call_ids = fields.One2many(
        "l10n.fr.call",
        "partner_id",
        string="Calls",
        groups="l10n_fr_credit_collection.group_credit_collection_user",
    )
    l10n_fr_call_count = fields.Integer(
        string="Call Count",
        compute="_compute_l10n_fr_collection_counts",
        groups="l10n_fr_credit_collection.group_credit_collection_user",
    )
    l10n_fr_dispute_ids = fields.One2many(
        "l10n.fr.dispute",
        "partner_id",
        string="Disputes",
        groups="l10n_fr_credit_collection.group_credit_collection_user",
    )
    l10n_fr_dispute_count = fields.Integer(
        string="Open Disputes",
        compute="_compute_l10n_fr_collection_counts",
        groups="l10n_fr_credit_collection.group_credit_collection_user",
    )
    l10n_fr_open_invoice_ids = fields.Many2many(
        "account.move",
        string="Open Items",
        compute="_compute_l10n_fr_open_invoice_ids",
        groups="l10n_fr_credit_collection.group_credit_collection_user",
    )

    def _compute_l10n_fr_collection_counts(self):
        company = self.env.company
        calls = dict(
            self.env["l10n.fr.call"]._read_group(
                [("partner_id", "in", self.ids), ("company_id", "=", company.id)],
                ["partner_id"],
                ["__count"],
            )
        )
        disputes = dict(
            self.env["l10n.fr.dispute"]._read_group(
                [
                    ("partner_id", "in", self.ids),
                    ("company_id", "=", company.id),
                    ("state", "=", "open"),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.l10n_fr_call_count = calls.get(partner, 0)
            partner.l10n_fr_dispute_count = disputes.get(partner, 0)

    def _compute_l10n_fr_open_invoice_ids(self):
        moves = self.env["account.move"].search(
            [
                ("commercial_partner_id", "in", self.commercial_partner_id.ids),
                ("company_id", "=", self.env.company.id),
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("state", "=", "posted"),
                ("amount_residual", "!=", 0),
            ],
            order="invoice_date_due, id",
        )
        for partner in self:
            partner.l10n_fr_open_invoice_ids = moves.filtered(
                lambda m, p=partner: m.commercial_partner_id == p.commercial_partner_id
            )

    def action_l10n_fr_collection(self):
        """The customer's collection form: open items with their penalties, last
        contacts (calls, reminders), the statement and "Log a call"."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Collection: %(customer)s", customer=self.name),
            "res_model": "res.partner",
            "res_id": self.commercial_partner_id.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref(
                        "l10n_fr_credit_collection.res_partner_view_form_collection"
                    ).id,
                    "form",
                )
            ],
            "target": "current",
        }

    def action_l10n_fr_log_call(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_credit_collection.l10n_fr_call_wizard_action"
        )
        action["context"] = {"active_model": "res.partner", "active_ids": self.ids}
        return action

    def action_l10n_fr_open_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_credit_collection.l10n_fr_call_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_l10n_fr_open_disputes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_credit_collection.l10n_fr_dispute_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
