#!/usr/bin/env bash
# make test: lint, then a fresh database with the five quality addons, every test of every addon
# and of tests/ through pytest (pytest-odoo), browser tests included; then Odoo's own tests with our
# addons and the install/upgrade/uninstall check (scripts/compat.sh); the databases are dropped at the end.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

check_odoo
check_postgres
install_python_deps "$ROOT/requirements-test.txt"

# --- Chromium for the browser tests (HttpCase) ---------------------------------------------
find_chromium() {
    local exe
    for exe in chromium chromium-browser google-chrome google-chrome-stable; do
        command -v "$exe" >/dev/null 2>&1 && return 0
    done
    return 1
}
if ! find_chromium; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        info "Chromium is missing: installing Debian's chromium package for the browser tests."
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null \
            || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; } \
            || die "Installing chromium with apt-get failed."
    fi
    find_chromium || die "Chromium is required for the browser tests. Install it (Debian/Ubuntu: 'sudo apt-get install chromium') and run again."
fi

# --- Lint ------------------------------------------------------------------------------------
cd "$ROOT"
info "Lint: ruff check, ruff format --check, pylint-odoo (mandatory checks)"
"$PYTHON" -m ruff check . || die "ruff check found problems."
"$PYTHON" -m ruff format --check . || die "ruff format --check: run 'python3 -m ruff format .'."
"$PYTHON" -m pylint --rcfile="$ROOT/.pylintrc" quality_documents quality_training quality_capa quality_supplier quality_audit \
    || die "pylint-odoo found problems."
info "Requirements and tests agree (tests/validation/requirements.yaml, @verifies)"
"$PYTHON" "$ROOT/scripts/validation.py" check || die "The requirements and the tests disagree (see above)."

# --- Fresh database --------------------------------------------------------------------------
DB="${QUALITY_TEST_DB:-quality_test_$$}"
WORK="$(mktemp -d)"
CONF="$WORK/odoo.conf"
trap 'cleanup' EXIT

ADDONS_PATH="$(odoo_addons_path)"
NODEMO_DB="${DB}_nodemo"
COMPAT_FROM="${DB}_compat_from"
cleanup() {
    local rc=$?
    info "Dropping test databases $DB, $NODEMO_DB and $COMPAT_FROM"
    for db in "$DB" "$NODEMO_DB" "$COMPAT_FROM"; do
        odoo_cmd db drop "$db" >/dev/null 2>&1 || dropdb --if-exists "$db" >/dev/null 2>&1 || true
    done
    rm -rf "$WORK"
    exit $rc
}

install_clean() {
    # install_clean LABEL LOG ARGS...: install the five addons, fail on any warning in the log.
    local label="$1" log="$2"
    shift 2
    info "Installing the five addons $label"
    odoo_cmd "$@" --addons-path="$ADDONS_PATH" -i "$ADDONS" --stop-after-init \
        --log-level=warn --max-cron-threads=0 2>&1 | tee "$log"
    [ "${PIPESTATUS[0]}" = 0 ] || die "Installing the addons $label failed."
    if grep -E " (WARNING|ERROR|CRITICAL) " "$log" | grep -vE "Running as user 'root'" >"$log.warnings"; then
        echo "The installation $label logged warnings or errors:" >&2
        cat "$log.warnings" >&2
        die "Installing the addons must log no warning (missing access rules, bad views, deprecated syntax)."
    fi
    info "Install log clean ($label): no warning, no error."
}

install_clean "without demo data on a fresh database '$NODEMO_DB'" "$WORK/install-nodemo.log" \
    -d "$NODEMO_DB" --without-demo=all
# Copied now, before any test writes to it: the database of Odoo's own tests in scripts/compat.sh.
createdb -T "$NODEMO_DB" "$COMPAT_FROM" || die "Copying $NODEMO_DB to $COMPAT_FROM failed."
# The no-demo database stays for tests/test_multiworker.py (a server with --workers=2 on committed
# data that no other test uses); the cleanup drops it at the end.
export QUALITY_SCRATCH_DB="$NODEMO_DB"
: >"$CONF"
install_clean "with demo data on a fresh database '$DB'" "$WORK/install.log" -c "$CONF" --save -d "$DB"

# --- Tests -----------------------------------------------------------------------------------
info "Running every test with pytest-odoo (browser tests in headless Chromium)"
set +e
"$PYTHON" -m pytest -c "$ROOT/setup.cfg" --rootdir="$ROOT" --odoo-config="$CONF" --odoo-database="$DB" \
    --odoo-http --odoo-log-level=warn --junitxml="$WORK/junit.xml" \
    quality_documents quality_training quality_capa quality_supplier quality_audit tests "$@"
rc=$?
set -e
"$PYTHON" "$ROOT/scripts/test_summary.py" "$WORK/junit.xml" || rc=1
[ -n "${QUALITY_JUNIT_OUT:-}" ] && cp "$WORK/junit.xml" "$QUALITY_JUNIT_OUT"
[ "$rc" = 5 ] && { echo "ERROR: pytest collected no test." >&2; rc=1; }

# --- Odoo's own tests with our addons; install, upgrade, uninstall with history (issue 15) ----
# After the main run (not beside it: two lanes of its own on a 2-core machine; browser tours on ports
# QUALITY_COMPAT_PORT and the next, default 8069 and 8070, free again once the main run is over).
set +e
QUALITY_COMPAT_DB="${DB}_compat" QUALITY_COMPAT_FROM="$COMPAT_FROM" bash "$ROOT/scripts/compat.sh"
compat_rc=$?
set -e
[ "$compat_rc" = 0 ] || rc=1
exit "$rc"
