import re

from stdnum.fr import siren, siret

from odoo import models
from odoo.exceptions import UserError

from ..models.res_company import FRENCH_LAW_COUNTRIES
from ..rules.courts import (
    CLAIM_RESIDENTIAL_LEASE,
    CLAIM_TRADE,
    COURT_JUDICIAIRE,
    out_of_scope_territory,
)
from ..rules.injonction import limitation, small_claim
from ..rules.penalties import MissingParameterError
from .l10n_fr_injonction_wizard import BLOCKING, INFO, WARNING


def _valid_siren_or_siret(value):
    digits = re.sub(r"\D", "", value or "")
    if len(digits) == 14:
        return siret.is_valid(digits)
    return len(digits) == 9 and siren.is_valid(digits)


class L10nFrInjonctionWizard(models.TransientModel):
    """The eligibility checks of the injonction de payer wizard (its own file: the
    wizard is long enough without them)."""

    _inherit = "l10n.fr.injonction.wizard"

    def _l10n_fr_checks(self):
        """Eligibility: a list of ``(level, code, message)``, level blocking,
        warning or info."""
        self.ensure_one()
        _ = self.env._
        checks = []
        partner = self.partner_id.commercial_partner_id
        company = self.company_id
        invoices = self.invoice_ids
        if not partner:
            return [(BLOCKING, "partner", _("Choose the debtor."))]
        if self.reminder_id and self.reminder_id.kind != "litigation":
            checks.append(
                (
                    BLOCKING,
                    "reminder_level",
                    _(
                        "Reminder %(reminder)s is not at the litigation level: an "
                        "injonction de payer follows a failed formal notice.",
                        reminder=self.reminder_id.name,
                    ),
                )
            )
        # the overseas departments are France (Odoo holds them as countries)
        if partner.country_id and partner.country_id.code not in FRENCH_LAW_COUNTRIES:
            checks.append(
                (
                    BLOCKING,
                    "abroad",
                    _(
                        "%(debtor)s is not domiciled in France: the French injonction "
                        "de payer does not apply. Use the European order for payment "
                        "(Regulation (EC) No 1896/2006, form A) instead.",
                        debtor=partner.name,
                    ),
                )
            )
            return checks
        if not (partner.street and partner.zip and partner.city and partner.country_id):
            checks.append(
                (
                    BLOCKING,
                    "address",
                    _(
                        "%(debtor)s has no usable address (street, postal code, city "
                        "and country): the competent court depends on the debtor's "
                        "domicile (art. 1406 CPC).",
                        debtor=partner.name,
                    ),
                )
            )
        if partner.l10n_fr_collective_proceedings:
            checks.append(
                (
                    BLOCKING,
                    "collective",
                    _(
                        "%(debtor)s is in collective proceedings: no injonction de "
                        "payer is possible; declare the claim to the mandataire "
                        "judiciaire.",
                        debtor=partner.name,
                    ),
                )
            )
        if not _valid_siren_or_siret(company.siret or company.company_registry):
            checks.append(
                (
                    BLOCKING,
                    "creditor_siret",
                    _(
                        "The SIREN/SIRET of your company %(company)s is missing or "
                        "invalid: the request must identify the creditor.",
                        company=company.name,
                    ),
                )
            )
        if partner.is_company and not _valid_siren_or_siret(partner.siret):
            checks.append(
                (
                    BLOCKING,
                    "debtor_siret",
                    _(
                        "The SIREN/SIRET of %(debtor)s is missing or invalid: the "
                        "request must identify the debtor company.",
                        debtor=partner.name,
                    ),
                )
            )
        checks += self._l10n_fr_court_checks(partner)
        if not invoices:
            checks.append(
                (BLOCKING, "invoices", _("Select at least one unpaid invoice."))
            )
            return checks
        checks += self._l10n_fr_invoice_checks(partner, company, invoices)
        notices = self.env["l10n.fr.dunning.reminder"].search_count(
            [
                ("partner_id", "child_of", partner.id),
                ("company_id", "=", company.id),
                ("kind", "=", "formal_notice"),
                ("state", "=", "sent"),
            ]
        )
        if not notices:
            checks.append(
                (
                    WARNING,
                    "formal_notice",
                    _(
                        "No formal notice (mise en demeure) was sent to %(debtor)s: "
                        "it is not required, but the judge expects one and it sets "
                        "the start of the legal interest of a consumer.",
                        debtor=partner.name,
                    ),
                )
            )
        tables = self.env["l10n.fr.injonction.case"]._l10n_fr_injonction_tables()
        Rates = self.env["l10n.fr.penalty.rate"]
        try:
            claim = self._l10n_fr_claim()
            if small_claim(claim.principal + claim.interest, self.claim_date, tables):
                checks.append(
                    (
                        INFO,
                        "small_claim",
                        _(
                            "Small claim (principal and interest within the cap of "
                            "art. L125-1 CPCE): the simplified recovery procedure "
                            "before a commissaire de justice is an alternative."
                        ),
                    )
                )
        except (MissingParameterError, UserError) as error:
            message = (
                Rates._l10n_fr_rate_error_message(error)
                if isinstance(error, MissingParameterError)
                else error.args[0]
            )
            checks.append((BLOCKING, "claim", message))
        if not self.court_id:
            checks.append(
                (
                    BLOCKING,
                    "court",
                    _(
                        "No court of the directory covers postal code %(zip)s: import "
                        "the courts (Credit Collection > Configuration > Courts) or "
                        "choose one.",
                        zip=partner.zip or "-",
                    ),
                )
            )
        return checks

    def _l10n_fr_court_checks(self, partner):
        """The debtor's nature to confirm, and the court's special cases."""
        _ = self.env._
        checks = []
        if self.debtor_nature_guessed and self.debtor_nature == "trader":
            checks.append(
                (
                    WARNING,
                    "debtor_nature",
                    _(
                        "%(debtor)s is taken for a sole trader from its SIREN alone "
                        "(no legal form on the customer): confirm the nature of the "
                        "debtor (a liberal profession is not a trader).",
                        debtor=partner.name,
                    ),
                )
            )
        if (
            self.claim_nature == CLAIM_TRADE
            and self.debtor_nature in ("civil", "consumer")
            and self.court_type == COURT_JUDICIAIRE
        ):
            checks.append(
                (
                    INFO,
                    "non_trader",
                    _(
                        "%(debtor)s is not a trader: a trader's claim against a "
                        "non-trader goes to the tribunal judiciaire (art. L721-3 "
                        "C. com.).",
                        debtor=partner.name,
                    ),
                )
            )
        if self.claim_nature == CLAIM_RESIDENTIAL_LEASE:
            checks.append(
                (
                    INFO,
                    "lease_place",
                    _(
                        "Residential lease: the competent juge des contentieux de "
                        "la protection is the one of the place of the property (art. "
                        "R213-9-7 COJ); check that the debtor's address is the "
                        "rented dwelling."
                    ),
                )
            )
        if out_of_scope_territory(partner.zip):
            checks.append(
                (
                    WARNING,
                    "territory",
                    _(
                        "Postal code %(zip)s: the courts of Saint-Barthélemy, "
                        "Saint-Martin, Saint-Pierre-et-Miquelon and the Pacific "
                        "territories are organised otherwise; check the competent "
                        "court yourself.",
                        zip=partner.zip,
                    ),
                )
            )
        return checks

    def _l10n_fr_invoice_checks(self, partner, company, invoices):
        """Eligibility of the invoices: currency, contractual basis, determined
        amount, not in another case, limitation."""
        _ = self.env._
        checks = []
        if invoices.currency_id != company.currency_id:
            checks.append(
                (
                    BLOCKING,
                    "currency",
                    _("All invoices must be in the currency of the company."),
                )
            )
        if self.contract_basis == "none" or (
            self.contract_basis == "contract"
            and not self._l10n_fr_invoice_attachments(invoices)
        ):
            checks.append(
                (
                    BLOCKING,
                    "contract",
                    _(
                        "No contractual basis: the claim needs terms of sale accepted "
                        "by the customer, or an order or contract attached to the "
                        "invoices (art. 1405 CPC)."
                    ),
                )
            )
        disputed = invoices.filtered("l10n_fr_litigation")
        if disputed:
            checks.append(
                (
                    BLOCKING,
                    "disputed",
                    _(
                        "The amount is not determined: invoices %(invoices)s are in "
                        "dispute.",
                        invoices=", ".join(disputed.mapped("name")),
                    ),
                )
            )
        other_disputes = self.env["l10n.fr.dispute"].search(
            [
                ("partner_id", "=", self.partner_id.commercial_partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("state", "=", "open"),
                ("invoice_ids", "not in", invoices.ids),
            ]
        )
        if other_disputes:
            checks.append(
                (
                    WARNING,
                    "open_disputes",
                    _(
                        "The debtor has open disputes (%(disputes)s) on other "
                        "invoices: settle them first, the judge may doubt the claim.",
                        disputes=", ".join(other_disputes.mapped("name")),
                    ),
                )
            )
        in_case = self.env["l10n.fr.injonction.case"].search(
            [
                ("invoice_ids", "in", invoices.ids),
                ("state", "not in", ("paid", "abandoned")),
            ]
        )
        if in_case:
            checks.append(
                (
                    BLOCKING,
                    "in_case",
                    _(
                        "Some invoices are already in the open case %(case)s.",
                        case=", ".join(in_case.mapped("name")),
                    ),
                )
            )
        tables = self.env["l10n.fr.injonction.case"]._l10n_fr_injonction_tables()
        Rates = self.env["l10n.fr.penalty.rate"]
        consumer = not partner.l10n_fr_is_professional
        try:
            prescribed = [
                (invoice, lim)
                for invoice in invoices
                for lim in [
                    limitation(
                        invoice.invoice_date,
                        invoice.invoice_date_due,
                        consumer,
                        tables,
                    )
                ]
                if lim.reached(self.claim_date)
            ]
            if prescribed:
                checks.append(
                    (
                        BLOCKING,
                        "limitation",
                        _(
                            "Limitation period reached (%(years)s years, %(ref)s) for "
                            "invoices %(invoices)s: remove them.",
                            years=prescribed[0][1].years,
                            ref=prescribed[0][1].legal_ref,
                            invoices=", ".join(inv.name for inv, _lim in prescribed),
                        ),
                    )
                )
        except MissingParameterError as error:
            checks.append(
                (BLOCKING, "parameter", Rates._l10n_fr_rate_error_message(error))
            )
        return checks
