from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model
    def _update_matching_number(self, amls):
        """Odoo renumbers the matching groups of ``amls`` whenever a partial or full
        reconciliation is created or removed; letters follow the new groups (batch
        lettering gives them once, after its whole plan: ``l10n_fr_letters_later``)."""
        result = super()._update_matching_number(amls)
        if not self.env.context.get("l10n_fr_letters_later"):
            amls._l10n_fr_update_letters()
        return result
