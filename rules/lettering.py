"""Automatic lettering: which open items belong together.

Pure Python over plain values. An :class:`Item` is an open journal item (its residual in
integer minor units of its currency, e.g. cents, signed: debit > 0, credit < 0); a
:class:`Rule` is one matching method with its bounds. :func:`propose` returns the groups
the rule is sure of (:class:`Proposal`) and the cases it leaves to a human
(:class:`Ambiguity`); :func:`run_rules` chains rules, each one working on what the
previous ones did not letter.

Principles:

- items are only ever grouped within one *bucket*: same account and currency, and same
  partner when the account is guarded (receivable/payable lettering per partner
  sub-account) -- the zero-balance method always works per partner;
- a group is proposed only when it is the *unique* solution: for the amount-based
  methods, the only balanced combination (see :class:`Explanations`) that any of its
  items belongs to; otherwise nothing is proposed and the items are listed as
  ambiguous, for a human;
- an item is never in two proposals of one run, every proposal balances within the
  rule's tolerance (or is explicitly partial when the rule allows it), and never has
  more than ``max_group_size`` items.

Methods:

``zero_balance``
    all open items of a partner (account, currency) net to zero: one group.
``reference``
    an item's label or reference mentions the number (invoice number, reference,
    payment reference) of items of the opposite sign, compared after normalisation
    (case, accents, separators, leading zeros); linked items form a group, which must
    balance (or is partial when ``allow_partial``).
``one_to_one``
    one debit and one credit of the same amount (within tolerance).
``subset_sum``
    one payment settles exactly some of the open invoices: a bounded search (at most
    ``max_group_size - 1`` invoices among at most ``max_candidates``, the nearest in
    date when there are more). A payment of 900 against invoices of 500, 600 and 400
    letters 500 + 400.
``many_payments``
    several payments settle one invoice (the same search, sides swapped).

The "invoice side" of an account is the sign of its normal balance: debit for
receivable (and by default), credit for payable accounts (``natural_signs``).
"""

import datetime
import itertools
import re
import unicodedata
from dataclasses import dataclass, field

ZERO_BALANCE = "zero_balance"
ONE_TO_ONE = "one_to_one"
REFERENCE = "reference"
SUBSET_SUM = "subset_sum"
MANY_PAYMENTS = "many_payments"
METHODS = (ZERO_BALANCE, ONE_TO_ONE, REFERENCE, SUBSET_SUM, MANY_PAYMENTS)

# reasons of an ambiguity
SEVERAL_SOLUTIONS = "several_solutions"
TOO_MANY_ITEMS = "too_many_items"
UNBALANCED = "unbalanced"
SEARCH_LIMIT = "search_limit"
OUT_OF_WINDOW = "out_of_window"
REASONS = (SEVERAL_SOLUTIONS, TOO_MANY_ITEMS, UNBALANCED, SEARCH_LIMIT, OUT_OF_WINDOW)

SEARCH_BUDGET = 50_000  # nodes of one bounded subset search


@dataclass(frozen=True, slots=True)
class Item:
    """An open journal item.

    ``amount``: signed residual in minor units of ``currency`` (debit > 0).
    ``refs``: numbers this item carries (invoice number, reference, payment reference).
    ``text``: label and reference, in which the numbers of other items are looked for.
    """

    id: int
    amount: int
    partner: int | None = None
    account: int = 0
    currency: object = None
    date: datetime.date | None = None
    refs: tuple = ()
    text: str = ""


@dataclass(frozen=True)
class Rule:
    method: str
    tolerance: int = 0  # minor units
    tolerance_percent: float = 0.0  # of the group's amount; 0: no percentage limit
    date_window: int | None = None  # days between the oldest and newest item
    max_group_size: int = 6
    max_candidates: int = 40
    allow_partial: bool = False  # reference method: letter partially when unbalanced
    key: object = None  # identifies the rule in results (e.g. a database id)

    def __post_init__(self):
        if self.method not in METHODS:
            raise ValueError(f"Unknown lettering method {self.method!r}")
        if self.max_group_size < 2:
            raise ValueError("A lettering group has at least two items")
        if self.tolerance < 0 or self.tolerance_percent < 0:
            raise ValueError("A tolerance cannot be negative")


@dataclass(frozen=True)
class Proposal:
    item_ids: tuple
    difference: int  # sum of the residuals: 0 when exact, else written off or left open
    partial: bool = False
    method: str = ""
    rule: object = None


@dataclass(frozen=True)
class Ambiguity:
    item_ids: tuple
    reason: str
    method: str = ""
    rule: object = None


@dataclass
class Result:
    proposals: list = field(default_factory=list)
    ambiguities: list = field(default_factory=list)


# ----------------------------------------------------------------------- helpers


def tolerance_for(rule, base):
    """The largest accepted difference for a group whose larger side is ``base``."""
    tolerance = rule.tolerance
    if rule.tolerance_percent:
        tolerance = min(tolerance, int(abs(base) * rule.tolerance_percent / 100))
    return tolerance


def balances(rule, amounts):
    """Whether signed ``amounts`` net to zero within the rule's tolerance."""
    debit = sum(a for a in amounts if a > 0)
    credit = -sum(a for a in amounts if a < 0)
    return abs(debit - credit) <= tolerance_for(rule, max(debit, credit))


def in_window(rule, items):
    if not rule.date_window:
        return True
    dates = [i.date for i in items if i.date]
    return not dates or (max(dates) - min(dates)).days <= rule.date_window


def bucket_key(item, per_partner):
    return (item.account, item.currency, item.partner if per_partner else None)


def buckets(items, guarded_accounts=None, per_partner=False):
    """Items by bucket; ``guarded_accounts`` None means every account is guarded."""
    result = {}
    for item in items:
        guarded = per_partner or (
            guarded_accounts is None or item.account in guarded_accounts
        )
        result.setdefault(bucket_key(item, guarded), []).append(item)
    return result


def _ids(items):
    return tuple(sorted(i.id for i in items))


def _invoice_sign(item, natural_signs):
    return (natural_signs or {}).get(item.account, 1)


# --------------------------------------------------------------- bounded search


class SearchLimit(Exception):
    """The bounded subset search went over its budget of nodes."""


def find_subsets(
    values,
    target,
    tolerance,
    max_size,
    limit=2,
    budget=None,
    presorted=False,
):
    """Up to ``limit`` combinations of at most ``max_size`` of the positive ``values``
    whose sum is within ``tolerance`` of ``target``, as tuples of indexes into
    ``values``. Raises :class:`SearchLimit` past ``budget`` nodes. ``presorted``:
    ``values`` are already in decreasing order."""
    budget = SEARCH_BUDGET if budget is None else budget
    if presorted:
        order = range(len(values))
    else:
        order = sorted(range(len(values)), key=lambda i: -values[i])
    v = [values[i] for i in order]
    n = len(v)
    prefix = [0]
    for value in v:
        prefix.append(prefix[-1] + value)
    low, high = target - tolerance, target + tolerance
    solutions = []
    nodes = [0]

    def best(start, slots):  # the largest sum of `slots` values from `start`
        return prefix[min(start + slots, n)] - prefix[start]

    def search(start, size, total, chosen):
        nodes[0] += 1
        if nodes[0] > budget:
            raise SearchLimit
        slots = max_size - size
        for i in range(start, n):
            if total + best(i, slots) < low:
                return  # the rest is smaller still
            new_total = total + v[i]
            if new_total > high:
                continue
            if new_total >= low:
                solutions.append(tuple(sorted(order[j] for j in (*chosen, i))))
                if len(solutions) >= limit:
                    return
            if slots > 1 and new_total + best(i + 1, slots - 1) >= low:
                search(i + 1, size + 1, new_total, (*chosen, i))
                if len(solutions) >= limit:
                    return

    if max_size > 0 and n:
        search(0, 0, 0, ())
    return solutions


# ------------------------------------------------------------------- references

_TOKEN = re.compile(r"[A-Z]+|[0-9]+")
MAX_REF_TOKENS = 6


def tokens(text):
    """Upper-case ASCII letter runs and digit runs of ``text`` (accents removed)."""
    if not text:
        return []
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().upper()
    )
    return _TOKEN.findall(ascii_text)


def _canonical(run):
    return "|".join(t.lstrip("0") or "0" if t.isdigit() else t for t in run)


def reference_keys(ref):
    """Keys under which a number is found in labels: its tokens with numbers compared
    by value ("FAC/2024/00012" = "fac 2024 12"), and all its characters glued
    ("FAC202400012"). Numbers without a digit or shorter than 4 characters are not
    significant (words, short codes) and give no key."""
    run = tokens(ref)
    glued = "".join(run)
    if len(glued) < 4 or not any(t.isdigit() for t in run) or len(run) > MAX_REF_TOKENS:
        return set()
    return {"T" + _canonical(run), "G" + glued}


class ReferenceIndex:
    """The numbers of a set of items, to find which of them a label mentions."""

    def __init__(self, items):
        self.owners = {}  # key -> ids of the items carrying a number with that key
        self.first_tokens = {}  # canonical first token -> numbers of tokens of refs
        self.glued_prefixes = set()  # prefixes of the first run of glued refs
        self.max_glued = 0
        for item in items:
            for ref in item.refs:
                keys = reference_keys(ref)
                if not keys:
                    continue
                run = tokens(ref)
                first = _canonical(run[:1])
                self.first_tokens.setdefault(first, set()).add(len(run))
                glued = "".join(run)
                self.max_glued = max(self.max_glued, len(glued))
                head = tokens(glued)[0]
                self.glued_prefixes.update(head[:n] for n in range(1, len(head) + 1))
                for key in keys:
                    self.owners.setdefault(key, set()).add(item.id)

    def mentioned(self, text):
        """Ids of the items whose number appears in ``text``."""
        run = tokens(text)
        found = set()
        owners = self.owners
        for start, token in enumerate(run):
            lengths = self.first_tokens.get(_canonical((token,)))
            if lengths:
                for length in lengths:
                    part = run[start : start + length]
                    if len(part) == length:
                        found |= owners.get("T" + _canonical(part), set())
            if token in self.glued_prefixes:
                glued = ""
                for part in run[start:]:
                    glued += part
                    if len(glued) > self.max_glued:
                        break
                    found |= owners.get("G" + glued, set())
        return found


def _reference_edges(items):
    index = ReferenceIndex(items)
    if not index.owners:
        return []
    by_id = {item.id: item for item in items}
    edges = []
    for item in items:
        if not item.text:
            continue
        for other in index.mentioned(item.text):
            if other != item.id and (by_id[other].amount > 0) != (item.amount > 0):
                edges.append((item.id, other))
    return edges


def _components(ids, edges):
    parent = {i: i for i in ids}

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups = {}
    for i in ids:
        groups.setdefault(find(i), []).append(i)
    return [g for g in groups.values() if len(g) > 1]


# ---------------------------------------------------------------------- methods


def _zero_balance(rule, bucket, result):
    if not any(i.amount > 0 for i in bucket) or not any(i.amount < 0 for i in bucket):
        return
    amounts = [i.amount for i in bucket]
    if not balances(rule, amounts):
        return
    if len(bucket) > rule.max_group_size:
        result.ambiguities.append(
            Ambiguity(_ids(bucket), TOO_MANY_ITEMS, rule.method, rule.key)
        )
    elif not in_window(rule, bucket):
        result.ambiguities.append(
            Ambiguity(_ids(bucket), OUT_OF_WINDOW, rule.method, rule.key)
        )
    else:
        result.proposals.append(
            Proposal(_ids(bucket), sum(amounts), False, rule.method, rule.key)
        )


def _close_dates(rule, a, b):
    if not rule.date_window or not a.date or not b.date:
        return True
    return abs((a.date - b.date).days) <= rule.date_window


def _distance(a, b):
    if not a.date or not b.date:
        return 0
    return abs((a.date - b.date).days)


SETTLEMENT_LIMIT = 8  # past that many combinations, an item is "unknown"


class Explanations:
    """Every bounded way the items of a bucket settle one another.

    For each item, the combinations of at most ``max_group_size - 1`` items of the
    opposite sign (among the ``max_candidates`` nearest in date when there are more)
    whose amounts settle it within tolerance. Each such combination plus the item is a
    *balanced group*. An item is *explained* by the balanced groups it belongs to; it
    is *unknown* when its own search could not be completed (over the search budget or
    with more than ``SETTLEMENT_LIMIT`` combinations). Amount-based methods propose a
    balanced group only when it is the one and only explanation of each of its items.
    Lettering some items only removes explanations, so the structure is computed once
    per bucket and filtered as rules go."""

    def __init__(self, rule, bucket):
        self.groups = {}  # frozenset of ids -> set of the ids it settles
        self.unknown = {}  # id -> reason
        sides = {
            True: sorted((i for i in bucket if i.amount > 0), key=lambda i: -i.amount),
            False: sorted((i for i in bucket if i.amount < 0), key=lambda i: i.amount),
        }
        for item in bucket:
            self._explain(rule, item, sides[item.amount < 0])

    def _explain(self, rule, item, opposite):
        target = abs(item.amount)
        tolerance = tolerance_for(rule, target)
        candidates = [
            o
            for o in opposite
            if abs(o.amount) <= target + tolerance and _close_dates(rule, item, o)
        ]
        if len(candidates) > rule.max_candidates:
            candidates.sort(key=lambda o: (_distance(item, o), o.id))
            del candidates[rule.max_candidates :]
            candidates.sort(key=lambda o: -abs(o.amount))
        try:
            found = find_subsets(
                [abs(o.amount) for o in candidates],
                target,
                tolerance,
                rule.max_group_size - 1,
                limit=SETTLEMENT_LIMIT + 1,
                presorted=True,
            )
        except SearchLimit:
            self.unknown[item.id] = SEARCH_LIMIT
            return
        if len(found) > SETTLEMENT_LIMIT:
            self.unknown[item.id] = SEVERAL_SOLUTIONS
            return
        for combination in found:
            group = frozenset([item.id, *(candidates[i].id for i in combination)])
            self.groups.setdefault(group, set()).add(item.id)

    def select(self, rule, present, accepts):
        """(proposals, ambiguities) among the items of ``present`` (ids): balanced
        groups accepted by ``accepts(group ids)`` that are the only explanation of
        each of their items; overlapping explanations are listed as ambiguous."""
        groups = [g for g in self.groups if g <= present]
        touching = {}
        for group in groups:
            for item_id in group:
                touching.setdefault(item_id, []).append(group)
        proposals, ambiguities, seen = [], [], set()
        for group in sorted(groups, key=sorted):
            if not accepts(group):
                continue
            if all(len(touching[i]) == 1 for i in group) and not any(
                i in self.unknown for i in group
            ):
                proposals.append(group)
                continue
            if group & seen:
                continue
            cluster = self._cluster(group, touching)
            seen |= cluster
            reason = next(
                (self.unknown[i] for i in sorted(cluster) if i in self.unknown),
                SEVERAL_SOLUTIONS,
            )
            ambiguities.append(Ambiguity(tuple(sorted(cluster)), reason, rule.method))
        # items whose search could not be completed and that nothing else explains
        for item_id, reason in sorted(self.unknown.items()):
            if item_id in present and item_id not in seen and item_id not in touching:
                ambiguities.append(Ambiguity((item_id,), reason, rule.method))
        return proposals, ambiguities

    @staticmethod
    def _cluster(group, touching):
        cluster, todo = set(), [group]
        while todo:
            current = todo.pop()
            for item_id in current:
                if item_id not in cluster:
                    cluster.add(item_id)
                    todo.extend(touching[item_id])
        return cluster


def _amount_method(rule, bucket, result, natural_signs, explanations):
    invoice_sign = _invoice_sign(bucket[0], natural_signs)
    signs = {i.id: (1 if i.amount > 0 else -1) for i in bucket}

    def accepts(group):
        if rule.method == ONE_TO_ONE:
            return len(group) == 2
        single_sign = -invoice_sign if rule.method == SUBSET_SUM else invoice_sign
        return sum(1 for i in group if signs[i] == single_sign) == 1

    present = frozenset(signs)
    groups, ambiguities = explanations.select(rule, present, accepts)
    by_id = {i.id: i for i in bucket}
    for group in groups:
        amounts = [by_id[i].amount for i in group]
        if len(group) <= rule.max_group_size and balances(rule, amounts):
            result.proposals.append(
                Proposal(
                    tuple(sorted(group)), sum(amounts), False, rule.method, rule.key
                )
            )
    for ambiguity in ambiguities:
        result.ambiguities.append(
            Ambiguity(ambiguity.item_ids, ambiguity.reason, rule.method, rule.key)
        )


def _reference(rule, bucket, result):
    by_id = {i.id: i for i in bucket}
    for component in _components(by_id, _reference_edges(bucket)):
        items = [by_id[i] for i in component]
        ids = _ids(items)
        amounts = [i.amount for i in items]
        if len(items) > rule.max_group_size:
            result.ambiguities.append(
                Ambiguity(ids, TOO_MANY_ITEMS, rule.method, rule.key)
            )
        elif not in_window(rule, items):
            result.ambiguities.append(
                Ambiguity(ids, OUT_OF_WINDOW, rule.method, rule.key)
            )
        elif balances(rule, amounts):
            result.proposals.append(
                Proposal(ids, sum(amounts), False, rule.method, rule.key)
            )
        elif rule.allow_partial:
            result.proposals.append(
                Proposal(ids, sum(amounts), True, rule.method, rule.key)
            )
        else:
            result.ambiguities.append(Ambiguity(ids, UNBALANCED, rule.method, rule.key))


def _explanations_key(rule):
    return (
        rule.tolerance,
        rule.tolerance_percent,
        rule.date_window,
        rule.max_group_size,
        rule.max_candidates,
    )


def propose(items, rule, guarded_accounts=None, natural_signs=None, cache=None):
    """The proposals and ambiguities of ``rule`` over ``items`` (a :class:`Result`).

    ``guarded_accounts``: accounts lettered per partner (None: all of them).
    ``natural_signs``: {account: 1 or -1}, the sign of invoices on the account (1 by
    default; -1 for payable accounts). ``cache``: a dict shared by successive calls
    over shrinking sets of the same items (see :func:`run_rules`)."""
    result = Result()
    per_partner = rule.method == ZERO_BALANCE
    cache = {} if cache is None else cache
    for key, bucket in buckets(items, guarded_accounts, per_partner).items():
        if len(bucket) < 2:
            continue
        bucket.sort(key=lambda i: i.id)
        if rule.method == ZERO_BALANCE:
            _zero_balance(rule, bucket, result)
        elif rule.method == REFERENCE:
            _reference(rule, bucket, result)
        else:
            cache_key = (key, _explanations_key(rule))
            explanations = cache.get(cache_key)
            if explanations is None:
                explanations = cache[cache_key] = Explanations(rule, bucket)
            _amount_method(rule, bucket, result, natural_signs, explanations)
    result.proposals.sort(key=lambda p: p.item_ids)
    result.ambiguities.sort(key=lambda a: a.item_ids)
    return result


def run_rules(items, rules, guarded_accounts=None, natural_signs=None, scopes=None):
    """Apply ``rules`` in order, each on the items the previous ones did not propose.

    ``scopes``: for each rule, None (every item) or the set of the ids of the items it
    may letter. Returns a list of (rule, Result); an ambiguity is kept only when none
    of its items was proposed by a later rule, and an item is listed as ambiguous
    once."""
    remaining = {item.id: item for item in items}
    scopes = scopes or [None] * len(rules)
    results = []
    caches = {}
    for position, (rule, scope) in enumerate(zip(rules, scopes, strict=True)):
        pool = remaining.values()
        if scope is not None:
            pool = [item for item in pool if item.id in scope]
        cache = caches.setdefault(None if scope is None else position, {})
        result = propose(pool, rule, guarded_accounts, natural_signs, cache)
        for proposal in result.proposals:
            for item_id in proposal.item_ids:
                del remaining[item_id]
        results.append((rule, result))
    seen = set()
    for _rule, result in results:
        kept = []
        for ambiguity in result.ambiguities:
            ids = set(ambiguity.item_ids)
            if all(i in remaining for i in ids) and not ids & seen:
                kept.append(ambiguity)
            seen |= ids
        result.ambiguities = kept
    return results


def to_minor(amount, rounding=0.01):
    """An amount in minor units of a currency whose rounding is ``rounding``."""
    return round(amount / rounding)


def combinations_settling(values, target, tolerance, max_size):
    """Brute force (for tests and small inputs): every combination of at most
    ``max_size`` indexes of ``values`` whose sum is within tolerance of ``target``."""
    return [
        combo
        for size in range(1, max_size + 1)
        for combo in itertools.combinations(range(len(values)), size)
        if abs(sum(values[i] for i in combo) - target) <= tolerance
    ]
