"""Filters written by users (the customer and invoice filters of dunning policies, the
partner filter of lettering rules): parsed as literal domains, never evaluated.

A filter is the text of a list of leaves ``(field path, operator, value)`` and of the
prefix operators ``"&"``, ``"|"``, ``"!"``, written with literals only: lists,
tuples, strings, numbers, ``True``, ``False``, ``None``. Names, calls, attributes,
operators (but a sign in front of a number), subscripts and formatted strings are
refused: nothing of the filter is ever run, so nothing of the server can be reached
through it.

Relative dates are strings the addon replaces itself when the filter is applied:
``"today"``, ``"today - 30 days"``, ``"today + 2 weeks"``, ``"today - 3 months"``,
``"today - 1 year"`` (see :data:`PLACEHOLDER`). The model checks the field paths and
operators against its fields; this module knows nothing of Odoo.

Errors are :class:`DomainError` with a ``code`` and ``params`` (numbers and short
words of the syntax only, never the text or a server object) that the model turns
into a translated message.
"""

import ast
import calendar
import datetime
import re
from dataclasses import dataclass

MAX_LENGTH = 10000  # characters of a filter
MAX_DEPTH = 20  # nesting of lists / sub-filters
MAX_PLACEHOLDER_DAYS = 36600  # about 100 years either way

LOGIC = ("&", "|", "!")
# operators of Odoo's domains that a user filter may use
OPERATORS = frozenset(
    {
        "=",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        "=?",
        "like",
        "not like",
        "ilike",
        "not ilike",
        "=like",
        "=ilike",
        "in",
        "not in",
        "child_of",
        "parent_of",
        "any",
        "not any",
    }
)
LIST_OPERATORS = frozenset({"in", "not in"})
DOMAIN_OPERATORS = frozenset({"any", "not any"})  # the value is a sub-filter
TEXT_OPERATORS = frozenset(
    {"like", "not like", "ilike", "not ilike", "=like", "=ilike"}
)
# Odoo's constant leaves (always true / always false)
CONSTANT_LEAVES = ((1, "=", 1), (0, "=", 1))

PLACEHOLDER = re.compile(
    r"^\s*today\s*(?:([+-])\s*(\d{1,6})\s*(day|days|week|weeks|month|months|year|years))?\s*$",
    re.IGNORECASE,
)


class DomainError(ValueError):
    """A filter that is not a literal domain. ``code`` names the problem (see
    :data:`CODES`), ``params`` its position or the offending syntax element."""

    def __init__(self, code, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params


CODES = (
    "too_long",  # longer than MAX_LENGTH
    "syntax",  # not Python literal syntax (params: line, column)
    "not_literal",  # a name, call, attribute... (params: element, line, column)
    "not_list",  # the filter is not a list
    "too_deep",  # nested deeper than MAX_DEPTH
    "bad_element",  # an element is neither a leaf nor "&", "|", "!" (params: index)
    "bad_leaf",  # a leaf is not (path, operator, value) (params: index)
    "bad_path",  # the path is not a dotted name (params: index)
    "bad_operator",  # the operator is not in OPERATORS (params: index)
    "bad_value",  # the value does not fit the operator (params: index)
    "bad_logic",  # "&", "|", "!" without their operands
    "bad_placeholder",  # a relative date out of range (params: index)
)

_NODE_NAMES = {
    ast.Name: "name",
    ast.Call: "function call",
    ast.Attribute: "attribute",
    ast.Subscript: "subscript",
    ast.BinOp: "operation",
    ast.BoolOp: "operation",
    ast.Compare: "comparison",
    ast.JoinedStr: "formatted string",
    ast.Lambda: "lambda",
    ast.Dict: "dictionary",
    ast.Set: "set",
    ast.ListComp: "comprehension",
    ast.GeneratorExp: "comprehension",
    ast.DictComp: "comprehension",
    ast.SetComp: "comprehension",
    ast.IfExp: "condition",
    ast.Starred: "starred expression",
    ast.NamedExpr: "assignment",
    ast.Await: "await",
}


@dataclass(frozen=True)
class RelativeDate:
    """A placeholder: ``days``, ``months`` (and years as 12 months) from today."""

    text: str
    days: int = 0
    months: int = 0

    def on(self, today):
        """The date this placeholder stands for when applied ``today``."""
        day = today
        if self.months:
            index = day.year * 12 + day.month - 1 + self.months
            year, month = divmod(index, 12)
            month += 1
            day = day.replace(
                year=year,
                month=month,
                day=min(day.day, calendar.monthrange(year, month)[1]),
            )
        return day + datetime.timedelta(days=self.days)


def placeholder(text):
    """The RelativeDate of a placeholder string, None when ``text`` is not one;
    raises ValueError when its amount is out of range."""
    match = PLACEHOLDER.match(text)
    if not match:
        return None
    sign, amount, unit = match.groups()
    if not sign:
        return RelativeDate(text)
    amount = int(amount) * (-1 if sign == "-" else 1)
    unit = unit.lower().rstrip("s")
    days = {"day": amount, "week": 7 * amount}.get(unit, 0)
    months = {"month": amount, "year": 12 * amount}.get(unit, 0)
    if abs(days) + abs(months) * 31 > MAX_PLACEHOLDER_DAYS:
        raise ValueError(text)
    return RelativeDate(text, days=days, months=months)


def _literal(node, depth=0):
    """The Python value of a literal node (lists, tuples, constants)."""
    if depth > MAX_DEPTH:
        raise DomainError("too_deep")
    if isinstance(node, ast.Constant):
        if node.value is None or isinstance(node.value, (bool, int, float, str)):
            return node.value
        raise DomainError(
            "not_literal",
            element="constant",
            line=node.lineno,
            column=node.col_offset + 1,
        )
    if (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, (ast.USub, ast.UAdd))
        and isinstance(node.operand, ast.Constant)
        and type(node.operand.value) in (int, float)
    ):
        value = node.operand.value
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.List):
        return [_literal(elt, depth + 1) for elt in node.elts]
    if isinstance(node, ast.Tuple):
        return tuple(_literal(elt, depth + 1) for elt in node.elts)
    raise DomainError(
        "not_literal",
        element=_NODE_NAMES.get(type(node), "expression"),
        line=getattr(node, "lineno", 1),
        column=getattr(node, "col_offset", 0) + 1,
    )


def literal(text):
    """The literal value written in ``text`` (lists, tuples, strings, numbers,
    booleans, None); raises DomainError for anything else."""
    if len(text) > MAX_LENGTH:
        raise DomainError("too_long", limit=MAX_LENGTH)
    try:
        tree = ast.parse(text.strip() or "[]", mode="eval")
    except SyntaxError as error:
        raise DomainError(
            "syntax", line=error.lineno or 1, column=error.offset or 1
        ) from None
    except (ValueError, RecursionError, MemoryError):
        raise DomainError("syntax", line=1, column=1) from None
    try:
        return _literal(tree.body)
    except RecursionError:
        raise DomainError("too_deep") from None


def _value(value, operator, index, depth):
    if operator in DOMAIN_OPERATORS:
        if not isinstance(value, (list, tuple)):
            raise DomainError("bad_value", index=index)
        return _domain(value, depth + 1)
    if isinstance(value, (list, tuple)):
        if operator not in LIST_OPERATORS and operator not in ("child_of", "parent_of"):
            raise DomainError("bad_value", index=index)
        return [_scalar(item, index) for item in value]
    if operator in LIST_OPERATORS:
        raise DomainError("bad_value", index=index)
    if operator in TEXT_OPERATORS and not isinstance(value, (str, bool)):
        raise DomainError("bad_value", index=index)
    return _scalar(value, index)


def _scalar(value, index):
    if isinstance(value, (list, tuple)):
        raise DomainError("bad_value", index=index)
    if isinstance(value, str):
        try:
            relative = placeholder(value)
        except ValueError:
            raise DomainError("bad_placeholder", index=index) from None
        if relative:
            return relative
    return value


def _domain(value, depth=0):
    if depth > MAX_DEPTH:
        raise DomainError("too_deep")
    if not isinstance(value, (list, tuple)):
        raise DomainError("not_list")
    result = []
    need = 1  # operands still expected, in Polish notation (implicit "&")
    for index, element in enumerate(value, start=1):
        if need == 0:
            need = 1
        if isinstance(element, str):
            if element not in LOGIC:
                raise DomainError("bad_element", index=index)
            need += element != "!"
            result.append(element)
            continue
        if not isinstance(element, (list, tuple)):
            raise DomainError("bad_element", index=index)
        if len(element) != 3:
            raise DomainError("bad_leaf", index=index)
        path, operator, operand = element
        need -= 1
        if tuple(element) in CONSTANT_LEAVES:
            result.append(tuple(element))
            continue
        if not isinstance(path, str) or not re.fullmatch(
            r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*", path
        ):
            raise DomainError("bad_path", index=index)
        if not isinstance(operator, str) or operator.lower() not in OPERATORS:
            raise DomainError("bad_operator", index=index)
        operator = operator.lower()
        result.append((path, operator, _value(operand, operator, index, depth)))
    if value and need:
        raise DomainError("bad_logic")
    return result


def parse(text):
    """The domain written in ``text``: a list of ``"&"``, ``"|"``, ``"!"`` and
    ``(path, operator, value)`` tuples whose relative dates are RelativeDate objects
    (sub-filters of ``any`` / ``not any`` parsed the same way). Empty text is the
    empty domain. Raises DomainError."""
    return _domain(literal(text or "[]"))


def resolve(domain, today):
    """``domain`` with its relative dates replaced by ISO dates of ``today``."""

    def value(item):
        if isinstance(item, RelativeDate):
            return item.on(today).isoformat()
        return item

    result = []
    for element in domain:
        if not isinstance(element, tuple) or element in CONSTANT_LEAVES:
            result.append(element)
            continue
        path, operator, operand = element
        if operator in DOMAIN_OPERATORS:
            operand = resolve(operand, today)
        elif isinstance(operand, list):
            operand = [value(item) for item in operand]
        else:
            operand = value(operand)
        result.append((path, operator, operand))
    return result


def has_placeholder(operand):
    """Whether a leaf's value holds a relative date."""
    if isinstance(operand, list):
        return any(isinstance(item, RelativeDate) for item in operand)
    return isinstance(operand, RelativeDate)
