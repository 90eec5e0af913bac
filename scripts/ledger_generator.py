"""A synthetic receivable ledger with known true groups, to measure automatic lettering.

``generate(seed, partners, items_per_partner)`` builds open items (:class:`Item` of
``rules.lettering``) of customers on one receivable account over 24 months (2024 and
2025), and the truth: which items belong together (:class:`TrueGroup`). Each customer
has payment terms (cash, 30 days, 45 days end of month or 60 days; the due date of each
invoice is in ``Ledger.due``) and pays around the due date, sometimes early, often
late. Payment labels name the invoices they pay (in one of four spellings, among them
the bare invoice number) or carry no reference at all ("VIR SEPA CLIENT", "REMISE
CHEQUE", ...). Kinds of groups:

==================  ======================================================  ==========
kind                what                                                    share
==================  ======================================================  ==========
one_to_one          an invoice and a payment of the same amount             30 %
subset              one payment for 2 to 4 of the customer's invoices       20 %
many_payments       an invoice paid in 2 or 3 payments                      10 %
reference           a payment whose label names its 1 to 3 invoices         20 %
reference_writeoff  the same, the payment short by less than 1.00 (fees)     5 %
partial             a payment naming its invoice, paying only part of it     5 %
credit_note         an invoice, a credit note naming it ("Avoir sur ...")    5 %
                    and a payment of the rest, naming the invoice or not
zero_balance        every item of a settled customer: invoices, a credit    1 customer
                    note and a payment for the net amount                   in 20
==================  ======================================================  ==========

Every other customer also has noise: one or two unpaid invoices and sometimes an
unmatched payment. Invoices and payments of true groups are whole euros; noise and
short payments are not, and their cents are chosen so that no bounded combination that
includes them (at most 5 items) can equal a whole amount or another noise amount:
unpaid invoices end in 0.01-0.03, unmatched, partial and short payments in 0.17-0.19,
with at most two of each per customer. A wrong group proposed on this ledger is thus the
engine's mistake, never a coincidence of the data. Whole amounts may still coincide
(two invoices of 500.00): such groups are not "uniquely solvable", which
:func:`mark_solvable` decides by brute force, independently of the engine.

The databases of the benchmarks get their ledgers as a :class:`Plan`: plain rows of
moves (each with one receivable line) and partial reconciliations, written by
scripts/ledger_loader.py with COPY. :meth:`Ledger.plan` turns the lettering ledger into
one (every item open); :meth:`Plan.build` plans the dunning benchmark's history of
customers (24 months of invoices, payments, credit notes, reconciled or partly, and
exactly the number of overdue invoices asked for).
"""

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from rules.lettering import Item

KINDS = (
    ("one_to_one", 30),
    ("subset", 20),
    ("many_payments", 10),
    ("reference", 20),
    ("reference_writeoff", 5),
    ("partial", 5),
    ("credit_note", 5),
)
ACCOUNT = 411
START = date(2024, 1, 1)
DAYS = 731  # 2024-01-01 .. 2025-12-31
# payment terms: (days, end of month)
TERMS = ((0, False), (30, False), (45, True), (60, False))
PLAIN_LABELS = ("VIR SEPA CLIENT", "VIREMENT RECU", "REMISE CHEQUE", "PRLV SEPA", "CB")
# the dunning benchmark's receivable history (Plan.build)
HISTORY_DAYS = 730  # 24 months
DUNNING_TERMS = ((30, 50), (45, 30), (60, 20))  # days, weight in %
PAID_UP_SHARE = 0.15  # customers with nothing overdue


@dataclass
class TrueGroup:
    id: int
    kind: str
    item_ids: tuple
    single: int | None = None  # the item the others settle (amount-based kinds)
    partial: bool = False
    solvable: bool = False
    named: bool = False  # labels link every item of the group (reference rule)


@dataclass
class Ledger:
    items: list = field(default_factory=list)
    groups: dict = field(default_factory=dict)
    group_of: dict = field(default_factory=dict)  # item id -> group id (not noise)
    due: dict = field(default_factory=dict)  # invoice item id -> due date

    def plan(self, seed, today):
        """The ledger as a :class:`Plan` for the database, every item open: invoices
        and credit notes of the sale journal under their numbers (a credit note's
        label naming its invoice), payments of the bank journal with their memo.
        Partner ``n`` of the items is the plan's customer ``n - 1``; the item of
        ``plan.moves[i]`` is ``self.items[i]``."""
        plan = Plan(seed, today)
        # as Odoo's reference of a customer's invoice, the number (OCA's rules by
        # reference compare the references of the entries)
        for item in self.items:
            partner = item.partner - 1
            if item.amount > 0 or item.refs:
                kind = "out_invoice" if item.amount > 0 else "out_refund"
                total = abs(item.amount)
                plan.move(
                    kind,
                    partner,
                    item.date,
                    untaxed=round(total / 1.2),
                    total=total,
                    due=self.due.get(item.id),
                    label=item.text,
                    name=item.refs[0],
                    ref=item.refs[0],
                )
            else:
                plan.move(
                    "entry", partner, item.date, total=-item.amount, label=item.text
                )
        return plan

    def check(self, proposals):
        """(wrong, found): proposals that are not exactly a true group, and the true
        groups found."""
        wrong, found = [], set()
        for proposal in proposals:
            group_ids = {self.group_of.get(i) for i in proposal.item_ids}
            group = len(group_ids) == 1 and self.groups.get(group_ids.pop())
            if (
                not group
                or tuple(sorted(group.item_ids)) != tuple(proposal.item_ids)
                or group.partial != proposal.partial
            ):
                wrong.append(proposal)
            else:
                found.add(group.id)
        return wrong, found


class _Builder:
    def __init__(self, seed, currency):
        self.rng = random.Random(seed)
        self.ledger = Ledger()
        self.currency = currency
        self.next_item = 1
        self.next_invoice = 1
        self.next_group = 1
        self.terms = TERMS[0]

    def day(self, low=0, high=DAYS - 1):
        return START + timedelta(days=self.rng.randint(low, high))

    def due_date(self, day):
        days, end_of_month = self.terms
        due = day + timedelta(days=days)
        if end_of_month:  # 45 days end of month: the last day of that month
            due = (due.replace(day=28) + timedelta(days=4)).replace(day=1)
            due -= timedelta(days=1)
        return due

    def item(self, partner, amount, day, refs=(), text=""):
        item = Item(
            self.next_item,
            amount,
            partner=partner,
            account=ACCOUNT,
            currency=self.currency,
            date=day,
            refs=tuple(refs),
            text=text,
        )
        self.next_item += 1
        self.ledger.items.append(item)
        return item

    def invoice(self, partner, amount, day=None):
        day = day or self.day()
        number = f"FAC/{day.year}/{self.next_invoice:05d}"
        self.next_invoice += 1
        invoice = self.item(partner, amount, day, (number,), number)
        self.ledger.due[invoice.id] = self.due_date(day)
        return invoice

    def payment(self, partner, amount, invoices, text=None, refs=()):
        """A payment of the ``invoices``, around their latest due date: a few days
        early to 45 days late, never before the latest invoice."""
        latest = max(i.date for i in invoices)
        due = max(self.ledger.due.get(i.id, i.date) for i in invoices)
        day = max(latest, due + timedelta(days=self.rng.randint(-7, 45)))
        text = text or self.rng.choice(PLAIN_LABELS)
        return self.item(partner, -amount, day, refs, text)

    def whole(self, low=50, high=5000):
        return self.rng.randint(low, high) * 100

    def group(self, kind, items, single=None, partial=False, named=False):
        group = TrueGroup(
            self.next_group,
            kind,
            tuple(sorted(i.id for i in items)),
            single.id if single else None,
            partial,
            named=named,
        )
        self.next_group += 1
        self.ledger.groups[group.id] = group
        for item in items:
            self.ledger.group_of[item.id] = group.id
        return group

    def mention(self, invoices):
        style = self.rng.randrange(4)
        numbers = [i.refs[0] for i in invoices]
        if style == 3 and len(numbers) == 1:  # the bare number, as the only memo
            return numbers[0]
        if style == 1:  # "fac 2025 123": other case, no zeros, spaces
            numbers = [
                " ".join(p.lstrip("0") or "0" for p in n.lower().split("/"))
                for n in numbers
            ]
        elif style == 2:  # glued
            numbers = [n.replace("/", "") for n in numbers]
        return "VIR SEPA REGLEMENT " + " ".join(numbers)

    # ------------------------------------------------------------------ kinds

    def one_to_one(self, partner):
        invoice = self.invoice(partner, self.whole())
        payment = self.payment(partner, invoice.amount, [invoice])
        return self.group("one_to_one", (invoice, payment), single=payment), 0

    def subset(self, partner):
        invoices = [
            self.invoice(partner, self.whole()) for _ in range(self.rng.randint(2, 4))
        ]
        total = sum(i.amount for i in invoices)
        payment = self.payment(partner, total, invoices)
        return self.group("subset", (*invoices, payment), single=payment), 0

    def many_payments(self, partner):
        count = self.rng.randint(2, 3)
        parts = [self.whole(20, 2000) for _ in range(count)]
        invoice = self.invoice(partner, sum(parts))
        payments = [self.payment(partner, part, [invoice]) for part in parts]
        return self.group("many_payments", (invoice, *payments), single=invoice), 0

    def reference(self, partner):
        invoices = [
            self.invoice(partner, self.whole()) for _ in range(self.rng.randint(1, 3))
        ]
        total = sum(i.amount for i in invoices)
        payment = self.payment(partner, total, invoices, self.mention(invoices))
        return self.group("reference", (*invoices, payment), named=True), 0

    def reference_writeoff(self, partner):
        invoice = self.invoice(partner, self.whole())
        amount = invoice.amount - 100 + self.rng.randint(17, 19)  # short by 0.81-0.83
        payment = self.payment(partner, amount, [invoice], self.mention([invoice]))
        return self.group("reference_writeoff", (invoice, payment), named=True), 1

    def partial(self, partner):
        invoice = self.invoice(partner, self.whole(200, 5000))
        amount = self.rng.randint(50, invoice.amount // 100 - 50) * 100
        amount += self.rng.randint(17, 19)
        payment = self.payment(partner, amount, [invoice], self.mention([invoice]))
        return self.group("partial", (invoice, payment), partial=True, named=True), 1

    def credit_note(self, partner):
        invoice = self.invoice(partner, self.whole(200, 5000))
        refund_amount = self.rng.randint(10, invoice.amount // 100 - 10) * 100
        day = invoice.date + timedelta(days=self.rng.randint(1, 30))
        number = f"AV/{day.year}/{self.next_invoice:05d}"
        self.next_invoice += 1
        text = self.rng.choice(("Avoir sur ", "Reversal of: ")) + invoice.refs[0]
        refund = self.item(partner, -refund_amount, day, (number,), text)
        named = self.rng.random() < 0.5
        payment = self.payment(
            partner,
            invoice.amount - refund_amount,
            [invoice, refund],
            self.mention([invoice]) if named else None,
        )
        items = (invoice, refund, payment)
        return self.group("credit_note", items, single=invoice, named=named), 0

    def zero_balance(self, partner):
        invoices = [
            self.invoice(partner, self.whole()) for _ in range(self.rng.randint(2, 3))
        ]
        refund_amount = (
            self.rng.randint(10, min(i.amount for i in invoices) // 100) * 100
        )
        refund = self.item(
            partner,
            -refund_amount,
            self.day(),
            (f"AV/2025/{self.next_invoice:05d}",),
            "AVOIR",
        )
        self.next_invoice += 1
        total = sum(i.amount for i in invoices) - refund_amount
        payment = self.payment(partner, total, invoices)
        return self.group("zero_balance", (*invoices, refund, payment))

    def noise(self, partner, dirty_payments):
        for _ in range(self.rng.randint(1, 2)):
            self.invoice(partner, self.whole() + self.rng.randint(1, 3))
        if dirty_payments < 2 and self.rng.random() < 0.4:
            amount = self.whole() + self.rng.randint(17, 19)
            self.item(partner, -amount, self.day(), (), self.rng.choice(PLAIN_LABELS))


def generate(seed=0, partners=500, items_per_partner=20, currency="EUR"):
    """A ledger of about ``partners * items_per_partner`` open items (see the module
    docstring). The same seed gives the same ledger."""
    builder = _Builder(seed, currency)
    rng = builder.rng
    names, weights = zip(*KINDS, strict=True)
    for partner in range(1, partners + 1):
        builder.terms = rng.choice(TERMS)
        if partner % 20 == 0:
            builder.zero_balance(partner)
            continue
        start = len(builder.ledger.items)
        dirty_payments = 0
        # room for the noise (at most 3 items)
        while len(builder.ledger.items) - start < items_per_partner - 3:
            kind = rng.choices(names, weights)[0]
            if kind in ("reference_writeoff", "partial") and dirty_payments >= 2:
                kind = "one_to_one"
            _group, dirty = getattr(builder, kind)(partner)
            dirty_payments += dirty
        builder.noise(partner, dirty_payments)
    return builder.ledger


def _settling(items, target, max_size):
    """Every combination of at most ``max_size`` of ``items`` whose amounts (in
    absolute value) sum to exactly ``target``, as frozensets of ids. Exhaustive: all
    amounts are positive, so a partial sum above the target is the only cut."""
    values = sorted(
        ((abs(i.amount), i.id) for i in items if abs(i.amount) <= target),
        reverse=True,
    )
    result = []

    def extend(start, total, chosen):
        for position in range(start, len(values)):
            value, item_id = values[position]
            new_total = total + value
            if new_total > target:
                continue
            if new_total == target:
                result.append(frozenset((*chosen, item_id)))
            elif len(chosen) + 1 < max_size:
                extend(position + 1, new_total, (*chosen, item_id))

    extend(0, 0, ())
    return result


def mark_solvable(ledger, max_group_size=6):
    """Set ``solvable`` on the true groups that the data alone identify:

    - zero_balance: always (the customer's items net to zero);
    - reference, reference_writeoff and credit notes whose payment names the invoice:
      always (the labels link the items);
    - partial: never (a partial lettering is a choice, not a solution);
    - amount-based kinds (one_to_one, subset, many_payments): by brute force over the
      customer's open items, a *balanced group* is one item and a combination of at
      most ``max_group_size - 1`` items of the opposite sign whose amounts settle it
      exactly; the true group is solvable when it is a balanced group and none of its
      items is in another balanced group -- it is the only explanation of each of its
      items."""
    by_partner = {}
    for item in ledger.items:
        by_partner.setdefault(item.partner, []).append(item)
    for items in by_partner.values():
        balanced = set()
        for item in items:
            opposite = [i for i in items if (i.amount > 0) != (item.amount > 0)]
            for combination in _settling(
                opposite, abs(item.amount), max_group_size - 1
            ):
                balanced.add(combination | {item.id})
        count = {}
        for group in balanced:
            for item_id in group:
                count[item_id] = count.get(item_id, 0) + 1
        for group_id in {ledger.group_of.get(i.id) for i in items} - {None}:
            group = ledger.groups[group_id]
            if group.kind == "zero_balance" or (group.named and not group.partial):
                group.solvable = True
            elif group.kind != "partial":
                group.solvable = frozenset(group.item_ids) in balanced and all(
                    count[i] == 1 for i in group.item_ids
                )
    return ledger


# ------------------------------------------------- rows for the database


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

    def move(self, kind, partner, day, untaxed=0, total=0, due=None, **names):
        """A move; ``names``: ``label`` (of its receivable line), ``name`` (None:
        numbered by the loader in date order), ``ref`` (None: a payment's label)."""
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
                "label": names.get("label", ""),
                "name": names.get("name"),
                "ref": names.get("ref"),
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
        days, term_weights = zip(*DUNNING_TERMS, strict=True)
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
