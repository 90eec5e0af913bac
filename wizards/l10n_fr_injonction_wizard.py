from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..models.l10n_fr_court import CLAIM_NATURES, COURT_TYPES, DEBTOR_NATURES
from ..models.res_company import FRENCH_LAW_COUNTRIES
from ..rules.courts import (
    CLAIM_TRADE,
    COMMERCIAL_COURT_TYPES,
    TRADING_NATURES,
    court_type,
)
from ..rules.injonction import (
    BLOCKING,
    COURT_JUDICIAIRE,
    Facts,
    InvoiceClaim,
    claim_breakdown,
    eligibility,
    small_claim,
)
from ..rules.penalties import MissingParameterError


class L10nFrInjonctionWizard(models.TransientModel):
    """Prepares an injonction de payer: eligibility (rules.injonction.eligibility,
    its findings explained by ``_l10n_fr_finding_message``), court, claim, then a
    case."""

    _name = "l10n.fr.injonction.wizard"
    _description = "Prepare an Injonction de Payer"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Debtor", required=True)
    invoice_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        check_company=True,
        domain="[('partner_id.commercial_partner_id', '=', partner_id),"
        " ('move_type', '=', 'out_invoice'), ('state', '=', 'posted'),"
        " ('amount_residual', '>', 0)]",
    )
    reminder_id = fields.Many2one("l10n.fr.dunning.reminder", check_company=True)
    claim_date = fields.Date(
        string="Interest Computed To", required=True, default=fields.Date.today
    )
    debtor_nature = fields.Selection(
        DEBTOR_NATURES,
        compute="_compute_debtor_nature",
        store=True,
        readonly=False,
        help="Proposed from the customer's legal form, else from its data (a "
        "company; a person with a SIREN is taken for a sole trader): confirm it.",
    )
    debtor_nature_guessed = fields.Boolean(compute="_compute_debtor_nature", store=True)
    claim_nature = fields.Selection(
        CLAIM_NATURES,
        compute="_compute_debtor_nature",
        store=True,
        readonly=False,
        help="Between traders: the commercial court (tribunal de commerce, TAE, "
        "commercial chamber of the tribunal judiciaire in Alsace-Moselle, tribunal "
        "mixte de commerce overseas); consumer credit and residential leases: the "
        "juge des contentieux de la protection; otherwise the tribunal judiciaire.",
    )
    contract_basis = fields.Selection(
        [
            ("terms", "Terms of sale accepted by the customer"),
            ("contract", "Order or contract attached to the invoices"),
            ("none", "None"),
        ],
        string="Contractual Basis",
        default="terms",
        required=True,
    )
    court_type = fields.Selection(
        COURT_TYPES, compute="_compute_court", store=True, readonly=False
    )
    court_id = fields.Many2one(
        "l10n.fr.court",
        compute="_compute_court",
        store=True,
        readonly=False,
        domain="[('court_type', '=', court_type)]",
    )
    transfer_on_opposition = fields.Boolean(
        help="Art. 1408 CPC: ask that, on opposition, the case go directly to the "
        "court hearing it."
    )
    penalty_clause = fields.Monetary(
        help="Amount of the clause pénale of the contract."
    )
    blocking_message = fields.Text(compute="_compute_messages")
    warning_message = fields.Text(compute="_compute_messages")

    @api.model
    def _l10n_fr_action(self, context):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Injonction de payer"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": context,
        }

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        company = self.env["res.company"].browse(values.get("company_id"))
        if not (company or self.env.company)._l10n_fr_french_law():
            raise (company or self.env.company)._l10n_fr_french_law_error(
                self.env._("The injonction de payer")
            )
        model = self.env.context.get("active_model")
        ids = self.env.context.get("active_ids") or []
        partner = self.env["res.partner"].browse(values.get("partner_id"))
        invoices = self.env["account.move"]
        if model == "res.partner" and ids:
            partner = self.env["res.partner"].browse(ids[0]).commercial_partner_id
        elif model == "account.move" and ids:
            invoices = self.env["account.move"].browse(ids)
            partner = invoices.commercial_partner_id[:1]
        elif model == "l10n.fr.dunning.reminder" and ids:
            reminder = self.env["l10n.fr.dunning.reminder"].browse(ids[0])
            values["reminder_id"] = reminder.id
            values["company_id"] = reminder.company_id.id
            partner = reminder.partner_id.commercial_partner_id
            invoices = reminder.line_ids.move_id
        if partner and not invoices:
            invoices = self.env["account.move"].search(
                [
                    ("commercial_partner_id", "=", partner.id),
                    ("company_id", "=", values.get("company_id", self.env.company.id)),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("amount_residual", ">", 0),
                    ("invoice_date_due", "<", fields.Date.context_today(self)),
                    ("l10n_fr_litigation", "=", False),
                ]
            )
        invoices = invoices.filtered(
            lambda m: (
                m.move_type == "out_invoice"
                and m.state == "posted"
                and m.amount_residual > 0
            )
        )
        if partner:
            values["partner_id"] = partner.id
        values["invoice_ids"] = [fields.Command.set(invoices.ids)]
        company = self.env["res.company"].browse(
            values.get("company_id", self.env.company.id)
        )
        if not company.l10n_fr_terms_pdf and (
            not company.invoice_terms or company.invoice_terms == "<p><br></p>"
        ):
            values["contract_basis"] = (
                "contract" if self._l10n_fr_invoice_attachments(invoices) else "none"
            )
        return values

    @api.model
    def _l10n_fr_invoice_attachments(self, invoices):
        return self.env["ir.attachment"].search(
            [
                ("res_model", "=", "account.move"),
                ("res_id", "in", invoices.ids),
                ("mimetype", "=", "application/pdf"),
            ],
            order="res_id, id",
        )

    # --------------------------------------------------------------------- court

    @api.depends("partner_id")
    def _compute_debtor_nature(self):
        """The debtor's nature from the customer, and "between traders" proposed
        for a trader, a commercial company or a craftsman (the court function
        sends a craftsman to the tribunal judiciaire before 2022)."""
        for wizard in self:
            if not wizard.partner_id:
                wizard.debtor_nature = wizard.debtor_nature_guessed = False
                wizard.claim_nature = wizard.claim_nature or "other"
                continue
            nature = wizard.partner_id._l10n_fr_debtor_nature()
            wizard.debtor_nature = nature.nature
            wizard.debtor_nature_guessed = not nature.from_legal_form
            wizard.claim_nature = (
                CLAIM_TRADE if nature.nature in TRADING_NATURES else "other"
            )

    @api.depends("partner_id", "claim_nature", "debtor_nature", "claim_date")
    def _compute_court(self):
        tables = self.env["l10n.fr.injonction.case"]._l10n_fr_injonction_tables()
        Court = self.env["l10n.fr.court"]
        for wizard in self:
            partner = wizard.partner_id
            if not partner or not partner.zip:
                wizard.court_type = wizard.court_type or COURT_JUDICIAIRE
                wizard.court_id = False
                continue
            commercial = Court._l10n_fr_courts_for(
                partner.zip, partner.city, list(COMMERCIAL_COURT_TYPES)
            )
            try:
                decided = court_type(
                    wizard.claim_nature or "other",
                    wizard.debtor_nature or "consumer",
                    wizard.claim_date,
                    partner.zip,
                    commercial[:1].city or partner.city,
                    tables,
                )
            except MissingParameterError:
                decided = COURT_JUDICIAIRE
            wizard.court_type = decided
            wizard.court_id = Court._l10n_fr_courts_for(
                partner.zip, partner.city, [decided]
            )[:1]

    # -------------------------------------------------------------- eligibility

    @api.depends(
        "partner_id",
        "invoice_ids",
        "claim_date",
        "court_id",
        "contract_basis",
        "reminder_id",
        "claim_nature",
        "debtor_nature",
    )
    def _compute_messages(self):
        for wizard in self:
            checks = wizard._l10n_fr_checks()
            wizard.blocking_message = "\n".join(
                m for level, _code, m in checks if level == BLOCKING
            )
            wizard.warning_message = "\n".join(
                m for level, _code, m in checks if level != BLOCKING
            )

    # --------------------------------------------------------------- eligibility

    def _l10n_fr_checks(self):
        """Eligibility: a list of ``(level, code, message)``, level blocking,
        warning or info (rules.injonction.eligibility on the wizard's facts)."""
        self.ensure_one()
        return [
            (finding.level, finding.code, self._l10n_fr_finding_message(finding))
            for finding in eligibility(self._l10n_fr_facts())
        ]

    def _l10n_fr_facts(self):
        """What rules.injonction.eligibility looks at, loaded from the wizard."""
        partner = self.partner_id.commercial_partner_id
        if not partner:
            return Facts(debtor=None)
        company = self.company_id
        invoices = self.invoice_ids
        notices = self.env["l10n.fr.dunning.reminder"].search_count(
            [
                ("partner_id", "child_of", partner.id),
                ("company_id", "=", company.id),
                ("kind", "=", "formal_notice"),
                ("state", "=", "sent"),
            ]
        )
        in_case = self.env["l10n.fr.injonction.case"]
        if invoices:
            in_case = in_case.search(
                [
                    ("invoice_ids", "in", invoices.ids),
                    ("state", "not in", ("paid", "abandoned")),
                ]
            )

        def claim_amount():
            claim = self._l10n_fr_claim()
            return claim.principal + claim.interest

        return Facts(
            debtor=partner.name,
            claim_date=self.claim_date,
            reminder=self.reminder_id.name or None,
            reminder_kind=self.reminder_id.kind or None,
            country=partner.country_id.code or None,
            french_law_countries=FRENCH_LAW_COUNTRIES,
            address_complete=bool(
                partner.street and partner.zip and partner.city and partner.country_id
            ),
            proceedings=tuple(
                (proceeding.kind, proceeding.judgment_date)
                for proceeding in self.env["l10n.fr.proceeding"]
                ._l10n_fr_in_force(partner.ids, company.ids)
                .get((partner.id, company.id), ())
            ),
            born=tuple(invoice._l10n_fr_born_on() for invoice in invoices),
            acknowledged=tuple(
                (invoices.browse(move_id).name, day)
                for move_id, day in self.env["l10n.fr.payment.plan"]
                ._l10n_fr_acknowledged(invoices)
                .items()
            ),
            creditor_id=company.siret or company.company_registry or None,
            debtor_is_company=partner.is_company,
            debtor_id=partner.siret or None,
            debtor_nature=self.debtor_nature or None,
            debtor_nature_guessed=self.debtor_nature_guessed,
            claim_nature=self.claim_nature or None,
            court_type=self.court_type or None,
            court=bool(self.court_id),
            zip=partner.zip or None,
            invoices=tuple(
                (invoice.name, invoice.invoice_date, invoice.invoice_date_due)
                for invoice in invoices
            ),
            foreign_currency=invoices.currency_id != company.currency_id,
            contract_basis=self.contract_basis,
            contract_attached=bool(
                self.contract_basis == "contract"
                and invoices
                and self._l10n_fr_invoice_attachments(invoices)
            ),
            disputed=tuple(invoices.filtered("l10n_fr_litigation").mapped("name")),
            other_disputes=tuple(
                self.env["l10n.fr.dispute"]
                .search(
                    [
                        ("partner_id", "=", partner.id),
                        ("company_id", "=", company.id),
                        ("state", "=", "open"),
                        ("invoice_ids", "not in", invoices.ids),
                    ]
                )
                .mapped("name")
            ),
            open_cases=tuple(in_case.mapped("name")),
            consumer=not partner.l10n_fr_is_professional,
            formal_notices=notices,
            claim_amount=claim_amount,
            claim_errors=(UserError,),
            tables=self.env["l10n.fr.injonction.case"]._l10n_fr_injonction_tables(),
        )

    def _l10n_fr_finding_message(self, finding):
        """The message of a finding of rules.injonction.eligibility, translated."""
        _ = self.env._
        params = finding.params
        error = params.get("error")
        if finding.code in ("claim", "parameter"):
            if isinstance(error, MissingParameterError):
                return self.env["l10n.fr.penalty.rate"]._l10n_fr_rate_error_message(
                    error
                )
            return error.args[0]
        messages = {
            "partner": lambda: _("Choose the debtor."),
            "reminder_level": lambda: _(
                "Reminder %(reminder)s is not at the litigation level: an "
                "injonction de payer follows a failed formal notice.",
                **params,
            ),
            "abroad": lambda: _(
                "%(debtor)s is not domiciled in France: the French injonction "
                "de payer does not apply. Use the European order for payment "
                "(Regulation (EC) No 1896/2006, form A) instead.",
                **params,
            ),
            "address": lambda: _(
                "%(debtor)s has no usable address (street, postal code, city "
                "and country): the competent court depends on the debtor's "
                "domicile (art. 1406 CPC).",
                **params,
            ),
            "open_disputes": lambda: _(
                "The debtor has open disputes (%(disputes)s) on other "
                "invoices: settle them first, the judge may doubt the claim.",
                **params,
            ),
            "proceeding": lambda: _(
                "%(debtor)s is in %(kind)s since the judgment of %(date)s: the "
                "claims born before it cannot be pursued (art. L622-21 C. com.); "
                "declare them to the mandataire or liquidateur instead.",
                debtor=params["debtor"],
                kind=dict(
                    self.env["l10n.fr.proceeding"]
                    ._fields["kind"]
                    ._description_selection(self.env)
                )[params["kind"]],
                date=format_date(self.env, params["judgment"]),
            ),
            "creditor_siret": lambda: _(
                "The SIREN/SIRET of your company %(company)s is missing or "
                "invalid: the request must identify the creditor.",
                company=self.company_id.name,
            ),
            "debtor_siret": lambda: _(
                "The SIREN/SIRET of %(debtor)s is missing or invalid: the "
                "request must identify the debtor company.",
                **params,
            ),
            "debtor_nature": lambda: _(
                "%(debtor)s is taken for a sole trader from its SIREN alone "
                "(no legal form on the customer): confirm the nature of the "
                "debtor (a liberal profession is not a trader).",
                **params,
            ),
            "non_trader": lambda: _(
                "%(debtor)s is not a trader: a trader's claim against a "
                "non-trader goes to the tribunal judiciaire (art. L721-3 "
                "C. com.).",
                **params,
            ),
            "lease_place": lambda: _(
                "Residential lease: the competent juge des contentieux de "
                "la protection is the one of the place of the property (art. "
                "R213-9-7 COJ); check that the debtor's address is the "
                "rented dwelling."
            ),
            "territory": lambda: _(
                "Postal code %(zip)s: the courts of Saint-Barthélemy, "
                "Saint-Martin, Saint-Pierre-et-Miquelon and the Pacific "
                "territories are organised otherwise; check the competent "
                "court yourself.",
                **params,
            ),
            "invoices": lambda: _("Select at least one unpaid invoice."),
            "currency": lambda: _(
                "All invoices must be in the currency of the company."
            ),
            "contract": lambda: _(
                "No contractual basis: the claim needs terms of sale accepted "
                "by the customer, or an order or contract attached to the "
                "invoices (art. 1405 CPC)."
            ),
            "disputed": lambda: _(
                "The amount is not determined: invoices %(invoices)s are in dispute.",
                **params,
            ),
            "in_case": lambda: _(
                "Some invoices are already in the open case %(case)s.", **params
            ),
            "limitation": lambda: _(
                "Limitation period reached (%(years)s years, %(ref)s) for "
                "invoices %(invoices)s: remove them.",
                **params,
            ),
            "formal_notice": lambda: _(
                "No formal notice (mise en demeure) was sent to %(debtor)s: "
                "it is not required, but the judge expects one and it sets "
                "the start of the legal interest of a consumer.",
                **params,
            ),
            "small_claim": lambda: _(
                "Small claim (principal and interest within the cap of "
                "art. L125-1 CPCE): the simplified recovery procedure "
                "before a commissaire de justice is an alternative."
            ),
            "court": lambda: _(
                "No court of the directory covers postal code %(zip)s: import "
                "the courts (Credit Collection > Configuration > Courts) or "
                "choose one.",
                **params,
            ),
        }
        return messages[finding.code]()

    # --------------------------------------------------------------------- claim

    def _l10n_fr_court_fee(self):
        if not self.court_type:
            return 0.0
        return self.env["l10n.fr.court.fee"]._l10n_fr_fee(
            self.court_type, self.claim_date
        )

    def _l10n_fr_claim(self):
        """The claim of the rules (``rules.injonction.Claim``) from the invoices
        and the penalty engine's results on the claim date."""
        self.ensure_one()
        invoices = self.invoice_ids.sorted(lambda m: (m.invoice_date, m.id))
        results = invoices._l10n_fr_penalty_compute(self.claim_date)
        items = []
        for invoice in invoices:
            result = results[invoice.id]
            breakdown = result["breakdown"]
            items.append(
                InvoiceClaim(
                    invoice.name,
                    invoice.invoice_date,
                    invoice.invoice_date_due,
                    Decimal(repr(invoice.amount_residual)),
                    Decimal(repr(result["interest"] - result["invoiced_interest"])),
                    rates=tuple(Decimal(repr(p["rate"])) for p in breakdown),
                    interest_from=min(
                        (p["date_from"] for p in breakdown), default=None
                    ),
                    indemnity=Decimal(
                        repr(result["indemnity"] - result["invoiced_indemnity"])
                    ),
                )
            )
        return claim_breakdown(
            items,
            self.claim_date,
            self.partner_id.commercial_partner_id.l10n_fr_is_professional,
            penalty_clause=Decimal(repr(self.penalty_clause or 0.0)),
            court_fee=Decimal(repr(self._l10n_fr_court_fee())),
        )

    # ------------------------------------------------------------------- create

    def _l10n_fr_exhibits(self):
        # the request and its bordereau are in French, whatever the user's language
        _ = self.with_context(lang="fr_FR").env._
        invoices = self.invoice_ids.sorted(lambda m: (m.invoice_date, m.id))
        exhibits = [
            {
                "kind": "invoice",
                "name": _(
                    "Invoice %(name)s of %(date)s", name=m.name, date=m.invoice_date
                ),
                "move_id": m.id,
            }
            for m in invoices
        ]
        if self.contract_basis == "terms":
            exhibits.append({"kind": "terms", "name": _("General terms of sale")})
        for attachment in self._l10n_fr_invoice_attachments(invoices):
            exhibits.append(
                {
                    "kind": "attachment",
                    "name": attachment.name,
                    "attachment_id": attachment.id,
                }
            )
        reminders = self.env["l10n.fr.dunning.reminder"].search(
            [
                ("line_ids.move_id", "in", invoices.ids),
                ("state", "=", "sent"),
                ("kind", "in", ("reminder", "firm", "formal_notice")),
            ],
            order="date, id",
        )
        for reminder in reminders:
            notice = reminder.kind == "formal_notice"
            exhibits.append(
                {
                    "kind": "formal_notice" if notice else "reminder",
                    "name": (
                        _(
                            "Formal notice %(name)s of %(date)s",
                            name=reminder.name,
                            date=reminder.date,
                        )
                        if notice
                        else _(
                            "Reminder %(name)s of %(date)s",
                            name=reminder.name,
                            date=reminder.date,
                        )
                    ),
                    "reminder_id": reminder.id,
                }
            )
            if notice and reminder.notice_received_date:
                exhibits.append(
                    {
                        "kind": "receipt",
                        "name": _(
                            "Acknowledgement of receipt of %(date)s (original)",
                            date=reminder.notice_received_date,
                        ),
                    }
                )
        return [
            fields.Command.create(dict(values, number=number))
            for number, values in enumerate(exhibits, 1)
        ]

    def action_create_case(self):
        self.ensure_one()
        blocking = [m for level, _c, m in self._l10n_fr_checks() if level == BLOCKING]
        if blocking:
            raise UserError("\n".join(blocking))
        claim = self._l10n_fr_claim()
        invoices = {m.name: m.id for m in self.invoice_ids}
        tables = self.env["l10n.fr.injonction.case"]._l10n_fr_injonction_tables()
        case = self.env["l10n.fr.injonction.case"].create(
            {
                "company_id": self.company_id.id,
                "partner_id": self.partner_id.commercial_partner_id.id,
                "invoice_ids": [fields.Command.set(self.invoice_ids.ids)],
                "reminder_ids": [fields.Command.set(self.reminder_id.ids)],
                "court_id": self.court_id.id,
                "court_type": self.court_type,
                "claim_nature": self.claim_nature or "other",
                "debtor_nature": self.debtor_nature,
                "transfer_court_id": self.transfer_on_opposition and self.court_id.id,
                "claim_date": self.claim_date,
                "court_fee": float(claim.total_of("court_fee")),
                "small_claim": small_claim(
                    claim.principal + claim.interest, self.claim_date, tables
                ),
                "line_ids": [
                    fields.Command.create(
                        {
                            "sequence": index,
                            "kind": line.kind,
                            "move_id": invoices.get(line.reference, False),
                            "amount": float(line.amount),
                            "legal_ref": line.legal_ref,
                            "rate": float(line.rate or 0),
                            "rate_varies": line.rate_varies,
                            "date_from": line.date_from,
                            "date_to": line.date_to,
                        }
                    )
                    for index, line in enumerate(claim.lines)
                ],
                "exhibit_ids": self._l10n_fr_exhibits(),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": case._name,
            "res_id": case.id,
            "view_mode": "form",
        }
