from odoo.tests import Form, new_test_user, tagged

from .common import FrenchCompanyCase


@tagged("post_install", "-at_install")
class TestSecurity(FrenchCompanyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_group = cls.env.ref(
            "l10n_fr_credit_collection.group_credit_collection_user"
        )
        cls.manager_group = cls.env.ref(
            "l10n_fr_credit_collection.group_credit_collection_manager"
        )

    def _user(self, login, groups):
        return new_test_user(
            self.env,
            login=login,
            groups=groups,
            company_id=self.company.id,
            company_ids=[self.company.id],
        )

    def test_groups_follow_accounting_groups(self):
        accountant = self._user("cc_accountant", "account.group_account_user")
        adviser = self._user("cc_adviser", "account.group_account_manager")
        billing = self._user("cc_billing", "account.group_account_invoice")
        salesman = self._user("cc_salesman", "base.group_user")
        self.assertTrue(
            accountant.has_group(self.user_group.get_external_id()[self.user_group.id])
        )
        self.assertFalse(
            accountant.has_group(
                "l10n_fr_credit_collection.group_credit_collection_manager"
            )
        )
        self.assertTrue(
            adviser.has_group(
                "l10n_fr_credit_collection.group_credit_collection_manager"
            )
        )
        self.assertFalse(
            billing.has_group("l10n_fr_credit_collection.group_credit_collection_user")
        )
        self.assertFalse(
            salesman.has_group("l10n_fr_credit_collection.group_credit_collection_user")
        )
        controller = self._user(
            "cc_controller", "l10n_fr_credit_collection.group_credit_collection_user"
        )
        self.assertTrue(
            controller.has_group("account.group_account_invoice"),
            "controllers see invoices",
        )

    def test_group_names_in_french(self):
        names = (
            (self.user_group | self.manager_group)
            .with_context(lang="fr_FR")
            .mapped("name")
        )
        self.assertEqual(
            names, ["Recouvrement : utilisateur", "Recouvrement : responsable"]
        )

    def test_menu_visible_to_credit_controllers_only(self):
        menu = self.env.ref("l10n_fr_credit_collection.credit_collection_menu")
        controller = self._user(
            "cc_menu_user", "l10n_fr_credit_collection.group_credit_collection_user"
        )
        salesman = self._user("cc_menu_sales", "base.group_user")
        visible = self.env["ir.ui.menu"].with_user(controller)._visible_menu_ids()
        self.assertIn(menu.id, visible)
        self.assertNotIn(
            menu.id, self.env["ir.ui.menu"].with_user(salesman)._visible_menu_ids()
        )

    def test_overdue_action_finds_overdue_invoices(self):
        action = self.env.ref("l10n_fr_credit_collection.account_move_action_overdue")
        self.assertEqual(action.res_model, "account.move")
        self.assertIn("search_default_late", action.context)

    def test_settings_letter_scope_per_company(self):
        self.assertEqual(self.company.l10n_fr_letter_scope, "account")
        settings = Form(self.env["res.config.settings"].with_company(self.company))
        settings.l10n_fr_letter_scope = "partner"
        settings.save().execute()
        self.assertEqual(self.company.l10n_fr_letter_scope, "partner")
        self.assertEqual(
            self.env.ref("base.main_company").l10n_fr_letter_scope, "account"
        )
