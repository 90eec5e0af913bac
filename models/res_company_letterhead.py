import babel.dates

from odoo import api, fields, models
from odoo.tools.misc import formatLang

from ..rules import french_text


class ResCompany(models.Model):
    """What the letters, statements and court requests of the company say about it:
    the mentions of business papers (C. com. R123-237 / R123-238), who signs, and
    the terms of sale filed with an injonction de payer."""

    _inherit = "res.company"

    l10n_fr_legal_form = fields.Char(
        string="Legal Form",
        size=64,
        help='Printed next to the name on business papers, e.g. "SAS", "SARL", '
        '"SA", "EI" (C. com. R123-238, R526-27).',
    )
    l10n_fr_share_capital = fields.Monetary(
        string="Share Capital",
        help="Printed with the legal form for an SARL, SA, SAS, SCA or SE "
        "(C. com. R123-238).",
    )
    l10n_fr_rcs_city = fields.Char(
        string="RCS Registry City",
        size=64,
        help='City of the greffe where the company is registered: "812 345 676 RCS '
        'Lyon" (C. com. R123-237). Empty: read from the Company ID when it is '
        "written that way.",
    )
    l10n_fr_in_liquidation = fields.Boolean(
        string="In Liquidation",
        help='Papers say "société en liquidation" (C. com. R123-237 4°, L237-2).',
    )
    l10n_fr_representative_name = fields.Char(
        string="Legal Representative",
        size=128,
        help="Person who legally represents the company (named in court requests).",
    )
    l10n_fr_representative_title = fields.Char(
        string="Representative's Title",
        size=128,
        help='e.g. "Président", "Gérant".',
    )
    l10n_fr_signatory_id = fields.Many2one(
        "res.users",
        string="Letters Signed By",
        help="Signatory of the dunning letters; empty: the customer's salesperson, "
        "else the user who runs the dunning.",
    )
    l10n_fr_signatory_title = fields.Char(
        string="Signatory's Title",
        size=128,
        help='Printed under the signatory\'s name, e.g. "Responsable du recouvrement".',
    )
    l10n_fr_terms_pdf = fields.Binary(
        string="Terms of Sale (PDF)",
        attachment=True,
        help="Filed as the terms-of-sale exhibit of an injonction de payer request; "
        "empty: the default terms and conditions text of the invoices.",
    )
    l10n_fr_terms_pdf_name = fields.Char(string="Terms of Sale File Name")
    l10n_fr_missing_mentions = fields.Char(
        string="Missing Mentions", compute="_compute_l10n_fr_missing_mentions"
    )

    # ------------------------------------------------------------- identity

    def _l10n_fr_identity(self):
        """The company as ``rules.french_text.CompanyIdentity``."""
        self.ensure_one()
        partner = self.partner_id
        siren = french_text.siren_of(self.siret) or french_text.siren_of(
            self.company_registry
        )
        return french_text.CompanyIdentity(
            name=self.name or "",
            legal_form=(self.l10n_fr_legal_form or "").strip(),
            capital=self.l10n_fr_share_capital or None,
            currency_symbol=self.currency_id.symbol or "€",
            street=" ".join(p for p in (partner.street, partner.street2) if p),
            zip=partner.zip or "",
            city=partner.city or "",
            siren=siren,
            rcs_city=(self.l10n_fr_rcs_city or "").strip()
            or french_text.rcs_city_of(self.company_registry),
            vat=self.vat or "",
            in_liquidation=self.l10n_fr_in_liquidation,
        )

    def _l10n_fr_mention_labels(self):
        _ = self.env._
        return {
            "legal_form": _("legal form"),
            "capital": _("share capital"),
            "address": _("registered office address"),
            "siren": _("SIREN (SIRET or Company ID)"),
            "rcs_city": _("RCS registry city"),
            "vat": _("VAT number"),
        }

    @api.depends(
        "name",
        "l10n_fr_legal_form",
        "l10n_fr_share_capital",
        "l10n_fr_rcs_city",
        "street",
        "zip",
        "city",
        "siret",
        "company_registry",
        "vat",
    )
    def _compute_l10n_fr_missing_mentions(self):
        for company in self:
            labels = company._l10n_fr_mention_labels()
            company.l10n_fr_missing_mentions = ", ".join(
                labels[key]
                for key in french_text.missing_mentions(company._l10n_fr_identity())
            )

    def _l10n_fr_letterhead(self):
        """Values of the letterhead (template ``l10n_fr_credit_collection.letterhead``):
        ``name``, ``logo`` (False for Odoo's default logo), ``address`` (lines),
        ``contact`` (phone, e-mail, website), ``mentions`` (lines of R123-237)."""
        self.ensure_one()
        partner = self.partner_id
        identity = self._l10n_fr_identity()
        name = identity.name
        form = identity.legal_form
        if form and form.upper() not in name.upper().split():
            name = f"{name} {form}"
        return {
            "name": name,
            "logo": not self.uses_default_logo and self.logo,
            "address": [
                line
                for line in (
                    partner.street,
                    partner.street2,
                    f"{partner.zip or ''} {partner.city or ''}".strip(),
                    partner.country_id.code not in (False, "FR")
                    and partner.country_id.name,
                )
                if line
            ],
            "contact": [
                line for line in (self.phone, self.email, self.website) if line
            ],
            "mentions": french_text.mentions(identity),
        }

    def _l10n_fr_place_and_date(self, day):
        """ "Lyon, le 1er décembre 2026" in French, "Lyon, December 1, 2026" else."""
        self.ensure_one()
        city = self.partner_id.city or ""
        lang = self.env.lang or "en_US"
        if lang.startswith("fr"):
            return french_text.place_and_date(city, day)
        text = babel.dates.format_date(day, format="long", locale=lang)
        return f"{city}, {text}" if city else text

    def _l10n_fr_long_date(self, day):
        """ "1er décembre 2026" in French, the long date of the language else."""
        lang = self.env.lang or "en_US"
        if lang.startswith("fr"):
            return french_text.long_date(day)
        return babel.dates.format_date(day, format="long", locale=lang)

    def _l10n_fr_amount_text(self, value, currency=None):
        """ "1 176,00 €" in French, Odoo's format of the language else."""
        currency = currency or self.currency_id
        if (self.env.lang or "").startswith("fr"):
            return french_text.amount(value, currency.symbol or currency.name)
        return formatLang(self.env, value, currency_obj=currency)

    @api.model
    def _l10n_fr_half_year_text(self, year, half):
        """ "1er semestre 2027" (the year without a thousands separator)."""
        if half == 1:
            return self.env._("first half of %(year)s", year=str(year))
        return self.env._("second half of %(year)s", year=str(year))

    def _l10n_fr_rate_text(self, value):
        """ "12,40 %" in French."""
        if (self.env.lang or "").startswith("fr"):
            return french_text.rate(value)
        return f"{formatLang(self.env, value)} %"


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _l10n_fr_postal_lines(self, attention=""):
        """The address block of a window envelope (NF Z 10-011, at most 6 lines):
        the company, then the contact as "À l'attention de", the streets, the
        postcode and city in capitals, the country when abroad."""
        self.ensure_one()
        commercial = self.commercial_partner_id
        if not attention and self != commercial and self.name:
            attention = self.name
        country = self.country_id
        sender_country = self.env.company.country_id
        return french_text.address_block(
            french_text.PostalAddress(
                name=commercial.name or "",
                attention=attention or "",
                street2=self.street2 or "",
                street=self.street or "",
                zip=self.zip or "",
                city=self.city or "",
                country=country.name
                if country and sender_country and country != sender_country
                else "",
            )
        )
