#!/usr/bin/env bash
# Install everything the tests need, start the services they use, run them and ruff.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh

# A local PostgreSQL for the portal service's tests on PostgreSQL (skipped if it fails).
if [ -z "${DESK_TEST_PG_URL:-}" ] && [ "$(id -u)" = "0" ] && command -v pg_ctlcluster >/dev/null 2>&1; then
    ver=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
    if [ -n "$ver" ]; then
        pg_ctlcluster "$ver" main start 2>/dev/null || true
        if su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1; then
            su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname='desk'\"" | grep -q 1 \
                || su postgres -c "psql -qc \"create role desk login password 'desk' createdb\""
            # The tests drop their databases WITH (FORCE); an autovacuum worker that has just
            # entered one may only be ended by a member of pg_signal_backend.
            su postgres -c "psql -qc 'grant pg_signal_backend to desk'" >/dev/null
            export DESK_TEST_PG_URL="postgresql://desk:desk@127.0.0.1:5432/postgres"
        fi
    fi
fi

export QT_QPA_PLATFORM=offscreen
set +e
.venv/bin/python -m pytest -q "$@"
rc=$?
if [ "$rc" -ge 128 ]; then
    # The test process itself died (a signal, e.g. SIGSEGV or SIGABRT). The one cause seen
    # so far, PySide6 6.12.0 over-releasing True/False on bool signals, is kept out by
    # pyproject.toml; a crash now is news (the trace above says where). Failing tests are
    # never retried; a crash of the whole run is, once, and said loudly.
    echo "pytest died with signal $((rc - 128)); running the suite once more" >&2
    .venv/bin/python -m pytest -q "$@"
    rc=$?
fi
set -e
if [ "$rc" = "5" ]; then
    echo "pytest collected no tests: that is a failure" >&2
    exit 1
fi
[ "$rc" = "0" ] || exit "$rc"
.venv/bin/ruff check .

# The release build and its smoke test (installer/build.sh, about 7 minutes on two cores:
# fresh build venv, PyInstaller, .deb, then --version, doctor against the bundled portal,
# and a screenshot with the header's texts). CI sets CI=true; DESK_BUILD=1 asks for it
# locally, DESK_SKIP_BUILD=1 skips it.
if { [ "${CI:-}" = "true" ] || [ -n "${DESK_BUILD:-}" ]; } && [ -z "${DESK_SKIP_BUILD:-}" ]; then
    bash installer/build.sh
fi
