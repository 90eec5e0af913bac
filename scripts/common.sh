# Shared settings of the project scripts (sourced, not run).
# Everything heavy lives outside the checkout, in the user's cache folder, so that a
# fresh clone (CI) finds the environment again:
#   $CACHE/venv   Python virtual environment (Odoo requirements, addon and dev tools)
#   $CACHE/odoo   Odoo 18.0 source tree (copied from ODOO_SRC, or cloned when unset)
#   $CACHE/data   Odoo data dir (filestores)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ADDON=l10n_fr_credit_collection
CACHE=${FRCC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/$ADDON}
VENV=$CACHE/venv
PY=$VENV/bin/python
ODOO_HOME=$CACHE/odoo
DATA_DIR=$CACHE/data
BUILD=$ROOT/build  # logs and reports of the last runs (ignored by git)
# Odoo needs a folder *containing* a folder named like the addon: a link to this checkout,
# kept outside it (a link inside would make a loop that Odoo's file scans follow)
WORK=$CACHE/work/$(printf '%s' "$ROOT" | sha1sum | cut -c1-10)
ADDONS_DIR=$WORK/addons
DEMO_DB=${DEMO_DB:-fr_credit_demo}
TEST_DB=${TEST_DB:-fr_credit_test}
HTTP_PORT=${HTTP_PORT:-8069}
TEST_HTTP_PORT=${TEST_HTTP_PORT:-8269}
# OCA queue_job 18.0 (PyPI wheel) for the bridge addon, installed outside the venv with
# pip --target: only the commands that add QUEUE_JOB_ADDONS to the addons path see it.
# 18.0.2.1.2 is the last release whose test helpers run on the Odoo 18.0 tree of
# 2025-05-20 (later ones import odoo.tests.common.SETATTR_SOURCES, added after it).
QUEUE_JOB_VERSION=18.0.2.1.2
QUEUE_JOB_WHEEL=odoo-addon-queue-job==$QUEUE_JOB_VERSION
QUEUE_JOB_DIR=$CACHE/oca/queue_job-$QUEUE_JOB_VERSION
QUEUE_JOB_ADDONS=$QUEUE_JOB_DIR/odoo/addons
BRIDGE=l10n_fr_credit_collection_queue_job
BRIDGE_ADDONS=$ROOT/queue_job_bridge

log() { printf '\033[1m[%s]\033[0m %s\n' "$ADDON" "$*" >&2; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

link_addon() {
    mkdir -p "$ADDONS_DIR"
    ln -sfn "$ROOT" "$ADDONS_DIR/$ADDON"
}

odoo_bin() {  # [shell] options...   (EXTRA_ADDONS: more folders for the addons path)
    local command=()
    if [ "${1:-}" = shell ]; then command=(shell); shift; fi
    "$VENV/bin/odoo" "${command[@]}" \
        --addons-path="$ODOO_HOME/odoo/addons,$ADDONS_DIR${EXTRA_ADDONS:+,$EXTRA_ADDONS}" \
        --data-dir="$DATA_DIR" "$@"
}

odoo_bin_queue_job() {  # odoo_bin with OCA queue_job and the bridge addon
    EXTRA_ADDONS="$QUEUE_JOB_ADDONS,$BRIDGE_ADDONS" odoo_bin "$@"
}

db_exists() {
    [ "$(psql -X -tAq -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]
}

module_installed() {  # db module
    db_exists "$1" && [ "$(psql -X -tAq -d "$1" -c \
        "SELECT state FROM ir_module_module WHERE name = '$2'" 2>/dev/null)" = installed ]
}

copy_db() {  # template new: a database and its filestore
    dropdb --if-exists "$2"
    rm -rf "$DATA_DIR/filestore/$2"
    createdb -T "$1" "$2"
    if [ -d "$DATA_DIR/filestore/$1" ]; then
        mkdir -p "$DATA_DIR/filestore"
        cp -a "$DATA_DIR/filestore/$1" "$DATA_DIR/filestore/$2"
    fi
}

manifest_depends() {
    "$PY" -c "import ast,sys; print(','.join(ast.literal_eval(open(sys.argv[1]).read())['depends']))" \
        "$ROOT/__manifest__.py"
}

# A database with Odoo's modules the addon depends on, built once and reused as a
# template: installing them takes about a minute and a half.
#   ensure_template_db        French loaded, with demo data (tests, demo database)
#   ensure_template_db nodemo French loaded, without demo data (as in production)
#   ensure_template_db en     English only, without demo data (most databases: Odoo's
#                             own tests run there with the addon installed)
ensure_template_db() {
    local kind=${1:-demo} deps key tmpl options=()
    deps=$(manifest_depends)
    key=$(printf '%s|%s|%s' "$deps" "$(cat "$ODOO_HOME/.frcc-stamp")" "$kind" | sha1sum | cut -c1-10)
    tmpl=frcc_tmpl_$key
    case $kind in
        demo) options=(--load-language=fr_FR) ;;
        nodemo) options=(--without-demo=all --load-language=fr_FR) ;;
        en) options=(--without-demo=all) ;;
        *) log "unknown template kind $kind"; return 1 ;;
    esac
    if ! db_exists "$tmpl"; then
        log "building template database $tmpl ($kind) with: $deps (about a minute and a half, once)"
        createdb "$tmpl"
        if ! odoo_bin -d "$tmpl" -i "$deps" "${options[@]}" \
                --stop-after-init --no-http --log-level=warn >"$CACHE/template.log" 2>&1; then
            cat "$CACHE/template.log" >&2
            dropdb --if-exists "$tmpl"
            log "template database failed"
            return 1
        fi
    fi
    echo "$tmpl"
}

bench_dunning_ledger() {  # db seed day customers invoices results
    # the seeded ledger of the dunning benchmarks (scripts/bench_dunning.py) in ${db}_gen:
    # a copy of the template without demo data, with this addon
    copy_db "$(ensure_template_db nodemo)" "$1_gen"
    odoo_bin -d "$1_gen" -i "$ADDON" --without-demo=all --stop-after-init --no-http \
        --log-level=warn
    log "generating $4 customers / $5 overdue invoices in $1_gen (seed $2, $3)"
    "$PY" "$ROOT/scripts/bench_dunning.py" generate --db "$1_gen" --seed "$2" --date "$3" \
        --customers "$4" --invoices "$5" --results "$6" -- \
        --addons-path="$ODOO_HOME/odoo/addons,$ADDONS_DIR" --data-dir="$DATA_DIR" \
        --log-level=warn
}
