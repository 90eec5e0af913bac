from . import l10n_fr_penalty_invoice
