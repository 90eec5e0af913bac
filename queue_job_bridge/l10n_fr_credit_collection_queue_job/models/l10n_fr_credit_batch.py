from odoo import api, models

from odoo.addons.queue_job.job import identity_exact

CHANNEL = "root.l10n_fr_credit_collection"


class L10nFrCreditBatch(models.AbstractModel):
    _inherit = "l10n.fr.credit.batch"

    @api.model
    def _l10n_fr_run_batches(self, batches, description, commit):
        """One job per batch on the channel of the addon, when there is more than one
        batch: the job runner spreads them over the workers. A job that is retried, or
        enqueued twice (same batch, ``identity_exact``), sends or letters nothing
        twice: the batches are idempotent."""
        if len(batches) < 2 or self.env.context.get("queue_job__no_delay"):
            return super()._l10n_fr_run_batches(batches, description, commit)
        for index, (records, method, args) in enumerate(batches, 1):
            delayable = records.with_delay(
                channel=CHANNEL,
                description=f"{description} ({index}/{len(batches)})",
                identity_key=identity_exact,
            )
            getattr(delayable, method)(*args)
        return False
