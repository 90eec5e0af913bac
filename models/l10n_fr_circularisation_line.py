import base64

from babel.dates import format_date

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

from ..rules.circularisation import residual
from .l10n_fr_circularisation import KINDS


class L10nFrCircularisationLine(models.Model):
    """One third party of a campaign: its balance at the closing date, the request
    sent, and its reply."""

    _name = "l10n.fr.circularisation.line"
    _description = "Circularisation Request"
    _order = "campaign_id, abs_balance desc, id"
    _rec_name = "partner_id"

    campaign_id = fields.Many2one(
        "l10n.fr.circularisation", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="campaign_id.company_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="campaign_id.currency_id")
    closing_date = fields.Date(related="campaign_id.closing_date")
    partner_id = fields.Many2one(
        "res.partner", string="Third Party", required=True, readonly=True
    )
    kind = fields.Selection(KINDS, required=True, readonly=True)
    balance = fields.Monetary(
        string="Balance at Closing",
        readonly=True,
        help="Our balance of the third party at the closing date (receivable "
        "positive, payable negative).",
    )
    abs_balance = fields.Monetary(compute="_compute_abs_balance", store=True)
    reason = fields.Selection(
        [
            ("all", "All with a balance"),
            ("threshold", "Above the amount"),
            ("top", "Largest"),
            ("sample", "Random sample"),
            ("manual", "Added by hand"),
        ],
        string="Selected As",
        readonly=True,
        default="manual",
    )
    state = fields.Selection(
        [
            ("draft", "To Send"),
            ("sent", "Sent, Awaiting Reply"),
            ("agreed", "Agreed"),
            ("disagreed", "Disagreed"),
            ("no_reply", "No Reply"),
        ],
        default="draft",
        required=True,
        readonly=True,
        index=True,
    )
    sent_date = fields.Date(string="Sent On", readonly=True)
    reminder_count = fields.Integer(string="Reminders", readonly=True)
    last_reminder_date = fields.Date(string="Last Reminder", readonly=True)
    letter_attachment_id = fields.Many2one(
        "ir.attachment", string="Request Letter", readonly=True
    )
    reply_date = fields.Date(string="Replied On")
    stated_amount = fields.Monetary(
        help="The balance the third party states in its books (same sign as ours)."
    )
    reply_attachment_ids = fields.Many2many(
        "ir.attachment",
        "l10n_fr_circularisation_line_attachment_rel",
        "line_id",
        "attachment_id",
        string="Reply Document",
    )
    note = fields.Char(size=256)
    explanation_ids = fields.One2many(
        "l10n.fr.circularisation.explanation", "line_id", string="Explanations"
    )
    difference = fields.Monetary(compute="_compute_difference", store=True)
    explained_amount = fields.Monetary(
        string="Explained", compute="_compute_difference", store=True
    )
    residual_difference = fields.Monetary(
        compute="_compute_difference", store=True, help="Difference not explained."
    )

    _sql_constraints = [
        (
            "partner_unique",
            "UNIQUE(campaign_id, partner_id, kind)",
            "A third party is asked once per campaign.",
        )
    ]

    @api.depends("balance")
    def _compute_abs_balance(self):
        for line in self:
            line.abs_balance = abs(line.balance)

    @api.depends("state", "balance", "stated_amount", "explanation_ids.amount")
    def _compute_difference(self):
        for line in self:
            if line.state != "disagreed":
                line.difference = line.explained_amount = 0.0
                line.residual_difference = 0.0
                continue
            amounts = line.explanation_ids.mapped("amount")
            line.difference = line.balance - line.stated_amount
            line.explained_amount = sum(amounts)
            line.residual_difference = line.currency_id.round(
                residual(line.balance, line.stated_amount, amounts)
            )

    # ------------------------------------------------------------------ letter

    def _l10n_fr_long_date(self, day):
        """``day`` written out in the third party's language ("31 décembre 2026",
        "1er janvier 2027")."""
        lang = self.partner_id.lang or self.env.lang or "en_US"
        text = format_date(day, "d MMMM y", locale=lang)
        if lang.startswith("fr") and day.day == 1:
            text = "1er" + text[1:]
        return text

    def _l10n_fr_place_and_date(self):
        """ "Lyon, le 15 janvier 2027" (French form), from the company's city."""
        today = self.sent_date or fields.Date.context_today(self)
        return self.env._(
            "%(city)s, %(date)s",
            city=self.company_id.city or "",
            date=self._l10n_fr_long_date(today),
        )

    def _l10n_fr_amount_text(self):
        return format_amount(self.env, abs(self.balance), self.currency_id)

    def _l10n_fr_balance_text(self):
        """Our balance at the closing date, in a sentence of the letter."""
        values = {
            "date": self._l10n_fr_long_date(self.closing_date),
            "amount": self._l10n_fr_amount_text(),
        }
        if self.balance >= 0:
            return self.env._(
                "According to our books, the balance of your account at %(date)s is "
                "%(amount)s in our favour.",
                **values,
            )
        return self.env._(
            "According to our books, the balance of your account at %(date)s is "
            "%(amount)s in your favour.",
            **values,
        )

    def _l10n_fr_agree_text(self):
        return self.env._(
            "We agree with the balance of %(amount)s at %(date)s.",
            amount=self._l10n_fr_amount_text(),
            date=self._l10n_fr_long_date(self.closing_date),
        )

    # ------------------------------------------------------------------ open items

    def _l10n_fr_open_items(self):
        """[(journal item, open amount)] of the third party at the closing date."""
        self.ensure_one()
        campaign = self.campaign_id
        items = self.env["l10n.fr.balance.as.of"]._l10n_fr_open_items(
            campaign.company_id,
            campaign._l10n_fr_accounts(self.kind),
            campaign.closing_date,
            partners=self.partner_id,
        )
        Line = self.env["account.move.line"]
        lines = Line.browse([item["line_id"] for item in items])
        lines.fetch(["move_name", "date", "date_maturity", "name", "ref"])
        return [(Line.browse(item["line_id"]), item["open"]) for item in items]

    def action_open_items(self):
        """Our open items at the closing date, next to the amount they state."""
        self.ensure_one()
        ids = [line.id for line, _amount in self._l10n_fr_open_items()]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Open items of %(partner)s at %(date)s",
                partner=self.partner_id.display_name,
                date=fields.Date.to_string(self.closing_date),
            ),
            "res_model": "account.move.line",
            "view_mode": "list,form",
            "domain": [("id", "in", ids)],
            "context": {"create": False},
        }

    # ------------------------------------------------------------------ replies

    def action_agree(self):
        self._l10n_fr_reply("agreed")

    def action_disagree(self):
        self._l10n_fr_reply("disagreed")

    def action_no_reply(self):
        self._l10n_fr_reply("no_reply")

    def _l10n_fr_reply(self, state):
        if any(line.state == "draft" for line in self):
            raise UserError(self.env._("Record a reply only to a request sent."))
        today = fields.Date.context_today(self)
        for line in self:
            vals = {"state": state}
            if state != "no_reply" and not line.reply_date:
                vals["reply_date"] = today
            if state == "agreed":
                vals["stated_amount"] = line.balance
            line.write(vals)

    # ------------------------------------------------------------------ sending

    def _l10n_fr_send(self, reminder=False):
        """The letter PDF of each line, attached to it, and the e-mail (with the
        letter) to those with an e-mail address."""
        if not self:
            return
        report = self.env.ref(
            "l10n_fr_credit_collection.action_report_circularisation_letter"
        )
        template = self.env.ref(
            "l10n_fr_credit_collection.mail_template_circularisation"
        )
        today = fields.Date.context_today(self)
        for line in self:
            content, _type = report._render_qweb_pdf(report, line.ids)
            attachment = self.env["ir.attachment"].create(
                {
                    "name": self.env._(
                        "Balance confirmation - %(partner)s.pdf",
                        partner=line.partner_id.display_name,
                    ).replace("/", "-"),
                    "datas": base64.b64encode(content),
                    "res_model": line._name,
                    "res_id": line.id,
                    "mimetype": "application/pdf",
                }
            )
            vals = {"letter_attachment_id": attachment.id}
            if reminder:
                vals.update(
                    reminder_count=line.reminder_count + 1, last_reminder_date=today
                )
            else:
                vals.update(state="sent", sent_date=today)
            line.write(vals)
            if line.partner_id.email:
                template.with_context(l10n_fr_reminder=reminder).send_mail(
                    line.id,
                    email_values={"attachment_ids": [(6, 0, attachment.ids)]},
                )


class L10nFrCircularisationExplanation(models.Model):
    """An item explaining part of the difference between our balance and the
    amount the third party states."""

    _name = "l10n.fr.circularisation.explanation"
    _description = "Circularisation Difference Explanation"
    _order = "line_id, id"

    line_id = fields.Many2one(
        "l10n.fr.circularisation.line", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="line_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="line_id.currency_id")
    kind = fields.Selection(
        [
            ("payment_in_transit", "Payment in transit"),
            ("invoice_not_received", "Invoice not received by them"),
            ("credit_note_not_booked", "Credit note not booked"),
            ("dispute", "Dispute"),
            ("cut_off", "Cut-off difference"),
            ("other", "Other"),
        ],
        required=True,
        default="payment_in_transit",
    )
    move_line_id = fields.Many2one(
        "account.move.line",
        string="Our Item",
        domain="[('partner_id', 'child_of', partner_id)]",
    )
    partner_id = fields.Many2one(related="line_id.partner_id")
    amount = fields.Monetary(
        required=True, help="Part of our balance this item explains (signed)."
    )
    note = fields.Char(size=256)
