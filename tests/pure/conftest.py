"""Pure tests of rules/, run by pytest without Odoo (`make test`, `pytest tests/pure`).

The repository root goes on sys.path so that `import rules` loads rules/ as a top-level
package, without the addon's __init__ (which imports Odoo).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
