import base64

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round


class L10nFrProceedingDeclaration(models.TransientModel):
    """Déclaration de créance (L622-24, L622-25, R622-23): the letter to the
    mandataire or liquidateur with the claim at the judgment date per invoice, and
    the record of its sending on the proceeding."""

    _name = "l10n.fr.proceeding.declaration"
    _description = "Declaration of Claim"

    proceeding_id = fields.Many2one("l10n.fr.proceeding", required=True)
    company_id = fields.Many2one(
        related="proceeding_id.company_id", store=True, string="Company"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    declaration_date = fields.Date(
        string="Sending Date", required=True, default=fields.Date.context_today
    )
    declaration_mode = fields.Selection(
        [("registered", "Registered letter"), ("portal", "Creditors' portal")],
        string="Sent By",
        default="registered",
        required=True,
    )
    declaration_tracking = fields.Char(string="Proof of Posting")
    signatory_id = fields.Many2one(
        "res.users",
        string="Signatory",
        default=lambda self: self.env.company.l10n_fr_signatory_id or self.env.user,
    )
    signatory_title = fields.Char(
        default=lambda self: self.env.company.l10n_fr_signatory_title
    )
    amount = fields.Monetary(string="Amount Declared", compute="_compute_amount")
    deadline = fields.Date(related="proceeding_id.declaration_deadline")
    late = fields.Boolean(compute="_compute_amount")

    @api.depends("proceeding_id", "declaration_date")
    def _compute_amount(self):
        for wizard in self:
            proceeding = wizard.proceeding_id
            total = 0.0
            if proceeding:
                total = proceeding._l10n_fr_claims()["totals"]["total"]
            wizard.amount = float_round(total, 2)
            wizard.late = bool(
                proceeding.declaration_deadline
                and wizard.declaration_date
                and wizard.declaration_date > proceeding.declaration_deadline
            )

    def _l10n_fr_check(self):
        proceeding = self.proceeding_id
        if not proceeding.mandataire_id:
            raise UserError(
                self.env._(
                    "Enter the mandataire judiciaire or liquidateur of %(name)s: the "
                    "declaration is addressed to him.",
                    name=proceeding.name,
                )
            )
        if not proceeding._l10n_fr_claims()["lines"]:
            raise UserError(
                self.env._(
                    "No invoice of %(customer)s born before the opening judgment has "
                    "anything due: nothing to declare.",
                    customer=proceeding.partner_id.name,
                )
            )

    def action_print(self):
        self.ensure_one()
        self._l10n_fr_check()
        return self.env.ref(
            "l10n_fr_credit_collection.action_report_proceeding_declaration"
        ).report_action(self.proceeding_id, data=self._l10n_fr_report_data())

    def _l10n_fr_report_data(self):
        return {
            "signatory_id": self.signatory_id.id,
            "signatory_title": self.signatory_title or "",
            "letter_date": fields.Date.to_string(self.declaration_date),
        }

    def action_send(self):
        """Records the sending: the PDF attached to the proceeding, the date, the
        amount declared, the proof of posting; the activities before the deadline
        are done."""
        self.ensure_one()
        self._l10n_fr_check()
        proceeding = self.proceeding_id
        report = self.env.ref(
            "l10n_fr_credit_collection.action_report_proceeding_declaration"
        )
        pdf, _kind = report._render_qweb_pdf(
            report.report_name, proceeding.ids, data=self._l10n_fr_report_data()
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "Declaration of claim %(name)s.pdf", name=proceeding.name
                ),
                "datas": base64.b64encode(pdf),
                "res_model": proceeding._name,
                "res_id": proceeding.id,
                "mimetype": "application/pdf",
            }
        )
        proceeding.write(
            {
                "declaration_date": self.declaration_date,
                "declaration_mode": self.declaration_mode,
                "declaration_tracking": self.declaration_tracking,
                "declared_amount": self.amount,
                "answer": "pending",
                "attachment_ids": [fields.Command.link(attachment.id)],
            }
        )
        proceeding.activity_feedback(
            ["mail.mail_activity_data_todo"],
            feedback=self.env._("Declaration sent."),
        )
        proceeding.message_post(
            body=self.env._(
                "Declaration of claim sent on %(date)s for %(amount)s.",
                date=fields.Date.to_string(self.declaration_date),
                amount=self.amount,
            ),
            attachment_ids=attachment.ids,
        )
        return {"type": "ir.actions.act_window_close"}
