#!/usr/bin/env bash
# make bench: build data on a scratch database and print, per operation, SQL queries and median
# wall time as ratios against the same operation without the quality gate (stock Odoo).
# Then the load section (scripts/bench_load.py): the gates under 16 concurrent users against stock.
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
    dropdb --if-exists "${DB}_load" >/dev/null 2>&1 || true
    exit $rc
}
trap cleanup EXIT
info "Scratch database '$DB' with the five addons (no demo data)"
odoo_cmd -d "$DB" --addons-path="$ADDONS_PATH" -i "$ADDONS" --without-demo=all --stop-after-init \
    --log-level=warn --max-cron-threads=0 || die "Installing the addons on '$DB' failed."
cd "$ROOT"
rc=0
"$PYTHON" "$ROOT/scripts/bench.py" --database "$DB" --addons-path "$ADDONS_PATH" -- $ODOO_OPTS "$@" || rc=$?
# Load section: a copy of the same fresh database, a --workers=4 server with crons, 16 clients, gated and
# stock phases alternating, 180 s a mode in four rounds (about 10 minutes). QUALITY_BENCH_LOAD_ARGS passes options, e.g. "--clients 4 --seconds 20".
info "Load: scripts/bench_load.py on a copy of '$DB'"
# shellcheck disable=SC2086
"$PYTHON" "$ROOT/scripts/bench_load.py" --template "$DB" --database "${DB}_load" --addons-path "$ADDONS_PATH" \
    ${QUALITY_BENCH_LOAD_ARGS:-} -- $ODOO_OPTS || { load_rc=$?; [ "$rc" -ne 0 ] || rc=$load_rc; }
exit $rc
