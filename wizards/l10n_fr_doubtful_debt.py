import base64

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round, format_date, formatLang

from ..rules import proceedings


def _company_default(self):
    return self.env.company


class L10nFrDoubtfulTransfer(models.TransientModel):
    """Transfer to doubtful receivables (PCG: D 416 / C 411, TTC): one entry per
    invoice, its 411 items lettered with the entry, the debt kept on the 416 items
    (a receivable account: statements and dunning still see it)."""

    _name = "l10n.fr.doubtful.transfer"
    _description = "Transfer to Doubtful Receivables"

    company_id = fields.Many2one("res.company", required=True, default=_company_default)
    partner_id = fields.Many2one("res.partner", string="Customer")
    move_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('payment_state', 'not in', ('paid', 'in_payment', 'reversed')), "
        "('company_id', '=', company_id)]",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        model, ids = (
            self.env.context.get("active_model"),
            self.env.context.get("active_ids"),
        )
        if model == "account.move" and ids:
            moves = self.env["account.move"].browse(ids)
            values["move_ids"] = [fields.Command.set(moves.ids)]
            values["partner_id"] = moves.commercial_partner_id[:1].id
        elif model == "res.partner" and ids:
            partner = self.env["res.partner"].browse(ids[:1]).commercial_partner_id
            values["partner_id"] = partner.id
            values["move_ids"] = [
                fields.Command.set(
                    self.env["account.move"]
                    .search(
                        [
                            ("commercial_partner_id", "=", partner.id),
                            ("company_id", "=", self.env.company.id),
                            ("move_type", "=", "out_invoice"),
                            ("state", "=", "posted"),
                            (
                                "payment_state",
                                "not in",
                                ("paid", "in_payment", "reversed"),
                            ),
                        ]
                    )
                    .ids
                )
            ]
        return values

    def action_transfer(self):
        self.ensure_one()
        company = self.company_id
        if not company._l10n_fr_french_law():
            raise company._l10n_fr_french_law_error(self.env._("A transfer to 416"))
        doubtful = company._l10n_fr_default_account("l10n_fr_doubtful_account_id")
        journal = company._l10n_fr_bad_debt_journal()
        entries = self.env["account.move"]
        for invoice in self.move_ids:
            open_lines = invoice.line_ids.filtered(
                lambda line: (
                    line.account_id.account_type == "asset_receivable"
                    and line.account_id != doubtful
                    and not line.reconciled
                    and line.amount_residual > 0
                )
            )
            if not open_lines:
                continue
            label = self.env._("Doubtful receivable %(invoice)s", invoice=invoice.name)
            commands = []
            for line in open_lines:
                for account, sign in ((doubtful, 1), (line.account_id, -1)):
                    commands.append(
                        fields.Command.create(
                            {
                                "name": label,
                                "account_id": account.id,
                                "partner_id": line.partner_id.id,
                                "balance": sign * line.amount_residual,
                                "date_maturity": line.date_maturity,
                            }
                        )
                    )
            entry = self.env["account.move"].create(
                {
                    "move_type": "entry",
                    "company_id": company.id,
                    "journal_id": journal.id,
                    "date": self.date,
                    "ref": label,
                    "delivery_date": invoice.delivery_date or invoice.invoice_date,
                    "l10n_fr_doubtful_invoice_id": invoice.id,
                    "line_ids": commands,
                }
            )
            entry.action_post()
            for line in open_lines:
                counterpart = entry.line_ids.filtered(
                    lambda item, line=line: (
                        item.account_id == line.account_id
                        and item.date_maturity == line.date_maturity
                        and not item.reconciled
                    )
                )[:1]
                (line + counterpart).reconcile()
            invoice.message_post(
                body=self.env._(
                    "Transferred to doubtful receivables (%(account)s) by %(entry)s.",
                    account=doubtful.display_name,
                    entry=entry.name,
                )
            )
            entries |= entry
        if not entries:
            raise UserError(self.env._("No open receivable to transfer."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", entries.ids)],
            "name": self.env._("Transfers to Doubtful Receivables"),
        }


class L10nFrProvisionWizard(models.TransientModel):
    _name = "l10n.fr.provision.wizard"
    _description = "Provision Proposals at a Closing"

    company_id = fields.Many2one("res.company", required=True, default=_company_default)
    date = fields.Date(string="Closing Date", required=True)

    def action_propose(self):
        self.ensure_one()
        provisions = self.env["l10n.fr.provision"]._l10n_fr_propose(
            self.company_id, self.date
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "l10n.fr.provision",
            "view_mode": "list,form",
            "domain": [("id", "in", provisions.ids)],
            "name": self.env._("Provision Proposals"),
        }


class L10nFrBadDebtWriteoff(models.TransientModel):
    """Write-off of a lost receivable (PCG 654; CGI 272-1): D 654 (excl. VAT) + D the
    VAT of the invoice (recovered when it was paid on debits, cancelled from the VAT
    on payment account otherwise) / C the receivable; the provision reversed; the
    duplicata mention posted on the invoices."""

    _name = "l10n.fr.bad.debt.writeoff"
    _description = "Write-off of a Lost Receivable"

    company_id = fields.Many2one("res.company", required=True, default=_company_default)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    event = fields.Selection(
        [
            ("liquidation", "Judgment of judicial liquidation"),
            ("closure", "Liquidation closed for insufficient assets"),
            ("enforcement_failure", "Enforcement failed"),
            ("other", "Other (no VAT recovery)"),
        ],
        required=True,
        default="liquidation",
    )
    event_date = fields.Date(required=True, default=fields.Date.context_today)
    summary = fields.Text(compute="_compute_plan")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner":
            partner = self.env["res.partner"].browse(
                self.env.context.get("active_ids", [])[:1]
            )
            values["partner_id"] = partner.commercial_partner_id.id
        return values

    def _l10n_fr_open_items(self):
        return self.env["account.move.line"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("partner_id", "child_of", self.partner_id.commercial_partner_id.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("amount_residual", ">", 0),
            ]
        )

    def _l10n_fr_plan(self):
        """[(item, invoice, untaxed part, [(tax line, vat part, VatRecovery)])]."""
        plan = []
        for item in self._l10n_fr_open_items():
            move = item.move_id
            invoice = (
                move
                if move.move_type == "out_invoice"
                else (move.l10n_fr_doubtful_invoice_id)
            )
            residual = item.amount_residual
            if not invoice or not invoice.amount_total_signed:
                plan.append((item, invoice, residual, []))
                continue
            share = residual / invoice.amount_total_signed
            taxes = []
            for tax_line in invoice.line_ids.filtered("tax_line_id"):
                vat = float_round(-tax_line.balance * share, 2)
                debits = tax_line.tax_line_id.tax_exigibility != "on_payment"
                taxes.append(
                    (tax_line, vat, proceedings.vat_recovery(debits, vat, self.event))
                )
            untaxed = float_round(residual - sum(vat for _l, vat, _r in taxes), 2)
            plan.append((item, invoice, untaxed, taxes))
        return plan

    @api.depends("partner_id", "event", "company_id")
    def _compute_plan(self):
        reasons = {
            "recoverable": self.env._("VAT recovered (paid on debits)"),
            "vat_on_payment": self.env._(
                "no VAT to recover: due on payment, never paid (services); the "
                "pending VAT is cancelled"
            ),
            "event": self.env._(
                "no VAT recovery for this event (only a definitive loss: "
                "liquidation, closure, failed enforcement)"
            ),
            "no_vat": self.env._("no VAT"),
        }
        for wizard in self:
            lines = []
            if wizard.partner_id:
                currency = wizard.company_id.currency_id
                for item, invoice, untaxed, taxes in wizard._l10n_fr_plan():
                    amount = formatLang(self.env, untaxed, currency_obj=currency)
                    text = f"{(invoice or item.move_id).name}: {amount}"
                    for _line, vat, recovery in taxes:
                        vat_text = formatLang(self.env, vat, currency_obj=currency)
                        text += f" + {vat_text} ({reasons[recovery.reason]})"
                    lines.append(text)
            wizard.summary = "\n".join(lines)

    def action_write_off(self):
        self.ensure_one()
        company = self.company_id
        if not company._l10n_fr_french_law():
            raise company._l10n_fr_french_law_error(self.env._("A write-off"))
        plan = self._l10n_fr_plan()
        if not plan:
            raise UserError(self.env._("No open receivable to write off."))
        loss = company._l10n_fr_default_account("l10n_fr_bad_debt_account_id")
        partner = self.partner_id.commercial_partner_id
        commands = []
        for item, invoice, untaxed, taxes in plan:
            name = self.env._(
                "Lost receivable %(invoice)s", invoice=(invoice or item.move_id).name
            )
            commands.append(
                fields.Command.create(
                    {
                        "name": name,
                        "account_id": item.account_id.id,
                        "partner_id": partner.id,
                        "balance": -item.amount_residual,
                    }
                )
            )
            commands.append(
                fields.Command.create(
                    {
                        "name": name,
                        "account_id": loss.id,
                        "partner_id": partner.id,
                        "balance": untaxed,
                    }
                )
            )
            for tax_line, vat, recovery in taxes:
                label = (
                    self.env._(
                        "VAT recovered (art. 272 CGI) %(invoice)s", invoice=invoice.name
                    )
                    if recovery.reason == "recoverable"
                    else self.env._("VAT not due %(invoice)s", invoice=invoice.name)
                )
                account = (
                    tax_line.account_id
                    if recovery.reason
                    in (
                        "recoverable",
                        "vat_on_payment",
                    )
                    else loss
                )
                commands.append(
                    fields.Command.create(
                        {
                            "name": label,
                            "account_id": account.id,
                            "partner_id": partner.id,
                            "balance": vat,
                        }
                    )
                )
        provision = (
            self.env["l10n.fr.provision"]._l10n_fr_current(company).get(partner.id, 0.0)
        )
        if provision:
            allowance = company._l10n_fr_default_account("l10n_fr_provision_account_id")
            income = company._l10n_fr_default_account(
                "l10n_fr_provision_reversal_account_id"
            )
            name = self.env._("Provision reversed %(customer)s", customer=partner.name)
            for account, sign in ((allowance, 1), (income, -1)):
                commands.append(
                    fields.Command.create(
                        {
                            "name": name,
                            "account_id": account.id,
                            "partner_id": partner.id,
                            "balance": sign * provision,
                        }
                    )
                )
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "company_id": company.id,
                "journal_id": company._l10n_fr_bad_debt_journal().id,
                "date": self.date,
                "ref": self.env._("Write-off of %(customer)s", customer=partner.name),
                "line_ids": commands,
            }
        )
        entry.action_post()
        for item, _invoice, _untaxed, _taxes in plan:
            counterpart = entry.line_ids.filtered(
                lambda line, item=item: (
                    line.account_id == item.account_id
                    and not line.reconciled
                    and company.currency_id.compare_amounts(
                        -line.balance, item.amount_residual
                    )
                    == 0
                )
            )[:1]
            (item + counterpart).reconcile()
        if provision:
            self.env["l10n.fr.provision"].create(
                {
                    "company_id": company.id,
                    "partner_id": partner.id,
                    "date": self.date,
                    "previous_amount": provision,
                    "amount": 0.0,
                    "state": "posted",
                    "move_id": entry.id,
                    "justification": self.env._("Written off"),
                }
            )
        rows = []
        for _item, invoice, untaxed, taxes in plan:
            recovered = sum(v for _l, v, r in taxes if r.reason == "recoverable")
            if invoice and recovered:
                untaxed_text = formatLang(self.env, untaxed)
                vat_text = formatLang(self.env, recovered)
                mention = proceedings.duplicata_mention(untaxed_text, vat_text)
                invoice.message_post(body=mention)
                rows.append(
                    {
                        "name": invoice.name,
                        "date": format_date(
                            self.env, invoice.invoice_date, lang_code="fr_FR"
                        ),
                        "untaxed_text": untaxed_text,
                        "vat_text": vat_text,
                        "mention": mention,
                    }
                )
        if rows:
            self._l10n_fr_vat_statement(partner, entry, rows)
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": entry.id,
            "view_mode": "form",
        }

    def _l10n_fr_vat_statement(self, partner, entry, rows):
        """The état récapitulatif sent to the debtor (care of the liquidator),
        attached to the write-off entry and the customer's chatter."""
        proceeding = self.env["l10n.fr.proceeding"].search(
            [("partner_id", "=", partner.id), ("company_id", "=", self.company_id.id)],
            limit=1,
        )
        attention = ""
        if proceeding.mandataire_id:
            attention = self.env._(
                "c/o %(liquidator)s", liquidator=proceeding.mandataire_id.name
            )
        report = self.env.ref("l10n_fr_credit_collection.action_report_bad_debt_vat")
        data = {
            "rows": rows,
            "attention": attention,
            "letter_date": fields.Date.to_string(self.date),
            "subject": self.with_context(lang="fr_FR").env._(
                "Unpaid invoices: rectification of the VAT (article 272 of the CGI)"
            ),
        }
        pdf, _kind = report._render_qweb_pdf(report.report_name, partner.ids, data=data)
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "VAT rectification %(customer)s.pdf", customer=partner.name
                ),
                "datas": base64.b64encode(pdf),
                "res_model": "account.move",
                "res_id": entry.id,
                "mimetype": "application/pdf",
            }
        )
        partner.message_post(
            body=self.env._(
                "Send the summary statement of the unpaid invoices to the debtor "
                "(art. 272 CGI)."
            ),
            attachment_ids=attachment.ids,
        )
