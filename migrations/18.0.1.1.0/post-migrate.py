from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The In Dispute flag became "has an open dispute": invoices flagged before
    get an open dispute each (reason "other", their dispute reason as its note)."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["account.move"]._l10n_fr_migrate_litigation()
