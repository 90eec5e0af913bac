from . import models
from . import wizards


def post_init_hook(env):
    """Letter the reconciliations made before the install, and give every company
    with a chart of accounts the default lettering rules."""
    env["account.move.line"]._l10n_fr_letter_existing()
    companies = env["res.company"].search(
        [("parent_id", "=", False), ("chart_template", "!=", False)]
    )
    env["l10n.fr.lettering.rule"]._l10n_fr_create_default_rules(companies)
