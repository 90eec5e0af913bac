"""A synthetic receivable ledger with known true groups, to measure automatic lettering.

``generate(seed, partners, items_per_partner)`` builds open items (:class:`Item` of
``rules.lettering``) of customers on one receivable account, and the truth: which items
belong together (:class:`TrueGroup`). Kinds of groups:

==================  ======================================================  ==========
kind                what                                                    share
==================  ======================================================  ==========
one_to_one          an invoice and a payment of the same amount             30 %
subset              one payment for 2 to 4 of the customer's invoices       20 %
many_payments       an invoice paid in 2 or 3 payments                      10 %
reference           a payment whose label names its 1 to 3 invoices         20 %
reference_writeoff  the same, the payment short by less than 1.00 (fees)     5 %
partial             a payment naming its invoice, paying only part of it     5 %
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

import itertools
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .lettering import Item

KINDS = (
    ("one_to_one", 30),
    ("subset", 20),
    ("many_payments", 10),
    ("reference", 20),
    ("reference_writeoff", 5),
    ("partial", 5),
)
ACCOUNT = 411
START = date(2025, 1, 1)


@dataclass
class TrueGroup:
    id: int
    kind: str
    item_ids: tuple
    single: int | None = None  # the item the others settle (amount-based kinds)
    partial: bool = False
    solvable: bool = False


@dataclass
class Ledger:
    items: list = field(default_factory=list)
    groups: dict = field(default_factory=dict)
    group_of: dict = field(default_factory=dict)  # item id -> group id (not noise)

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

    def day(self, low=0, high=330):
        return START + timedelta(days=self.rng.randint(low, high))

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
        number = f"FAC/2025/{self.next_invoice:05d}"
        self.next_invoice += 1
        return self.item(partner, amount, day or self.day(), (number,), number)

    def payment(self, partner, amount, after, text="VIR SEPA CLIENT", refs=()):
        day = after + timedelta(days=self.rng.randint(0, 60))
        return self.item(partner, -amount, day, refs, text)

    def whole(self, low=50, high=5000):
        return self.rng.randint(low, high) * 100

    def group(self, kind, items, single=None, partial=False):
        group = TrueGroup(
            self.next_group,
            kind,
            tuple(sorted(i.id for i in items)),
            single.id if single else None,
            partial,
        )
        self.next_group += 1
        self.ledger.groups[group.id] = group
        for item in items:
            self.ledger.group_of[item.id] = group.id
        return group

    def mention(self, invoices):
        style = self.rng.randrange(3)
        numbers = [i.refs[0] for i in invoices]
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
        payment = self.payment(partner, invoice.amount, invoice.date)
        return self.group("one_to_one", (invoice, payment), single=payment), 0

    def subset(self, partner):
        invoices = [
            self.invoice(partner, self.whole()) for _ in range(self.rng.randint(2, 4))
        ]
        total = sum(i.amount for i in invoices)
        payment = self.payment(partner, total, max(i.date for i in invoices))
        return self.group("subset", (*invoices, payment), single=payment), 0

    def many_payments(self, partner):
        count = self.rng.randint(2, 3)
        parts = [self.whole(20, 2000) for _ in range(count)]
        invoice = self.invoice(partner, sum(parts))
        payments = [self.payment(partner, part, invoice.date) for part in parts]
        return self.group("many_payments", (invoice, *payments), single=invoice), 0

    def reference(self, partner):
        invoices = [
            self.invoice(partner, self.whole()) for _ in range(self.rng.randint(1, 3))
        ]
        total = sum(i.amount for i in invoices)
        payment = self.payment(
            partner, total, max(i.date for i in invoices), self.mention(invoices)
        )
        return self.group("reference", (*invoices, payment)), 0

    def reference_writeoff(self, partner):
        invoice = self.invoice(partner, self.whole())
        amount = invoice.amount - 100 + self.rng.randint(17, 19)  # short by 0.81-0.83
        payment = self.payment(partner, amount, invoice.date, self.mention([invoice]))
        return self.group("reference_writeoff", (invoice, payment)), 1

    def partial(self, partner):
        invoice = self.invoice(partner, self.whole(200, 5000))
        amount = self.rng.randint(50, invoice.amount // 100 - 50) * 100
        amount += self.rng.randint(17, 19)
        payment = self.payment(partner, amount, invoice.date, self.mention([invoice]))
        return self.group("partial", (invoice, payment), partial=True), 1

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
        payment = self.payment(partner, total, max(i.date for i in invoices))
        return self.group("zero_balance", (*invoices, refund, payment))

    def noise(self, partner, dirty_payments):
        for _ in range(self.rng.randint(1, 2)):
            self.invoice(partner, self.whole() + self.rng.randint(1, 3))
        if dirty_payments < 2 and self.rng.random() < 0.4:
            self.payment(partner, self.whole() + self.rng.randint(17, 19), self.day())


def generate(seed=0, partners=500, items_per_partner=20, currency="EUR"):
    """A ledger of about ``partners * items_per_partner`` open items (see the module
    docstring). The same seed gives the same ledger."""
    builder = _Builder(seed, currency)
    rng = builder.rng
    names, weights = zip(*KINDS, strict=True)
    for partner in range(1, partners + 1):
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
    values = [abs(i.amount) for i in items]
    result = []
    for size in range(1, max_size + 1):
        for combo in itertools.combinations(range(len(values)), size):
            if sum(values[i] for i in combo) == target:
                result.append(frozenset(items[i].id for i in combo))
    return result


def mark_solvable(ledger, max_group_size=6):
    """Set ``solvable`` on the true groups that the data alone identify:

    - zero_balance: always (the customer's items net to zero);
    - reference and reference_writeoff: always (the label names the invoices);
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
            if group.kind in ("zero_balance", "reference", "reference_writeoff"):
                group.solvable = True
            elif group.kind != "partial":
                group.solvable = frozenset(group.item_ids) in balanced and all(
                    count[i] == 1 for i in group.item_ids
                )
    return ledger
