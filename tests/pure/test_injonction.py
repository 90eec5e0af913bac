"""Pure tests of rules/injonction.py: court type, deadlines across 2026-09-01,
limitation, small claims and the claim breakdown."""

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules import injonction
from rules.injonction import (
    InjonctionTables,
    InvoiceClaim,
    add_months,
    claim_breakdown,
    deadlines,
    is_tae_city,
    limitation,
    normalize_city,
    small_claim,
)
from rules.penalties import DatedRate, MissingParameterError


def d(text):
    return date.fromisoformat(text)


def dated(*pairs):
    return [DatedRate(d(day), Decimal(value)) for day, value in pairs]


# the figures of the French-law notes, P8, P11 and P12
TABLES = InjonctionTables(
    service_months=dated(("2020-01-01", 6), ("2026-09-01", 3)),
    opposition_months=dated(("2020-01-01", 1)),
    enforcement_months=dated(("2020-01-01", 0), ("2026-09-01", 2)),
    tae_experiment=dated(("2020-01-01", 0), ("2025-01-01", 1), ("2029-01-01", 0)),
    prescription_professional_years=dated(("2020-01-01", 5)),
    prescription_consumer_years=dated(("2020-01-01", 2)),
    small_claims_cap=dated(("2020-01-01", 5000)),
    formule_request_months=dated(("2020-01-01", 1), ("2022-03-01", 0)),
    artisans_commercial=dated(("2020-01-01", 0), ("2022-01-01", 1)),
)


# ------------------------------------------------------------------------- court


@pytest.mark.parametrize(
    "city", ["Lyon", "LYON CEDEX 02", "Saint-Brieuc", "le havre", "Nanterre"]
)
def test_tae_cities(city):
    assert is_tae_city(city)


@pytest.mark.parametrize("city", ["Bordeaux", "Lille", "Saint-Malo", "", None])
def test_not_tae_cities(city):
    assert not is_tae_city(city)


def test_normalize_city():
    assert normalize_city("Saint-Étienne Cedex 1") == "SAINT ETIENNE"
    assert normalize_city("Paris 11e") == "PARIS"


# --------------------------------------------------------------------- deadlines


def test_add_months_clamps_to_month_end():
    assert add_months(d("2026-01-31"), 1) == d("2026-02-28")
    assert add_months(d("2026-08-31"), 6) == d("2027-02-28")
    assert add_months(d("2026-11-15"), 3) == d("2027-02-15")
    assert add_months(d("2024-02-29"), 12) == d("2025-02-28")


def test_deadlines_order_before_the_reform():
    result = deadlines(d("2026-08-31"), d("2026-10-05"), TABLES)
    # 6 months: Sun 28 Feb 2027 -> Mon 1 Mar (CPC 642)
    assert result.service_deadline == d("2027-03-01")
    assert result.service.normal == d("2027-02-28")
    assert result.opposition_deadline == d("2026-11-05")  # 1 month from service
    assert result.enforceable_from == d("2026-11-06")  # after the opposition period
    assert not result.greffe_notifies_oppositions_only


def test_deadlines_order_from_the_reform():
    result = deadlines(d("2026-09-01"), d("2026-10-05"), TABLES)
    assert result.service_deadline == d("2026-12-01")  # 3 months
    assert result.opposition_deadline == d("2026-11-05")
    # no notice within 2 months: Sat 5 Dec -> Mon 7 Dec (CPC 642), then the day after
    assert result.enforceable_from == d("2026-12-08")
    assert result.greffe_notifies_oppositions_only


def test_deadlines_not_served_yet_and_no_order():
    result = deadlines(d("2026-10-01"), None, TABLES)
    assert result.service_deadline == d("2027-01-04")  # 1 January, then a weekend
    assert result.opposition_deadline is None
    assert result.enforceable_from is None
    assert deadlines(None, None, TABLES).service_deadline is None


def test_deadlines_missing_period_is_an_error():
    with pytest.raises(MissingParameterError) as error:
        deadlines(d("2019-06-01"), None, TABLES)
    assert error.value.parameter == "service months"


def test_opposition_of_an_order_served_to_the_person_on_30_january_2026():
    # §13.2: no 30 February -> Sat 28 Feb 2026 -> Mon 2 Mar 2026
    result = deadlines(d("2026-01-15"), d("2026-01-30"), TABLES)
    assert result.opposition.normal == d("2026-02-28")
    assert result.opposition_deadline == d("2026-03-02")
    assert result.opposition.reason == "saturday"
    assert result.enforceable_from == d("2026-03-03")
    assert result.opposition_pending is None


def test_deadline_on_good_friday_in_strasbourg_probable_extension():
    # served Tue 3 Mar 2026 -> opposition ends Fri 3 Apr: Good Friday in 67
    result = deadlines(d("2026-02-10"), d("2026-03-03"), TABLES, scope="57-67-68")
    assert result.opposition_deadline == d("2026-04-03")  # reminders: national
    assert result.opposition.local == d("2026-04-07")  # then Easter Monday
    assert result.enforceable_from == d("2026-04-08")  # never enforce too early
    lyon = deadlines(d("2026-02-10"), d("2026-03-03"), TABLES)
    assert lyon.opposition.local == d("2026-04-03")
    assert lyon.enforceable_from == d("2026-04-04")


@pytest.mark.parametrize("mode", ["domicile", "etude", "pv_659"])
def test_order_not_served_to_the_person_opposition_unknown(mode):
    result = deadlines(d("2026-03-02"), d("2026-03-10"), TABLES, service_mode=mode)
    assert result.opposition_deadline is None
    assert result.opposition_pending == "not_to_person"
    # enforcement still counts from the service (CPC 1422)
    assert result.enforceable_from == d("2026-04-11")


def test_order_not_served_to_the_person_then_an_act_to_the_person():
    result = deadlines(
        d("2026-03-02"),
        d("2026-03-10"),
        TABLES,
        service_mode="domicile",
        personal_act_date=d("2026-05-20"),
        seizure_date=d("2026-04-15"),
    )
    # the act to the person first; Sat 20 June -> Mon 22 June
    assert result.opposition_start == d("2026-05-20")
    assert result.opposition_deadline == d("2026-06-22")
    assert result.opposition_pending is None


def test_order_not_served_to_the_person_then_a_seizure():
    result = deadlines(
        d("2026-09-15"),
        d("2026-10-01"),
        TABLES,
        service_mode="etude",
        seizure_date=d("2026-12-10"),
    )
    assert result.opposition_start == d("2026-12-10")
    assert result.opposition_deadline == d("2027-01-11")  # Sun 10 Jan 2027
    assert result.enforceable_from == d("2026-12-02")  # 2 months after service


def test_historic_order_formule_executoire_request_deadline():
    # order of 2021-06-01 served 2021-06-10: opposition ends Sat 10 July 2021
    # -> Mon 12 July; the formule exécutoire is requested within 1 month after
    # it (CPC 1423 in force until 2022-02-28): Thu 12 August 2021
    result = deadlines(d("2021-06-01"), d("2021-06-10"), TABLES)
    assert result.opposition_deadline == d("2021-07-12")
    assert result.formule_applicable
    assert result.formule_deadline == d("2021-08-12")
    # served 14 June: opposition ends on 14 July -> 15 July; the formule on
    # Sun 15 Aug 2021 (Assumption) -> Mon 16 Aug
    result = deadlines(d("2021-06-01"), d("2021-06-14"), TABLES)
    assert result.opposition_deadline == d("2021-07-15")
    assert result.formule.normal == d("2021-08-15")
    assert result.formule.reason == "assumption"
    assert result.formule_deadline == d("2021-08-16")
    not_served = deadlines(d("2021-06-01"), None, TABLES)
    assert not_served.formule_applicable and not_served.formule_deadline is None


def test_order_from_march_2022_bears_the_formule_executoire():
    result = deadlines(d("2022-03-01"), d("2022-03-15"), TABLES)
    assert not result.formule_applicable
    assert result.formule_deadline is None
    assert not deadlines(None, None, TABLES).formule_applicable


# -------------------------------------------------------------------- limitation


def test_limitation_between_professionals_is_five_years():
    result = limitation(d("2021-03-10"), d("2021-04-09"), False, TABLES)
    assert result.years == 5
    assert result.start == d("2021-03-10")  # the earlier date
    assert result.end == d("2026-03-10")
    assert result.legal_ref == "C. com. L110-4"
    assert not result.reached(d("2026-03-10"))
    assert result.reached(d("2026-03-11"))


def test_limitation_against_a_consumer_is_two_years():
    result = limitation(d("2024-05-02"), d("2024-05-02"), True, TABLES)
    assert result.years == 2
    assert result.end == d("2026-05-02")
    assert result.legal_ref == "C. conso. L218-2"
    assert result.reached(d("2026-05-03"))


def test_small_claim_cap():
    assert small_claim(Decimal("5000.00"), d("2026-01-01"), TABLES)
    assert not small_claim(Decimal("5000.01"), d("2026-01-01"), TABLES)
    with pytest.raises(MissingParameterError):
        small_claim(100, d("2019-01-01"), TABLES)


# ------------------------------------------------------------------------- claim


def test_claim_breakdown_professional():
    invoices = [
        InvoiceClaim(
            "FAC/2026/0001",
            d("2026-01-05"),
            d("2026-02-04"),
            Decimal(1200),
            Decimal("25.43"),
            rates=(Decimal("12.15"), Decimal("12.40")),
            interest_from=d("2026-02-05"),
            indemnity=Decimal(40),
        ),
        InvoiceClaim(
            "FAC/2026/0002",
            d("2026-02-05"),
            d("2026-03-07"),
            Decimal("300.005"),
            Decimal(0),
            indemnity=Decimal(40),
        ),
        InvoiceClaim("FAC/2026/0003", d("2026-02-05"), d("2026-03-07"), Decimal(0)),
    ]
    claim = claim_breakdown(
        invoices, d("2026-09-30"), True, penalty_clause=100, court_fee="35.21"
    )
    kinds = [(line.kind, line.reference) for line in claim.lines]
    assert kinds == [
        ("principal", "FAC/2026/0001"),
        ("interest", "FAC/2026/0001"),
        ("indemnity", "FAC/2026/0001"),
        ("principal", "FAC/2026/0002"),
        ("indemnity", "FAC/2026/0002"),
        ("penalty_clause", ""),
        ("court_fee", ""),
    ]
    interest = claim.lines[1]
    assert interest.rate == Decimal("12.40") and interest.rate_varies
    assert interest.date_from == d("2026-02-05")
    assert interest.date_to == d("2026-09-30")
    assert interest.legal_ref == "C. com. L441-10 II"
    assert claim.lines[2].legal_ref == "C. com. L441-10 II et D441-5"
    assert claim.principal == Decimal("1500.01")
    assert claim.interest == Decimal("25.43")
    assert claim.total_of("indemnity") == Decimal("80.00")
    assert claim.total == Decimal("1740.65")


def test_claim_breakdown_consumer_has_no_indemnity():
    invoices = [
        InvoiceClaim(
            "FAC/1",
            d("2026-01-05"),
            d("2026-01-05"),
            Decimal(150),
            Decimal("1.20"),
            rates=(Decimal("2.62"),),
            indemnity=Decimal(40),
        )
    ]
    claim = claim_breakdown(invoices, d("2026-06-30"), False)
    assert [line.kind for line in claim.lines] == ["principal", "interest"]
    assert claim.lines[1].legal_ref.startswith("C. civ. 1231-6")
    assert not claim.lines[1].rate_varies
    assert claim.total == Decimal("151.20")


# ------------------------------------------------------------------- eligibility

SIREN = "732829320"  # valid (Luhn)


def eligible_facts(**changes):
    facts = injonction.Facts(
        debtor="Acier Dupré SAS",
        claim_date=d("2026-03-01"),
        country="FR",
        french_law_countries=("FR", "GP", "MQ", "GF", "RE", "YT"),
        creditor_id=SIREN,
        debtor_is_company=True,
        debtor_id=SIREN,
        debtor_nature="trader",
        claim_nature="trade",
        court_type="commerce",
        court=True,
        zip="69002",
        invoices=(("FAC/1", d("2025-06-01"), d("2025-07-01")),),
        contract_basis="terms",
        formal_notices=1,
        claim_amount=lambda: Decimal(12000),
        tables=TABLES,
    )
    return dataclasses.replace(facts, **changes)


def codes(facts, level=None):
    return [
        f.code
        for f in injonction.eligibility(facts)
        if level is None or f.level == level
    ]


def test_eligibility_of_an_eligible_claim_finds_nothing():
    assert injonction.eligibility(eligible_facts()) == []


def test_eligibility_findings_in_order_with_their_parameters():
    facts = eligible_facts(
        reminder="REL/1",
        reminder_kind="formal_notice",
        address_complete=False,
        debtor_id="123",
        disputed=("FAC/1",),
        open_cases=("IP/3",),
        formal_notices=0,
        claim_amount=lambda: Decimal(3000),
        court=False,
    )
    findings = injonction.eligibility(facts)
    assert [f.code for f in findings] == [
        "reminder_level",
        "address",
        "debtor_siret",
        "disputed",
        "in_case",
        "formal_notice",
        "small_claim",
        "court",
    ]
    assert findings[0] == injonction.Finding(
        injonction.BLOCKING, "reminder_level", {"reminder": "REL/1"}
    )
    assert findings[3].params == {"invoices": "FAC/1"}
    assert [f.level for f in findings][-3:] == [
        injonction.WARNING,
        injonction.INFO,
        injonction.BLOCKING,
    ]


def test_eligibility_stops_without_debtor_abroad_or_without_invoices():
    assert codes(injonction.Facts(debtor=None)) == ["partner"]
    assert codes(eligible_facts(country="BE", address_complete=False)) == ["abroad"]
    called = []
    facts = eligible_facts(invoices=(), claim_amount=lambda: called.append(1))
    assert codes(facts) == ["invoices"]
    assert not called  # the claim is not computed


def test_eligibility_limitation_and_claim_errors():
    old = (("FAC/0", d("2020-06-10"), d("2020-07-10")),)
    (finding,) = injonction.eligibility(eligible_facts(invoices=old))
    assert (finding.code, finding.params["years"]) == ("limitation", 5)
    assert finding.params["invoices"] == "FAC/0"
    # no limitation period in the tables on the invoice date
    older = (("FAC/00", d("2019-01-10"), d("2019-02-10")),)
    (finding,) = injonction.eligibility(eligible_facts(invoices=older))
    assert finding.code == "parameter"

    def missing():
        raise MissingParameterError("legal rate", d("2026-03-01"))

    (finding,) = injonction.eligibility(eligible_facts(claim_amount=missing))
    assert finding.code == "claim"
    assert isinstance(finding.params["error"], MissingParameterError)

    class Refused(Exception):
        pass

    def refused():
        raise Refused("no rate")

    facts = eligible_facts(claim_amount=refused, claim_errors=(Refused,))
    assert codes(facts) == ["claim"]
    with pytest.raises(Refused):  # an error the wizard does not explain propagates
        injonction.eligibility(eligible_facts(claim_amount=refused))


def test_eligibility_collective_proceedings_and_acknowledgement():
    judged = (("redressement", d("2025-06-15")),)
    found = injonction.eligibility(
        eligible_facts(proceedings=judged, born=(d("2025-06-01"),))
    )
    assert [(f.code, f.params["kind"]) for f in found] == [
        ("proceeding", "redressement")
    ]
    assert not codes(eligible_facts(proceedings=judged, born=(d("2025-07-01"),))), (
        "a claim born after the judgment may be pursued"
    )
    old = (("FAC/1", d("2020-01-10"), d("2020-02-10")),)
    assert "limitation" in codes(eligible_facts(invoices=old))
    signed = (("FAC/1", d("2024-05-01")),)
    assert "limitation" not in codes(eligible_facts(invoices=old, acknowledged=signed))
    late = (("FAC/1", d("2025-06-01")),)  # after the five years had run out
    assert "limitation" in codes(eligible_facts(invoices=old, acknowledged=late))


def test_eligibility_court_cases_and_identifiers():
    assert codes(eligible_facts(debtor_nature="civil", court_type="judiciaire")) == [
        "non_trader"
    ]
    assert codes(eligible_facts(claim_nature="residential_lease")) == ["lease_place"]
    assert codes(eligible_facts(zip="97133")) == ["territory"]
    assert codes(eligible_facts(creditor_id=None, debtor_is_company=False)) == [
        "creditor_siret"
    ]
    assert injonction.valid_siren_or_siret("732 829 320 00074")
    assert not injonction.valid_siren_or_siret("732829321")


@given(
    st.fixed_dictionaries(
        {
            "reminder_kind": st.sampled_from([None, "formal_notice", "litigation"]),
            "country": st.sampled_from([None, "FR", "RE", "BE"]),
            "address_complete": st.booleans(),
            "proceedings": st.sampled_from([(), (("redressement", d("2025-06-15")),)]),
            "born": st.sampled_from([(), (d("2025-06-01"),)]),
            "debtor_id": st.sampled_from([None, SIREN, "1"]),
            "invoices": st.sampled_from(
                [(), (("FAC/1", d("2025-06-01"), d("2025-07-01")),)]
            ),
            "contract_basis": st.sampled_from(["none", "contract", "terms"]),
            "disputed": st.sampled_from([(), ("FAC/1",)]),
            "formal_notices": st.integers(0, 2),
            "court": st.booleans(),
        }
    )
)
def test_eligibility_each_check_once_known_levels_stops_last(changes):
    facts = eligible_facts(reminder="REL/1", **changes)
    findings = injonction.eligibility(facts)
    found = [f.code for f in findings]
    assert len(found) == len(set(found))
    assert all(
        f.level in (injonction.BLOCKING, injonction.WARNING, injonction.INFO)
        for f in findings
    )
    stops = [i for i, code in enumerate(found) if code in injonction.STOPS]
    assert stops in ([], [len(found) - 1])
    # the findings come in the order of the checks
    order = [check(facts) for check in injonction.CHECKS]
    flat = [f.code for group in order for f in group]
    assert found == flat[: len(found)]
