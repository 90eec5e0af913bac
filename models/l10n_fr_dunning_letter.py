from collections import defaultdict

from odoo import models

from ..rules import french_text


class L10nFrDunningReminder(models.Model):
    """What the letter and the e-mail of a reminder say (report
    ``report_dunning_letter``, mail body ``mail_body_dunning_reminder``)."""

    _inherit = "l10n.fr.dunning.reminder"

    def _l10n_fr_letters_by_lang(self):
        """``_l10n_fr_letters`` of each reminder in its customer's language."""
        letters = {}
        for lang, reminders in self.grouped(lambda r: r.partner_id.lang).items():
            letters.update(reminders.with_context(lang=lang)._l10n_fr_letters())
        return letters

    def _l10n_fr_letters(self):
        """{reminder id: values of its letter} for these reminders, in the language of
        the environment: the reminders sent before, the broken promise, the penalty
        breakdown per invoice at the reminder date, the texts of the level filled in,
        the signatory. A few queries for the whole batch."""
        if not self:
            return {}
        previous = self._l10n_fr_previous_reminders()
        promises = self._l10n_fr_broken_promises()
        breakdowns = self._l10n_fr_breakdowns()
        indemnities = {
            (company, day): company._l10n_fr_indemnity_amount(day)
            for company, day in {(r.company_id, r.date) for r in self}
        }
        letters = {}
        for reminder in self:
            letters[reminder.id] = reminder._l10n_fr_letter(
                previous.get(reminder.id, []),
                promises.get(reminder.partner_id.commercial_partner_id.id),
                breakdowns,
            )
            letters[reminder.id]["indemnity"] = reminder._l10n_fr_amount_text(
                indemnities[reminder.company_id, reminder.date]
            )
        return letters

    def _l10n_fr_previous_reminders(self):
        """{reminder id: dates of the reminders sent to the customer before it}."""
        rows = self.search_read(
            [
                ("partner_id", "in", self.partner_id.ids),
                ("company_id", "in", self.company_id.ids),
                ("state", "=", "sent"),
                ("kind", "in", ("reminder", "firm", "formal_notice")),
                ("date", "<=", max(self.mapped("date"))),
            ],
            ["partner_id", "company_id", "date"],
            order="date, id",
        )
        sent = defaultdict(list)
        for row in rows:
            sent[row["partner_id"][0], row["company_id"][0]].append(row)
        return {
            reminder.id: sorted(
                {
                    row["date"]
                    for row in sent[reminder.partner_id.id, reminder.company_id.id]
                    if row["id"] != reminder.id and row["date"] < reminder.date
                }
            )
            for reminder in self
        }

    def _l10n_fr_broken_promises(self):
        """{commercial partner id: the latest broken promise to pay}."""
        broken = self.filtered("promise_broken")
        if not broken:
            return {}
        promises = self.env["l10n.fr.dunning.promise"].search(
            [
                ("partner_id", "in", broken.partner_id.commercial_partner_id.ids),
                ("company_id", "in", broken.company_id.ids),
                ("state", "=", "broken"),
            ],
            order="date desc, id desc",
        )
        result = {}
        for promise in promises:
            result.setdefault(promise.partner_id.id, promise)
        return result

    def _l10n_fr_breakdowns(self):
        """{(reminder date, invoice id): interest periods} of the invoices of these
        reminders, one penalty computation per reminder date."""
        result = {}
        for day, reminders in (
            self.filtered(lambda r: r.level_id.include_penalties)
            .grouped("date")
            .items()
        ):
            invoices = reminders.line_ids.filtered(
                lambda line: line.interest or line.indemnity
            ).move_id
            if not invoices:
                continue
            computed = invoices._l10n_fr_penalty_compute(day, raise_on_error=False)
            for invoice in invoices:
                result[day, invoice.id] = computed[invoice.id]["breakdown"]
        return result

    # ----------------------------------------------------------------- formatting

    def _l10n_fr_is_french(self):
        return (self.env.lang or "").startswith("fr")

    def _l10n_fr_amount_text(self, value, currency=None):
        return self.company_id._l10n_fr_amount_text(value, currency or self.currency_id)

    def _l10n_fr_date_text(self, day):
        return self.company_id._l10n_fr_long_date(day)

    def _l10n_fr_dates_text(self, days):
        """ "du 5 janvier 2026 et du 20 janvier 2026" / "of January 5, 2026 and
        January 20, 2026"."""
        if self._l10n_fr_is_french():
            return french_text.join_words(
                [f"du {french_text.long_date(d)}" for d in days]
            )
        texts = [self._l10n_fr_date_text(d) for d in days]
        if len(texts) > 1:
            texts = [", ".join(texts[:-1]), texts[-1]]
        return "of " + " and ".join(texts)

    def _l10n_fr_rate_text(self, value):
        return self.company_id._l10n_fr_rate_text(value)

    # --------------------------------------------------------------------- letter

    def _l10n_fr_signatory(self):
        return (
            self.company_id.l10n_fr_signatory_id
            or self.level_id.activity_user_id
            or self.partner_id.commercial_partner_id.user_id
            or self.run_id.create_uid
            or self.create_uid
        )

    def _l10n_fr_level_text(self, field_name):
        """The level's text; when the policy counts the days to pay in working
        days, "{days} days" of the text reads "{days} working days"."""
        text = self.level_id._l10n_fr_letter_text(field_name) or ""
        if self.level_id.policy_id.payment_working_days:
            _ = self.env._
            working = _("{days} working days")
            if working not in text:
                text = text.replace(_("{days} days"), working)
        return text

    def _l10n_fr_letter(self, previous, promise, breakdowns):
        self.ensure_one()
        level = self.level_id
        professional = self.is_professional
        invoices = self.line_ids.filtered(lambda line: line.amount_residual > 0).move_id
        values = {
            "invoices": french_text.join_words(invoices.mapped("name"))
            if self._l10n_fr_is_french()
            else ", ".join(invoices.mapped("name")),
            "amount": self._l10n_fr_amount_text(self.amount_due),
            "deadline": self._l10n_fr_date_text(self.payment_deadline)
            if self.payment_deadline
            else "",
            "days": level.payment_delay_days,
            "previous": self._l10n_fr_dates_text(previous) if previous else "",
            "promise_amount": self._l10n_fr_amount_text(promise.amount)
            if promise
            else "",
            "promise_date": self._l10n_fr_date_text(promise.date) if promise else "",
        }
        if self.promise_broken and promise:
            situation = "intro_promise"
        elif previous:
            situation = "intro_reminded"
        else:
            situation = "intro_first"
        demand = "demand_professional" if professional else "demand_consumer"
        periods = {}
        for line in self.line_ids:
            if line.interest or line.indemnity:
                periods[line.id] = breakdowns.get((self.date, line.move_id.id), [])
        _ = self.env._
        references = [(_("Our ref.:"), self.name)]
        if self.partner_id.commercial_partner_id.ref:
            references.append(
                (_("Customer no.:"), self.partner_id.commercial_partner_id.ref)
            )
        enclosures = []
        if level.attach_statement:
            enclosures.append(_("statement of account"))
        if level.attach_invoices:
            enclosures.append(_("copies of the invoices"))
        return {
            "situation": situation,
            "subject": french_text.fill(
                french_text.invoices_in_number(
                    self._l10n_fr_level_text("letter_subject"), len(invoices)
                ),
                values,
            ),
            "intro": french_text.fill(self._l10n_fr_level_text(situation), values),
            "demand": french_text.fill(self._l10n_fr_level_text(demand), values),
            "previous": previous,
            "periods": periods,
            "references": references,
            "enclosures": ", ".join(enclosures),
            "signatory": self._l10n_fr_signatory(),
            "signatory_title": self.company_id.l10n_fr_signatory_title or "",
        }
