#!/usr/bin/env bash
# Set up a development machine (Debian 12, Python 3.11): system packages and the .venv.
# Safe to run at every launch: it waits for another apt run to finish (dpkg lock) rather
# than failing, and skips pip when pyproject.toml has not changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" = "0" ] || sudo="sudo"
    pkgs=$(grep -vE '^\s*(#|$)' tools/debian-packages.txt | tr '\n' ' ')
    missing=""
    for p in $pkgs; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
    done
    if [ -n "$missing" ]; then
        echo "Installing Debian packages:$missing"
        # Wait up to 10 minutes for unattended-upgrades or another apt run to let go.
        lock=(-o DPkg::Lock::Timeout=600)
        $sudo apt-get "${lock[@]}" update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get "${lock[@]}" install -y -qq $missing >/dev/null
    fi
fi

python=${PYTHON:-python3.11}
command -v "$python" >/dev/null 2>&1 || python=python3
[ -x .venv/bin/python ] || "$python" -m venv .venv
# pip only when what it would install changed: the stamp holds pyproject.toml's hash.
stamp=.venv/.desk-pip-stamp
want="$(sha256sum pyproject.toml | cut -d' ' -f1) test"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || [ ! -x .venv/bin/desk-app ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e '.[test]'
    echo "$want" > "$stamp"
fi
