"""The filters users write on dunning policies and lettering rules: parsed by
rules/domain.py (literals only, never evaluated), then checked here against the fields
of the model. Error messages name the problem and its position, never a value of the
filter nor anything of the server."""

from odoo import fields
from odoo.exceptions import ValidationError

from ..rules import domain as domain_rules

RELATIONAL = ("many2one", "one2many", "many2many")
DATES = ("date", "datetime")


def _element(env, element):
    """The translated name of what rules/domain.py found instead of a literal."""
    _ = env._
    return {
        "name": _("a name"),
        "function call": _("a function call"),
        "attribute": _("an attribute"),
        "subscript": _("an index"),
        "operation": _("an operation"),
        "comparison": _("a comparison"),
        "formatted string": _("a formatted text"),
        "lambda": _("a function"),
        "dictionary": _("a dictionary"),
        "set": _("a set"),
        "comprehension": _("a comprehension"),
        "condition": _("a condition"),
        "starred expression": _("a starred expression"),
        "assignment": _("an assignment"),
        "constant": _("a constant of another type"),
    }.get(element, _("an expression"))


def _syntax_message(env, error):
    _ = env._
    params = error.params
    messages = {
        "too_long": lambda: _(
            "it is longer than %(limit)s characters.", limit=params.get("limit")
        ),
        "syntax": lambda: _(
            "it is not a list of conditions (syntax error at line %(line)s, column "
            "%(column)s).",
            line=params.get("line"),
            column=params.get("column"),
        ),
        "not_literal": lambda: _(
            "only literal values are allowed (lists, tuples, texts in quotes, "
            "numbers, True, False, None); %(element)s was found at line %(line)s, "
            "column %(column)s.",
            element=_element(env, params.get("element")),
            line=params.get("line"),
            column=params.get("column"),
        ),
        "not_list": lambda: _(
            "it must be a list of conditions, such as [].",
        ),
        "too_deep": lambda: _("it is nested too deeply."),
        "bad_element": lambda: _(
            'element %(index)s is neither a condition nor "&", "|", "!".',
            index=params.get("index"),
        ),
        "bad_leaf": lambda: _(
            "condition %(index)s is not (field, operator, value).",
            index=params.get("index"),
        ),
        "bad_path": lambda: _(
            "condition %(index)s does not start with a field name.",
            index=params.get("index"),
        ),
        "bad_operator": lambda: _(
            "the operator of condition %(index)s is not allowed (allowed: "
            "%(operators)s).",
            index=params.get("index"),
            operators=", ".join(sorted(domain_rules.OPERATORS)),
        ),
        "bad_value": lambda: _(
            "the value of condition %(index)s does not suit its operator (a list "
            'for "in" and "not in", a sub-filter for "any" and "not any", a text for '
            '"like" and "ilike").',
            index=params.get("index"),
        ),
        "bad_logic": lambda: _('an "&", "|" or "!" lacks its conditions.'),
        "bad_placeholder": lambda: _(
            "the relative date of condition %(index)s is more than 100 years away.",
            index=params.get("index"),
        ),
    }
    return messages.get(error.code, lambda: _("it is not a valid filter."))()


def _check_leaves(env, model_name, domain, fail):
    """Check the field paths, operators and placeholders of ``domain`` on
    ``model_name`` for the current user; ``fail(message)`` raises."""
    _ = env._
    for index, element in enumerate(domain, start=1):
        if not isinstance(element, tuple) or element in domain_rules.CONSTANT_LEAVES:
            continue
        path, operator, operand = element
        model = env[model_name]
        field = None
        names = path.split(".")
        for position, name in enumerate(names):
            field = model._fields.get(name)
            if field is None or not field.is_accessible(env):
                fail(
                    _(
                        "condition %(index)s names a field %(field)s that %(model)s "
                        "does not have.",
                        index=index,
                        field=name,
                        model=env["ir.model"].sudo()._get(model._name).name,
                    )
                )
            if not field._description_searchable:
                fail(
                    _(
                        "condition %(index)s filters on the field %(field)s, which "
                        "cannot be searched.",
                        index=index,
                        field=field._description_string(env),
                    )
                )
            if position < len(names) - 1:
                if field.type not in RELATIONAL:
                    fail(
                        _(
                            "condition %(index)s goes through the field %(field)s, "
                            "which links to no other record.",
                            index=index,
                            field=field._description_string(env),
                        )
                    )
                model = env[field.comodel_name]
        relational = field.type in RELATIONAL or names[-1] == "id"
        if operator in domain_rules.DOMAIN_OPERATORS:
            if field.type not in RELATIONAL:
                fail(
                    _(
                        'condition %(index)s uses "%(operator)s" on the field '
                        "%(field)s, which links to no other record.",
                        index=index,
                        operator=operator,
                        field=field._description_string(env),
                    )
                )
            _check_leaves(env, field.comodel_name, operand, fail)
        elif operator in ("child_of", "parent_of") and not relational:
            fail(
                _(
                    'condition %(index)s uses "%(operator)s" on the field %(field)s, '
                    "which links to no other record.",
                    index=index,
                    operator=operator,
                    field=field._description_string(env),
                )
            )
        if domain_rules.has_placeholder(operand) and field.type not in DATES:
            fail(
                _(
                    "condition %(index)s compares the field %(field)s, which is not a "
                    'date, with a relative date ("today...").',
                    index=index,
                    field=field._description_string(env),
                )
            )


def check_filter(env, model_name, text, what):
    """Raise a ValidationError naming the problem when ``text`` is not a literal
    domain valid on ``model_name`` for the current user; ``what`` names the filter
    in the message (already translated)."""

    def fail(reason):
        raise ValidationError(
            env._(
                "The filter %(filter)s is not valid: %(reason)s",
                filter=what,
                reason=reason,
            )
        )

    try:
        domain = domain_rules.parse(text or "[]")
    except domain_rules.DomainError as error:
        fail(_syntax_message(env, error))
    _check_leaves(env, model_name, domain, fail)
    try:
        with env.cr.savepoint():
            env[model_name].search_count(
                domain_rules.resolve(domain, fields.Date.today()), limit=1
            )
    except Exception:  # noqa: BLE001 -- never show the database error
        fail(env._("it cannot be applied to the records (check its values)."))


def filter_domain(text, today):
    """The domain of a filter checked by :func:`check_filter`, its relative dates
    replaced as of ``today``. A filter stored before the check (or broken since)
    raises ValueError, never runs."""
    try:
        return domain_rules.resolve(domain_rules.parse(text or "[]"), today)
    except domain_rules.DomainError as error:
        raise ValueError("invalid filter") from error
