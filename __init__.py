from . import controllers
from . import models
from . import wizards


def post_init_hook(env):
    """Letter the reconciliations made before the install, and give every company
    what a company created later gets (res.company._l10n_fr_setup)."""
    env["account.move.line"]._l10n_fr_letter_existing()
    env["account.move"]._l10n_fr_migrate_litigation()
    env["res.company"].with_context(active_test=False).search([])._l10n_fr_setup()
