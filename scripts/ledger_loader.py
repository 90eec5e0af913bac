"""Writes a ledger planned by scripts/ledger_generator.py (a ``Plan``) into a company
of an Odoo database with COPY, for the dunning and lettering benchmarks.

An invoice through the ORM costs about 50 ms; here the rows are written as Odoo would
store them, ids taken from the sequences: customers (with their payment terms), posted
invoices and credit notes of the sale journal (product, tax and receivable lines),
payments of the bank journal, partial and full reconciliations with matching numbers,
residuals and payment states consistent with them. Moves without a name are numbered
per journal, prefix and year in date order.
"""

import csv
import io
import json
from collections import Counter
from datetime import datetime

from odoo import Command

NULL = r"\N"


class Loader:
    """Writes a Plan into the company with COPY, ids taken from the sequences."""

    def __init__(self, env, company, plan):
        self.env, self.cr, self.plan = env, env.cr, plan
        self.company = company
        self.currency = company.currency_id.id
        self.uid = env.uid
        self.now = datetime.now().replace(microsecond=0)
        Journal = env["account.journal"]
        self.sale = Journal.search(
            [("company_id", "=", company.id), ("type", "=", "sale")], limit=1
        )
        self.bank = Journal.search(
            [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
        )
        self.receivable = company.partner_id.with_company(
            company
        ).property_account_receivable_id.id
        self.income = self.sale.default_account_id.id
        self.tax = company.account_sale_tax_id
        self.terms = self._terms()

    def _terms(self):
        Term = self.env["account.payment.term"]
        terms = {
            30: self.env.ref("account.account_payment_term_30days"),
            45: self.env.ref("account.account_payment_term_45days"),
        }
        terms[60] = Term.create(
            {
                "name": "60 Days",
                "company_id": self.company.id,
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 100, "nb_days": 60}
                    )
                ],
            }
        )
        return {days: term.id for days, term in terms.items()}

    def ids(self, table, count):
        self.cr.execute(
            f"SELECT nextval('{table}_id_seq') FROM generate_series(1, %s)",
            [count],
        )
        return [row[0] for row in self.cr.fetchall()]

    def copy(self, table, columns, rows):
        """COPY rows into table; columns: a sequence or a space-separated string."""
        if isinstance(columns, str):
            columns = columns.split()
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in rows:
            writer.writerow(NULL if value is None else value for value in row)
        buffer.seek(0)
        self.cr.copy_expert(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN "
            f"WITH (FORMAT csv, NULL '{NULL}')",
            buffer,
        )

    def load(self, customers):
        self.env.flush_all()
        partners = self.load_partners(customers)
        names = self.names()
        residual, reconciled = self.reconcile_ids()
        self.load_moves(partners, names, residual)
        self.load_lines(partners, names, residual, reconciled)
        self.load_reconciliations(residual)
        self.env.invalidate_all()
        return partners

    def load_partners(self, customers):
        rng = self.plan.rng
        ids = self.ids("res_partner", customers)
        rows = []
        for number, partner_id in enumerate(ids, 1):
            person = rng.random() < 0.05
            name = f"Client {number:05d}" + ("" if person else " SARL")
            days = self.plan.term_of.get(number - 1)
            term = days and json.dumps({str(self.company.id): self.terms[days]})
            rows.append(
                (
                    partner_id,
                    name,
                    name,
                    not person,
                    True,
                    f"client{number}@example.com",
                    "fr_FR",
                    "contact",
                    self.company.id,
                    "auto",
                    "ask",
                    partner_id,
                    1,
                    term,
                    self.now,
                    self.now,
                    self.uid,
                    self.uid,
                )
            )
        self.copy(
            "res_partner",
            (
                "id name complete_name is_company active email lang type company_id "
                "l10n_fr_debtor_type autopost_bills commercial_partner_id "
                "customer_rank property_payment_term_id create_date write_date "
                "create_uid write_uid"
            ),
            rows,
        )
        return ids

    def names(self):
        """Move names per journal, prefix and year, numbered in date order; the
        names the plan gives as they are."""
        prefixes = {
            "out_invoice": self.sale.code,
            "out_refund": "R" + self.sale.code,
            "entry": self.bank.code,
        }
        order = sorted(
            range(len(self.plan.moves)), key=lambda i: self.plan.moves[i]["date"]
        )
        counters = Counter()
        names = {}
        for index in order:
            move = self.plan.moves[index]
            if move["name"]:
                prefix, _slash, number = move["name"].rpartition("/")
                names[index] = (f"{prefix}/", int(number))
                continue
            prefix = f"{prefixes[move['kind']]}/{move['date'].year}/"
            counters[prefix] += 1
            names[index] = (prefix, counters[prefix])
        return names

    def reconcile_ids(self):
        """Residual cents of each move's receivable line, and the moves in a
        settlement group."""
        residual = [move["total"] for move in self.plan.moves]
        for debit, credit, cents, _day in self.plan.partials:
            residual[debit] -= cents
            residual[credit] -= cents
        reconciled = {index for group in self.plan.groups for index in group}
        return residual, reconciled

    @staticmethod
    def name(names, index):
        prefix, number = names[index]
        return f"{prefix}{number:05d}"

    @staticmethod
    def amounts(move, residual):
        """(sign, total, untaxed, tax, residual) of a move in currency units; the
        sign is the receivable's (-1 for a credit note)."""
        sign = -1 if move["kind"] == "out_refund" else 1
        total, untaxed = move["total"], move["untaxed"]
        return sign, total / 100, untaxed / 100, (total - untaxed) / 100, residual / 100

    def load_moves(self, partners, names, residual):
        plan = self.plan
        self.move_ids = self.ids("account_move", len(plan.moves))
        rows = []
        for index, move in enumerate(plan.moves):
            kind = move["kind"]
            sign, total, untaxed, tax, left = self.amounts(move, residual[index])
            name = self.name(names, index)
            move["name"] = name
            prefix, number = names[index]
            invoice = kind != "entry"
            if move["refs"]:
                refs = " ".join(self.name(names, i) for i in move["refs"])
                move["label"] = f"{move['label']} {refs}"
            if not invoice:
                state = "not_paid"
            elif left == 0:
                state = "paid"
            elif left < total:
                state = "partial"
            else:
                state = "not_paid"
            partner = partners[move["partner"]]
            rows.append(
                (
                    self.move_ids[index],
                    name,
                    prefix,
                    number,
                    kind,
                    "posted",
                    move["date"],
                    move["date"] if invoice else None,
                    move["due"] if invoice else None,
                    partner,
                    partner,
                    self.company.id,
                    (self.sale if invoice else self.bank).id,
                    self.currency,
                    "no",
                    self.terms[move["term"]] if move["term"] else None,
                    untaxed,
                    tax,
                    total,
                    left if invoice else 0,
                    sign * untaxed,
                    sign * tax,
                    sign * total,
                    sign * left if invoice else 0,
                    state,
                    name if kind == "out_invoice" else None,
                    move["ref"] or (None if invoice else move["label"]),
                    True,
                    True,
                    1,
                    self.now,
                    self.now,
                    self.uid,
                    self.uid,
                )
            )
        self.copy(
            "account_move",
            (
                "id name sequence_prefix sequence_number move_type state date "
                "invoice_date invoice_date_due partner_id commercial_partner_id "
                "company_id journal_id currency_id auto_post invoice_payment_term_id "
                "amount_untaxed amount_tax amount_total amount_residual "
                "amount_untaxed_signed amount_tax_signed amount_total_signed "
                "amount_residual_signed payment_state payment_reference ref "
                "posted_before checked invoice_currency_rate create_date write_date "
                "create_uid write_uid"
            ),
            rows,
        )
        self.cr.execute(
            """
            UPDATE account_move
               SET amount_untaxed_in_currency_signed = amount_untaxed_signed,
                   amount_total_in_currency_signed = amount_total_signed
             WHERE id = ANY(%s)
            """,
            [self.move_ids],
        )

    def load_lines(self, partners, names, residual, reconciled):
        plan = self.plan
        count = sum(3 if m["kind"] != "entry" else 2 for m in plan.moves)
        line_ids = iter(self.ids("account_move_line", count))
        self.receivable_ids = []
        rows, taxed = [], []
        tax = self.tax
        repartition = {
            "out_invoice": tax.invoice_repartition_line_ids,
            "out_refund": tax.refund_repartition_line_ids,
        }
        repartition = {
            kind: lines.filtered(lambda r: r.repartition_type == "tax")[:1]
            for kind, lines in repartition.items()
        }
        bank_account = self.bank.default_account_id.id
        for index, move in enumerate(plan.moves):
            kind = move["kind"]
            sign, total, untaxed, tax_amount, left = self.amounts(move, residual[index])
            common = {
                "move_id": self.move_ids[index],
                "move_name": move["name"],
                "date": move["date"],
                "journal_id": (self.bank if kind == "entry" else self.sale).id,
                "partner_id": partners[move["partner"]],
            }
            if kind == "entry":  # a payment: bank debit, receivable credit
                rows.append(
                    self.line(next(line_ids), common, bank_account, total, "product")
                )
                line_id = next(line_ids)
                rows.append(
                    self.line(
                        line_id,
                        common,
                        self.receivable,
                        -total,
                        "product",
                        residual=-left,
                        reconciled=index in reconciled and left == 0,
                        name=move["label"],
                        maturity=move["date"],
                    )
                )
                self.receivable_ids.append(line_id)
                continue
            product_id = next(line_ids)
            rows.append(
                self.line(
                    product_id,
                    common,
                    self.income,
                    -sign * untaxed,
                    "product",
                    name="Prestations",
                    price=(untaxed, total),
                )
            )
            taxed.append((product_id, tax.id))
            tax_line = self.line(
                next(line_ids),
                common,
                repartition[kind].account_id.id,
                -sign * tax_amount,
                "tax",
                name=tax.name,
            )
            tax_line.update(
                tax_line_id=tax.id,
                tax_group_id=tax.tax_group_id.id,
                tax_repartition_line_id=repartition[kind].id,
                tax_base_amount=untaxed,
            )
            rows.append(tax_line)
            line_id = next(line_ids)
            rows.append(
                self.line(
                    line_id,
                    common,
                    self.receivable,
                    sign * total,
                    "payment_term",
                    residual=sign * left,
                    reconciled=index in reconciled and left == 0,
                    name=move["label"]
                    or (move["name"] if kind == "out_invoice" else ""),
                    maturity=move["due"],
                )
            )
            self.receivable_ids.append(line_id)
        columns = list(rows[0])
        self.copy("account_move_line", columns, ([r[c] for c in columns] for r in rows))
        self.copy(
            "account_move_line_account_tax_rel",
            ("account_move_line_id", "account_tax_id"),
            taxed,
        )

    def line(self, line_id, common, account, balance, display, **extra):
        untaxed, total = extra.get("price", (0, 0))
        return {
            "id": line_id,
            **common,
            "parent_state": "posted",
            "company_id": self.company.id,
            "company_currency_id": self.currency,
            "currency_id": self.currency,
            "account_id": account,
            "display_type": display,
            "balance": balance,
            "debit": max(balance, 0),
            "credit": max(-balance, 0),
            "amount_currency": balance,
            "amount_residual": extra.get("residual", 0),
            "amount_residual_currency": extra.get("residual", 0),
            "reconciled": extra.get("reconciled", False),
            "date_maturity": extra.get("maturity"),
            "name": extra.get("name", ""),
            "quantity": 1,
            "price_unit": untaxed,
            "price_subtotal": untaxed,
            "price_total": total,
            "tax_line_id": None,
            "tax_group_id": None,
            "tax_repartition_line_id": None,
            "tax_base_amount": 0,
            "create_date": self.now,
            "write_date": self.now,
        }

    def load_reconciliations(self, residual):
        plan = self.plan
        full_groups = [g for g in plan.groups if all(residual[i] == 0 for i in g)]
        full_ids = self.ids("account_full_reconcile", len(full_groups))
        full_of, when = {}, {}
        for full_id, group in zip(full_ids, full_groups, strict=True):
            for index in group:
                full_of[index] = full_id
        partial_ids = self.ids("account_partial_reconcile", len(plan.partials))
        rows = []
        group_of = {i: n for n, group in enumerate(plan.groups) for i in group}
        first_partial = {}
        for partial_id, (debit, credit, cents, day) in zip(
            partial_ids, plan.partials, strict=True
        ):
            stamp = datetime.combine(day, datetime.min.time())
            full_id = full_of.get(debit)
            if full_id:
                when[full_id] = max(when.get(full_id, stamp), stamp)
            group = group_of[debit]
            first_partial[group] = min(first_partial.get(group, partial_id), partial_id)
            amount = cents / 100
            rows.append(
                (
                    partial_id,
                    self.receivable_ids[debit],
                    self.receivable_ids[credit],
                    full_id,
                    self.currency,
                    self.currency,
                    self.company.id,
                    day,
                    amount,
                    amount,
                    amount,
                    stamp,
                    stamp,
                    self.uid,
                    self.uid,
                )
            )
        self.copy(
            "account_full_reconcile",
            ("id", "create_date", "write_date", "create_uid", "write_uid"),
            ((i, when[i], when[i], self.uid, self.uid) for i in full_ids),
        )
        self.copy(
            "account_partial_reconcile",
            (
                "id debit_move_id credit_move_id full_reconcile_id debit_currency_id "
                "credit_currency_id company_id max_date amount debit_amount_currency "
                "credit_amount_currency create_date write_date create_uid write_uid"
            ),
            rows,
        )
        updates = []
        for number, group in enumerate(plan.groups):
            full_id = full_of.get(group[0])
            matching = str(full_id) if full_id else f"P{first_partial[number]}"
            for index in group:
                updates.append((self.receivable_ids[index], full_id, matching))
        self.cr.execute(
            """
            UPDATE account_move_line line
               SET full_reconcile_id = source.full_id,
                   matching_number = source.matching
              FROM unnest(%s::int[], %s::int[], %s::varchar[])
                   AS source(id, full_id, matching)
             WHERE line.id = source.id
            """,
            [[u[0] for u in updates], [u[1] for u in updates], [u[2] for u in updates]],
        )
