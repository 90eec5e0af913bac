#!/usr/bin/env bash
# Worklist benchmark (not a test): scripts/bench_worklist.sh [customers] [overdue invoices]
# Default 10000 / 50000 (the dunning benchmark's ledger). Builds $BENCH_DB_gen as
# scripts/bench_dunning.sh does, copies it to $BENCH_DB, seeds the day's work and times
# the opening of one controller's worklist (scripts/bench_worklist.py).
# Results: build/bench_worklist-<customers>-<invoices>.jsonl
# shellcheck source=scripts/common.sh
source "$(dirname "$0")/common.sh"
customers=${1:-10000}
invoices=${2:-50000}
db=${BENCH_DB:-frcc_bench_worklist}
seed=${BENCH_SEED:-42}
day=${BENCH_DATE:-$(date +%F)}
"$ROOT/scripts/setup.sh"
mkdir -p "$BUILD"
results=$BUILD/bench_worklist-$customers-$invoices.jsonl
: >"$results"
if ! db_exists "${db}_gen"; then
    bench_dunning_ledger "$db" "$seed" "$day" "$customers" "$invoices" "$results"
fi
copy_db "${db}_gen" "$db"
odoo_bin -d "$db" -u "$ADDON" --stop-after-init --no-http --log-level=warn
"$PY" "$ROOT/scripts/bench_worklist.py" --db "$db" --results "$results" -- \
    --addons-path="$ODOO_HOME/odoo/addons,$ADDONS_DIR" --data-dir="$DATA_DIR" \
    --log-level=warn
