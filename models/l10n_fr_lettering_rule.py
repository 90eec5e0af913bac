import logging
import time
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..rules import lettering
from .l10n_fr_domain_filter import check_filter, filter_domain
from .l10n_fr_translations import translate_names

_logger = logging.getLogger(__name__)

# advisory locks of automatic lettering runs, per company (two-key form: apart from
# the one-key locks of the dunning runs)
LOCK_NAMESPACE = 0x4C46_4C54  # "LFLT"

METHODS = [
    (lettering.ZERO_BALANCE, "Zero balance per partner"),
    (lettering.REFERENCE, "Reference found in the label"),
    (lettering.ONE_TO_ONE, "Exact one-to-one amount"),
    (lettering.SUBSET_SUM, "One payment for several invoices"),
    (lettering.MANY_PAYMENTS, "Several payments for one invoice"),
]
REASONS = [
    (lettering.SEVERAL_SOLUTIONS, "Several solutions"),
    (lettering.TOO_MANY_ITEMS, "Too many items"),
    (lettering.UNBALANCED, "Amounts do not balance"),
    (lettering.SEARCH_LIMIT, "Search limit reached"),
    (lettering.OUT_OF_WINDOW, "Dates too far apart"),
]


class L10nFrLetteringRule(models.Model):
    """A rule of automatic lettering: a method of rules.lettering with its scope and
    bounds. Rules of a company run in sequence, each on the open items the previous
    ones did not letter."""

    _name = "l10n.fr.lettering.rule"
    _description = "Lettering Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company.root_id,
        domain="[('parent_id', '=', False)]",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    method = fields.Selection(METHODS, required=True, default=lettering.ONE_TO_ONE)
    account_ids = fields.Many2many(
        "account.account",
        string="Accounts",
        check_company=True,
        domain="[('reconcile', '=', True)]",
        help="Accounts lettered by the rule; empty: every receivable and payable "
        "account.",
    )
    journal_ids = fields.Many2many(
        "account.journal",
        string="Journals",
        check_company=True,
        help="Only items of these journals; empty: every journal.",
    )
    partner_domain = fields.Char(
        string="Partners",
        default="[]",
        help="Only items of the partners matching this filter: a list of conditions "
        "(field, operator, value) with literal values only; relative dates are "
        'written "today", "today - 30 days", "today + 2 weeks", "today - 3 months", '
        '"today - 1 year".',
    )
    tolerance = fields.Monetary(
        help="Largest difference written off when the rule letters a group, in the "
        "currency of the items (0: exact amounts only).",
    )
    tolerance_percent = fields.Float(
        string="Tolerance (%)",
        digits=(16, 2),
        help="Largest difference in percent of the lettered amount (0: no "
        "percentage limit).",
    )
    date_window = fields.Integer(
        string="Date Window (days)",
        help="Largest number of days between the items of a group (0: no limit).",
    )
    max_group_size = fields.Integer(
        string="Maximum Group Size",
        default=6,
        help="Largest number of items in a group.",
    )
    max_candidates = fields.Integer(
        string="Maximum Candidates",
        default=40,
        help="Combinations are searched among at most this many items (the nearest "
        "in date).",
    )
    allow_partial = fields.Boolean(
        string="Partial Lettering",
        help="Reference method: letter partially the items that name each other but "
        "do not balance (a part payment naming its invoice).",
    )
    auto_apply = fields.Boolean(
        string="Apply Nightly",
        help="The scheduled action letters the proposals of this rule every night.",
    )
    history_count = fields.Integer(compute="_compute_history_count")

    @api.constrains(
        "tolerance",
        "tolerance_percent",
        "date_window",
        "max_group_size",
        "max_candidates",
    )
    def _check_bounds(self):
        _ = self.env._
        for rule in self:
            if rule.tolerance < 0 or rule.tolerance_percent < 0:
                raise ValidationError(_("A tolerance cannot be negative."))
            if rule.date_window < 0:
                raise ValidationError(_("The date window cannot be negative."))
            if rule.max_group_size < 2:
                raise ValidationError(_("A lettering group has at least two items."))
            if rule.max_candidates < 1:
                raise ValidationError(_("A rule needs at least one candidate item."))

    @api.constrains("partner_domain")
    def _check_partner_domain(self):
        """The filter is a literal domain checked against the fields (never
        evaluated: rules/domain.py), for every user."""
        for rule in self:
            check_filter(
                self.env,
                "res.partner",
                rule.partner_domain,
                self.env._('"Partners" of the rule %(rule)s', rule=rule.name),
            )

    def _compute_history_count(self):
        counts = dict(
            self.env["l10n.fr.lettering.history"]._read_group(
                [("rule_id", "in", self.ids)], ["rule_id"], ["__count"]
            )
        )
        for rule in self:
            rule.history_count = counts.get(rule, 0)

    def action_open_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_credit_collection.l10n_fr_lettering_history_action"
        )
        action["domain"] = [("rule_id", "=", self.id)]
        return action

    def _l10n_fr_partner_domain(self):
        self.ensure_one()
        try:
            return filter_domain(self.partner_domain, fields.Date.context_today(self))
        except ValueError:
            raise UserError(
                self.env._(
                    "The partner filter of the lettering rule %(rule)s is not valid: "
                    "correct it.",
                    rule=self.name,
                )
            ) from None

    def _l10n_fr_rule(self):
        """The rule as rules.lettering sees it (amounts in minor units)."""
        self.ensure_one()
        rounding = self.currency_id.rounding
        return lettering.Rule(
            self.method,
            tolerance=lettering.to_minor(self.tolerance, rounding),
            tolerance_percent=self.tolerance_percent,
            date_window=self.date_window or None,
            max_group_size=self.max_group_size,
            max_candidates=self.max_candidates,
            allow_partial=self.allow_partial,
            key=self.id,
        )

    def _l10n_fr_accounts(self):
        self.ensure_one()
        return self.account_ids or self.env["account.account"].search(
            [
                *self.env["account.account"]._check_company_domain(self.company_id),
                ("account_type", "in", ("asset_receivable", "liability_payable")),
                ("reconcile", "=", True),
            ]
        )

    # --------------------------------------------------------------- proposals

    @api.model
    def _l10n_fr_load_items(self, company, accounts):
        """Open items of ``company`` (and its branches) on ``accounts`` as
        rules.lettering items, in one query; returns ({id: Item}, {id: journal id})."""
        self.env["account.move.line"].flush_model()
        self.env["account.move"].flush_model(["name", "ref", "payment_reference"])
        companies = self.env["res.company"].search([("id", "child_of", company.id)])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT line.id, line.account_id,
                       COALESCE(partner.commercial_partner_id, line.partner_id),
                       line.currency_id, currency.rounding,
                       line.currency_id = company.currency_id,
                       line.amount_residual, line.amount_residual_currency,
                       line.date, line.journal_id,
                       move.name, move.ref, move.payment_reference, line.name
                  FROM account_move_line line
                  JOIN account_move move ON move.id = line.move_id
                  JOIN res_company company ON company.id = line.company_id
                  JOIN res_currency currency ON currency.id = line.currency_id
             LEFT JOIN res_partner partner ON partner.id = line.partner_id
                 WHERE line.company_id = ANY(%s)
                   AND line.account_id = ANY(%s)
                   AND line.parent_state = 'posted'
                   AND NOT line.reconciled
                   AND (line.amount_residual != 0 OR line.amount_residual_currency != 0)
                """,
                companies.ids,
                accounts.ids,
            )
        )
        items, journals = {}, {}
        for (
            line_id,
            account,
            partner,
            currency,
            rounding,
            company_currency,
            residual,
            residual_currency,
            day,
            journal,
            move_name,
            move_ref,
            payment_reference,
            label,
        ) in rows:
            amount = residual if company_currency else residual_currency
            refs = tuple(
                {r for r in (move_name, move_ref, payment_reference) if r and r != "/"}
            )
            items[line_id] = lettering.Item(
                line_id,
                lettering.to_minor(amount, rounding),
                partner=partner,
                account=account,
                currency=currency,
                date=day,
                refs=tuple(sorted(refs)),
                text=" ".join(t for t in (label, move_ref) if t),
            )
            journals[line_id] = journal
        return items, journals

    def _l10n_fr_propose(self):
        """Run these rules (of one company) in sequence over its open items.

        Returns a list of (rule, proposals, ambiguities) where proposals and
        ambiguities are rules.lettering objects whose ``item_ids`` are journal item
        ids."""
        rules = self.sorted(lambda r: (r.sequence, r.id))
        if not rules:
            return []
        company = rules.company_id
        company.ensure_one()
        started = time.perf_counter()
        accounts = {rule: rule._l10n_fr_accounts() for rule in rules}
        all_accounts = self.env["account.account"].union(*accounts.values())
        items, journals = self._l10n_fr_load_items(company, all_accounts)
        loaded = time.perf_counter()
        scopes = []
        for rule in rules:
            partner_domain = rule._l10n_fr_partner_domain()
            partners = None
            if partner_domain:
                partners = set(
                    self.env["res.partner"]
                    .with_context(active_test=False)
                    .search(partner_domain)
                    .ids
                )
            account_ids = set(accounts[rule].ids)
            journal_ids = set(rule.journal_ids.ids)
            scopes.append(
                {
                    item.id
                    for item in items.values()
                    if item.account in account_ids
                    and (not journal_ids or journals[item.id] in journal_ids)
                    and (partners is None or item.partner in partners)
                }
            )
        guarded, signs = set(), {}
        for account in all_accounts:
            if company.l10n_fr_letter_partner_guard and account.account_type in (
                "asset_receivable",
                "liability_payable",
            ):
                guarded.add(account.id)
            if account.internal_group in ("liability", "equity", "income"):
                signs[account.id] = -1
        results = lettering.run_rules(
            items.values(),
            [rule._l10n_fr_rule() for rule in rules],
            guarded_accounts=guarded,
            natural_signs=signs,
            scopes=scopes,
        )
        _logger.info(
            "Lettering proposals of %s: %d open items loaded in %.2fs, %d groups "
            "proposed in %.2fs",
            company.name,
            len(items),
            loaded - started,
            sum(len(result.proposals) for _r, result in results),
            time.perf_counter() - loaded,
        )
        return [
            (rule, result.proposals, result.ambiguities)
            for rule, (_cfg, result) in zip(rules, results, strict=True)
        ]

    def _l10n_fr_apply(self, proposals=None, origin="rule", commit=False):
        """Letter the proposals of these rules (computed now when not given): groups
        with a difference within tolerance are written off, partial proposals are
        lettered partially. Returns the history records; with ``commit`` (scheduled
        runs), the groups go by batches through ``l10n.fr.credit.batch`` (a commit
        after each one, or one queue_job job each with the bridge addon) and nothing
        is returned."""
        if proposals is None:
            proposals = [
                (rule, proposal)
                for rule, found, _ambiguous in self._l10n_fr_propose()
                for proposal in found
            ]
        groups = [
            (
                list(proposal.item_ids),
                rule.id,
                bool(proposal.difference) and not proposal.partial,
            )
            for rule, proposal in proposals
        ]
        if not commit:
            return self._l10n_fr_letter_batch(groups, origin)
        Batch = self.env["l10n.fr.credit.batch"]
        size = Batch._l10n_fr_batch_size()
        Batch._l10n_fr_run_batches(
            [
                (self, "_l10n_fr_letter_batch", (groups[start : start + size], origin))
                for start in range(0, len(groups), size)
            ],
            self.env._("Automatic Lettering"),
            commit=True,
            # one after the other: side by side, batches wait for each other on
            # what they all write -- the numbers of the write-off entries in the
            # journal (Odoo's numbering) and the letters of the account -- and fail
            # on each other (measured: slower than one process, see the README)
            parallel=False,
        )
        return None

    def _l10n_fr_letter_batch(self, groups, origin):
        """Letter one batch of groups ``(item ids, rule id, write off?)``: groups
        whose items were lettered meanwhile are skipped, so a batch run twice (a job
        retried after a crash) letters nothing twice."""
        Line = self.env["account.move.line"]
        return Line._l10n_fr_letter_groups(
            [
                {
                    "lines": Line.browse(item_ids),
                    "rule": self.browse(rule_id),
                    "writeoff": writeoff,
                }
                for item_ids, rule_id, writeoff in groups
            ],
            origin,
        )

    @api.model
    def _l10n_fr_try_lock(self, company, session=False):
        """Take the lock of the automatic lettering of ``company``; False when another
        run holds it. ``session``: a lock of the connection, kept across the batch
        commits of a scheduled run until :meth:`_l10n_fr_unlock`; otherwise a lock of
        the transaction, released by its commit or rollback (never before: what the
        run wrote is committed when the next one may start)."""
        query = (
            "SELECT pg_try_advisory_lock(%s, %s)"
            if session
            else "SELECT pg_try_advisory_xact_lock(%s, %s)"
        )
        self.env.cr.execute(SQL(query, LOCK_NAMESPACE, company.id))
        return self.env.cr.fetchone()[0]

    @api.model
    def _l10n_fr_unlock(self, company):
        self.env.cr.execute(
            SQL("SELECT pg_advisory_unlock(%s, %s)", LOCK_NAMESPACE, company.id)
        )

    @api.model
    def _cron_auto_letter(self):
        """Nightly: letter the proposals of the rules marked "Apply Nightly", per
        company, committing after each batch. A company whose lettering is already
        running (the scheduled action started twice, by hand or by two servers) is
        skipped with a warning: side by side, the two runs would letter the same items
        and the second would fail on the first's writes."""
        rules = self.search([("auto_apply", "=", True)])
        by_company = defaultdict(lambda: self.browse())
        for rule in rules:
            by_company[rule.company_id] |= rule
        commit = self.env["account.move"]._can_commit()
        cr = self.env.cr
        for company, company_rules in by_company.items():
            if not self._l10n_fr_try_lock(company, session=commit):
                _logger.warning(
                    "Automatic lettering of %s skipped: another lettering run is in "
                    "progress.",
                    company.name,
                )
                continue
            if not commit:
                company_rules.with_company(company)._l10n_fr_apply(origin="scheduled")
                continue
            try:
                # a new snapshot, taken under the lock: it sees everything the run
                # that held the lock before committed
                cr.commit()  # pylint: disable=invalid-commit
                company_rules.with_company(company)._l10n_fr_apply(
                    origin="scheduled", commit=True
                )
            except Exception:
                cr.rollback()
                raise
            finally:
                self._l10n_fr_unlock(company)
                cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _l10n_fr_create_default_rules(self, companies):
        """The default rules of companies that have none (in lettering order),
        named in the installed languages."""
        rules = self.with_context(lang="en_US")
        _ = rules.env._  # the English sources, translated by translate_names()
        existing = set(
            self.with_context(active_test=False)
            .search([("company_id", "in", companies.ids)])
            .company_id.ids
        )
        vals_list = []
        for company in companies.filtered(lambda c: c.id not in existing):
            for sequence, name, method, extra in (
                (
                    10,
                    _("Customers and suppliers settled"),
                    lettering.ZERO_BALANCE,
                    {"max_group_size": 50},
                ),
                (20, _("Invoice number in the payment"), lettering.REFERENCE, {}),
                (30, _("Same amount"), lettering.ONE_TO_ONE, {}),
                (40, _("One payment for several invoices"), lettering.SUBSET_SUM, {}),
                (
                    50,
                    _("Several payments for one invoice"),
                    lettering.MANY_PAYMENTS,
                    {},
                ),
            ):
                vals_list.append(
                    {
                        "name": name,
                        "sequence": sequence,
                        "method": method,
                        "company_id": company.id,
                        **extra,
                    }
                )
        rules = rules.create(vals_list)
        translate_names(rules, "name")
        return rules
