#!/usr/bin/env bash
# Dunning benchmark (not a test): scripts/bench_dunning.sh [customers] [invoices]
# Default 10000 customers / 50000 overdue invoices, in the database frcc_bench_dunning
# (a copy of the template without demo data, with this addon).
# shellcheck source=scripts/common.sh
source "$(dirname "$0")/common.sh"
"$ROOT/scripts/setup.sh"
db=${BENCH_DB:-frcc_bench_dunning}
tmpl=$(ensure_template_db nodemo)
copy_db "$tmpl" "$db"
odoo_bin -d "$db" -i "$ADDON" --without-demo=all --stop-after-init --no-http --log-level=warn
"$PY" "$ROOT/scripts/bench_dunning.py" --db "$db" --customers "${1:-10000}" \
    --invoices "${2:-50000}" -- --addons-path="$ODOO_HOME/odoo/addons,$ADDONS_DIR" \
    --data-dir="$DATA_DIR" --log-level=warn
