from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import LetteringCase

ADDON = "l10n_fr_credit_collection"
USER = f"{ADDON}.group_credit_collection_user"
MANAGER = f"{ADDON}.group_credit_collection_manager"

# Models without a multi-company rule on purpose: reference data shared by every
# company, or Odoo's own models whose company is the current one.
SHARED_MODELS = {
    # French law, the same for every company (legal interest rates, ECB rate,
    # legal figures, VAT franchise thresholds): dated records of docs/french-law.md
    "l10n.fr.penalty.rate",
    "l10n.fr.ecb.rate",
    "l10n.fr.legal.parameter",
    "l10n.fr.franchise.threshold",
    # the courts of France and their fees: a public directory
    "l10n.fr.court",
    "l10n.fr.court.fee",
    # Odoo's settings wizard: it edits the current company, stores nothing of it
    "res.config.settings",
    # Odoo's FEC export wizard (l10n_fr_account), extended: of the current company
    "l10n_fr.fec.export.wizard",
    # companies themselves: Odoo's own rule (base) limits them to company_ids
    "res.company",
    # Odoo's models the addon extends with methods only, without a rule in Odoo:
    # partial reconciliations are reached through their journal items (which have
    # one), e-mail templates are shared by the companies of a database
    "account.partial.reconcile",
    "mail.template",
}
# fields that hold no data of a company: who and the chatter
NOT_COMPANY_DATA = {"res.users", "res.groups", "mail.message", "mail.activity"}


@tagged("post_install", "-at_install")
class TestSecurityModels(LetteringCase):
    """Isolation between companies, the history nobody can forge, access by role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Company B SARL"})
        cls.env = cls.env(
            context=dict(
                cls.env.context, allowed_company_ids=(cls.company + cls.company_b).ids
            )
        )

        def user(login, groups, company):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=company.id,
                company_ids=[company.id],
            )

        cls.controller_a = user("cc_ctl_a", USER, cls.company)
        cls.controller_b = user("cc_ctl_b", USER, cls.company_b)
        cls.manager_b = user("cc_mgr_b", MANAGER, cls.company_b)
        cls.manager_a = user("cc_mgr_a", MANAGER, cls.company)
        cls.billing = user("cc_billing", "account.group_account_invoice", cls.company)
        cls.employee = user("cc_employee", "base.group_user", cls.company)

        cls.invoice_a = cls.invoice(cls.pro, 1000, "2026-01-05")
        cls.item_a = cls.item(cls.invoice_a)
        level = cls.env["l10n.fr.dunning.level"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.reminder = cls.env["l10n.fr.dunning.reminder"].create(
            {
                "partner_id": cls.pro.id,
                "company_id": cls.company.id,
                "level_id": level.id,
                "date": "2026-02-05",
                "line_ids": [
                    Command.create(
                        {
                            "move_id": cls.invoice_a.id,
                            "move_line_id": cls.item_a.id,
                            "currency_id": cls.company.currency_id.id,
                            "amount_residual": 1000,
                            "interest": 12.5,
                        }
                    )
                ],
                "channel_ids": [
                    Command.create({"channel": "email", "message": "pro@example.com"})
                ],
            }
        )
        cls.line = cls.reminder.line_ids
        cls.channel = cls.reminder.channel_ids
        # the wizards and proposals of company A's credit controller
        env = cls.env(
            user=cls.controller_a, context={"allowed_company_ids": [cls.company.id]}
        )
        proposal_wizard = env["l10n.fr.lettering.proposal.wizard"].create({})
        cls.wizards = {
            "l10n.fr.lettering.proposal.wizard": proposal_wizard,
            "l10n.fr.lettering.proposal": env["l10n.fr.lettering.proposal"].create(
                {
                    "wizard_id": proposal_wizard.id,
                    "rule_id": env["l10n.fr.lettering.rule"]
                    .search([("company_id", "=", cls.company.id)], limit=1)
                    .id,
                    "state": "proposal",
                    "move_line_ids": [Command.set(cls.item_a.ids)],
                }
            ),
            "l10n.fr.lettering.wizard": env["l10n.fr.lettering.wizard"].create(
                {"line_ids": [Command.set(cls.item_a.ids)]}
            ),
            "l10n.fr.unlettering.wizard": env["l10n.fr.unlettering.wizard"].create(
                {"reason": "test", "selected_line_ids": [Command.set(cls.item_a.ids)]}
            ),
            "l10n.fr.balance.justification": env[
                "l10n.fr.balance.justification"
            ].create({}),
            "l10n.fr.penalty.invoice": env["l10n.fr.penalty.invoice"].create(
                {"move_ids": [Command.set(cls.invoice_a.ids)]}
            ),
        }

    @staticmethod
    def of(record, user):
        """``record`` as ``user``, in his companies."""
        return record.with_user(user).with_context(
            allowed_company_ids=user.company_ids.ids
        )

    def shown_menus(self, user):
        """The menus of the addon ``user`` sees: visible, and their parents too."""
        visible = self.as_user(user, "ir.ui.menu")._visible_menu_ids()
        ours = self.env["ir.ui.menu"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", ADDON), ("model", "=", "ir.ui.menu")])
            .mapped("res_id")
        )
        return ours.filtered(
            lambda menu: all(
                int(menu_id) in visible for menu_id in menu.parent_path.split("/")[:-1]
            )
        ).mapped("name")

    def as_user(self, user, model, companies=None):
        return (
            self.env[model]
            .with_user(user)
            .with_context(allowed_company_ids=(companies or user.company_ids).ids)
        )

    # ------------------------------------------------------------ every model

    def test_every_model_with_company_data_has_a_company_rule(self):
        """Every model of the addon with data of a company has a multi-company rule;
        its wizards and proposals also one to their creator."""
        names = set(
            self.env["ir.model.data"]
            .search([("module", "=", ADDON), ("model", "=", "ir.model")])
            .mapped(lambda data: self.env["ir.model"].browse(data.res_id).model)
        ) | {
            name
            for name, model in self.env.registry.items()
            if model._original_module == ADDON
        }
        self.assertIn("l10n.fr.dunning.reminder.line", names)
        self.assertIn("account.move", names, "models the addon extends too")
        self.assertFalse(SHARED_MODELS - set(self.env.registry), "stale allowlist")
        Rule = self.env["ir.rule"].sudo()
        missing = []
        for name in sorted(names):
            model = self.env[name]
            if model._abstract or name in SHARED_MODELS:
                continue
            company_data = "company_id" in model._fields or any(
                field.type in ("many2one", "many2many")
                and field.comodel_name not in NOT_COMPANY_DATA
                and "company_id" in self.env[field.comodel_name]._fields
                for fname, field in model._fields.items()
                if fname not in ("create_uid", "write_uid")
            )
            if not company_data:
                continue
            rules = Rule.search(
                [("model_id.model", "=", name), ("perm_read", "=", True)]
            )
            if not any("company_ids" in rule.domain_force for rule in rules):
                missing.append(f"{name}: no multi-company rule")
            if (
                model._transient
                and model._original_module == ADDON
                and not any("create_uid" in rule.domain_force for rule in rules)
            ):
                missing.append(f"{name}: no rule to its creator")
        self.assertFalse(missing, "\n".join(missing))

    # ------------------------------------------------------------ company B

    def test_company_b_cannot_read_company_a_reminder_items_and_channels(self):
        for records in (self.line, self.channel):
            Model = self.as_user(self.controller_b, records._name)
            self.assertFalse(Model.search([("id", "in", records.ids)]))
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                Model.browse(records.ids).read(["create_date"])
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                Model.browse(records.ids).write({"create_date": fields.Datetime.now()})
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                Model.browse(records.ids).unlink()
        # the manager of company B neither
        Line = self.as_user(self.manager_b, "l10n.fr.dunning.reminder.line")
        self.assertFalse(Line.search([("reminder_id", "=", self.reminder.id)]))
        # company A's own controller does
        Line = self.as_user(self.controller_a, "l10n.fr.dunning.reminder.line")
        self.assertEqual(Line.search([("id", "=", self.line.id)]), self.line)
        self.assertEqual(self.of(self.line, self.controller_a).interest, 12.5)

    def test_company_b_cannot_create_company_a_reminder_items_and_channels(self):
        Line = self.as_user(self.controller_b, "l10n.fr.dunning.reminder.line")
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Line.create(
                {
                    "reminder_id": self.reminder.id,
                    "move_id": self.invoice_a.id,
                    "move_line_id": self.item_a.id,
                    "currency_id": self.company.currency_id.id,
                }
            )
        Channel = self.as_user(self.controller_b, "l10n.fr.dunning.reminder.channel")
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Channel.create({"reminder_id": self.reminder.id, "channel": "sms"})
        self.assertEqual(len(self.reminder.line_ids), 1)
        self.assertEqual(len(self.reminder.channel_ids), 1)

    def test_wizards_and_proposals_of_their_creator_and_company_only(self):
        for name, record in self.wizards.items():
            with self.subTest(model=name):
                self.assertEqual(record.company_id, self.company)
                # the creator sees it
                Mine = self.as_user(self.controller_a, name)
                self.assertEqual(Mine.search([("id", "=", record.id)]), record)
                # company B does not: not read, written, deleted or created in A
                for user in (self.controller_b, self.manager_b):
                    Other = self.as_user(user, name)
                    self.assertFalse(Other.search([("id", "=", record.id)]))
                    with self.assertRaises(AccessError), mute_logger("odoo.models"):
                        Other.browse(record.id).read(["create_date"])
                    with self.assertRaises(AccessError), mute_logger("odoo.models"):
                        Other.browse(record.id).write(
                            {"create_date": fields.Datetime.now()}
                        )
                    with self.assertRaises(AccessError), mute_logger("odoo.models"):
                        Other.browse(record.id).unlink()
                # another user of company A neither (not his wizard)
                Colleague = self.as_user(self.manager_a, name)
                self.assertFalse(Colleague.search([("id", "=", record.id)]))
                # nor the creator himself when he works in company B only
                self.controller_a.company_ids |= self.company_b
                Elsewhere = self.as_user(self.controller_a, name, self.company_b)
                self.assertFalse(Elsewhere.search([("id", "=", record.id)]))
        # company B cannot create them in company A either
        in_company_a = {
            "l10n.fr.lettering.proposal.wizard": {"company_id": self.company.id},
            "l10n.fr.lettering.proposal": {
                "wizard_id": self.wizards["l10n.fr.lettering.proposal.wizard"].id,
                "rule_id": self.wizards["l10n.fr.lettering.proposal"].rule_id.id,
                "state": "proposal",
            },
            "l10n.fr.lettering.wizard": {"line_ids": [Command.set(self.item_a.ids)]},
            "l10n.fr.unlettering.wizard": {
                "company_id": self.company.id,
                "reason": "test",
            },
            "l10n.fr.balance.justification": {"company_id": self.company.id},
            "l10n.fr.penalty.invoice": {
                "company_id": self.company.id,
                "move_ids": [Command.set(self.invoice_a.ids)],
            },
        }
        self.assertEqual(set(in_company_a), set(self.wizards))
        for name, vals in in_company_a.items():
            with (
                self.subTest(model=name),
                self.assertRaises(AccessError),
                mute_logger("odoo.models", "odoo.addons.base.models.ir_rule"),
            ):
                self.as_user(self.controller_b, name).create(vals)

    # ------------------------------------------------------------ history

    def test_lettering_history_written_by_the_lettering_code_only(self):
        payment = self.item(self.payment(self.pro, 1000, "2026-01-20"))
        wizard = (
            self.env["l10n.fr.lettering.wizard"]
            .with_user(self.controller_a)
            .with_context(
                allowed_company_ids=self.company.ids,
                active_model="account.move.line",
                active_ids=(self.item_a + payment).ids,
            )
            .create({})
        )
        wizard.action_letter()
        history = self.env["l10n.fr.lettering.history"].search(
            [("move_line_ids", "in", self.item_a.ids)]
        )
        self.assertEqual(history.user_id, self.controller_a, "who lettered")
        self.assertEqual(history.letter, self.item_a.l10n_fr_letter)
        for user in (self.controller_a, self.manager_a):
            History = self.as_user(user, "l10n.fr.lettering.history")
            self.assertEqual(History.search([("id", "=", history.id)]), history)
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                History.create(
                    {
                        "company_id": self.company.id,
                        "user_id": self.manager_b.id,
                        "date": "2025-01-01 10:00:00",
                        "operation": "letter",
                        "origin": "manual",
                        "letter": "ZZZ",
                    }
                )
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                History.browse(history.id).write({"user_id": self.manager_b.id})
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                History.browse(history.id).unlink()
        self.assertEqual(history.user_id, self.controller_a)

    def test_letters_change_only_by_lettering(self):
        payment = self.item(self.payment(self.pro, 400, "2026-01-20"))
        (self.item_a + payment).reconcile()
        letter = self.item_a.l10n_fr_letter
        self.assertTrue(letter)
        forged = [
            {"l10n_fr_letter": "ZZZ"},
            {"l10n_fr_letter_state": "full"},
            {"l10n_fr_letter_index": 99, "l10n_fr_letter_date": "2025-01-01"},
        ]
        for item in (
            self.of(self.item_a, self.controller_a),
            self.item_a,
            self.item_a.sudo(),
        ):
            for vals in forged:
                with self.assertRaises(UserError) as error:
                    item.write(vals)
                self.assertIn("only by lettering", str(error.exception))
        with self.assertRaisesRegex(UserError, "ne changent que par le lettrage"):
            self.item_a.with_context(lang="fr_FR").write({"l10n_fr_letter": "ZZZ"})
        # a new journal item cannot be born lettered either
        with self.assertRaises(UserError):
            self.env["account.move"].create(
                {
                    "move_type": "entry",
                    "line_ids": [
                        Command.create(
                            {
                                "account_id": self.receivable.id,
                                "partner_id": self.pro.id,
                                "debit": 10,
                                "l10n_fr_letter": "ZZZ",
                                "l10n_fr_letter_state": "full",
                            }
                        ),
                        Command.create(
                            {"account_id": self.receivable.id, "credit": 10}
                        ),
                    ],
                }
            )
        self.assertEqual(self.item_a.l10n_fr_letter, letter)
        self.assertEqual(self.item_a.l10n_fr_letter_state, "partial")

    # ------------------------------------------------------------ roles

    def test_credit_controller_sets_no_dunning_tracked(self):
        partner = self.of(self.pro, self.controller_a)
        self.assertFalse(
            self.as_user(self.controller_a, "res.partner").has_access("write")
        )
        partner.write(
            {
                "l10n_fr_dunning_opt_out": True,
                "l10n_fr_dunning_opt_out_reason": "Accord de paiement avec le gérant",
            }
        )
        self.assertTrue(self.pro.l10n_fr_dunning_opt_out)
        self.env.flush_all()
        self.env.cr.precommit.run()  # the tracking
        tracked = self.pro.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "l10n_fr_dunning_opt_out"
        )
        self.assertTrue(tracked)
        self.assertEqual(
            tracked.mail_message_id.author_id, self.controller_a.partner_id
        )
        # from the customer's form, read-only for him: resume, then stop again
        partner.action_l10n_fr_dunning_resume()
        self.assertFalse(self.pro.l10n_fr_dunning_opt_out)
        self.assertFalse(self.pro.l10n_fr_dunning_opt_out_reason)
        wizard = (
            self.as_user(self.controller_a, "l10n.fr.dunning.opt.out")
            .with_context(active_model="res.partner", active_id=self.pro.id)
            .create({"reason": "  Litige commercial en cours "})
        )
        self.assertEqual(wizard.partner_id, self.pro)
        wizard.action_confirm()
        self.assertTrue(self.pro.l10n_fr_dunning_opt_out)
        self.assertEqual(
            self.pro.l10n_fr_dunning_opt_out_reason, "Litige commercial en cours"
        )
        form = partner.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("action_l10n_fr_dunning_resume", form)
        # only these fields: the contact itself stays out of reach
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            partner.write({"l10n_fr_dunning_opt_out": False, "name": "Renamed"})
        # nor for whoever is not a credit controller
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.of(self.pro, self.billing).write({"l10n_fr_dunning_opt_out": False})

    def test_employee_without_accounting_sees_nothing_of_the_addon(self):
        names = [
            name
            for name, model in self.env.registry.items()
            if model._original_module == ADDON and not model._abstract
        ]
        readable = [
            name
            for name in names
            if self.as_user(self.employee, name).has_access("read")
        ]
        self.assertEqual(readable, [])
        self.assertFalse(self.shown_menus(self.employee))
        self.assertIn("Reminders", self.shown_menus(self.controller_a))
        self.assertNotIn("Dunning Policies", self.shown_menus(self.controller_a))
        # the responsable configures without being an accounting administrator
        self.assertTrue(
            {"Dunning Policies", "Lettering Rules", "Late-Payment Rates", "Courts"}
            <= set(self.shown_menus(self.manager_a))
        )

    def test_billing_sees_penalties_not_reminders_or_policies(self):
        def readable(user, name):
            return self.as_user(user, name).has_access("read")

        invoice = self.of(self.invoice_a, self.billing)
        invoice.invalidate_recordset()
        self.assertGreaterEqual(invoice.l10n_fr_penalty_due, 0)
        self.assertTrue(readable(self.billing, "l10n.fr.penalty.rate"))
        for name in (
            "l10n.fr.dunning.reminder",
            "l10n.fr.dunning.reminder.line",
            "l10n.fr.dunning.policy",
            "l10n.fr.dunning.level",
            "l10n.fr.dunning.aged.balance",
            "l10n.fr.lettering.history",
        ):
            self.assertFalse(readable(self.billing, name), name)
        self.assertFalse(self.shown_menus(self.billing))
        # the invoice form opens without the dunning fields
        form = invoice.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("l10n_fr_penalty_due", form)
        self.assertNotIn("l10n_fr_reminder_count", form)
        invoice.web_read({"l10n_fr_penalty_due": {}, "name": {}})

    def test_controller_works_responsable_configures(self):
        def can(user, name, operation):
            return self.as_user(user, name).has_access(operation)

        worked = (
            "l10n.fr.dunning.reminder",
            "l10n.fr.dunning.promise",
            "l10n.fr.dunning.run",
            "l10n.fr.injonction.case",
            "l10n.fr.dispute",
            "l10n.fr.call",
            "l10n.fr.call.wizard",
            "l10n.fr.lettering.wizard",
            "l10n.fr.unlettering.wizard",
            "l10n.fr.lettering.proposal.wizard",
        )
        for name in worked:
            for operation in ("read", "write", "create"):
                self.assertTrue(can(self.controller_a, name, operation), name)
        configured = (
            "l10n.fr.dunning.policy",
            "l10n.fr.dunning.level",
            "l10n.fr.lettering.rule",
            "l10n.fr.penalty.rate",
            "l10n.fr.ecb.rate",
            "l10n.fr.legal.parameter",
            "l10n.fr.franchise.threshold",
            "l10n.fr.court",
            "l10n.fr.court.fee",
            "l10n.fr.dispute.reason",
            "l10n.fr.call.outcome",
        )
        for name in configured:
            self.assertTrue(can(self.controller_a, name, "read"), name)
            for operation in ("write", "create", "unlink"):
                self.assertFalse(can(self.controller_a, name, operation), name)
                self.assertFalse(can(self.billing, name, operation), name)
                self.assertTrue(can(self.manager_a, name, operation), name)
        # over the ORM: the controller puts an invoice in dispute, writes a promise,
        # not a policy
        self.of(self.invoice_a, self.controller_a).write(
            {"l10n_fr_litigation": True, "l10n_fr_litigation_reason": "Contestation"}
        )
        self.assertTrue(self.invoice_a.l10n_fr_litigation)
        promise = self.as_user(self.controller_a, "l10n.fr.dunning.promise").create(
            {
                "partner_id": self.pro.id,
                "date": "2026-03-01",
                "amount": 500,
            }
        )
        promise.unlink()
        policy = self.env["l10n.fr.dunning.policy"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.of(policy, self.controller_a).write({"name": "Laxiste"})
        self.of(policy, self.manager_a).write({"name": "Stricte"})
        self.assertEqual(policy.name, "Stricte")
