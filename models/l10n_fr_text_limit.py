"""Length limits of the free texts users write (reasons copied into histories that
cannot be deleted, notes): checked server-side, for every way in (forms, imports,
XML-RPC); a text too long is refused with a clear message and nothing is written."""

from odoo.exceptions import ValidationError

REASON_LENGTH = 500  # characters of a reason (dispute, no dunning, unlettering)
NOTE_LENGTH = 5000  # characters of a note


def check_length(records, field_names, limit=REASON_LENGTH):
    """Raise a ValidationError when a value of ``field_names`` of ``records`` is
    longer than ``limit`` characters."""
    env = records.env
    for record in records:
        for name in field_names:
            value = record[name]
            if value and len(value) > limit:
                raise ValidationError(
                    env._(
                        "%(field)s is limited to %(limit)s characters (%(length)s "
                        "given).",
                        field=records._fields[name]._description_string(env),
                        limit=limit,
                        length=len(value),
                    )
                )
