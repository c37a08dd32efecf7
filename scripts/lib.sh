#!/usr/bin/env bash
# Shared checks for scripts/run.sh, scripts/test.sh and scripts/bench.sh.
# Environment: PYTHON (default python3), PG* (standard libpq variables),
# ODOO_OPTS (extra Odoo command-line options, e.g. "--db_host=db --db_port=5433").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
ODOO_OPTS="${ODOO_OPTS:-}"
ADDONS="quality_documents,quality_training,quality_capa,quality_supplier,quality_audit"

die() {
    echo "ERROR: $*" >&2
    exit 2
}

info() {
    echo "==> $*"
}

check_odoo() {
    command -v "$PYTHON" >/dev/null 2>&1 || die "'$PYTHON' not found. Set PYTHON to the Python that has Odoo 18.0 installed."
    local series
    if ! series="$(cd / && timeout 60 "$PYTHON" -c 'import odoo.release as r; print(r.series)' 2>/dev/null)"; then
        die "Odoo 18.0 Community is required: '$PYTHON -c \"import odoo\"' fails. Install Odoo 18.0 (see README, Prerequisites) into that Python, or set PYTHON to one that has it."
    fi
    [ "$series" = "18.0" ] || die "Odoo 18.0 is required, but '$PYTHON' imports Odoo $series."
}

check_postgres() {
    # libpq reads PGHOST, PGPORT, PGUSER, PGPASSWORD; ODOO_OPTS may carry --db_host etc. for Odoo itself.
    if ! "$PYTHON" - "$ODOO_OPTS" <<'PY' 2>/tmp/quality-pgcheck.$$; then
import shlex, sys
import psycopg2
from odoo.tools import config
config.parse_config(shlex.split(sys.argv[1]))
kw = {"dbname": "postgres", "connect_timeout": 5}
for key in ("host", "port", "user", "password"):
    value = config["db_" + key]
    if value:
        kw[key] = value
psycopg2.connect(**kw).close()
PY
        local why
        why="$(tail -n 3 /tmp/quality-pgcheck.$$ 2>/dev/null)"
        rm -f /tmp/quality-pgcheck.$$
        die "PostgreSQL is not reachable (${why:-no answer}). Start PostgreSQL, or point the commands at your server with PGHOST/PGPORT/PGUSER/PGPASSWORD or ODOO_OPTS=\"--db_host=... --db_port=...\"."
    fi
    rm -f /tmp/quality-pgcheck.$$
}

install_python_deps() {
    # $1: requirements file. Installs into the Python that has Odoo, only what is missing.
    local req="$1"
    if ! "$PYTHON" "$ROOT/scripts/check_requirements.py" "$req" >/dev/null 2>&1; then
        info "Installing missing Python packages from $(basename "$req") into $PYTHON"
        "$PYTHON" -m pip install --quiet --disable-pip-version-check -r "$req" || die "pip could not install $(basename "$req")."
    fi
}

odoo_addons_path() {
    # Odoo's own addons path, with this repository in front.
    local base
    base="$(cd / && "$PYTHON" -c 'from odoo.tools import config; config.parse_config([]); print(config["addons_path"])')"
    echo "$ROOT,$base"
}

odoo_cmd() {
    # Runs Odoo's command line from the Python that has Odoo (no dependence on odoo-bin being on PATH).
    # shellcheck disable=SC2086
    "$PYTHON" -c 'import sys; sys.argv[0] = "odoo"; import odoo.cli; odoo.cli.main()' "$@" $ODOO_OPTS
}

db_exists() {
    "$PYTHON" - "$1" "$ODOO_OPTS" <<'PY'
import shlex, sys
import psycopg2
from odoo.tools import config
config.parse_config(shlex.split(sys.argv[2]))
kw = {"dbname": "postgres"}
for key in ("host", "port", "user", "password"):
    if config["db_" + key]:
        kw[key] = config["db_" + key]
with psycopg2.connect(**kw) as cn, cn.cursor() as cr:
    cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [sys.argv[1]])
    sys.exit(0 if cr.fetchone() else 1)
PY
}
