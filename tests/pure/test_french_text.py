from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules import french_text as ft

NBSP = "\N{NO-BREAK SPACE}"


def plain(text):
    return text.replace(NBSP, " ")


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 12, 1), "1er décembre 2026"),
        (date(2026, 3, 2), "2 mars 2026"),
        (date(2026, 8, 15), "15 août 2026"),
        (date(2027, 2, 11), "11 février 2027"),
    ],
)
def test_long_date(day, text):
    assert ft.long_date(day) == text


def test_place_and_date():
    assert ft.place_and_date("Lyon", date(2026, 12, 1)) == "Lyon, le 1er décembre 2026"
    assert ft.place_and_date("", date(2026, 12, 21)) == "Le 21 décembre 2026"


@given(st.dates())
def test_long_date_never_has_a_leading_zero_or_a_capital(day):
    text = ft.long_date(day)
    assert not text.startswith("0")
    assert text == text.lower()
    assert ("1er" in text) == (day.day == 1)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1176, "1 176,00 €"),
        (Decimal("79.14"), "79,14 €"),
        (0.005, "0,01 €"),
        (1234567.891, "1 234 567,89 €"),
        (-40, "-40,00 €"),
    ],
)
def test_amount(value, text):
    assert plain(ft.amount(value)) == text


def test_rate_and_number():
    assert plain(ft.rate(12.4)) == "12,40 %"
    assert ft.number(2026, 0) == "2" + NBSP + "026"  # a number, not a year
    assert plain(ft.rate(Decimal("10.15"))) == "10,15 %"


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2))
def test_amount_has_no_decimal_point(value):
    text = ft.amount(value)
    assert "." not in text
    assert text.endswith(NBSP + "€")
    back = Decimal(text[:-2].replace(NBSP, "").replace(",", "."))
    assert back == value


def test_join_words_and_fill():
    assert ft.join_words(["a"]) == "a"
    assert ft.join_words(["a", "b", "c"]) == "a, b et c"
    assert ft.fill("Total {amount} au {deadline} {unknown}", {"amount": "5 €"}) == (
        "Total 5 € au {deadline} {unknown}"
    )


def test_address_block_french_norm():
    lines = ft.address_block(
        ft.PostalAddress(
            name="Boulangerie Lefèvre",
            attention="Service comptabilité",
            street="12, rue de l'Église",
            zip="75011",
            city="Paris",
        )
    )
    assert lines == [
        "Boulangerie Lefèvre",
        "Service comptabilité",
        "12 rue de l Église",
        "75011 PARIS",
    ]


@given(
    st.builds(
        ft.PostalAddress,
        name=st.text(max_size=60),
        attention=st.text(max_size=60),
        street2=st.text(max_size=60),
        street=st.text(max_size=60),
        locality=st.text(max_size=60),
        zip=st.text(max_size=10),
        city=st.text(max_size=60),
        country=st.sampled_from(["", "Belgique"]),
    )
)
def test_address_block_limits(address):
    lines = ft.address_block(address)
    assert len(lines) <= (7 if address.country else 6)
    assert all(len(line) <= 38 for line in lines)


def identity(**kwargs):
    values = {
        "name": "Ferronnerie Martin",
        "legal_form": "SAS",
        "capital": 50000,
        "street": "12 rue de la République",
        "zip": "69002",
        "city": "Lyon",
        "siren": "812345676",
        "rcs_city": "Lyon",
        "vat": "FR19812345676",
    }
    values.update(kwargs)
    return ft.CompanyIdentity(**values)


def test_mentions_complete():
    assert [plain(line) for line in ft.mentions(identity())] == [
        "Ferronnerie Martin SAS au capital de 50 000,00 €",
        "Siège social : 12 rue de la République, 69002 Lyon",
        "812 345 676 RCS Lyon",
        "N° TVA intracommunautaire : FR19812345676",
    ]
    assert ft.missing_mentions(identity()) == []


def test_mentions_form_in_the_name_and_no_capital_for_snc():
    lines = ft.mentions(identity(name="Ferronnerie Martin SAS"))
    assert plain(lines[0]) == "Ferronnerie Martin SAS au capital de 50 000,00 €"
    snc = identity(legal_form="SNC", capital=None)
    assert plain(ft.mentions(snc)[0]) == "Ferronnerie Martin SNC"
    assert ft.missing_mentions(snc) == []


def test_missing_mentions():
    bare = ft.CompanyIdentity(name="X", legal_form="SARL")
    assert ft.missing_mentions(bare) == [
        "capital",
        "address",
        "siren",
        "rcs_city",
        "vat",
    ]
    assert plain(ft.mentions(identity(rcs_city=""))[2]) == "SIREN 812 345 676"


def test_siren_of():
    assert ft.siren_of("812 345 676 00017") == "812345676"
    assert ft.siren_of("812345676") == "812345676"
    assert ft.siren_of("12") == ""


@pytest.mark.parametrize(
    ("registry", "city"),
    [
        ("812 345 676 R.C.S. Lyon", "Lyon"),
        ("RCS Lyon B 812 345 676", "Lyon"),
        ("812 345 676 RCS Saint-Étienne", "Saint-Étienne"),
        ("812345676", ""),
        (None, ""),
    ],
)
def test_rcs_city_of(registry, city):
    assert ft.rcs_city_of(registry) == city


def test_invoices_in_number():
    subject = "Mise en demeure de payer – factures {invoices}"
    one = ft.invoices_in_number(subject, 1)
    assert one == "Mise en demeure de payer – facture {invoices}"
    assert ft.invoices_in_number(subject, 2) == subject
    assert (
        ft.invoices_in_number("Relance – factures impayées {invoices}", 1)
        == "Relance – facture impayée {invoices}"
    )
    assert (
        ft.invoices_in_number("Reminder – unpaid invoices {invoices}", 1)
        == "Reminder – unpaid invoice {invoices}"
    )
    edited = "Nos factures restent dues : {amount}"
    assert ft.invoices_in_number(edited, 1) == edited, "only before {invoices}"
