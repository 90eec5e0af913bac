from odoo import models

FRENCH_LAW_MENUS = ("fec_menu", "l10n_fr_injonction_case_menu", "l10n_fr_court_menu")


class IrUiMenu(models.Model):
    _inherit = "ir.ui.menu"

    def _load_menus_blacklist(self):
        """The menus of French law (FEC, injonction de payer) only for users with a
        company under French law (the way Odoo hides its audit trail menu from users
        without a company that keeps one)."""
        menus = super()._load_menus_blacklist()
        if not any(
            company._l10n_fr_french_law() for company in self.env.user.company_ids
        ):
            menus += [
                self.env.ref(f"l10n_fr_credit_collection.{xmlid}").id
                for xmlid in FRENCH_LAW_MENUS
            ]
        return menus
