from collections import defaultdict

from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext
from odoo.tools.misc import format_date, formatLang

from ..rules.franchise import MENTION
from .l10n_fr_text_limit import check_length


class AccountMove(models.Model):
    _inherit = "account.move"

    l10n_fr_formal_notice_date = fields.Date(
        string="Formal Notice Received",
        copy=False,
        tracking=True,
        help="Date the customer received the formal notice (mise en demeure): the "
        "legal interest owed by a consumer runs from the next day.",
    )
    l10n_fr_dispute_ids = fields.Many2many(
        "l10n.fr.dispute",
        "l10n_fr_dispute_account_move_rel",
        "move_id",
        "dispute_id",
        string="Disputes",
        copy=False,
        groups="l10n_fr_credit_collection.group_credit_collection_user",
    )
    l10n_fr_litigation = fields.Boolean(
        string="In Dispute",
        copy=False,
        tracking=True,
        compute="_compute_l10n_fr_litigation",
        inverse="_inverse_l10n_fr_litigation",
        store=True,
        readonly=False,
        help="The invoice has an open dispute (litige): it is left out of dunning "
        "runs and stays in the aged balance and the statement. Setting it opens a "
        "dispute; clearing it resolves the open disputes back to dunning.",
    )
    l10n_fr_litigation_reason = fields.Char(string="Dispute Reason", copy=False)

    @api.constrains("l10n_fr_litigation_reason")
    def _check_l10n_fr_litigation_reason(self):
        check_length(self, ["l10n_fr_litigation_reason"])

    @api.depends("l10n_fr_dispute_ids.state")
    def _compute_l10n_fr_litigation(self):
        for move in self:
            move.l10n_fr_litigation = any(
                d.state == "open" for d in move.sudo().l10n_fr_dispute_ids
            )

    def _inverse_l10n_fr_litigation(self):
        Dispute = self.env["l10n.fr.dispute"]
        opened = self.filtered(
            lambda m: (
                m.l10n_fr_litigation
                and not any(d.state == "open" for d in m.sudo().l10n_fr_dispute_ids)
            )
        )
        opened._l10n_fr_open_disputes()
        closed = self.filtered(lambda m: not m.l10n_fr_litigation)
        Dispute.browse(
            closed.sudo().l10n_fr_dispute_ids.filtered(lambda d: d.state == "open").ids
        ).action_back_to_dunning()

    def _l10n_fr_open_disputes(self):
        """One open dispute per invoice (reason "other", the invoice's dispute reason
        as its note): the In Dispute flag set by hand or by an older version."""
        if not self:
            return self.env["l10n.fr.dispute"]
        reason = self.env.ref(
            "l10n_fr_credit_collection.dispute_reason_other", raise_if_not_found=False
        ) or self.env["l10n.fr.dispute.reason"].search([], limit=1)
        return self.env["l10n.fr.dispute"].create(
            [
                {
                    "partner_id": move.commercial_partner_id.id,
                    "company_id": move.company_id.id,
                    "reason_id": reason.id,
                    "invoice_ids": [Command.set(move.ids)],
                    "note": move.l10n_fr_litigation_reason,
                }
                for move in self
            ]
        )

    @api.model
    def _l10n_fr_migrate_litigation(self):
        """Invoices flagged In Dispute before disputes existed get an open dispute."""
        self.env.cr.execute(
            """
            SELECT move.id FROM account_move move
             WHERE move.l10n_fr_litigation
               AND NOT EXISTS (SELECT 1 FROM l10n_fr_dispute_account_move_rel rel
                                WHERE rel.move_id = move.id)
            """
        )
        moves = self.browse([row[0] for row in self.env.cr.fetchall()])
        return moves.sudo()._l10n_fr_open_disputes()

    l10n_fr_dunning_excluded = fields.Boolean(
        string="Excluded from Dunning",
        copy=False,
        help="Left out of dunning runs (e.g. an injonction de payer is under way).",
    )
    l10n_fr_doubtful_invoice_id = fields.Many2one(
        "account.move",
        string="Doubtful Invoice",
        copy=False,
        index="btree_not_null",
        help="The invoice whose receivable this entry moved to doubtful (416), "
        "provisions or writes off.",
    )
    l10n_fr_proceeding_id = fields.Many2one(
        "l10n.fr.proceeding",
        string="Collective Proceeding",
        compute="_compute_l10n_fr_proceeding_id",
    )

    @api.depends("commercial_partner_id", "company_id")
    def _compute_l10n_fr_proceeding_id(self):
        found = self.env["l10n.fr.proceeding"]._l10n_fr_in_force(
            self.commercial_partner_id._origin.ids, self.company_id._origin.ids
        )
        for move in self:
            key = (move.commercial_partner_id._origin.id, move.company_id._origin.id)
            move.l10n_fr_proceeding_id = found[key][-1:]

    def _l10n_fr_born_on(self):
        """The day the claim of the invoice was born (collective proceedings):
        delivery or performance, else the invoice date (SQL: proceeding BORN_ON)."""
        self.ensure_one()
        return self.delivery_date or self.invoice_date or self.date

    l10n_fr_dunning_policy_id = fields.Many2one(
        "l10n.fr.dunning.policy",
        string="Dunning Policy",
        copy=False,
        check_company=True,
        help="Pins this invoice to a policy; empty: the customer's policy.",
        groups="l10n_fr_credit_collection.group_credit_collection_user",
    )
    l10n_fr_reminder_line_ids = fields.One2many(
        "l10n.fr.dunning.reminder.line",
        "move_id",
        string="Reminder Items",
        groups="l10n_fr_credit_collection.group_credit_collection_user",
    )
    l10n_fr_reminder_count = fields.Integer(
        string="Reminder Count",
        compute="_compute_l10n_fr_reminder_count",
        groups="l10n_fr_credit_collection.group_credit_collection_user",
    )
    l10n_fr_penalty_line_ids = fields.One2many(
        "account.move.line",
        "l10n_fr_penalty_source_move_id",
        string="Penalty Invoice Lines",
        help="Lines of penalty invoices that bill the penalties of this invoice.",
    )
    l10n_fr_is_penalty_invoice = fields.Boolean(
        string="Penalty Invoice",
        compute="_compute_l10n_fr_is_penalty_invoice",
        store=True,
    )
    l10n_fr_days_late = fields.Integer(
        string="Days Late", compute="_compute_l10n_fr_penalties"
    )
    l10n_fr_penalty_interest = fields.Monetary(
        string="Late-Payment Interest", compute="_compute_l10n_fr_penalties"
    )
    l10n_fr_penalty_indemnity = fields.Monetary(
        string="Recovery Indemnity", compute="_compute_l10n_fr_penalties"
    )
    l10n_fr_penalty_invoiced = fields.Monetary(
        string="Penalties Already Invoiced", compute="_compute_l10n_fr_penalties"
    )
    l10n_fr_penalty_due = fields.Monetary(
        string="Penalties Due", compute="_compute_l10n_fr_penalties"
    )
    l10n_fr_penalty_breakdown_html = fields.Html(
        string="Penalty Breakdown", compute="_compute_l10n_fr_penalties", sanitize=False
    )
    l10n_fr_penalty_error = fields.Char(compute="_compute_l10n_fr_penalties")
    l10n_fr_vat_franchise = fields.Boolean(
        string="Issued Under VAT Franchise",
        copy=False,
        readonly=True,
        help="Posted without VAT under the franchise en base (art. 293 B CGI): the "
        'invoice bears the mention "TVA non applicable, art. 293 B du CGI".',
    )
    l10n_fr_franchise_warning = fields.Text(
        string="VAT Franchise Warning", copy=False, readonly=True
    )
    l10n_fr_franchise_vat_alert = fields.Boolean(
        string="VAT Under Franchise", compute="_compute_l10n_fr_franchise_vat_alert"
    )

    @api.depends("l10n_fr_reminder_line_ids")
    def _compute_l10n_fr_reminder_count(self):
        for move in self:
            move.l10n_fr_reminder_count = len(
                move.l10n_fr_reminder_line_ids.reminder_id
            )

    def action_l10n_fr_open_reminders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_credit_collection.l10n_fr_dunning_reminder_action"
        )
        action["domain"] = [
            ("id", "in", self.l10n_fr_reminder_line_ids.reminder_id.ids)
        ]
        action["context"] = {}
        return action

    @api.depends("line_ids.l10n_fr_penalty_source_move_id")
    def _compute_l10n_fr_is_penalty_invoice(self):
        for move in self:
            move.l10n_fr_is_penalty_invoice = bool(
                move.line_ids.l10n_fr_penalty_source_move_id
            )

    @api.depends("state", "move_type", "company_id", "line_ids.tax_ids")
    def _compute_l10n_fr_franchise_vat_alert(self):
        for move in self:
            move.l10n_fr_franchise_vat_alert = (
                move.state == "draft"
                and move.move_type == "out_invoice"
                and move.company_id.l10n_fr_vat_franchise
                and bool(move.invoice_line_ids.tax_ids)
            )

    def _compute_l10n_fr_penalties(self):
        today = fields.Date.context_today(self)
        results = self._l10n_fr_penalty_compute(today, raise_on_error=False)
        for move in self:
            result = results[move.id]
            move.update(
                {
                    "l10n_fr_days_late": result["days_late"],
                    "l10n_fr_penalty_interest": result["interest"],
                    "l10n_fr_penalty_indemnity": result["indemnity"],
                    "l10n_fr_penalty_invoiced": result["already_invoiced"],
                    "l10n_fr_penalty_due": result["due"],
                    "l10n_fr_penalty_error": result.get("error", False),
                    "l10n_fr_penalty_breakdown_html": move._l10n_fr_breakdown_html(
                        result["breakdown"]
                    ),
                }
            )

    # ------------------------------------------------------------------ public API

    def l10n_fr_penalty_breakdown(self, on_date=None):
        """Late-payment interest of this customer invoice, one dict per period of
        constant rate and base: ``date_from``, ``date_to`` (inclusive), ``days``,
        ``rate`` (percent per year), ``base``, ``amount`` (rounded to the cent) and
        ``due_date`` (the installment). Empty when the invoice is not late."""
        self.ensure_one()
        return self._l10n_fr_penalty_compute(_on_date(self, on_date))[self.id][
            "breakdown"
        ]

    def l10n_fr_penalty_amounts(self, on_date=None):
        """Penalties of this customer invoice on ``on_date`` (default today):
        ``interest``, ``indemnity``, ``total``, ``already_invoiced``, ``due`` (total
        minus already invoiced) and ``currency`` (ISO code)."""
        self.ensure_one()
        result = self._l10n_fr_penalty_compute(_on_date(self, on_date))[self.id]
        return {
            key: result[key]
            for key in ("interest", "indemnity", "total", "already_invoiced", "due")
        } | {"currency": self.currency_id.name}

    def _l10n_fr_sync_injonction_exclusion(self):
        """Invoices in an open injonction de payer case are left out of dunning;
        the flag is cleared when no open case holds them any more."""
        if not self:
            return
        groups = (
            self.env["l10n.fr.injonction.case"]
            .sudo()
            ._read_group(
                [
                    ("invoice_ids", "in", self.ids),
                    ("state", "not in", ("paid", "abandoned")),
                ],
                ["invoice_ids"],
            )
        )
        in_case = self.browse([invoice.id for (invoice,) in groups]) & self
        in_case.filtered(lambda m: not m.l10n_fr_dunning_excluded).write(
            {"l10n_fr_dunning_excluded": True}
        )
        (self - in_case).filtered("l10n_fr_dunning_excluded").write(
            {"l10n_fr_dunning_excluded": False}
        )

    # --------------------------------------------------------------- batch engine

    def _l10n_fr_penalty_compute(self, on_date, raise_on_error=True, breakdown=True):
        """Penalties of these invoices: {move id: result} (see
        ``l10n.fr.penalty.engine``)."""
        return self.env["l10n.fr.penalty.engine"]._l10n_fr_compute(
            self, on_date, raise_on_error, breakdown
        )

    def _l10n_fr_breakdown_html(self, breakdown):
        if not breakdown:
            return False
        _ = self.env._
        titles = (
            _("Due"),
            _("From"),
            _("To"),
            _("Days"),
            _("Rate"),
            _("Base"),
            _("Amount"),
        )
        head = "".join(f"<th>{escape(title)}</th>" for title in titles)
        env = self.env
        rows = "".join(
            "<tr>"
            + "".join(
                f"<td>{escape(value)}</td>"
                for value in (
                    format_date(env, p["due_date"]),
                    format_date(env, p["date_from"]),
                    format_date(env, p["date_to"]),
                    p["days"],
                    f"{formatLang(env, p['rate'])} %",
                    formatLang(env, p["base"], currency_obj=self.currency_id),
                    formatLang(env, p["amount"], currency_obj=self.currency_id),
                )
            )
            + "</tr>"
            for p in breakdown
        )
        return Markup(
            '<table class="table table-sm o_l10n_fr_penalty_breakdown">'
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        )

    # -------------------------------------------------------------- VAT franchise

    def _post(self, soft=True):
        # the check decides (and raises what the settings block) before posting; its
        # values are written on the moves once they are posted
        Franchise = self.env["l10n.fr.franchise.check"]
        outcome = Franchise._l10n_fr_check_posting(self)
        self.env["l10n.fr.proceeding"]._l10n_fr_check_credit_limit(self)
        posted = super()._post(soft)
        if outcome:
            Franchise._l10n_fr_after_posting(posted, outcome)
        return posted

    def _l10n_fr_has_vat(self):
        """Whether the invoice charges VAT (a tax line with an amount)."""
        self.ensure_one()
        return any(
            line.display_type == "tax"
            and not line.company_currency_id.is_zero(line.balance)
            for line in self.line_ids
        )

    def _l10n_fr_franchise_mention(self):
        """The mention of the VAT franchise to print on this invoice, or ``""``:
        posted ones issued under the franchise, drafts of franchise companies
        without VAT; not when the terms of the invoice already carry it."""
        self.ensure_one()
        if self.state == "posted":
            required = self.l10n_fr_vat_franchise
        else:
            required = (
                self.move_type in ("out_invoice", "out_refund")
                and self.company_id.l10n_fr_vat_franchise
                and not self._l10n_fr_has_vat()
            )
        if not required or MENTION in html2plaintext(self.narration or ""):
            return ""
        return MENTION

    def action_l10n_fr_franchise_remove_vat(self):
        """Remove the taxes of the lines of these draft invoices (VAT franchise)."""
        drafts = self.filtered(lambda m: m.state == "draft")
        drafts.invoice_line_ids.filtered("tax_ids").tax_ids = [Command.clear()]
        return True

    # ------------------------------------------------------------ penalty invoices

    def action_l10n_fr_penalty_invoice(self):
        """Open the wizard that invoices the late-payment penalties of the invoices."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invoice Late-Payment Penalties"),
            "res_model": "l10n.fr.penalty.invoice",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": "account.move", "active_ids": self.ids},
        }

    def _l10n_fr_create_penalty_invoices(self, invoice_date, post=True):
        """Issue one penalty invoice per customer and currency for these invoices,
        billing only what was not invoiced yet; returns the new invoices."""
        invalid = self.filtered(
            lambda m: (
                m.move_type != "out_invoice"
                or m.state != "posted"
                or m.l10n_fr_is_penalty_invoice
            )
        )
        if invalid:
            raise UserError(
                self.env._(
                    "Only posted customer invoices bear late-payment penalties: "
                    "%(invoices)s.",
                    invoices=", ".join(invalid.mapped("display_name")),
                )
            )
        results = self._l10n_fr_penalty_compute(invoice_date)
        groups = defaultdict(list)
        for move in self:
            lines = move._l10n_fr_penalty_invoice_lines(results[move.id])
            if lines:
                key = (move.company_id, move.commercial_partner_id, move.currency_id)
                groups[key].append((move, lines))
        if not groups:
            raise UserError(
                self.env._(
                    "There is nothing to invoice: the penalties of these invoices are "
                    "not due or were already invoiced."
                )
            )
        penalty_invoices = self.browse()
        for (company, partner, currency), sources in groups.items():
            _ = self.with_context(lang=partner.lang).env._
            penalty_invoices |= self.with_company(company).create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "currency_id": currency.id,
                    "invoice_date": invoice_date,
                    "ref": _("Late-payment penalty invoice"),
                    "invoice_origin": ", ".join(move.name for move, _lines in sources),
                    "invoice_line_ids": [
                        Command.create(line)
                        for _move, lines in sources
                        for line in lines
                    ],
                }
            )
        if post:
            penalty_invoices.action_post()
        for move in self:
            move.message_post(
                body=self.env._(
                    "Late-payment penalties invoiced on %(invoices)s.",
                    invoices=", ".join(penalty_invoices.mapped("display_name")),
                )
            )
        return penalty_invoices

    def _l10n_fr_penalty_invoice_lines(self, result):
        self.ensure_one()
        _ = self.with_context(lang=self.partner_id.lang).env._
        lines = []
        interest = round(result["interest"] - result["invoiced_interest"], 2)
        if interest > 0:
            periods = result["breakdown"]
            lines.append(
                {
                    "name": _(
                        "Late-payment interest on %(invoice)s from %(date_from)s to "
                        "%(date_to)s",
                        invoice=self.name,
                        date_from=min(p["date_from"] for p in periods),
                        date_to=max(p["date_to"] for p in periods),
                    ),
                    "kind": "interest",
                    "amount": interest,
                }
            )
        indemnity = round(result["indemnity"] - result["invoiced_indemnity"], 2)
        if indemnity > 0:
            lines.append(
                {
                    "name": _(
                        "Fixed recovery indemnity on %(invoice)s (art. D441-5 of the "
                        "Code de commerce)",
                        invoice=self.name,
                    ),
                    "kind": "indemnity",
                    "amount": indemnity,
                }
            )
        return [
            {
                "name": line["name"],
                "quantity": 1,
                "price_unit": line["amount"],
                "account_id": self.company_id._l10n_fr_penalty_account(line["kind"]).id,
                "tax_ids": [Command.clear()],
                "l10n_fr_penalty_source_move_id": self.id,
                "l10n_fr_penalty_kind": line["kind"],
            }
            for line in lines
        ]


def _on_date(record, on_date):
    return fields.Date.to_date(on_date) or fields.Date.context_today(record)
