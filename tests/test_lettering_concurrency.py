from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import CreditCollectionDemoCase

LOGGER = "odoo.addons.l10n_fr_credit_collection.models.l10n_fr_lettering_rule"


@tagged("post_install", "-at_install")
class TestLetteringRunsSideBySide(CreditCollectionDemoCase):
    """Two nightly lettering runs at once (issue 14 point 8): two real transactions
    on the demo data. The second run skips with a warning instead of lettering the
    items the first one is lettering (and failing on its writes: a wait, then a
    SerializationFailure once the first commits)."""

    def test_second_run_skips_while_the_first_letters(self):
        Rule = self.env["l10n.fr.lettering.rule"]
        History = self.env["l10n.fr.lettering.history"]
        demo_rules = Rule.search([("company_id", "=", self.company.id)])
        histories = History.search_count([])
        with self.env.registry.cursor() as other:
            try:
                # the first run, in its own transaction, not committed yet
                first = api.Environment(other, SUPERUSER_ID, {})
                first["l10n.fr.lettering.rule"].browse(demo_rules.ids).auto_apply = True
                first_history = first["l10n.fr.lettering.history"]
                first_before = first_history.search_count([])
                first["l10n.fr.lettering.rule"]._cron_auto_letter()
                first.flush_all()
                self.assertGreater(
                    first_history.search_count([]),
                    first_before,
                    "the first run letters demo items (and holds them until it "
                    "commits)",
                )
                # the second run, in this test's transaction, with the same rules
                for rule in demo_rules:
                    rule.copy({"auto_apply": True})
                self.env.flush_all()
                # without the lock, the second run waits for the first one's rows:
                # fail after a few seconds instead of waiting forever
                with self.env.cr.savepoint():  # its rollback resets the timeout
                    self.env.cr.execute("SET LOCAL lock_timeout = '5s'")
                    with self.assertLogs(LOGGER, "WARNING") as logs:
                        Rule._cron_auto_letter()
                        self.env.flush_all()
                    self.env.cr.execute("SET LOCAL lock_timeout = DEFAULT")
                self.assertIn("another lettering run is in progress", logs.output[0])
                self.assertIn(self.company.name, logs.output[0])
                self.assertEqual(History.search_count([]), histories)
            finally:
                other.rollback()

    def test_scheduled_run_lock_is_kept_across_commits(self):
        """A scheduled run that commits batch by batch holds a lock of its
        connection: the second run skips as well."""
        Rule = self.env["l10n.fr.lettering.rule"]
        rule = Rule.search([("company_id", "=", self.company.id)], limit=1)
        rule.auto_apply = True
        with self.env.registry.cursor() as other:
            first = api.Environment(other, SUPERUSER_ID, {})
            self.assertTrue(
                first["l10n.fr.lettering.rule"]._l10n_fr_try_lock(
                    self.company, session=True
                )
            )
            other.commit()  # a batch committed: the lock stays
            try:
                with self.assertLogs(LOGGER, "WARNING") as logs:
                    Rule._cron_auto_letter()
                self.assertIn("another lettering run is in progress", logs.output[0])
            finally:
                first["l10n.fr.lettering.rule"]._l10n_fr_unlock(self.company)
        # the first run is over: the next one letters
        self.assertTrue(Rule._l10n_fr_try_lock(self.company))

    def test_manual_apply_refused_while_the_nightly_run_letters(self):
        wizard = Form(self.env["l10n.fr.lettering.proposal.wizard"]).save()
        wizard.action_compute()
        self.assertTrue(wizard.proposal_ids, "the demo story has proposals")
        with self.env.registry.cursor() as other:
            first = api.Environment(other, SUPERUSER_ID, {})
            Rule = first["l10n.fr.lettering.rule"]
            self.assertTrue(Rule._l10n_fr_try_lock(self.company, session=True))
            try:
                with self.assertRaisesRegex(UserError, "in progress"):
                    wizard.action_apply_all()
            finally:
                Rule._l10n_fr_unlock(self.company)
                other.rollback()
        self.assertTrue(wizard.action_apply_all()["domain"])
