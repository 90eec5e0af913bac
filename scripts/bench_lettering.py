"""Benchmark of automatic lettering (not a test): proposals on a synthetic receivable
ledger, in pure Python and through Odoo from the database; time to apply them; the
same ledger through OCA account_mass_reconcile 18.0 for comparison.

Run with the project's virtual environment, from the repository root:

    ~/.cache/l10n_fr_credit_collection/venv/bin/python scripts/bench_lettering.py pure
    ~/.cache/l10n_fr_credit_collection/venv/bin/python scripts/bench_lettering.py odoo
    ~/.cache/l10n_fr_credit_collection/venv/bin/python scripts/bench_lettering.py oca

``pure``  generates the ledger (rules/ledger_generator.py, seeded) and times the
          default rules of rules/lettering.py on it, with precision and recall.
``odoo``  builds (once) the database ``--db`` (default frcc_bench_lettering): the
          addon without demo data, a French company and the same ledger as posted
          journal entries (one per open item), kept as ``<db>_base``; then, on a fresh
          copy, times the proposals of the default rules (one query and the engine),
          then lettering them through ``_reconcile_plan`` in batches with commits
          (``--apply-limit`` groups, 0 for all), and checks them against the truth.
``oca``   installs the PyPI wheel of OCA account_mass_reconcile 18.0 (``pip install
          --no-deps`` into the venv) and the module into a copy ``<db>_oca`` only,
          runs a profile "Simple. Amount and Partner" + "Advanced. Partner and Ref."
          on the receivable account, stops it after ``--oca-timeout`` seconds, and
          reports what it reconciled and how many groups were right.

Figures depend on the machine; they are printed, not asserted.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from rules import ledger_generator, lettering

DEFAULT_RULES = [
    lettering.Rule(lettering.ZERO_BALANCE, max_group_size=50),
    lettering.Rule(lettering.REFERENCE, tolerance=100),
    lettering.Rule(lettering.ONE_TO_ONE),
    lettering.Rule(lettering.SUBSET_SUM),
    lettering.Rule(lettering.MANY_PAYMENTS),
]
OCA_WHEEL = "odoo-addon-account-mass-reconcile==18.0.*"


def say(*args):
    print(*args, flush=True)


def ledger(args):
    """The synthetic ledger: at least ``--items`` open items (a customer gets 18 to 22
    items, a settled one 4 or 5)."""
    return ledger_generator.generate(
        seed=args.seed,
        partners=args.partners,
        items_per_partner=args.items // args.partners + 1,
    )


# --------------------------------------------------------------------------- pure


def run_pure(args):
    started = time.perf_counter()
    book = ledger(args)
    generated = time.perf_counter()
    results = lettering.run_rules(book.items, DEFAULT_RULES)
    done = time.perf_counter()
    proposals = [p for _rule, result in results for p in result.proposals]
    per_rule = {rule.method: len(result.proposals) for rule, result in results}
    wrong, found = book.check(proposals)
    say(
        f"ledger: {len(book.items)} open items, {args.partners} partners, "
        f"{len(book.groups)} true groups (generated in {generated - started:.1f}s)"
    )
    say(
        f"pure engine: {len(proposals)} groups proposed in {done - generated:.2f}s; "
        f"per rule: {per_rule}"
    )
    say(
        f"precision: {len(proposals) - len(wrong)}/{len(proposals)} right "
        f"({len(wrong)} wrong)"
    )
    ambiguous = Counter(a.reason for _r, x in results for a in x.ambiguities)
    say(f"ambiguous cases listed: {dict(ambiguous)}")
    if args.oracle:
        ledger_generator.mark_solvable(book)
        solvable = {g.id for g in book.groups.values() if g.solvable}
        say(
            f"recall: {len(found & solvable)}/{len(solvable)} uniquely solvable "
            f"groups found ({100 * len(found & solvable) / len(solvable):.1f} %)"
        )


# -------------------------------------------------------------------------- odoo


def common(command):
    """Run a command in bash after sourcing scripts/common.sh; returns stdout."""
    script = f'source "{ROOT}/scripts/common.sh"; {command}'
    return subprocess.run(
        ["bash", "-c", script], check=True, capture_output=True, text=True
    ).stdout.strip()


def odoo_registry(db):
    import odoo
    from odoo.modules.registry import Registry

    home, addons, data = common('echo "$ODOO_HOME|$ADDONS_DIR|$DATA_DIR"').split("|")
    odoo.tools.config.parse_config(
        [
            f"--addons-path={home}/odoo/addons,{addons}",
            f"--data-dir={data}",
            "--log-level=warn",
            "-d",
            db,
        ]
    )
    return Registry(db)


def close(db):
    """Close the connections of this process to ``db`` (to copy it)."""
    import odoo
    from odoo.modules.registry import Registry

    Registry.delete(db)
    odoo.sql_db.close_db(db)


def db_exists(db):
    return common(f'db_exists "{db}" && echo yes || echo no') == "yes"


def build_base(args):
    base = f"{args.db}_base"
    mapping = os.path.join(ROOT, "build", f"{base}.json")
    if db_exists(base) and os.path.exists(mapping) and not args.rebuild:
        return base, mapping
    say(
        f"building {base}: addon without demo data, French company, "
        f"{args.items} open items"
    )
    common(f'link_addon; tmpl=$(ensure_template_db nodemo); copy_db "$tmpl" "{base}"')
    common(
        f'odoo_bin -d "{base}" -i l10n_fr_credit_collection --without-demo=all '
        "--stop-after-init --no-http --log-level=warn"
    )
    registry = odoo_registry(base)
    started = time.perf_counter()
    book = ledger(args)
    from odoo import SUPERUSER_ID, Command, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        # chart_template_load: no automatic install of the country's modules (Peppol)
        company = (
            env["res.company"]
            .with_context(chart_template_load=True)
            .create(
                {
                    "name": "Bench Lettrage SAS",
                    "country_id": env.ref("base.fr").id,
                    "currency_id": env.ref("base.EUR").id,
                }
            )
        )
        env.user.company_ids |= company
        env = env(context={"allowed_company_ids": company.ids})
        env["account.chart.template"]._load("fr", company, install_demo=False)
        env["l10n.fr.lettering.rule"]._l10n_fr_create_default_rules(company)
        chart = env["account.chart.template"]
        receivable = chart.ref("fr_pcg_recv")
        sales = chart.ref("pcg_706")
        bank = chart.ref("pcg_5121", raise_if_not_found=False) or chart.ref("pcg_471")
        journal = env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "general")], limit=1
        )
        partner_ids = {}
        partners = env["res.partner"].create(
            [{"name": f"Client {n:05d}"} for n in range(1, args.partners + 1)]
        )
        for number, partner in enumerate(partners, start=1):
            partner_ids[number] = partner.id
        cr.commit()
        line_of = {}
        batch = 1000
        for start in range(0, len(book.items), batch):
            items = book.items[start : start + batch]
            vals_list = []
            for item in items:
                amount = item.amount / 100
                ref = item.refs[0] if item.refs else False
                label = item.text or ref or "/"
                partner = partner_ids[item.partner]
                vals_list.append(
                    {
                        "move_type": "entry",
                        "journal_id": journal.id,
                        "date": item.date,
                        "ref": ref if item.amount > 0 or ref else False,
                        "line_ids": [
                            Command.create(
                                {
                                    "account_id": receivable.id,
                                    "partner_id": partner,
                                    "name": label,
                                    "balance": amount,
                                }
                            ),
                            Command.create(
                                {
                                    "account_id": (
                                        sales if item.amount > 0 else bank
                                    ).id,
                                    "partner_id": partner,
                                    "name": label,
                                    "balance": -amount,
                                }
                            ),
                        ],
                    }
                )
            moves = env["account.move"].create(vals_list)
            moves.action_post()
            for item, move in zip(items, moves, strict=True):
                line = move.line_ids.filtered(lambda l: l.account_id == receivable)
                line_of[item.id] = line.id
            cr.commit()
            env.invalidate_all()
            if (start // batch) % 10 == 0:
                say(
                    f"  {start + len(items)} items in "
                    f"{time.perf_counter() - started:.0f}s"
                )
    os.makedirs(os.path.dirname(mapping), exist_ok=True)
    with open(mapping, "w", encoding="utf-8") as file:
        json.dump({"company": company.id, "line_of": line_of}, file)
    say(f"{base} built in {time.perf_counter() - started:.0f}s")
    close(base)
    return base, mapping


def truth(args, mapping):
    book = ledger(args)
    with open(mapping, encoding="utf-8") as file:
        data = json.load(file)
    item_of = {line: int(item) for item, line in data["line_of"].items()}
    return book, item_of, data["company"]


def check_groups(book, item_of, groups):
    """(right, wrong) among groups of journal item ids (extra lines such as write-off
    or exchange lines are ignored)."""
    proposals = [
        lettering.Proposal(
            tuple(sorted(item_of[i] for i in group if i in item_of)), 0, False
        )
        for group in groups
    ]
    wrong, _found = book.check(proposals)
    partial_ok = [
        p
        for p in wrong
        if book.groups.get(book.group_of.get(p.item_ids[0]), None)
        and book.groups[book.group_of[p.item_ids[0]]].partial
        and set(p.item_ids) == set(book.groups[book.group_of[p.item_ids[0]]].item_ids)
    ]
    return len(proposals) - len(wrong) + len(partial_ok), len(wrong) - len(partial_ok)


def run_odoo(args):
    base, mapping = build_base(args)
    book, item_of, company_id = truth(args, mapping)
    db = args.db
    common(f'copy_db "{base}" "{db}"')
    registry = odoo_registry(db)
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"allowed_company_ids": [company_id]})
        rules = env["l10n.fr.lettering.rule"].search([("company_id", "=", company_id)])
        started = time.perf_counter()
        results = rules._l10n_fr_propose()
        proposed = time.perf_counter()
        proposals = [(rule, p) for rule, found, _amb in results for p in found]
        per_rule = {rule.method: len(found) for rule, found, _amb in results}
        say(
            f"odoo: {len(item_of)} open items, {len(proposals)} groups proposed in "
            f"{proposed - started:.2f}s (query and engine, from the database); "
            f"per rule: {per_rule}"
        )
        right, wrong = check_groups(book, item_of, [p.item_ids for _r, p in proposals])
        say(f"odoo proposals: {right} right, {wrong} wrong")
        todo = proposals if not args.apply_limit else proposals[: args.apply_limit]
        started = time.perf_counter()
        histories = env["l10n.fr.lettering.rule"]._l10n_fr_apply(
            todo, origin="rule", commit=True
        )
        applied = time.perf_counter() - started
        say(
            f"applied {len(histories)} groups through _reconcile_plan (batches of "
            f"200, commit per batch) in {applied:.1f}s "
            f"({1000 * applied / max(len(histories), 1):.1f} ms per group)"
        )
        cr.commit()
        cr.execute(
            """SELECT count(*) FILTER (WHERE l10n_fr_letter_state IS NOT NULL),
                      count(*) FILTER (WHERE l10n_fr_letter_state = 'full')
                 FROM account_move_line WHERE id = ANY(%s)""",
            [list(item_of)],
        )
        lettered, full = cr.fetchone()
        say(f"items lettered: {lettered} of {len(item_of)} ({full} fully)")


# --------------------------------------------------------------------------- oca


def run_oca(args):
    base, mapping = build_base(args)
    book, item_of, company_id = truth(args, mapping)
    venv = common('echo "$VENV"')
    python = os.path.join(venv, "bin", "python")
    check = subprocess.run(
        [python, "-c", "import odoo.addons.account_mass_reconcile"],
        check=False,
        capture_output=True,
    )
    if check.returncode:
        say(f"installing {OCA_WHEEL} (pip install --no-deps)")
        subprocess.run(
            [python, "-m", "pip", "install", "--quiet", "--no-deps", OCA_WHEEL],
            check=True,
        )
    db = f"{args.db}_oca"
    common(f'copy_db "{base}" "{db}"')
    common(
        f'odoo_bin -d "{db}" -i account_mass_reconcile --stop-after-init --no-http '
        "--log-level=warn"
    )
    child = subprocess.Popen(
        [python, __file__, "oca-run", "--db", db, "--commit-every", "500"]
        + [f"--company={company_id}"]
    )
    try:
        child.wait(timeout=args.oca_timeout)
        finished = True
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
        finished = False
    registry = odoo_registry(db)
    with registry.cursor() as cr:
        cr.execute(
            """SELECT full_reconcile_id, array_agg(id) FROM account_move_line
                WHERE id = ANY(%s) AND full_reconcile_id IS NOT NULL
             GROUP BY full_reconcile_id""",
            [list(item_of)],
        )
        groups = [ids for _full, ids in cr.fetchall()]
        cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'bench.oca'")
        row = cr.fetchone()
    elapsed = json.loads(row[0])["seconds"] if row else None
    right, wrong = check_groups(book, item_of, groups)
    state = (
        f"finished in {elapsed:.0f}s"
        if finished and elapsed
        else f"stopped after {args.oca_timeout}s (not finished)"
    )
    say(
        f"OCA account_mass_reconcile: {state}; {len(groups)} full reconciliations "
        f"({right} right, {wrong} wrong) of {len(book.groups)} true groups"
    )


def run_oca_child(args):
    registry = odoo_registry(args.db)
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"allowed_company_ids": [args.company]})
        company = env["res.company"].browse(args.company)
        company.reconciliation_commit_every = args.commit_every
        receivable = (
            env["account.chart.template"].with_company(company).ref("fr_pcg_recv")
        )
        profile = env["account.mass.reconcile"].create(
            {
                "name": "Bench",
                "account_id": receivable.id,
                "company_id": company.id,
                "reconcile_method": [
                    (0, 0, {"name": "mass.reconcile.simple.partner", "sequence": 1}),
                    (0, 0, {"name": "mass.reconcile.advanced.ref", "sequence": 2}),
                ],
            }
        )
        cr.commit()
        started = time.perf_counter()
        profile.run_reconcile()
        elapsed = time.perf_counter() - started
        env["ir.config_parameter"].set_param(
            "bench.oca", json.dumps({"seconds": elapsed})
        )
        cr.commit()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("phase", choices=["pure", "odoo", "oca", "oca-run"])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--partners", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--oracle", action="store_true", help="pure: also recall")
    parser.add_argument("--db", default="frcc_bench_lettering")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--apply-limit", type=int, default=0)
    parser.add_argument("--oca-timeout", type=int, default=3600)
    parser.add_argument("--commit-every", type=int, default=500)
    parser.add_argument("--company", type=int)
    args = parser.parse_args()
    {
        "pure": run_pure,
        "odoo": run_odoo,
        "oca": run_oca,
        "oca-run": run_oca_child,
    }[args.phase](args)


if __name__ == "__main__":
    main()
