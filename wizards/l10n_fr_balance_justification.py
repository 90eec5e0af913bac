from collections import defaultdict

from odoo import api, fields, models

from ..rules.aging import LIMITS, aged_balance, bucket_bounds


class L10nFrBalanceJustification(models.TransientModel):
    """Justification of balances (justification des soldes): per account and partner,
    the unlettered and partially lettered items whose sum is the balance; and the aged
    balance of the open amounts by due date."""

    _name = "l10n.fr.balance.justification"
    _description = "Balance Justification"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company.root_id,
        domain="[('parent_id', '=', False)]",
    )
    account_ids = fields.Many2many(
        "account.account",
        string="Accounts",
        check_company=True,
        domain="[('reconcile', '=', True)]",
        compute="_compute_account_ids",
        store=True,
        readonly=False,
        required=True,
    )
    partner_ids = fields.Many2many(
        "res.partner", string="Partners", help="Empty: every partner."
    )
    date = fields.Date(
        string="Aged On",
        required=True,
        default=fields.Date.context_today,
        help="Day from which the days overdue of the aged balance are counted.",
    )
    as_of_date = fields.Date(
        string="Balances As Of",
        help="Show the items open at the end of that day: items lettered later, or "
        "unlettered since, count as open, with the ledger balance of that day. "
        "Empty: the current state.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.onchange("as_of_date")
    def _onchange_as_of_date(self):
        if self.as_of_date:
            self.date = self.as_of_date

    @api.depends("company_id")
    def _compute_account_ids(self):
        for wizard in self:
            wizard.account_ids = self.env["account.account"].search(
                [
                    *self.env["account.account"]._check_company_domain(
                        wizard.company_id
                    ),
                    ("account_type", "in", ("asset_receivable", "liability_payable")),
                ]
            )

    def _l10n_fr_base_domain(self):
        self.ensure_one()
        domain = [
            ("company_id", "child_of", self.company_id.id),
            ("account_id", "in", self.account_ids.ids),
            ("parent_state", "=", "posted"),
        ]
        if self.partner_ids:
            domain.append(
                ("partner_id", "child_of", self.partner_ids.commercial_partner_id.ids)
            )
        return domain

    def _l10n_fr_open_domain(self):
        return [
            *self._l10n_fr_base_domain(),
            ("l10n_fr_letter_state", "!=", "full"),
            ("balance", "!=", 0),
        ]

    def action_show_items(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_credit_collection.account_move_line_action_to_letter"
        )
        if self.as_of_date:
            action["domain"] = [
                ("id", "in", [item["line_id"] for item in self._l10n_fr_as_of_items()])
            ]
        else:
            action["domain"] = self._l10n_fr_open_domain()
        action["context"] = {
            "search_default_group_by_account": 1,
            "search_default_group_by_partner": 1,
        }
        return action

    def action_open_aged_balance(self):
        """The aged balance pivot of the receivables, as of the wizard's date."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_credit_collection.l10n_fr_dunning_aged_balance_action"
        )
        if self.as_of_date:
            action["name"] = self.env._(
                "Aged Balance as of %(date)s",
                date=fields.Date.to_string(self.as_of_date),
            )
            action["context"] = {
                "l10n_fr_as_of": fields.Date.to_string(self.as_of_date)
            }
        return action

    def action_print_justification(self):
        return self.env.ref(
            "l10n_fr_credit_collection.action_report_balance_justification"
        ).report_action(self)

    def action_print_aged_balance(self):
        return self.env.ref(
            "l10n_fr_credit_collection.action_report_aged_balance"
        ).report_action(self)

    # ------------------------------------------------------------------ report data

    def _l10n_fr_justification(self):
        """[{account, partner, lines, balance, ledger_balance}] sorted by account
        code and partner name: the items that are not fully lettered, their balance,
        and the balance of all the posted items of the partner on the account (equal
        when every full lettering balances)."""
        self.ensure_one()
        if self.as_of_date:
            return self._l10n_fr_justification_as_of()
        Line = self.env["account.move.line"]
        lines = Line.search(self._l10n_fr_open_domain(), order="date, move_name, id")
        ledger = {
            (account.id, partner.id): balance
            for account, partner, balance in Line._read_group(
                self._l10n_fr_base_domain(),
                ["account_id", "partner_id"],
                ["balance:sum"],
            )
        }
        groups = defaultdict(lambda: Line)
        for line in lines:
            groups[(line.account_id, line.partner_id)] |= line
        result = []
        for (account, partner), group in sorted(
            groups.items(), key=lambda kv: (kv[0][0].code, kv[0][1].name or "")
        ):
            result.append(
                {
                    "account": account,
                    "partner": partner,
                    "lines": group,
                    "balance": sum(group.mapped("balance")),
                    "ledger_balance": ledger.get((account.id, partner.id), 0.0),
                }
            )
        return result

    def _l10n_fr_as_of_items(self):
        return self.env["l10n.fr.balance.as.of"]._l10n_fr_open_items(
            self.company_id,
            self.account_ids,
            self.as_of_date,
            partners=self.partner_ids or None,
        )

    def _l10n_fr_records_of(self, account_ids, partner_ids):
        """({account id: account}, {partner id: partner}) of these ids, read in one
        query each (records of one prefetch set; None: no partner). Accounts in the
        wizard's company: their code depends on the company."""
        accounts = (
            self.env["account.account"]
            .with_company(self.company_id)
            .browse(set(account_ids))
        )
        partners = self.env["res.partner"].browse(
            {partner_id for partner_id in partner_ids if partner_id}
        )
        accounts.fetch(["code", "name"])
        partners.fetch(["name"])
        prefetch = partners._prefetch_ids
        by_partner = {
            partner_id: partners.browse(partner_id).with_prefetch(prefetch)
            for partner_id in partners._ids
        }
        by_partner[None] = self.env["res.partner"]
        return {account.id: account for account in accounts}, by_partner

    def _l10n_fr_justification_as_of(self):
        """The justification at the end of ``as_of_date`` (same shape, with ``open``:
        {line id: open amount on that day})."""
        Line = self.env["account.move.line"]
        items = self._l10n_fr_as_of_items()
        ledger = self.env["l10n.fr.balance.as.of"]._l10n_fr_ledger_balances(
            self.company_id,
            self.account_ids,
            self.as_of_date,
            partners=self.partner_ids or None,
        )
        groups = defaultdict(list)
        for item in items:
            groups[(item["account_id"], item["partner_id"])].append(item)
        lines = Line.browse([item["line_id"] for item in items])
        lines.fetch(["date", "move_name", "name", "ref", "debit", "credit"])
        accounts, partners = self._l10n_fr_records_of(
            [account_id for account_id, _partner in groups],
            [partner_id for _account, partner_id in groups],
        )
        result = []
        for (account_id, partner_id), group in groups.items():
            result.append(
                {
                    "account": accounts[account_id],
                    "partner": partners[partner_id],
                    "lines": Line.browse(
                        [item["line_id"] for item in group]
                    ).with_prefetch(lines._prefetch_ids),
                    "open": {item["line_id"]: item["open"] for item in group},
                    "balance": self.currency_id.round(
                        sum(item["open"] for item in group)
                    ),
                    "ledger_balance": ledger.get((account_id, partner_id), 0.0),
                }
            )
        result.sort(key=lambda g: (g["account"].code, g["partner"].name or ""))
        return result

    def _l10n_fr_bucket_titles(self):
        _ = self.env._
        titles = [_("Not due")]
        for first, last in bucket_bounds(LIMITS):
            if last:
                titles.append(_("%(first)s-%(last)s days", first=first, last=last))
            else:
                titles.append(_("Over %(days)s days", days=first - 1))
        return titles

    def _l10n_fr_aged_balance(self):
        """[{account, rows: [{partner, buckets, total}], totals}] of the open
        residuals by days past their due date on the wizard's date."""
        self.ensure_one()
        if self.as_of_date:
            # totalled per account, partner and bucket in SQL: 100,000 items
            totals = self.env["l10n.fr.balance.as.of"]._l10n_fr_aged_totals(
                self.company_id,
                self.account_ids,
                self.as_of_date,
                self.date,
                partners=self.partner_ids or None,
            )
            accounts, partners = self._l10n_fr_records_of(
                totals, [p for rows in totals.values() for p in rows]
            )
            per_account = {
                accounts[account_id]: {
                    partners[partner_id]: buckets
                    for partner_id, buckets in rows.items()
                }
                for account_id, rows in totals.items()
            }
        else:
            per_account = defaultdict(lambda: defaultdict(list))
            lines = self.env["account.move.line"].search(
                [
                    *self._l10n_fr_base_domain(),
                    ("reconciled", "=", False),
                    ("amount_residual", "!=", 0),
                ]
            )
            for line in lines:
                per_account[line.account_id][line.partner_id].append(
                    (line.date_maturity or line.date, line.amount_residual)
                )
            per_account = {
                account: {
                    partner: aged_balance(items, self.date)
                    for partner, items in rows.items()
                }
                for account, rows in per_account.items()
            }
        result = []
        for account in sorted(per_account, key=lambda a: a.code):
            rows = []
            for partner, buckets in sorted(
                per_account[account].items(), key=lambda kv: kv[0].name or ""
            ):
                rows.append(
                    {"partner": partner, "buckets": buckets, "total": sum(buckets)}
                )
            totals = [
                sum(row["buckets"][i] for row in rows) for i in range(len(LIMITS) + 2)
            ]
            result.append({"account": account, "rows": rows, "totals": totals})
        return result
