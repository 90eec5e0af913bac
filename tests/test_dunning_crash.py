"""Kill -9 a scheduled dunning run at each phase, run the scheduled action again, and
count the reminders lost or sent twice: 0 and 0.

Runs `odoo shell` subprocesses (the same Python, addons path and database server as
this test) on a copy of the test database (pg_dump of the committed state, which holds
the installed addon, restored into a new database), dropped at the end. The process is
killed by the addon's test hook ``crash_point`` (SIGKILL of itself at a named point,
environment variable ``L10N_FR_CREDIT_CRASH_AT``; a no-op in production)."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import uuid

from odoo.tests import TransactionCase, tagged
from odoo.tools import config

SETUP = """
# only the customers of this test are chased; nothing of the demo is left pending
env.cr.execute("UPDATE res_partner SET l10n_fr_dunning_opt_out = TRUE")
env.cr.execute(
    "UPDATE l10n_fr_dunning_reminder SET state = 'cancel' WHERE state != 'sent'"
)
env.cr.execute("UPDATE l10n_fr_dunning_run SET state = 'done'")
env.invalidate_all()
env["ir.config_parameter"].set_param("l10n_fr_credit_collection.batch_size", 2)
env["l10n.fr.dunning.policy"].create({
    "name": "Crash test", "sequence": 0, "company_id": company.id,
    "partner_domain": "[('ref', '=', 'CRASHTEST')]",
    "level_ids": [(0, 0, {"name": "C1", "kind": "reminder", "days": 5})],
})
env.cr.commit()
"""

PHASE = """
import json, os
from datetime import timedelta
from odoo import fields
company = env.ref("l10n_fr_credit_collection.demo_company")
env = env(context=dict(env.context, allowed_company_ids=company.ids))
if os.environ.get("CRASH_SETUP"):
    exec(os.environ["CRASH_SETUP"])
Run = env["l10n.fr.dunning.run"]
Reminder = env["l10n.fr.dunning.reminder"]
today = fields.Date.context_today(Run)


def count(group):
    partners = env["res.partner"].search([("name", "=like", group + " %")])
    reminders = Reminder.search([("partner_id", "in", partners.ids)])
    mails = env["mail.mail"].search(
        [("model", "=", Reminder._name), ("res_id", "in", reminders.ids)]
    )
    per_partner = {p.id: 0 for p in partners}
    for mail in mails:
        per_partner[Reminder.browse(mail.res_id).partner_id.id] += 1
    return {
        "customers": len(partners),
        "lost": sum(1 for n in per_partner.values() if n == 0),
        "duplicates": sum(n - 1 for n in per_partner.values() if n > 1),
        "reminders": len(reminders),
        "sent": len(reminders.filtered(lambda r: r.state == "sent")),
        "runs": reminders.run_id.mapped("state"),
    }


def out(key, value):
    print("RESULT " + json.dumps({key: value}, default=str), flush=True)


done = os.environ.get("CRASH_DONE")
if done:
    start = max(Run.search([]).ids or [0])
    out("before", count(done))
    Run._cron_dunning()
    Run._cron_dunning()  # again the same day: nothing twice, no empty run
    out("after", count(done))
    empty = Run.search_count([("id", ">", start), ("reminder_ids", "=", False)])
    out("empty_runs", empty)
    out("unfinished_runs", Run.search_count([("state", "!=", "done")]))
group = os.environ.get("CRASH_GROUP")
if group:
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    for index in range(5):
        partner = env["res.partner"].create({
            "name": f"{group} {index}", "is_company": True, "ref": "CRASHTEST",
            "email": f"crash{index}@example.com",
        })
        move = env["account.move"].create({
            "move_type": "out_invoice", "partner_id": partner.id,
            "journal_id": journal.id,
            "invoice_date": today - timedelta(days=40),
            "invoice_date_due": today - timedelta(days=10),
            "invoice_line_ids": [(0, 0, {
                "name": "Ouvrage", "quantity": 1, "price_unit": 100, "tax_ids": [],
            })],
        })
        move.action_post()
    env.cr.commit()
    os.environ["L10N_FR_CREDIT_CRASH_AT"] = os.environ["CRASH_POINT"]
    Run._cron_dunning()
    out("not_killed", True)
env.cr.commit()
"""

# (crash point, state of the run found after the crash, reminders sent before it)
PHASES = [
    ("creating", "creating", 0),  # after the first batch of reminders
    ("sending", "sending", 0),  # during the first send batch
    ("batch_committed", "sending", 2),  # between two send batches
]


@tagged("post_install", "-at_install", "l10n_fr_crash", "l10n_fr_demo")
class TestDunningCrash(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.env.cr.dbname
        cls.copy = f"{cls.source}_crash_{uuid.uuid4().hex[:6]}"
        cls.pg_env = dict(os.environ)
        for option, variable in (
            ("db_host", "PGHOST"),
            ("db_port", "PGPORT"),
            ("db_user", "PGUSER"),
            ("db_password", "PGPASSWORD"),
        ):
            if config.get(option):
                cls.pg_env[variable] = str(config[option])
        subprocess.run(["createdb", cls.copy], env=cls.pg_env, check=True, timeout=60)
        cls.addClassCleanup(
            subprocess.run,
            ["dropdb", "--if-exists", cls.copy],
            env=cls.pg_env,
            timeout=60,
        )
        dump = subprocess.Popen(
            ["pg_dump", "--no-owner", cls.source],
            env=cls.pg_env,
            stdout=subprocess.PIPE,
        )
        subprocess.run(
            ["psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", "-d", cls.copy],
            env=cls.pg_env,
            stdin=dump.stdout,
            stdout=subprocess.DEVNULL,
            check=True,
            timeout=300,
        )
        dump.stdout.close()
        assert dump.wait(timeout=60) == 0

    def shell(self, script, **variables):
        command = [
            sys.executable,
            "-m",
            "odoo",
            "shell",
            "-d",
            self.copy,
            f"--addons-path={config['addons_path']}",
            f"--data-dir={config['data_dir']}",
            "--no-http",
            "--log-level=warn",
            "--max-cron-threads=0",
        ]
        env = {**self.pg_env, **variables}
        env.pop("L10N_FR_CREDIT_CRASH_AT", None)
        process = subprocess.run(
            command,
            input=textwrap.dedent(script),
            check=False,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        results = {}
        for line in process.stdout.splitlines():
            if line.startswith("RESULT "):
                results.update(json.loads(line[len("RESULT ") :]))
        return process, results

    def test_kill_at_each_phase_loses_and_repeats_nothing(self):
        previous = None
        for index, (point, state, sent) in enumerate([*PHASES, (None, None, None)]):
            variables = {"CRASH_SETUP": SETUP} if index == 0 else {}
            if previous:
                variables["CRASH_DONE"] = previous[0]
            if point:
                variables.update(CRASH_GROUP=f"Crash{index}", CRASH_POINT=point)
            process, results = self.shell(PHASE, **variables)
            if point:
                self.assertEqual(
                    process.returncode,
                    -signal.SIGKILL,
                    f"killed at {point}: {process.stderr[-3000:]}",
                )
                self.assertNotIn("not_killed", results)
            else:
                self.assertEqual(process.returncode, 0, process.stderr[-3000:])
            if previous:
                _group, point_before, state_before, sent_before = previous
                before, after = results["before"], results["after"]
                with self.subTest(point=point_before):
                    self.assertEqual(before["runs"], [state_before], before)
                    self.assertEqual(before["sent"], sent_before, before)
                    self.assertEqual(after["customers"], 5, after)
                    self.assertEqual((after["lost"], after["duplicates"]), (0, 0))
                    self.assertEqual((after["reminders"], after["sent"]), (5, 5))
                    self.assertEqual(after["runs"], ["done"])
                    self.assertEqual(results["empty_runs"], 0, "no empty run")
                    self.assertEqual(results["unfinished_runs"], 0)
            previous = point and (f"Crash{index}", point, state, sent)
