from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules import lettering as L
from scripts import ledger_generator

DAY = date(2026, 1, 15)


def item(id_, amount, partner=1, account=411, currency="EUR", day=DAY, **kw):
    """An open item of ``amount`` euros (cents in the engine)."""
    return L.Item(
        id_,
        round(amount * 100),
        partner=partner,
        account=account,
        currency=currency,
        date=day,
        **kw,
    )


def proposed(result):
    return [p.item_ids for p in result.proposals]


def ambiguous(result):
    return [(a.item_ids, a.reason) for a in result.ambiguities]


# ------------------------------------------------------------------- subset-sum


def test_payment_of_900_letters_500_and_400_not_fifo():
    items = [item(1, 500), item(2, 600), item(3, 400), item(4, -900)]
    result = L.propose(items, L.Rule(L.SUBSET_SUM))
    assert proposed(result) == [(1, 3, 4)]
    assert result.proposals[0].difference == 0
    assert not result.proposals[0].partial


def test_subset_tie_proposes_nothing():
    # two invoices of 500: which one the 900 pays cannot be known
    items = [item(1, 500), item(2, 500), item(3, 400), item(4, -900)]
    result = L.propose(items, L.Rule(L.SUBSET_SUM))
    assert proposed(result) == []
    assert ambiguous(result) == [((1, 2, 3, 4), L.SEVERAL_SOLUTIONS)]


def test_subset_alternative_single_invoice_is_ambiguous():
    items = [item(1, 900), item(2, 500), item(3, 400), item(4, -900)]
    for method in (L.SUBSET_SUM, L.ONE_TO_ONE):
        result = L.propose(items, L.Rule(method))
        assert proposed(result) == [], method
        assert ambiguous(result) == [((1, 2, 3, 4), L.SEVERAL_SOLUTIONS)], method


def test_subset_item_explained_twice_is_ambiguous():
    # the 900 would be 500 + 400, but that 500 is exactly paid by another payment
    items = [item(1, 500), item(2, 400), item(3, -900), item(4, -500)]
    assert proposed(L.propose(items, L.Rule(L.SUBSET_SUM))) == []
    assert proposed(L.propose(items, L.Rule(L.ONE_TO_ONE))) == []


def test_subset_bounds_group_size():
    invoices = [item(i, 100 * i) for i in range(1, 7)]  # 100 ... 600
    payment = item(10, -(100 + 200 + 300 + 400 + 500 + 600))
    # 7 items: over the default bound of 6
    assert proposed(L.propose([*invoices, payment], L.Rule(L.SUBSET_SUM))) == []
    result = L.propose([*invoices, payment], L.Rule(L.SUBSET_SUM, max_group_size=7))
    assert proposed(result) == [(1, 2, 3, 4, 5, 6, 10)]


def test_subset_searches_the_nearest_candidates():
    old = [item(i, 10 + i, day=DAY - timedelta(days=400 + i)) for i in range(1, 50)]
    recent = [item(100, 300, day=DAY), item(101, 250.5, day=DAY)]
    payment = item(200, -550.5, day=DAY + timedelta(days=3))
    rule = L.Rule(L.SUBSET_SUM, max_candidates=10)
    assert proposed(L.propose([*old, *recent, payment], rule)) == [(100, 101, 200)]


def test_search_limit_is_ambiguous():
    values = [item(i, 2) for i in range(1, 40)]
    payment = item(100, -7)  # odd: no combination, found only after a long search
    rule = L.Rule(L.SUBSET_SUM, max_group_size=5)
    original = L.SEARCH_BUDGET
    try:
        L.SEARCH_BUDGET = 5
        result = L.propose([*values, payment], rule)
    finally:
        L.SEARCH_BUDGET = original
    assert proposed(result) == []
    assert ambiguous(result) == [((100,), L.SEARCH_LIMIT)]


def test_many_payments_for_one_invoice():
    items = [item(1, 1000), item(2, -600), item(3, -400), item(4, -250)]
    result = L.propose(items, L.Rule(L.MANY_PAYMENTS))
    assert proposed(result) == [(1, 2, 3)]
    # the subset method looks the other way: one payment for invoices
    assert proposed(L.propose(items, L.Rule(L.SUBSET_SUM))) == []


def test_payable_accounts_swap_the_sides():
    # supplier bills are credits, the payment a debit
    bills = [item(1, -500, account=401), item(2, -600, account=401)]
    bills.append(item(3, -400, account=401))
    payment = item(4, 900, account=401)
    signs = {401: -1}
    result = L.propose([*bills, payment], L.Rule(L.SUBSET_SUM), natural_signs=signs)
    assert proposed(result) == [(1, 3, 4)]
    result = L.propose([*bills, payment], L.Rule(L.MANY_PAYMENTS), natural_signs=signs)
    assert proposed(result) == []


# ------------------------------------------------------------------ one-to-one


def test_one_to_one_pairs():
    items = [item(1, 120), item(2, -120), item(3, 80), item(4, -75)]
    assert proposed(L.propose(items, L.Rule(L.ONE_TO_ONE))) == [(1, 2)]


def test_one_to_one_twins_are_ambiguous():
    items = [item(1, 100), item(2, 100), item(3, -100), item(4, -100)]
    result = L.propose(items, L.Rule(L.ONE_TO_ONE))
    assert proposed(result) == []
    assert ambiguous(result) == [((1, 2, 3, 4), L.SEVERAL_SOLUTIONS)]


def test_tolerance_amount_and_percent():
    items = [item(1, 100), item(2, -99.5)]
    assert proposed(L.propose(items, L.Rule(L.ONE_TO_ONE))) == []
    result = L.propose(items, L.Rule(L.ONE_TO_ONE, tolerance=50))
    assert proposed(result) == [(1, 2)]
    assert result.proposals[0].difference == 50
    # 0.50 on 100 is 0.5 %: a 0.4 % limit refuses it, 1 % accepts it
    rule = L.Rule(L.ONE_TO_ONE, tolerance=100, tolerance_percent=0.4)
    assert proposed(L.propose(items, rule)) == []
    rule = L.Rule(L.ONE_TO_ONE, tolerance=100, tolerance_percent=1)
    assert proposed(L.propose(items, rule)) == [(1, 2)]
    assert L.tolerance_for(L.Rule(L.ONE_TO_ONE, tolerance=500), 10) == 500
    assert L.tolerance_for(L.Rule(L.ONE_TO_ONE, 500, 10.0), 1000) == 100


def test_date_window():
    items = [item(1, 100, day=DAY), item(2, -100, day=DAY + timedelta(days=40))]
    assert proposed(L.propose(items, L.Rule(L.ONE_TO_ONE, date_window=30))) == []
    assert proposed(L.propose(items, L.Rule(L.ONE_TO_ONE, date_window=40))) == [(1, 2)]
    result = L.propose(items, L.Rule(L.ZERO_BALANCE, date_window=30))
    assert ambiguous(result) == [((1, 2), L.OUT_OF_WINDOW)]


def test_partner_guard():
    items = [item(1, 100, partner=1), item(2, -100, partner=2)]
    assert proposed(L.propose(items, L.Rule(L.ONE_TO_ONE))) == []
    rule = L.Rule(L.ONE_TO_ONE)
    assert proposed(L.propose(items, rule, guarded_accounts={401})) == [(1, 2)]
    # never across accounts or currencies
    other = [item(1, 100), item(2, -100, account=401), item(3, -100, currency="USD")]
    assert proposed(L.propose(other, rule, guarded_accounts=set())) == []


# ------------------------------------------------------------------ zero balance


def test_zero_balance_per_partner():
    items = [item(1, 100), item(2, 50), item(3, -30), item(4, -120)]
    items += [item(5, 70, partner=2), item(6, -60, partner=2)]
    result = L.propose(items, L.Rule(L.ZERO_BALANCE), guarded_accounts=set())
    assert proposed(result) == [(1, 2, 3, 4)]
    result = L.propose(items, L.Rule(L.ZERO_BALANCE, max_group_size=3))
    assert proposed(result) == []
    assert ambiguous(result) == [((1, 2, 3, 4), L.TOO_MANY_ITEMS)]
    only_debits = [item(1, 0.0), item(2, 0.0)]
    assert proposed(L.propose(only_debits, L.Rule(L.ZERO_BALANCE))) == []


# -------------------------------------------------------------------- reference


@pytest.mark.parametrize(
    "label",
    [
        "VIR SEPA FAC/2026/00012",
        "virement fac 2026 12",
        "Règlement facture FAC-2026-012",
        "FAC202600012 merci",
        "Paiement Fàc/2026/00012",
    ],
)
def test_reference_found_after_normalisation(label):
    items = [
        item(1, 500, refs=("FAC/2026/00012",), text="FAC/2026/00012"),
        item(2, 500, refs=("FAC/2026/00013",), text="FAC/2026/00013"),
        item(3, -500, text=label, refs=("BNK1/2026/00001",)),
    ]
    assert proposed(L.propose(items, L.Rule(L.REFERENCE))) == [(1, 3)]


def test_reference_is_not_a_prefix_match():
    items = [
        item(1, 500, refs=("FAC/2026/1",)),
        item(3, -500, text="VIR FAC/2026/12"),
        item(4, -500, text="VIR FAC 2026 100"),
    ]
    assert proposed(L.propose(items, L.Rule(L.REFERENCE))) == []


def test_reference_ignores_short_or_wordy_numbers():
    assert L.reference_keys("AB1") == set()
    assert L.reference_keys("INVOICE") == set()
    assert L.reference_keys("F/2026/7") == {"TF|2026|7", "GF20267"}


def test_reference_several_invoices_and_tolerance_and_partial():
    items = [
        item(1, 300, refs=("FAC/2026/00021",)),
        item(2, 200, refs=("FAC/2026/00022",)),
        item(3, -499.2, text="FAC/2026/00021 FAC/2026/00022"),
    ]
    result = L.propose(items, L.Rule(L.REFERENCE))
    assert ambiguous(result) == [((1, 2, 3), L.UNBALANCED)]
    result = L.propose(items, L.Rule(L.REFERENCE, tolerance=100))
    assert proposed(result) == [(1, 2, 3)]
    assert result.proposals[0].difference == 80
    partial = [
        item(1, 300, refs=("FAC/2026/00021",)),
        item(3, -100, text="FAC 2026 21"),
    ]
    result = L.propose(partial, L.Rule(L.REFERENCE, allow_partial=True))
    assert proposed(result) == [(1, 3)]
    assert result.proposals[0].partial


def test_reference_stays_within_the_partner():
    items = [
        item(1, 300, partner=1, refs=("FAC/2026/00021",)),
        item(2, -300, partner=2, text="FAC/2026/00021"),
    ]
    assert proposed(L.propose(items, L.Rule(L.REFERENCE))) == []


# --------------------------------------------------------------------- chaining


def test_run_rules_chains_and_lists_ambiguities_once():
    items = [
        item(1, 500, refs=("FAC/2026/00001",)),
        item(2, 600, refs=("FAC/2026/00002",)),
        item(3, 400, refs=("FAC/2026/00003",)),
        item(4, -900),  # 500 + 400
        item(5, -600, text="VIR FAC/2026/00002"),
        item(6, 80),
        item(7, 80),
        item(8, -80),
    ]
    rules = [
        L.Rule(L.REFERENCE, key="ref"),
        L.Rule(L.ONE_TO_ONE, key="1-1"),
        L.Rule(L.SUBSET_SUM, key="subset"),
    ]
    results = L.run_rules(items, rules)
    assert [(rule.key, proposed(result)) for rule, result in results] == [
        ("ref", [(2, 5)]),
        ("1-1", []),
        ("subset", [(1, 3, 4)]),
    ]
    listed = [a.item_ids for _rule, result in results for a in result.ambiguities]
    assert listed == [(6, 7, 8)]
    assert results[1][1].ambiguities[0].rule == "1-1"


def test_run_rules_scopes():
    items = [item(1, 100), item(2, -100), item(3, 200), item(4, -200)]
    rules = [L.Rule(L.ONE_TO_ONE, key="a"), L.Rule(L.ONE_TO_ONE, key="b")]
    results = L.run_rules(items, rules, scopes=[{3, 4}, None])
    assert [proposed(result) for _rule, result in results] == [[(3, 4)], [(1, 2)]]
    # a scope holding every item is the same as no scope
    ledger = ledger_generator.generate(seed=2, partners=40)
    ids = {i.id for i in ledger.items}
    everything = L.run_rules(ledger.items, DEFAULT_RULES, scopes=[ids] * 5)
    unscoped = L.run_rules(ledger.items, DEFAULT_RULES)
    assert [r.proposals for _r, r in everything] == [r.proposals for _r, r in unscoped]


def test_rule_checks_its_bounds():
    with pytest.raises(ValueError):
        L.Rule("fifo")
    with pytest.raises(ValueError):
        L.Rule(L.SUBSET_SUM, max_group_size=1)
    with pytest.raises(ValueError):
        L.Rule(L.SUBSET_SUM, tolerance=-1)


def test_to_minor():
    assert L.to_minor(12.34) == 1234
    assert L.to_minor(-0.1 - 0.2) == -30
    assert L.to_minor(1500, rounding=1.0) == 1500


# ------------------------------------------------------------------- properties


@settings(max_examples=150, deadline=None)
@given(
    values=st.lists(st.integers(1, 60), min_size=0, max_size=9),
    target=st.integers(1, 150),
    tolerance=st.integers(0, 3),
    max_size=st.integers(1, 4),
)
def test_find_subsets_agrees_with_brute_force(values, target, tolerance, max_size):
    brute = L.combinations_settling(values, target, tolerance, max_size)
    found = L.find_subsets(values, target, tolerance, max_size, limit=10_000)
    assert sorted(found) == sorted(brute)
    first_two = L.find_subsets(values, target, tolerance, max_size, limit=2)
    assert len(first_two) == min(2, len(brute))


amounts = st.integers(-400, 400).filter(bool).map(lambda v: v * 25)
items_strategy = st.lists(
    st.tuples(
        amounts,
        st.integers(1, 3),  # partner
        st.sampled_from([411, 467]),  # account
        st.integers(0, 60),  # days
        st.sampled_from(["", "FAC/2026/00001", "FAC/2026/00002"]),
    ),
    min_size=0,
    max_size=14,
)
rule_strategy = st.builds(
    L.Rule,
    method=st.sampled_from(L.METHODS),
    tolerance=st.sampled_from([0, 0, 25, 100]),
    tolerance_percent=st.sampled_from([0.0, 0.0, 1.0]),
    date_window=st.sampled_from([None, 30]),
    max_group_size=st.integers(2, 5),
    max_candidates=st.integers(3, 10),
    allow_partial=st.booleans(),
)


def _build(raw):
    return [
        L.Item(
            n + 1,
            amount,
            partner=partner,
            account=account,
            currency="EUR",
            date=DAY + timedelta(days=days),
            refs=(f"FAC/2026/{n + 1:05d}",) if amount > 0 else (),
            text=text if amount < 0 else "",
        )
        for n, (amount, partner, account, days, text) in enumerate(raw)
    ]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=items_strategy, rules=st.lists(rule_strategy, min_size=1, max_size=3))
def test_properties_of_proposals(raw, rules):
    items = _build(raw)
    by_id = {i.id: i for i in items}
    guarded = {411}
    results = L.run_rules(items, rules, guarded_accounts=guarded)
    used = set()
    for rule, result in results:
        for proposal in result.proposals:
            group = [by_id[i] for i in proposal.item_ids]
            # never reuses an item
            assert not used & set(proposal.item_ids)
            used |= set(proposal.item_ids)
            assert len(group) >= 2
            assert len(group) <= rule.max_group_size
            # one account, one currency; one partner on guarded accounts
            assert len({i.account for i in group}) == 1
            assert len({i.currency for i in group}) == 1
            if group[0].account in guarded or rule.method == L.ZERO_BALANCE:
                assert len({i.partner for i in group}) == 1
            # debit and credit; balances within tolerance unless partial
            assert any(i.amount > 0 for i in group)
            assert any(i.amount < 0 for i in group)
            assert proposal.difference == sum(i.amount for i in group)
            if proposal.partial:
                assert rule.allow_partial and rule.method == L.REFERENCE
            else:
                assert L.balances(rule, [i.amount for i in group])
            if rule.date_window and rule.method in (L.ZERO_BALANCE, L.REFERENCE):
                assert L.in_window(rule, group)
        for ambiguity in result.ambiguities:
            assert ambiguity.reason in L.REASONS
            assert not used & set(ambiguity.item_ids)


@settings(max_examples=100, deadline=None)
@given(raw=items_strategy, rule=rule_strategy)
def test_proposals_do_not_depend_on_item_order(raw, rule):
    items = _build(raw)
    forward = L.propose(items, rule, guarded_accounts={411})
    backward = L.propose(list(reversed(items)), rule, guarded_accounts={411})
    assert forward.proposals == backward.proposals


# ------------------------------------------------------------ synthetic ledger

DEFAULT_RULES = [
    L.Rule(L.ZERO_BALANCE, max_group_size=50),
    L.Rule(L.REFERENCE, tolerance=100),
    L.Rule(L.ONE_TO_ONE),
    L.Rule(L.SUBSET_SUM),
    L.Rule(L.MANY_PAYMENTS),
]


def test_generator_is_seeded():
    first = ledger_generator.generate(seed=3, partners=20)
    again = ledger_generator.generate(seed=3, partners=20)
    other = ledger_generator.generate(seed=4, partners=20)
    assert first.items == again.items
    assert first.items != other.items
    kinds = {
        g.kind for g in ledger_generator.generate(seed=3, partners=60).groups.values()
    }
    assert kinds == {
        "one_to_one",
        "subset",
        "many_payments",
        "reference",
        "reference_writeoff",
        "partial",
        "credit_note",
        "zero_balance",
    }


def test_generator_covers_two_years_terms_credit_notes_and_labels():
    ledger = ledger_generator.generate(seed=5, partners=100)
    days = [i.date for i in ledger.items]
    assert min(days).year == 2024
    assert max(days) >= date(2025, 11, 1)
    invoices = [i for i in ledger.items if i.amount > 0]
    terms = {(ledger.due[i.id] - i.date).days for i in invoices}
    assert {0, 30, 60} <= terms
    assert any(t > 45 for t in terms - {60})  # 45 days end of month
    payments = [i for i in ledger.items if i.amount < 0 and not i.refs]
    named = [p for p in payments if "FAC" in p.text.upper()]
    plain = [p for p in payments if p.text in ledger_generator.PLAIN_LABELS]
    assert named and plain
    assert len(named) + len(plain) == len(payments)
    assert any(p.text.startswith("FAC/") for p in named)  # the bare number
    credit_notes = [g for g in ledger.groups.values() if g.kind == "credit_note"]
    assert {g.named for g in credit_notes} == {True, False}


@pytest.mark.parametrize("seed", [11, 12])
def test_engine_on_synthetic_ledger_precision_and_recall(seed):
    ledger = ledger_generator.generate(seed=seed, partners=160, items_per_partner=20)
    ledger_generator.mark_solvable(ledger)
    results = L.run_rules(ledger.items, DEFAULT_RULES)
    proposals = [p for _rule, result in results for p in result.proposals]
    wrong, found = ledger.check(proposals)
    assert wrong == [], "precision must be 100 %"
    solvable = {g.id for g in ledger.groups.values() if g.solvable}
    assert len(solvable) > 600
    assert {ledger.groups[g].kind for g in solvable} >= {"subset", "many_payments"}
    recall = len(found & solvable) / len(solvable)
    assert recall >= 0.95, recall
    # partial payments naming their invoice are left to a human...
    partial = {g.id for g in ledger.groups.values() if g.kind == "partial"}
    assert not found & partial
    listed = {
        i for _r, result in results for a in result.ambiguities for i in a.item_ids
    }
    assert all(set(ledger.groups[g].item_ids) <= listed for g in partial)
    # ...or lettered partially when the rule allows it
    rules = [L.Rule(L.REFERENCE, tolerance=100, allow_partial=True), *DEFAULT_RULES]
    proposals = [
        p for _r, res in L.run_rules(ledger.items, rules) for p in res.proposals
    ]
    wrong, found = ledger.check(proposals)

    # an invoice and the credit note naming it, lettered partially while the payment
    # of the rest names nothing: a step towards the true group, not a wrong group
    def kind_of(proposal):
        group = ledger.groups.get(ledger.group_of.get(proposal.item_ids[0]))
        return group.kind if group else None

    steps = [
        p
        for p in wrong
        if p.partial
        and len({ledger.group_of.get(i) for i in p.item_ids}) == 1
        and kind_of(p) == "credit_note"
    ]
    assert steps
    assert wrong == steps
    assert partial <= found
