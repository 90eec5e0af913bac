from . import l10n_fr_penalty_invoice
from . import l10n_fr_injonction_wizard
from . import l10n_fr_lettering_wizard
from . import l10n_fr_unlettering_wizard
from . import l10n_fr_lettering_proposal
from . import l10n_fr_balance_justification
from . import l10n_fr_fec_export_wizard
from . import l10n_fr_dunning_opt_out
