from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date
from odoo.tools.pdf import merge_pdf

from ..rules.holidays import SCOPE_FR, holiday_scope, previous_working_day
from ..rules.injonction import InjonctionTables, deadlines
from ..rules.penalties import DatedRate, MissingParameterError
from .l10n_fr_court import CLAIM_NATURES, COURT_TYPES, DEBTOR_NATURES

OPEN_STATES = ("draft", "filed", "order", "served", "opposition", "enforceable")
CLOSED_STATES = ("paid", "abandoned")
ACTIVITY_LEAD_DAYS = 7  # activities fall due this many days before a deadline

TABLE_CODES = {
    "service_months": "ip_service_months",
    "opposition_months": "ip_opposition_months",
    "enforcement_months": "ip_enforcement_months",
    "tae_experiment": "ip_tae_experiment",
    "prescription_professional_years": "prescription_professional_years",
    "prescription_consumer_years": "prescription_consumer_years",
    "small_claims_cap": "small_claims_cap",
    "formule_request_months": "ip_formule_request_months",
    "artisans_commercial": "ip_artisans_commercial",
}

SERVICE_MODES = [
    ("person", "To the person"),
    ("domicile", "At the domicile"),
    ("etude", "At the commissaire de justice's office"),
    ("pv_659", "Report of unsuccessful search (art. 659 CPC)"),
]


class L10nFrInjonctionCase(models.Model):
    _name = "l10n.fr.injonction.case"
    _description = "Injonction de Payer Case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, default="/", copy=False)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user
    )
    partner_id = fields.Many2one(
        "res.partner", string="Debtor", required=True, index=True, tracking=True
    )
    invoice_ids = fields.Many2many(
        "account.move", string="Invoices", check_company=True, copy=False
    )
    reminder_ids = fields.Many2many(
        "l10n.fr.dunning.reminder", string="Reminders", check_company=True
    )
    court_id = fields.Many2one("l10n.fr.court", string="Court", tracking=True)
    court_type = fields.Selection(COURT_TYPES, required=True)
    claim_nature = fields.Selection(
        CLAIM_NATURES, default="other", required=True, tracking=True
    )
    debtor_nature = fields.Selection(DEBTOR_NATURES, tracking=True)
    transfer_court_id = fields.Many2one(
        "l10n.fr.court",
        string="Transfer on Opposition to",
        help="Art. 1408 CPC: court to which the case is sent if the debtor opposes.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("filed", "Filed"),
            ("order", "Order Issued"),
            ("served", "Served"),
            ("opposition", "Opposition"),
            ("enforceable", "Enforceable"),
            ("paid", "Paid"),
            ("abandoned", "Abandoned"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    claim_date = fields.Date(
        string="Interest Computed To", required=True, default=fields.Date.today
    )
    filing_date = fields.Date(tracking=True)
    order_date = fields.Date(tracking=True)
    service_date = fields.Date(tracking=True)
    service_mode = fields.Selection(
        SERVICE_MODES,
        string="Served",
        default="person",
        required=True,
        tracking=True,
        help="How the commissaire de justice served the order (CPC 654-659). "
        "Not to the person: the opposition runs one month from the first act "
        "served to the person or the first enforcement measure (CPC 1416 al. 2).",
    )
    personal_act_date = fields.Date(
        string="First Act Served to the Person",
        tracking=True,
        help="Date of the first act served to the debtor in person after an order "
        "served otherwise (CPC 1416 al. 2).",
    )
    seizure_date = fields.Date(
        string="First Enforcement Measure",
        tracking=True,
        help="Date of the first enforcement measure making the debtor's assets "
        "unavailable in whole or in part (e.g. saisie-attribution, saisie-vente): "
        "counts when no act was served to the person (CPC 1416 al. 2).",
    )
    opposition_date = fields.Date(tracking=True)
    close_date = fields.Date(readonly=True)
    service_deadline = fields.Date(compute="_compute_deadlines", store=True)
    service_deadline_local = fields.Date(
        string="Service Deadline (Local Holidays)",
        compute="_compute_deadlines",
        store=True,
    )
    opposition_deadline = fields.Date(compute="_compute_deadlines", store=True)
    opposition_deadline_local = fields.Date(
        string="Opposition Deadline (Local Holidays)",
        compute="_compute_deadlines",
        store=True,
    )
    opposition_pending = fields.Boolean(
        string="Opposition End Unknown",
        compute="_compute_deadlines",
        store=True,
        help="The order was not served to the person and no later act to the person "
        "or enforcement measure is entered (CPC 1416 al. 2).",
    )
    enforceable_date = fields.Date(
        string="Enforceable From", compute="_compute_deadlines", store=True
    )
    formule_status = fields.Selection(
        [
            ("applicable", "To request (order before 2022-03-01)"),
            ("not_applicable", "Not applicable: the order bears it"),
        ],
        string="Formule Exécutoire",
        compute="_compute_deadlines",
        store=True,
        help="Orders issued before 1 March 2022 did not bear the formule exécutoire: "
        "the creditor had to request it at the greffe after the opposition period, "
        "else the order was void (CPC 1423 in force until then).",
    )
    formule_deadline = fields.Date(
        string="Request the Formule Exécutoire By",
        compute="_compute_deadlines",
        store=True,
    )
    holiday_scope = fields.Char(
        compute="_compute_holiday_scope",
        store=True,
        help="Holiday calendar of the court's place (its postal code, else the "
        "debtor's): FR, 57-67-68 (Alsace-Moselle) or an overseas territory.",
    )
    deadline_error = fields.Char(compute="_compute_deadlines", store=True)
    deadline_note = fields.Text(
        string="Deadline Extensions", compute="_compute_deadline_note"
    )
    line_ids = fields.One2many(
        "l10n.fr.injonction.claim.line", "case_id", string="Claim", copy=True
    )
    exhibit_ids = fields.One2many(
        "l10n.fr.injonction.exhibit", "case_id", string="Exhibits", copy=True
    )
    amount_principal = fields.Monetary(
        string="Principal", compute="_compute_amounts", store=True
    )
    amount_interest = fields.Monetary(
        string="Interest", compute="_compute_amounts", store=True
    )
    amount_indemnity = fields.Monetary(
        string="Recovery Indemnities", compute="_compute_amounts", store=True
    )
    amount_other = fields.Monetary(
        string="Penalty Clause and Fees", compute="_compute_amounts", store=True
    )
    amount_total = fields.Monetary(
        string="Total Claimed", compute="_compute_amounts", store=True
    )
    court_fee = fields.Monetary(string="Court Fees")
    small_claim = fields.Boolean(
        help="Principal and interest within the cap of the simplified small-claims "
        "procedure (CPCE L125-1): an alternative before a commissaire de justice.",
    )
    request_attachment_id = fields.Many2one("ir.attachment", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            company = self.env["res.company"].browse(
                vals.get("company_id") or self.env.company.id
            )
            if not company._l10n_fr_french_law():
                raise company._l10n_fr_french_law_error(
                    self.env._("The injonction de payer")
                )
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    sequence.with_company(company.id).next_by_code(
                        "l10n.fr.injonction.case"
                    )
                    or "/"
                )
        cases = super().create(vals_list)
        cases._l10n_fr_sync_dunning_exclusion()
        return cases

    def write(self, vals):
        previous = self.invoice_ids
        unknown = self.filtered(
            lambda case: (
                case.state in ("served", "enforceable") and not case.opposition_deadline
            )
        )
        result = super().write(vals)
        # CPC 1416 al. 2: the opposition end becomes known with a later act
        for case in unknown.filtered("opposition_deadline"):
            case._l10n_fr_schedule_opposition()
        if "state" in vals or "invoice_ids" in vals:
            (self.invoice_ids | previous)._l10n_fr_sync_injonction_exclusion()
        return result

    def unlink(self):
        invoices = self.invoice_ids
        result = super().unlink()
        invoices._l10n_fr_sync_injonction_exclusion()
        return result

    def _l10n_fr_sync_dunning_exclusion(self):
        self.invoice_ids._l10n_fr_sync_injonction_exclusion()

    # --------------------------------------------------------------- computations

    @api.depends("line_ids.amount", "line_ids.kind", "court_fee", "line_ids.case_id")
    def _compute_amounts(self):
        for case in self:

            def total(kinds, case=case):
                return sum(
                    case.line_ids.filtered(lambda line: line.kind in kinds).mapped(
                        "amount"
                    )
                )

            others = total(("penalty_clause", "court_fee"))
            case.update(
                {
                    "amount_principal": total(("principal",)),
                    "amount_interest": total(("interest",)),
                    "amount_indemnity": total(("indemnity",)),
                    "amount_other": others,
                    "amount_total": total(
                        (
                            "principal",
                            "interest",
                            "indemnity",
                            "penalty_clause",
                            "court_fee",
                        )
                    ),
                }
            )

    @api.model
    def _l10n_fr_injonction_tables(self):
        """The dated figures of the injonction de payer, read once."""
        records = (
            self.env["l10n.fr.legal.parameter"]
            .sudo()
            .search([("code", "in", list(TABLE_CODES.values()))])
        )
        return InjonctionTables(
            **{
                name: [
                    DatedRate(r.date_from, r.value) for r in records if r.code == code
                ]
                for name, code in TABLE_CODES.items()
            }
        )

    @api.constrains("service_date", "personal_act_date", "seizure_date")
    def _check_later_acts(self):
        for case in self:
            later = [d for d in (case.personal_act_date, case.seizure_date) if d]
            if later and (not case.service_date or min(later) < case.service_date):
                raise ValidationError(
                    self.env._(
                        "Case %(case)s: the first act served to the person and the "
                        "first enforcement measure follow the service of the order: "
                        "enter the date of service first, then later dates.",
                        case=case.name,
                    )
                )

    @api.depends("court_id.zip", "partner_id.zip")
    def _compute_holiday_scope(self):
        for case in self:
            case.holiday_scope = holiday_scope(case.court_id.zip or case.partner_id.zip)

    def _l10n_fr_deadlines(self, tables):
        """The deadlines of the rules (``rules.injonction.Deadlines``)."""
        self.ensure_one()
        return deadlines(
            self.order_date,
            self.service_date,
            tables,
            service_mode=self.service_mode or "person",
            personal_act_date=self.personal_act_date,
            seizure_date=self.seizure_date,
            scope=self.holiday_scope or "FR",
        )

    @api.depends(
        "order_date",
        "service_date",
        "service_mode",
        "personal_act_date",
        "seizure_date",
        "holiday_scope",
    )
    def _compute_deadlines(self):
        tables = self._l10n_fr_injonction_tables()
        Rates = self.env["l10n.fr.penalty.rate"]
        for case in self:
            try:
                result = case._l10n_fr_deadlines(tables)
            except MissingParameterError as error:
                case.update(
                    {
                        "service_deadline": False,
                        "service_deadline_local": False,
                        "opposition_deadline": False,
                        "opposition_deadline_local": False,
                        "opposition_pending": False,
                        "enforceable_date": False,
                        "formule_status": False,
                        "formule_deadline": False,
                        "deadline_error": Rates._l10n_fr_rate_error_message(error),
                    }
                )
                continue
            status = False
            if case.order_date:
                status = "applicable" if result.formule_applicable else "not_applicable"
            case.update(
                {
                    "service_deadline": result.service_deadline,
                    "service_deadline_local": result.service and result.service.local,
                    "opposition_deadline": result.opposition_deadline,
                    "opposition_deadline_local": result.opposition
                    and result.opposition.local,
                    "opposition_pending": bool(result.opposition_pending),
                    "enforceable_date": result.enforceable_from,
                    "formule_status": status,
                    "formule_deadline": result.formule_deadline,
                    "deadline_error": False,
                }
            )

    def _l10n_fr_day_reason(self, reason):
        _ = self.env._
        labels = {
            "saturday": _("a Saturday"),
            "sunday": _("a Sunday"),
            "new_year": _("New Year's Day"),
            "easter_monday": _("Easter Monday"),
            "labour_day": _("1 May"),
            "victory_1945": _("8 May"),
            "ascension": _("Ascension Day"),
            "whit_monday": _("Whit Monday"),
            "bastille_day": _("14 July"),
            "assumption": _("Assumption Day"),
            "all_saints": _("All Saints' Day"),
            "armistice": _("11 November"),
            "christmas": _("Christmas Day"),
            "good_friday": _("Good Friday (Alsace-Moselle)"),
            "saint_stephen": _("26 December (Alsace-Moselle)"),
            "abolition_of_slavery": _("the abolition of slavery day (overseas)"),
        }
        return labels.get(reason, reason)

    @api.depends(
        "service_deadline",
        "service_deadline_local",
        "opposition_deadline",
        "opposition_deadline_local",
        "formule_deadline",
    )
    @api.depends_context("lang")
    def _compute_deadline_note(self):
        """Why a deadline was moved (CPC 642), one line per deadline."""
        _ = self.env._
        tables = self._l10n_fr_injonction_tables()
        for case in self:
            lines = []
            try:
                result = case._l10n_fr_deadlines(tables)
            except MissingParameterError:
                case.deadline_note = False
                continue
            for label, deadline in (
                (_("Service deadline"), result.service),
                (_("End of the opposition period"), result.opposition),
                (_("Request of the formule exécutoire"), result.formule),
            ):
                if not deadline:
                    continue
                if deadline.extended:
                    lines.append(
                        _(
                            "%(deadline)s: %(normal)s is %(reason)s, moved to the "
                            "next working day %(legal)s (art. 642 CPC).",
                            deadline=label,
                            normal=format_date(self.env, deadline.normal),
                            reason=case._l10n_fr_day_reason(deadline.reason),
                            legal=format_date(self.env, deadline.legal),
                        )
                    )
                if deadline.locally_extended:
                    lines.append(
                        _(
                            "%(deadline)s: %(legal)s is %(reason)s at the court's "
                            "place: probable extension to %(local)s (local holiday); "
                            "the reminders keep the earlier date.",
                            deadline=label,
                            legal=format_date(self.env, deadline.legal),
                            reason=case._l10n_fr_day_reason(deadline.local_reason),
                            local=format_date(self.env, deadline.local),
                        )
                    )
            case.deadline_note = "\n".join(lines) or False

    # -------------------------------------------------------------------- states

    def _l10n_fr_check_deadline_error(self):
        for case in self:
            if case.deadline_error:
                raise UserError(case.deadline_error)

    def action_file(self):
        for case in self:
            case.write(
                {
                    "state": "filed",
                    "filing_date": case.filing_date or fields.Date.context_today(case),
                }
            )

    def action_order_issued(self):
        for case in self:
            if not case.order_date:
                raise UserError(self.env._("Enter the date of the order first."))
        self._l10n_fr_check_deadline_error()
        self.write({"state": "order"})
        for case in self:
            case._l10n_fr_schedule(
                case.service_deadline,
                self.env._(
                    "Have the order served (signification) before %(date)s",
                    date=case.service_deadline,
                ),
            )

    def action_served(self):
        for case in self:
            if not case.service_date:
                raise UserError(self.env._("Enter the date of service first."))
        self._l10n_fr_check_deadline_error()
        self.write({"state": "served"})
        for case in self:
            case._l10n_fr_schedule_opposition()
            case._l10n_fr_schedule(
                case.enforceable_date,
                self.env._(
                    "The order may be enforced from %(date)s",
                    date=case.enforceable_date,
                ),
            )
            case._l10n_fr_schedule(
                case.formule_deadline,
                self.env._(
                    "Request the formule exécutoire at the greffe before %(date)s "
                    "(order issued before 1 March 2022, art. 1423 CPC then in force)",
                    date=case.formule_deadline,
                ),
            )

    def _l10n_fr_schedule_opposition(self):
        """The activity of the end of the opposition period, once it is known."""
        self.ensure_one()
        self._l10n_fr_schedule(
            self.opposition_deadline,
            self.env._(
                "End of the opposition period on %(date)s",
                date=self.opposition_deadline,
            ),
        )

    def action_opposition(self):
        self.write(
            {
                "state": "opposition",
                "opposition_date": self.opposition_date
                or fields.Date.context_today(self),
            }
        )

    def action_enforceable(self):
        today = fields.Date.context_today(self)
        for case in self:
            if case.state != "served" or not case.enforceable_date:
                raise UserError(
                    self.env._("Only a served order can become enforceable.")
                )
            if today < case.enforceable_date:
                raise UserError(
                    self.env._(
                        "The order may only be enforced from %(date)s.",
                        date=case.enforceable_date,
                    )
                )
        self.write({"state": "enforceable"})

    def action_paid(self):
        self.write({"state": "paid", "close_date": fields.Date.context_today(self)})
        self.activity_unlink(["mail.mail_activity_data_todo"])

    def action_abandon(self):
        self.write(
            {"state": "abandoned", "close_date": fields.Date.context_today(self)}
        )
        self.activity_unlink(["mail.mail_activity_data_todo"])

    def _l10n_fr_schedule(self, deadline, summary):
        self.ensure_one()
        if not deadline:
            return
        # a week ahead, on a working day before rather than a weekend or holiday
        # (a date counted backwards: CPC 642 does not move it later)
        due = max(
            previous_working_day(
                deadline - timedelta(days=ACTIVITY_LEAD_DAYS),
                self.holiday_scope or SCOPE_FR,
            ),
            fields.Date.context_today(self),
        )
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=min(due, deadline),
            summary=summary,
            user_id=(self.user_id or self.env.user).id,
        )

    # ------------------------------------------------------------------ documents

    def action_print_request(self):
        return self.env.ref(
            "l10n_fr_credit_collection.action_report_injonction_request"
        ).report_action(self)

    def _l10n_fr_render(self, report, res_ids):
        pdf, _kind = self.env["ir.actions.report"]._render_qweb_pdf(report, res_ids)
        return pdf

    def _l10n_fr_exhibit_pdfs(self):
        """The PDF of every exhibit, in the order of the bordereau."""
        self.ensure_one()
        pdfs = []
        for exhibit in self.exhibit_ids.sorted("number"):
            if exhibit.attachment_id:
                pdfs.append(exhibit.attachment_id.raw)
            elif exhibit.move_id:
                # the invoice with its seller in the page body (letterhead)
                pdfs.append(
                    self.with_context(l10n_fr_letterhead=True)._l10n_fr_render(
                        "account.account_invoices", exhibit.move_id.ids
                    )
                )
            elif exhibit.reminder_id:
                reminder = exhibit.reminder_id
                if reminder.letter_attachment_id:
                    pdfs.append(reminder.letter_attachment_id.raw)
                else:
                    pdfs.append(
                        self._l10n_fr_render(
                            "l10n_fr_credit_collection.action_report_dunning_letter",
                            reminder.ids,
                        )
                    )
            elif exhibit.kind == "terms":
                pdfs.append(self._l10n_fr_terms_pdf())
        return pdfs

    def _l10n_fr_merged_pdf(self):
        """The request followed by its exhibits, in one PDF ready to file."""
        self.ensure_one()
        request = self._l10n_fr_render(
            "l10n_fr_credit_collection.action_report_injonction_request", self.ids
        )
        return merge_pdf([request, *self._l10n_fr_exhibit_pdfs()])

    def action_merged_pdf(self):
        self.ensure_one()
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{self.name.replace('/', '-')} - requete et pieces.pdf",
                "raw": self._l10n_fr_merged_pdf(),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/pdf",
            }
        )
        self.request_attachment_id = attachment
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }


class L10nFrInjonctionClaimLine(models.Model):
    _name = "l10n.fr.injonction.claim.line"
    _description = "Injonction de Payer Claim Line"
    _order = "case_id, sequence, id"

    case_id = fields.Many2one(
        "l10n.fr.injonction.case", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True)
    currency_id = fields.Many2one(related="case_id.currency_id")
    sequence = fields.Integer()
    kind = fields.Selection(
        [
            ("principal", "Principal"),
            ("interest", "Late-payment interest"),
            ("indemnity", "Recovery indemnity"),
            ("penalty_clause", "Penalty clause"),
            ("court_fee", "Court fees"),
        ],
        required=True,
    )
    move_id = fields.Many2one("account.move", string="Invoice")
    amount = fields.Monetary(required=True)
    legal_ref = fields.Char(string="Legal Basis")
    rate = fields.Float(digits=(16, 2))
    rate_varies = fields.Boolean()
    date_from = fields.Date()
    date_to = fields.Date()


class L10nFrInjonctionExhibit(models.Model):
    _name = "l10n.fr.injonction.exhibit"
    _description = "Injonction de Payer Exhibit"
    _order = "case_id, number, id"

    case_id = fields.Many2one(
        "l10n.fr.injonction.case", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True)
    number = fields.Integer(required=True)
    name = fields.Char(required=True)
    kind = fields.Selection(
        [
            ("invoice", "Invoice"),
            ("terms", "Terms of sale"),
            ("attachment", "Order, contract or delivery note"),
            ("reminder", "Reminder"),
            ("formal_notice", "Formal notice"),
            ("receipt", "Acknowledgement of receipt"),
        ],
        required=True,
    )
    move_id = fields.Many2one("account.move")
    reminder_id = fields.Many2one("l10n.fr.dunning.reminder")
    attachment_id = fields.Many2one("ir.attachment")
