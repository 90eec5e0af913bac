from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date

from ..rules import proceedings
from ..rules.holidays import holiday_scope
from ..rules.penalties import DatedRate, MissingParameterError
from .l10n_fr_text_limit import NOTE_LENGTH, check_length

# the day the claim of an invoice (alias "move") was born, in SQL: delivery or
# performance, else the invoice date (account.move._l10n_fr_born_on)
BORN_ON = SQL("COALESCE(move.delivery_date, move.invoice_date, move.date)")

KINDS = [
    ("sauvegarde", "Sauvegarde"),
    ("redressement", "Redressement judiciaire"),
    ("liquidation", "Liquidation judiciaire"),
    ("retablissement", "Rétablissement professionnel"),
    ("surendettement", "Surendettement (consumer)"),
]
ANSWERS = [
    ("pending", "Awaiting the answer"),
    ("admitted", "Admitted"),
    ("disputed", "Disputed"),
    ("rejected", "Rejected"),
]
# the dated figures of French-law notes §10.8 (l10n.fr.legal.parameter codes)
TABLE_CODES = {
    "declaration_months": "insolvency_declaration_months",
    "declaration_extension_months": "insolvency_declaration_extension_months",
    "releve_months": "insolvency_releve_months",
    "revendication_months": "insolvency_revendication_months",
    "vat_recovery_years": "bad_debt_vat_recovery_years",
}
# metropolitan France (R622-24 al. 2: a creditor established elsewhere has 2 more
# months); the overseas departments are countries of their own in Odoo
METROPOLE = ("FR",)


class L10nFrProceeding(models.Model):
    """A collective proceeding (C. com. Livre VI) or a surendettement (C. conso
    Livre VII) of a customer, in one company: from its opening judgment, dunning
    stops for the claims born before it, their interest stops, the injonction de
    payer is refused, and the claim is declared to the mandataire or liquidateur
    before the deadline (French-law notes §10)."""

    _name = "l10n.fr.proceeding"
    _description = "Collective Proceeding of a Customer"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "judgment_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
    )
    kind = fields.Selection(KINDS, required=True, tracking=True)
    state = fields.Selection(
        [("open", "In Force"), ("closed", "Closed"), ("cancel", "Cancelled")],
        default="open",
        required=True,
        tracking=True,
        help="In force: dunning stops for the claims born before the judgment and "
        "their interest stops at the judgment date.",
    )
    judgment_date = fields.Date(string="Opening Judgment", required=True, tracking=True)
    court_id = fields.Many2one("l10n.fr.court", string="Court")
    case_number = fields.Char(string="Case Number (RG)")
    bodacc_date = fields.Date(
        string="BODACC Publication",
        tracking=True,
        help="The declaration, relevé de forclusion and revendication deadlines run "
        "from this date.",
    )
    mandataire_id = fields.Many2one(
        "res.partner",
        string="Mandataire / Liquidateur",
        tracking=True,
        help="The mandataire judiciaire (sauvegarde, redressement) or the "
        "liquidateur (liquidation) to whom the claim is declared.",
    )
    outside_metropole = fields.Boolean(
        string="Creditor Outside Metropolitan France",
        compute="_compute_outside_metropole",
        store=True,
        readonly=False,
        help="Two more months to declare (R622-24 al. 2).",
    )
    declaration_deadline = fields.Date(compute="_compute_deadlines")
    releve_deadline = fields.Date(
        string="Relevé de Forclusion Until", compute="_compute_deadlines"
    )
    revendication_deadline = fields.Date(
        string="Revendication Until",
        compute="_compute_deadlines",
        help="Goods sold under retention of title are claimed within this deadline "
        "(L624-9), separately from the declaration.",
    )
    deadline_error = fields.Char(compute="_compute_deadlines")
    declaration_date = fields.Date(string="Declaration Sent", tracking=True, copy=False)
    declaration_mode = fields.Selection(
        [("registered", "Registered letter"), ("portal", "Creditors' portal")],
        string="Sent By",
        default="registered",
    )
    declaration_tracking = fields.Char(string="Proof of Posting")
    declared_amount = fields.Monetary(tracking=True, copy=False)
    answer = fields.Selection(
        ANSWERS,
        string="Mandataire's Answer",
        default="pending",
        tracking=True,
        copy=False,
    )
    answer_date = fields.Date(copy=False)
    admitted_amount = fields.Monetary(tracking=True, copy=False)
    closure_date = fields.Date(tracking=True, copy=False)
    closure_reason = fields.Selection(
        [
            ("plan", "Plan adopted"),
            ("insufficient_assets", "Closed for insufficient assets"),
            ("paid", "Creditors paid"),
            ("other", "Other"),
        ],
        tracking=True,
        copy=False,
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Documents")
    note = fields.Text()

    _sql_constraints = [
        (
            "amounts_positive",
            (
                "CHECK(COALESCE(declared_amount, 0) >= 0 "
                "AND COALESCE(admitted_amount, 0) >= 0)"
            ),
            "Amounts cannot be negative.",
        )
    ]

    @api.depends("kind", "partner_id")
    def _compute_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for proceeding in self:
            proceeding.name = " – ".join(
                filter(None, [labels.get(proceeding.kind), proceeding.partner_id.name])
            )

    @api.depends("company_id")
    def _compute_outside_metropole(self):
        for proceeding in self:
            country = proceeding.company_id.account_fiscal_country_id.code
            proceeding.outside_metropole = bool(country) and country not in METROPOLE

    @api.constrains("note", "case_number", "declaration_tracking")
    def _check_texts(self):
        check_length(self, ["case_number", "declaration_tracking"])
        check_length(self, ["note"], NOTE_LENGTH)

    @api.constrains("judgment_date", "bodacc_date", "closure_date", "company_id")
    def _check_dates(self):
        for proceeding in self:
            if not proceeding.company_id._l10n_fr_french_law():
                raise proceeding.company_id._l10n_fr_french_law_error(
                    self.env._("A collective proceeding")
                )
            later = [proceeding.bodacc_date, proceeding.closure_date]
            if any(day and day < proceeding.judgment_date for day in later):
                raise ValidationError(
                    self.env._(
                        "%(name)s: the BODACC publication and the closure follow the "
                        "opening judgment.",
                        name=proceeding.name,
                    )
                )

    # ------------------------------------------------------------------ tables

    @api.model
    def _l10n_fr_tables(self):
        records = (
            self.env["l10n.fr.legal.parameter"]
            .sudo()
            .search([("code", "in", list(TABLE_CODES.values()))])
        )
        return proceedings.ProceedingTables(
            **{
                name: [
                    DatedRate(r.date_from, r.value) for r in records if r.code == code
                ]
                for name, code in TABLE_CODES.items()
            }
        )

    @api.depends("bodacc_date", "outside_metropole", "kind")
    def _compute_deadlines(self):
        tables = self._l10n_fr_tables()
        Rates = self.env["l10n.fr.penalty.rate"]
        for proceeding in self:
            values = {
                "declaration_deadline": False,
                "releve_deadline": False,
                "revendication_deadline": False,
                "deadline_error": False,
            }
            publication = proceeding.bodacc_date
            if publication and proceeding.kind in proceedings.DECLARATION_KINDS:
                scope = holiday_scope(proceeding.court_id.zip)
                try:
                    values["declaration_deadline"] = proceedings.declaration_deadline(
                        publication, tables, proceeding.outside_metropole, scope
                    ).legal
                    values["releve_deadline"] = proceedings.releve_deadline(
                        publication, tables, scope
                    ).legal
                    values["revendication_deadline"] = (
                        proceedings.revendication_deadline(
                            publication, tables, scope
                        ).legal
                    )
                except MissingParameterError as error:
                    values["deadline_error"] = Rates._l10n_fr_rate_error_message(error)
            proceeding.update(values)

    # ---------------------------------------------------------------- effects

    @api.model
    def _l10n_fr_interest_until(self, move_ids):
        """{move id: last day of interest} of the invoices born before the opening
        judgment of a proceeding in force of their customer and company whose kind
        stops the interest (L622-28): one query (the penalty engine's seam)."""
        if not move_ids:
            return {}
        self.flush_model(["partner_id", "company_id", "state", "kind", "judgment_date"])
        self.env["account.move"].flush_model(
            ["commercial_partner_id", "company_id", "delivery_date", "invoice_date"]
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT move.id, MIN(proceeding.judgment_date),
                       BOOL_OR(company.l10n_fr_proceeding_judgment_day_interest)
                  FROM account_move move
                  JOIN l10n_fr_proceeding proceeding
                       ON proceeding.partner_id = move.commercial_partner_id
                      AND proceeding.company_id = move.company_id
                  JOIN res_company company ON company.id = move.company_id
                 WHERE move.id = ANY(%s)
                   AND proceeding.state = 'open'
                   AND proceeding.kind = ANY(%s)
                   AND %s < proceeding.judgment_date
              GROUP BY move.id
                """,
                list(move_ids),
                list(proceedings.INTEREST_STOP_KINDS),
                BORN_ON,
            )
        )
        return {
            move_id: proceedings.interest_until(judgment, bool(judgment_day))
            for move_id, judgment, judgment_day in rows
        }

    @api.model
    def _l10n_fr_in_force(self, partner_ids, company_ids):
        """{(commercial partner id, company id): proceedings in force} of these
        customers in these companies, in the model's order (one search)."""
        found = defaultdict(lambda: self.browse())
        for proceeding in self.search(
            [
                ("partner_id", "in", list(partner_ids)),
                ("company_id", "in", list(company_ids)),
                ("state", "=", "open"),
            ]
        ):
            found[proceeding.partner_id.id, proceeding.company_id.id] |= proceeding
        return found

    # ------------------------------------------------------------- the claim

    def _l10n_fr_pre_opening_invoices(self):
        """The posted customer invoices of the customer born before the judgment."""
        self.ensure_one()
        moves = self.env["account.move"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("commercial_partner_id", "=", self.partner_id.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("l10n_fr_is_penalty_invoice", "=", False),
            ],
            order="invoice_date, id",
        )
        return moves.filtered(
            lambda move: proceedings.born_before(
                move._l10n_fr_born_on(), self.judgment_date
            )
        )

    def _l10n_fr_claims(self):
        """The claim at the judgment date per pre-opening invoice with something due
        then: [{move, principal, not_yet_due, interest, indemnity, total}] and the
        totals, through ``rules.proceedings.claim_at_judgment``."""
        self.ensure_one()
        company = self.company_id
        moves = self._l10n_fr_pre_opening_invoices()
        Engine = self.env["l10n.fr.penalty.engine"]
        data = Engine._l10n_fr_installments(moves)
        tables = self.env["l10n.fr.penalty.rate"]._l10n_fr_rate_tables()
        professional = self.partner_id.l10n_fr_is_professional
        options = {
            "professional": professional,
            "b2b_rate_for": tables.b2b_rate_for(company._l10n_fr_rate_clause()),
            "consumer_rate_for": tables.consumer_rate_for(),
            "grace_days": company.l10n_fr_penalty_grace_days,
            "indemnity_for": (
                (lambda day: tables.indemnity(day, True))
                if company.l10n_fr_penalty_indemnity
                else None
            ),
            "judgment_day_bears_interest": (
                company.l10n_fr_proceeding_judgment_day_interest
            ),
        }
        if self.kind not in proceedings.INTEREST_STOP_KINDS:
            options["judgment_day_bears_interest"] = True
        lines = []
        totals = defaultdict(Decimal)
        for move in moves:
            move_data = data.get(move.id)
            if not move_data:
                continue
            try:
                claim = proceedings.claim_at_judgment(
                    self.judgment_date,
                    move_data["installments"],
                    notice_date=move_data["notice"] or None,
                    **options,
                )
            except MissingParameterError as error:
                Rates = self.env["l10n.fr.penalty.rate"]
                raise Rates._l10n_fr_user_error(error) from error
            if not claim.total:
                continue
            line = {
                "move": move,
                "principal": float(claim.principal),
                "not_yet_due": [(day, float(a)) for day, a in claim.not_yet_due],
                "not_yet_due_total": float(claim.not_yet_due_total),
                "interest": float(claim.interest),
                "indemnity": float(claim.indemnity),
                "paid": float(claim.paid),
                "total": float(claim.total),
            }
            lines.append(line)
            for key in ("principal", "not_yet_due_total", "interest", "indemnity"):
                totals[key] += getattr(claim, key)
            totals["total"] += claim.total
        return {
            "lines": lines,
            "totals": {key: float(value) for key, value in totals.items()}
            | {key: 0.0 for key in ("principal", "total") if key not in totals},
        }

    def _l10n_fr_declaration(self):
        """Everything the declaration letter prints (report_proceeding)."""
        self.ensure_one()
        company = self.company_id
        claims = self._l10n_fr_claims()
        rate_clause = company._l10n_fr_rate_clause()
        return {
            "claims": claims,
            "subject": self.env._(
                "Declaration of claim (articles L622-24 and L622-25 of the Code de "
                "commerce)"
            ),
            "references": [
                (self.env._("Debtor:"), self.partner_id.name),
                (self.env._("Case number:"), self.case_number or "-"),
            ],
            "liquidation": self.kind == "liquidation",
            "retention_of_title": company.l10n_fr_retention_of_title,
            "rate_clause": rate_clause,
            "judgment": format_date(self.env, self.judgment_date, lang_code="fr_FR"),
            "until": format_date(
                self.env,
                proceedings.interest_until(
                    self.judgment_date,
                    company.l10n_fr_proceeding_judgment_day_interest,
                ),
                lang_code="fr_FR",
            ),
        }

    def _l10n_fr_letter_date(self, day=None):
        return (
            fields.Date.to_date(day)
            or self.declaration_date
            or (fields.Date.context_today(self))
        )

    # ---------------------------------------------------------------- actions

    def action_l10n_fr_declare(self):
        self.ensure_one()
        if self.kind not in proceedings.DECLARATION_KINDS:
            raise UserError(
                self.env._(
                    "No declaration of claim in this procedure: in a rétablissement "
                    "professionnel the mandataire informs the creditors, in a "
                    "surendettement answer the commission's requests."
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "l10n.fr.proceeding.declaration",
            "view_mode": "form",
            "target": "new",
            "context": {"default_proceeding_id": self.id},
        }

    def action_l10n_fr_close(self):
        self.write({"state": "closed", "closure_date": fields.Date.context_today(self)})

    def _l10n_fr_schedule_deadline_activities(self):
        """Activities for the responsible before the declaration deadline."""
        today = fields.Date.context_today(self)
        for proceeding in self.filtered("declaration_deadline"):
            if proceeding.declaration_date:
                continue
            days = (proceeding.company_id.l10n_fr_declaration_reminder_days, 1)
            for day in proceedings.reminder_dates(
                proceeding.declaration_deadline, days, today
            ):
                proceeding.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=day,
                    summary=self.env._(
                        "Declare the claim before %(deadline)s",
                        deadline=format_date(self.env, proceeding.declaration_deadline),
                    ),
                )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._l10n_fr_schedule_deadline_activities()
        return records

    def write(self, vals):
        result = super().write(vals)
        if "bodacc_date" in vals or "outside_metropole" in vals:
            self.activity_unlink(["mail.mail_activity_data_todo"])
            self._l10n_fr_schedule_deadline_activities()
        return result

    # ---------------------------------------------------------- payer score

    @api.model
    def _l10n_fr_payer_scores(self, partner_ids=None, today=None):
        """{commercial partner id: rules.proceedings.PayerScore} of the company's
        customers (all of them when ``partner_ids`` is None), in one query: the
        invoices paid in the last 24 months (amount, due date, date of the last
        payment), the open disputed invoices and the promises broken in the last 12
        months."""
        company = self.env.company
        today = today or fields.Date.context_today(self)
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                WITH paid AS (
                    SELECT move.commercial_partner_id AS partner_id, move.id,
                           move.amount_total_signed AS amount,
                           move.invoice_date_due AS due,
                           MAX(counterpart.date) AS paid
                      FROM account_move move
                      JOIN account_move_line line ON line.move_id = move.id
                      JOIN account_account account ON account.id = line.account_id
                      JOIN account_partial_reconcile partial
                           ON partial.debit_move_id = line.id
                      JOIN account_move_line counterpart
                           ON counterpart.id = partial.credit_move_id
                     WHERE move.company_id = %(company)s
                       AND move.move_type = 'out_invoice'
                       AND move.state = 'posted'
                       AND move.payment_state IN ('paid', 'in_payment')
                       AND account.account_type = 'asset_receivable'
                       AND (%(all)s OR move.commercial_partner_id = ANY(%(partners)s))
                  GROUP BY move.id
                    HAVING MAX(counterpart.date) > %(since)s
                )
                SELECT 'paid', partner_id, amount, due, paid FROM paid
                 UNION ALL
                SELECT 'dispute', move.commercial_partner_id, 0, NULL, NULL
                  FROM account_move move
                 WHERE move.company_id = %(company)s
                   AND move.state = 'posted'
                   AND move.l10n_fr_litigation
                   AND move.payment_state NOT IN ('paid', 'in_payment', 'reversed')
                   AND (%(all)s OR move.commercial_partner_id = ANY(%(partners)s))
                 UNION ALL
                SELECT 'promise', partner.commercial_partner_id, 0, NULL, NULL
                  FROM l10n_fr_dunning_promise promise
                  JOIN res_partner partner ON partner.id = promise.partner_id
                 WHERE promise.company_id = %(company)s
                   AND promise.state = 'broken'
                   AND promise.date > %(year)s
                   AND (%(all)s OR partner.commercial_partner_id = ANY(%(partners)s))
                """,
                company=company.id,
                all=partner_ids is None,
                partners=list(partner_ids or []),
                since=today - timedelta(days=730),
                year=today - timedelta(days=365),
            )
        )
        invoices = defaultdict(list)
        disputes = defaultdict(int)
        broken = defaultdict(int)
        for kind, partner, amount, due, paid in rows:
            if kind == "paid":
                invoices[partner].append((Decimal(repr(amount)), due or paid, paid))
            elif kind == "dispute":
                disputes[partner] += 1
            else:
                broken[partner] += 1
        return {
            partner: proceedings.payer_score(
                invoices[partner], today, disputes[partner], broken[partner]
            )
            for partner in set(invoices) | set(disputes) | set(broken)
        }

    # ---------------------------------------------------------- credit limit

    @api.model
    def _l10n_fr_check_credit_limit(self, moves):
        """Refuses posting customer invoices that take their customer over its credit
        limit (Odoo's partner credit limit) in companies that block it; a credit
        collection manager may post them, and the chatter says who."""
        invoices = moves.filtered(
            lambda m: (
                m.move_type == "out_invoice"
                and m.company_id.l10n_fr_credit_limit_block
                and m.company_id.account_use_credit_limit
            )
        )
        manager = self.env.user.has_group(
            "l10n_fr_credit_collection.group_credit_collection_manager"
        )
        for move in invoices:
            partner = move.commercial_partner_id.with_company(move.company_id)
            if not proceedings.over_credit_limit(
                partner.credit + partner.credit_to_invoice,
                move.amount_total_signed,
                partner.credit_limit,
            ):
                continue
            if not manager:
                raise UserError(
                    self.env._(
                        "%(invoice)s takes %(customer)s over its credit limit of "
                        "%(limit)s: only a credit collection manager may post it.",
                        invoice=move.display_name,
                        customer=partner.name,
                        limit=partner.credit_limit,
                    )
                )
            move.message_post(
                body=self.env._(
                    "Posted over the credit limit of %(customer)s (%(limit)s) by "
                    "%(user)s.",
                    customer=partner.name,
                    limit=partner.credit_limit,
                    user=self.env.user.name,
                )
            )
