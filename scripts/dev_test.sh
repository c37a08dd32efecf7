#!/usr/bin/env bash
# Developer loop: scripts/dev_test.sh DB ADDON [pytest args...]
# Creates DB (from the template database $TEMPLATE_DB when it exists, else empty) if missing,
# installs or updates ADDON (and what it depends on), then runs ADDON's tests with pytest-odoo.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DB="$1"; ADDON="$2"; shift 2
TEMPLATE_DB="${TEMPLATE_DB:-qbase}"
ADDONS_PATH="$(odoo_addons_path)"
if ! db_exists "$DB"; then
    if db_exists "$TEMPLATE_DB"; then createdb -T "$TEMPLATE_DB" "$DB"; fi
    odoo_cmd -d "$DB" --addons-path="$ADDONS_PATH" -i "$ADDON" --stop-after-init --log-level=warn
elif [ -z "${NO_UPDATE:-}" ]; then
    odoo_cmd -d "$DB" --addons-path="$ADDONS_PATH" -u "$ADDON" --stop-after-init --log-level=warn
fi
cd "$ROOT"
exec "$PYTHON" -m pytest -c "$ROOT/setup.cfg" --rootdir="$ROOT" --odoo-database="$DB" \
    --odoo-addons-path="$ADDONS_PATH" --odoo-http --odoo-log-level=warn "$ROOT/$ADDON/tests" "$@"
