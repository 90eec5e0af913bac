from odoo import api, fields, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    l10n_fr_date = fields.Date(
        string="Lettered On",
        readonly=True,
        copy=False,
        help="Day the amount was matched (empty for matchings made before the "
        "install: the day Odoo recorded them). Balances as of a past date count the "
        "matching from that day.",
    )

    @api.model
    def _update_matching_number(self, amls):
        """Odoo renumbers the matching groups of ``amls`` whenever a partial or full
        reconciliation is created or removed; letters follow the new groups (batch
        lettering gives them once, after its whole plan: ``l10n_fr_letters_later``)."""
        result = super()._update_matching_number(amls)
        if not self.env.context.get("l10n_fr_letters_later"):
            amls._l10n_fr_update_letters()
        return result

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            vals.setdefault("l10n_fr_date", today)
        return super().create(vals_list)

    def unlink(self):
        # kept for the balances as of a past date: matched until today
        self.env["l10n.fr.partial.removed"].sudo()._l10n_fr_keep(self)
        return super().unlink()
