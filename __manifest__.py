{
    "name": "France - Recouvrement, lettrage et franchise TVA",
    "summary": "Lettering, dunning with statutory late-payment penalties, "
    "VAT franchise checks and injonction de payer for French companies",
    "version": "18.0.1.0.0",
    "category": "Accounting",
    "license": "AGPL-3",
    "author": "l10n_fr_credit_collection contributors",
    "development_status": "Alpha",
    "depends": ["account", "l10n_fr_account", "mail"],
    "external_dependencies": {"python": ["python-stdnum", "lxml"]},
    "data": [
        "security/credit_collection_security.xml",
        "security/ir.model.access.csv",
        "security/l10n_fr_franchise_security.xml",
        "data/l10n_fr_penalty_data.xml",
        "data/l10n_fr_franchise_data.xml",
        "data/ir_cron_data.xml",
        "views/l10n_fr_penalty_rate_views.xml",
        "views/account_move_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/credit_collection_menus.xml",
        "report/report_invoice.xml",
        "wizards/l10n_fr_penalty_invoice_views.xml",
        "views/l10n_fr_franchise_threshold_views.xml",
        "views/l10n_fr_franchise_year_views.xml",
        "views/product_template_views.xml",
    ],
    "demo": [
        "demo/credit_collection_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "l10n_fr_credit_collection/static/src/js/tours/*.js",
        ],
    },
}
