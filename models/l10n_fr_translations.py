"""Names of the records the addon creates in code (default policies, levels, rules),
in every language installed in the database, from the addon's translations."""


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
