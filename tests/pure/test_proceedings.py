"""Pure tests of rules/proceedings.py: claims at the opening judgment, the
deadlines from the BODACC publication (French-law notes §10.3, §13.2 worked
examples), provisions, the VAT of lost debts, the payer score. Rates are test
values; the deadline figures are those of §10.8 P15 (as the data file holds them)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rate_stubs import b2b, consumer, forty

from rules.penalties import DatedRate, MissingParameterError
from rules.proceedings import (
    ProceedingTables,
    born_before,
    claim_at_judgment,
    declaration_deadline,
    duplicata_mention,
    injonction_finding,
    interest_until,
    over_credit_limit,
    payer_score,
    provision_amount,
    provision_movement,
    provision_rate,
    releve_deadline,
    reminder_dates,
    revendication_deadline,
    vat_recovery,
    vat_recovery_deadline,
)

D = Decimal
START = date(2014, 7, 1)
TABLES = ProceedingTables(
    declaration_months=[DatedRate(START, 2)],
    declaration_extension_months=[DatedRate(START, 2)],
    releve_months=[DatedRate(START, 6)],
    revendication_months=[DatedRate(START, 3)],
    vat_recovery_years=[DatedRate(START, 2)],
)


def claim(judgment, installments, **kw):
    kw.setdefault("professional", True)
    kw.setdefault("b2b_rate_for", b2b)
    kw.setdefault("consumer_rate_for", consumer)
    return claim_at_judgment(judgment, installments, **kw)


JUDGMENT = date(2026, 3, 2)


def test_born_before_the_judgment_day_only():
    assert born_before(date(2026, 3, 1), JUDGMENT)
    assert not born_before(JUDGMENT, JUDGMENT), "effect from 0 h of its date"


def test_interest_until_the_day_before_by_default():
    assert interest_until(JUDGMENT) == date(2026, 3, 1)
    assert interest_until(JUDGMENT, judgment_day_bears_interest=True) == JUDGMENT


def test_claim_interest_to_the_day_before_the_judgment_and_indemnity():
    result = claim(
        JUDGMENT,
        [(date(2026, 1, 31), D("1000"), [(date(2026, 2, 10), D("200"))])],
        indemnity_for=forty,
    )
    # 1 .. 10 Feb: 1000 x 10 % x 10 / 365 = 2.7397; 11 Feb .. 1 Mar: 800 x 10 % x
    # 19 / 365 = 4.1644 -> 2.74 + 4.16 = 6.90
    assert result.interest == D("6.90")
    assert (result.principal, result.paid, result.indemnity) == (
        D("800.00"),
        D("200.00"),
        D("40.00"),
    )
    assert result.not_yet_due == []
    assert result.total == D("846.90")


def test_installments_due_after_the_judgment_are_not_yet_due_no_indemnity():
    result = claim(
        JUDGMENT,
        [(JUDGMENT, D("500"), []), (date(2026, 4, 30), D("500"), [])],
        indemnity_for=forty,
    )
    assert result.principal == 0
    assert result.not_yet_due == [
        (JUDGMENT, D("500.00")),
        (date(2026, 4, 30), D("500.00")),
    ]
    assert (result.interest, result.indemnity) == (0, 0), "40 EUR not due (L441-10)"


def test_payments_after_the_judgment_not_counted():
    result = claim(
        JUDGMENT, [(date(2026, 1, 31), D("1000"), [(date(2026, 3, 5), D("1000"))])]
    )
    assert result.principal == D("1000.00")


def test_consumer_owes_interest_only_after_a_notice():
    result = claim(JUDGMENT, [(date(2026, 1, 31), D("1000"), [])], professional=False)
    assert result.interest == 0


amounts = st.decimals(min_value=D("1"), max_value=D("100000"), places=2)
days = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31))


@settings(max_examples=200, deadline=None)
@given(days, st.lists(st.tuples(days, amounts), min_size=1, max_size=4), days)
def test_claim_splits_the_residual_and_interest_never_grows_after(
    judgment, installments, later
):
    items = [(due, amount, []) for due, amount in installments]
    result = claim(judgment, items, indemnity_for=forty)
    assert result.principal + result.not_yet_due_total == sum(
        a for _d, a in installments
    )
    assert all(due >= judgment for due, _a in result.not_yet_due)
    # the interest declared is the interest computed on the day before
    later_claim = claim(max(judgment, later), items, indemnity_for=forty)
    if later_claim.principal == result.principal:
        assert later_claim.interest >= result.interest


def test_declaration_deadline_worked_examples():
    # §13.2: BODACC Wed 24 Jun 2026 -> 24 Aug 2026; outside metropole -> Sat 24
    # Oct 2026 -> Mon 26 Oct 2026
    assert declaration_deadline(date(2026, 6, 24), TABLES).legal == date(2026, 8, 24)
    abroad = declaration_deadline(date(2026, 6, 24), TABLES, outside_metropole=True)
    assert (abroad.normal, abroad.legal) == (date(2026, 10, 24), date(2026, 10, 26))


def test_releve_and_revendication_deadlines():
    assert releve_deadline(date(2026, 6, 24), TABLES).legal == date(2026, 12, 24)
    # 24 Sep 2026 is a Thursday
    assert revendication_deadline(date(2026, 6, 24), TABLES).legal == date(2026, 9, 24)
    # 31 Aug + 6 months: no 31 Feb -> 28 Feb 2027 (Sunday) -> Mon 1 Mar 2027
    assert releve_deadline(date(2026, 8, 31), TABLES).legal == date(2027, 3, 1)


def test_missing_parameter_raises():
    with pytest.raises(MissingParameterError):
        declaration_deadline(date(2010, 1, 4), TABLES)


@given(days, st.booleans())
def test_deadline_is_a_working_day_after_the_publication(publication, outside):
    deadline = declaration_deadline(publication, TABLES, outside)
    assert deadline.legal >= deadline.normal > publication
    assert deadline.legal.weekday() < 5
    assert deadline.legal - deadline.normal < timedelta(days=5)


def test_reminder_dates_not_in_the_past():
    deadline = date(2026, 8, 24)
    assert reminder_dates(deadline, (30, 7, 1), date(2026, 8, 1)) == [
        date(2026, 8, 1),
        date(2026, 8, 17),
        date(2026, 8, 23),
    ]


def test_injonction_finding():
    assert injonction_finding([], [date(2026, 1, 1)]) is None
    assert injonction_finding([("redressement", JUDGMENT)], [JUDGMENT]) is None
    assert injonction_finding(
        [("redressement", JUDGMENT)], [date(2026, 3, 5), date(2026, 1, 5)]
    ) == ("blocking", "proceeding", {"kind": "redressement", "judgment": JUDGMENT})


def test_provision_rate_and_amount():
    assert provision_rate("liquidation", 30, 50) == 100
    assert provision_rate("redressement", 30, 50) == 30
    assert provision_rate("redressement", 0, 50) == 50
    assert provision_rate(None, 0, 0) == 0
    # residual 1200 TTC of an invoice 1000 HT / 1200 TTC at 50 % -> 500
    assert provision_amount(1200, 1000, 1200, 50) == D("500.00")
    # half paid: 600 TTC left -> 500 HT -> 100 % -> 500
    assert provision_amount(600, 1000, 1200, 100) == D("500.00")
    assert provision_amount(0, 1000, 1200, 100) == 0
    assert provision_movement(300, 500) == (D("200"), D("0.00"))
    assert provision_movement(500, 0) == (D("0.00"), D("500"))


@given(amounts, amounts, st.integers(0, 100))
def test_provision_never_above_the_untaxed_residual(residual, untaxed, rate):
    total = untaxed * D("1.2")
    amount = provision_amount(residual, untaxed, total, rate)
    assert 0 <= amount <= (min(residual, total) * untaxed / total) + D("0.005")


def test_vat_recovery_per_invoice_kind():
    goods = vat_recovery(True, D("200"), "liquidation")
    assert (goods.amount, goods.reason) == (D("200.00"), "recoverable")
    services = vat_recovery(False, D("200"), "liquidation")
    assert (services.amount, services.reason) == (0, "vat_on_payment")
    assert vat_recovery(True, D("200"), "redressement").reason == "event"
    assert vat_recovery(True, 0, "closure").reason == "no_vat"
    assert vat_recovery_deadline(date(2026, 3, 2), TABLES) == date(2028, 12, 31)


def test_duplicata_mention():
    assert duplicata_mention("1 000,00", "200,00") == (
        "Facture demeurée impayée pour la somme de 1 000,00 € (prix net) et pour la "
        "somme de 200,00 € (TVA correspondante) qui ne peut faire l'objet d'une "
        "déduction (article 272 du CGI)"
    )


TODAY = date(2026, 12, 1)


def test_payer_score_perfect_and_late():
    on_time = [(D("1000"), date(2026, 6, 1), date(2026, 6, 1))]
    assert payer_score(on_time, TODAY).score == 100
    late = [
        (D("1000"), date(2026, 6, 1), date(2026, 7, 1)),  # 30 days
        (D("3000"), date(2026, 8, 1), date(2026, 8, 1)),  # on time
        (D("1000"), date(2025, 6, 1), date(2025, 6, 6)),  # 5 days, year before
    ]
    result = payer_score(late, TODAY, disputes=1, broken_promises=3)
    # A = 1000 x 30 / 4000 = 7.5; S = 1/2; T = 7.5 - 5 = 2.5
    # 100 - 40 x 7.5/60 - 30 x 0.5 - 10 x 2.5/30 - 10 x 1/2 - 10 = 100 - 5 - 15
    # - 0.83 - 5 - 10 = 64.17 -> 64
    assert (result.days_late, result.late_share, result.trend) == (
        D("7.5"),
        D("0.50"),
        D("2.5"),
    )
    assert result.score == 64


def test_payer_score_without_history():
    result = payer_score([], TODAY)
    assert (result.score, result.days_late, result.trend) == (100, 0, 0)


@given(
    st.lists(
        st.tuples(amounts, days, st.integers(0, 200)).map(
            lambda t: (t[0], t[1], t[1] + timedelta(days=t[2]))
        ),
        max_size=12,
    ),
    st.integers(0, 5),
    st.integers(0, 5),
)
def test_payer_score_bounded_and_worse_with_disputes(invoices, disputes, broken):
    result = payer_score(invoices, TODAY, disputes, broken)
    assert 0 <= result.score <= 100
    assert payer_score(invoices, TODAY, disputes + 1, broken).score <= result.score


def test_over_credit_limit():
    assert over_credit_limit(900, 200, 1000)
    assert not over_credit_limit(800, 200, 1000)
    assert not over_credit_limit(10**6, 1, 0), "no limit"
