#!/usr/bin/env bash
# make test: pure tests of rules/ (pytest), then the Odoo tests of the addon in a fresh
# database copied from a template (French chart, demo data), a check of the French
# translations, then an install and uninstall check without demo data.
# Prints "N passed, N failed" and exits non-zero on any failed or skipped test, any error
# during install, any ERROR/CRITICAL log line and any WARNING about the addon.
# shellcheck source=scripts/common.sh
source "$(dirname "$0")/common.sh"
"$ROOT/scripts/setup.sh"
mkdir -p "$BUILD"
cd "$ROOT"

log "pure tests (rules/)"
set +e
"$PY" -m pytest -q --junitxml="$BUILD/pure.xml" "$ROOT/tests/pure"
set -e

tmpl=$(ensure_template_db)
log "Odoo tests: installing $ADDON in $TEST_DB (copy of $tmpl)"
copy_db "$tmpl" "$TEST_DB"
set +e
odoo_bin -d "$TEST_DB" -i "$ADDON" --test-enable --test-tags "/$ADDON" --stop-after-init \
    --http-port="$TEST_HTTP_PORT" --http-interface=127.0.0.1 --workers=0 --max-cron-threads=0 \
    >"$BUILD/odoo-test.log" 2>&1
echo "exit code $?" >>"$BUILD/odoo-test.log"

log "queue_job bridge: installing OCA queue_job and $BRIDGE in $TEST_DB, its tests"
odoo_bin_queue_job -d "$TEST_DB" -i "$BRIDGE" --test-enable --test-tags "/$BRIDGE" \
    --stop-after-init --http-port="$TEST_HTTP_PORT" --http-interface=127.0.0.1 --workers=0 \
    --max-cron-threads=0 >"$BUILD/odoo-test-queue-job.log" 2>&1
echo "exit code $?" >>"$BUILD/odoo-test-queue-job.log"

log "French translations of every term of the installed addon"
odoo_bin_queue_job -d "$TEST_DB" --i18n-export="$BUILD/terms.pot" --modules="$ADDON" \
    --stop-after-init --no-http --log-level=warn >"$BUILD/i18n-check.log" 2>&1
"$PY" "$ROOT/scripts/i18n_merge.py" --check "$BUILD/terms.pot" >>"$BUILD/i18n-check.log" 2>&1
echo "exit code $?" >>"$BUILD/i18n-check.log"

log "install and uninstall check in a database without demo data (as in production)"
tmpl=$(ensure_template_db nodemo)
copy_db "$tmpl" "$TEST_DB-prod"
{
    odoo_bin -d "$TEST_DB-prod" -i "$ADDON" --without-demo=all --stop-after-init --no-http
    odoo_bin shell -d "$TEST_DB-prod" --no-http <"$ROOT/scripts/uninstall.py"
    echo "exit code $?"
} >"$BUILD/odoo-uninstall.log" 2>&1
set -e

exec "$PY" "$ROOT/scripts/test_report.py" --addon "$ADDON" --pytest-junit "$BUILD/pure.xml" \
    --odoo-log "$BUILD/odoo-test.log" --odoo-log "$BUILD/odoo-test-queue-job.log" \
    --uninstall-log "$BUILD/odoo-uninstall.log" \
    --i18n-log "$BUILD/i18n-check.log"
