from odoo import fields
from odoo.tests import TransactionCase


class CreditCollectionDemoCase(TransactionCase):
    """Tests over the demo story (demo/story.py), dated from the install day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("l10n_fr_credit_collection.demo_company")
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=cls.company.ids)
        )
        cls.today = fields.Date.context_today(cls.company)

    @classmethod
    def demo(cls, name):
        return cls.env.ref(f"l10n_fr_credit_collection.demo_{name}")
