#!/usr/bin/env bash
# make validate: the validation package. (1) IQ of QUALITY_DB, or of a fresh database when none is given
# (its install log must be clean); (2) OQ: the whole test suite (make test) on scratch databases;
# (3) the report, HTML and PDF (wkhtmltopdf when present), in VALIDATION_OUT (default ./validation).
# BASE=<git ref> adds the requirements whose code or tests changed since that ref.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

check_odoo
check_postgres
install_python_deps "$ROOT/requirements-test.txt"
OUT="${VALIDATION_OUT:-$ROOT/validation}"
mkdir -p "$OUT"
WORK="$(mktemp -d)"
ADDONS_PATH="$(odoo_addons_path)"
IQ_DB="${QUALITY_DB:-}"
FRESH=""
cleanup() {
    local rc=$?
    if [ -n "$FRESH" ]; then
        odoo_cmd db drop "$FRESH" >/dev/null 2>&1 || dropdb --if-exists "$FRESH" >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
    exit $rc
}
trap cleanup EXIT

info "Requirement/test consistency"
"$PYTHON" "$ROOT/scripts/validation.py" check || die "The requirements and the tests disagree (see above)."

info "Installation qualification (IQ)"
IQ_ARGS=()
if [ -z "$IQ_DB" ]; then
    FRESH="quality_iq_$$"
    IQ_DB="$FRESH"
    info "No QUALITY_DB given: installing the five addons on a fresh database '$IQ_DB'"
    odoo_cmd -d "$IQ_DB" --addons-path="$ADDONS_PATH" -i "$ADDONS" --without-demo=all --stop-after-init \
        --log-level=warn --max-cron-threads=0 >"$WORK/install.log" 2>&1 || { cat "$WORK/install.log" >&2; die "Installing the addons failed."; }
    IQ_ARGS+=(--install-log "$WORK/install.log")
fi
set +e
# shellcheck disable=SC2086
(cd / && "$PYTHON" "$ROOT/scripts/validation.py" iq --db "$IQ_DB" --out "$OUT/iq.json" "${IQ_ARGS[@]}" \
    --odoo-arg="--addons-path=$ADDONS_PATH" $(for opt in $ODOO_OPTS; do printf -- '--odoo-arg=%s ' "$opt"; done))
iq_rc=$?
set -e

info "Operational qualification (OQ): the whole test suite"
set +e
QUALITY_JUNIT_OUT="$OUT/junit.xml" bash "$ROOT/scripts/test.sh"
oq_rc=$?
set -e
[ -f "$OUT/junit.xml" ] || die "The test suite produced no JUnit result (exit $oq_rc)."

info "Report"
REPORT_ARGS=(--junit "$OUT/junit.xml" --iq "$OUT/iq.json" --out "$OUT")
[ -n "${BASE:-}" ] && REPORT_ARGS+=(--base "$BASE")
"$PYTHON" "$ROOT/scripts/validation.py" report "${REPORT_ARGS[@]}"
report_rc=$?
[ "$iq_rc" = 0 ] || die "IQ failed: see $OUT/validation_report.html"
[ "$report_rc" = 0 ] || die "High-risk requirements are not verified: see $OUT/validation_report.html"
[ "$oq_rc" = 0 ] || die "OQ: the test suite failed (exit $oq_rc): see $OUT/validation_report.html"
info "Validation package: $OUT/validation_report.html"
