#!/usr/bin/env bash
# make test: pure tests of rules/ (pytest), then the Odoo tests of the addon in a fresh
# database copied from a template (French chart, demo data), a check of the French
# translations, then the install matrix (tests tagged l10n_fr_install): -u on the demo
# database, an English database without French (where Odoo's own tests of what the addon
# touches run too), an English database with a French subsidiary, a French database
# without demo data where the addon's tests run again, all but those of the demo story
# (tagged l10n_fr_demo), then uninstalled.
# Prints "N passed, N failed" and exits non-zero on any failed or skipped test, any error
# during install, any ERROR/CRITICAL log line and any WARNING about the addon.
# shellcheck source=scripts/common.sh
source "$(dirname "$0")/common.sh"
"$ROOT/scripts/setup.sh"
mkdir -p "$BUILD"
cd "$ROOT"
# Odoo's own tests of what the addon touches (121 on plain Odoo 18.0)
ODOO_CORE_TESTS=/account:TestAccountMoveReconcile,/account:TestAccountPaymentRegister
ODOO_CORE_TESTS+=,/account:TestAccountMovePaymentsWidget,/l10n_fr_account
# Odoo serves HTTP whenever tests run (--no-http or not): on the test port, never 8069
TEST_HTTP=(--http-port="$TEST_HTTP_PORT" --http-interface=127.0.0.1)

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

# matrix_tests runner log options...: the install matrix's tests (tag l10n_fr_install)
# with these options, appended to log with the exit code
matrix_tests() {
    local runner=$1 file=$2
    shift 2
    "$runner" "$@" --test-enable --test-tags l10n_fr_install --stop-after-init \
        "${TEST_HTTP[@]}" --workers=0 --max-cron-threads=0 >>"$file" 2>&1
    echo "exit code $?" >>"$file"
}

log "install matrix: -u of the addon on the demo database"
: >"$BUILD/odoo-install-update.log"
matrix_tests odoo_bin_queue_job "$BUILD/odoo-install-update.log" -d "$TEST_DB" -u "$ADDON"

log "install matrix: English database without French, then Odoo's own tests there"
tmpl=$(ensure_template_db en)
copy_db "$tmpl" "$TEST_DB-en"
: >"$BUILD/odoo-install-en.log"
matrix_tests odoo_bin "$BUILD/odoo-install-en.log" -d "$TEST_DB-en" -i "$ADDON" \
    --without-demo=all
odoo_bin -d "$TEST_DB-en" --test-enable --test-tags "$ODOO_CORE_TESTS" --stop-after-init \
    "${TEST_HTTP[@]}" --workers=0 --max-cron-threads=0 >"$BUILD/odoo-core.log" 2>&1
echo "exit code $?" >>"$BUILD/odoo-core.log"

log "multi-worker Odoo: its websocket process (gevent) answers"
{
    rm -f "$BUILD/odoo-websocket.pid"
    odoo_bin -d "$TEST_DB-en" --db-filter="^$TEST_DB-en\$" --workers=2 --max-cron-threads=0 \
        --http-port="$TEST_HTTP_PORT" --gevent-port="$((TEST_HTTP_PORT + 1))" \
        --http-interface=127.0.0.1 --pidfile="$BUILD/odoo-websocket.pid" &
    server=$!
    "$PY" "$ROOT/scripts/websocket_check.py" "$((TEST_HTTP_PORT + 1))"
    echo "exit code $?"
    # the server's own pid (odoo_bin is a function: $! is the subshell running it)
    kill "$(cat "$BUILD/odoo-websocket.pid")"
    wait "$server"
} >"$BUILD/odoo-websocket.log" 2>&1

log "install matrix: English database with a French subsidiary"
copy_db "$tmpl" "$TEST_DB-group"
odoo_bin shell -d "$TEST_DB-group" --no-http <"$ROOT/scripts/add_french_company.py" \
    >"$BUILD/odoo-install-group.log" 2>&1
matrix_tests odoo_bin "$BUILD/odoo-install-group.log" -d "$TEST_DB-group" -i "$ADDON" \
    --without-demo=all

log "install matrix: French database without demo data (as in production), then uninstall"
tmpl=$(ensure_template_db nodemo)
copy_db "$tmpl" "$TEST_DB-prod"
: >"$BUILD/odoo-install-prod.log"
matrix_tests odoo_bin "$BUILD/odoo-install-prod.log" -d "$TEST_DB-prod" -i "$ADDON" \
    --without-demo=all
log "Odoo tests of the addon in the database without demo data (all but the demo story's)"
odoo_bin -d "$TEST_DB-prod" --test-enable --test-tags "/$ADDON,-l10n_fr_demo,-l10n_fr_install" \
    --stop-after-init "${TEST_HTTP[@]}" --workers=0 --max-cron-threads=0 \
    >"$BUILD/odoo-test-nodemo.log" 2>&1
echo "exit code $?" >>"$BUILD/odoo-test-nodemo.log"
{
    odoo_bin shell -d "$TEST_DB-prod" --no-http <"$ROOT/scripts/uninstall.py"
    echo "exit code $?"
} >"$BUILD/odoo-uninstall.log" 2>&1
set -e

exec "$PY" "$ROOT/scripts/test_report.py" --addon "$ADDON" --pytest-junit "$BUILD/pure.xml" \
    --odoo-log "$BUILD/odoo-test.log" --odoo-log "$BUILD/odoo-test-queue-job.log" \
    --odoo-log "$BUILD/odoo-install-update.log" --odoo-log "$BUILD/odoo-install-en.log" \
    --odoo-log "$BUILD/odoo-install-group.log" --odoo-log "$BUILD/odoo-install-prod.log" \
    --odoo-log "$BUILD/odoo-test-nodemo.log" \
    --odoo-core-log "$BUILD/odoo-core.log" --uninstall-log "$BUILD/odoo-uninstall.log" \
    --websocket-log "$BUILD/odoo-websocket.log" --i18n-log "$BUILD/i18n-check.log"
