"""Fixtures of the UI tests (shared with tests/e2e through ui_fixtures)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from ui_fixtures import *  # noqa: F403
