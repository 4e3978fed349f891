"""Fixtures of the end-to-end journeys: the UI tests' fixtures (a real portal service
on a loopback port, offscreen Qt) plus this folder's journey helpers."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "ui"))
sys.path.insert(0, str(Path(__file__).parent))

from journeys import tokens  # noqa: F401
from ui_fixtures import *  # noqa: F403
