from . import test_demo_story
from . import test_security
from . import test_penalties
from . import test_penalty_invoice
from . import test_dunning
from . import test_injonction
from . import test_tour
from . import test_franchise
