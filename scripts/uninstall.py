# Run by `odoo shell` (scripts/test.sh): uninstall the addon; its log is checked.
# ruff: noqa: F821  (env is provided by the Odoo shell)
module = env["ir.module.module"].search([("name", "=", "l10n_fr_credit_collection")])
assert module.state == "installed", module.state
module.button_immediate_uninstall()
env.cr.commit()  # pylint: disable=invalid-commit
env.cr.execute(
    "SELECT state FROM ir_module_module WHERE name = 'l10n_fr_credit_collection'"
)
print("UNINSTALL-STATE", env.cr.fetchone()[0])
