from . import l10n_fr_penalty_invoice
from . import l10n_fr_injonction_wizard
