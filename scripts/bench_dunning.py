"""Dunning benchmark (not a test): a realistic receivable ledger, then a dunning run
of this addon and, for comparison, OCA account_credit_control "compute lines".

Run through scripts/bench_dunning.sh, which prepares the databases and calls the
phases of this script:

``generate``  a company of its own ("Bench SAS", French chart) and a seeded ledger:
              N customers, 24 months of invoices with payment terms of 30, 45 and 60
              days, exactly M overdue invoices (posted, residual > 0, past due), paid
              invoices (one payment each, a payment for 2 or 3 invoices -- the
              subset-sum case --, an invoice paid in two payments, an invoice settled
              by a credit note), partly paid overdue invoices (payments and partial
              credit notes, a few short payments leaving cents), open credit notes,
              unmatched payments, invoices not yet due, customers with nothing
              overdue, 5 % private customers. Payment labels name the invoices they
              pay, or not. Rows are planned in Python with ``random.Random(seed)``
              and loaded with COPY (an ORM invoice costs ~50 ms): reconciliations are
              real ``account_partial_reconcile`` / ``account_full_reconcile`` rows
              with matching numbers, residuals and payment states consistent with
              them; then the addon letters them as its install hook does. Same seed,
              size and date: same ledger.
``ours``      times selection + levels + penalties (``run._decisions()`` and
              ``run._penalties()``, nothing written; ``--repeat`` times), then the
              whole scheduled run (``action_send``: reminders, queued e-mails, commit
              per batch).
``oca``       in a copy where OCA account_credit_control is installed: a policy whose
              levels match ours (5, 15, 30 and 60 days after the due date, e-mail) on
              the receivable account, set as the company's policy; then times
              ``credit.control.run.generate_credit_lines()`` ("Compute credit lines")
              on the same date, ``--repeat`` times, each rolled back.
``report``    the figures of the result file, the ratio, and a README table row.

Every measurement records the load average (/proc/loadavg) before and after it.
"""

import argparse
import csv
import io
import json
import math
import random
import statistics
import sys
import threading
import time
from collections import Counter
from datetime import date, datetime, timedelta

import odoo
from odoo import SUPERUSER_ID, Command, api

COMPANY_NAME = "Bench SAS"
HISTORY_DAYS = 730  # 24 months
TERMS = ((30, 50), (45, 30), (60, 20))  # days, weight in %
PAID_UP_SHARE = 0.15  # customers with nothing overdue
LEVEL_DAYS = (5, 15, 30, 60)  # our default policy; the OCA policy copies it
NULL = r"\N"


def loadavg():
    with open("/proc/loadavg") as handle:
        return " ".join(handle.read().split()[:3])


# ------------------------------------------------------------------------ plan


class Plan:
    """The ledger as plain rows, before ids: moves (each with exactly one receivable
    line), partial reconciliations between receivable lines, and settlement groups.
    Amounts are in cents."""

    def __init__(self, seed, today):
        self.rng = random.Random(seed)
        self.today = today
        self.start = today - timedelta(days=HISTORY_DAYS)
        self.moves = []  # dicts: kind, partner, date, due, untaxed, total, label, ...
        self.partials = []  # (debit move index, credit move index, cents, date)
        self.groups = []  # lists of move indexes settled together
        self.term_of = {}  # customer index: payment term (days)
        self.stats = Counter()

    # -------------------------------------------------------------- primitives

    def amount(self, low=2000, high=5_000_000):
        """Untaxed cents, log-normal around 700 EUR."""
        value = int(self.rng.lognormvariate(math.log(70000), 1.0))
        return min(max(value, low), high)

    def move(self, kind, partner, day, untaxed=0, total=0, due=None, label=""):
        if kind in ("out_invoice", "out_refund") and not total:
            total = untaxed + round(untaxed * 0.2)
        self.moves.append(
            {
                "kind": kind,
                "partner": partner,
                "date": day,
                "due": due or day,
                "untaxed": untaxed,
                "total": total,
                "label": label,
                "refs": (),
                "term": None,
            }
        )
        return len(self.moves) - 1

    def invoice(self, partner, term, day):
        index = self.move(
            "out_invoice", partner, day, self.amount(), due=day + timedelta(term)
        )
        self.moves[index]["term"] = term
        return index

    def refund(self, partner, day, untaxed):
        return self.move("out_refund", partner, day, untaxed)

    def payment(self, partner, day, cents, invoices=(), reference=True):
        """A bank receipt; its label names the invoices it pays (``refs``, the
        names are known at load time) or not."""
        if reference and invoices:
            label = self.rng.choice(("VIR SEPA", "VIREMENT", "REGLEMENT FACT"))
        else:
            label = self.rng.choice(
                ("VIR SEPA CLIENT", "REMISE CHEQUE", "VIREMENT RECU", "PRLV SEPA")
            )
        index = self.move("entry", partner, day, total=cents, label=label)
        if reference:
            self.moves[index]["refs"] = tuple(invoices)
        return index

    def settle(self, debits, credits, partial=False):
        """Partial reconciliations of the credits against the debits, oldest first,
        as Odoo does; one group."""
        owed = {d: self.moves[d]["total"] for d in debits}
        for credit in credits:
            left = self.moves[credit]["total"]
            for debit in debits:
                cents = min(left, owed[debit])
                if cents <= 0:
                    continue
                day = max(self.moves[debit]["date"], self.moves[credit]["date"])
                self.partials.append((debit, credit, cents, day))
                owed[debit] -= cents
                left -= cents
        self.groups.append([*debits, *credits])

    def pay_day(self, invoice, low=-20, high=35):
        move = self.moves[invoice]
        day = move["due"] + timedelta(self.rng.randint(low, high))
        day = max(day, move["date"])
        return min(day, self.today - timedelta(1))

    # -------------------------------------------------------------- customers

    def paid(self, partner, term):
        """A settled invoice (or 2-3 of them), in one of the usual ways."""
        day = self.start + timedelta(self.rng.randint(0, HISTORY_DAYS - 30))
        invoice = self.invoice(partner, term, day)
        roll = self.rng.random()
        reference = self.rng.random() < 0.5
        if roll < 0.60:
            cents = self.moves[invoice]["total"]
            pay = self.payment(
                partner, self.pay_day(invoice), cents, [invoice], reference
            )
            self.settle([invoice], [pay])
            self.stats["paid: one payment"] += 1
        elif roll < 0.75:  # one payment for several invoices (subset sum)
            invoices = [invoice]
            for _ in range(self.rng.randint(1, 2)):
                later = day + timedelta(self.rng.randint(0, 20))
                invoices.append(self.invoice(partner, term, min(later, self.today)))
            cents = sum(self.moves[i]["total"] for i in invoices)
            last = max(self.pay_day(i) for i in invoices)
            pay = self.payment(partner, last, cents, invoices, reference)
            self.settle(invoices, [pay])
            self.stats["paid: one payment for several invoices"] += len(invoices)
        elif roll < 0.90:  # two payments
            total = self.moves[invoice]["total"]
            first = self.rng.randint(total // 5, total * 4 // 5)
            pays = [
                self.payment(partner, self.pay_day(invoice), first, [invoice]),
                self.payment(partner, self.pay_day(invoice), total - first, [invoice]),
            ]
            self.settle([invoice], pays)
            self.stats["paid: two payments"] += 1
        else:  # cancelled by a credit note
            refund = self.refund(
                partner, self.pay_day(invoice), self.moves[invoice]["untaxed"]
            )
            self.settle([invoice], [refund])
            self.stats["paid: credit note"] += 1

    def overdue_days(self, term):
        roll = self.rng.random()
        if roll < 0.40:
            days = self.rng.randint(1, 30)
        elif roll < 0.65:
            days = self.rng.randint(31, 60)
        elif roll < 0.85:
            days = self.rng.randint(61, 120)
        else:
            days = self.rng.randint(121, HISTORY_DAYS - term)
        return days

    def overdue(self, partner, term):
        due = self.today - timedelta(self.overdue_days(term))
        invoice = self.invoice(partner, term, due - timedelta(term))
        total = self.moves[invoice]["total"]
        roll = self.rng.random()
        if roll < 0.12:  # partly paid
            cents = self.rng.randint(total // 5, total * 4 // 5) // 100 * 100 or 100
            pay = self.payment(partner, self.pay_day(invoice, 0, 60), cents, [invoice])
            self.settle([invoice], [pay])
            self.stats["overdue: partly paid"] += 1
        elif roll < 0.15:  # partial credit note
            untaxed = self.moves[invoice]["untaxed"] * self.rng.randint(10, 50) // 100
            refund = self.refund(partner, self.pay_day(invoice, -20, 20), untaxed)
            self.settle([invoice], [refund])
            self.stats["overdue: partial credit note"] += 1
        elif roll < 0.17:  # short payment: a few cents or euros left
            cents = total - self.rng.randint(1, 300)
            pay = self.payment(partner, self.pay_day(invoice, 0, 30), cents, [invoice])
            self.settle([invoice], [pay])
            self.stats["overdue: short payment"] += 1
        else:
            self.stats["overdue: unpaid"] += 1

    def noise(self, partner, term, debtor):
        rng = self.rng
        if rng.random() < 0.30:  # not yet due
            day = self.today - timedelta(rng.randint(0, term - 1))
            self.invoice(partner, term, day)
            self.stats["open: not yet due"] += 1
        if rng.random() < (0.06 if debtor else 0.03):  # open credit note
            day = self.today - timedelta(rng.randint(1, 200))
            self.refund(partner, day, self.amount(high=100_000))
            self.stats["open: credit note"] += 1
        if rng.random() < (0.08 if debtor else 0.03):  # unmatched payment
            day = self.today - timedelta(rng.randint(1, 90))
            cents = self.amount(high=500_000)
            self.payment(partner, day, cents, reference=False)
            self.stats["open: unmatched payment"] += 1

    def build(self, customers, overdue):
        rng = self.rng
        paid_up = round(customers * PAID_UP_SHARE)
        debtors = max(1, min(overdue, customers - paid_up))
        order = list(range(customers))
        rng.shuffle(order)
        counts = Counter(order[:debtors])
        weights = [rng.paretovariate(1.3) for _ in range(debtors)]
        counts.update(rng.choices(order[:debtors], weights, k=overdue - debtors))
        days, term_weights = zip(*TERMS, strict=True)
        for partner in range(customers):
            term = rng.choices(days, term_weights)[0]
            self.term_of[partner] = term
            self.stats[f"customers: {term} days"] += 1
            for _ in range(rng.randint(0, 10)):
                self.paid(partner, term)
            for _ in range(counts[partner]):
                self.overdue(partner, term)
            self.noise(partner, term, partner in counts)
        self.stats["customers with overdue invoices"] = len(counts)
        return self


# ------------------------------------------------------------------------ load


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
        self.load_reconciliations()
        self.env.invalidate_all()
        return partners

    def load_partners(self, customers):
        rng = self.plan.rng
        ids = self.ids("res_partner", customers)
        rows = []
        for number, partner_id in enumerate(ids, 1):
            person = rng.random() < 0.05
            name = f"Client {number:05d}" + ("" if person else " SARL")
            term = self.terms[self.plan.term_of[number - 1]]
            term = json.dumps({str(self.company.id): term})
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
        """Move names per journal, prefix and year, numbered in date order."""
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

    def load_moves(self, partners, names, residual):
        plan = self.plan
        self.move_ids = self.ids("account_move", len(plan.moves))
        rows = []
        for index, move in enumerate(plan.moves):
            kind = move["kind"]
            sign = -1 if kind == "out_refund" else 1
            total, untaxed = move["total"] / 100, move["untaxed"] / 100
            tax = (move["total"] - move["untaxed"]) / 100
            left = residual[index] / 100
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
                    None if invoice else move["label"],
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
            sign = -1 if kind == "out_refund" else 1
            total, untaxed = move["total"] / 100, move["untaxed"] / 100
            tax_amount = (move["total"] - move["untaxed"]) / 100
            left = residual[index] / 100
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
                    name=move["name"] if kind == "out_invoice" else "",
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

    def load_reconciliations(self):
        plan = self.plan
        residual, _reconciled = self.reconcile_ids()
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


def bench_company(env):
    return env["res.company"].search([("name", "=", COMPANY_NAME)], limit=1)


def generate(env, args, today):
    # a French company without installing the country's optional modules (Odoo does so
    # for a new company outside tests: account_peppol would need phonenumbers)
    threading.current_thread().testing = True
    company = env["res.company"].create(
        {"name": COMPANY_NAME, "country_id": env.ref("base.fr").id}
    )
    env["account.chart.template"]._load("fr", company, install_demo=False)
    threading.current_thread().testing = False
    company._l10n_fr_create_default_dunning_policy()
    levels = env["l10n.fr.dunning.level"].search([("company_id", "=", company.id)])
    # e-mail at every level: the PDF letters would measure wkhtmltopdf; no call, no
    # mandatory level: the same decisions and channels as the OCA levels
    levels.write(
        {
            "send_email": True,
            "send_letter": False,
            "create_activity": False,
            "send_call": False,
            "mandatory": False,
        }
    )
    # nor through the letter attached to the formal notice's e-mail
    templates = levels.mail_template_id | env.ref(
        "l10n_fr_credit_collection.mail_template_dunning_reminder"
    )
    templates.report_template_ids = [Command.clear()]
    assert tuple(levels.sorted("days").mapped("days")) == LEVEL_DAYS
    plan = Plan(args.seed, today).build(args.customers, args.invoices)
    Loader(env, company, plan).load(args.customers)
    lettered = env["account.move.line"]._l10n_fr_letter_existing()
    plan.stats["lettered groups"] = lettered
    return company, plan


def ledger_figures(env, company, today):
    """Counts of the generated ledger, from the database, and consistency checks."""
    row = env.execute_query_dict(
        odoo.tools.SQL(
            """
            SELECT
              count(*) FILTER (WHERE m.move_type = 'out_invoice') AS invoices,
              count(*) FILTER (WHERE m.move_type = 'out_invoice'
                               AND m.amount_residual > 0
                               AND m.invoice_date_due < %(today)s) AS overdue,
              count(*) FILTER (WHERE m.move_type = 'out_invoice'
                               AND m.amount_residual > 0
                               AND m.invoice_date_due <= %(level1)s) AS overdue_5,
              count(*) FILTER (WHERE m.move_type = 'out_invoice'
                               AND m.payment_state = 'partial') AS partial,
              count(*) FILTER (WHERE m.move_type = 'out_refund') AS refunds,
              count(*) FILTER (WHERE m.move_type = 'entry') AS payments,
              min(m.date) AS first_date
              FROM account_move m WHERE m.company_id = %(company)s
            """,
            today=today,
            level1=today - timedelta(LEVEL_DAYS[0]),
            company=company.id,
        )
    )[0]
    checks = env.execute_query(
        odoo.tools.SQL(
            """
            SELECT
              (SELECT count(*) FROM (
                 SELECT move_id FROM account_move_line WHERE company_id = %(c)s
                  GROUP BY move_id HAVING sum(balance) != 0) s),
              (SELECT count(*) FROM account_move_line l
                WHERE l.company_id = %(c)s AND l.amount_residual != l.balance
                      - COALESCE((SELECT sum(amount) FROM account_partial_reconcile p
                                   WHERE p.debit_move_id = l.id), 0)
                      + COALESCE((SELECT sum(amount) FROM account_partial_reconcile p
                                   WHERE p.credit_move_id = l.id), 0)
                  AND l.account_id IN (SELECT id FROM account_account
                                        WHERE account_type = 'asset_receivable')),
              (SELECT count(*) FROM account_move m
                WHERE m.company_id = %(c)s AND m.move_type != 'entry'
                  AND m.amount_residual_signed != (
                      SELECT sum(amount_residual) FROM account_move_line l
                       WHERE l.move_id = m.id AND l.display_type = 'payment_term'))
            """,
            c=company.id,
        )
    )[0]
    assert checks == (0, 0, 0), f"inconsistent ledger: {checks}"
    return row


# ------------------------------------------------------------------- measures


class Results:
    def __init__(self, path):
        self.path = path

    def add(self, **values):
        values["loadavg"] = values.get("loadavg") or loadavg()
        print(json.dumps(values, default=str), flush=True)
        with open(self.path, "a") as handle:
            handle.write(json.dumps(values, default=str) + "\n")

    def read(self):
        with open(self.path) as handle:
            return [json.loads(line) for line in handle if line.strip()]


def phase_generate(registry, args, today):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        started = time.perf_counter()
        company, plan = generate(env, args, today)
        cr.commit()
        seconds = time.perf_counter() - started
        figures = ledger_figures(env, company, today)
    assert figures["overdue"] == args.invoices, figures
    for key, count in sorted(plan.stats.items()):
        print(f"  {key}: {count}")
    Results(args.results).add(
        phase="generate",
        seed=args.seed,
        date=today,
        customers=args.customers,
        seconds=round(seconds, 1),
        **figures,
    )


def phase_ours(registry, args, today):
    results = Results(args.results)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = bench_company(env)
        env = env(context={"allowed_company_ids": [company.id]})
        run = (
            env["l10n.fr.dunning.run"]
            .with_company(company)
            .create({"company_id": company.id, "trigger": "cron", "date": today})
        )
        cr.commit()
        for _ in range(args.repeat):
            env.invalidate_all()
            before = loadavg()
            started = time.perf_counter()
            decisions, by_partner, skipped = run._decisions()
            penalties = run._penalties(decisions)
            seconds = time.perf_counter() - started
            results.add(
                phase="ours_selection",
                seconds=round(seconds, 2),
                customers_reminded=len(decisions),
                items_listed=sum(len(listed) for _d, listed in decisions.values()),
                invoices_with_penalties=len(penalties),
                customers_open=len(by_partner),
                left_out=dict(skipped),
                loadavg=f"{before} -> {loadavg()}",
            )
        env.invalidate_all()
        before = loadavg()
        started = time.perf_counter()
        run.action_send()
        cr.commit()
        seconds = time.perf_counter() - started
        lines = env["l10n.fr.dunning.reminder.line"].search_count(
            [("reminder_id.run_id", "=", run.id)]
        )
        mails = env["mail.mail"].search_count(
            [("model", "=", "l10n.fr.dunning.reminder")]
        )
        results.add(
            phase="ours_run",
            seconds=round(seconds, 1),
            reminders_sent=run.sent_count,
            reminder_items=lines,
            mails_queued=mails,
            failed=run.failed_count,
            loadavg=f"{before} -> {loadavg()}",
        )


def oca_policy(env, company):
    """A credit control policy with our levels (days after the due date, e-mail) on
    the receivable accounts of the company, set as the company's policy."""
    template = env.ref("account_credit_control.email_template_credit_control_base")
    accounts = env["account.account"].search(
        [
            ("company_ids", "in", company.id),
            ("account_type", "=", "asset_receivable"),
        ]
    )
    ours = env["l10n.fr.dunning.level"].search(
        [("company_id", "=", company.id)], order="days"
    )
    policy = env["credit.control.policy"].create(
        {
            "name": "Bench: our levels",
            "company_id": company.id,
            "account_ids": [Command.set(accounts.ids)],
            "level_ids": [
                Command.create(
                    {
                        "name": level.name,
                        "level": rank,
                        "computation_mode": "net_days",
                        "delay_days": level.days,
                        "channel": "email",
                        "email_template_id": template.id,
                        "custom_text": level.name,
                        "custom_mail_text": f"<p>{level.name}</p>",
                    }
                )
                for rank, level in enumerate(ours, 1)
            ],
        }
    )
    company.credit_policy_id = policy
    return policy


def phase_oca(registry, args, today):
    results = Results(args.results)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = bench_company(env)
        policy = oca_policy(env, company)
        cr.commit()
        policy_id, company_id = policy.id, company.id
    for _ in range(args.repeat):
        with registry.cursor() as cr:
            env = api.Environment(
                cr, SUPERUSER_ID, {"allowed_company_ids": [company_id]}
            )
            run = (
                env["credit.control.run"]
                .with_company(company_id)
                .create(
                    {
                        "date": today,
                        "company_id": company_id,
                        "policy_ids": [Command.set([policy_id])],
                    }
                )
            )
            env.flush_all()
            before = loadavg()
            started = time.perf_counter()
            run.generate_credit_lines()
            env.flush_all()
            seconds = time.perf_counter() - started
            lines = run.line_ids
            results.add(
                phase="oca_compute",
                seconds=round(seconds, 1),
                lines=len(lines),
                partners=len(lines.partner_id),
                levels=dict(Counter(lines.mapped("level"))),
                loadavg=f"{before} -> {loadavg()}",
            )
            cr.rollback()


def phase_report(args):
    rows = Results(args.results).read()

    def times(phase):
        return [r["seconds"] for r in rows if r["phase"] == phase]

    generated = next(r for r in rows if r["phase"] == "generate")
    size = f"{generated['customers']:,} customers / {generated['overdue']:,} overdue"
    ours, whole, oca = times("ours_selection"), times("ours_run"), times("oca_compute")
    timeouts = [r for r in rows if r["phase"] == "oca_timeout"]
    print(f"\n== dunning benchmark, {size} invoices (seed {generated['seed']})")
    print(f"ledger: {json.dumps({k: generated[k] for k in sorted(generated)})}")
    for row in rows:
        if row["phase"] != "generate":
            print(f"  {row['phase']:15} {row['seconds']:>8} s  load {row['loadavg']}")
    best = min(ours) if ours else None
    if ours:
        print(
            f"this addon, selection + levels + penalties: best {best:.2f} s, "
            f"median {statistics.median(ours):.2f} s over {len(ours)}"
        )
    if whole:
        print(f"this addon, whole run: {', '.join(f'{s:.1f} s' for s in whole)}")
    if oca:
        print(f"OCA compute lines: best {min(oca):.1f} s over {len(oca)}")
        print(f"ratio OCA / this addon (best of each): {min(oca) / best:.0f}x")
        cell, ratio = f"{min(oca):.1f} s", f"{min(oca) / best:.0f}×"
    elif timeouts:
        limit = timeouts[0]["seconds"]
        print(f"OCA compute lines: not finished after {limit} s (timeout)")
        cell, ratio = f"> {limit} s (timeout)", f"> {limit / best:.0f}×"
    else:
        cell, ratio = "—", "—"
    print("\nREADME row:")
    print(
        f"| dunning: selection + levels + penalties (OCA: compute lines) | {size} | "
        f"{best:.2f} s | {cell} | {ratio} |"
    )
    if whole:
        print(
            f"| dunning: whole run (reminders, e-mails queued) | {size} | "
            f"{min(whole):.1f} s | — | — |"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("phase", choices=["generate", "ours", "oca", "report"])
    parser.add_argument("--db")
    parser.add_argument("--customers", type=int, default=10000)
    parser.add_argument("--invoices", type=int, default=50000, help="overdue")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--date", type=date.fromisoformat, default=date.today())
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--results", required=True, help="JSON lines file")
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:split])
    args.odoo_options = argv[split + 1 :]
    if args.phase == "report":
        phase_report(args)
        return
    odoo.tools.config.parse_config(args.odoo_options + ["-d", args.db])
    registry = odoo.modules.registry.Registry(args.db)
    phases = {"generate": phase_generate, "ours": phase_ours, "oca": phase_oca}
    phases[args.phase](registry, args, args.date)


if __name__ == "__main__":
    main()
