#!/usr/bin/env bash
# Part of make test (issue 15): Odoo's own tests of purchase, purchase_stock, mrp, stock and hr, run with
# pytest-odoo on a database without demo data where the five addons are installed, must pass wherever
# they pass on the same Odoo without our addons; and the five addons install, upgrade twice and
# partly uninstall cleanly on a database that has Odoo's demo history (tests/compat/install_history_check.py).
#
# Two lanes, in parallel (a 2-core machine), each with its own HTTP port for the browser tours:
#   A (port P):   install the five addons (no demo) on OURS, copy it to OURS_2; Odoo's tests, shard 1, on OURS;
#                 then the install/upgrade/uninstall check on a database with history.
#   B (port P+1): install purchase_stock, mrp, hr, survey, portal (our addons' Odoo dependencies; no demo) on
#                 STOCK; run there the tests that tests/compat/known_stock_failures.txt lists (each must end as
#                 listed); then Odoo's tests, shard 2, on OURS_2.
# Then scripts/compat.py compares; any test that did not pass with ours and is not listed is re-run
# on STOCK, to say whether it is a regression of ours or a stock failure missing from the list.
# Environment: QUALITY_COMPAT_DB (prefix of the databases, default quality_compat_<pid>), QUALITY_COMPAT_PORT
# (P above, default 8069; P and P+1 must be free),
# QUALITY_COMPAT_LOGS (a directory: keep the logs and JUnit files there), QUALITY_COMPAT_FROM (scripts/test.sh:
# a database where the five addons were just installed without demo data and nothing else happened; copied
# instead of installing them again), and lib.sh's.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
check_odoo
check_postgres
install_python_deps "$ROOT/requirements-test.txt"

PREFIX="${QUALITY_COMPAT_DB:-quality_compat_$$}"
OURS="${PREFIX}_ours"
OURS_2="${PREFIX}_ours2"
STOCK="${PREFIX}_stock"
HISTORY="${PREFIX}_history"
KNOWN="$ROOT/tests/compat/known_stock_failures.txt"
ODOO_MODULES="purchase_stock,mrp,hr,survey,portal"
TESTED="${QUALITY_COMPAT_MODULES:-purchase purchase_stock mrp stock hr}"  # override: developers, a quick check
SHARD_1="stock hr"  # about as many tests (and minutes) as purchase, purchase_stock and mrp
CWORK="$(mktemp -d)"
ADDONS_PATH="$(odoo_addons_path)"
STOCK_ADDONS_PATH="${ADDONS_PATH#"$ROOT",}"
PORT_A="${QUALITY_COMPAT_PORT:-8069}"
PORT_B=$((PORT_A + 1))
START=$SECONDS

compat_cleanup() {
    local rc=$?
    for db in "$OURS" "$OURS_2" "$STOCK" "$HISTORY"; do
        dropdb --if-exists --force "$db" >/dev/null 2>&1 || odoo_cmd db drop "$db" >/dev/null 2>&1 || true
    done
    if [ -n "${QUALITY_COMPAT_LOGS:-}" ]; then  # keep the logs and JUnit files (developers)
        mkdir -p "$QUALITY_COMPAT_LOGS" && cp "$CWORK"/*.log "$CWORK"/*.xml "$QUALITY_COMPAT_LOGS"/ 2>/dev/null || true
    fi
    rm -rf "$CWORK"
    exit $rc
}
trap compat_cleanup EXIT

elapsed() { printf '%dm%02ds' $(((SECONDS - START) / 60)) $(((SECONDS - START) % 60)); }

# A neutral directory: no setup.cfg of ours, pytest's rootdir is here, not inside an addons directory.
# junit_family=xunit1: each testcase names its file, hence its addon (scripts/compat.py).
printf '[pytest]\naddopts = -p no:cacheprovider\njunit_family = xunit1\n' >"$CWORK/pytest.ini"
for port in "$PORT_A" "$PORT_B"; do printf '[options]\nhttp_port = %s\n' "$port" >"$CWORK/odoo-$port.conf"; done
cd "$CWORK"

odoo_pytest() {
    # odoo_pytest PORT DB ADDONS_PATH JUNIT LOG TESTS...: Odoo's tests through pytest-odoo, browser tests
    # included (their server on PORT).
    local port="$1" db="$2" path="$3" junit="$4" log="$5"
    shift 5
    local rc=0
    "$PYTHON" -m pytest -c "$CWORK/pytest.ini" --rootdir="$CWORK" -q -ra --odoo-database="$db" \
        --odoo-config="$CWORK/odoo-$port.conf" \
        --odoo-addons-path="$path" --odoo-http --odoo-log-level=warn --junitxml="$junit" "$@" >"$log" 2>&1 || rc=$?
    # 0: all passed, 1: some failed (compared below); anything else (no test, crash) is an error here.
    [ "$rc" -le 1 ] || { tail -n 40 "$log" >&2; echo "pytest on $db exited $rc (log: above)" >&2; }
    return "$rc"
}

install() {
    # install DB ADDONS_PATH MODULES LOG
    odoo_cmd -d "$1" --addons-path="$2" -i "$3" --without-demo=all --stop-after-init --log-level=warn \
        --max-cron-threads=0 >"$4" 2>&1 || { tail -n 40 "$4" >&2; return 1; }
}

test_dir() {
    # The tests/ directory of an Odoo module, found on Odoo's addons path.
    local dir
    for dir in ${STOCK_ADDONS_PATH//,/ }; do
        [ -d "$dir/$1/tests" ] && { echo "$dir/$1/tests"; return 0; }
    done
    die "Odoo's tests of $1 not found on $STOCK_ADDONS_PATH."
}
DIRS_1=() DIRS_2=() ODOO_DIRS=""
for module in $TESTED; do
    dir="$(test_dir "$module")"
    case " $SHARD_1 " in *" $module "*) DIRS_1+=("$dir") ;; *) DIRS_2+=("$dir") ;; esac
    ODOO_DIRS="$ODOO_DIRS $(dirname "$(dirname "$dir")")"
done
DIR_ARGS=()
for dir in $(echo "$ODOO_DIRS" | tr ' ' '\n' | sort -u); do DIR_ARGS+=(--addons-dir "$dir"); done
COMPARE=("$PYTHON" "$ROOT/scripts/compat.py")
MODULES_ARG=(--modules "$TESTED")

info "Compatibility: Odoo's own tests of ${TESTED// /, } with our addons, against stock Odoo (two lanes in parallel)"

history_check() {
    # Its own result (history.ok): it runs whatever happened before it.
    QUALITY_HISTORY_DB="$HISTORY" QUALITY_ADDONS_PATH="$ADDONS_PATH" "$PYTHON" -m pytest -c "$CWORK/pytest.ini" \
        --rootdir="$CWORK" -p no:odoo -q -ra --junitxml="$CWORK/history.xml" "$ROOT/tests/compat/install_history_check.py" \
        >"$CWORK/history.log" 2>&1 && touch "$CWORK/history.ok"
    echo "    [history] install, upgrade twice, uninstall on a database with Odoo's demo history ($(elapsed))"
}

lane_ours() {
    local rc=0
    local made
    if [ -n "${QUALITY_COMPAT_FROM:-}" ]; then  # make test: its fresh no-demo database, copied before use
        made="copied from $QUALITY_COMPAT_FROM"
        createdb -T "$QUALITY_COMPAT_FROM" "$OURS" || made=""
    else
        made="installed without demo data"
        install "$OURS" "$ADDONS_PATH" "$ADDONS" "$CWORK/install-ours.log" || made=""
    fi
    if [ -n "$made" ] && createdb -T "$OURS" "$OURS_2"; then
        touch "$CWORK/ours2.ready"
        echo "    [ours]  five addons $made, copied ($(elapsed))"
        if [ "${#DIRS_1[@]}" -gt 0 ]; then
            odoo_pytest "$PORT_A" "$OURS" "$ADDONS_PATH" "$CWORK/ours-1.xml" "$CWORK/ours-1.log" "${DIRS_1[@]}" || rc=$?
        fi
        echo "    [ours]  Odoo's tests, shard 1 (${SHARD_1}), done ($(elapsed))"
    else
        touch "$CWORK/ours2.failed"
        echo "installing our addons failed" >&2
        rc=2
    fi
    history_check
    [ "$rc" -le 1 ]
}

lane_stock() {
    local rc=0 rc2=0
    if install "$STOCK" "$STOCK_ADDONS_PATH" "$ODOO_MODULES" "$CWORK/install-stock.log"; then
        echo "    [stock] $ODOO_MODULES installed without demo data ($(elapsed))"
        mapfile -t listed < <("${COMPARE[@]}" nodeids "$KNOWN" "${MODULES_ARG[@]}" "${DIR_ARGS[@]}")
        if [ "${#listed[@]}" -gt 0 ]; then
            odoo_pytest "$PORT_B" "$STOCK" "$STOCK_ADDONS_PATH" "$CWORK/stock.xml" "$CWORK/stock.log" "${listed[@]}" || rc=$?
        fi
        echo "    [stock] the ${#listed[@]} listed tests run on stock Odoo ($(elapsed))"
    else
        echo "installing stock Odoo failed" >&2
        rc=2
    fi
    while [ ! -e "$CWORK/ours2.ready" ] && [ ! -e "$CWORK/ours2.failed" ]; do sleep 2; done
    if [ -e "$CWORK/ours2.ready" ] && [ "${#DIRS_2[@]}" -gt 0 ]; then
        odoo_pytest "$PORT_B" "$OURS_2" "$ADDONS_PATH" "$CWORK/ours-2.xml" "$CWORK/ours-2.log" "${DIRS_2[@]}" || rc2=$?
        echo "    [ours]  Odoo's tests, shard 2, done ($(elapsed))"
    fi
    [ -e "$CWORK/ours2.ready" ] && [ "$rc" -le 1 ] && [ "$rc2" -le 1 ]
}

set +e
lane_ours &
OURS_PID=$!
lane_stock
stock_rc=$?
wait "$OURS_PID"
ours_rc=$?
set -e

rc=0
# Tests that did not pass with ours and are not listed: run them on stock Odoo to tell which it is.
if [ "$ours_rc" = 0 ] && [ "$stock_rc" = 0 ]; then
    mapfile -t unlisted < <("${COMPARE[@]}" nodeids-of "$KNOWN" --junit "$CWORK/ours-1.xml" --junit "$CWORK/ours-2.xml" \
        "${DIR_ARGS[@]}")
    if [ "${#unlisted[@]}" -gt 0 ]; then
        info "Re-running on stock Odoo the ${#unlisted[@]} tests that failed with our addons and are not listed"
        odoo_pytest "$PORT_A" "$STOCK" "$STOCK_ADDONS_PATH" "$CWORK/stock-unlisted.xml" "$CWORK/stock-unlisted.log" \
            "${unlisted[@]}" || true
    fi
    "${COMPARE[@]}" check "$KNOWN" "${MODULES_ARG[@]}" --ours "$CWORK/ours-1.xml" --ours "$CWORK/ours-2.xml" \
        --stock "$CWORK/stock.xml" --stock-unlisted "$CWORK/stock-unlisted.xml" || rc=1
else
    echo "Compatibility with Odoo's own tests: FAILED (a lane could not run: see above)"
    rc=1
fi

if [ -f "$CWORK/history.ok" ]; then
    tail -n 1 "$CWORK/history.log"
    echo "Install, upgrade twice and uninstall on a database with history: OK"
else
    if [ -f "$CWORK/history.log" ]; then
        sed -n '/= \(FAILURES\|ERRORS\) =/,$p' "$CWORK/history.log" | grep -v '^  File\|^    ' | head -n 200
    fi
    echo "Install, upgrade twice and uninstall on a database with history: FAILED"
    rc=1
fi
info "Compatibility run took $(elapsed)"
exit "$rc"
