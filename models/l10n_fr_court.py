import re

from odoo import api, fields, models

from ..rules.injonction import normalize_city

COURT_TYPES = [
    ("commerce", "Tribunal de commerce"),
    ("tae", "Tribunal des activités économiques"),
    ("judiciaire", "Tribunal judiciaire"),
    ("jcp", "Juge des contentieux de la protection"),
    ("tj_commercial", "Chambre commerciale du tribunal judiciaire (Alsace-Moselle)"),
    ("tmc", "Tribunal mixte de commerce (outre-mer)"),
]

CLAIM_NATURES = [
    ("trade", "Sale or services between traders"),
    ("consumer_credit", "Consumer credit"),
    ("residential_lease", "Residential lease (rent and charges)"),
    ("other", "Other claim"),
]

DEBTOR_NATURES = [
    ("company", "Commercial company"),
    ("trader", "Sole trader"),
    ("artisan", "Craftsman"),
    ("civil", "Non-trader professional (civil company, association, liberal)"),
    ("consumer", "Consumer"),
]


class L10nFrCourt(models.Model):
    """A court of the directory, filled by importing a CSV (see README)."""

    _name = "l10n.fr.court"
    _description = "French Court"
    _order = "name"

    name = fields.Char(required=True)
    court_type = fields.Selection(COURT_TYPES, string="Type", required=True)
    street = fields.Char()
    zip = fields.Char()
    city = fields.Char()
    zip_codes = fields.Text(
        string="Postal Codes Covered",
        help="Postal codes or their beginnings (a département: 69), separated by "
        "spaces or commas; the longest match wins.",
    )
    communes = fields.Text(
        string="Communes Covered",
        help="Communes covered, separated by commas or new lines (used when the "
        "postal code matches no court).",
    )
    active = fields.Boolean(default=True)

    def _l10n_fr_zip_prefixes(self):
        self.ensure_one()
        return [z for z in re.split(r"[\s,;]+", self.zip_codes or "") if z]

    def _l10n_fr_communes(self):
        self.ensure_one()
        return {normalize_city(c) for c in re.split(r"[,;\n]+", self.communes or "")}

    @api.model
    def _l10n_fr_courts_for(self, zip_code, city, court_types):
        """Courts of ``court_types`` covering the place, best match first: the
        longest postal-code prefix, then a commune named like the city."""
        courts = self.search([("court_type", "in", court_types)])
        zip_code = (zip_code or "").replace(" ", "")
        scored = []
        for court in courts:
            lengths = [
                len(p) for p in court._l10n_fr_zip_prefixes() if zip_code.startswith(p)
            ]
            if lengths:
                scored.append((max(lengths), court))
            elif city and normalize_city(city) in court._l10n_fr_communes():
                scored.append((0, court))
        scored.sort(key=lambda item: -item[0])
        return self.browse([court.id for _score, court in scored])
