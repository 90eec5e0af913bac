import base64
import re

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

FEC_COLUMNS = (
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
)
LETTER, LETTER_DATE = FEC_COLUMNS.index("EcritureLet"), FEC_COLUMNS.index("DateLet")
RECORD_END = "\r\n"  # Odoo writes the records with CRLF, no newline at the end


class FecExportWizard(models.TransientModel):
    """Odoo's FEC (l10n_fr_account) with a menu and a file in Community, and the
    lettering of the addon in EcritureLet / DateLet: the letter code and the date the
    group was lettered; blank when not lettered, and for partial letterings unless
    asked. The rest of the file is left exactly as Odoo writes it."""

    _inherit = "l10n_fr.fec.export.wizard"

    l10n_fr_partial_letters = fields.Boolean(
        string="Partial Letters",
        default=lambda self: self.env.company.l10n_fr_fec_partial_letters,
        help="Export the lowercase letters of partially lettered items (otherwise "
        "their EcritureLet and DateLet are blank).",
    )
    l10n_fr_fec_file = fields.Binary(string="FEC File", readonly=True)

    def generate_fec(self):
        result = super().generate_fec()
        result["file_content"] = self._l10n_fr_fec_letters(result["file_content"])
        return result

    def create_fec_report_action(self):
        self.ensure_one()
        if not self.env.company._l10n_fr_french_law():
            raise self.env.company._l10n_fr_french_law_error(
                self.env._("The FEC (fichier des écritures comptables)")
            )
        result = self.generate_fec()
        self.write(
            {
                "filename": result["file_name"],
                "l10n_fr_fec_file": base64.b64encode(result["file_content"]),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content?model={self._name}&id={self.id}"
            "&field=l10n_fr_fec_file&filename_field=filename&download=true",
            "target": "download",
        }

    def _l10n_fr_fec_letters(self, content):
        """Rewrite EcritureLet and DateLet of the journal items of the period (the
        last rows of the file, in the order of Odoo's query) with the letters."""
        self.ensure_one()
        Line = self.env["account.move.line"]
        query = Line._search(
            self._get_base_domain()
            + [("date", ">=", self.date_from), ("date", "<=", self.date_to)],
            order="date, move_name, id",
        )
        lines = self.env.execute_query(
            query.select(
                SQL(
                    "account_move_line.move_name, account_move_line.l10n_fr_letter, "
                    "account_move_line.l10n_fr_letter_state, "
                    "account_move_line.l10n_fr_letter_date"
                )
            )
        )
        records = content.decode().split(RECORD_END)
        period = records[-len(lines) :] if lines else []
        if len(records) <= len(lines) or any(
            record.split("|")[2] != _fec_text(move_name)
            for record, (move_name, *_letter) in zip(period, lines, strict=True)
        ):
            raise UserError(
                self.env._(
                    "The FEC rows do not follow the journal items: the letters cannot "
                    "be added."
                )
            )
        start = len(records) - len(period)
        for index, (_move_name, letter, state, day) in enumerate(lines, start):
            columns = records[index].split("|")
            if state == "full" or (state == "partial" and self.l10n_fr_partial_letters):
                columns[LETTER] = letter
                columns[LETTER_DATE] = fields.Date.to_string(day).replace("-", "")
            else:
                columns[LETTER] = columns[LETTER_DATE] = ""
            records[index] = "|".join(columns)
        return RECORD_END.join(records).encode()


def _fec_text(value):
    """A text as Odoo's FEC query writes it."""
    return re.sub(r"[\t\r\n]", " ", (value or "").replace("|", "/"))
