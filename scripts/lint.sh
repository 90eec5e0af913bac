#!/usr/bin/env bash
# make lint: ruff (format check + lint) and pylint-odoo with the OCA 18.0 blocking checks.
# pylint-odoo expects <path>/<technical name>/ (and resolves symlinks): it runs on a copy
# of the tracked and new files in $WORK/lint/l10n_fr_credit_collection (outside the checkout).
# shellcheck source=scripts/common.sh
source "$(dirname "$0")/common.sh"
"$ROOT/scripts/setup.sh"
cd "$ROOT"
"$VENV/bin/ruff" format --check .
"$VENV/bin/ruff" check --no-fix .
rm -rf "$WORK/lint" && mkdir -p "$WORK/lint/$ADDON"
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$WORK/lint/$ADDON"
cd "$WORK/lint"
git init -q && git add -A  # pylint-odoo asks git about the files
"$VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" "$ADDON"
cd "$ADDON/queue_job_bridge"  # the bridge addon (see README), next to its own name
"$VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" "$BRIDGE"
log "lint passed"
