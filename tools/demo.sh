#!/usr/bin/env bash
# Set up a fresh Debian machine (Python 3.11) and start the application on its
# embedded demo portal. Extra arguments go to `desk-app demo` (e.g. --screenshot F.png).
# After the first run setup.sh takes about a second: it installs Debian packages only
# when one is missing and runs pip only when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
exec .venv/bin/desk-app demo "$@"
