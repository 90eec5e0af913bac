"""Professional or consumer debtor.

Late-payment penalties and the 40 EUR indemnity of the Code de commerce apply to
professional debtors; consumers owe legal interest from the mise en demeure.
"""

PROFESSIONAL = "professional"
CONSUMER = "consumer"


def debtor_type(forced, is_company, siret, vat):
    """``forced`` ("professional"/"consumer") wins; otherwise a company, or anyone
    with a SIREN/SIRET or a VAT number, is a professional, and a person without
    them is a consumer."""
    if forced in (PROFESSIONAL, CONSUMER):
        return forced
    return PROFESSIONAL if (is_company or siret or vat) else CONSUMER


def is_professional(forced, is_company, siret, vat):
    return debtor_type(forced, is_company, siret, vat) == PROFESSIONAL
