from odoo import fields, models

from ..rules.courts import debtor_nature

LEGAL_FORMS = [
    ("ei_trader", "Sole trader (EI, commerçant)"),
    ("ei_artisan", "Sole craftsman (EI, artisan)"),
    ("ei_liberal", "Sole liberal profession (EI)"),
    ("eurl", "EURL"),
    ("sarl", "SARL"),
    ("sasu", "SASU"),
    ("sas", "SAS"),
    ("sa", "SA"),
    ("snc", "SNC"),
    ("scs", "SCS (société en commandite simple)"),
    ("sca", "SCA (société en commandite par actions)"),
    ("sci", "SCI (société civile immobilière)"),
    ("scp", "SCP (société civile professionnelle)"),
    ("scm", "SCM (société civile de moyens)"),
    ("civil", "Other civil company"),
    ("association", "Association"),
    ("other", "Other"),
]


class ResPartner(models.Model):
    """The legal form of a customer, which tells a trader from a non-trader for
    the court of an injonction de payer (its own file: res_partner.py is long)."""

    _inherit = "res.partner"

    l10n_fr_legal_form = fields.Selection(
        LEGAL_FORMS,
        string="Legal Form",
        help="Commercial companies (SARL, SAS, SA, SNC...) and sole traders are "
        "traders; craftsmen too for debts between them and traders since 2022; "
        "civil companies, associations and liberal professions are not. Chooses "
        "the court of an injonction de payer (C. com. L721-3).",
    )

    def _l10n_fr_debtor_nature(self):
        """``rules.courts.DebtorNature`` of the commercial partner."""
        self.ensure_one()
        partner = self.commercial_partner_id
        return debtor_nature(
            partner.l10n_fr_legal_form,
            partner.is_company,
            bool(partner.siret),
            partner.l10n_fr_debtor_type,
        )
