from . import test_demo_story
from . import test_security
from . import test_tour
