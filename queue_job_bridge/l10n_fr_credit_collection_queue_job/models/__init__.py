from . import l10n_fr_credit_batch
