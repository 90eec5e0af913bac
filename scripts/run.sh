#!/usr/bin/env bash
# make run: set up what is missing, create the demo database once (French chart, demo
# company and data, this addon), then serve Odoo on http://localhost:$HTTP_PORT (admin/admin).
# UPDATE=1 make run  also updates the addon in the demo database before serving.
# shellcheck source=scripts/common.sh
source "$(dirname "$0")/common.sh"
"$ROOT/scripts/setup.sh"

if ! module_installed "$DEMO_DB" "$ADDON"; then
    tmpl=$(ensure_template_db)
    log "creating the demo database $DEMO_DB"
    copy_db "$tmpl" "$DEMO_DB"
    odoo_bin -d "$DEMO_DB" -i "$ADDON" --stop-after-init --no-http --log-level=warn
elif [ "${UPDATE:-0}" = 1 ]; then
    odoo_bin -d "$DEMO_DB" -u "$ADDON" --stop-after-init --no-http --log-level=warn
fi
log "serving $DEMO_DB on http://localhost:$HTTP_PORT (login admin / admin)"
exec "$VENV/bin/odoo" --addons-path="$ODOO_HOME/odoo/addons,$ADDONS_DIR" \
    --data-dir="$DATA_DIR" -d "$DEMO_DB" --db-filter="^$DEMO_DB\$" --http-port="$HTTP_PORT"
