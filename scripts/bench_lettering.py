"""Benchmark of automatic lettering (not a test): proposals on a synthetic receivable
ledger, in pure Python and through Odoo from the database; time to apply them; the
same ledger through OCA account_mass_reconcile 18.0 for comparison.

Run with the project's virtual environment, from the repository root:

    PY=~/.cache/l10n_fr_credit_collection/venv/bin/python
    $PY scripts/bench_lettering.py compare --size small   # about 1,000 open items
    $PY scripts/bench_lettering.py compare --size large   # about 100,000 open items
    $PY scripts/bench_lettering.py pure|odoo|oca [--size ...]   # one phase

``pure``    generates the ledger (scripts/ledger_generator.py, seeded) and times the
            default rules of rules/lettering.py on it, with precision and recall
            against the uniquely solvable groups (``mark_solvable``).
``odoo``    builds (once) the database ``<db>_base``: the addon without demo data, a
            French company and the same ledger, every item open, written with COPY
            by scripts/ledger_loader.py (as the dunning benchmark's): invoices and
            credit notes of the sale journal under their numbers, with a due date
            from the customer's payment terms, payments of the bank journal with
            their memo as reference and label; then, on a fresh copy ``<db>``,
            times the proposals of the default rules (one query and the engine),
            then lettering them through ``_reconcile_plan`` in batches of 200 with
            a commit per batch (``--apply-limit`` groups, 0 for all), and checks
            them against the truth.
``oca``     installs the PyPI wheel of OCA account_mass_reconcile 18.0 with ``pip
            install --no-deps --target`` into a folder of its own
            (``~/.cache/l10n_fr_credit_collection/oca-addons-lettering``, never into
            the virtual environment, so that no other database and no test run ever
            sees it); in a copy ``<db>_oca`` of the base, uninstalls this addon (OCA
            is measured alone) and installs the module (the only Odoo process given
            that folder in its addons path); runs a profile
            "Simple. Amount and Partner", "Simple. Amount and Reference", "Advanced.
            Partner and Ref." on the receivable account (commit every 500 groups),
            stops it after ``--oca-timeout`` seconds, and reports what it
            reconciled and how many groups were right.
``compare`` runs the three phases in child processes and prints the summary and the
            rows of the README table.

Figures depend on the machine; they are printed, not asserted.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from collections import Counter
from datetime import date

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from rules import lettering
from scripts import ledger_generator

DEFAULT_RULES = [
    lettering.Rule(lettering.ZERO_BALANCE, max_group_size=50),
    lettering.Rule(lettering.REFERENCE, tolerance=100),
    lettering.Rule(lettering.ONE_TO_ONE),
    lettering.Rule(lettering.SUBSET_SUM),
    lettering.Rule(lettering.MANY_PAYMENTS),
]
OCA_WHEEL = "odoo-addon-account-mass-reconcile==18.0.*"
OCA_METHODS = (
    "mass.reconcile.simple.partner",
    "mass.reconcile.simple.reference",
    "mass.reconcile.advanced.ref",
)
SIZES = {  # --size: (open items, partners, database, OCA time limit in seconds)
    "small": (1_000, 50, "frcc_bench_lettering_small", 3600),
    "large": (100_000, 5_000, "frcc_bench_lettering", 7200),
}
PARSED = []  # Odoo's configuration is parsed once per process


def load():
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def report(phase, **figures):
    """The figures of a phase, on one line that ``compare`` reads."""
    say("RESULT " + json.dumps({"phase": phase, "load": load(), **figures}))


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


def recall(book, found):
    """(found, solvable): uniquely solvable true groups found, and their number."""
    ledger_generator.mark_solvable(book)
    solvable = {g.id for g in book.groups.values() if g.solvable}
    return len(found & solvable), len(solvable)


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
        f"pure engine: {len(proposals)} groups proposed in {done - generated:.2f}s "
        f"(load average {load()}); per rule: {per_rule}"
    )
    say(
        f"precision: {len(proposals) - len(wrong)}/{len(proposals)} right "
        f"({len(wrong)} wrong)"
    )
    ambiguous = Counter(a.reason for _r, x in results for a in x.ambiguities)
    say(f"ambiguous cases listed: {dict(ambiguous)}")
    hits, solvable = recall(book, found)
    say(
        f"recall: {hits}/{solvable} uniquely solvable groups found "
        f"({100 * hits / max(solvable, 1):.1f} %)"
    )
    report(
        "pure",
        items=len(book.items),
        partners=args.partners,
        true_groups=len(book.groups),
        seconds=done - generated,
        proposed=len(proposals),
        wrong=len(wrong),
        found_solvable=hits,
        solvable=solvable,
    )


# -------------------------------------------------------------------------- odoo


def common(command):
    """Run a command in bash after sourcing scripts/common.sh; returns stdout."""
    script = f'source "{ROOT}/scripts/common.sh"; {command}'
    return subprocess.run(
        ["bash", "-c", script], check=True, capture_output=True, text=True
    ).stdout.strip()


def addons_path(oca=False):
    """Odoo's addons path, with the folder of the OCA wheel for the OCA database."""
    home, addons = common('echo "$ODOO_HOME|$ADDONS_DIR"').split("|")
    path = f"{home}/odoo/addons,{addons}"
    return f"{path},{oca_dir()}/odoo/addons" if oca else path


def oca_dir():
    return os.path.join(common('echo "$CACHE"'), "oca-addons-lettering")


def odoo_registry(db, oca=False):
    import odoo
    from odoo.modules.registry import Registry

    if not PARSED:
        odoo.tools.config.parse_config(
            [
                f"--addons-path={addons_path(oca)}",
                f"--data-dir={common('echo $DATA_DIR')}",
                "--log-level=warn",
            ]
            # OCA's progress (methods, credit lines inspected, groups found)
            + (["--log-handler=odoo.addons.account_mass_reconcile:INFO"] if oca else [])
        )
        PARSED.append(True)
    odoo.tools.config["db_name"] = db
    return Registry(db)


def close(db):
    """Close the connections of this process to ``db`` (to copy it)."""
    import odoo
    from odoo.modules.registry import Registry

    Registry.delete(db)
    odoo.sql_db.close_db(db)


def fingerprint(args):
    """Identifies the ledger of a base database: the generator's code, seed, size."""
    code = hashlib.sha1()
    for module in ("ledger_generator.py", "ledger_loader.py"):
        with open(os.path.join(ROOT, "scripts", module), "rb") as file:
            code.update(file.read())
    code = code.hexdigest()
    return f"{code}:{args.seed}:{args.items}:{args.partners}"


def db_exists(db):
    return common(f'db_exists "{db}" && echo yes || echo no') == "yes"


def build_base(args):
    base = f"{args.db}_base"
    mapping = os.path.join(ROOT, "build", f"{base}.json")
    if db_exists(base) and os.path.exists(mapping) and not args.rebuild:
        with open(mapping, encoding="utf-8") as file:
            if json.load(file).get("fingerprint") == fingerprint(args):
                return base, mapping
        say(f"{base} holds another ledger (generator, seed or size changed)")
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
    from odoo import SUPERUSER_ID, api

    from scripts.ledger_loader import Loader

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
        # every item an open entry, written by the loader of the dunning benchmark
        loader = Loader(env, company, book.plan(args.seed, date.today()))
        loader.load(args.partners)
        line_of = dict(
            zip((i.id for i in book.items), loader.receivable_ids, strict=True)
        )
        cr.commit()
        cr.execute("ANALYZE account_move, account_move_line")
    os.makedirs(os.path.dirname(mapping), exist_ok=True)
    with open(mapping, "w", encoding="utf-8") as file:
        json.dump(
            {
                "company": company.id,
                "line_of": line_of,
                "fingerprint": fingerprint(args),
            },
            file,
        )
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
        # as DEFAULT_RULES: bank fees under 1.00 written off when the label names
        # the invoice
        rules.filtered(lambda r: r.method == "reference").tolerance = 1.0
        cr.commit()
        started = time.perf_counter()
        results = rules._l10n_fr_propose()
        proposed = time.perf_counter()
        propose_seconds = proposed - started
        # the query alone, once more (warm, as in the run above)
        company = env["res.company"].browse(company_id)
        accounts = rules[0]._l10n_fr_accounts()
        query_started = time.perf_counter()
        rules._l10n_fr_load_items(company, accounts)
        query = time.perf_counter() - query_started
        proposals = [(rule, p) for rule, found, _amb in results for p in found]
        per_rule = {rule.method: len(found) for rule, found, _amb in results}
        propose_load = load()
        say(
            f"odoo: {len(item_of)} open items, {len(proposals)} groups proposed in "
            f"{propose_seconds:.2f}s from the database (of which the query "
            f"about {query:.2f}s; load average {propose_load}); per rule: {per_rule}"
        )
        right, wrong = check_groups(book, item_of, [p.item_ids for _r, p in proposals])
        say(f"odoo proposals: {right} right, {wrong} wrong")
        todo = proposals if not args.apply_limit else proposals[: args.apply_limit]
        env.invalidate_all()
        started = time.perf_counter()
        # as the nightly action does: batches through l10n.fr.credit.batch, a commit
        # after each one (the history records are not returned on that path)
        env["l10n.fr.lettering.rule"]._l10n_fr_apply(todo, origin="rule", commit=True)
        applied = time.perf_counter() - started
        say(
            f"applied {len(todo)} groups through _reconcile_plan (batches of the "
            f"batch size, commit per batch) in {applied:.1f}s "
            f"({1000 * applied / max(len(todo), 1):.1f} ms per group; "
            f"load average {load()})"
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
        cr.execute(
            """SELECT full_reconcile_id, array_agg(id) FROM account_move_line
                WHERE id = ANY(%s) AND full_reconcile_id IS NOT NULL
             GROUP BY full_reconcile_id""",
            [list(item_of)],
        )
        applied_right, applied_wrong = check_groups(
            book, item_of, [ids for _full, ids in cr.fetchall()]
        )
        say(f"full reconciliations: {applied_right} right, {applied_wrong} wrong")
    report(
        "odoo",
        items=len(item_of),
        true_groups=len(book.groups),
        propose_seconds=propose_seconds,
        propose_load=propose_load,
        query_seconds=query,
        proposed=len(proposals),
        wrong=wrong,
        applied=len(todo),
        apply_seconds=applied,
        full_right=applied_right,
        full_wrong=applied_wrong,
    )


# --------------------------------------------------------------------------- oca


def install_oca():
    """The OCA wheel in a folder of its own (not in the virtual environment)."""
    target = oca_dir()
    manifest = os.path.join(
        target, "odoo", "addons", "account_mass_reconcile", "__manifest__.py"
    )
    if not os.path.exists(manifest):
        say(f"installing {OCA_WHEEL} (pip install --no-deps --target {target})")
        python = os.path.join(common('echo "$VENV"'), "bin", "python")
        subprocess.run(
            [python, "-m", "pip", "install", "--quiet", "--no-deps"]
            + ["--target", target, OCA_WHEEL],
            check=True,
        )
    return target


def run_oca(args):
    base, mapping = build_base(args)
    book, item_of, company_id = truth(args, mapping)
    install_oca()
    db = f"{args.db}_oca"
    common(f'copy_db "{base}" "{db}"')
    # OCA alone, as its users run it: without this addon, whose letters would add
    # their cost to OCA's time -- and whose letter sequence, locked by the
    # transaction that letters an account, blocks the nested cursors that OCA's
    # advanced methods open while the outer one is still uncommitted
    common(
        f'odoo_bin shell -d "{db}" --no-http --log-level=warn '
        f'< "{ROOT}/scripts/uninstall.py"'
    )
    # the only Odoo process with the wheel's folder in its addons path
    common(
        f'"$VENV/bin/odoo" --addons-path="{addons_path(oca=True)}" '
        f'--data-dir="$DATA_DIR" -d "{db}" -i account_mass_reconcile '
        "--stop-after-init --no-http --log-level=warn"
    )
    child = subprocess.Popen(
        [sys.executable, __file__, "oca-run", "--db", db]
        + [f"--commit-every={args.commit_every}", f"--company={company_id}"]
    )
    started = time.perf_counter()
    try:
        child.wait(timeout=args.oca_timeout)
        finished = child.returncode == 0
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
        finished = False
    wall = time.perf_counter() - started
    oca_load = load()
    registry = odoo_registry(db, oca=True)
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
    elapsed = json.loads(row[0])["seconds"] if row and finished else wall
    right, wrong = check_groups(book, item_of, groups)
    state = (
        f"finished in {elapsed:.0f}s"
        if finished
        else f"stopped after {args.oca_timeout}s (not finished)"
    )
    say(
        f"OCA account_mass_reconcile: {state} (load average {oca_load}); "
        f"{len(groups)} full reconciliations ({right} right, {wrong} wrong) of "
        f"{len(book.groups)} true groups"
    )
    report(
        "oca",
        finished=finished,
        seconds=elapsed,
        load_end=oca_load,
        groups=len(groups),
        right=right,
        wrong=wrong,
        true_groups=len(book.groups),
    )


def run_oca_child(args):
    registry = odoo_registry(args.db, oca=True)
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
                    (0, 0, {"name": name, "sequence": sequence})
                    for sequence, name in enumerate(OCA_METHODS, start=1)
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


# ----------------------------------------------------------------------- compare


def child_phase(phase, args):
    """Run ``phase`` in a child process (its own Odoo configuration); its figures."""
    command = [sys.executable, __file__, phase, f"--size={args.size}"]
    command += [f"--items={args.items}", f"--partners={args.partners}"]
    command += [f"--seed={args.seed}", f"--db={args.db}"]
    command += [f"--oca-timeout={args.oca_timeout}"]
    command += ["--rebuild"] if args.rebuild and phase == "odoo" else []
    figures = None
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as child:
        for line in child.stdout:
            if line.startswith("RESULT "):
                figures = json.loads(line[len("RESULT ") :])
            else:
                print(line, end="", flush=True)
    if child.returncode or figures is None:
        raise SystemExit(f"{phase} failed ({child.returncode})")
    return figures


def run_compare(args):
    pure = child_phase("pure", args)
    odoo = child_phase("odoo", args)
    oca = child_phase("oca", args)
    ours = odoo["propose_seconds"] + odoo["apply_seconds"]
    ours_rate = odoo["full_right"] / ours
    oca_rate = oca["right"] / oca["seconds"] if oca["seconds"] else 0
    size = f"{pure['items']:,} items / {pure['partners']:,} partners"
    recall_pct = 100 * pure["found_solvable"] / max(pure["solvable"], 1)
    say("")
    say(f"summary ({size}; load average at the end {load()}):")
    say(
        f"  pure engine: {pure['seconds']:.2f}s, {pure['proposed']} groups, "
        f"{pure['wrong']} wrong, recall {recall_pct:.1f} %"
    )
    say(
        f"  this addon through Odoo: proposals {odoo['propose_seconds']:.1f}s + "
        f"apply {odoo['apply_seconds']:.1f}s = {ours:.1f}s, {odoo['full_right']} "
        f"groups right, {odoo['full_wrong']} wrong ({ours_rate:.1f} groups/s)"
    )
    state = "finished" if oca["finished"] else "stopped, not finished"
    say(
        f"  OCA account_mass_reconcile: {oca['seconds']:.1f}s ({state}), "
        f"{oca['right']} groups right, {oca['wrong']} wrong ({oca_rate:.2f} groups/s)"
    )
    if oca["finished"]:
        say(f"  ratio (OCA time / this addon's time): {oca['seconds'] / ours:.0f}x")
    if oca_rate:
        say(f"  ratio (groups per second): {ours_rate / oca_rate:.0f}x")
    say("README rows:")
    items = f"{pure['items']:,} items"
    say(
        f"| lettering proposals (pure engine) | {items} | {pure['seconds']:.2f} s, "
        f"{pure['proposed']:,} groups, {pure['wrong']} wrong, recall "
        f"{recall_pct:.1f} % | – | – |"
    )
    oca_cell = (
        f"{oca['seconds']:.0f} s"
        if oca["finished"]
        else f"stopped after {oca['seconds']:.0f} s"
    )
    ratio = f"{oca['seconds'] / ours:.0f}× time" if oca["finished"] else ""
    if oca_rate:
        ratio += f"{', ' if ratio else ''}{ours_rate / oca_rate:.0f}× groups/s"
    say(
        f"| lettering, proposals + apply | {items} | {ours:.0f} s, "
        f"{odoo['full_right']:,} groups, {odoo['full_wrong']} wrong | {oca_cell}, "
        f"{oca['right']:,} groups, {oca['wrong']} wrong | {ratio} |"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("phase", choices=["pure", "odoo", "oca", "oca-run", "compare"])
    parser.add_argument("--size", choices=sorted(SIZES), default="large")
    parser.add_argument("--items", type=int, help="open items (default: --size)")
    parser.add_argument("--partners", type=int, help="customers (default: --size)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", help="database (default: --size)")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--apply-limit", type=int, default=0)
    parser.add_argument("--oca-timeout", type=int, help="seconds (default: --size)")
    parser.add_argument("--commit-every", type=int, default=500)
    parser.add_argument("--company", type=int)
    args = parser.parse_args()
    items, partners, db, timeout = SIZES[args.size]
    args.items = args.items or items
    args.partners = args.partners or partners
    args.db = args.db or db
    args.oca_timeout = args.oca_timeout or timeout
    {
        "pure": run_pure,
        "odoo": run_odoo,
        "oca": run_oca,
        "oca-run": run_oca_child,
        "compare": run_compare,
    }[args.phase](args)


if __name__ == "__main__":
    main()
