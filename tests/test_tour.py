import shutil

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTours(HttpCase):
    """User flows in headless Chromium. A missing browser fails here instead of being
    skipped by Odoo (scripts/test_report.py also fails on any skipped test)."""

    def setUp(self):
        super().setUp()
        self.assertTrue(
            shutil.which("chromium") or shutil.which("google-chrome"),
            "Chromium is needed for the tours (Debian package chromium)",
        )

    def test_overdue_invoices_menu(self):
        company = self.env.ref("l10n_fr_credit_collection.demo_company")
        self.env.ref("base.user_admin").company_id = company
        self.start_tour(
            "/odoo/customer-invoices",
            "l10n_fr_credit_collection_overdue",
            login="admin",
        )
