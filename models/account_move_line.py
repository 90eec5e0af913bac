from datetime import date, timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every

from ..rules.letters import relabel
from .l10n_fr_franchise_threshold import LINE_CATEGORIES

LETTER_FIELDS = [
    "l10n_fr_letter",
    "l10n_fr_letter_index",
    "l10n_fr_letter_state",
    "l10n_fr_letter_date",
]
# Letters change only through lettering and unlettering (the addon writes them in
# SQL): a write of these fields through the ORM needs this object in the context,
# which no client can send (RPC contexts hold plain values only).
LETTERS_TOKEN = object()


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    l10n_fr_penalty_source_move_id = fields.Many2one(
        "account.move",
        string="Penalties Of",
        index="btree_not_null",
        ondelete="restrict",
        help="The customer invoice whose late-payment penalties this line bills.",
    )
    l10n_fr_penalty_kind = fields.Selection(
        [("interest", "Late-payment interest"), ("indemnity", "Recovery indemnity")],
        string="Penalty Kind",
    )
    l10n_fr_franchise_category = fields.Selection(
        LINE_CATEGORIES,
        string="VAT Franchise Category",
        help="Category of the turnover of this line for the VAT franchise thresholds; "
        "empty: the product's, else from the product type (goods or services) and "
        "the company's activity.",
    )
    l10n_fr_letter = fields.Char(
        string="Letter Code",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Lettering code of the group of matched items: uppercase when the group "
        "is fully lettered, lowercase while it is partial.",
    )
    l10n_fr_letter_index = fields.Integer(
        string="Letter Number", readonly=True, copy=False
    )
    l10n_fr_letter_state = fields.Selection(
        [("partial", "Partially Lettered"), ("full", "Lettered")],
        string="Lettering",
        readonly=True,
        copy=False,
    )
    l10n_fr_letter_date = fields.Date(
        string="Lettering Date",
        readonly=True,
        copy=False,
        help="Date the group got its current lettering state (the date it was "
        "balanced, for a fully lettered group).",
    )

    l10n_fr_label = fields.Char(
        string="Item Label",
        compute="_compute_l10n_fr_label",
        help="The item's label as the addon's screens and documents show it: a "
        "payment's default label (its method and memo, in the language of whoever "
        'created it, e.g. "Manual Payment: ...") becomes "Payment" and its memo '
        "in the user's language.",
    )

    @api.depends("name", "payment_id.memo")
    @api.depends_context("lang")
    def _compute_l10n_fr_label(self):
        _ = self.env._
        for line in self:
            name, payment = line.name or "", line.payment_id
            memo = payment.memo or ""
            method = payment.payment_method_line_id
            default = bool(payment) and (
                name.endswith(": " + memo)
                if memo
                else name in (method.name, method.with_context(lang="en_US").name)
            )
            if not default:
                line.l10n_fr_label = name or line.ref or ""
            else:
                line.l10n_fr_label = _(
                    "Payment: %(reference)s", reference=memo or payment.name or ""
                ).strip()

    # -------------------------------------------------------------- VAT franchise

    def _l10n_fr_check_letter_fields(self, vals_list):
        if self.env.context.get("l10n_fr_letters_write") is LETTERS_TOKEN:
            return
        if any(field in vals for vals in vals_list for field in LETTER_FIELDS):
            raise UserError(
                self.env._(
                    "Letter codes and lettering states change only by lettering or "
                    "unlettering the journal items."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._l10n_fr_check_letter_fields(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._l10n_fr_check_letter_fields([vals])
        return super().write(vals)

    # ------------------------------------------------------------------ letters

    def _l10n_fr_update_letters(self, dates=None):
        """Give the reconciliation groups of these items their letters, after Odoo
        (re)numbered them: the items and their groups loaded in one query, the new
        letters decided by rules.letters.relabel (groups keep the letters of their
        items when they can, new groups get the next letters of their scope, items no
        longer matched lose theirs), one query to allocate, one to write. ``dates``:
        {matching number: lettering date} of groups lettered afresh (the install
        hook dates existing groups); default today."""
        if not self:
            return
        self.flush_model(
            ["matching_number", "full_reconcile_id", "account_id", "partner_id"]
        )
        self.env.cr.execute(
            SQL(
                """
                WITH seed AS (
                    SELECT DISTINCT matching_number
                      FROM account_move_line
                     WHERE id = ANY(%(ids)s) AND matching_number IS NOT NULL
                ), scope AS (
                    -- a union, not an OR: index scans, not a scan of the table
                    SELECT id FROM account_move_line WHERE id = ANY(%(ids)s)
                     UNION
                    SELECT id FROM account_move_line
                     WHERE matching_number IN (SELECT matching_number FROM seed)
                )
                SELECT line.id, line.matching_number,
                       line.full_reconcile_id IS NOT NULL AS full,
                       split_part(company.parent_path, '/', 1)::int AS company,
                       line.account_id AS account,
                       COALESCE(partner.commercial_partner_id, line.partner_id)
                           AS partner,
                       line.l10n_fr_letter_index AS letter_index,
                       line.l10n_fr_letter_state AS letter_state,
                       line.l10n_fr_letter_date AS letter_date
                  FROM scope
                  JOIN account_move_line line ON line.id = scope.id
                  JOIN res_company company ON company.id = line.company_id
             LEFT JOIN res_partner partner ON partner.id = line.partner_id
                """,
                ids=self.ids,
            )
        )
        rows = self.env.cr.dictfetchall()
        partner_scoped = self._l10n_fr_partner_scoped_companies(
            {row["company"] for row in rows if row["matching_number"]}
        )
        updates = relabel(
            rows,
            partner_scoped,
            self.env["l10n.fr.letter.sequence"].sudo()._l10n_fr_allocate,
            fields.Date.context_today(self),
            dates,
        )
        if not updates:
            return
        self.env.cr.execute_values(
            """
            UPDATE account_move_line line
               SET l10n_fr_letter = source.code,
                   l10n_fr_letter_index = source.index,
                   l10n_fr_letter_state = source.state,
                   l10n_fr_letter_date = source.day
              FROM (VALUES %s) AS source(id, code, index, state, day)
             WHERE line.id = source.id
            """,
            updates,
            template="(%s, %s, %s::int, %s::varchar, %s::date)",
            page_size=1000,
        )
        self.browse([u[0] for u in updates]).invalidate_recordset(LETTER_FIELDS)

    @api.model
    def _l10n_fr_partner_scoped_companies(self, company_ids):
        companies = self.env["res.company"].sudo().browse(company_ids)
        return set(
            companies.filtered(lambda c: c.l10n_fr_letter_scope == "partner").ids
        )

    @api.model
    def _l10n_fr_letter_existing(self, batch_size=5000):
        """Letter the reconciliations made before the addon was installed, oldest
        first, dated by the day they were made; in batches of ``batch_size``
        groups."""
        self.flush_model()
        groups = self.env.execute_query(
            SQL(
                """
                SELECT line.matching_number,
                       COALESCE(
                           MAX(full_rec.create_date), MAX(partial.create_date)
                       )::date
                  FROM account_partial_reconcile partial
                  JOIN account_move_line line ON line.id = partial.debit_move_id
             LEFT JOIN account_full_reconcile full_rec
                       ON full_rec.id = partial.full_reconcile_id
                 WHERE line.matching_number IS NOT NULL
                   AND line.matching_number NOT LIKE 'I%%'
                   AND line.l10n_fr_letter_index IS NULL
              GROUP BY line.matching_number
              ORDER BY 2, MIN(line.id)
                """
            )
        )
        for start in range(0, len(groups), batch_size):
            batch = dict(groups[start : start + batch_size])
            lines = self.with_context(active_test=False).search(
                [("matching_number", "in", list(batch))]
            )
            lines._l10n_fr_update_letters(dates=batch)
            self.invalidate_model(LETTER_FIELDS)
        return len(groups)

    # ------------------------------------------------------------------ lettering

    def _l10n_fr_check_letterable(self):
        """Raise unless these items may be lettered together: posted, open, on one
        account that allows reconciliation, in one company (and its branches), and of
        one partner on receivable and payable accounts when the company guards it."""
        _ = self.env._
        if not self:
            raise UserError(_("Select the journal items to letter."))
        if any(line.parent_state != "posted" for line in self):
            raise UserError(_("Only posted journal items can be lettered."))
        if any(line.reconciled for line in self):
            raise UserError(
                _(
                    "Some journal items are already fully lettered: %(items)s.",
                    items=", ".join(self.filtered("reconciled").mapped("display_name")),
                )
            )
        if len(self.account_id) > 1:
            raise UserError(
                _(
                    "Journal items to letter must be on one account, not %(accounts)s.",
                    accounts=", ".join(self.account_id.mapped("display_name")),
                )
            )
        if len(self.company_id.root_id) > 1:
            raise UserError(_("Journal items to letter must belong to one company."))
        account = self.account_id
        if not account.reconcile and account.account_type not in (
            "asset_cash",
            "liability_credit_card",
        ):
            raise UserError(
                _(
                    "Account %(account)s does not allow lettering: enable "
                    "reconciliation on it first.",
                    account=account.display_name,
                )
            )
        company = self.company_id.root_id
        partners = self.partner_id.commercial_partner_id
        if (
            company.l10n_fr_letter_partner_guard
            and account.account_type in ("asset_receivable", "liability_payable")
            and (len(partners) > 1 or (partners and not all(self.mapped("partner_id"))))
        ):
            raise UserError(
                _(
                    "Receivable and payable items are lettered per partner: these "
                    'belong to %(partners)s. (The company setting "One Partner per '
                    'Lettering" allows mixing them.)',
                    partners=", ".join(partners.mapped("display_name")) or "-",
                )
            )

    def _l10n_fr_residuals(self):
        """(residual in company currency, residual in the items' currency or None
        when they have several, that currency)."""
        residual = sum(self.mapped("amount_residual"))
        currency = self.currency_id
        if len(currency) == 1:
            return residual, sum(self.mapped("amount_residual_currency")), currency
        return residual, None, self.company_currency_id[:1]

    @api.model
    def _l10n_fr_after_lock_dates(self, company, day, journal):
        """``day``, or the day after the lock dates that would refuse an entry on it."""
        locks = company._get_violated_lock_dates(day, False, journal)
        return locks[-1][0] + timedelta(days=1) if locks else day

    def _l10n_fr_writeoff_vals(self, day=None, label=None, account=None):
        """A journal entry that writes off the residual of these items: one line on
        their account (lettered with them) and one on the payment difference account,
        dated ``day`` (default: the newest item) or after the lock dates."""
        company = self.company_id[:1]
        residual, residual_currency, currency = self._l10n_fr_residuals()
        if residual_currency is None:
            residual_currency = residual
        loss = residual > 0 if residual else residual_currency > 0
        account = account or company.root_id._l10n_fr_letter_writeoff_account(loss)
        journal = company.root_id._l10n_fr_letter_journal()
        day = self._l10n_fr_after_lock_dates(
            company, day or max(self.mapped("date")), journal
        )
        label = label or self.env._("Payment difference")
        partners = self.partner_id.commercial_partner_id
        partner = partners.id if len(partners) == 1 else False
        return {
            "move_type": "entry",
            "company_id": company.id,
            "journal_id": journal.id,
            "date": day,
            "ref": label,
            "line_ids": [
                Command.create(
                    {
                        "name": label,
                        "account_id": self.account_id.id,
                        "partner_id": partner,
                        "currency_id": currency.id,
                        "amount_currency": -residual_currency,
                        "balance": -residual,
                    }
                ),
                Command.create(
                    {
                        "name": label,
                        "account_id": account.id,
                        "partner_id": partner,
                        "currency_id": currency.id,
                        "amount_currency": residual_currency,
                        "balance": residual,
                    }
                ),
            ],
        }

    def _prepare_exchange_difference_move_vals(
        self, amounts_list, company=None, exchange_date=None, **kwargs
    ):
        # Odoo 18.0 (account.move.line._reconcile_plan_with_sync) calls this on an
        # empty recordset for every fully reconciled group and computes the exchange
        # journal's accounting date for it: see tests/test_exchange_stub.py; remove
        # this stub when that test fails.
        # For every fully reconciled group, Odoo prepares an exchange difference
        # entry, computing the accounting date of the exchange journal (a sequence
        # query) even when no line needs a difference. Batch lettering of moves
        # without cash-basis taxes (the only other use of these values) skips that
        # date: the values hold no line, so no entry is created from them.
        # (Cash-basis taxes would add lines to these values: see no_cash_basis.)
        if self or not self.env.context.get("l10n_fr_no_exchange_date"):
            return super()._prepare_exchange_difference_move_vals(
                amounts_list, company=company, exchange_date=exchange_date, **kwargs
            )
        return {
            "move_values": {
                "move_type": "entry",
                "name": "/",
                "date": exchange_date or date.min,
                "journal_id": False,
                "line_ids": [],
                "always_tax_exigible": True,
            },
            "to_reconcile": [],
        }

    @api.model
    def _l10n_fr_has_cash_basis_taxes(self, moves):
        """Whether a line of ``moves`` has or is a tax due on payment (cash basis)."""
        self.flush_model(["move_id", "tax_line_id", "tax_ids"])
        return bool(
            moves
            and self.env.execute_query(
                SQL(
                    """
                    SELECT 1
                      FROM account_move_line line
                      JOIN account_tax tax ON tax.id = line.tax_line_id
                     WHERE line.move_id = ANY(%(moves)s)
                       AND tax.tax_exigibility = 'on_payment'
                     UNION ALL
                    SELECT 1
                      FROM account_move_line line
                      JOIN account_move_line_account_tax_rel rel
                        ON rel.account_move_line_id = line.id
                      JOIN account_tax tax ON tax.id = rel.account_tax_id
                     WHERE line.move_id = ANY(%(moves)s)
                       AND tax.tax_exigibility = 'on_payment'
                     LIMIT 1
                    """,
                    moves=moves.ids,
                )
            )
        )

    @api.model
    def _l10n_fr_letter_groups(self, todo, origin, batch_size=200, commit=False):
        """Letter groups of items through Odoo's reconciliation, in batches of
        ``batch_size`` groups (one ``_reconcile_plan`` each), and record them in the
        lettering history. ``todo``: dicts with ``lines`` (the items), ``writeoff``
        (write off their residual first), optionally ``rule`` and, for a manual
        write-off, ``writeoff_vals``. Groups whose items changed since they were
        proposed (lettered elsewhere, not open any more) are skipped. ``commit``:
        commit after each batch (scheduled runs). Returns the history records."""
        History = self.env["l10n.fr.lettering.history"]
        histories = History
        # one query for what is read of every item (not one per group)
        items = self.union(*(group["lines"] for group in todo))
        items.fetch(
            [
                "parent_state",
                "reconciled",
                "amount_residual",
                "amount_residual_currency",
                "currency_id",
                "company_id",
                "account_id",
                "date",
                "partner_id",
            ]
        )
        items.partner_id.fetch(["commercial_partner_id"])
        valid = [
            group
            for group in todo
            if group["lines"]
            and all(
                line.parent_state == "posted" and not line.reconciled
                for line in group["lines"]
            )
        ]
        for batch in split_every(batch_size, valid, list):
            for group in batch:
                group["residual"] = sum(group["lines"].mapped("amount_residual"))
            writeoffs = [g for g in batch if g.get("writeoff")]
            moves = self.env["account.move"].create(
                [
                    g.get("writeoff_vals") or g["lines"]._l10n_fr_writeoff_vals()
                    for g in writeoffs
                ]
            )
            moves.action_post()
            for group, move in zip(writeoffs, moves, strict=True):
                group["writeoff_move"] = move
                group["lines"] |= move.line_ids.filtered(
                    lambda line, g=group: line.account_id == g["lines"].account_id
                )
            plan = [group["lines"] for group in batch]
            reconciler = self
            cash_basis = self._l10n_fr_has_cash_basis_taxes(self.union(*plan).move_id)
            if not cash_basis:
                # no cash-basis entry to make: skip Odoo's search for one per group;
                # and every group reconciled is in the plan (with its exchange
                # entries): letters once after it, not after its partials then
                # again after its full reconciliations
                reconciler = self.with_context(
                    no_cash_basis=True,
                    l10n_fr_no_exchange_date=True,
                    l10n_fr_letters_later=True,
                )
            # Odoo links the exchange entries of the partials of a batched plan by
            # their rank among the partials that need one, i.e. to the wrong
            # partials when some do not: groups in another currency go alone
            foreign = [
                any(line.currency_id != line.company_currency_id for line in lines)
                for lines in plan
            ]
            if not all(foreign):
                reconciler._reconcile_plan(
                    [
                        lines
                        for lines, alone in zip(plan, foreign, strict=True)
                        if not alone
                    ]
                )
            for lines, alone in zip(plan, foreign, strict=True):
                if alone:
                    reconciler._reconcile_plan([lines])
            if not cash_basis:
                self.union(*plan)._l10n_fr_update_letters()
            histories |= History._l10n_fr_record(
                plan,
                "letter",
                origin,
                per_group={
                    "rule_id": [g.get("rule", History.rule_id).id for g in batch],
                    "writeoff_move_id": [
                        g.get("writeoff_move", moves[:0]).id for g in batch
                    ],
                    "difference": [g["residual"] for g in batch],
                },
            )
            if commit and self.env["account.move"]._can_commit():
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return histories
