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
"""

import random
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
