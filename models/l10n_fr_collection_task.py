from odoo import fields, models, tools
from odoo.tools import SQL

from ..rules import worklist

KIND_SELECTION = [
    ("call", "Call"),
    ("promise", "Promise Due"),
    ("dispute", "Dispute to Follow Up"),
    ("letter", "Letter to Post"),
    ("case", "Injonction Deadline"),
]
LETTER_DAYS = 30  # a letter generated more than this many days ago is no longer a task


class L10nFrCollectionTask(models.Model):
    """Ma journée de recouvrement: what each credit controller must do today, ranked
    by what is at stake (rules.worklist). One SQL view, one query for the ranking."""

    _name = "l10n.fr.collection.task"
    _description = "Collection Task"
    _auto = False
    _order = "priority desc, due_date, id"
    _rec_name = "partner_id"

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one("res.users", string="Credit Controller", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    kind = fields.Selection(KIND_SELECTION, readonly=True)
    summary = fields.Char(readonly=True)
    due_date = fields.Date(readonly=True)
    amount_overdue = fields.Monetary(string="Overdue Amount", readonly=True)
    days_late = fields.Integer(readonly=True)
    priority = fields.Float(string="Priority Score", readonly=True, digits=(16, 0))
    activity_id = fields.Many2one("mail.activity", readonly=True)
    promise_id = fields.Many2one("l10n.fr.dunning.promise", readonly=True)
    dispute_id = fields.Many2one("l10n.fr.dispute", readonly=True)
    reminder_id = fields.Many2one("l10n.fr.dunning.reminder", readonly=True)
    case_id = fields.Many2one("l10n.fr.injonction.case", readonly=True)
    # the customer's signs of default (computed for the lines shown, in one query)
    payer_score = fields.Integer(related="partner_id.l10n_fr_payer_score")
    proceeding_id = fields.Many2one(related="partner_id.l10n_fr_proceeding_id")

    def _controller_sql(self, partner, company):
        """The customer's credit controller in SQL, as
        res.partner._l10n_fr_credit_controllers."""
        return (
            f"COALESCE(({partner}.l10n_fr_credit_controller_id->>({company}.id::text))"
            f"::int, {partner}.user_id, {company}.l10n_fr_default_collector_id)"
        )

    def _query(self):
        n = len(worklist.KINDS)
        whens = " ".join(
            f"WHEN '{kind}' THEN company.l10n_fr_worklist_factor_{kind}"
            for kind in worklist.KINDS
        )
        factor = f"CASE task.kind {whens} END"
        offset = {kind: index for index, kind in enumerate(worklist.KINDS)}
        ctl = self._controller_sql
        return f"""
            WITH task AS (
                SELECT activity.id * {n} + {offset["call"]} AS id, 'call' AS kind,
                       COALESCE(reminder.company_id, rpartner.company_id,
                                users.company_id) AS company_id,
                       activity.user_id,
                       COALESCE(reminder.partner_id, rpartner.commercial_partner_id)
                           AS partner_id,
                       activity.summary, activity.date_deadline AS due_date,
                       activity.id AS activity_id, NULL::int AS promise_id,
                       NULL::int AS dispute_id, reminder.id AS reminder_id,
                       NULL::int AS case_id
                  FROM mail_activity activity
                  JOIN mail_activity_type atype
                       ON atype.id = activity.activity_type_id
                      AND atype.category = 'phonecall'
                  JOIN res_users users ON users.id = activity.user_id
             LEFT JOIN res_partner rpartner
                       ON activity.res_model = 'res.partner'
                      AND rpartner.id = activity.res_id
             LEFT JOIN l10n_fr_dunning_reminder reminder
                       ON activity.res_model = 'l10n.fr.dunning.reminder'
                      AND reminder.id = activity.res_id
                 WHERE activity.date_deadline <= CURRENT_DATE
                   AND activity.active IS NOT FALSE
                   AND activity.res_model IN ('res.partner', 'l10n.fr.dunning.reminder')
             UNION ALL
                SELECT promise.id * {n} + {offset["promise"]}, 'promise',
                       promise.company_id, {ctl("partner", "company")},
                       promise.partner_id, promise.note, promise.date,
                       NULL, promise.id, NULL, NULL, NULL
                  FROM l10n_fr_dunning_promise promise
                  JOIN res_partner partner ON partner.id = promise.partner_id
                  JOIN res_company company ON company.id = promise.company_id
                 WHERE (promise.state = 'open' AND promise.date <= CURRENT_DATE)
                    OR (promise.state = 'broken'
                        AND promise.date
                            >= CURRENT_DATE - company.l10n_fr_worklist_horizon)
             UNION ALL
                SELECT dispute.id * {n} + {offset["dispute"]}, 'dispute',
                       dispute.company_id,
                       COALESCE(dispute.user_id, {ctl("partner", "company")}),
                       dispute.partner_id, dispute.name, dispute.deadline,
                       NULL, NULL, dispute.id, NULL, NULL
                  FROM l10n_fr_dispute dispute
                  JOIN res_partner partner ON partner.id = dispute.partner_id
                  JOIN res_company company ON company.id = dispute.company_id
                 WHERE dispute.state = 'open'
                   AND dispute.deadline
                       <= CURRENT_DATE + company.l10n_fr_worklist_horizon
             UNION ALL
                SELECT reminder.id * {n} + {offset["letter"]}, 'letter',
                       reminder.company_id, {ctl("partner", "company")},
                       reminder.partner_id, reminder.name, reminder.date,
                       NULL, NULL, NULL, reminder.id, NULL
                  FROM l10n_fr_dunning_reminder reminder
                  JOIN res_partner partner ON partner.id = reminder.partner_id
                  JOIN res_company company ON company.id = reminder.company_id
                 WHERE reminder.state = 'sent'
                   AND reminder.notice_sent_date IS NULL
                   AND reminder.date >= CURRENT_DATE - {LETTER_DAYS}
                   AND EXISTS (
                        SELECT 1 FROM l10n_fr_dunning_reminder_channel channel
                         WHERE channel.reminder_id = reminder.id
                           AND channel.channel = 'letter'
                           AND channel.state = 'done')
             UNION ALL
                SELECT injonction.id * {n} + {offset["case"]}, 'case',
                       injonction.company_id,
                       COALESCE(injonction.user_id, {ctl("partner", "company")}),
                       injonction.partner_id, injonction.name, deadline.day,
                       NULL, NULL, NULL, NULL, injonction.id
                  FROM l10n_fr_injonction_case injonction
                  JOIN res_partner partner ON partner.id = injonction.partner_id
                  JOIN res_company company ON company.id = injonction.company_id
                  CROSS JOIN LATERAL (
                        SELECT MIN(day) AS day FROM (VALUES
                            (injonction.service_deadline),
                            (injonction.opposition_deadline),
                            (injonction.formule_deadline)) AS deadlines(day)
                         WHERE day >= CURRENT_DATE) deadline
                 WHERE injonction.state NOT IN ('paid', 'abandoned')
                   AND deadline.day <= CURRENT_DATE + company.l10n_fr_worklist_horizon
            )
            SELECT task.id, task.kind, task.company_id, task.user_id, task.partner_id,
                   task.summary, task.due_date, task.activity_id, task.promise_id,
                   task.dispute_id, task.reminder_id, task.case_id,
                   COALESCE(overdue.amount, 0) AS amount_overdue,
                   COALESCE(overdue.days, 0) AS days_late,
                   {worklist.score_sql("overdue.amount", "overdue.days", factor)}
                       AS priority
              FROM task
              JOIN res_company company ON company.id = task.company_id
              -- the overdue items of the task's customer only (index on partner):
              -- never the whole ledger aggregated
              CROSS JOIN LATERAL (
                SELECT SUM(line.amount_residual) AS amount,
                       MAX(CURRENT_DATE - line.date_maturity) AS days
                  FROM res_partner contact
                  JOIN account_move_line line ON line.partner_id = contact.id
                  JOIN account_account account ON account.id = line.account_id
                 WHERE contact.commercial_partner_id = task.partner_id
                   AND line.company_id = task.company_id
                   AND account.account_type = 'asset_receivable'
                   AND line.parent_state = 'posted'
                   AND line.reconciled IS NOT TRUE
                   AND line.amount_residual > 0
                   AND line.date_maturity < CURRENT_DATE) overdue
        """

    def _search(self, domain, offset=0, limit=None, order=None):
        # a view over other models' tables: what they hold in cache must be written
        self.env.flush_all()
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                SQL(self._query()),
            )
        )

    def action_open_customer(self):
        self.ensure_one()
        return self.partner_id.with_company(self.company_id).action_l10n_fr_collection()

    def action_payment_plan(self):
        self.ensure_one()
        return self.partner_id.with_company(
            self.company_id
        ).action_l10n_fr_payment_plan()

    def action_log_call(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_credit_collection.l10n_fr_call_wizard_action"
        )
        action["context"] = {
            "active_model": self._name,
            "active_ids": self.ids,
            "default_company_id": self.company_id.id,
        }
        return action

    def action_open_source(self):
        self.ensure_one()
        record = self.promise_id or self.dispute_id or self.reminder_id or self.case_id
        if not record:
            return self.action_open_customer()
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_letter_posted(self):
        self.reminder_id.filtered(lambda r: not r.notice_sent_date).write(
            {"notice_sent_date": fields.Date.context_today(self)}
        )
