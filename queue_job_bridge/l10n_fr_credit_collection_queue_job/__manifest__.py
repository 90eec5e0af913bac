{
    "name": "France - Recouvrement : traitement par lots avec queue_job",
    "summary": "Dunning runs and automatic lettering split into queue_job jobs, one "
    "per batch, processed in parallel by the Odoo workers",
    "version": "18.0.1.0.0",
    "category": "Accounting",
    "license": "AGPL-3",
    "author": "l10n_fr_credit_collection contributors",
    "website": "https://github.com/l10n-fr-credit-collection/l10n_fr_credit_collection",
    "development_status": "Alpha",
    "depends": ["l10n_fr_credit_collection", "queue_job"],
    "data": ["data/queue_job_data.xml"],
    "auto_install": True,
    "installable": True,
}
