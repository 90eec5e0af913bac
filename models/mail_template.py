import ast
import re
from datetime import date, datetime

import babel.dates

from odoo import api, models
from odoo.tools.misc import babel_locale_parse, get_lang, posix_to_ldml

from odoo.addons.base.models.res_lang import intersperse

# a body made of one call of a view: <div><t t-call="module.view"/></div>
LONE_CALL = re.compile(
    r"""^\s*(?:<div>)?\s*<t\s+t-call=["']([\w.]+)["']\s*(?:/>|>\s*</t>)\s*"""
    r"""(?:</div>)?\s*$"""
)
FAST_MODELS = ("l10n.fr.dunning.reminder",)


class MailTemplate(models.Model):
    _inherit = "mail.template"

    @api.model
    def _render_template(
        self,
        template_src,
        model,
        res_ids,
        engine="inline_template",
        add_context=None,
        options=None,
    ):
        """Reminders are e-mailed by the thousand: a reminder template whose body only
        calls a view is rendered through that view, compiled once (an inline body is
        parsed and compiled again for every record), with formatters that resolve the
        language once."""
        match = (
            engine == "qweb"
            and model in FAST_MODELS
            and isinstance(template_src, str)
            and LONE_CALL.match(template_src)
        )
        if match:
            records = self.env[model].browse(res_ids)
            records._l10n_fr_mail_prefetch()
            return super()._render_template(
                match.group(1),
                model,
                res_ids,
                engine="qweb_view",
                add_context={
                    **self._l10n_fr_formatters(),
                    "l10n_fr_letters": records._l10n_fr_letters(),
                    "l10n_fr_online_payment": records._l10n_fr_online_payment(),
                    **(add_context or {}),
                },
                options=options,
            )
        return super()._render_template(
            template_src,
            model,
            res_ids,
            engine=engine,
            add_context=add_context,
            options=options,
        )

    @api.model
    def _l10n_fr_formatters(self):
        """``format_amount`` and ``format_date`` of the rendering context, giving the
        same text as Odoo's, with the language of the context looked up once instead
        of once per value."""
        env = self.env
        lang = get_lang(env)
        grouping = ast.literal_eval(lang.grouping)
        locale = babel_locale_parse(lang.code)
        ldml = posix_to_ldml(lang.date_format, locale=locale)
        default = self._render_eval_context()
        default_format_amount = default["format_amount"]
        default_format_date = default["format_date"]

        def format_amount(amount, currency, lang_code=False):
            if lang_code and lang_code != lang.code:
                return default_format_amount(amount, currency, lang_code)
            digits = f"%.{currency.decimal_places}f" % currency.round(amount)
            parts = digits.split(".")
            parts[0] = intersperse(parts[0], grouping, lang.thousands_sep or "")[0]
            text = (
                lang.decimal_point.join(parts)
                .replace(" ", "\N{NO-BREAK SPACE}")
                .replace("-", "-\N{ZERO WIDTH NO-BREAK SPACE}")
            )
            symbol = currency.symbol or ""
            if currency.position == "before":
                return f"{symbol}\N{NO-BREAK SPACE}{text}"
            return f"{text}\N{NO-BREAK SPACE}{symbol}"

        def format_date(value, date_format=False, lang_code=False):
            if (
                date_format
                or (lang_code and lang_code != lang.code)
                or not isinstance(value, date)
                or isinstance(value, datetime)
            ):
                return default_format_date(value, date_format, lang_code)
            return babel.dates.format_date(value, format=ldml, locale=locale)

        return {"format_amount": format_amount, "format_date": format_date}
