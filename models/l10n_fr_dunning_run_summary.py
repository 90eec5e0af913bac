from odoo import models


class L10nFrDunningRun(models.Model):
    _inherit = "l10n.fr.dunning.run"

    def _l10n_fr_skip_labels(self):
        _ = self.env._
        return {
            "no_level": _("%(count)s customer(s) with no item at a dunning level yet"),
            "not_due": _(
                "%(count)s customer(s) whose balance is not due (credits cover the "
                "overdue items)"
            ),
            "promise": _("%(count)s customer(s) with a promise to pay still running"),
            "already_sent": _(
                "%(count)s customer(s) already sent this level, not to be repeated yet"
            ),
            "already_reminded_today": _("%(count)s customer(s) already reminded today"),
        }

    def _l10n_fr_summary(self, skipped, created):
        """The customers left out, in words; says so when nothing was created."""
        labels = self._l10n_fr_skip_labels()
        lines = []
        if not created:
            lines.append(self.env._("No reminder to send: nothing was created."))
        for reason, count in sorted(skipped.items()):
            label = labels.get(reason)
            lines.append(label % {"count": count} if label else f"{reason}: {count}")
        return "\n".join(lines)
