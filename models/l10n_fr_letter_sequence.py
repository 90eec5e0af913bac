from odoo import api, fields, models
from odoo.tools import SQL

from ..rules.letters import index_to_code


class L10nFrLetterSequence(models.Model):
    """The next letter code of a scope: a company (root of its branches) and an
    account, and a partner when the company letters per account and partner.

    Letters are allocated by :meth:`_l10n_fr_allocate` in one ``INSERT ... ON
    CONFLICT DO UPDATE`` that locks the rows of the scopes until the end of the
    transaction: two transactions lettering on the same scope never get the same
    letters (the second waits, then Odoo retries it on the serialization failure)."""

    _name = "l10n.fr.letter.sequence"
    _description = "Letter Sequence"
    _order = "company_id, account_id, partner_id"
    _rec_name = "account_id"

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, ondelete="cascade", index=True
    )
    account_id = fields.Many2one(
        "account.account", required=True, readonly=True, ondelete="cascade"
    )
    partner_id = fields.Many2one("res.partner", readonly=True, ondelete="cascade")
    next_index = fields.Integer(
        string="Letters Used",
        readonly=True,
        help="Number of letters allocated so far in this sequence.",
    )
    last_code = fields.Char(string="Last Letter", compute="_compute_last_code")

    def init(self):
        self.env.cr.execute(
            SQL(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS l10n_fr_letter_sequence_scope_uniq
                    ON l10n_fr_letter_sequence (company_id, account_id, partner_id)
                    NULLS NOT DISTINCT
                """
            )
        )

    @api.depends("next_index")
    def _compute_last_code(self):
        for sequence in self:
            sequence.last_code = (
                index_to_code(sequence.next_index - 1) if sequence.next_index else False
            )

    @api.model
    def _l10n_fr_allocate(self, counts):
        """Reserve ``counts[scope]`` new letters per scope (company id, account id,
        partner id or None); returns {scope: index of the first reserved letter}."""
        scopes = sorted(
            (scope for scope, count in counts.items() if count),
            key=lambda s: (s[0], s[1], s[2] or 0),
        )
        if not scopes:
            return {}
        uid = self.env.uid
        values = SQL(", ").join(
            SQL(
                "(%s, %s, %s, %s, %s, %s, now() at time zone 'UTC', "
                "now() at time zone 'UTC')",
                company,
                account,
                partner,
                counts[(company, account, partner)],
                uid,
                uid,
            )
            for company, account, partner in scopes
        )
        rows = self.env.execute_query(
            SQL(
                """
                INSERT INTO l10n_fr_letter_sequence AS sequence (
                    company_id, account_id, partner_id, next_index,
                    create_uid, write_uid, create_date, write_date)
                VALUES %s
                ON CONFLICT (company_id, account_id, partner_id) DO UPDATE
                   SET next_index = sequence.next_index + EXCLUDED.next_index,
                       write_uid = EXCLUDED.write_uid,
                       write_date = EXCLUDED.write_date
                RETURNING company_id, account_id, partner_id, next_index
                """,
                values,
            )
        )
        self.invalidate_model(["next_index"])
        return {
            (company, account, partner): next_index
            - counts[(company, account, partner)]
            for company, account, partner, next_index in rows
        }
