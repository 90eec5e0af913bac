#!/usr/bin/env bash
# Dunning benchmark (not a test):
#   scripts/bench_dunning.sh [--oca] [customers] [overdue invoices]
# Default 10000 customers / 50000 overdue invoices. Builds $BENCH_DB_gen (a copy of the
# template without demo data, with this addon, and the seeded ledger of
# scripts/bench_dunning.py), then, $BENCH_REPEAT times (default 2), copies it to
# $BENCH_DB and times this addon's run there (selection + levels + penalties twice,
# then the whole scheduled run). With --oca: installs the PyPI wheel of OCA
# account_credit_control 18.0 outside the venv ($CACHE/oca-addons, pip --target), copies
# the same ledger to $BENCH_DB_oca, installs the module in that copy only, and times its
# "compute lines" twice, stopped after $OCA_TIMEOUT seconds (default 1800).
# Other variables: BENCH_DB (frcc_bench_dunning), BENCH_SEED (42), BENCH_DATE (today).
# Results: one JSON line per measurement in build/bench_dunning-<customers>-<invoices>.jsonl,
# then a summary and the README table row.
# shellcheck source=scripts/common.sh
source "$(dirname "$0")/common.sh"
oca=0
if [ "${1:-}" = --oca ]; then oca=1; shift; fi
customers=${1:-10000}
invoices=${2:-50000}
db=${BENCH_DB:-frcc_bench_dunning}
seed=${BENCH_SEED:-42}
day=${BENCH_DATE:-$(date +%F)}
repeat=${BENCH_REPEAT:-2}
oca_timeout=${OCA_TIMEOUT:-1800}
OCA_DIR=$CACHE/oca-addons
OCA_WHEEL="odoo-addon-account-credit-control==18.0.*"
"$ROOT/scripts/setup.sh"
mkdir -p "$BUILD"
results=$BUILD/bench_dunning-$customers-$invoices.jsonl
: >"$results"

bench() {  # phase db [addons path] [script options...]
    local phase=$1 database=$2 addons=$3
    shift 3
    "$PY" "$ROOT/scripts/bench_dunning.py" "$phase" --db "$database" --seed "$seed" \
        --date "$day" --customers "$customers" --invoices "$invoices" \
        --results "$results" "$@" -- --addons-path="$addons" \
        --data-dir="$DATA_DIR" --log-level=warn
}

addons=$ODOO_HOME/odoo/addons,$ADDONS_DIR
bench_dunning_ledger "$db" "$seed" "$day" "$customers" "$invoices" "$results"

for run in $(seq "$repeat"); do
    log "this addon, measurement $run of $repeat"
    copy_db "${db}_gen" "$db"
    bench ours "$db" "$addons" --repeat 2
done

if [ "$oca" = 1 ]; then
    if [ ! -d "$OCA_DIR/odoo/addons/account_credit_control" ]; then
        log "installing $OCA_WHEEL into $OCA_DIR (pip --no-deps --target, not the venv)"
        "$VENV/bin/pip" install --quiet --no-deps --target "$OCA_DIR" "$OCA_WHEEL"
    fi
    oca_addons=$addons,$OCA_DIR/odoo/addons
    copy_db "${db}_gen" "${db}_oca"
    log "installing account_credit_control in ${db}_oca only"
    "$VENV/bin/odoo" --addons-path="$oca_addons" --data-dir="$DATA_DIR" -d "${db}_oca" \
        -i account_credit_control --without-demo=all --stop-after-init --no-http \
        --log-level=warn
    log "OCA compute lines (stopped after $oca_timeout s)"
    started=$(date +%s)
    if ! timeout "$oca_timeout" "$PY" "$ROOT/scripts/bench_dunning.py" oca \
            --db "${db}_oca" --date "$day" --repeat 2 --results "$results" \
            -- --addons-path="$oca_addons" --data-dir="$DATA_DIR" --log-level=warn; then
        printf '{"phase": "oca_timeout", "seconds": %s, "loadavg": "%s"}\n' \
            "$(($(date +%s) - started))" "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$results"
        log "OCA compute lines stopped (timeout $oca_timeout s or error)"
    fi
fi
"$PY" "$ROOT/scripts/bench_dunning.py" report --results "$results"
