import os
import signal

from odoo import api, models

CRASH_ENV = "L10N_FR_CREDIT_CRASH_AT"


def crash_point(name):
    """Test hook of the crash tests (tests/test_dunning_crash.py): kills the process
    (SIGKILL, as ``kill -9``) at the named point of a run when the environment variable
    ``L10N_FR_CREDIT_CRASH_AT`` names it. Unset in production: a no-op."""
    if os.environ.get(CRASH_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


class L10nFrCreditBatch(models.AbstractModel):
    """How the big runs (dunning, automatic lettering) process their batches: here one
    after the other in the running process, committing after each batch when the run
    may commit. The bridge addon ``l10n_fr_credit_collection_queue_job`` overrides
    :meth:`_l10n_fr_run_batches` to enqueue one job per batch, so that several Odoo
    workers process them in parallel. A batch must be independent of the others and
    idempotent: run twice, it sends or letters nothing twice."""

    _name = "l10n.fr.credit.batch"
    _description = "Credit Collection Batches"

    @api.model
    def _l10n_fr_batch_size(self):
        """Records per batch: the system parameter
        ``l10n_fr_credit_collection.batch_size`` (500 by default)."""
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("l10n_fr_credit_collection.batch_size")
        )
        return max(int(value or 500), 1)

    @api.model
    def _l10n_fr_run_batches(
        self, batches, description, commit, finish=None, parallel=True
    ):
        """Run ``getattr(records, method)(*args)`` for each ``(records, method, args)``
        of ``batches``, committing after each one when ``commit``, then ``finish``
        (the same kind of triple, or None) once they are all done. ``parallel``:
        whether the batches may run side by side (not when each one locks what the
        others need). Returns True when everything ran, False when it was handed
        over to be run later."""
        for records, method, args in [*batches, *([finish] if finish else [])]:
            getattr(records, method)(*args)
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
                crash_point("batch_committed")
        return True
