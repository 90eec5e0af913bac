from collections import defaultdict

from odoo import models
from odoo.tools import SQL

from ..rules import dunning


class L10nFrDunningRun(models.Model):
    """Selection and decisions of a dunning run (its own file: the run is long
    enough without them): the open items in one query, the policy of each invoice,
    and the level of each customer decided with rules/dunning.py, nothing written."""

    _inherit = "l10n.fr.dunning.run"

    # --------------------------------------------------------------- selection

    def _open_items(self):
        """Open posted receivable items of the company's customers, except opted-out
        customers, invoices in dispute and invoices in an injonction case: one query."""
        self.env.flush_all()
        return self.env.execute_query_dict(
            SQL(
                """
                SELECT line.id, line.move_id,
                       partner.commercial_partner_id AS partner_id,
                       COALESCE(line.date_maturity, line.date) AS due_date,
                       line.amount_residual, line.amount_residual_currency,
                       line.currency_id, move.move_type,
                       move.l10n_fr_dunning_policy_id AS move_policy_id,
                       (commercial.l10n_fr_dunning_policy_id ->> %(company_key)s)::int
                           AS partner_policy_id
                  FROM account_move_line line
                  JOIN account_move move ON move.id = line.move_id
                  JOIN account_account account ON account.id = line.account_id
                  JOIN res_partner partner ON partner.id = line.partner_id
                  JOIN res_partner commercial
                       ON commercial.id = partner.commercial_partner_id
                 WHERE line.company_id = %(company)s
                   AND line.parent_state = 'posted'
                   AND account.account_type = 'asset_receivable'
                   AND NOT line.reconciled
                   AND line.amount_residual != 0
                   AND commercial.l10n_fr_dunning_opt_out IS NOT TRUE
                   AND move.l10n_fr_litigation IS NOT TRUE
                   AND move.l10n_fr_dunning_excluded IS NOT TRUE
                   AND NOT EXISTS (
                       SELECT 1 FROM l10n_fr_payment_plan_move_rel plan_rel
                         JOIN l10n_fr_payment_plan plan ON plan.id = plan_rel.plan_id
                        WHERE plan_rel.move_id = move.id
                          AND plan.state IN ('agreed', 'running'))
                   AND NOT EXISTS (
                       SELECT 1 FROM l10n_fr_proceeding proceeding
                        WHERE proceeding.partner_id = commercial.id
                          AND proceeding.company_id = line.company_id
                          AND proceeding.state = 'open'
                          AND COALESCE(move.delivery_date, move.invoice_date, line.date)
                              < proceeding.judgment_date)
                """,
                company=self.company_id.id,
                company_key=str(self.company_id.id),
            )
        )

    def _policies(self, items):
        """{move id: policy} of the open items: the invoice's pin, else its customer's
        pin, else the first policy by priority whose customer and invoice filters
        match, else the default policy (one search per policy with a filter)."""
        policies = self.env["l10n.fr.dunning.policy"].search(
            [("company_id", "=", self.company_id.id), ("level_ids", "!=", False)]
        )
        by_id = {policy.id: policy for policy in policies}
        default = policies.filtered("is_default")[:1]
        partner_ids = {item["partner_id"] for item in items}
        move_ids = {item["move_id"] for item in items}
        matches = []  # (policy, matching customers, matching invoices), by priority
        for policy in policies:
            partner_domain = policy._l10n_fr_domain("partner_domain", self.date)
            invoice_domain = policy._l10n_fr_domain("invoice_domain", self.date)
            Partner, Move = self.env["res.partner"], self.env["account.move"]
            matches.append(
                (
                    policy,
                    set(
                        Partner._search(
                            [("id", "in", list(partner_ids)), *partner_domain]
                        )
                    )
                    if partner_domain
                    else partner_ids,
                    set(Move._search([("id", "in", list(move_ids)), *invoice_domain]))
                    if invoice_domain
                    else move_ids,
                )
            )
        by_move = {}
        for item in items:
            move_id, partner_id = item["move_id"], item["partner_id"]
            if move_id in by_move:
                continue
            policy = by_id.get(item["move_policy_id"]) or by_id.get(
                item["partner_policy_id"]
            )
            if not policy:
                policy = next(
                    (
                        policy
                        for policy, partners, moves in matches
                        if partner_id in partners and move_id in moves
                    ),
                    default,
                )
            by_move[move_id] = policy
        return by_move

    def _last_sent(self):
        rows = self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT ON (partner_id) partner_id, level_id, date
                  FROM l10n_fr_dunning_reminder
                 WHERE company_id = %s AND state = 'sent'
              ORDER BY partner_id, date DESC, id DESC
                """,
                self.company_id.id,
            )
        )
        return {partner: (level, date) for partner, level, date in rows}

    def _mandatory_sent(self):
        """{customer: {mandatory level id: date it was last sent}}, in one query."""
        rows = self.env.execute_query(
            SQL(
                """
                SELECT reminder.partner_id, reminder.level_id, max(reminder.date)
                  FROM l10n_fr_dunning_reminder reminder
                  JOIN l10n_fr_dunning_level level ON level.id = reminder.level_id
                 WHERE reminder.company_id = %s AND reminder.state = 'sent'
                   AND level.mandatory
              GROUP BY reminder.partner_id, reminder.level_id
                """,
                self.company_id.id,
            )
        )
        sent = defaultdict(dict)
        for partner, level, date in rows:
            sent[partner][level] = date
        return sent

    def _reminded_today(self):
        """({customers reminded today by another run, or whose failed reminder was
        retried today}, {customers of this run's own reminders}, {customers whose
        reminder failed or stopped: not reminded again at the same level before it is
        sent or cancelled}), in one query."""
        rows = self.env.execute_query(
            SQL(
                """
                SELECT partner_id, run_id = %(run)s AND date = %(date)s, state
                  FROM l10n_fr_dunning_reminder
                 WHERE company_id = %(company)s
                   AND state != 'cancel'
                   AND (date = %(date)s OR last_attempt_date = %(date)s
                        OR state IN ('failed', 'stopped'))
                """,
                run=self.id,
                company=self.company_id.id,
                date=self.date,
            )
        )
        others, own, pending = set(), set(), set()
        for partner, is_own, state in rows:
            if is_own:
                own.add(partner)
            elif state in ("failed", "stopped"):
                pending.add(partner)
            else:
                others.add(partner)
        return others - own, own, pending - own

    # ---------------------------------------------------------------- decisions

    def _decisions(self):
        """Select and decide, without writing: ({partner id: (decision, listed
        items)}, {partner id: items}, {reason: count of customers left out})."""
        items = self._open_items()
        by_partner = defaultdict(list)
        for item in items:
            by_partner[item["partner_id"]].append(item)
        move_policy = self._policies(items)
        ladders = self._ladders()
        last_sent = self._last_sent()
        mandatory_sent = self._mandatory_sent()
        reminded, own, pending = self._reminded_today()
        promises = self.env["l10n.fr.dunning.promise"]._l10n_fr_states(
            self.company_id, self.date
        )
        skipped = defaultdict(int)
        decisions = {}
        for partner_id, partner_items in by_partner.items():
            if partner_id in own:
                continue  # created before the run was stopped (resumed)
            if partner_id in pending:
                skipped["failed_reminder_pending"] += 1
                continue
            if partner_id in reminded:
                skipped["already_reminded_today"] += 1
                continue
            decision, listed = self._decide(
                partner_items,
                move_policy,
                ladders,
                last_sent.get(partner_id),
                promises.get(partner_id),
                mandatory_sent.get(partner_id),
            )
            if decision.send:
                decisions[partner_id] = (decision, listed)
                if decision.reason == "mandatory":
                    skipped["mandatory_held"] += 1  # sent instead of a higher level
            else:
                skipped[decision.reason] += 1
        return decisions, by_partner, skipped

    def _ladders(self):
        """{level id: (its Level, the Level list of its policy)} for the company."""
        records = self.env["l10n.fr.dunning.level"].search(
            [("company_id", "=", self.company_id.id)]
        )
        ladders = defaultdict(list)
        levels = {}
        for lv in records:
            level = dunning.Level(
                lv.id,
                lv.kind,
                lv.days,
                lv.min_amount,
                lv.repeat_days,
                lv.mandatory,
                lv.payment_delay_days,
            )
            ladders[lv.policy_id.id].append(level)
            levels[lv.id] = (level, lv.policy_id.id)
        return {
            "by_policy": ladders,
            "by_level": {i: (lv, ladders[p]) for i, (lv, p) in levels.items()},
        }

    def _decide(
        self, items, move_policy, ladders, last_sent, promise, mandatory_sent=None
    ):
        """Level of one customer (rules.dunning.decide_customer): the highest any of
        its items reached in its policy, after the mandatory levels below it; returns
        the decision and the items to list (those that reached a level)."""
        policy_items = [
            dunning.Item(
                item["id"],
                item["move_id"],
                item["due_date"],
                item["amount_residual"],
                move_policy[item["move_id"]].id
                if move_policy.get(item["move_id"])
                else None,
            )
            for item in items
        ]
        last = None
        if last_sent and last_sent[0] in ladders["by_level"]:
            last = (ladders["by_level"][last_sent[0]][0], last_sent[1])
        decision, listed = dunning.decide_customer(
            policy_items,
            ladders["by_policy"],
            self.date,
            last_sent=last,
            promise=promise,
            mandatory_sent=mandatory_sent,
        )
        listed_ids = {item.id for item in listed}
        return decision, [item for item in items if item["id"] in listed_ids]
