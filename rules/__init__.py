"""The law and the algorithms of the addon, as plain Python.

Nothing here imports Odoo: functions take dates, amounts and small dataclasses and
return results, so that they are unit- and property-tested in milliseconds
(tests/pure) and the Odoo models stay thin adapters around them.
"""
