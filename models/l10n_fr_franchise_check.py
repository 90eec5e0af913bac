from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import format_date, formatLang, html2plaintext

from ..rules import franchise
from ..rules.franchise import MissingThresholdError, Turnover
from .l10n_fr_franchise_year import LOST_STATUSES


class L10nFrFranchiseCheck(models.AbstractModel):
    """The VAT franchise check of customer invoices at posting: the record of the
    year locked, the year's turnover (one aggregate query, see
    l10n.fr.franchise.turnover) and each invoice through rules.franchise, what the
    company's settings block or warn, the mention; after posting, the franchise
    values written on the invoices, the warnings and the end of the franchise on the
    year's record."""

    _name = "l10n.fr.franchise.check"
    _description = "VAT Franchise Check at Posting"

    @api.model
    def _l10n_fr_check_posting(self, moves):
        """Check customer invoices of franchise companies before posting them:
        raise a ``UserError`` for what the settings block. Returns {move:
        {"franchise": bool, "warning": text, "check": Check, "vals": the values to
        write once posted (the flag, the warning, the mention in the terms)}}.
        The records of the years posted into are locked until the end of the
        transaction (concurrent postings into the same company and year take their
        turns); then one turnover query for the whole batch: of the year posted
        into when its year-start check is done, else of the two years before it
        too."""
        moves = moves.filtered(
            lambda m: (
                m.move_type in ("out_invoice", "out_refund")
                and m.company_id.l10n_fr_vat_franchise
                and m.company_id._l10n_fr_french_law()
            )
        )
        if not moves:
            return {}
        Threshold = self.env["l10n.fr.franchise.threshold"]
        Turnovers = self.env["l10n.fr.franchise.turnover"]
        table = Threshold._l10n_fr_threshold_table()
        today = fields.Date.context_today(self)
        day_of = {move: move.invoice_date or today for move in moves}
        groups = defaultdict(lambda: self.env["account.move"])
        for move in moves:
            groups[(move.company_id, day_of[move].year)] |= move
        # the entitlement of a year checked at its start (and refreshed daily) spares
        # the turnover of the previous years
        rows = Turnovers._l10n_fr_lock_years(groups)
        known = self._l10n_fr_known_entitlements(groups, rows)
        needed = set()
        for company, year in groups:
            ago = (0,) if (company, year) in known else (0, 1, 2)
            needed |= {(company, year - k) for k in ago}
        turnovers = Turnovers._l10n_fr_turnovers(
            moves.company_id, {year for _company, year in needed}
        )
        outcome, errors = {}, []
        for (company, year), group in groups.items():
            history = {
                y: turnovers[(company.id, y)] for y in (year - 2, year - 1, year)
            }
            invoices = group.filtered(lambda m: m.move_type == "out_invoice").sorted(
                lambda m: (day_of[m], m.id)
            )
            refunds = group - invoices
            operations = [
                (day_of[m], Turnovers._l10n_fr_move_turnover(m)) for m in invoices
            ]
            operations += [(day_of[m], Turnover()) for m in refunds]
            try:
                checks = franchise.check_operations(
                    table,
                    year,
                    company.l10n_fr_franchise_activity,
                    history,
                    operations,
                    company.l10n_fr_franchise_start_date or None,
                    company._l10n_fr_franchise_shares(),
                    known.get((company, year)),
                )
                next_version = self._l10n_fr_next_version(table, company, year)
            except MissingThresholdError as error:
                raise Threshold._l10n_fr_user_error(error) from error
            for move, check in zip(invoices + refunds, checks, strict=True):
                decision = franchise.posting_decision(
                    move.move_type,
                    check,
                    move._l10n_fr_has_vat(),
                    company.l10n_fr_franchise_crossing_mode == "block",
                    company.l10n_fr_franchise_tax_mode == "refuse",
                )
                message = False
                if decision.message == franchise.MESSAGE_VAT_DUE:
                    message = self._l10n_fr_vat_due_message(move, check, year)
                elif decision.message == franchise.MESSAGE_VAT_REFUSED:
                    message = self._l10n_fr_vat_refused_message(move)
                elif decision.message == franchise.MESSAGE_THRESHOLD:
                    message = self._l10n_fr_threshold_message(
                        move, check, year, next_version
                    )
                if decision.blocking:
                    errors.append(message)
                outcome[move] = {
                    "franchise": decision.franchise,
                    "warning": message,
                    "check": check,
                }
        if errors:
            raise UserError("\n\n".join(errors))
        for move, values in outcome.items():
            vals = {
                "l10n_fr_vat_franchise": values["franchise"],
                "l10n_fr_franchise_warning": values["warning"],
            }
            narration = move.narration or Markup()
            if values["franchise"] and franchise.MENTION not in html2plaintext(
                narration
            ):
                vals["narration"] = narration + Markup("<p>%s</p>") % franchise.MENTION
            values["vals"] = vals
        return outcome

    @api.model
    def _l10n_fr_known_entitlements(self, pairs, rows):
        """{(company, year): Entitlement} of these pairs from the year-start check
        recorded in ``rows`` (see l10n.fr.franchise.turnover._l10n_fr_lock_years),
        when it ran with the company's current activity kind and basis."""
        known = {}
        for company, year in pairs:
            row = rows.get((company.id, year))
            if (
                not row
                or not row["start_checked"]
                or row["status"] in (None, "missing")
                or (row["activity_kind"], row["basis"])
                != (company.l10n_fr_franchise_activity, company.l10n_fr_franchise_basis)
            ):
                continue
            known[(company, year)] = franchise.recorded_entitlement(
                year,
                row["rule_version"],
                row["status"],
                row["status_category"],
                row["status_turnover"],
                row["status_threshold"],
            )
        return known

    @api.model
    def _l10n_fr_after_posting(self, posted, outcome):
        """After posting: the franchise values of the check written on the posted
        invoices (one write per group of equal values), warnings in the chatter
        and to the user, and when the franchise ends, the year's record updated
        and the managers notified."""
        Year = self.env["l10n.fr.franchise.year"].sudo()
        groups = defaultdict(list)
        for move, values in outcome.items():
            if move in posted:
                groups[tuple(sorted(values["vals"].items()))].append(move.id)
        # as the posting itself: not a manual change of the invoices. These values
        # touch no journal item: account.move.write need not synchronise the dynamic
        # lines (taxes, payment terms) nor check the balance again (both done by the
        # posting itself a moment ago; they were most of the cost of this write)
        Moves = posted.with_context(
            skip_is_manually_modified=True,
            skip_invoice_sync=True,
            check_move_validity=False,
        )
        for vals, ids in groups.items():
            Moves.browse(ids).write(dict(vals))
        ended = defaultdict(list)
        for move, values in outcome.items():
            if move not in posted:
                continue
            if values["warning"]:
                move.message_post(body=values["warning"])
                self.env.user._bus_send(
                    "simple_notification",
                    {
                        "type": "warning",
                        "title": self.env._("VAT franchise"),
                        "message": values["warning"],
                        "sticky": True,
                    },
                )
            check = values["check"]
            if check.vat_due and move.move_type == "out_invoice":
                ended[(move.company_id, move.invoice_date.year)].append(check)
        # an invoice of a past year changes the entitlement of the years after it
        today = fields.Date.context_today(self)
        past = {
            (move.company_id.id, move.invoice_date.year)
            for move in outcome
            if move in posted and move.invoice_date.year < today.year
        }
        if past:
            domain = expression.OR(
                [
                    [
                        ("company_id", "=", company_id),
                        ("year", ">", year),
                        ("year", "<=", year + 2),
                    ]
                    for company_id, year in past
                ]
            )
            Year.search(domain)._l10n_fr_refresh()
        if not ended:
            return
        records = Year._l10n_fr_ensure([(company, year) for company, year in ended])
        for record in records:
            record._l10n_fr_record_crossing(
                franchise.first_crossing(ended[(record.company_id, record.year)])
            )
        # once the end is known, later invoices with VAT change nothing
        records = records.filtered(
            lambda r: (
                r.status not in LOST_STATUSES
                or any(
                    c.level == franchise.CROSSED for c in ended[(r.company_id, r.year)]
                )
            )
        )
        records._l10n_fr_refresh()
        for record in records.filtered(lambda r: r.status in LOST_STATUSES):
            record._l10n_fr_notify_managers()  # also for a past year's invoice

    def _l10n_fr_next_version(self, table, company, year):
        try:
            return table.rule_version(year + 1, company.l10n_fr_franchise_activity)
        except MissingThresholdError:
            return table.rule_version(year, company.l10n_fr_franchise_activity)

    # ----------------------------------------------------------------- messages

    def _l10n_fr_amount(self, amount, company):
        return formatLang(self.env, float(amount), currency_obj=company.currency_id)

    def _l10n_fr_category_label(self, category):
        field = self.env["l10n.fr.franchise.year"]._fields["status_category"]
        labels = dict(field._description_selection(self.env))
        return labels.get(category, category or "")

    def _l10n_fr_vat_due_message(self, move, check, year):
        _ = self.env._
        company = move.company_id
        args = {
            "company": company.name,
            "invoice": move.display_name,
            "year": year,
            "previous": year - 1,
            "amount": self._l10n_fr_amount(check.turnover or 0, company),
            "limit": self._l10n_fr_amount(check.limit or 0, company),
            "category": self._l10n_fr_category_label(check.category),
            "date": format_date(self.env, check.vat_due_from),
        }
        if check.level == franchise.LOST_START:
            text = _(
                "The VAT franchise does not apply to %(company)s in %(year)s: the "
                "turnover of %(previous)s (%(amount)s, %(category)s) exceeded the "
                "threshold of %(limit)s. VAT is due from 1 January %(year)s.",
                **args,
            )
        elif check.level == franchise.CROSSED and check.rule_version == franchise.V2025:
            text = _(
                "%(invoice)s takes the turnover of %(year)s to %(amount)s "
                "(%(category)s), over the higher VAT franchise threshold of "
                "%(limit)s: VAT is due from this operation, on %(date)s (art. 293 B "
                "of the CGI, rules from 2025).",
                **args,
            )
        elif check.level == franchise.CROSSED:
            text = _(
                "%(invoice)s takes the turnover of %(year)s to %(amount)s "
                "(%(category)s), over the higher VAT franchise threshold of "
                "%(limit)s: VAT is due from %(date)s, the first day of the month of "
                "exceeding (rules before 2025); correct with VAT the invoices issued "
                "since then.",
                **args,
            )
        else:
            text = _(
                "The VAT franchise of %(company)s ended during %(year)s: the turnover "
                "(%(amount)s, %(category)s) already exceeds the higher threshold of "
                "%(limit)s.",
                **args,
            )
        return (
            text
            + " "
            + _(
                "Apply VAT to this invoice and to the following ones, and leave the "
                "VAT franchise in the accounting settings (Credit Collection block)."
            )
        )

    def _l10n_fr_vat_refused_message(self, move):
        taxes = move.line_ids.filtered(lambda line: line.display_type == "tax")
        return self.env._(
            "%(company)s is under the VAT franchise (art. 293 B of the CGI): "
            "%(invoice)s must not charge VAT (%(taxes)s). Remove the VAT from its "
            "lines (button \u201cRemove VAT\u201d), or, if the franchise no longer "
            "applies, leave it in the accounting settings (Credit Collection block).",
            company=move.company_id.name,
            invoice=move.display_name,
            taxes=", ".join(taxes.tax_line_id.mapped("name")),
        )

    def _l10n_fr_threshold_message(self, move, check, year, next_version):
        if check.level not in (franchise.SHARE, franchise.BASE):
            return False
        _ = self.env._
        company = move.company_id
        args = {
            "year": year,
            "next_year": year + 1,
            "amount": self._l10n_fr_amount(check.turnover, company),
            "limit": self._l10n_fr_amount(check.limit, company),
            "higher": self._l10n_fr_amount(check.higher, company),
            "category": self._l10n_fr_category_label(check.category),
        }
        if check.level == franchise.SHARE:
            share = f"{check.share.normalize():f}"
            return _(
                "The turnover of %(year)s reaches %(share)s %% of the VAT franchise "
                "threshold (%(amount)s of %(limit)s, %(category)s). Over %(higher)s "
                "during the year, VAT becomes due.",
                share=share,
                **args,
            )
        if next_version == franchise.PRE2025:
            return _(
                "The turnover of %(year)s (%(amount)s, %(category)s) exceeds the VAT "
                "franchise threshold of %(limit)s: the franchise still applies this "
                "year as long as the turnover stays under %(higher)s; in "
                "%(next_year)s it continues only under the two-year tolerance.",
                **args,
            )
        return _(
            "The turnover of %(year)s (%(amount)s, %(category)s) exceeds the VAT "
            "franchise threshold of %(limit)s: the franchise still applies this year "
            "as long as the turnover stays under %(higher)s, and ends on 1 January "
            "%(next_year)s (VAT due on every invoice from then on).",
            **args,
        )
