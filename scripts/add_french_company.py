# Run by `odoo shell` (scripts/test.sh): the install matrix's group of companies, an
# English database whose main company is not French, with a French subsidiary on the
# French chart of accounts, before the addon is installed.
# ruff: noqa: F821  (env is provided by the Odoo shell)
company = env["res.company"].create(
    {"name": "Filiale France SAS", "country_id": env.ref("base.fr").id}
)
env["account.chart.template"].try_loading("fr", company, install_demo=False)
assert company.account_fiscal_country_id.code == "FR"
assert env.ref("base.main_company").account_fiscal_country_id.code != "FR"
env.cr.commit()  # pylint: disable=invalid-commit
print("FRENCH-COMPANY", company.id)
