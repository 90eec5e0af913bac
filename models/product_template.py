from odoo import fields, models

from .l10n_fr_franchise_threshold import LINE_CATEGORIES


class ProductTemplate(models.Model):
    _inherit = "product.template"

    l10n_fr_franchise_category = fields.Selection(
        LINE_CATEGORIES,
        string="VAT Franchise Category",
        help="Category of the turnover of this product for the VAT franchise "
        "thresholds (e.g. building works); empty: from the product type, goods or "
        "services. An invoice line can override it.",
    )
