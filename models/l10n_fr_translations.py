"""Translations the addon makes itself: the names of the records it creates in code
(default policies, levels, rules) in every language installed in the database, and the
legal texts that are French whatever the languages of the database."""

from odoo.tools.translate import get_translation

MODULE = "l10n_fr_credit_collection"


def french(source, *args, **kwargs):
    """``source`` (a term of the addon) in French, from i18n/fr.po, whether or not
    French is loaded in the database: the legal mentions of French companies'
    documents. Used as ``_ = french`` so that the terms are exported."""
    return get_translation(MODULE, "fr_FR", source, args or kwargs)


def translate_names(records, field_name):
    """Give ``records`` the translations of their English ``field_name`` in every
    installed language but English (none when only English is installed). The
    sources must be terms of the addon (``env._`` in its code, i18n/*.po)."""
    env = records.env
    for lang, _name in env["res.lang"].get_installed():
        if lang == "en_US":
            continue
        translate = env(context=dict(env.context, lang=lang))._
        for record in records.with_context(lang="en_US"):
            record.update_field_translations(
                field_name, {lang: translate(record[field_name])}
            )
