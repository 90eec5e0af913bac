import base64
import csv
import io
import re

from odoo.exceptions import UserError
from odoo.tests import Form, freeze_time, tagged

from odoo.addons.l10n_fr_account.wizard.account_fr_fec_export_wizard import (
    FecExportWizard as OdooFecWizard,
)

from ..wizards.l10n_fr_fec_export_wizard import FEC_COLUMNS, LETTER, LETTER_DATE
from .common import LetteringCase

AMOUNT = re.compile(r"^[ -]\d{15},\d{2}$|^0,00$")  # Odoo's FEC amounts
DATE = re.compile(r"^\d{8}$")


@tagged("post_install", "-at_install")
class TestFec(LetteringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Client | FEC", "is_company": True}
        )
        cls.paid = cls.invoice(cls.customer, 1200, "2024-03-05")
        cls.paid_payment = cls.payment(cls.customer, 1200, "2024-03-20")
        cls.part = cls.invoice(cls.customer, 800, "2024-03-06")
        cls.part_payment = cls.payment(cls.customer, 300, "2024-03-21")
        cls.unpaid = cls.invoice(cls.customer, 99.9, "2024-03-07")
        with freeze_time("2024-04-02"):
            cls.env["account.move.line"]._reconcile_plan(
                [
                    cls.item(cls.paid) + cls.item(cls.paid_payment),
                    cls.item(cls.part) + cls.item(cls.part_payment),
                ]
            )

    def _fec(self, **values):
        wizard = self.env["l10n_fr.fec.export.wizard"].create(
            {
                "date_from": "2024-03-01",
                "date_to": "2024-03-31",
                "test_file": True,
                **values,
            }
        )
        content = wizard.generate_fec()["file_content"]
        text = content.decode("utf-8")
        return text, list(csv.reader(io.StringIO(text, newline=""), delimiter="|"))

    def _row(self, rows, record):
        item = self.item(record)
        move = item.move_id
        found = [r for r in rows if r[2] == move.name and r[4] == item.account_id.code]
        self.assertEqual(len(found), 1, move.name)
        return dict(zip(FEC_COLUMNS, found[0], strict=True))

    def test_file_format(self):
        text, rows = self._fec()
        self.assertEqual(rows[0], list(FEC_COLUMNS))
        self.assertEqual(len(FEC_COLUMNS), 18)
        self.assertFalse(text.endswith("\r\n"))
        self.assertEqual(text.count("\r\n"), len(rows) - 1, "CRLF between records")
        self.assertNotIn("\n", text.replace("\r\n", ""))
        for row in rows[1:]:
            self.assertEqual(len(row), 18, row)
            record = dict(zip(FEC_COLUMNS, row, strict=True))
            for column in ("EcritureDate", "PieceDate", "ValidDate"):
                self.assertRegex(record[column], DATE)
            for column in ("Debit", "Credit"):
                self.assertRegex(record[column], AMOUNT)
            if record["Montantdevise"]:
                self.assertRegex(record["Montantdevise"], AMOUNT)
            if record["DateLet"]:
                self.assertRegex(record["DateLet"], DATE)
                self.assertTrue(record["EcritureLet"])
            for column in ("JournalCode", "EcritureNum", "CompteNum", "CompteLib"):
                self.assertTrue(record[column], column)
        invoice = self._row(rows, self.paid)
        self.assertEqual(invoice["Debit"], " 000000000001200,00")
        self.assertEqual(invoice["Credit"], "0,00")
        self.assertEqual(invoice["CompAuxLib"], "Client / FEC", "no separator inside")

    def test_only_the_letters_differ_from_odoo(self):
        """The file is Odoo's, byte for byte, but for EcritureLet and DateLet."""
        wizard = self.env["l10n_fr.fec.export.wizard"].create(
            {"date_from": "2024-03-01", "date_to": "2024-03-31", "test_file": True}
        )
        ours = wizard.generate_fec()["file_content"].decode().split("\r\n")
        odoo = OdooFecWizard.generate_fec(wizard)["file_content"].decode().split("\r\n")
        self.assertEqual(len(ours), len(odoo))
        self.assertEqual(ours[0], odoo[0], "the header")
        lettered = []
        for our_row, odoo_row in zip(ours[1:], odoo[1:], strict=True):
            our_fields, odoo_fields = our_row.split("|"), odoo_row.split("|")
            if our_fields[LETTER]:
                lettered.append(
                    (our_fields[2], our_fields[4], bool(our_fields[LETTER_DATE]))
                )
            for column in (LETTER, LETTER_DATE):
                our_fields[column] = odoo_fields[column]
            self.assertEqual(our_fields, odoo_fields)
        expected = [
            (item.move_id.name, item.account_id.code, True)
            for item in (self.item(self.paid), self.item(self.paid_payment))
        ]
        self.assertEqual(sorted(lettered), sorted(expected), "the full lettering only")

    def test_letters_and_lettering_dates(self):
        _text, rows = self._fec()
        letter = self.item(self.paid).l10n_fr_letter
        self.assertTrue(letter.isupper())
        for record in (self.paid, self.paid_payment):
            row = self._row(rows, record)
            self.assertEqual(row["EcritureLet"], letter)
            self.assertEqual(row["DateLet"], "20240402")
        # partial letterings: blank by default, lowercase letters when asked
        for record in (self.part, self.part_payment, self.unpaid):
            row = self._row(rows, record)
            self.assertEqual((row["EcritureLet"], row["DateLet"]), ("", ""))
        _text, rows = self._fec(l10n_fr_partial_letters=True)
        partial = self.item(self.part).l10n_fr_letter
        self.assertTrue(partial.islower())
        self.assertEqual(self._row(rows, self.part_payment)["EcritureLet"], partial)
        self.assertEqual(self._row(rows, self.part)["DateLet"], "20240402")
        self.assertEqual(self._row(rows, self.unpaid)["EcritureLet"], "")
        # the same letters as on the journal items, not Odoo's reconciliation ids
        full_id = str(self.item(self.paid).full_reconcile_id.id)
        self.assertNotEqual(self._row(rows, self.paid)["EcritureLet"], full_id)

    def test_menu_downloads_the_file(self):
        self.company.l10n_fr_fec_partial_letters = True
        form = Form(self.env["l10n_fr.fec.export.wizard"])
        self.assertTrue(form.l10n_fr_partial_letters, "default from the settings")
        form.date_from = "2024-03-01"
        form.date_to = "2024-03-31"
        form.test_file = True
        wizard = form.save()
        action = wizard.create_fec_report_action()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn("download=true", action["url"])
        self.assertRegex(wizard.filename, r"^\d{9}FEC20240331\.csv$")
        content = base64.b64decode(wizard.l10n_fr_fec_file).decode()
        self.assertTrue(content.startswith("JournalCode|JournalLib|EcritureNum"))
        self.assertFalse(self.company.fiscalyear_lock_date, "test file: no lock date")
        menu = self.env.ref("l10n_fr_credit_collection.fec_menu")
        self.assertEqual(
            menu.action,
            self.env.ref("l10n_fr_credit_collection.l10n_fr_fec_export_wizard_action"),
        )
        self.assertNotIn(menu.id, self.env["ir.ui.menu"]._load_menus_blacklist())

    def test_not_for_companies_outside_france(self):
        """The FEC menu is hidden from users without a French company, and the
        download refuses a company whose fiscal country is not France."""
        us = self.env["res.company"].create(
            {"name": "Ironworks Inc.", "country_id": self.env.ref("base.us").id}
        )
        self.assertFalse(us._l10n_fr_french_law())
        self.assertTrue(self.company._l10n_fr_french_law())
        user = self.env["res.users"].create(
            {
                "name": "US accountant",
                "login": "us.accountant@example.com",
                "company_id": us.id,
                "company_ids": [(6, 0, us.ids)],
                "groups_id": [(6, 0, self.env.ref("account.group_account_user").ids)],
            }
        )
        hidden = self.env["ir.ui.menu"].with_user(user)._load_menus_blacklist()
        for xmlid in ("fec_menu", "l10n_fr_injonction_case_menu", "l10n_fr_court_menu"):
            self.assertIn(self.env.ref(f"l10n_fr_credit_collection.{xmlid}").id, hidden)
        wizard = (
            self.env["l10n_fr.fec.export.wizard"]
            .with_user(user)
            .with_context(allowed_company_ids=us.ids)
            .create({"date_from": "2024-03-01", "date_to": "2024-03-31"})
        )
        with self.assertRaisesRegex(UserError, "not France"):
            wizard.create_fec_report_action()
