from . import l10n_fr_ecb_rate
from . import l10n_fr_legal_parameter
from . import l10n_fr_penalty_rate
from . import res_company
from . import res_config_settings
from . import res_partner
from . import account_move
from . import account_move_line
