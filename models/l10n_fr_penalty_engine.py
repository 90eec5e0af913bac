from collections import defaultdict
from decimal import Decimal

from odoo import api, models
from odoo.tools import SQL

from ..rules.penalties import (
    MissingParameterError,
    MissingRateError,
    invoice_penalties,
)

CENT = Decimal("0.01")
# The addon's models that can stop the interest of invoices before the day computed
# (each has ``_l10n_fr_interest_until(move_ids)`` -> {move id: last day of interest}).
INTEREST_STOPS = ("l10n.fr.payment.plan", "l10n.fr.proceeding")


class L10nFrPenaltyEngine(models.AbstractModel):
    """Late-payment penalties of many invoices at once: one query for their
    installments and payments, one for what was invoiced already, the legal tables,
    companies and debtor types read once; the computation itself is
    ``rules/penalties.py``. Used by the invoices' API and fields, dunning runs,
    penalty invoices and the injonction de payer."""

    _name = "l10n.fr.penalty.engine"
    _description = "Late-Payment Penalty Engine"

    @api.model
    def _l10n_fr_compute(self, moves, on_date, raise_on_error=True, breakdown=True):
        """Penalties of many invoices: {move id: result}, with one query for their
        installments and payments, one for what was invoiced, and the legal tables,
        companies and customers read once. Results also carry ``days_late``,
        ``breakdown`` (the API's dicts) and the amounts invoiced per kind
        (``invoiced_interest``/``_indemnity``); ``breakdown=False`` leaves the
        breakdown empty (batch work that needs the amounts only)."""
        results = {}
        # new records too (forms); French law: companies whose fiscal country is France
        # (from the companies of the query's rows: reading each invoice's company
        # would fetch every column of 50,000 invoices)
        data = self._l10n_fr_installments(moves._origin)
        companies = (
            self.env["res.company"]
            .browse({move["company_id"] for move in data.values()})
            .filtered(lambda company: company._l10n_fr_french_law())
        )
        french = set(companies.ids)
        data = {key: move for key, move in data.items() if move["company_id"] in french}
        Rates = self.env["l10n.fr.penalty.rate"]
        tables = Rates._l10n_fr_rate_tables()
        invoiced = self._l10n_fr_penalty_invoiced(list(data))
        settings = {
            company.id: {
                "company": company,
                "b2b_rate_for": tables.b2b_rate_for(company._l10n_fr_rate_clause()),
                "grace_days": company.l10n_fr_penalty_grace_days,
                "indemnity": company.l10n_fr_penalty_indemnity,
                "breakdown": breakdown,
                "rates": {},  # per debtor type and half-year
            }
            for company in companies
        }
        professional = self.env["res.partner"]._l10n_fr_professional_by_id(
            {move["partner_id"] for move in data.values()}
        )
        euro = self.env.ref("base.EUR")
        until = self._l10n_fr_interest_until(list(data))
        for move_id, day in until.items():
            data[move_id]["interest_until"] = day
        for record_id in moves._ids:
            move_id = getattr(record_id, "origin", record_id)  # NewId in forms
            move = data.get(move_id)
            if not move:
                continue
            try:
                results[record_id] = self._l10n_fr_penalty_result(
                    on_date,
                    tables,
                    move,
                    settings[move["company_id"]],
                    professional[move["partner_id"]],
                    invoiced[move_id],
                    euro,
                )
            except (MissingRateError, MissingParameterError) as error:
                if raise_on_error:
                    raise Rates._l10n_fr_user_error(error) from error
                results[record_id] = dict(
                    _empty_result(), error=Rates._l10n_fr_rate_error_message(error)
                )
        for record_id in moves._ids:
            if record_id not in results:
                results[record_id] = _empty_result()
        return results

    @api.model
    def _l10n_fr_interest_until(self, move_ids):
        """{move id: last day of interest} from the models of ``INTEREST_STOPS``
        (the earliest day when several stop it)."""
        until = {}
        for model in INTEREST_STOPS:
            for move_id, day in (
                self.env[model]._l10n_fr_interest_until(move_ids).items()
            ):
                until[move_id] = min(day, until.get(move_id, day))
        return until

    @api.model
    def _l10n_fr_installments(self, moves):
        """{move id: {company_id, partner_id, currency_id, notice, installments}} of the
        posted customer invoices among ``moves`` (penalty invoices excepted), in one
        query: installments are [(due date, amount, [(date, reduction), ...])] from the
        receivable lines and the partial reconciliations that paid them (the date of a
        reduction is the accounting date of the payment or credit note), in the invoice
        currency."""
        self.env["account.move"].flush_model(
            [
                "move_type",
                "state",
                "l10n_fr_is_penalty_invoice",
                "company_id",
                "commercial_partner_id",
                "currency_id",
                "l10n_fr_formal_notice_date",
                "l10n_fr_doubtful_invoice_id",
            ]
        )
        self.env["account.move.line"].flush_model(
            [
                "move_id",
                "account_id",
                "date",
                "date_maturity",
                "amount_currency",
                "debit",
            ]
        )
        self.env["account.partial.reconcile"].flush_model(
            ["debit_move_id", "credit_move_id", "debit_amount_currency"]
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT move.id, move.company_id, move.commercial_partner_id,
                       move.currency_id, move.l10n_fr_formal_notice_date,
                       line.id, line.date_maturity, line.amount_currency,
                       counterpart.date, partial.debit_amount_currency,
                       CASE WHEN source.l10n_fr_doubtful_invoice_id = move.id
                            THEN counterpart.move_id END
                  FROM account_move move
                  JOIN account_move_line line ON line.move_id = move.id
                  JOIN account_account account ON account.id = line.account_id
             LEFT JOIN account_partial_reconcile partial
                       ON partial.debit_move_id = line.id
             LEFT JOIN account_move_line counterpart
                       ON counterpart.id = partial.credit_move_id
             LEFT JOIN account_move source ON source.id = counterpart.move_id
                 WHERE move.id = ANY(%s)
                   AND move.move_type = 'out_invoice'
                   AND move.state = 'posted'
                   AND move.l10n_fr_is_penalty_invoice IS NOT TRUE
                   AND account.account_type = 'asset_receivable'
                   AND line.amount_currency > 0
              ORDER BY move.id, line.date_maturity, line.id
                """,
                moves.ids,
            )
        )
        moves, lines, transferred = {}, {}, []
        for (
            move_id,
            company,
            partner,
            currency,
            notice,
            line_id,
            due,
            amount,
            paid_on,
            paid,
            transfer,
        ) in rows:
            move = moves.setdefault(
                move_id,
                {
                    "company_id": company,
                    "partner_id": partner,
                    "currency_id": currency,
                    "notice": notice,
                    "installments": [],
                },
            )
            if line_id not in lines:
                lines[line_id] = (due, Decimal(repr(amount)), [])
                move["installments"].append(lines[line_id])
            if transfer:
                # moved to doubtful receivables: not a payment, the 416 item's are
                transferred.append((lines[line_id], transfer))
            elif paid_on:
                lines[line_id][2].append((paid_on, Decimal(repr(paid))))
        if transferred:
            self._l10n_fr_doubtful_reductions(transferred)
        return moves

    @api.model
    def _l10n_fr_doubtful_reductions(self, transferred):
        """The payments of the doubtful receivable items (416) that a transfer made of
        the invoices' installments [(installment, transfer move id)], in one query:
        they reduce the installment of the same due date (the transfer itself is not
        a payment: interest keeps running on what is unpaid)."""
        rows = self.env.execute_query(
            SQL(
                """
                SELECT doubtful.move_id, doubtful.date_maturity,
                       counterpart.date, partial.debit_amount_currency
                  FROM account_move_line doubtful
                  JOIN account_partial_reconcile partial
                       ON partial.debit_move_id = doubtful.id
                  JOIN account_move_line counterpart
                       ON counterpart.id = partial.credit_move_id
                 WHERE doubtful.move_id = ANY(%s)
                   AND doubtful.debit > 0
                """,
                list({transfer for _installment, transfer in transferred}),
            )
        )
        paid = defaultdict(list)
        for transfer, due, day, amount in rows:
            paid[transfer, due].append((day, Decimal(repr(amount))))
        for (due, _amount, reductions), transfer in transferred:
            reductions += paid.get((transfer, due), [])
            reductions.sort(key=lambda reduction: reduction[0])

    @api.model
    def _l10n_fr_penalty_invoiced(self, move_ids):
        """{move id: {"interest": amount, "indemnity": amount}} already billed by
        draft or posted penalty invoices (credit notes deduct, cancelled ones free)."""
        groups = self.env["account.move.line"]._read_group(
            [
                ("l10n_fr_penalty_source_move_id", "in", move_ids),
                ("parent_state", "in", ("draft", "posted")),
            ],
            ["l10n_fr_penalty_source_move_id", "l10n_fr_penalty_kind"],
            ["amount_currency:sum"],
        )
        invoiced = defaultdict(lambda: {"interest": 0.0, "indemnity": 0.0})
        for source, kind, amount in groups:
            invoiced[source.id][kind] = -amount
        return invoiced

    @api.model
    def _l10n_fr_penalty_result(
        self, on_date, tables, move, settings, professional, invoiced, euro
    ):
        """The penalties of one invoice through rules.penalties.invoice_penalties
        (the legal choices), as the result dict of ``_l10n_fr_compute``."""
        convert = None
        if move["currency_id"] != euro.id:
            currency = self.env["res.currency"].browse(move["currency_id"])

            def convert(amount, day):
                return euro._convert(float(amount), currency, settings["company"], day)

        penalties = invoice_penalties(
            on_date,
            move["installments"],
            professional=professional,
            b2b_rate_for=settings["b2b_rate_for"],
            consumer_rate_for=tables.consumer_rate_for(),
            notice_date=move["notice"] or None,
            grace_days=settings["grace_days"],
            indemnity_for=(
                (lambda day: tables.indemnity(day, True))
                if settings["indemnity"]
                else None
            ),
            convert=convert,
            breakdown=settings["breakdown"],
            rates=settings["rates"],
            interest_until=move.get("interest_until"),
        )
        interest = _amount(penalties.interest)
        indemnity = float(penalties.indemnity)
        total = round(interest + indemnity, 2)
        already = round(invoiced["interest"] + invoiced["indemnity"], 2)
        return {
            "breakdown": [
                {
                    "date_from": p.date_from,
                    "date_to": p.date_to,
                    "days": p.days,
                    "rate": float(p.rate),
                    "base": _amount(p.base),
                    "amount": _amount(p.amount),
                    "due_date": due_date,
                }
                for due_date, p in penalties.periods
            ],
            "days_late": penalties.days_late,
            "interest": interest,
            "indemnity": indemnity,
            "total": total,
            "already_invoiced": already,
            "due": round(total - already, 2),
            "invoiced_interest": invoiced["interest"],
            "invoiced_indemnity": invoiced["indemnity"],
        }


def _amount(value):
    return float(Decimal(value).quantize(CENT))


def _empty_result():
    return {
        "breakdown": [],
        "days_late": 0,
        "interest": 0.0,
        "indemnity": 0.0,
        "total": 0.0,
        "already_invoiced": 0.0,
        "due": 0.0,
        "invoiced_interest": 0.0,
        "invoiced_indemnity": 0.0,
    }
