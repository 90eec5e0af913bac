#!/usr/bin/env bash
# Export the addon's terms from the test database (after `make test`... or any database
# where it is installed: I18N_DB=...) to i18n/*.pot and merge them into i18n/fr.po.
# shellcheck source=scripts/common.sh
source "$(dirname "$0")/common.sh"
db=${I18N_DB:-$TEST_DB}
if ! module_installed "$db" "$ADDON"; then
    tmpl=$(ensure_template_db)
    copy_db "$tmpl" "$db"
    odoo_bin -d "$db" -i "$ADDON" --stop-after-init --no-http --log-level=warn
fi
odoo_bin -d "$db" --i18n-export="$ROOT/i18n/$ADDON.pot" --modules="$ADDON" \
    --stop-after-init --no-http --log-level=warn
"$PY" "$ROOT/scripts/i18n_merge.py"
