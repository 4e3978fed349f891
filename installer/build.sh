#!/usr/bin/env bash
# Build the Linux release: dist/desk-app/ (PyInstaller one-folder) and
# dist/desk-app_<version>_amd64.deb, then smoke-test what was built.
#
#   bash installer/build.sh            # build + smoke test
#   SKIP_BUILD=1 bash installer/build.sh   # smoke-test an existing dist/ only
#
# The build venv (build/venv) gets the application (`pip install .`) and PyInstaller,
# nothing else: no pytest, ruff, hypothesis or certomancer can end up in the bundle.
# It is made anew when pyproject.toml changes. Keep in step with
# .github/workflows/windows-installer.yml, which builds the same spec on Windows.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

python=${PYTHON:-python3.11}
command -v "$python" >/dev/null 2>&1 || python=python3
PYINSTALLER_SPEC="pyinstaller>=6.10,<7"
venv=build/venv
version=$("$python" -c 'import tomllib;print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
deb=dist/desk-app_${version}_amd64.deb
start=$(date +%s)

log() { printf '[build] %s\n' "$*"; }

# The Debian packages of the system libraries the binaries under $1 load, less those
# installer/linux/control already names, as "a, b, c".
system_packages() (
    set +o pipefail
    bundle=$1
    export LD_LIBRARY_PATH="$bundle/_internal:$bundle/_internal/PySide6/Qt/lib"
    find "$bundle" -type f \( -name '*.so*' -o -name desk-app \) -print0 \
        | xargs -0 ldd 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3}' \
        | grep -v "^$bundle/" | sort -u | while read -r lib; do
            for path in "$lib" "/usr${lib#/usr}" "$(readlink -f "$lib")"; do
                pkg=$(dpkg-query -S "$path" 2>/dev/null | head -1 | cut -d: -f1)
                if [ -n "$pkg" ]; then echo "$pkg"; break; fi
            done
        done | sort -u \
        | grep -vxF -f <(sed -n 's/^Depends://p' installer/linux/control | tr ',' '\n' \
                          | awk 'NF {print $1}') \
        | paste -sd, | sed 's/,/, /g'
)

if [ -z "${SKIP_BUILD:-}" ]; then
    stamp="$(sha256sum pyproject.toml | cut -d' ' -f1) $PYINSTALLER_SPEC"
    if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.build-stamp" 2>/dev/null)" != "$stamp" ]; then
        log "build venv anew ($venv)"
        rm -rf "$venv"
        "$python" -m venv "$venv"
        "$venv/bin/python" -m pip install -q --upgrade pip
        "$venv/bin/python" -m pip install -q . "$PYINSTALLER_SPEC"
        echo "$stamp" > "$venv/.build-stamp"
    else
        # The code may have changed since: reinstall the project only (metadata, version).
        "$venv/bin/python" -m pip install -q --no-deps --force-reinstall .
    fi
    for tool in pytest hypothesis ruff certomancer pytest_qt aiosmtpd; do
        if "$venv/bin/python" -c "import importlib.util,sys;sys.exit(importlib.util.find_spec('$tool') is None)"; then
            echo "build venv holds a test tool ($tool): refusing to build" >&2
            exit 1
        fi
    done

    log "PyInstaller (one folder)"
    rm -rf dist/desk-app build/pyinstaller
    "$venv/bin/pyinstaller" --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller installer/desk-app.spec
    built_at=$(date +%s)
    log "PyInstaller took $((built_at - start)) s"

    bad=$(find dist/desk-app -maxdepth 3 \( -iname 'pytest*' -o -iname '_pytest' -o \
        -iname 'hypothesis*' -o -iname 'ruff*' -o -iname 'certomancer*' \) | head -5)
    if [ -n "$bad" ]; then
        echo "test tools in the bundle:" >&2
        echo "$bad" >&2
        exit 1
    fi

    log "Debian package $deb"
    stage=build/deb
    rm -rf "$stage"
    mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
        "$stage/usr/share/icons/hicolor/256x256/apps"
    cp -a dist/desk-app "$stage/opt/desk-app"
    ln -s /opt/desk-app/desk-app "$stage/usr/bin/desk-app"
    install -m 644 installer/linux/desk-app.desktop "$stage/usr/share/applications/"
    install -m 644 installer/desk-app.png "$stage/usr/share/icons/hicolor/256x256/apps/"
    size_kb=$(du -sk "$stage" | cut -f1)
    # What the bundle's binaries load from the system (the spec leaves system libraries
    # out): their Debian packages become Depends, on top of installer/linux/control's.
    depends=$(system_packages "$stage/opt/desk-app")
    log "Depends found with ldd: $depends"
    sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size_kb/" -e "s/@DEPENDS@/$depends/" \
        installer/linux/control > "$stage/DEBIAN/control"
    install -m 755 installer/linux/postinst installer/linux/postrm "$stage/DEBIAN/"
    # zstd: as small as xz within a few per cent, minutes faster on two cores (dpkg ≥ 1.21.18,
    # Debian 12 and Ubuntu 22.04 read it).
    rm -f "$deb"
    dpkg-deb --root-owner-group -Zzstd -z9 --build "$stage" "$deb" >/dev/null
    end=$(date +%s)
    log "build time: $((end - start)) s"
fi

[ -x dist/desk-app/desk-app ] || { echo "dist/desk-app/desk-app is missing" >&2; exit 1; }
log "folder: $(du -sh dist/desk-app | cut -f1)  .deb: $(du -h "$deb" 2>/dev/null | cut -f1)"

# ---- smoke test of what was built (not of the checkout) ----
app=dist/desk-app/desk-app
smoke=build/smoke
rm -rf "$smoke"
mkdir -p "$smoke"
# No source tree on the path: the bundle must stand alone.
cd "$smoke"
export HOME=$ROOT/$smoke/home PYTHONPATH=
mkdir -p "$HOME"

log "smoke: --version"
"$ROOT/$app" --version

log "smoke: portal (the bundled one, on a free loopback port)"
port=$("$ROOT/$venv/bin/python" -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
"$ROOT/$app" portal --port "$port" --db "sqlite:///$PWD/portal.sqlite3" --seed minimal \
    > portal.log 2>&1 &
portal_pid=$!
trap 'kill "$portal_pid" 2>/dev/null || true' EXIT
for _ in $(seq 300); do  # up to 60 s for the portal to accept connections
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 "$portal_pid" 2>/dev/null || { cat portal.log >&2; echo "the portal died" >&2; exit 1; }
    sleep 0.2
done
(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "portal never listened" >&2; exit 1; }

log "smoke: doctor --json"
if "$ROOT/$app" --help | grep -qE '^\s+doctor\s'; then
    set +e
    "$ROOT/$app" doctor --json --portal "http://127.0.0.1:$port" > doctor.json
    rc=$?
    set -e
    # 0 all good, 1 warnings, 2 something blocks work: each is an answer; more is a crash.
    [ "$rc" -le 2 ] || { echo "doctor exited $rc" >&2; exit 1; }
    "$ROOT/$venv/bin/python" - "$rc" <<'PY'
import json, sys
report = json.load(open("doctor.json"))
print(f"doctor --json: exit code {sys.argv[1]}, status {report['status']}")
for check in report["checks"]:
    print(f"  {check['status']:<5} {check['id']:<10} {check['summary']}")
portal = next(c for c in report["checks"] if c["id"] == "portal")
if portal["status"] == "fail":
    sys.exit("the built doctor could not reach the built portal")
PY
else
    log "doctor is not in this build yet (desk-app doctor not written): step skipped"
fi

log "smoke: demo --screenshot (offscreen)"
QT_QPA_PLATFORM=offscreen "$ROOT/$app" demo --screenshot shot.png
"$ROOT/$venv/bin/python" "$ROOT/installer/check_screenshot.py" shot.png
kill "$portal_pid" 2>/dev/null || true
wait "$portal_pid" 2>/dev/null || true
trap - EXIT
cd "$ROOT"
cp "$smoke/shot.png" dist/smoke-screenshot.png
log "smoke test passed; screenshot: dist/smoke-screenshot.png"
