#!/usr/bin/env bash
# make run: create (if missing) a database with the five quality addons and demo data,
# then serve Odoo on http://localhost:${HTTP_PORT:-8069}.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB="${QUALITY_DB:-quality_demo}"
HTTP_PORT="${HTTP_PORT:-8069}"

check_odoo
check_postgres
install_python_deps "$ROOT/requirements.txt"
command -v wkhtmltopdf >/dev/null 2>&1 \
    || info "wkhtmltopdf is not installed: the PDF reports will open as HTML (README, Prerequisites)."
ADDONS_PATH="$(odoo_addons_path)"

if db_exists "$DB"; then
    info "Database '$DB' exists: reusing it (updating the quality addons)."
    odoo_cmd -d "$DB" --addons-path="$ADDONS_PATH" -u "$ADDONS" --stop-after-init --log-level=warn \
        || die "Updating the quality addons in '$DB' failed (see the log above)."
else
    info "Creating database '$DB' with the five quality addons and demo data (a few minutes)."
    odoo_cmd -d "$DB" --addons-path="$ADDONS_PATH" -i "$ADDONS" --stop-after-init --log-level=warn \
        || die "Creating '$DB' failed (see the log above)."
fi

cat <<MSG

  Quality for Odoo is starting on http://localhost:$HTTP_PORT
  Database: $DB    Login: admin    Password: admin   (quality manager)
  Demo story (Meditec, infusion pumps) users, password = login:
    elena (quality engineer), maria (operator, not yet trained on the new assembly instruction),
    paul (trainer), buyer (purchasing: Raj Patel), alpine.quality (vendor portal: a SCAR to answer)
  Stop with Ctrl+C.

MSG
exec "$PYTHON" -c 'import sys; sys.argv[0] = "odoo"; import odoo.cli; odoo.cli.main()' \
    -d "$DB" --db-filter="^${DB}\$" --addons-path="$ADDONS_PATH" --http-port="$HTTP_PORT" $ODOO_OPTS
