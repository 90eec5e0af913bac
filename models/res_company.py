from odoo import fields, models

from ..demo import story


class ResCompany(models.Model):
    _inherit = "res.company"

    l10n_fr_letter_scope = fields.Selection(
        selection=[
            ("account", "Per account"),
            ("partner", "Per account and partner"),
        ],
        string="Letter Sequence",
        default="account",
        required=True,
        help="Scope of the letter-code sequence used by lettering.",
    )

    def _l10n_fr_load_demo(self):
        """Build the demo story (chart, invoices, payments) of the demo company."""
        story.load(self)
