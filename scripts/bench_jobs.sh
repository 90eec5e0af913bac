#!/usr/bin/env bash
# Dunning run, or automatic lettering, distributed over Odoo workers with queue_job (a
# benchmark, not a test):
#   scripts/bench_jobs.sh [customers] [overdue invoices]
#   scripts/bench_jobs.sh --lettering
# Default 10000 customers / 50000 overdue invoices. Uses the seeded ledger of
# scripts/bench_dunning.sh ($BENCH_DB_gen, generated when missing) -- with --lettering
# the 100k open items of scripts/bench_lettering.py (frcc_bench_lettering_base, built by
# `bench_lettering.py odoo`) --, copies it to <db>_jobs, installs OCA queue_job and the
# bridge addon there, starts Odoo with $BENCH_WORKERS workers (default 2) and the job
# runner (channel capacity = workers), then times scripts/bench_jobs.py: reminders
# created (or lettering proposals made), one job per batch, until the last job is done.
# Other variables: BENCH_DB (frcc_bench_dunning), BENCH_SEED (42), BENCH_DATE (today),
# BENCH_WORKERS (2), BENCH_PORT (8469), BENCH_BATCH (500 reminders or groups per job),
# BENCH_LETTER_SCOPE (account or partner: the company's letter sequences, --lettering).
# shellcheck source=scripts/common.sh
source "$(dirname "$0")/common.sh"
lettering=()
if [ "${1:-}" = --lettering ]; then lettering=(--lettering); shift; fi
customers=${1:-10000}
invoices=${2:-50000}
db=${BENCH_DB:-frcc_bench_dunning}
seed=${BENCH_SEED:-42}
day=${BENCH_DATE:-$(date +%F)}
workers=${BENCH_WORKERS:-2}
port=${BENCH_PORT:-8469}
"$ROOT/scripts/setup.sh"
mkdir -p "$BUILD"

if [ ${#lettering[@]} = 1 ]; then
    db=frcc_bench_lettering
    if ! module_installed "${db}_base" "$ADDON"; then
        log "no ${db}_base: run scripts/bench_lettering.py odoo --size large first"
        exit 1
    fi
    copy_db "${db}_base" "${db}_jobs"
else
    if ! module_installed "${db}_gen" "$ADDON"; then
        bench_dunning_ledger "$db" "$seed" "$day" "$customers" "$invoices" \
            "$BUILD/bench_jobs.jsonl"
    fi
    copy_db "${db}_gen" "${db}_jobs"
fi
log "installing queue_job and $BRIDGE in ${db}_jobs"
odoo_bin_queue_job -d "${db}_jobs" -u "$ADDON" -i "$BRIDGE" --without-demo=all \
    --stop-after-init --no-http --log-level=warn

log "Odoo with $workers workers and the job runner on port $port"
ODOO_QUEUE_JOB_CHANNELS="root:$workers" odoo_bin_queue_job -d "${db}_jobs" \
    --db-filter="^${db}_jobs\$" --workers="$workers" --max-cron-threads=0 \
    --load=web,queue_job --http-port="$port" --http-interface=127.0.0.1 \
    --limit-time-real=1800 --limit-time-cpu=1800 --log-level=warn \
    >"$BUILD/bench_jobs-server.log" 2>&1 &
server=$!
# $server is the subshell of the function: stop Odoo (its child), which stops its workers
trap 'pkill -TERM -P "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
until curl -fs "http://127.0.0.1:$port/web/login" >/dev/null; do
    kill -0 "$server" 2>/dev/null || { cat "$BUILD/bench_jobs-server.log" >&2; exit 1; }
    sleep 1
done

"$PY" "$ROOT/scripts/bench_jobs.py" --db "${db}_jobs" --date "$day" \
    --batch-size "${BENCH_BATCH:-500}" "${lettering[@]}" \
    ${BENCH_LETTER_SCOPE:+--letter-scope "$BENCH_LETTER_SCOPE"} -- \
    --addons-path="$ODOO_HOME/odoo/addons,$ADDONS_DIR,$QUEUE_JOB_ADDONS,$BRIDGE_ADDONS" \
    --data-dir="$DATA_DIR" --log-level=warn
