import base64
import io
import random
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_amount

from ..rules.circularisation import reminder_due, select

KINDS = [("customer", "Customers"), ("supplier", "Suppliers")]
ACCOUNT_TYPES = {"customer": "asset_receivable", "supplier": "liability_payable"}
MANAGER_GROUP = "l10n_fr_credit_collection.group_credit_collection_manager"


class L10nFrCircularisation(models.Model):
    """A circularisation campaign (confirmation directe des tiers, french-law.md §11):
    the third parties asked to confirm their balance at the closing date, directly to
    the auditor. The credit controller prepares it; a manager sends it."""

    _name = "l10n.fr.circularisation"
    _description = "Circularisation Campaign"
    _inherit = ["mail.thread"]
    _order = "closing_date desc, id desc"

    name = fields.Char(required=True, size=64, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    closing_date = fields.Date(
        required=True,
        tracking=True,
        default=lambda self: self._default_closing_date(),
        help="Default: the end of the company's last closed fiscal year.",
    )
    scope = fields.Selection(
        [("customer", "Customers"), ("supplier", "Suppliers"), ("both", "Both")],
        string="Third Parties",
        required=True,
        default="customer",
    )
    select_all = fields.Boolean(
        string="All with a Balance",
        help="Every third party whose balance at the closing date is not zero.",
    )
    min_amount = fields.Monetary(
        string="Balances From",
        help="Every third party whose balance (in absolute value) is at least this "
        "amount; 0: none on this criterion.",
    )
    top_count = fields.Integer(string="Largest Balances", help="The N largest.")
    sample_count = fields.Integer(
        string="Random Sample",
        help="A random sample of this many third parties among the rest.",
    )
    seed = fields.Integer(
        default=lambda self: random.SystemRandom().randint(1, 999_999),
        help="Seed of the random sample, kept for the audit file: the same seed "
        "draws the same sample.",
    )
    request_kind = fields.Selection(
        [
            ("positive_balance", "Positive, balance shown"),
            ("positive_blank", "Positive, balance left blank"),
            ("negative", "Negative (reply only if you disagree)"),
        ],
        required=True,
        default="positive_balance",
    )
    show_items = fields.Boolean(
        string="List the Open Items",
        default=True,
        help="Print the third party's items open at the closing date in the letter.",
    )
    auditor_id = fields.Many2one(
        "res.partner",
        string="Reply To",
        help="Who the replies go to, directly: the statutory auditor or the "
        "chartered accountant.",
    )
    auditor_reference = fields.Char(string="Auditor's Reference", size=64)
    signatory_id = fields.Many2one(
        "res.users", string="Signatory", default=lambda self: self.env.user
    )
    signatory_title = fields.Char(
        string="Signatory's Title", size=64, help="For instance: Président."
    )
    reply_days = fields.Integer(
        string="Reply Within (days)", default=15, help="Days given to reply."
    )
    reminder_days = fields.Integer(
        string="Remind After (days)",
        default=15,
        help="Days without a reply after the request or the last reminder.",
    )
    max_reminders = fields.Integer(default=2)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("selected", "Selected"),
            ("sent", "Sent"),
            ("closed", "Closed"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )
    sent_date = fields.Date(readonly=True)
    line_ids = fields.One2many("l10n.fr.circularisation.line", "campaign_id")
    population_balance = fields.Monetary(
        readonly=True,
        help="Total of the absolute balances of all the third parties in scope.",
    )
    population_count = fields.Integer(readonly=True)
    selected_balance = fields.Monetary(compute="_compute_stats")
    coverage = fields.Float(
        string="Coverage (%)",
        compute="_compute_stats",
        help="Share of the absolute balances covered by the selection.",
    )
    count_lines = fields.Integer(string="Selected", compute="_compute_stats")
    count_sent = fields.Integer(string="Sent", compute="_compute_stats")
    count_agreed = fields.Integer(string="Agreed", compute="_compute_stats")
    count_disagreed = fields.Integer(string="Differences", compute="_compute_stats")
    count_no_reply = fields.Integer(string="No Reply", compute="_compute_stats")

    _sql_constraints = [
        (
            "counts_positive",
            (
                "CHECK(top_count >= 0 AND sample_count >= 0 AND min_amount >= 0 "
                "AND reply_days >= 0 AND reminder_days >= 0 AND max_reminders >= 0)"
            ),
            "Counts, amounts and days cannot be negative.",
        )
    ]

    @api.model
    def _default_closing_date(self):
        """The last day of the fiscal year before the current one (the closing the
        auditor confirms balances at)."""
        company = self.env.company
        today = fields.Date.context_today(self)
        return company.compute_fiscalyear_dates(today)["date_from"] - timedelta(days=1)

    @api.depends("line_ids.state", "line_ids.balance", "population_balance")
    def _compute_stats(self):
        for campaign in self:
            lines = campaign.line_ids
            campaign.selected_balance = sum(abs(b) for b in lines.mapped("balance"))
            campaign.coverage = (
                100 * campaign.selected_balance / campaign.population_balance
                if campaign.population_balance
                else 0.0
            )
            campaign.count_lines = len(lines)
            states = [line.state for line in lines]
            campaign.count_sent = len([s for s in states if s != "draft"])
            campaign.count_agreed = states.count("agreed")
            campaign.count_disagreed = states.count("disagreed")
            campaign.count_no_reply = states.count("no_reply") + states.count("sent")

    @api.constrains("select_all", "min_amount", "top_count", "sample_count")
    def _check_selection(self):
        for campaign in self:
            if not (
                campaign.select_all
                or campaign.min_amount
                or campaign.top_count
                or campaign.sample_count
            ):
                raise ValidationError(
                    self.env._(
                        "Choose how to select the third parties: all with a balance, "
                        "from an amount, the largest or a random sample."
                    )
                )

    # ------------------------------------------------------------------ selection

    def _l10n_fr_kinds(self):
        return ["customer", "supplier"] if self.scope == "both" else [self.scope]

    def _l10n_fr_accounts(self, kind):
        Account = self.env["account.account"]
        return Account.search(
            [
                *Account._check_company_domain(self.company_id),
                ("account_type", "=", ACCOUNT_TYPES[kind]),
            ]
        )

    def _l10n_fr_balances(self, kind):
        """{commercial partner id: balance at the closing date} on the accounts of
        ``kind`` (the general ledger at that date: one grouped query)."""
        ledger = self.env["l10n.fr.balance.as.of"]._l10n_fr_ledger_balances(
            self.company_id, self._l10n_fr_accounts(kind), self.closing_date
        )
        partners = self.env["res.partner"].browse({p for _a, p in ledger if p})
        partners.fetch(["commercial_partner_id"])
        balances = defaultdict(float)
        for (_account, partner_id), balance in ledger.items():
            if partner_id:
                commercial = self.env["res.partner"].browse(partner_id)
                balances[commercial.commercial_partner_id.id] += balance
        currency = self.currency_id
        return {
            key: currency.round(value)
            for key, value in balances.items()
            if not currency.is_zero(value)
        }

    def action_select(self):
        """Select the third parties (rules/circularisation.py) and create their
        lines, replacing those of an earlier selection."""
        self.ensure_one()
        if self.state not in ("draft", "selected"):
            raise UserError(self.env._("The campaign has been sent already."))
        vals_list, population, count = [], 0.0, 0
        for kind in self._l10n_fr_kinds():
            balances = self._l10n_fr_balances(kind)
            population += sum(abs(b) for b in balances.values())
            count += len(balances)
            chosen = select(
                balances,
                select_all=self.select_all,
                min_amount=self.min_amount,
                top=self.top_count,
                sample=self.sample_count,
                seed=self.seed,
            )
            vals_list += [
                {
                    "campaign_id": self.id,
                    "partner_id": item.key,
                    "kind": kind,
                    "balance": item.balance,
                    "reason": item.reason,
                }
                for item in chosen
            ]
        self.line_ids.unlink()
        self.env["l10n.fr.circularisation.line"].create(vals_list)
        self.write(
            {
                "state": "selected",
                "population_balance": population,
                "population_count": count,
            }
        )
        self.message_post(
            body=self.env._(
                "%(count)s third parties selected, covering %(coverage)s %% of the "
                "balances.",
                count=len(vals_list),
                coverage=round(self.coverage, 1),
            )
        )
        return True

    # ------------------------------------------------------------------ sending

    def _l10n_fr_check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only a credit collection manager can send requests.")
            )

    def action_send(self):
        """Send the requests: the letter PDF (kept on the line) and, when the third
        party has an e-mail address, the e-mail with the letter attached; replies go
        to the auditor."""
        self._l10n_fr_check_manager()
        for campaign in self:
            if campaign.state != "selected" or not campaign.line_ids:
                raise UserError(
                    campaign.env._("Select the third parties before sending.")
                )
            if not campaign.auditor_id or not campaign.signatory_id:
                raise UserError(
                    campaign.env._(
                        "Set who the replies go to and who signs before sending."
                    )
                )
            lines = campaign.line_ids.filtered(lambda line: line.state == "draft")
            lines._l10n_fr_send()
            campaign.write(
                {"state": "sent", "sent_date": fields.Date.context_today(campaign)}
            )
        return True

    def action_remind(self):
        """Remind those who have not replied after the reminder delay."""
        self._l10n_fr_check_manager()
        today = fields.Date.context_today(self)
        reminded = self.env["l10n.fr.circularisation.line"]
        for campaign in self:
            reminded |= campaign.line_ids.filtered(
                lambda line, c=campaign: (
                    line.state == "sent"
                    and reminder_due(
                        line.sent_date,
                        line.last_reminder_date,
                        line.reminder_count,
                        today,
                        c.reminder_days,
                        c.max_reminders,
                    )
                )
            )
        reminded._l10n_fr_send(reminder=True)
        return reminded

    def action_close(self):
        """Close the campaign: requests still unanswered count as no reply."""
        self._l10n_fr_check_manager()
        self.line_ids.filtered(lambda line: line.state == "sent").write(
            {"state": "no_reply"}
        )
        self.state = "closed"

    def action_reset(self):
        self.ensure_one()
        if self.state != "selected":
            raise UserError(self.env._("Only a campaign not sent yet can be reset."))
        self.line_ids.unlink()
        self.state = "draft"

    # ------------------------------------------------------------------ audit pack

    def action_print_audit_pack(self):
        return self.env.ref(
            "l10n_fr_credit_collection.action_report_circularisation_audit"
        ).report_action(self)

    def action_open_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_credit_collection.l10n_fr_circularisation_line_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"default_campaign_id": self.id}
        return action

    def _l10n_fr_method_text(self):
        """The selection method, in words, for the audit file."""
        self.ensure_one()
        _ = self.env._
        parts = []
        if self.select_all:
            parts.append(_("every third party with a balance"))
        else:
            if self.min_amount:
                parts.append(
                    _(
                        "balances of %(amount)s or more",
                        amount=format_amount(
                            self.env, self.min_amount, self.currency_id
                        ),
                    )
                )
            if self.top_count:
                parts.append(_("the %(count)s largest balances", count=self.top_count))
            if self.sample_count:
                parts.append(
                    _(
                        "a random sample of %(count)s among the rest (seed %(seed)s)",
                        count=self.sample_count,
                        seed=self.seed,
                    )
                )
        return ", ".join(parts)

    def _l10n_fr_xlsx(self):
        """The lines of the campaign as an XLSX workbook (bytes)."""
        import xlsxwriter

        self.ensure_one()
        _ = self.env._
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet(_("Lines")[:31])
        money = book.add_format({"num_format": "#,##0.00"})
        bold = book.add_format({"bold": True})
        headers = [
            _("Third Party"),
            _("Kind"),
            _("Selection"),
            _("Balance at Closing"),
            _("State"),
            _("Sent On"),
            _("Reminders"),
            _("Replied On"),
            _("Stated Amount"),
            _("Difference"),
            _("Explained"),
            _("Residual Difference"),
            _("Explanations"),
        ]
        sheet.write_row(0, 0, headers, bold)
        Line = self.env["l10n.fr.circularisation.line"]
        kinds = dict(Line._fields["kind"]._description_selection(self.env))
        reasons = dict(Line._fields["reason"]._description_selection(self.env))
        states = dict(Line._fields["state"]._description_selection(self.env))
        self.line_ids.explanation_ids.fetch(["kind", "amount", "note"])
        explanation_kinds = dict(
            self.env["l10n.fr.circularisation.explanation"]
            ._fields["kind"]
            ._description_selection(self.env)
        )
        for row, line in enumerate(self.line_ids, start=1):
            sheet.write(row, 0, line.partner_id.display_name)
            sheet.write(row, 1, kinds.get(line.kind, ""))
            sheet.write(row, 2, reasons.get(line.reason, ""))
            sheet.write_number(row, 3, line.balance, money)
            sheet.write(row, 4, states.get(line.state, ""))
            sheet.write(row, 5, fields.Date.to_string(line.sent_date) or "")
            sheet.write_number(row, 6, line.reminder_count)
            sheet.write(row, 7, fields.Date.to_string(line.reply_date) or "")
            if line.state == "disagreed":
                sheet.write_number(row, 8, line.stated_amount, money)
                sheet.write_number(row, 9, line.difference, money)
                sheet.write_number(row, 10, line.explained_amount, money)
                sheet.write_number(row, 11, line.residual_difference, money)
            sheet.write(
                row,
                12,
                "; ".join(
                    f"{explanation_kinds.get(e.kind, '')}: {e.amount:.2f}"
                    + (f" ({e.note})" if e.note else "")
                    for e in line.explanation_ids
                ),
            )
        sheet.set_column(0, 0, 32)
        sheet.set_column(1, 12, 16)
        book.close()
        return output.getvalue()

    def action_export_xlsx(self):
        self.ensure_one()
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{self.name} - {self.closing_date}.xlsx".replace("/", "-"),
                "datas": base64.b64encode(self._l10n_fr_xlsx()),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
