import datetime
from contextlib import contextmanager

from odoo.exceptions import ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import config

from .common import FrenchCompanyCase

# the payloads of issue 14, as a dunning manager saved them over XML-RPC
SECRET_FORMAT = (
    "'{0.__globals__[check_property_field_value_name].__globals__[config]"
    ".options[admin_passwd]}'"
)
PAYLOADS = [
    f"[('x_no_field','=',{SECRET_FORMAT}.format(context_today))]",
    f"[('name','=',{SECRET_FORMAT}.format(context_today))]",
    "[('name','=','{0.__globals__[__builtins__]}'.format(lambda: 0))]",
    "[('x_no_field','=','{0.__globals__[__builtins__]}'.format(lambda: 0))]",
    "[('name', '=', context_today().strftime('%Y-%m-%d'))]",
]


@tagged("post_install", "-at_install")
class TestUserFilters(FrenchCompanyCase):
    """Filters of dunning policies and lettering rules are literal domains checked
    against the fields, for a "Recouvrement : responsable" who is not a Settings
    administrator (and for everyone)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="filters_manager",
            groups="l10n_fr_credit_collection.group_credit_collection_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.Policy = cls.env["l10n.fr.dunning.policy"].with_user(cls.manager)
        cls.Rule = cls.env["l10n.fr.lettering.rule"].with_user(cls.manager)
        cls.secrets = [
            str(config["admin_passwd"]),
            cls.env.cr.dbname,
            str(config["data_dir"]),
            *[path for path in str(config["addons_path"]).split(",") if path],
        ]

    @contextmanager
    def assertRefused(self, pattern):
        """A ValidationError whose message matches ``pattern``, rolled back."""
        with self.assertRaises(ValidationError) as error:
            yield error
        self.assertRegex(str(error.exception), pattern)

    def assertNoSecret(self, text):
        for secret in self.secrets:
            self.assertNotIn(secret, text)
        self.assertNotIn("__globals__", text)
        self.assertNotIn("<function", text)
        self.assertNotIn("<module", text)

    def policy_vals(self, name, **vals):
        return {"name": name, "company_id": self.company.id, **vals}

    def test_python_payloads_refused_on_policies(self):
        for index, payload in enumerate(PAYLOADS):
            for field in ("partner_domain", "invoice_domain"):
                name = f"Payload policy {index} {field}"
                with (
                    self.subTest(payload=payload, field=field),
                    self.assertRaises(ValidationError) as error,
                ):
                    self.Policy.create(self.policy_vals(name, **{field: payload}))
                self.assertIn("literal", str(error.exception))
                self.assertNoSecret(str(error.exception))
                self.assertFalse(
                    self.env["l10n.fr.dunning.policy"].search([("name", "=", name)])
                )

    def test_python_payloads_refused_on_write(self):
        policy = self.Policy.create(self.policy_vals("Written policy"))
        rule = self.Rule.create({"name": "Written rule", "company_id": self.company.id})
        for payload in PAYLOADS:
            for record, field in (
                (policy, "partner_domain"),
                (policy, "invoice_domain"),
                (rule, "partner_domain"),
            ):
                with (
                    self.subTest(payload=payload, record=record),
                    self.assertRaises(ValidationError) as error,
                ):
                    record.write({field: payload})
                self.assertNoSecret(str(error.exception))
                record.invalidate_recordset()
                self.assertEqual(record[field], "[]")

    def test_python_payloads_refused_on_lettering_rules(self):
        for index, payload in enumerate(PAYLOADS):
            name = f"Payload rule {index}"
            with (
                self.subTest(payload=payload),
                self.assertRaises(ValidationError) as error,
            ):
                self.Rule.create(
                    {
                        "name": name,
                        "company_id": self.company.id,
                        "partner_domain": payload,
                    }
                )
            self.assertNoSecret(str(error.exception))
            self.assertFalse(
                self.env["l10n.fr.lettering.rule"].search([("name", "=", name)])
            )

    def test_format_string_compared_with_a_field_is_only_text(self):
        """A filter comparing a field with the format string stores the text as
        written and applies it as a text: nothing of the server in it, ever."""
        text = SECRET_FORMAT.strip("'")
        domain = f"[('name', '=', {SECRET_FORMAT})]"
        policy = self.Policy.create(
            self.policy_vals("Text policy", partner_domain=domain)
        )
        rule = self.Rule.create(
            {
                "name": "Text rule",
                "company_id": self.company.id,
                "partner_domain": domain,
            }
        )
        self.assertEqual(policy.partner_domain, domain)
        self.assertEqual(
            policy._l10n_fr_domain("partner_domain"), [("name", "=", text)]
        )
        self.assertEqual(rule._l10n_fr_partner_domain(), [("name", "=", text)])
        self.assertFalse(self.env["res.partner"].search(rule._l10n_fr_partner_domain()))
        # the proposals of the rule compute without error and without the secret
        results = rule.sudo()._l10n_fr_propose()
        self.assertEqual(results[0][1], [], "no partner matches the text")
        self.assertNoSecret(repr(results))

    def test_guesses_on_hidden_fields_refused(self):
        """A field the user cannot read cannot be filtered on (no guessing of its
        values one filter at a time)."""
        with self.assertRaisesRegex(
            ValidationError, "does not have|cannot be searched"
        ):
            self.Policy.create(
                self.policy_vals(
                    "Guess",
                    partner_domain="[('user_ids.totp_secret', '=', 'x')]",
                )
            )
        with self.assertRaisesRegex(
            ValidationError, "does not have|cannot be searched"
        ):
            self.Rule.create(
                {
                    "name": "Guess",
                    "company_id": self.company.id,
                    "partner_domain": "[('user_ids.password', '=', 'admin')]",
                }
            )

    def test_fields_operators_and_placeholders_checked(self):
        for domain, message in (
            ("[('x_no_field', '=', 1)]", "x_no_field"),
            ("[('country_id.nope', '=', 1)]", "nope"),
            ("[('name.id', '=', 1)]", "links to no other record"),
            ("[('name', 'regex', 'x')]", "operator"),
            ("[('name', '<', 'today - 30 days')]", "not a date"),
            ("[('name', 'any', [('id', '=', 1)])]", "links to no other record"),
            ("[('category_id', 'any', [('nope', '=', 1)])]", "nope"),
            ("['|', ('name', '=', 'x')]", "lacks"),
            ("[('name', '=', 'x')", "syntax"),
        ):
            with (
                self.subTest(domain=domain),
                self.assertRefused(message),
            ):
                self.Policy.create(self.policy_vals("Checked", partner_domain=domain))

    def test_database_errors_not_shown(self):
        with self.assertRaises(ValidationError) as error:
            self.Policy.create(
                self.policy_vals(
                    "Typed", partner_domain="[('credit_limit', '=', 'not a number')]"
                )
            )
        self.assertIn("cannot be applied", str(error.exception))
        self.assertNotIn("not a number", str(error.exception))
        self.assertNotIn("psycopg", str(error.exception))

    def test_relative_dates(self):
        policy = self.Policy.create(
            self.policy_vals(
                "Relative",
                partner_domain="[('category_id', 'any', [('name', '!=', 'VIP')])]",
                invoice_domain="['|', ('invoice_date_due', '<', 'today - 30 days'), "
                "('invoice_date', '>=', 'today - 1 month')]",
            )
        )
        self.assertEqual(
            policy._l10n_fr_domain("invoice_domain", datetime.date(2026, 3, 31)),
            [
                "|",
                ("invoice_date_due", "<", "2026-03-01"),
                ("invoice_date", ">=", "2026-02-28"),
            ],
        )
        rule = self.Rule.create(
            {
                "name": "Relative rule",
                "company_id": self.company.id,
                "partner_domain": "[('create_date', '<', 'today + 1 day')]",
            }
        )
        self.assertTrue(self.env["res.partner"].search(rule._l10n_fr_partner_domain()))

    def test_documented_examples(self):
        """The examples of readme/CONFIGURE.md are valid filters."""
        policy = self.Policy.create(
            self.policy_vals(
                "Examples",
                partner_domain="[('category_id.name', '=', 'Grands comptes')]",
                invoice_domain="[('invoice_date_due', '<', 'today - 90 days'), "
                "('amount_residual', '>=', 1000)]",
            )
        )
        policy.partner_domain = (
            "['|', ('country_id.code', 'in', ['BE', 'LU']), "
            "('credit_limit', '>', 50000)]"
        )
        policy.invoice_domain = (
            "[('invoice_line_ids', 'any', "
            "[('product_id.default_code', '=like', 'ABO%')])]"
        )

    def test_french_message(self):
        if not self.env["res.lang"]._lang_get("fr_FR"):
            self.skipTest("French is not installed")
        with self.assertRefused("n'est pas valide"):
            self.Policy.with_context(lang="fr_FR").create(
                self.policy_vals("Français", partner_domain=PAYLOADS[0])
            )

    def test_manager_is_no_settings_admin(self):
        self.assertFalse(self.manager.has_group("base.group_system"))
        self.assertTrue(
            self.manager.has_group(
                "l10n_fr_credit_collection.group_credit_collection_manager"
            )
        )

    def test_settings_admin_gets_the_same_parser(self):
        with self.assertRaises(ValidationError):
            self.env["l10n.fr.dunning.policy"].create(
                self.policy_vals("Admin payload", partner_domain=PAYLOADS[2])
            )

    def test_forms_and_help(self):
        """The filters are edited with Odoo's domain editor, whose output (literal
        domains) the parser takes; the help names the placeholders."""
        for model, field, widget_model in (
            ("l10n.fr.dunning.policy", "partner_domain", "res.partner"),
            ("l10n.fr.dunning.policy", "invoice_domain", "account.move"),
            ("l10n.fr.lettering.rule", "partner_domain", "res.partner"),
        ):
            Model = self.env[model].with_user(self.manager)
            arch = Model.get_view(view_type="form")["arch"]
            self.assertIn(f'name="{field}" widget="domain"', arch)
            # Odoo's editor then offers no Python ("is within" writes context_today)
            self.assertNotIn("allow_expressions", arch)
            self.assertIn(widget_model, arch)
            self.assertIn("today - 30 days", Model.fields_get([field])[field]["help"])
        with Form(self.Policy) as form:
            form.name = "Form policy"
            form.partner_domain = '[("country_id.code", "in", ["FR", "BE"])]'
            form.invoice_domain = '[("invoice_date_due", "<", "today - 30 days")]'
        with Form(self.Rule) as form:
            form.name = "Form rule"
            form.partner_domain = '[("is_company", "=", True)]'
        self.assertTrue(self.Rule.search([("name", "=", "Form rule")]))
