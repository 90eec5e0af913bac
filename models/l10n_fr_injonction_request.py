import base64

from odoo import models
from odoo.exceptions import UserError

from ..rules import french_text


class L10nFrInjonctionCase(models.Model):
    """What the request (report ``report_injonction_request``) prints: the interest
    of each invoice period by period, the court fee as part of the dépens, the
    creditor's registry number and representative, the exhibits in French."""

    _inherit = "l10n.fr.injonction.case"

    def _l10n_fr_request(self):
        """Values of the request of this case (French text)."""
        self.ensure_one()
        case = self.with_context(lang="fr_FR")
        company = case.company_id
        identity = company._l10n_fr_identity()
        interest_lines = case.line_ids.filtered(lambda line: line.kind == "interest")
        invoices = interest_lines.move_id
        computed = (
            invoices._l10n_fr_penalty_compute(case.claim_date, raise_on_error=False)
            if invoices
            else {}
        )
        periods = {}
        for line in interest_lines:
            breakdown = computed.get(line.move_id.id, {}).get("breakdown") or []
            rows = [
                {
                    "date_from": french_text.long_date(p["date_from"]),
                    "date_to": french_text.long_date(p["date_to"]),
                    "days": p["days"],
                    "rate": french_text.rate(p["rate"]),
                    "base": french_text.amount(p["base"]),
                    "amount": french_text.amount(p["amount"]),
                }
                for p in breakdown
            ]
            invoiced = round(sum(p["amount"] for p in breakdown) - line.amount, 2)
            periods[line.id] = {
                "rows": rows,
                "invoiced": french_text.amount(invoiced) if invoiced > 0 else "",
            }
        fee = (
            sum(
                case.line_ids.filtered(lambda line: line.kind == "court_fee").mapped(
                    "amount"
                )
            )
            or case.court_fee
        )
        claimed = case.line_ids.filtered(lambda line: line.kind != "court_fee")
        other = sum(
            claimed.filtered(lambda line: line.kind == "penalty_clause").mapped(
                "amount"
            )
        )
        to_complete = case.env._("to be completed by hand")
        registry = (
            f"{french_text.format_siren(identity.siren)} RCS {identity.rcs_city}"
            if identity.siren and identity.rcs_city
            else company.company_registry or ""
        )
        representative = company.l10n_fr_representative_name or ""
        if representative and company.l10n_fr_representative_title:
            representative = f"{representative}, {company.l10n_fr_representative_title}"
        return {
            "lines": claimed,
            "periods": periods,
            "principal": french_text.amount(case.amount_principal),
            "interest": french_text.amount(case.amount_interest),
            "indemnity": french_text.amount(case.amount_indemnity),
            "other": french_text.amount(other) if other else "",
            "total": french_text.amount(sum(claimed.mapped("amount"))),
            "court_fee": french_text.amount(fee) if fee else "",
            "creditor_name": company._l10n_fr_letterhead()["name"],
            "legal_form": identity.legal_form or to_complete,
            "siret": company.siret or to_complete,
            "registry": registry or to_complete,
            "representative": representative or to_complete,
            "place_and_date": french_text.place_and_date(
                company.partner_id.city, case.claim_date
            ),
            "exhibits": [
                (exhibit.number, case._l10n_fr_exhibit_label(exhibit))
                for exhibit in case.exhibit_ids.sorted("number")
            ],
        }

    def _l10n_fr_exhibit_label(self, exhibit):
        """The exhibit's name with its dates written in French."""
        _ = self.env._
        if exhibit.kind == "invoice" and exhibit.move_id:
            return _(
                "Invoice %(name)s of %(date)s",
                name=exhibit.move_id.name,
                date=french_text.long_date(exhibit.move_id.invoice_date),
            )
        reminder = exhibit.reminder_id
        if exhibit.kind == "formal_notice" and reminder:
            return _(
                "Formal notice %(name)s of %(date)s",
                name=reminder.name,
                date=french_text.long_date(reminder.date),
            )
        if exhibit.kind == "reminder" and reminder:
            return _(
                "Reminder %(name)s of %(date)s",
                name=reminder.name,
                date=french_text.long_date(reminder.date),
            )
        return exhibit.name

    def _l10n_fr_terms_pdf(self):
        """The terms-of-sale exhibit: the PDF set in the settings, else the terms
        and conditions text of the invoices; neither: a clear error."""
        self.ensure_one()
        company = self.company_id
        if company.l10n_fr_terms_pdf:
            return base64.b64decode(company.l10n_fr_terms_pdf)
        terms = company.invoice_terms or ""
        if not terms.replace("<p>", "").replace("</p>", "").replace("<br>", "").strip():
            raise UserError(
                self.env._(
                    "The request lists the general terms of sale as an exhibit, but "
                    "the company has none: upload them as a PDF in Settings > "
                    "Invoicing > Letters and Court Requests, or write them in the "
                    "default terms and conditions of the invoices."
                )
            )
        return self._l10n_fr_render(
            "l10n_fr_credit_collection.action_report_injonction_terms", self.ids
        )
