#!/usr/bin/env bash
# make bench: build data on a scratch database and print, per operation, SQL queries and median
# wall time as ratios against the same operation without the quality gate (stock Odoo).
# Exits non-zero when a budget is missed. Not part of `make test`.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

check_odoo
check_postgres
install_python_deps "$ROOT/requirements.txt"
DB="${QUALITY_BENCH_DB:-quality_bench_$$}"
ADDONS_PATH="$(odoo_addons_path)"
cleanup() {
    local rc=$?
    dropdb --if-exists "$DB" >/dev/null 2>&1 || true
    exit $rc
}
trap cleanup EXIT
info "Scratch database '$DB' with the five addons (no demo data)"
odoo_cmd -d "$DB" --addons-path="$ADDONS_PATH" -i "$ADDONS" --without-demo=all --stop-after-init \
    --log-level=warn --max-cron-threads=0 || die "Installing the addons on '$DB' failed."
cd "$ROOT"
"$PYTHON" "$ROOT/scripts/bench.py" --database "$DB" --addons-path "$ADDONS_PATH" -- $ODOO_OPTS "$@"
