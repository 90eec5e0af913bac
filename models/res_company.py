import babel.dates

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import formatLang

from ..demo import story
from ..rules import french_text, worklist
from ..rules.franchise import parse_shares
from ..rules.holidays import holiday_scope
from ..rules.penalties import RateClause
from .l10n_fr_franchise_year import ACTIVITY_KINDS, BASES
from .l10n_fr_translations import french, translate_names

SEQUENCE_CODES = ("l10n.fr.dunning.run", "l10n.fr.injonction.case")
# France as a fiscal country: metropolitan France and the overseas departments, which
# Odoo holds as countries of their own (Guadeloupe, Martinique, Guyane, La Réunion,
# Mayotte); the overseas collectivities with regimes of their own are left out
FRENCH_LAW_COUNTRIES = ("FR", "GP", "MQ", "GF", "RE", "YT")


class ResCompany(models.Model):
    _inherit = "res.company"

    l10n_fr_letter_scope = fields.Selection(
        selection=[
            ("account", "Per account"),
            ("partner", "Per account and partner"),
        ],
        string="Letter Sequence",
        default="account",
        required=True,
        help="Scope of the letter-code sequence used by lettering.",
    )
    l10n_fr_letter_partner_guard = fields.Boolean(
        string="One Partner per Lettering",
        default=True,
        help="Refuse to letter together receivable or payable items of different "
        "partners (lettering per auxiliary account).",
    )
    l10n_fr_letter_tolerance = fields.Monetary(
        string="Lettering Tolerance",
        currency_field="currency_id",
        default=1.0,
        help="Largest difference that manual lettering may write off.",
    )
    l10n_fr_letter_tolerance_percent = fields.Float(
        string="Lettering Tolerance (%)",
        digits=(16, 2),
        default=1.0,
        help="Largest difference that manual lettering may write off, in percent of "
        "the lettered amount (0: no percentage limit).",
    )
    l10n_fr_letter_loss_account_id = fields.Many2one(
        "account.account",
        string="Payment Difference Loss Account",
        check_company=True,
        help="Expense account of written-off differences (default: 658000 when the "
        "chart has it, otherwise 658100).",
    )
    l10n_fr_letter_gain_account_id = fields.Many2one(
        "account.account",
        string="Payment Difference Gain Account",
        check_company=True,
        help="Income account of written-off differences (default: 758000).",
    )
    l10n_fr_letter_journal_id = fields.Many2one(
        "account.journal",
        string="Payment Difference Journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
        help="Journal of the entries writing off payment differences (default: the "
        "first miscellaneous operations journal).",
    )
    l10n_fr_fec_partial_letters = fields.Boolean(
        string="Partial Letters in the FEC",
        help="Export the lowercase letters of partially lettered items in the "
        "EcritureLet column of the FEC (otherwise only full letterings are "
        "exported, as Odoo does).",
    )
    l10n_fr_penalty_clause = fields.Selection(
        [
            ("default", "Statutory default (ECB rate + 10 points)"),
            ("fixed", "Fixed contractual rate"),
            ("legal_multiple", "Multiple of the legal interest rate"),
        ],
        string="Penalty Rate Clause",
        default="default",
        required=True,
        help="Late-payment penalty rate of the terms of sale (L441-10 II Code de "
        "commerce). Whatever the clause, the rate of a half-year is never below "
        "three times the legal interest rate.",
    )
    l10n_fr_penalty_fixed_rate = fields.Float(
        string="Contractual Rate (%)", digits=(16, 2)
    )
    l10n_fr_penalty_legal_multiple = fields.Float(
        string="Multiple of the Legal Rate", digits=(16, 2), default=3.0
    )
    l10n_fr_penalty_indemnity = fields.Boolean(
        string="Recovery Indemnity",
        default=True,
        help="Claim the fixed recovery indemnity (40 EUR) per late invoice of a "
        "professional customer (D441-5 Code de commerce).",
    )
    l10n_fr_penalty_grace_days = fields.Integer(
        string="Grace Days",
        default=0,
        help="Days after the due date before penalties start to run.",
    )
    l10n_fr_plan_waive_interest = fields.Boolean(
        string="Waive Interest in Payment Plans",
        help="Default of new payment plans: late-payment interest on the covered "
        "invoices stops on the agreement date while the plan is kept.",
    )
    l10n_fr_plan_reminder_days = fields.Integer(
        string="Instalment Reminder Days",
        default=5,
        help="Days before each instalment of a payment plan when the customer gets "
        "an e-mail reminder (0: none). A reminder also goes the day after a missed "
        "instalment.",
    )
    l10n_fr_plan_grace_days = fields.Integer(
        string="Payment Plan Grace Days",
        default=8,
        help="Days after a missed instalment before the plan is broken and a formal "
        "notice for the whole remaining balance is sent.",
    )
    l10n_fr_plan_portal_request = fields.Boolean(
        string="Customers May Ask for a Payment Plan",
        help="Reminder e-mails carry a link where the customer asks for a payment "
        "plan; the request arrives as a draft plan for the credit controller.",
    )
    l10n_fr_penalty_interest_account_id = fields.Many2one(
        "account.account",
        string="Penalty Interest Account",
        check_company=True,
        help="Income account of late-payment interest (default: 763100).",
    )
    l10n_fr_penalty_indemnity_account_id = fields.Many2one(
        "account.account",
        string="Recovery Indemnity Account",
        check_company=True,
        help="Income account of recovery indemnities (default: 758100).",
    )

    l10n_fr_vat_franchise = fields.Boolean(
        string="VAT Franchise",
        help="The company is under the franchise en base de TVA (art. 293 B CGI): "
        'its invoices charge no VAT and bear the mention "TVA non applicable, art. '
        '293 B du CGI", and its turnover is checked against the thresholds.',
    )
    l10n_fr_franchise_start_date = fields.Date(
        string="Activity Start Date",
        help="Start of the activity: in that year the thresholds are pro rata "
        "temporis (rules from 2025), and the next year's test annualises its "
        "turnover.",
    )
    l10n_fr_franchise_activity = fields.Selection(
        ACTIVITY_KINDS,
        string="Franchise Activity",
        default="services",
        required=True,
        help="Which thresholds apply: goods (also restaurant and lodging), services, "
        "both (the total under the goods thresholds and the services within it under "
        "the services thresholds), or the specific thresholds of lawyers, authors "
        "and performers. Also the category of invoice lines without product.",
    )
    l10n_fr_franchise_basis = fields.Selection(
        BASES,
        string="Franchise Turnover Basis",
        default="cash",
        required=True,
        help="Cash collected: the turnover of a year is what customers paid that "
        "year, excluding VAT. Invoiced: the invoices and credit notes dated that "
        "year.",
    )
    l10n_fr_franchise_crossing_mode = fields.Selection(
        [("block", "Block the invoice"), ("warn", "Warn")],
        string="Invoice Without VAT Once Due",
        default="block",
        required=True,
        help="When an invoice without VAT crosses the higher threshold, or the "
        "franchise has ended: refuse to post it, or post it with a warning.",
    )
    l10n_fr_franchise_tax_mode = fields.Selection(
        [("refuse", "Refuse"), ("warn", "Warn")],
        string="VAT on Invoices in Franchise",
        default="refuse",
        required=True,
        help="A customer invoice that charges VAT while the franchise applies: "
        "refuse to post it, or post it with a warning.",
    )
    l10n_fr_franchise_warning_shares = fields.Char(
        string="Warning Shares (%)",
        default="80, 90",
        help="Warn when an invoice takes the turnover past these shares of the "
        'threshold, e.g. "80, 90".',
    )

    l10n_fr_is_french_law = fields.Boolean(
        string="Under French Law",
        compute="_compute_l10n_fr_is_french_law",
        help="Fiscal country France (overseas departments included): penalties, VAT "
        "franchise, FEC and injonction de payer apply.",
    )

    @api.depends("account_fiscal_country_id")
    def _compute_l10n_fr_is_french_law(self):
        for company in self:
            company.l10n_fr_is_french_law = company._l10n_fr_french_law()

    def _l10n_fr_french_law(self):
        """Whether French law (penalties and their wording, VAT franchise, FEC,
        injonction de payer) applies to this company: its fiscal country is France
        (overseas departments included). Lettering serves every company. False for no
        company."""
        return self.account_fiscal_country_id.code in FRENCH_LAW_COUNTRIES

    def _l10n_fr_holiday_scope(self):
        """The holiday calendar of the company's own deadlines (the days to pay of
        its letters): the local holidays of its address (``rules.holidays``:
        Alsace-Moselle, an overseas territory, else national); None outside French
        law (plain calendar days)."""
        self.ensure_one()
        if not self._l10n_fr_french_law():
            return None
        return holiday_scope(self.zip)

    def _l10n_fr_french_law_error(self, what):
        """The error of a French-law feature (``what``) used for a company whose
        fiscal country is not France."""
        return UserError(
            self.env._(
                "%(what)s belongs to French law: the fiscal country of %(company)s is "
                "not France.",
                what=what,
                company=self.display_name,
            )
        )

    @api.constrains("l10n_fr_vat_franchise", "account_fiscal_country_id")
    def _check_l10n_fr_vat_franchise_country(self):
        for company in self:
            if company.l10n_fr_vat_franchise and not company._l10n_fr_french_law():
                raise ValidationError(
                    self.env._(
                        "The VAT franchise (art. 293 B CGI) applies to companies "
                        "whose fiscal country is France, which %(company)s is not.",
                        company=company.display_name,
                    )
                )

    @api.constrains("l10n_fr_franchise_warning_shares")
    def _check_l10n_fr_franchise_warning_shares(self):
        for company in self:
            try:
                parse_shares(company.l10n_fr_franchise_warning_shares)
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "Warning shares are percentages between 0 and 100 separated "
                        'by commas, e.g. "80, 90".'
                    )
                ) from error

    def _l10n_fr_franchise_shares(self):
        self.ensure_one()
        return parse_shares(self.l10n_fr_franchise_warning_shares)

    @api.constrains(
        "l10n_fr_penalty_fixed_rate",
        "l10n_fr_penalty_legal_multiple",
        "l10n_fr_penalty_grace_days",
    )
    def _check_l10n_fr_penalty_clause(self):
        # each value on its own: settings write related fields one at a time, and a
        # rate under the legal floor is not an error (the floor applies, with a warning)
        for company in self:
            if company.l10n_fr_penalty_fixed_rate < 0:
                raise ValidationError(
                    self.env._("The contractual penalty rate cannot be negative.")
                )
            if company.l10n_fr_penalty_legal_multiple < 0:
                raise ValidationError(
                    self.env._("The multiple of the legal rate cannot be negative.")
                )
            if company.l10n_fr_penalty_grace_days < 0:
                raise ValidationError(self.env._("Grace days cannot be negative."))

    @api.constrains("l10n_fr_plan_reminder_days", "l10n_fr_plan_grace_days")
    def _check_l10n_fr_plan_days(self):
        for company in self:
            if (
                company.l10n_fr_plan_reminder_days < 0
                or company.l10n_fr_plan_grace_days < 0
            ):
                raise ValidationError(
                    self.env._("Payment plan days cannot be negative.")
                )

    def _l10n_fr_rate_clause(self):
        self.ensure_one()
        return RateClause(
            self.l10n_fr_penalty_clause,
            fixed_rate=self.l10n_fr_penalty_fixed_rate,
            legal_multiple=self.l10n_fr_penalty_legal_multiple,
        )

    def _l10n_fr_penalty_account(self, kind):
        """Income account of penalty ``kind`` ("interest" or "indemnity"): the
        configured one, else the French chart's 763100 / 758100."""
        self.ensure_one()
        account = self[f"l10n_fr_penalty_{kind}_account_id"]
        if not account:
            xml_id = {"interest": "pcg_7631", "indemnity": "pcg_7581"}[kind]
            account = (
                self.env["account.chart.template"]
                .with_company(self)
                .ref(xml_id, raise_if_not_found=False)
            )
        if not account:
            raise UserError(
                self.env._(
                    "Set the income accounts of late-payment penalties in the "
                    "accounting settings of %(company)s.",
                    company=self.name,
                )
            )
        return account

    def _l10n_fr_letter_writeoff_account(self, loss):
        """Account of a written-off payment difference: the configured one, else the
        French chart's 658000 (or 658100) for a loss and 758000 for a gain."""
        self.ensure_one()
        field = (
            "l10n_fr_letter_loss_account_id"
            if loss
            else "l10n_fr_letter_gain_account_id"
        )
        account = self[field]
        chart = self.env["account.chart.template"].with_company(self)
        for xml_id in ("pcg_658", "pcg_6581") if loss else ("pcg_758",):
            account = account or chart.ref(xml_id, raise_if_not_found=False)
        if not account:
            raise UserError(
                self.env._(
                    "Set the accounts of payment differences in the accounting "
                    "settings of %(company)s.",
                    company=self.name,
                )
            )
        return account

    def _l10n_fr_letter_journal(self):
        self.ensure_one()
        journal = self.l10n_fr_letter_journal_id or self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self),
                ("type", "=", "general"),
            ],
            limit=1,
        )
        if not journal:
            raise UserError(
                self.env._(
                    "Create a miscellaneous operations journal in %(company)s to "
                    "write off payment differences.",
                    company=self.name,
                )
            )
        return journal

    def _l10n_fr_letter_tolerance_for(self, amount):
        """The largest difference manual lettering may write off on ``amount``."""
        self.ensure_one()
        tolerance = self.l10n_fr_letter_tolerance
        if self.l10n_fr_letter_tolerance_percent:
            tolerance = min(
                tolerance, abs(amount) * self.l10n_fr_letter_tolerance_percent / 100
            )
        return tolerance

    def _l10n_fr_late_payment_wording(self, on_date=None):
        """The L441-9 / L441-10 mention of invoices, in French, from the settings."""
        self.ensure_one()
        _ = french
        clause = self.l10n_fr_penalty_clause
        if clause == "fixed":
            rate = _(
                "%(rate)s %% per year", rate=_format(self.l10n_fr_penalty_fixed_rate)
            )
        elif clause == "legal_multiple":
            rate = _(
                "%(multiple)s times the legal interest rate",
                multiple=_format(self.l10n_fr_penalty_legal_multiple),
            )
        else:
            rate = _(
                "the interest rate applied by the European Central Bank to its most "
                "recent refinancing operation plus 10 percentage points"
            )
        text = _(
            "Payment is due on the due date shown on this invoice. Any late payment "
            "entails, as of right and without reminder, from the day after the due "
            "date, late-payment penalties at %(rate)s, which may not be lower than "
            "three times the legal interest rate",
            rate=rate,
        )
        if self.l10n_fr_penalty_indemnity:
            amount = self._l10n_fr_indemnity_amount(on_date)
            text += _(
                ", and a fixed indemnity for recovery costs of %(amount)s EUR, without "
                "prejudice to further compensation on proof",
                amount=_format(amount),
            )
        return text + _(" (art. L441-10 and D441-5 of the Code de commerce).")

    def _l10n_fr_indemnity_amount(self, on_date=None):
        tables = self.env["l10n.fr.penalty.rate"]._l10n_fr_rate_tables()
        day = on_date or fields.Date.context_today(self)
        try:
            return float(tables.indemnity(day, True))
        except ValueError as error:
            raise self.env["l10n.fr.penalty.rate"]._l10n_fr_user_error(error) from error

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        # configuration the addon gives the new companies, written by the code: the
        # user creating them does not work in them yet (allowed companies)
        companies.sudo()._l10n_fr_setup()
        return companies

    def _l10n_fr_setup(self):
        """What the addon gives every company, at install and when a company is
        created later: the default dunning policy, the default lettering rules (root
        companies: branches letter with their root) and the numbering of dunning runs
        and injonction cases. Companies that have them keep theirs."""
        self._l10n_fr_create_default_dunning_policy()
        self.env["l10n.fr.lettering.rule"]._l10n_fr_create_default_rules(
            self.filtered(lambda company: not company.parent_id)
        )
        self._l10n_fr_create_sequences()

    def _l10n_fr_create_sequences(self):
        """One sequence per company for the names of dunning runs and injonction
        cases, like the shared ones of the data files (RUN/2026/0001, IP/2026/0001)."""
        Sequence = self.env["ir.sequence"].sudo()
        templates = Sequence.search(
            [("code", "in", SEQUENCE_CODES), ("company_id", "=", False)]
        )
        existing = {
            (sequence.code, sequence.company_id.id)
            for sequence in Sequence.search(
                [("code", "in", SEQUENCE_CODES), ("company_id", "in", self.ids)]
            )
        }
        Sequence.create(
            [
                {
                    "name": template.name,
                    "code": template.code,
                    "prefix": template.prefix,
                    "padding": template.padding,
                    "company_id": company.id,
                }
                for company in self
                for template in templates
                if (template.code, company.id) not in existing
            ]
        )

    def _l10n_fr_create_default_dunning_policy(self):
        """A default dunning policy (friendly reminder, firm reminder, formal notice,
        litigation) for companies that have none, named in the installed languages."""
        Policy = self.env["l10n.fr.dunning.policy"].with_context(lang="en_US")
        _ = Policy.env._  # the English sources, translated by translate_names()
        notice_template = (
            self.env.ref(
                "l10n_fr_credit_collection.mail_template_dunning_formal_notice",
                raise_if_not_found=False,
            )
            or self.env["mail.template"]
        )
        levels = [
            (_("Friendly reminder"), "reminder", 5, {}),
            (_("Firm reminder"), "firm", 15, {"repeat_days": 10, "send_call": True}),
            (
                _("Formal notice"),
                "formal_notice",
                30,
                {
                    "mandatory": True,
                    "send_letter": True,
                    "create_activity": True,
                    "payment_delay_days": 8,
                    "mail_template_id": notice_template.id,
                },
            ),
            (
                _("Handover to litigation"),
                "litigation",
                60,
                {
                    "send_email": False,
                    "create_activity": True,
                    "mail_template_id": notice_template.id,
                },
            ),
        ]
        with_policy = set(
            Policy.with_context(active_test=False)
            .search([("company_id", "in", self.ids)])
            .company_id.ids
        )
        policies = Policy.create(
            [
                {
                    "name": _("Standard dunning"),
                    "company_id": company.id,
                    "is_default": True,
                    "level_ids": [
                        fields.Command.create(
                            {"name": name, "kind": kind, "days": days, **extra}
                        )
                        for name, kind, days, extra in levels
                    ],
                }
                for company in self
                if company.id not in with_policy
            ]
        )
        translate_names(policies, "name")
        translate_names(policies.level_ids, "name")

    def _l10n_fr_load_demo(self):
        """Build the demo story (chart, invoices, payments) of the demo company."""
        story.load(self)

    l10n_fr_legal_form = fields.Char(
        string="Legal Form",
        size=64,
        help='Printed next to the name on business papers, e.g. "SAS", "SARL", '
        '"SA", "EI" (C. com. R123-238, R526-27).',
    )
    l10n_fr_share_capital = fields.Monetary(
        string="Share Capital",
        help="Printed with the legal form for an SARL, SA, SAS, SCA or SE "
        "(C. com. R123-238).",
    )
    l10n_fr_rcs_city = fields.Char(
        string="RCS Registry City",
        size=64,
        help='City of the greffe where the company is registered: "812 345 676 RCS '
        'Lyon" (C. com. R123-237). Empty: read from the Company ID when it is '
        "written that way.",
    )
    l10n_fr_in_liquidation = fields.Boolean(
        string="In Liquidation",
        help='Papers say "société en liquidation" (C. com. R123-237 4°, L237-2).',
    )
    l10n_fr_representative_name = fields.Char(
        string="Legal Representative",
        size=128,
        help="Person who legally represents the company (named in court requests).",
    )
    l10n_fr_representative_title = fields.Char(
        string="Representative's Title",
        size=128,
        help='e.g. "Président", "Gérant".',
    )
    l10n_fr_default_collector_id = fields.Many2one(
        "res.users",
        string="Default Credit Controller",
        help="Who chases the customers that have no credit controller, salesperson "
        "or responsible user on their dunning level.",
    )
    # worklist ranking (rules.worklist): factor of each kind of task
    l10n_fr_worklist_factor_call = fields.Float(
        string="Worklist Factor: Calls", default=worklist.DEFAULT_FACTORS["call"]
    )
    l10n_fr_worklist_factor_promise = fields.Float(
        string="Worklist Factor: Promises", default=worklist.DEFAULT_FACTORS["promise"]
    )
    l10n_fr_worklist_factor_dispute = fields.Float(
        string="Worklist Factor: Disputes", default=worklist.DEFAULT_FACTORS["dispute"]
    )
    l10n_fr_worklist_factor_letter = fields.Float(
        string="Worklist Factor: Letters", default=worklist.DEFAULT_FACTORS["letter"]
    )
    l10n_fr_worklist_factor_case = fields.Float(
        string="Worklist Factor: Injonction Cases",
        default=worklist.DEFAULT_FACTORS["case"],
    )
    l10n_fr_worklist_horizon = fields.Integer(
        string="Worklist Horizon (Days)",
        default=worklist.DEFAULT_HORIZON,
        help="Disputes whose deadline and injonction cases whose next deadline fall "
        "within this many days show in the worklist.",
    )
    l10n_fr_signatory_id = fields.Many2one(
        "res.users",
        string="Letters Signed By",
        help="Signatory of the dunning letters; empty: the customer's salesperson, "
        "else the user who runs the dunning.",
    )
    l10n_fr_signatory_title = fields.Char(
        string="Signatory's Title",
        size=128,
        help='Printed under the signatory\'s name, e.g. "Responsable du recouvrement".',
    )
    l10n_fr_terms_pdf = fields.Binary(
        string="Terms of Sale (PDF)",
        attachment=True,
        help="Filed as the terms-of-sale exhibit of an injonction de payer request; "
        "empty: the default terms and conditions text of the invoices.",
    )
    l10n_fr_terms_pdf_name = fields.Char(string="Terms of Sale File Name")
    l10n_fr_missing_mentions = fields.Char(
        string="Missing Mentions", compute="_compute_l10n_fr_missing_mentions"
    )

    # customer default (collective proceedings, doubtful and lost debts, §10)
    l10n_fr_proceeding_judgment_day_interest = fields.Boolean(
        string="Interest on the Judgment Day",
        help="Uncertain point (French-law notes, section 10, open point 5): by "
        "default the judgment "
        "takes effect from 0 h of its date, the last day of interest is the day "
        "before. Check to count the judgment day too.",
    )
    l10n_fr_retention_of_title = fields.Boolean(
        string="Terms of Sale with Retention of Title",
        help="The declarations of claim mention the retention of title clause.",
    )
    l10n_fr_declaration_reminder_days = fields.Integer(
        string="Declaration Reminder (days before)",
        default=15,
        help="An activity that many days before the deadline to declare a claim, "
        "and one the day before.",
    )
    l10n_fr_doubtful_account_id = fields.Many2one(
        "account.account",
        string="Doubtful Receivables Account",
        check_company=True,
        help="416 Clients douteux ou litigieux; empty: 416000 of the French chart.",
    )
    l10n_fr_provision_expense_account_id = fields.Many2one(
        "account.account",
        string="Provision Expense Account",
        check_company=True,
        help="6817 (68174) Dotations aux dépréciations des créances; empty: 681740.",
    )
    l10n_fr_provision_account_id = fields.Many2one(
        "account.account",
        string="Provision Account",
        check_company=True,
        help="491 Dépréciations des comptes de clients; empty: 491000.",
    )
    l10n_fr_provision_reversal_account_id = fields.Many2one(
        "account.account",
        string="Provision Reversal Account",
        check_company=True,
        help="7817 (78174) Reprises sur dépréciations; empty: 781740.",
    )
    l10n_fr_bad_debt_account_id = fields.Many2one(
        "account.account",
        string="Lost Receivables Account",
        check_company=True,
        help="654 Pertes sur créances irrécouvrables; empty: 654100.",
    )
    l10n_fr_bad_debt_journal_id = fields.Many2one(
        "account.journal",
        string="Doubtful Debts Journal",
        check_company=True,
        help="Journal of the transfers, provisions and write-offs; empty: the "
        "miscellaneous operations journal.",
    )
    l10n_fr_provision_default_rate = fields.Float(
        string="Default Provision Rate (%)",
        help="Rate of the provision proposals of doubtful customers without a rate "
        "of their own (100 % in judicial liquidation).",
    )
    l10n_fr_credit_limit_block = fields.Boolean(
        string="Block Invoices over the Credit Limit",
        help="Posting an invoice that takes the customer over its credit limit is "
        "refused, except to a credit collection manager (the chatter says who).",
    )

    # PCG accounts of the French chart (account codes of l10n_fr_account)
    _L10N_FR_DEFAULT_ACCOUNTS = {
        "l10n_fr_doubtful_account_id": "416000",
        "l10n_fr_provision_expense_account_id": "681740",
        "l10n_fr_provision_account_id": "491000",
        "l10n_fr_provision_reversal_account_id": "781740",
        "l10n_fr_bad_debt_account_id": "654100",
    }

    def _l10n_fr_default_account(self, field_name):
        """The account of ``field_name``, else the French chart's one; the doubtful
        account becomes receivable so that statements and dunning see its items."""
        self.ensure_one()
        account = self[field_name]
        if not account:
            account = (
                self.env["account.account"]
                .with_company(self)
                .search(
                    [
                        *self.env["account.account"]._check_company_domain(self),
                        ("code", "=", self._L10N_FR_DEFAULT_ACCOUNTS[field_name]),
                    ],
                    limit=1,
                )
            )
        if not account:
            raise UserError(
                self.env._(
                    "Set the account %(field)s of %(company)s (Settings > Credit "
                    "Collection).",
                    field=self._fields[field_name]._description_string(self.env),
                    company=self.display_name,
                )
            )
        if field_name == "l10n_fr_doubtful_account_id" and (
            account.account_type != "asset_receivable" or not account.reconcile
        ):
            used = (
                self.env["account.move.line"]
                .sudo()
                .search_count([("account_id", "=", account.id)], limit=1)
            )
            if used:
                raise UserError(
                    self.env._(
                        "The doubtful receivables account %(account)s must be a "
                        "reconcilable receivable account.",
                        account=account.display_name,
                    )
                )
            account.sudo().write(
                {"account_type": "asset_receivable", "reconcile": True}
            )
        return account

    def _l10n_fr_bad_debt_journal(self):
        self.ensure_one()
        journal = self.l10n_fr_bad_debt_journal_id or self.env[
            "account.journal"
        ].search([("company_id", "=", self.id), ("type", "=", "general")], limit=1)
        if not journal:
            raise UserError(
                self.env._(
                    "%(company)s has no miscellaneous journal.", company=self.name
                )
            )
        return journal

    # ------------------------------------------------------------- identity

    def _l10n_fr_identity(self):
        """The company as ``rules.french_text.CompanyIdentity``."""
        self.ensure_one()
        partner = self.partner_id
        siren = french_text.siren_of(self.siret) or french_text.siren_of(
            self.company_registry
        )
        return french_text.CompanyIdentity(
            name=self.name or "",
            legal_form=(self.l10n_fr_legal_form or "").strip(),
            capital=self.l10n_fr_share_capital or None,
            currency_symbol=self.currency_id.symbol or "€",
            street=" ".join(p for p in (partner.street, partner.street2) if p),
            zip=partner.zip or "",
            city=partner.city or "",
            siren=siren,
            rcs_city=(self.l10n_fr_rcs_city or "").strip()
            or french_text.rcs_city_of(self.company_registry),
            vat=self.vat or "",
            in_liquidation=self.l10n_fr_in_liquidation,
        )

    def _l10n_fr_mention_labels(self):
        _ = self.env._
        return {
            "legal_form": _("legal form"),
            "capital": _("share capital"),
            "address": _("registered office address"),
            "siren": _("SIREN (SIRET or Company ID)"),
            "rcs_city": _("RCS registry city"),
            "vat": _("VAT number"),
        }

    @api.depends(
        "name",
        "l10n_fr_legal_form",
        "l10n_fr_share_capital",
        "l10n_fr_rcs_city",
        "street",
        "zip",
        "city",
        "siret",
        "company_registry",
        "vat",
    )
    def _compute_l10n_fr_missing_mentions(self):
        for company in self:
            labels = company._l10n_fr_mention_labels()
            company.l10n_fr_missing_mentions = ", ".join(
                labels[key]
                for key in french_text.missing_mentions(company._l10n_fr_identity())
            )

    def _l10n_fr_letterhead(self):
        """Values of the letterhead (template ``l10n_fr_credit_collection.letterhead``):
        ``name``, ``logo`` (False for Odoo's default logo), ``address`` (lines),
        ``contact`` (phone, e-mail, website), ``mentions`` (lines of R123-237)."""
        self.ensure_one()
        partner = self.partner_id
        identity = self._l10n_fr_identity()
        name = identity.name
        form = identity.legal_form
        if form and form.upper() not in name.upper().split():
            name = f"{name} {form}"
        return {
            "name": name,
            "logo": not self.uses_default_logo and self.logo,
            "address": [
                line
                for line in (
                    partner.street,
                    partner.street2,
                    f"{partner.zip or ''} {partner.city or ''}".strip(),
                    partner.country_id.code not in (False, "FR")
                    and partner.country_id.name,
                )
                if line
            ],
            "contact": [
                line for line in (self.phone, self.email, self.website) if line
            ],
            "mentions": french_text.mentions(identity),
        }

    def _l10n_fr_place_and_date(self, day):
        """ "Lyon, le 1er décembre 2026" in French, "Lyon, December 1, 2026" else."""
        self.ensure_one()
        city = self.partner_id.city or ""
        lang = self.env.lang or "en_US"
        if lang.startswith("fr"):
            return french_text.place_and_date(city, day)
        text = babel.dates.format_date(day, format="long", locale=lang)
        return f"{city}, {text}" if city else text

    def _l10n_fr_long_date(self, day):
        """ "1er décembre 2026" in French, the long date of the language else."""
        lang = self.env.lang or "en_US"
        if lang.startswith("fr"):
            return french_text.long_date(day)
        return babel.dates.format_date(day, format="long", locale=lang)

    def _l10n_fr_amount_text(self, value, currency=None):
        """ "1 176,00 €" in French, Odoo's format of the language else."""
        currency = currency or self.currency_id
        if (self.env.lang or "").startswith("fr"):
            return french_text.amount(value, currency.symbol or currency.name)
        return formatLang(self.env, value, currency_obj=currency)

    @api.model
    def _l10n_fr_half_year_text(self, year, half):
        """ "1er semestre 2027" (the year without a thousands separator)."""
        if half == 1:
            return self.env._("first half of %(year)s", year=str(year))
        return self.env._("second half of %(year)s", year=str(year))

    def _l10n_fr_rate_text(self, value):
        """ "12,40 %" in French."""
        if (self.env.lang or "").startswith("fr"):
            return french_text.rate(value)
        return f"{formatLang(self.env, value)} %"


def _format(number):
    """French number format: 12,5 / 40."""
    return f"{number:.2f}".rstrip("0").rstrip(".").replace(".", ",")
