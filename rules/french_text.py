"""French text of letters and court requests: dates written out, amounts and rates
with a decimal comma, the postal address block of a window envelope (NF Z 10-011) and
the mentions of business papers (C. com. R123-237 / R123-238).

Pure functions (no Odoo): the layout rules come from ``docs/french-law.md`` §12.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
NBSP = "\N{NO-BREAK SPACE}"
NNBSP = "\N{NARROW NO-BREAK SPACE}"

# §12.6 P18 fr_letter_rules
ADDRESS_MAX_LINES = 6
ADDRESS_MAX_LINES_INTERNATIONAL = 7
ADDRESS_MAX_CHARS = 38
# R123-238: forms whose papers also give the share capital (SASU and EURL are an SAS
# and an SARL with one partner; SELARL / SELAS are the liberal-profession variants)
CAPITAL_FORMS = (
    "SARL",
    "EURL",
    "SELARL",
    "SA",
    "SAS",
    "SASU",
    "SELAS",
    "SCA",
    "SE",
)


def long_date(day: date) -> str:
    """ "1er décembre 2026", "2 mars 2026": day without leading zero, "1er" for the
    first, month in lowercase letters."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def place_and_date(city: str | None, day: date) -> str:
    """ "Lyon, le 1er décembre 2026" (without a city: "Le 1er décembre 2026")."""
    city = (city or "").strip()
    if not city:
        return f"Le {long_date(day)}"
    return f"{city}, le {long_date(day)}"


def number(value, digits: int = 2) -> str:
    """ "1 176,00": a no-break space between thousands, a decimal comma."""
    quantum = Decimal(1).scaleb(-digits)
    amount = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):.{digits}f}"
    whole, _dot, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = NBSP.join(groups)
    if fraction:
        result = f"{result},{fraction}"
    return sign + result


def amount(value, symbol: str = "€", digits: int = 2) -> str:
    """ "1 176,00 €"."""
    return f"{number(value, digits)}{NBSP}{symbol}"


def rate(value, digits: int = 2) -> str:
    """ "12,40 %" (a no-break space before the percent sign)."""
    return f"{number(value, digits)}{NBSP}%"


def join_words(items) -> str:
    """ "a", "a et b", "a, b et c"."""
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def fill(template: str, values: dict) -> str:
    """Replace the ``{name}`` placeholders of an editable text by their values; an
    unknown placeholder is left as it is (a typo shows on the draft, it does not
    break the sending)."""

    def replace(match):
        key = match.group(1)
        return str(values[key]) if key in values else match.group(0)

    return re.sub(r"\{(\w+)\}", replace, template or "")


# the plural words before {invoices} in the default texts (French and English), and
# their singular: a letter about one invoice says "facture FAC/…", not "factures"
SINGULAR_BEFORE_INVOICES = (
    ("factures impayées", "facture impayée"),
    ("factures échues", "facture échue"),
    ("factures", "facture"),
    ("unpaid invoices", "unpaid invoice"),
    ("overdue invoices", "overdue invoice"),
    ("invoices", "invoice"),
)


def invoices_in_number(template: str, count: int) -> str:
    """The editable text with the words just before ``{invoices}`` in the singular
    when the letter is about one invoice (the default texts are in the plural)."""
    if count != 1 or not template:
        return template
    for plural, singular in SINGULAR_BEFORE_INVOICES:
        template = template.replace(
            f"{plural} {{invoices}}", f"{singular} {{invoices}}"
        )
    return template


# ---------------------------------------------------------------- postal address


def _strip_accents(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"
    )


def _no_punctuation(text: str) -> str:
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


@dataclass
class PostalAddress:
    name: str = ""
    attention: str = ""  # person or service (line 2)
    street2: str = ""  # building, residence, ZI (line 3)
    street: str = ""  # number and street (line 4)
    locality: str = ""  # lieu-dit or BP (line 5)
    zip: str = ""
    city: str = ""
    country: str = ""  # name of a foreign country, empty for France
    extra: list = field(default_factory=list)


def address_block(address: PostalAddress) -> list[str]:
    """The lines of a French postal address (NF Z 10-011): at most 6 lines (7 abroad,
    the country last), empty lines dropped, no punctuation from the 4th line on, the
    locality (and the country) in capitals without accents, 38 characters a line."""
    lines = [
        " ".join(address.name.split()),
        " ".join(address.attention.split()),
        " ".join(address.street2.split()),
    ]
    tail = [
        _no_punctuation(address.street),
        _no_punctuation(address.locality),
        _no_punctuation(
            _strip_accents(f"{address.zip} {address.city}".strip()).upper()
        ),
    ]
    country = _no_punctuation(_strip_accents(address.country).upper())
    limit = ADDRESS_MAX_LINES_INTERNATIONAL if country else ADDRESS_MAX_LINES
    result = [line for line in lines + tail if line]
    if country:
        result.append(country)
    while len(result) > limit:  # drop the least useful lines first (2, then 3)
        for optional in (address.attention, address.street2, address.locality):
            text = " ".join(optional.split())
            if text and text in result:
                result.remove(text)
                break
        else:
            result = result[:limit]
    return [line[:ADDRESS_MAX_CHARS].rstrip() for line in result]


# ---------------------------------------------------------- business-paper mentions


@dataclass
class CompanyIdentity:
    name: str
    legal_form: str = ""
    capital: Decimal | float | None = None
    currency_symbol: str = "€"
    street: str = ""
    zip: str = ""
    city: str = ""
    siren: str = ""
    rcs_city: str = ""
    vat: str = ""
    in_liquidation: bool = False


def siren_of(siret_or_siren: str | None) -> str:
    """The 9 digits of a SIREN from a SIREN or a SIRET (spaces allowed), else ""."""
    digits = re.sub(r"\D", "", siret_or_siren or "")
    return digits[:9] if len(digits) in (9, 14) else ""


def format_siren(siren: str) -> str:
    """ "812 345 676"."""
    return f"{siren[:3]}{NBSP}{siren[3:6]}{NBSP}{siren[6:9]}" if siren else ""


def needs_capital(legal_form: str | None) -> bool:
    form = (legal_form or "").upper().replace(".", "").split()
    return bool(form) and form[0] in CAPITAL_FORMS


def missing_mentions(identity: CompanyIdentity) -> list[str]:
    """Keys of the mentions that R123-237 / R123-238 require and the company data
    lacks: ``legal_form``, ``capital``, ``address`` (registered office), ``siren``,
    ``rcs_city``; ``vat`` (mandatory on invoices, not on letters) is reported too."""
    missing = []
    if not identity.legal_form:
        missing.append("legal_form")
    if needs_capital(identity.legal_form) and not identity.capital:
        missing.append("capital")
    if not (identity.street and identity.zip and identity.city):
        missing.append("address")
    if not identity.siren:
        missing.append("siren")
    if not identity.rcs_city:
        missing.append("rcs_city")
    if not identity.vat:
        missing.append("vat")
    return missing


def mentions(identity: CompanyIdentity) -> list[str]:
    """The mentions of the business papers, one string per line, French text:
    "Ferronnerie Martin SAS au capital de 10 000,00 €", "Siège social : …",
    "812 345 676 RCS Lyon", "N° TVA intracommunautaire : FR…"; what is
    missing is left out (``missing_mentions`` says what)."""
    first = identity.name
    form = identity.legal_form.strip()
    if form and form.upper() not in identity.name.upper().split():
        first = f"{first} {form}"
    if identity.in_liquidation:
        first = f"{first}, société en liquidation"
    if form and identity.capital and needs_capital(form):
        capital = amount(identity.capital, identity.currency_symbol)
        first = f"{first} au capital de {capital}"
    lines = [first]
    office = ", ".join(
        part
        for part in (identity.street, f"{identity.zip} {identity.city}".strip())
        if part
    )
    if office:
        lines.append(f"Siège social{NBSP}: {office}")
    if identity.siren and identity.rcs_city:
        lines.append(f"{format_siren(identity.siren)} RCS {identity.rcs_city}")
    elif identity.siren:
        lines.append(f"SIREN {format_siren(identity.siren)}")
    if identity.vat:
        lines.append(f"N° TVA intracommunautaire{NBSP}:{NBSP}{identity.vat}")
    return lines


def rcs_city_of(registry: str | None) -> str:
    """The registry city of an RCS number written out ("812 345 676 R.C.S. Lyon",
    "RCS Lyon B 812 345 676"), else ""."""
    match = re.search(r"R\.?\s?C\.?\s?S\.?\s+([^\d]+)", registry or "", re.IGNORECASE)
    if not match:
        return ""
    city = re.sub(r"\b[AB]\s*$", "", match.group(1)).strip(" ,-–")
    return city
