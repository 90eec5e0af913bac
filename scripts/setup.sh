#!/usr/bin/env bash
# Idempotent environment setup: creates what is missing, reuses what exists, and is fast
# (a few seconds) when everything is already there.
#   ODOO_SRC=<path to an Odoo 18.0 source tree>  copy that tree (no download)
#   unset ODOO_SRC                               reuse the cached tree, or clone Odoo 18.0
# shellcheck source=scripts/common.sh
source "$(dirname "$0")/common.sh"

ODOO_GIT=${ODOO_GIT:-https://github.com/odoo/odoo.git}
mkdir -p "$CACHE" "$DATA_DIR"

setup_odoo_source() {
    local src="${ODOO_SRC:-}"
    if [ -n "$src" ]; then
        src=$(cd "$src" && pwd)
        grep -q "18, 0" "$src/odoo/release.py" 2>/dev/null \
            || { log "ODOO_SRC=$src is not an Odoo 18.0 source tree"; exit 1; }
        if [ "$(cat "$ODOO_HOME/.frcc-source" 2>/dev/null)" != "$src" ]; then
            log "copying Odoo 18.0 from $src to $ODOO_HOME"
            rm -rf "$ODOO_HOME.tmp" && mkdir -p "$ODOO_HOME.tmp"
            cp -a "$src/." "$ODOO_HOME.tmp/"
            # a copy of another cache's tree is a new tree: its own stamp, templates
            rm -f "$ODOO_HOME.tmp/.frcc-stamp"
            echo "$src" >"$ODOO_HOME.tmp/.frcc-source"
            rm -rf "$ODOO_HOME" && mv "$ODOO_HOME.tmp" "$ODOO_HOME"
        fi
    elif [ ! -f "$ODOO_HOME/odoo/release.py" ]; then
        log "cloning Odoo 18.0 (shallow) from $ODOO_GIT"
        rm -rf "$ODOO_HOME.tmp"
        git clone --quiet --depth 1 --branch 18.0 "$ODOO_GIT" "$ODOO_HOME.tmp"
        echo "$ODOO_GIT" >"$ODOO_HOME.tmp/.frcc-source"
        rm -rf "$ODOO_HOME" && mv "$ODOO_HOME.tmp" "$ODOO_HOME"
    fi
    # identifies the Odoo tree for the template database key
    [ -f "$ODOO_HOME/.frcc-stamp" ] || \
        { cat "$ODOO_HOME/.frcc-source"; date +%s; } | sha1sum | cut -c1-12 >"$ODOO_HOME/.frcc-stamp"
}

setup_venv() {
    local python stamp
    python=${PYTHON:-python3}
    "$python" -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 12))' \
        || { log "Odoo 18.0 needs Python 3.10 to 3.12"; exit 1; }
    [ -x "$PY" ] || "$python" -m venv "$VENV"
    stamp=$(cat "$ODOO_HOME/requirements.txt" "$ROOT/scripts/requirements.txt" \
        "$ROOT/scripts/constraints.txt" "$ODOO_HOME/.frcc-source" | sha1sum | cut -c1-40)
    [ "$(cat "$VENV/.frcc-stamp" 2>/dev/null)" = "$stamp" ] && return 0
    log "installing Python packages into $VENV"
    # build tools first: a new venv has an old setuptools without bdist_wheel (Python 3.11) or
    # none at all (3.12), and the editable install of Odoo below builds without isolation
    "$PY" -m pip install --quiet --upgrade pip setuptools wheel -c "$ROOT/scripts/constraints.txt"
    "$PY" "$ROOT/scripts/odoo_requirements.py" "$ODOO_HOME/requirements.txt" >"$CACHE/odoo-requirements.txt"
    "$PY" -m pip install --quiet -r "$CACHE/odoo-requirements.txt" -r "$ROOT/scripts/requirements.txt" \
        -c "$ROOT/scripts/constraints.txt"
    "$PY" -m pip install --quiet --no-deps --no-build-isolation -e "$ODOO_HOME" \
        --config-settings editable_mode=compat
    echo "$stamp" >"$VENV/.frcc-stamp"
}

setup_queue_job() {
    [ -d "$QUEUE_JOB_ADDONS/queue_job" ] && return 0
    log "installing $QUEUE_JOB_WHEEL into $QUEUE_JOB_DIR (pip --target, not the venv)"
    "$PY" -m pip install --quiet --no-deps --target "$QUEUE_JOB_DIR" "$QUEUE_JOB_WHEEL"
}

setup_postgres() {
    if ! command -v pg_isready >/dev/null && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
        log "installing PostgreSQL"
        as_root apt-get update -qq && as_root apt-get install -y -qq postgresql >/dev/null
    fi
    if ! pg_isready -q; then
        log "starting PostgreSQL"
        local cluster
        cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
        # shellcheck disable=SC2086
        as_root pg_ctlcluster $cluster start
        for _ in $(seq 30); do pg_isready -q && break; sleep 0.5; done
    fi
    if ! psql -X -tAq -d postgres -c 'SELECT 1' >/dev/null 2>&1; then
        log "creating the PostgreSQL role $(id -un)"
        as_root su postgres -c "createuser --superuser $(id -un)"
    fi
}

setup_system_packages() {
    # Chromium: Odoo's tours need it (without it Odoo *skips* them); wkhtmltopdf: PDFs
    # (reminder letters, statements); both from the distribution.
    local missing=()
    command -v chromium >/dev/null || command -v google-chrome >/dev/null || missing+=(chromium)
    command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
    # a system font keeps the text of the PDFs extractable (web fonts become outlines)
    fc-list 2>/dev/null | grep -qi "DejaVu Sans" || missing+=(fonts-dejavu-core)
    [ ${#missing[@]} = 0 ] && return 0
    log "installing ${missing[*]}"
    as_root apt-get update -qq && as_root apt-get install -y -qq "${missing[@]}" >/dev/null
}

setup_odoo_source
setup_venv
setup_queue_job
setup_postgres
setup_system_packages
link_addon
