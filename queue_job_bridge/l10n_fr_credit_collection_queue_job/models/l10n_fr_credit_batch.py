from odoo import api, models

from odoo.addons.queue_job.delay import chain, group
from odoo.addons.queue_job.job import identity_exact

CHANNEL = "root.l10n_fr_credit_collection"


class L10nFrCreditBatch(models.AbstractModel):
    _inherit = "l10n.fr.credit.batch"

    @api.model
    def _l10n_fr_run_batches(
        self, batches, description, commit, finish=None, parallel=True
    ):
        """One job per batch on the channel of the addon, when there is more than one
        batch: the job runner spreads them over the workers (``parallel``), or runs
        them one after the other (a chain); ``finish`` is a job that depends on all
        of them. A job that is retried, or enqueued twice (same batch,
        ``identity_exact``), sends or letters nothing twice: batches are idempotent."""
        if len(batches) < 2 or self.env.context.get("queue_job__no_delay"):
            return super()._l10n_fr_run_batches(
                batches, description, commit, finish, parallel
            )

        def job(records, method, args, label):
            delayable = records.delayable(
                channel=CHANNEL, description=label, identity_key=identity_exact
            )
            return getattr(delayable, method)(*args)

        jobs = (group if parallel else chain)(
            *(
                job(*batch, f"{description} ({index}/{len(batches)})")
                for index, batch in enumerate(batches, 1)
            )
        )
        if finish:
            jobs = chain(jobs, job(*finish, description))
        jobs.delay()
        return False
