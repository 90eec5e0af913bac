import logging
from collections import defaultdict

from psycopg2 import errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..rules import dunning
from .l10n_fr_credit_batch import crash_point
from .l10n_fr_proceeding import BORN_ON

_logger = logging.getLogger(__name__)

LOCK_NAMESPACE = 0x4C46_4443  # "LFDC": advisory locks of dunning runs, per company
# states of a run that the scheduled action finishes (resumed after a crash)
UNFINISHED = ("creating", "sending")


class L10nFrDunningRun(models.Model):
    """A dunning run of one company: selects the customers to chase in one query,
    decides their level with rules/dunning.py, creates one reminder per customer
    (preview), then sends them in batches, committing each batch when it runs as a
    scheduled action. Re-running it, or another run the same day, sends nothing
    twice. The selection and the decisions come last (nothing written there)."""

    _name = "l10n.fr.dunning.run"
    _description = "Dunning Run"
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, default="/", copy=False)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("preview", "Preview"),
            ("creating", "Creating Reminders"),
            ("sending", "Sending"),
            ("done", "Done"),
        ],
        default="draft",
        required=True,
        help="Creating Reminders and Sending: the run was stopped on its way (a crash, "
        "or its batches are still queued); the scheduled action finishes it, and no "
        "other run of the company starts meanwhile.",
    )
    trigger = fields.Selection(
        [("manual", "Manual"), ("cron", "Scheduled")], default="manual", required=True
    )
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    reminder_ids = fields.One2many("l10n.fr.dunning.reminder", "run_id")
    reminder_count = fields.Integer(compute="_compute_counts")
    sent_count = fields.Integer(compute="_compute_counts")
    failed_count = fields.Integer(compute="_compute_counts")
    summary = fields.Text(readonly=True, help="Customers left out, by reason.")

    @api.depends("reminder_ids.state")
    def _compute_counts(self):
        for run in self:
            states = run.reminder_ids.mapped("state")
            run.reminder_count = len(states)
            run.sent_count = states.count("sent")
            run.failed_count = states.count("failed")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = vals.get("company_id") or self.env.company.id
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .next_by_code("l10n.fr.dunning.run")
                )
        return super().create(vals_list)

    # ------------------------------------------------------------------- actions

    def action_preview(self):
        for run in self:
            run._lock()
            if run.state == "draft":
                run._create_reminders()
                run.state = "preview"
        return True

    def action_send(self):
        """Create the reminders (a draft run) and send them; a run stopped on its way
        ("Creating Reminders", "Sending") is finished: the reminders it did not create
        are created, those not sent are sent, nothing twice."""
        for run in self:
            run._lock()
            if run.state in ("draft", "creating"):
                run._create_reminders()
            if run.state == "done":
                continue
            # committed before the first batch is sent: a crash leaves it "Sending"
            run.state = "sending"
            run._commit()
            if run._send_reminders():
                run.state = "done"
        return True

    def action_open_reminders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_credit_collection.l10n_fr_dunning_reminder_action"
        )
        action["domain"] = [("run_id", "=", self.id)]
        action["context"] = {}
        return action

    @api.model
    def _cron_dunning(self):
        """Per company: finish the runs stopped on their way (a crash, or jobs still
        queued), retry alone the channels that failed on an earlier day, then today's
        run, committing after each step. A refusal (nothing to remind, a run in
        progress, an unfinished run) is logged as a warning and leaves no run."""
        commit = self.env["account.move"]._can_commit()
        companies = self.env["l10n.fr.dunning.policy"].search([]).company_id
        for company in companies:
            unfinished = self.search(
                [
                    ("company_id", "=", company.id),
                    "|",
                    ("state", "in", UNFINISHED),
                    "&",
                    ("state", "=", "draft"),
                    ("reminder_ids", "!=", False),
                ]
            )
            for run in unfinished:
                run._send_logged()
                if commit:
                    self.env.cr.commit()  # pylint: disable=invalid-commit
            if unfinished.filtered(lambda r: r.state != "done"):
                _logger.warning(
                    "dunning of %s waits for its unfinished runs %s",
                    company.name,
                    ", ".join(unfinished.mapped("name")),
                )
                continue
            Run = self.with_company(company)
            Run.env["l10n.fr.dunning.reminder"]._l10n_fr_retry_failed(
                company, fields.Date.context_today(Run)
            )
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            Run._cron_new_run(company)

    @api.model
    def _cron_new_run(self, company):
        run = self.create({"company_id": company.id, "trigger": "cron"})
        commit = run._may_commit()
        try:
            run.action_send()
        except UserError as error:
            _logger.warning(
                "dunning run of %s refused: %s", company.name, error.args[0]
            )
            if commit:
                self.env.cr.rollback()  # the run was not committed yet
            elif run.exists() and run.state == "draft":
                run.unlink()
            return
        if commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit

    def _send_logged(self):
        try:
            self.action_send()
        except UserError as error:
            _logger.warning("dunning run %s not done: %s", self.name, error.args[0])
            if self._may_commit():
                self.env.cr.rollback()

    # ------------------------------------------------------------ run mechanics

    def _may_commit(self):
        """A scheduled run commits batch by batch (never inside tests or a UI call)."""
        return self.trigger == "cron" and self.env["account.move"]._can_commit()

    def _commit(self):
        """Commit (a scheduled run), and take the run's lock again: a lock of the
        transaction ends with it."""
        if self._may_commit():
            self.env.cr.commit()  # pylint: disable=invalid-commit
            self._lock()

    def _lock_key(self):
        return LOCK_NAMESPACE * 100000 + self.company_id.id

    def _lock(self):
        """Refuses a second run of the same company while one is in progress: a
        PostgreSQL advisory lock of the transaction, held until it commits (the
        reminders it wrote are then visible to the next run), taken again after each
        batch commit of a scheduled run."""
        self.ensure_one()
        self.env.cr.execute("SELECT pg_try_advisory_xact_lock(%s)", [self._lock_key()])
        if not self.env.cr.fetchone()[0]:
            raise self._in_progress_error()

    def _in_progress_error(self):
        return UserError(
            self.env._(
                "Another dunning run of %(company)s is in progress; try again when it "
                "is finished.",
                company=self.company_id.name,
            )
        )

    def _send_reminders(self):
        """Send the draft and failed reminders by batches. Returns True when they were
        sent, False when their batches were queued (the last one ends the run)."""
        reminders = self.reminder_ids.filtered(lambda r: r.state == "draft")
        Batch = self.env["l10n.fr.credit.batch"]
        size = Batch._l10n_fr_batch_size()
        batches = [
            (reminders[start : start + size], "_l10n_fr_send_batch", (self.date,))
            for start in range(0, len(reminders), size)
        ]
        return Batch._l10n_fr_run_batches(
            batches,
            self.env._("Dunning run %(run)s", run=self.name),
            commit=self._may_commit(),
            finish=(self, "_l10n_fr_check_sent", ()),
        )

    def _l10n_fr_check_sent(self):
        """Runs end when none of their reminders is left to send: run once all their
        batches are done (in-process, or as the last queued job)."""
        for run in self.filtered(lambda r: r.state == "sending"):
            if "draft" not in run.reminder_ids.mapped("state"):
                run.state = "done"

    # ----------------------------------------------------------------- reminders

    def _create_reminders(self):
        """Decide and create the reminders of a draft run, or those a run stopped
        while creating them did not create (its own reminders are kept). Nothing is
        written before the decisions are made; then the state "Creating Reminders" is
        committed before the first batch of reminders (a scheduled run), so that a
        crash at any point leaves a run the scheduled action finishes."""
        self.ensure_one()
        busy = self.search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "in", UNFINISHED),
                ("id", "!=", self.id),
            ],
            limit=1,
        )
        if busy:
            # its reminders are not all created or sent: levels would be decided twice
            raise UserError(
                self.env._(
                    "The dunning run %(run)s is still creating or sending its "
                    "reminders; try again when it is done.",
                    run=busy.name,
                )
            )
        decisions, by_partner, skipped = self._decisions()
        if not decisions and self.trigger == "cron" and self.state == "draft":
            raise UserError(
                self.env._(
                    "Nothing to remind today (%(summary)s).",
                    summary=self._l10n_fr_summary(skipped, True).replace("\n", "; ")
                    or "-",
                )
            )
        penalties = self._penalties(decisions)
        rates = self._rates(
            {i["currency_id"] for items in by_partner.values() for i in items}
        )
        self.write(
            {
                "state": "creating",
                "summary": self._l10n_fr_summary(skipped, decisions),
            }
        )
        self._commit()
        self._write_reminders(decisions, by_partner, penalties, rates)

    def _penalties(self, decisions):
        """Penalties of the invoices listed at levels that show them (one batch)."""
        Level = self.env["l10n.fr.dunning.level"]
        moves = {
            item["move_id"]
            for decision, listed in decisions.values()
            if Level.browse(decision.level.id).include_penalties
            for item in listed
        }
        return (
            self.env["account.move"]
            .browse(moves)
            ._l10n_fr_penalty_compute(self.date, raise_on_error=False, breakdown=False)
        )

    def _write_reminders(self, decisions, by_partner, penalties, rates):
        if not decisions:
            return
        company = self.company_id
        professional = self.env["res.partner"]._l10n_fr_professional_by_id(decisions)
        currencies = self.env["res.currency"].browse(list(rates))
        rounding = {currency.id: currency.round for currency in currencies}
        company_round = company.currency_id.round
        vals_list, lines_list = [], []
        Level = self.env["l10n.fr.dunning.level"]
        for partner_id, (decision, listed) in decisions.items():
            level = Level.browse(decision.level.id)
            credits = [i for i in by_partner[partner_id] if i["amount_residual"] < 0]
            seen = set()
            lines = []
            for item in (
                sorted(listed, key=lambda i: (i["due_date"], i["id"])) + credits
            ):
                result = (
                    penalties.get(item["move_id"])
                    if item["move_id"] not in seen and item["amount_residual"] > 0
                    else None
                )
                seen.add(item["move_id"])
                round_ = rounding[item["currency_id"]]
                interest = round_(result["interest"]) if result else 0.0
                indemnity = round_(result["indemnity"]) if result else 0.0
                lines.append(
                    (
                        item["move_id"],
                        item["id"],
                        item["due_date"],
                        (self.date - item["due_date"]).days,
                        item["currency_id"],
                        round_(item["amount_residual_currency"]),
                        company_round(item["amount_residual"]),
                        interest,
                        indemnity,
                        company_round(
                            (interest + indemnity) * rates[item["currency_id"]]
                        ),
                    )
                )
            vals_list.append(
                {
                    "partner_id": partner_id,
                    "company_id": company.id,
                    "run_id": self.id,
                    "level_id": level.id,
                    "date": self.date,
                    "promise_broken": decision.promise_broken,
                    "is_professional": professional[partner_id],
                    # given: computed one by one at creation otherwise
                    "policy_id": level.policy_id.id,
                    "kind": level.kind,
                }
            )
            lines_list.append(lines)
        Reminder = self.env["l10n.fr.dunning.reminder"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        )
        size = self.env["l10n.fr.credit.batch"]._l10n_fr_batch_size()
        for start in range(0, len(vals_list), size):
            try:
                # the lines inserted before the savepoint's flush: the reminders'
                # totals are computed once, with them
                with self.env.cr.savepoint():
                    reminders = Reminder.create(vals_list[start : start + size])
                    self._insert_lines(reminders, lines_list[start : start + size])
            except (errors.UniqueViolation, errors.SerializationFailure) as error:
                # another run committed reminders of today that this transaction,
                # older than its commit, did not see
                raise self._in_progress_error() from error
            self._commit()
            crash_point("creating")

    def _insert_lines(self, reminders, lines_list):
        """The items of these reminders in one INSERT: snapshot rows without any
        computation, which the ORM would create at ~1 ms each (a currency lookup per
        amount); the reminders' totals are then computed in one batch."""
        rows = [
            (reminder.id, *line)
            for reminder, lines in zip(reminders, lines_list, strict=True)
            for line in lines
        ]
        if not rows:
            return
        columns = list(zip(*rows, strict=True))
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO l10n_fr_dunning_reminder_line
                       (reminder_id, move_id, move_line_id, due_date, days_late,
                        currency_id, amount_residual, amount_residual_company,
                        interest, indemnity, penalty_company,
                        create_uid, create_date, write_uid, write_date)
                SELECT r, m, ml, d, dl, c, a, ac, i, ind, p,
                       %(uid)s, now() at time zone 'UTC', %(uid)s,
                       now() at time zone 'UTC'
                  FROM unnest(%(r)s::int[], %(m)s::int[], %(ml)s::int[],
                              %(d)s::date[], %(dl)s::int[], %(c)s::int[],
                              %(a)s::numeric[], %(ac)s::numeric[], %(i)s::numeric[],
                              %(ind)s::numeric[], %(p)s::numeric[])
                       AS t(r, m, ml, d, dl, c, a, ac, i, ind, p)
                """,
                uid=self.env.uid,
                **dict(
                    zip(
                        ("r", "m", "ml", "d", "dl", "c", "a", "ac", "i", "ind", "p"),
                        (list(column) for column in columns),
                        strict=True,
                    )
                ),
            )
        )
        # the ORM did not see these rows: forget what it cached of both sides and
        # recompute what depends on them
        reminders.invalidate_recordset(["line_ids"])
        self.env["account.move"].invalidate_model(["l10n_fr_reminder_line_ids"])
        reminders.modified(["line_ids"])

    def _rates(self, currency_ids):
        """Rate from each currency to the company currency at the run date."""
        company = self.company_id
        return {
            currency.id: currency._get_conversion_rate(
                currency, company.currency_id, company, self.date
            )
            for currency in self.env["res.currency"].browse(currency_ids)
        }

    def _l10n_fr_skip_labels(self):
        _ = self.env._
        return {
            "no_level": _("%(count)s customer(s) with no item at a dunning level yet"),
            "not_due": _(
                "%(count)s customer(s) whose balance is not due (credits cover the "
                "overdue items)"
            ),
            "promise": _("%(count)s customer(s) with a promise to pay still running"),
            "already_sent": _(
                "%(count)s customer(s) already sent this level, not to be repeated yet"
            ),
            "already_reminded_today": _("%(count)s customer(s) already reminded today"),
            "failed_reminder_pending": _(
                "%(count)s customer(s) whose failed or stopped reminder is still to "
                "send or cancel"
            ),
            "mandatory_held": _(
                "%(count)s customer(s) held at a mandatory level not sent yet (sent "
                "instead of a higher level)"
            ),
            "mandatory_wait": _(
                "%(count)s customer(s) held at a mandatory level until its days to pay "
                "have passed"
            ),
        }

    def _l10n_fr_summary(self, skipped, created):
        """The customers left out, in words; says so when nothing was created."""
        labels = self._l10n_fr_skip_labels()
        lines = []
        if not created:
            lines.append(self.env._("No reminder to send: nothing was created."))
        for reason, count in sorted(skipped.items()):
            label = labels.get(reason)
            lines.append(label % {"count": count} if label else f"{reason}: {count}")
        return "\n".join(lines)

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
                          AND %(born_on)s < proceeding.judgment_date)
                """,
                born_on=BORN_ON,
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
